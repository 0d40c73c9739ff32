//! The index files' encoding primitives: the magic and kind byte every file opens with, LEB128
//! varints, length-prefixed UTF-8 strings and little-endian `f32` scores.

/// First bytes of every file, with the format version.
pub const MAGIC: &[u8; 4] = b"BSX1";

/// Why a file could not be decoded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FormatError(pub &'static str);

impl std::fmt::Display for FormatError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "malformed search file: {}", self.0)
    }
}

impl std::error::Error for FormatError {}

/// What decoding returns.
pub(crate) type Result<T> = std::result::Result<T, FormatError>;

/// Appends values to a byte buffer.
#[derive(Debug, Default)]
pub struct Writer(pub Vec<u8>);

impl Writer {
    /// A buffer that starts with [`MAGIC`] and a kind byte.
    pub fn new(kind: u8) -> Writer {
        let mut w = Writer(MAGIC.to_vec());
        w.0.push(kind);
        w
    }
    /// An unsigned LEB128 varint.
    pub fn varint(&mut self, mut v: u64) {
        loop {
            let b = (v & 0x7f) as u8;
            v >>= 7;
            if v == 0 {
                self.0.push(b);
                return;
            }
            self.0.push(b | 0x80);
        }
    }
    /// A length-prefixed string.
    pub fn str(&mut self, s: &str) {
        self.varint(s.len() as u64);
        self.0.extend_from_slice(s.as_bytes());
    }
    /// An `f32`, bit for bit.
    pub fn f32(&mut self, v: f32) {
        self.0.extend_from_slice(&v.to_le_bytes());
    }
}

/// Reads values back.
#[derive(Debug)]
pub struct Reader<'a> {
    buf: &'a [u8],
    pos: usize,
}

impl<'a> Reader<'a> {
    /// Checks the magic and kind byte.
    pub fn new(buf: &'a [u8], kind: u8) -> Result<Reader<'a>> {
        if buf.len() < 5 || &buf[..4] != MAGIC {
            return Err(FormatError("bad magic"));
        }
        if buf[4] != kind {
            return Err(FormatError("wrong file kind"));
        }
        Ok(Reader { buf, pos: 5 })
    }
    /// An unsigned LEB128 varint.
    pub fn varint(&mut self) -> Result<u64> {
        let mut v = 0u64;
        let mut shift = 0;
        loop {
            let b = *self.buf.get(self.pos).ok_or(FormatError("truncated"))?;
            self.pos += 1;
            if shift > 63 {
                return Err(FormatError("varint overflow"));
            }
            v |= u64::from(b & 0x7f) << shift;
            if b & 0x80 == 0 {
                return Ok(v);
            }
            shift += 7;
        }
    }
    fn len(&mut self) -> Result<usize> {
        let n = self.varint()? as usize;
        if n > self.buf.len() - self.pos.min(self.buf.len()) {
            return Err(FormatError("length past end"));
        }
        Ok(n)
    }
    /// A count of items that each take at least one byte.
    pub fn count(&mut self) -> Result<usize> {
        self.len()
    }
    /// A length-prefixed string.
    pub fn str(&mut self) -> Result<String> {
        let n = self.len()?;
        let s = std::str::from_utf8(&self.buf[self.pos..self.pos + n])
            .map_err(|_| FormatError("invalid UTF-8"))?;
        self.pos += n;
        Ok(s.to_owned())
    }
    /// An `f32`.
    pub fn f32(&mut self) -> Result<f32> {
        let b = self
            .buf
            .get(self.pos..self.pos + 4)
            .ok_or(FormatError("truncated"))?;
        self.pos += 4;
        Ok(f32::from_le_bytes([b[0], b[1], b[2], b[3]]))
    }
}
