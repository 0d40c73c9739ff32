//! A contributor's photo carries what the camera and phone wrote into it: GPS coordinates, the
//! time, the camera's serial number, the editing software's history (EXIF, XMP, IPTC, PNG text
//! chunks). Every JPEG, PNG and WebP published from `content/` is stripped of it losslessly: the
//! container's segments or chunks are edited with `img-parts` and the pixels are never decoded
//! or encoded again, so the original keeps its quality, its colour (the ICC profile, PNG's
//! colour chunks) and, when it is not upright, its orientation — kept as an EXIF block of that
//! one tag ([`minimal_exif`]), which browsers apply, so the photo shows the way it was taken.

use image::metadata::Orientation;
use img_parts::jpeg::{markers, Jpeg, JpegSegment};
use img_parts::png::Png;
use img_parts::webp::WebP;
use img_parts::{Bytes, ImageEXIF};

/// The PNG chunks a published PNG keeps: the image itself, its transparency and colour
/// (gamma, chromaticities, ICC profile, sRGB, coding-independent code points, HDR levels), its
/// background and pixel density, and APNG's animation. Text, time, EXIF and any private chunk go.
const PNG_KEPT: &[&[u8; 4]] = &[
    b"IHDR", b"PLTE", b"IDAT", b"IEND", b"tRNS", b"cHRM", b"gAMA", b"iCCP", b"sBIT", b"sRGB",
    b"cICP", b"mDCV", b"cLLI", b"bKGD", b"pHYs", b"acTL", b"fcTL", b"fdAT",
];

/// The WebP chunks a published WebP keeps: the image and its alpha, the extended header, the
/// animation and the ICC profile. EXIF (rewritten by [`minimal_exif`]), XMP and unknown go.
const WEBP_KEPT: &[&[u8; 4]] = &[
    b"VP8X", b"VP8 ", b"VP8L", b"ALPH", b"ANIM", b"ANMF", b"ICCP",
];

/// The MPF tag that lists the images of a multi-picture JPEG.
const MP_ENTRY: u16 = 0xB002;

/// The length of a JFIF APP0 segment's contents without a thumbnail: `JFIF\0`, the version,
/// the density unit, two densities and the thumbnail's width and height (zero).
const JFIF_LEN: usize = 14;

/// `bytes` as published: without metadata when it is a JPEG, PNG or WebP (by its signature),
/// unchanged otherwise (a GIF without XMP, an AVIF without EXIF). Fails, saying why, when the
/// container cannot be read, or is a GIF with XMP or an AVIF with EXIF.
pub fn strip(bytes: &[u8]) -> Result<Vec<u8>, String> {
    let input = Bytes::copy_from_slice(bytes);
    let out = match image::guess_format(bytes) {
        Ok(image::ImageFormat::Jpeg) => {
            let parsed = Jpeg::from_bytes(input).map_err(why)?;
            match primary_end(bytes, &parsed)? {
                Some(end) => {
                    jpeg(Jpeg::from_bytes(Bytes::copy_from_slice(&bytes[..end])).map_err(why)?)?
                }
                None => jpeg(parsed)?,
            }
        }
        Ok(image::ImageFormat::Png) => png(Png::from_bytes(input).map_err(why)?),
        Ok(image::ImageFormat::WebP) => webp(WebP::from_bytes(input).map_err(why)?),
        Ok(image::ImageFormat::Avif) => return avif(bytes),
        Ok(image::ImageFormat::Gif) => return gif(bytes),
        _ => return Ok(bytes.to_vec()),
    };
    Ok(out.to_vec())
}

/// An AVIF is published as it is, which img-parts cannot edit: one that carries EXIF (the
/// camera, the place, the time; found with kamadak-exif, which reads the HEIF container) is
/// refused rather than published with it. (AVIF keeps its orientation in its own boxes.)
fn avif(bytes: &[u8]) -> Result<Vec<u8>, String> {
    let found = exif::Reader::new().read_from_container(&mut std::io::Cursor::new(bytes));
    match found {
        Ok(exif) if exif.fields().len() > 0 => Err(
            "it is an AVIF that carries EXIF metadata (camera, place, time), which the site cannot remove from an AVIF".into(),
        ),
        _ => Ok(bytes.to_vec()),
    }
}

