//! The evidence for the WebP rule of `render::images`: for each image given, the bytes of every
//! file the build makes (its own format, resized) beside lossless WebP at the same widths, and
//! whether the build keeps the WebP (`render::images::webp_wins`). The own-format column is
//! what a browser without WebP would fetch at that width: the resized file, or the original
//! where the build leaves the resized file out (not smaller than the original). Run by bench/images/run.sh.

use render::images::variants::{make, Treatment};
use render::images::{own_alternative, webp_wins};

fn main() {
    println!(
        "| image | pixels | original B | width | own format B | WebP (lossless) B | WebP / own |"
    );
    println!("| --- | ---: | ---: | ---: | ---: | ---: | ---: |");
    for path in std::env::args().skip(1) {
        let bytes = match std::fs::read(&path) {
            Ok(b) => b,
            Err(e) => {
                eprintln!("{path}: {e}");
                std::process::exit(2);
            }
        };
        let made = match make(&bytes) {
            Ok(m) => m,
            Err(e) => {
                eprintln!("{path}: {e:?}");
                std::process::exit(1);
            }
        };
        if made.treatment == Treatment::AsIs {
            println!(
                "| {path} | {}×{} | {} | — | — | — | not resized |",
                made.width,
                made.height,
                bytes.len()
            );
            continue;
        }
        let name = path.rsplit('/').next().unwrap_or(&path);
        let (mut own_total, mut webp_total) = (0, 0);
        for webp in &made.webp {
            // What a browser without WebP fetches instead: the build's own rule.
            let own = own_alternative(&made, webp.width);
            own_total += own;
            webp_total += webp.bytes.len();
            println!(
                "| {name} | {}×{} | {} | {} | {own} | {} | {:.2} |",
                made.width,
                made.height,
                bytes.len(),
                webp.width,
                webp.bytes.len(),
                webp.bytes.len() as f64 / own as f64
            );
        }
        let kept = if webp_wins(&made) { "kept" } else { "omitted" };
        println!(
            "| {name} | | | all | {own_total} | {webp_total} | {:.2}: WebP {kept} |",
            webp_total as f64 / own_total.max(1) as f64
        );
    }
}
