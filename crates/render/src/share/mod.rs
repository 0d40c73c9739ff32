//! Sharing: what a link shows when it is pasted into Slack, Teams, e-mail or LinkedIn
//! (OpenGraph and Twitter tags with a social image), the page's structured data (JSON-LD), and
//! the files that go with them: social images, icons, the web app manifest and the offline
//! service worker. Every template gets a `share` view; `share.html` writes the tags.

pub mod icons;
pub mod jsonld;
pub mod links;
pub mod offline;
pub mod social;

pub use links::{qr_svg, redirect_pages, redirect_rules, short_view, ShortView};

use serde::Serialize;

use content::schema::PageType;
use graph::{Graph, PageNode, Permalink};
use std::collections::BTreeMap;

/// What kind of thing a shared URL is, as OpenGraph names it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum OgType {
    /// A page with its own text: a case study, a chapter, a glossary entry.
    Article,
    /// A listing, an index or the home page.
    Website,
}

/// The social image a card shows.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct ImageView {
    /// Absolute URL.
    pub url: String,
    /// Pixels.
    pub width: u32,
    /// Pixels.
    pub height: u32,
    /// What the image says, for readers who cannot see it.
    pub alt: String,
}

/// The share card of one output: `share.html` turns it into `og:` and `twitter:` tags.
#[derive(Debug, Clone, Serialize)]
pub struct ShareView {
    /// The page's own title, without the site name (`og:site_name` carries that).
    pub title: String,
    /// One or two plain sentences.
    pub description: String,
    /// The canonical absolute URL.
    pub url: String,
    /// `og:type`.
    pub kind: OgType,
    /// The site's title.
    pub site_name: String,
    /// The page's social image, else the site's.
    pub image: Option<ImageView>,
    /// `summary_large_image` when there is an image, else `summary`.
    pub card: &'static str,
    /// Structured data, already escaped for a `<script type="application/ld+json">` element.
    pub json_ld: Option<String>,
}

/// The asset name a page's social image is known by (`social/case-studies/x.png`); the
/// written file carries a content hash.
pub fn image_key(permalink: &Permalink) -> String {
    format!("social/{}.png", permalink.as_str().trim_end_matches('/'))
}

/// The asset name of the site's own social image.
pub const SITE_IMAGE: &str = "social.png";

/// Whether a page gets a social image of its own.
pub fn has_own_image(page: &PageNode) -> bool {
    matches!(
        page.page.page_type(),
        PageType::CaseStudy | PageType::Chapter
    )
}

/// Builds share views from the graph and the asset names (which hold the social images).
pub struct Cards<'a> {
    graph: &'a Graph,
    assets: &'a BTreeMap<String, String>,
}

impl<'a> Cards<'a> {
    /// Cards for `graph`, whose social images are named in `assets`.
    pub fn new(graph: &'a Graph, assets: &'a BTreeMap<String, String>) -> Self {
        Cards { graph, assets }
    }

    fn image(&self, key: &str, alt: String) -> Option<ImageView> {
        self.assets.get(key).map(|path| ImageView {
            url: self.graph.base_url.absolute(path),
            width: social::WIDTH,
            height: social::HEIGHT,
            alt,
        })
    }

    /// The site's image, described.
    pub fn site_image(&self) -> Option<ImageView> {
        self.image(SITE_IMAGE, social::site_alt(self.graph))
    }

    /// A card for an output that is not a page: a listing, an index, the search page. `path` is
    /// the URL path under the base URL (`bibliography/`, empty for home).
    pub fn listing(&self, title: &str, description: &str, path: &str) -> ShareView {
        self.view(
            title,
            description,
            path,
            OgType::Website,
            self.site_image(),
            None,
        )
    }

    /// The home page's card, with the site's `WebSite` structured data.
    pub fn home(&self) -> ShareView {
        let c = &self.graph.config;
        let ld = jsonld::website(self.graph);
        self.view(
            &c.title,
            &c.description,
            "",
            OgType::Website,
            self.site_image(),
            Some(ld),
        )
    }

    /// A page's card: its own image when it has one, and structured data for case studies and
    /// chapters.
    pub fn page(&self, node: &PageNode, place: Option<&str>) -> ShareView {
        let image = if has_own_image(node) {
            self.image(
                &image_key(&node.permalink),
                social::page_alt(self.graph, node, place),
            )
        } else {
            None
        }
        .or_else(|| self.site_image());
        let url = self.graph.base_url.absolute(node.permalink.as_str());
        let ld = jsonld::page(self.graph, node, &url, image.as_ref());
        self.view(
            node.page.title(),
            node.page.description(),
            node.permalink.as_str(),
            OgType::Article,
            image,
            ld,
        )
    }

    fn view(
        &self,
        title: &str,
        description: &str,
        path: &str,
        kind: OgType,
        image: Option<ImageView>,
        json_ld: Option<serde_json::Value>,
    ) -> ShareView {
        let description = if description.trim().is_empty() {
            self.graph.config.description.clone()
        } else {
            description.to_string()
        };
        ShareView {
            title: title.to_string(),
            description,
            url: self.graph.base_url.absolute(path),
            kind,
            site_name: self.graph.config.title.clone(),
            card: if image.is_some() {
                "summary_large_image"
            } else {
                "summary"
            },
            image,
            json_ld: json_ld.map(|v| jsonld::script_text(&v)),
        }
    }
}