/// A GIF is published as it is, which img-parts cannot edit: one that carries an XMP packet
/// (where an editor writes the author, the place, the history) is refused rather than published
/// with it. Its blocks are read with the `gif` crate without decompressing a frame, so a
/// decompression bomb costs nothing here. (Comment blocks, which the crate skips, stay.)
fn gif(bytes: &[u8]) -> Result<Vec<u8>, String> {
    let cannot = |e: gif::DecodingError| format!("its container cannot be read ({e})");
    let mut options = gif::DecodeOptions::new();
    options.skip_frame_decoding(true);
    let mut decoder = options.read_info(bytes).map_err(cannot)?;
    while decoder.read_next_frame().map_err(cannot)?.is_some() {}
    if decoder.xmp_metadata().is_some() {
        return Err(
            "it is a GIF that carries XMP metadata (author, place, editing history), which the site cannot remove from a GIF".into(),
        );
    }
    Ok(bytes.to_vec())
}

fn why(e: img_parts::Error) -> String {
    format!("its container cannot be read ({e})")
}

fn jpeg(mut jpeg: Jpeg) -> Result<Bytes, String> {
    let orientation = orientation(jpeg.exif());
    let segments = std::mem::take(jpeg.segments_mut());
    *jpeg.segments_mut() = segments
        .into_iter()
        .filter_map(jpeg_segment)
        .map(scans_only)
        .collect::<Result<_, _>>()?;
    jpeg.set_exif(minimal_exif(orientation));
    Ok(jpeg.encoder().bytes())
}

/// The first scan header holds the rest of the file (see [`scans`]): kept as published.
fn scans_only(segment: JpegSegment) -> Result<JpegSegment, String> {
    if !segment.has_entropy() {
        return Ok(segment);
    }
    let (marker, contents, header) = (segment.marker(), segment.contents().clone(), segment.len());
    let encoded = segment.encoder().bytes();
    let entropy = scans::image_only(&encoded[header..])?;
    Ok(JpegSegment::new_with_entropy(
        marker,
        contents,
        entropy.into(),
    ))
}

/// Where the first image of a multi-picture JPEG ends, or None when the file holds one image.
/// Phones append a preview, a depth map or an HDR gain map after the photo, each a JPEG with
/// metadata of its own, listed in the photo's MPF segment (CIPA DC-007): the index, read with
/// kamadak-exif, gives each appended image's offset from the MPF header, and the photo ends
/// where the first one starts (checked: at an end-of-image marker). Only the photo is
/// published.
fn primary_end(bytes: &[u8], jpeg: &Jpeg) -> Result<Option<usize>, String> {
    let mut at = 2;
    let mut index = None;
    for segment in jpeg.segments() {
        if segment.marker() == markers::APP2 && segment.contents().starts_with(b"MPF\0") {
            index = Some(segment.contents().slice(4..));
            break;
        }
        at += segment.len();
    }
    let Some(index) = index else {
        return Ok(None);
    };
    let bad = || "its multi-picture index (MPF) does not match the file".to_string();
    // The MPF header (a TIFF header) follows the marker, the length and `MPF\0`.
    let header = at + 8;
    if bytes.get(at + 4..header) != Some(&b"MPF\0"[..]) {
        return Err(bad());
    }
    let mpf = exif::Reader::new()
        .read_raw(index.to_vec())
        .map_err(|_| bad())?;
    let entries = mpf
        .fields()
        .find(|f| f.tag.number() == MP_ENTRY && f.ifd_num == exif::In::PRIMARY);
    let Some(exif::Value::Undefined(entries, _)) = entries.map(|f| &f.value) else {
        return Ok(None);
    };
    let word = |b: &[u8]| {
        let b: [u8; 4] = b.try_into().unwrap_or_default();
        if mpf.little_endian() {
            u32::from_le_bytes(b)
        } else {
            u32::from_be_bytes(b)
        }
    };
    // Each entry: attribute, size and offset (4 bytes each), two dependent-image numbers.
    let first_appended = entries
        .chunks_exact(16)
        .map(|e| word(&e[8..12]))
        .filter(|&offset| offset != 0)
        .min();
    let Some(offset) = first_appended else {
        return Ok(None);
    };
    let end = usize::try_from(offset)
        .ok()
        .and_then(|o| o.checked_add(header))
        .filter(|&end| end <= bytes.len())
        .ok_or_else(bad)?;
    // Some writers pad before the next image.
    let photo = &bytes[..end];
    let unpadded = photo.len() - photo.iter().rev().take_while(|&&b| b == 0).count();
    if !photo[..unpadded].ends_with(&[markers::P, markers::EOI]) {
        return Err(bad());
    }
    Ok(Some(unpadded))
}

