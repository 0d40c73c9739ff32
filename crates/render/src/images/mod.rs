//! Images in content: each raster image a page shows is measured and resized before render
//! (`variants.rs`), its files named by a hash of their bytes beside the original
//! (`photo.480w.3f2a9c1b.jpg`), and described as a [`Picture`] the Markdown renderer writes as
//! `<picture>` with `srcset`, `sizes`, `width` and `height`. A problem with a file is an error at
//! every place that shows it. Images run in parallel, each on its own; results are kept in path
//! order, so the output is the same on any thread count.

pub mod variants;

use std::collections::{BTreeMap, HashMap};
use std::convert::Infallible;
use std::sync::Arc;

use rayon::prelude::*;
use sha2::Digest;

use crate::assets::short_hash;
use graph::images::Place;
use graph::Graph;
use markdown::{Candidate, Picture};
use model::diagnostics::Diagnostic;
use model::fingerprint::Fingerprint;
use model::memo::Run;
use model::output::OutputFile;
use variants::{Encoded, Made, Refusal, Treatment, MAX_PIXELS, WIDTHS};

/// How wide content images are shown: the text column is at most 46rem (`--max` in the theme's
/// style.css) inside 1rem of padding either side, so at most 46rem from a 48rem viewport.
pub const SIZES: &str = "(min-width: 48rem) 46rem, calc(100vw - 2rem)";

/// The width of the `src` for browsers without `srcset`: the largest file at most this wide.
const FALLBACK_WIDTH: u32 = 800;

/// Images already processed, by a hash of their bytes (their only input); `serve` keeps it
/// between rebuilds, so an unchanged image is not decoded and encoded again.
pub type Memo = model::memo::Memo<Fingerprint, (), Arc<Result<Made, Refusal>>>;

/// What the images stage gives.
#[derive(Debug, Default)]
pub struct Images {
    /// The resized files.
    pub files: Vec<OutputFile>,
    /// Each image's picture, by the original's output path.
    pub pictures: BTreeMap<String, Picture>,
    /// An error at each place that shows an image that cannot be used.
    pub problems: Vec<Diagnostic>,
}

/// Measures and resizes every raster image a page shows.
pub fn process(graph: &Graph, memo: Option<&mut Memo>) -> Images {
    let references = graph::images::references(graph);
    let bytes: HashMap<String, &Arc<[u8]>> = graph
        .assets
        .iter()
        .map(|a| (a.rel.to_string_lossy().replace('\\', "/"), &a.bytes))
        .collect();
    // Each image with the places that show it and its bytes.
    type Job<'g> = (&'g String, &'g Vec<Place>, &'g Arc<[u8]>);
    let jobs: Vec<Job<'_>> = references
        .iter()
        .filter_map(|(path, places)| Some((path, places, *bytes.get(path)?)))
        .collect();
    let run = memo.as_deref().map(Run::new);
    let made: Vec<Arc<Result<Made, Refusal>>> = jobs
        .par_iter()
        .map(|(_, _, bytes)| made(bytes, run.as_ref()))
        .collect();
    // Only this run's images are kept: an image edited many times is remembered once.
    if let (Some(next), Some(memo)) = (run.map(|r| r.finish().0), memo) {
        *memo = next;
    }
    let base = graph.config.base_path();
    let mut out = Images::default();
    for ((path, places, _), made) in jobs.into_iter().zip(made) {
        match made.as_ref() {
            Ok(made) => {
                let (picture, files) = picture(path, made, &base);
                out.pictures.insert(path.clone(), picture);
                out.files.extend(files);
            }
            Err(refusal) => out
                .problems
                .extend(places.iter().map(|p| problem(path, refusal, p))),
        }
    }
    out
}

fn key(bytes: &[u8]) -> Fingerprint {
    sha2::Sha256::digest(bytes).into()
}

fn made(bytes: &Arc<[u8]>, run: Option<&ImagesRun<'_>>) -> Arc<Result<Made, Refusal>> {
    let make = || Ok::<_, Infallible>(Arc::new(variants::make(bytes)));
    let Ok(made) = match run {
        Some(run) => run.get_or_make(key(bytes), (), make),
        None => make(),
    };
    made
}

/// One build's use of the images memo.
type ImagesRun<'m> = Run<'m, Fingerprint, (), Arc<Result<Made, Refusal>>>;

