//! The part of a JPEG after its first scan header, which `img-parts` keeps as one opaque run:
//! the scan's coded data, any further scans (a progressive JPEG has several) with the tables
//! between them, the end-of-image marker and whatever a writer put after it — a motion photo's
//! video, an editor's trailer — which browsers ignore but anyone can read. Only what codes the
//! image is published: coded data, restart markers, tables and scan headers up to the
//! end-of-image marker; comments and application segments between scans, and everything after
//! the end, go. This walks markers only (coded data escapes every 0xFF byte, so a marker can
//! be found without decoding anything).

use img_parts::jpeg::markers;

/// Markers that carry no length: restart markers, `TEM`, and the stuffing that escapes a 0xFF
/// byte of coded data (0xFF 0x00).
fn standalone(marker: u8) -> bool {
    marker == 0x00 || marker == 0x01 || (markers::RST0..=markers::RST7).contains(&marker)
}

/// `entropy` (everything after the first scan header) as published, ending with the
/// end-of-image marker; a file that ends without one keeps all it has. Fails when a segment's
/// length runs past the end of the file.
pub fn image_only(entropy: &[u8]) -> Result<Vec<u8>, String> {
    let mut out = Vec::with_capacity(entropy.len());
    let mut i = 0;
    while i < entropy.len() {
        let byte = entropy[i];
        if byte != markers::P {
            out.push(byte);
            i += 1;
            continue;
        }
        let Some(&marker) = entropy.get(i + 1) else {
            out.push(byte);
            break;
        };
        match marker {
            // A fill byte before a marker: optional, dropped.
            markers::P => i += 1,
            markers::EOI => {
                out.extend_from_slice(&[markers::P, markers::EOI]);
                return Ok(out);
            }
            m if standalone(m) => {
                out.extend_from_slice(&entropy[i..i + 2]);
                i += 2;
            }
            m => {
                let cut = || "its image data is cut short inside a segment".to_string();
                let len = entropy.get(i + 2..i + 4).ok_or_else(cut)?;
                let end = i + 2 + usize::from(u16::from_be_bytes([len[0], len[1]]));
                let segment = entropy.get(i..end).ok_or_else(cut)?;
                let metadata = (markers::APP0..=markers::APP15).contains(&m) || m == markers::COM;
                if !metadata {
                    out.extend_from_slice(segment);
                }
                i = end;
            }
        }
    }
    Ok(out)
}