/// The segment as published, or None when it goes: every segment that codes the image (frame,
/// tables, scans) stays, and of the application segments only JFIF (without its thumbnail), the
/// ICC profile and Adobe's colour-transform flag, which decoders need. EXIF and XMP (APP1),
/// IPTC (APP13), MPF and FlashPix (APP2), maker segments and comments go.
fn jpeg_segment(segment: JpegSegment) -> Option<JpegSegment> {
    let marker = segment.marker();
    let contents = segment.contents();
    let application = (markers::APP0..=markers::APP15).contains(&marker);
    if !application && marker != markers::COM {
        return Some(segment);
    }
    match marker {
        markers::APP0 if contents.starts_with(b"JFIF\0") && contents.len() > JFIF_LEN => {
            let mut header = contents[..JFIF_LEN].to_vec();
            header[JFIF_LEN - 2..].fill(0);
            Some(JpegSegment::new_with_contents(marker, header.into()))
        }
        markers::APP0 if contents.starts_with(b"JFIF\0") => Some(segment),
        markers::APP2 if contents.starts_with(b"ICC_PROFILE\0") => Some(segment),
        markers::APP14 if contents.starts_with(b"Adobe") => Some(segment),
        _ => None,
    }
}

fn png(mut png: Png) -> Bytes {
    let orientation = orientation(png.exif());
    png.chunks_mut()
        .retain(|c| PNG_KEPT.iter().any(|k| **k == c.kind()));
    png.set_exif(minimal_exif(orientation));
    png.encoder().bytes()
}

fn webp(mut webp: WebP) -> Bytes {
    let orientation = orientation(webp.exif());
    webp.chunks_mut()
        .retain(|c| WEBP_KEPT.iter().any(|k| **k == c.id()));
    // Also brings the extended header's flags in line with the chunks left.
    webp.set_exif(minimal_exif(orientation));
    webp.encoder().bytes()
}

fn orientation(exif: Option<Bytes>) -> Orientation {
    exif.and_then(|e| Orientation::from_exif_chunk(&e))
        .unwrap_or(Orientation::NoTransforms)
}

/// The EXIF a published image keeps: none when it is upright, else a TIFF structure of one
/// directory holding only the orientation tag (0x0112, one SHORT), so a browser still turns the
/// pixels the way the camera meant.
pub fn minimal_exif(orientation: Orientation) -> Option<Bytes> {
    if orientation == Orientation::NoTransforms {
        return None;
    }
    Some(orientation_tiff(orientation.to_exif()).into())
}

/// A TIFF structure holding one tag, the orientation `value`.
fn orientation_tiff(value: u8) -> Vec<u8> {
    let mut tiff = Vec::with_capacity(26);
    // Big-endian TIFF header, the directory right after it.
    tiff.extend_from_slice(b"MM\0\x2a\0\0\0\x08");
    // One entry: tag 0x0112, type SHORT (3), count 1, the value left-justified in four bytes.
    tiff.extend_from_slice(&[0, 1, 0x01, 0x12, 0, 3, 0, 0, 0, 1]);
    tiff.extend_from_slice(&[0, value, 0, 0]);
    // No next directory.
    tiff.extend_from_slice(&[0, 0, 0, 0]);
    tiff
}

mod scans;
#[cfg(test)]
mod tests;