/// The picture of the image at `path` and its files: the original's format from 480 pixels up
/// (each file only if smaller than the original), the original itself as the widest when it is
/// at most 1,200 pixels wide or a resized file was left out, and WebP only when its files are
/// smaller in all than those in the original's format.
fn picture(path: &str, made: &Made, base: &str) -> (Picture, Vec<OutputFile>) {
    let (stem, ext) = match path.rsplit_once('.') {
        Some((stem, ext)) => (stem, ext.to_ascii_lowercase()),
        None => (path, String::new()),
    };
    let own_ext = match made.treatment {
        Treatment::Resized(image::ImageFormat::Png) => "png",
        Treatment::Resized(_) => "jpg",
        Treatment::ResizedWebp => "webp",
        Treatment::AsIs => ext.as_str(),
    };
    let url = |p: &str| format!("{base}{}", graph::encode_path(p));
    let mut files = Vec::new();
    let mut name = |e: &Encoded, ext: &str| {
        let p = format!("{stem}.{}w.{}.{ext}", e.width, short_hash(&e.bytes));
        files.push(OutputFile::new(p.clone(), e.bytes.clone()));
        Candidate {
            url: url(&p),
            width: e.width,
        }
    };
    let own = kept_own(made);
    let mut srcset: Vec<Candidate> = own.iter().map(|&e| name(e, own_ext)).collect();
    let original_in_set = made.treatment != Treatment::AsIs
        && (made.width <= WIDTHS[WIDTHS.len() - 1] || own.len() < made.own.len());
    if original_in_set {
        srcset.push(Candidate {
            url: url(path),
            width: made.width,
        });
    }
    let webp = if webp_wins(made) {
        made.webp.iter().map(|e| name(e, "webp")).collect()
    } else {
        Vec::new()
    };
    let src = srcset
        .iter()
        .rev()
        .find(|c| c.width <= FALLBACK_WIDTH)
        .map_or_else(|| url(path), |c| c.url.clone());
    let picture = Picture {
        src,
        width: made.width,
        height: made.height,
        srcset,
        webp,
        sizes: SIZES.into(),
    };
    (picture, files)
}

/// The resized files in the image's own format that are smaller than the original: one that is
/// not (an original already well compressed) is left out, and the original, at its own width,
/// serves instead.
pub fn kept_own(made: &Made) -> Vec<&Encoded> {
    made.own
        .iter()
        .filter(|e| e.bytes.len() < made.original_len)
        .collect()
}

/// What a browser without WebP fetches instead of the WebP file at `width`: the kept file in the
/// image's own format at that width, else the original.
pub fn own_alternative(made: &Made, width: u32) -> usize {
    kept_own(made)
        .iter()
        .find(|e| e.width == width)
        .map_or(made.original_len, |e| e.bytes.len())
}

/// Whether the image gets WebP files: when, width for width, they are smaller in all than what
/// would be fetched instead (bench/images/ has the sizes this rule was chosen on).
pub fn webp_wins(made: &Made) -> bool {
    let webp: usize = made.webp.iter().map(|e| e.bytes.len()).sum();
    let own: usize = made
        .webp
        .iter()
        .map(|e| own_alternative(made, e.width))
        .sum();
    !made.webp.is_empty() && webp < own
}

fn problem(path: &str, refusal: &Refusal, (file, span): &Place) -> Diagnostic {
    let shown = path.rsplit('/').next().unwrap_or(path);
    let (message, help) = match refusal {
        Refusal::TooLarge(w, h) => (
            format!(
                "image `{shown}` is too large: {w} × {h} pixels, over the limit of {} million pixels (or 12,000 on a side)",
                MAX_PIXELS / 1_000_000
            ),
            "resize it to at most 2,400 pixels wide before adding it: pages show images at most 1,200 pixels wide".to_string(),
        ),
        Refusal::Unreadable(why) => (
            format!("image `{shown}` cannot be read: {why}"),
            "open it in an image editor and export it again as JPEG (photos) or PNG (charts, screenshots)".to_string(),
        ),
    };
    Diagnostic::error(file.clone(), span.clone(), message).with_help(help)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn encoded(width: u32, len: usize) -> Encoded {
        Encoded {
            width,
            bytes: vec![width as u8; len],
        }
    }

    fn widths(c: &[Candidate]) -> Vec<(u32, bool)> {
        c.iter()
            .map(|c| (c.width, c.url.contains(&format!(".{}w.", c.width))))
            .collect()
    }

    #[test]
    fn larger_files_are_left_out_and_webp_only_where_smaller() {
        let photo = Made {
            width: 1600,
            height: 1000,
            treatment: Treatment::Resized(image::ImageFormat::Jpeg),
            original_len: 100,
            own: vec![encoded(480, 50), encoded(800, 90), encoded(1200, 150)],
            webp: vec![encoded(480, 60), encoded(800, 100), encoded(1200, 200)],
        };
        let (p, files) = picture("x/a.jpg", &photo, "/sub/");
        // The 1,200 JPEG is larger than the original: the original serves at its own width.
        assert_eq!(widths(&p.srcset), [(480, true), (800, true), (1600, false)]);
        assert_eq!(p.srcset[2].url, "/sub/x/a.jpg");
        assert!(p.webp.is_empty(), "WebP is larger in all");
        assert_eq!(files.len(), 2);
        assert!(p.src.starts_with("/sub/x/a.800w.") && p.src.ends_with(".jpg"));
        assert_eq!((p.width, p.height, p.sizes.as_str()), (1600, 1000, SIZES));

        let chart = Made {
            width: 1000,
            height: 600,
            treatment: Treatment::Resized(image::ImageFormat::Png),
            original_len: 1000,
            own: vec![encoded(480, 300), encoded(800, 500)],
            webp: vec![encoded(480, 100), encoded(800, 150), encoded(1000, 200)],
        };
        let (p, files) = picture("x/c.png", &chart, "/");
        assert_eq!(widths(&p.srcset), [(480, true), (800, true), (1000, false)]);
        assert_eq!(widths(&p.webp), [(480, true), (800, true), (1000, true)]);
        assert_eq!(files.len(), 5);
    }
}
