//! One image file in, its resized variants out: decoded with the `image` crate under limits (the
//! files are contributors', so a decompression bomb must fail, not fill the memory), resized
//! with Lanczos3 to each width of [`WIDTHS`] narrower than the image (never upscaled), and
//! encoded in pure Rust with fixed settings, so the bytes depend on the input bytes alone. The
//! input is the original as published (its metadata already stripped,
//! `content::image_metadata`); a resized file carries the original's ICC profile, so its colours
//! are the original's, and no other metadata (the encoders write none).

use std::io::Cursor;

use image::codecs::jpeg::JpegEncoder;
use image::codecs::png::{CompressionType, FilterType as PngFilter, PngEncoder};
use image::codecs::webp::WebPEncoder;
use image::imageops::FilterType;
use image::{DynamicImage, ImageDecoder, ImageEncoder, ImageFormat, ImageReader, Limits};

/// The widths an image is resized to when it is wider (content is at most 46rem, 736 CSS
/// pixels, wide: 480 for phones, 800 for a desktop column, 1200 for a column at 2x or a phone at 3x).
pub const WIDTHS: [u32; 3] = [480, 800, 1200];

/// The most pixels an image may have: 40 million (a 7,700 × 5,200 photo). Decoding one costs
/// 160 MB at four bytes a pixel; the site never shows more than 1,200 pixels across.
pub const MAX_PIXELS: u64 = 40_000_000;

/// The longest side an image may have, in pixels.
pub const MAX_SIDE: u32 = 12_000;

/// JPEG quality of the resized files (the usual web setting: no visible loss at these widths).
pub const JPEG_QUALITY: u8 = 82;

/// How an image is treated, by the format its bytes are in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Treatment {
    /// JPEG or PNG: resized in its own format and in WebP.
    Resized(ImageFormat),
    /// WebP: resized as WebP.
    ResizedWebp,
    /// GIF (may be animated) or AVIF (not decoded here): only measured, shown as it is.
    AsIs,
}

/// An image measured, with the files made from it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Made {
    /// Width after the file's orientation is applied.
    pub width: u32,
    /// Height, likewise.
    pub height: u32,
    /// How it was treated.
    pub treatment: Treatment,
    /// The size of the original file in bytes.
    pub original_len: usize,
    /// Resized files in the image's own format, narrowest first (the widths of [`WIDTHS`]
    /// below the image's own width).
    pub own: Vec<Encoded>,
    /// WebP files at the same widths and, when the image is at most 1,200 pixels wide, at its
    /// own width (empty for [`Treatment::AsIs`] and WebP images).
    pub webp: Vec<Encoded>,
}

/// One encoded file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Encoded {
    /// Its width in pixels.
    pub width: u32,
    /// Its bytes.
    pub bytes: Vec<u8>,
}

/// Why an image cannot be used.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Refusal {
    /// Too many pixels, or a side too long: (width, height).
    TooLarge(u32, u32),
    /// Not a JPEG, PNG, WebP, GIF or AVIF the decoder can read: what it said.
    Unreadable(String),
}

/// Measures `bytes` and makes its variants.
pub fn make(bytes: &[u8]) -> Result<Made, Refusal> {
    let reader = ImageReader::new(Cursor::new(bytes))
        .with_guessed_format()
        .map_err(|e| Refusal::Unreadable(e.to_string()))?;
    let treatment = match reader.format() {
        Some(f @ (ImageFormat::Jpeg | ImageFormat::Png)) => Treatment::Resized(f),
        Some(ImageFormat::WebP) => Treatment::ResizedWebp,
        Some(ImageFormat::Gif | ImageFormat::Avif) => Treatment::AsIs,
        _ => {
            return Err(Refusal::Unreadable(
                "it is not a JPEG, PNG, WebP, GIF or AVIF image".into(),
            ))
        }
    };
    // The header alone says how large the image claims to be: refused before anything is
    // decoded (the decoder's limits below also hold if the header lies).
    let size = imagesize::blob_size(bytes).map_err(|e| Refusal::Unreadable(e.to_string()))?;
    let (w, h) = (
        u32::try_from(size.width).unwrap_or(u32::MAX),
        u32::try_from(size.height).unwrap_or(u32::MAX),
    );
    within_limits(w, h)?;
    if treatment == Treatment::AsIs {
        return Ok(Made {
            width: w,
            height: h,
            treatment,
            original_len: bytes.len(),
            own: Vec::new(),
            webp: Vec::new(),
        });
    }
    let mut limits = Limits::default();
    limits.max_image_width = Some(MAX_SIDE);
    limits.max_image_height = Some(MAX_SIDE);
    // The decoded image and the decoder's own buffers.
    limits.max_alloc = Some(MAX_PIXELS * 4 + (64 << 20));
    let mut decoder = {
        let mut reader = reader;
        reader.limits(limits);
        reader.into_decoder().map_err(refusal)?
    };
    let orientation = decoder.orientation().map_err(refusal)?;
    let icc = decoder.icc_profile().map_err(refusal)?;
    let mut image = DynamicImage::from_decoder(decoder).map_err(refusal)?;
    image.apply_orientation(orientation);
    let (width, height) = (image.width(), image.height());
    let narrower: Vec<u32> = WIDTHS.into_iter().filter(|&x| x < width).collect();
    let resized: Vec<(u32, DynamicImage)> = narrower
        .iter()
        .map(|&x| {
            (
                x,
                image.resize_exact(x, scaled(height, x, width), FilterType::Lanczos3),
            )
        })
        .collect();
    let own_format = match treatment {
        Treatment::Resized(f) => f,
        _ => ImageFormat::WebP,
    };
    let own = resized
        .iter()
        .map(|(x, img)| {
            encode(img, own_format, icc.as_deref()).map(|bytes| Encoded { width: *x, bytes })
        })
        .collect::<Result<Vec<_>, _>>()?;
    let webp = if own_format == ImageFormat::WebP {
        Vec::new()
    } else {
        let full = (width <= WIDTHS[WIDTHS.len() - 1]).then_some((width, &image));
        resized
            .iter()
            .map(|(x, img)| (*x, img))
            .chain(full)
            .map(|(x, img)| {
                encode(img, ImageFormat::WebP, icc.as_deref())
                    .map(|bytes| Encoded { width: x, bytes })
            })
            .collect::<Result<Vec<_>, _>>()?
    };
    Ok(Made {
        width,
        height,
        treatment,
        original_len: bytes.len(),
        own,
        webp,
    })
}

