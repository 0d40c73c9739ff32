//! The `brightspot` command line: parses arguments and runs a command. Exit codes: 0 success,
//! 1 content errors, 2 usage errors.

use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

use brightspot::base_url::BaseUrl;
use brightspot::diagnostics;
use brightspot::pipeline::{self, Options, Outcome};
use clap::{Args, Parser, Subcommand};

/// mimalloc, not glibc's malloc: a large build spent a fifth of its CPU in glibc's bin
/// management (bench/README.md, "The allocator").
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// A static-site generator for the population health integrator evidence site.
#[derive(Parser, Debug)]
#[command(name = "brightspot", version, about, long_about = None)]
struct Cli {
    /// Show per-stage timings on stderr.
    #[arg(short, long, global = true)]
    verbose: bool,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand, Debug)]
enum Command {
    /// Build the site into the output folder (public/ by default).
    Build(BuildArgs),
    /// Run every check of a build without writing anything; report every problem at once.
    Check(CheckArgs),
    /// Build into memory, serve on http://127.0.0.1:1111/ and rebuild and reload on every save.
    Serve(ServeArgs),
    /// Start a new file from an archetype: every field, with comments explaining each.
    New(NewArgs),
    /// Search the site natively with the index the build exports, and print the results.
    Search(SearchArgs),
}

#[derive(Args, Debug)]
struct SearchArgs {
    /// The query, as typed in the search box (the last word is completed as a prefix unless
    /// it ends with a space).
    query: String,
    /// The project folder (the one holding brightspot.toml).
    #[arg(long, value_name = "DIR", default_value = ".")]
    root: PathBuf,
    /// Filters, e.g. `type=case-study;function=fn-1;state=pa` (values separated by commas).
    #[arg(long, value_name = "SPEC", default_value = "")]
    filter: String,
    /// How many results to print.
    #[arg(long, default_value_t = 10)]
    limit: usize,
    /// Print JSON instead of text.
    #[arg(long)]
    json: bool,
}

#[derive(Args, Debug)]
struct ServeArgs {
    /// The project folder (the one holding brightspot.toml).
    #[arg(long, value_name = "DIR", default_value = ".")]
    root: PathBuf,
    /// The port to listen on (0 picks a free one).
    #[arg(long, default_value_t = 1111)]
    port: u16,
    /// The address to listen on. The default serves only this computer; 0.0.0.0 would expose
    /// the preview to the network.
    #[arg(long, value_name = "ADDR", default_value = "127.0.0.1")]
    bind: std::net::IpAddr,
    /// Open the site in the default browser.
    #[arg(long)]
    open: bool,
    /// Include pages marked `draft = true`.
    #[arg(long)]
    drafts: bool,
}

#[derive(Args, Debug)]
struct NewArgs {
    /// What to create.
    #[arg(value_enum)]
    kind: NewKind,
    /// The network's name, the page's title, or the reference's key (such as "smith2021").
    name: String,
    /// The project folder (the one holding brightspot.toml).
    #[arg(long, value_name = "DIR", default_value = ".")]
    root: PathBuf,
    /// For `page`: the folder under content/ to put it in.
    #[arg(long, value_name = "DIR")]
    section: Option<String>,
}

#[derive(clap::ValueEnum, Clone, Copy, Debug)]
enum NewKind {
    /// A case study of one network.
    CaseStudy,
    /// A generic page.
    Page,
    /// A bibliography entry and its annotation.
    Reference,
}

#[derive(Args, Debug)]
struct BuildArgs {
    /// The project folder (the one holding brightspot.toml).
    #[arg(long, value_name = "DIR", default_value = ".")]
    root: PathBuf,
    /// Where to write the site (default: `output_dir` from brightspot.toml, i.e. public/).
    /// A folder outside the project must be empty or hold a previous build.
    #[arg(long, value_name = "DIR")]
    output: Option<PathBuf>,
    /// Override `base_url` from brightspot.toml (for deploy previews); an absolute http(s) URL.
    #[arg(long, value_name = "URL")]
    base_url: Option<BaseUrl>,
    /// Include pages marked `draft = true`.
    #[arg(long)]
    drafts: bool,
    /// Fail when a case study is over the page-weight budget (CI and Netlify build so).
    #[arg(long)]
    strict: bool,
}

