//! What stripping metadata saves: for each image given, its size as added, its size as the site
//! publishes it (`content::image_metadata::strip`) and the difference. Run by bench/images/run.sh.

fn main() {
    println!("| image | as added B | published B | metadata B | saved |");
    println!("| --- | ---: | ---: | ---: | ---: |");
    for path in std::env::args().skip(1) {
        let bytes = match std::fs::read(&path) {
            Ok(b) => b,
            Err(e) => {
                eprintln!("{path}: {e}");
                std::process::exit(2);
            }
        };
        let published = match content::image_metadata::strip(&bytes) {
            Ok(p) => p,
            Err(why) => {
                eprintln!("{path}: {why}");
                std::process::exit(1);
            }
        };
        let name = path.rsplit('/').next().unwrap_or(&path);
        let saved = bytes.len() - published.len();
        println!(
            "| {name} | {} | {} | {saved} | {:.1} % |",
            bytes.len(),
            published.len(),
            100.0 * saved as f64 / bytes.len().max(1) as f64
        );
    }
}
