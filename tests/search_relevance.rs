//! Relevance on the repository's site: queries written the way a practitioner would type them,
//! each with the page that should come first. The expected page must be in the top 3 for every
//! query; the mean reciprocal rank is printed (`cargo test --test search_relevance -- --nocapture`)
//! and must stay high.

use std::path::Path;

use brightspot::search;

const CASES: &[(&str, &str)] = &[
    (
        "how do hospitals share data with partners",
        "/case-studies/dc-health-matters/",
    ),
    (
        "paterson new jersey",
        "/case-studies/partners-for-a-healthier-paterson/",
    ),
    ("pat", "/case-studies/partners-for-a-healthier-paterson/"),
    (
        "food insecurity north philadelphia",
        "/case-studies/sharswood-thrive/",
    ),
    (
        "what is a backbone organization",
        "/glossary/backbone-organization/",
    ),
    ("learning lab 2020 networks", "/paper/the-learning-lab/"),
    (
        "theory of change impact statement",
        "/case-studies/sharswood-thrive/",
    ),
    ("anchor institution", "/glossary/anchor-institution/"),
    ("collective impact", "/glossary/collective-impact/"),
    ("what is a system navigator", "/glossary/system-navigator/"),
    ("three part aim", "/glossary/three-part-aim/"),
    ("upstream", "/glossary/upstream/"),
    (
        "social determinants",
        "/glossary/social-determinants-of-health/",
    ),
    ("dc health matters", "/case-studies/dc-health-matters/"),
    ("bridgeport prospers", "/case-studies/bridgeport-prospers/"),
    ("guilford county", "/case-studies/get-ready-guilford/"),
    (
        "does integration improve health outcomes evidence",
        "/paper/what-the-evidence-says/",
    ),
    (
        "mays smith 2016 preventable deaths",
        "/bibliography/mays2016/",
    ),
    (
        "the eleven functions of an integrator",
        "/paper/the-functions/",
    ),
    ("why do we need integrators", "/paper/why-integrators/"),
    ("future directions", "/paper/future-directions/"),
    (
        "erickson community development",
        "/bibliography/erickson2011/",
    ),
    ("chang 2012 integrator role", "/bibliography/chang2012/"),
    ("sharswood", "/case-studies/sharswood-thrive/"),
    (
        "connect people with system navigators",
        "/functions/system-navigators/",
    ),
];

#[test]
fn practitioner_queries_find_the_right_page() {
    let graph = search::cli::load_graph(Path::new(env!("CARGO_MANIFEST_DIR")), false)
        .unwrap_or_else(|(d, _)| panic!("{d:?}"));
    let index = search::index_graph(&graph).unwrap();
    assert!(CASES.len() >= 20);
    let mut reciprocal = 0.0;
    let mut misses = Vec::new();
    for (query, expected) in CASES {
        let urls: Vec<&str> = index
            .search(query, &[])
            .unwrap()
            .hits
            .iter()
            .map(|h| index.documents()[h.doc as usize].url.as_str())
            .collect();
        let rank = urls.iter().position(|u| u == expected).map(|r| r + 1);
        println!(
            "{:>4}  {query:?} → {expected}",
            rank.map_or("-".into(), |r| r.to_string())
        );
        match rank {
            Some(r) if r <= 3 => reciprocal += 1.0 / r as f64,
            _ => misses.push(format!(
                "{query:?}: {expected} at {rank:?}; top 3: {:?}",
                &urls[..urls.len().min(3)]
            )),
        }
    }
    let mrr = reciprocal / CASES.len() as f64;
    println!(
        "mean reciprocal rank over {} queries: {mrr:.3}",
        CASES.len()
    );
    assert!(
        misses.is_empty(),
        "not in the top 3:\n{}",
        misses.join("\n")
    );
    assert!(mrr >= 0.85, "mean reciprocal rank fell to {mrr:.3}");
}