#[derive(Args, Debug)]
struct CheckArgs {
    /// The project folder (the one holding brightspot.toml).
    #[arg(long, value_name = "DIR", default_value = ".")]
    root: PathBuf,
    /// Check as if drafts were published (`build --drafts`): links to drafts are then fine.
    /// Drafts are always checked; without this flag a published page linking to one is an
    /// error, as in a build.
    #[arg(long)]
    drafts: bool,
    /// Fail when a case study is over the page-weight budget (CI checks so).
    #[arg(long)]
    strict: bool,
    /// Also fetch every external link (needs network) and report the ones that fail.
    #[arg(long)]
    external: bool,
    /// With --external: also fetch links to loopback, private and link-local addresses (such as
    /// http://127.0.0.1/ or a name that resolves to 10.0.0.1), refused by default because
    /// contributors write the links.
    #[arg(long, requires = "external")]
    allow_private: bool,
    /// Also write the run as a Markdown report to FILE (problems by file; pages added, changed
    /// and removed; case-study weights; citations added), for a pull request's job summary.
    #[arg(long, value_name = "FILE")]
    summary: Option<PathBuf>,
    /// With --summary: the output folder of a previous build (the base branch built with this
    /// generator) to compare the pages with.
    #[arg(long, value_name = "DIR", requires = "summary")]
    compare: Option<PathBuf>,
    /// Seconds to wait for each external link.
    #[arg(
        long,
        value_name = "SECONDS",
        default_value_t = 10,
        requires = "external"
    )]
    timeout: u64,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let started = Instant::now();
    match cli.command {
        Command::Build(args) => build(args, cli.verbose, started),
        Command::Check(args) => check(args, cli.verbose, started),
        Command::Serve(args) => serve(args),
        Command::New(args) => new(args),
        Command::Search(args) => search(args),
    }
}

fn report(outcome: &Outcome, verbose: bool) {
    let mut err = std::io::stderr().lock();
    let _ = diagnostics::write(&mut err, &outcome.diagnostics, &outcome.sources);
    if std::env::var_os("GITHUB_ACTIONS").is_some() {
        let _ = std::io::stdout().write_all(
            diagnostics::render_github(&outcome.diagnostics, &outcome.sources).as_bytes(),
        );
    }
    if verbose {
        for (stage, t) in &outcome.timings {
            let _ = writeln!(err, "  {stage:<9} {:>8.1} ms", t.as_secs_f64() * 1000.0);
        }
        if let Some(weight) = &outcome.page_weight {
            let _ = writeln!(err, "{weight}");
        }
    }
    let errors = outcome.diagnostics.iter().filter(|d| d.is_error()).count();
    let warnings = outcome.diagnostics.len() - errors;
    if errors > 0 {
        let _ = writeln!(
            err,
            "error: {errors} error(s), {warnings} warning(s); fix the errors above and run again"
        );
    } else if warnings > 0 {
        let _ = writeln!(err, "{warnings} warning(s)");
    }
}

fn build(args: BuildArgs, verbose: bool, started: Instant) -> ExitCode {
    let options = Options {
        root: args.root.clone(),
        base_url: args.base_url,
        drafts: args.drafts,
        check_drafts: false,
        strict: args.strict,
        pages: pipeline::Pages::Write(pipeline::WriteTo {
            explicit: args.output.clone(),
        }),
    };
    let outcome = pipeline::run(&options);
    let out_dir = pipeline::output_dir(&args.root, args.output.as_deref(), &outcome);
    report(&outcome, verbose);
    if outcome.has_errors() {
        eprintln!(
            "the previous output in {} was left unchanged",
            out_dir.display()
        );
        return ExitCode::from(1);
    }
    if let Some(refusal) = &outcome.refusal {
        eprintln!("error: {refusal}\n  = help: choose another folder with --output DIR");
        return ExitCode::from(2);
    }
    eprintln!(
        "built {} pages ({} files) into {} in {} ms",
        outcome.page_count,
        outcome.files.len() + outcome.written.len(),
        display(&out_dir),
        started.elapsed().as_millis()
    );
    ExitCode::SUCCESS
}