fn within_limits(w: u32, h: u32) -> Result<(), Refusal> {
    let too_large = u64::from(w) * u64::from(h) > MAX_PIXELS || w > MAX_SIDE || h > MAX_SIDE;
    if too_large {
        Err(Refusal::TooLarge(w, h))
    } else {
        Ok(())
    }
}

fn refusal(e: image::ImageError) -> Refusal {
    match e {
        image::ImageError::Limits(_) => Refusal::Unreadable(format!(
            "decoding it would take more memory than an image of {} million pixels ({e})",
            MAX_PIXELS / 1_000_000
        )),
        other => Refusal::Unreadable(other.to_string()),
    }
}

/// `height` scaled by `to / from`, rounded, at least 1.
fn scaled(height: u32, to: u32, from: u32) -> u32 {
    let h = (u64::from(height) * u64::from(to) + u64::from(from) / 2) / u64::from(from);
    (h as u32).max(1)
}

/// `image` encoded in `format` with fixed settings and the original's ICC profile, if any.
fn encode(
    image: &DynamicImage,
    format: ImageFormat,
    icc: Option<&[u8]>,
) -> Result<Vec<u8>, Refusal> {
    let mut out = Vec::new();
    let result = match format {
        ImageFormat::Jpeg => {
            let mut encoder = JpegEncoder::new_with_quality(&mut out, JPEG_QUALITY);
            with_icc(&mut encoder, icc);
            image.to_rgb8().write_with_encoder(encoder)
        }
        ImageFormat::Png => {
            let mut encoder =
                PngEncoder::new_with_quality(&mut out, CompressionType::Best, PngFilter::Adaptive);
            with_icc(&mut encoder, icc);
            image.write_with_encoder(encoder)
        }
        // The encoder takes 8-bit images; lossless, as the image crate's WebP encoder is.
        _ => {
            let mut encoder = WebPEncoder::new_lossless(&mut out);
            with_icc(&mut encoder, icc);
            if image.color().has_alpha() {
                image.to_rgba8().write_with_encoder(encoder)
            } else {
                image.to_rgb8().write_with_encoder(encoder)
            }
        }
    };
    result.map_err(|e| Refusal::Unreadable(format!("it could not be re-encoded ({e})")))?;
    Ok(out)
}

fn with_icc(encoder: &mut impl ImageEncoder, icc: Option<&[u8]>) {
    if let Some(icc) = icc {
        // The JPEG, PNG and WebP encoders all take a profile: this cannot fail.
        let _ = encoder.set_icc_profile(icc.to_vec());
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use image::{ImageBuffer, Rgb};

    fn jpeg(w: u32, h: u32) -> Vec<u8> {
        let img = ImageBuffer::from_fn(w, h, |x, y| Rgb([(x % 256) as u8, (y % 256) as u8, 128]));
        let mut out = Vec::new();
        DynamicImage::ImageRgb8(img)
            .write_with_encoder(JpegEncoder::new_with_quality(&mut out, 90))
            .unwrap();
        out
    }

    #[test]
    fn widths_never_upscale_and_keep_the_ratio() {
        let made = make(&jpeg(1000, 500)).unwrap();
        assert_eq!((made.width, made.height), (1000, 500));
        assert_eq!(made.treatment, Treatment::Resized(ImageFormat::Jpeg));
        let widths: Vec<u32> = made.own.iter().map(|e| e.width).collect();
        assert_eq!(widths, [480, 800]);
        let webp: Vec<u32> = made.webp.iter().map(|e| e.width).collect();
        assert_eq!(webp, [480, 800, 1000]);
        let small = image::load_from_memory(&made.own[0].bytes).unwrap();
        assert_eq!((small.width(), small.height()), (480, 240));
        assert_eq!(make(&jpeg(1000, 500)).unwrap(), made, "not deterministic");
    }

    #[test]
    fn bombs_and_garbage_are_refused() {
        assert_eq!(make(&jpeg(12_001, 2)), Err(Refusal::TooLarge(12_001, 2)));
        assert!(matches!(make(b"not an image"), Err(Refusal::Unreadable(_))));
        let mut png = Vec::new();
        DynamicImage::new_rgb8(64, 64)
            .write_with_encoder(PngEncoder::new(&mut png))
            .unwrap();
        png.truncate(png.len() - 20);
        assert!(
            matches!(make(&png), Err(Refusal::Unreadable(_))),
            "{:?}",
            make(&png)
        );
    }
}