fn check(args: CheckArgs, verbose: bool, started: Instant) -> ExitCode {
    let options = Options {
        root: args.root,
        base_url: None,
        drafts: args.drafts,
        check_drafts: true,
        strict: args.strict,
        // Pages are dropped as they are rendered, unless the pull-request summary compares
        // them with a previous build byte for byte.
        pages: if args.summary.is_some() && args.compare.is_some() {
            pipeline::Pages::Keep
        } else {
            pipeline::Pages::Drop
        },
    };
    let mut outcome = pipeline::run(&options);
    if args.external {
        let (problems, count) = brightspot::external::check(
            &outcome.external_links,
            std::time::Duration::from_secs(args.timeout),
            args.allow_private,
        );
        eprintln!(
            "checked {count} external URLs ({} links): {} failed",
            outcome.external_links.len(),
            problems.len()
        );
        outcome.diagnostics.extend(problems);
        diagnostics::sort(&mut outcome.diagnostics);
    }
    report(&outcome, verbose);
    if let Some(file) = &args.summary {
        let text = brightspot::pipeline::summary::report(&outcome, args.compare.as_deref());
        if let Err(e) = std::fs::write(file, text) {
            eprintln!("error: cannot write the summary to {}: {e}", file.display());
            return ExitCode::from(2);
        }
    }
    let drafts = match outcome.draft_count {
        0 => " (no drafts)".to_string(),
        1 => " (1 of them a draft)".to_string(),
        n => format!(" ({n} of them drafts)"),
    };
    let checked = format!(
        "checked {} pages{drafts} in {} ms",
        outcome.page_count,
        started.elapsed().as_millis()
    );
    if outcome.has_errors() {
        return ExitCode::from(1);
    }
    eprintln!("{checked}: no errors");
    ExitCode::SUCCESS
}

fn serve(args: ServeArgs) -> ExitCode {
    if !args.root.join("brightspot.toml").is_file() {
        eprintln!(
            "error: no brightspot.toml in {}\n  = help: run brightspot in the project folder, or pass --root DIR",
            display(&args.root)
        );
        return ExitCode::from(2);
    }
    let options = brightspot::serve::ServeOptions {
        root: args.root,
        bind: args.bind,
        port: args.port,
        drafts: args.drafts,
        open: args.open,
        debounce: Default::default(),
    };
    match brightspot::serve::serve(options) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::from(2)
        }
    }
}

fn new(args: NewArgs) -> ExitCode {
    use brightspot::new::Kind;
    let kind = match args.kind {
        NewKind::CaseStudy => Kind::CaseStudy,
        NewKind::Page => Kind::Page,
        NewKind::Reference => Kind::Reference,
    };
    if !args.root.join("brightspot.toml").is_file() {
        eprintln!(
            "error: no brightspot.toml in {}\n  = help: run brightspot in the project folder, or pass --root DIR",
            display(&args.root)
        );
        return ExitCode::from(2);
    }
    match brightspot::new::new(&args.root, kind, &args.name, args.section.as_deref()) {
        Ok(created) => {
            for f in &created.files {
                println!("created {}", f.display());
            }
            println!("next steps:");
            for (i, step) in created.next_steps.iter().enumerate() {
                println!("  {}. {step}", i + 1);
            }
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::from(2)
        }
    }
}

fn search(args: SearchArgs) -> ExitCode {
    use brightspot::search;
    if !args.root.join("brightspot.toml").is_file() {
        eprintln!(
            "error: no brightspot.toml in {}\n  = help: run brightspot in the project folder, or pass --root DIR",
            display(&args.root)
        );
        return ExitCode::from(2);
    }
    let graph = match search::cli::load_graph(&args.root, false) {
        Ok(g) => g,
        Err((problems, sources)) => {
            let _ = diagnostics::write(&mut std::io::stderr().lock(), &problems, &sources);
            return ExitCode::from(1);
        }
    };
    let printed = search::index_graph(&graph).and_then(|index| {
        if args.json {
            search::cli::json_results(&index, &args.query, &args.filter, args.limit)
        } else {
            search::cli::format_results(&index, &args.query, &args.filter, args.limit)
        }
    });
    match printed {
        Ok(text) => {
            let mut out = std::io::stdout().lock();
            let _ = writeln!(out, "{}", text.trim_end());
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("error: building the search index failed: {e}");
            ExitCode::from(1)
        }
    }
}

fn display(p: &Path) -> String {
    p.strip_prefix("./").unwrap_or(p).display().to_string()
}
