//! A case study's facts as its at-a-glance box shows them: what the sources are silent on is
//! `None` and named once in `unreported`, and vocabulary ids become their display names.

use serde::Serialize;

use super::NOT_REPORTED;
use content::schema::{CaseStudyMeta, Organization, Status, Year};
use content::vocab::Taxonomy;

/// An organization, with what the sources report about it (`None` where they are silent).
#[derive(Debug, Serialize)]
pub struct OrgView<'a> {
    /// Name.
    pub name: Option<&'a str>,
    /// Sector display name.
    pub sector: Option<String>,
    /// Role in the network.
    pub role: Option<&'a str>,
}

/// Case-study facts for the at-a-glance box. A field the sources are silent on is `None` and
/// named in `unreported`, so the page says so once instead of a row of "not reported".
#[derive(Debug, Serialize)]
pub struct CaseStudyView<'a> {
    /// The network's name.
    pub network: &'a str,
    /// City or county.
    pub city: &'a str,
    /// State display name.
    pub state: String,
    /// The integrator, when the sources name it.
    pub integrator: Option<OrgView<'a>>,
    /// The partners the sources name or describe.
    pub partners: Vec<OrgView<'a>>,
    /// "2014 – ongoing", "From 2012" or "Until 2020".
    pub years: Option<String>,
    /// Active or ended.
    pub status: Option<&'static str>,
    /// What the sources do not report, in reading order ("integrator", "years", …).
    pub unreported: Vec<&'static str>,
    /// Bibliography keys.
    pub sources: &'a [content::bibliography::CiteKey],
    /// Last review date.
    pub last_reviewed: String,
}

fn is_unknown(s: &str) -> bool {
    s.trim().eq_ignore_ascii_case("unknown")
}

/// Renders "unknown" as the not-reported text.
pub fn known(s: &str) -> &str {
    if is_unknown(s) {
        NOT_REPORTED
    } else {
        s
    }
}

/// `Some(s)` unless `s` is "unknown".
fn reported(s: &str) -> Option<&str> {
    (!is_unknown(s)).then_some(s)
}

fn year(v: &Year) -> Option<String> {
    match v {
        Year::Known(y) => Some(y.to_string()),
        Year::Ongoing => Some("ongoing".into()),
        Year::Unknown => None,
    }
}

/// The display name of a term id in a taxonomy (the id itself if unknown).
pub fn term_name(tax: Option<&Taxonomy>, id: &str) -> String {
    if id == "unknown" {
        return NOT_REPORTED.into();
    }
    tax.and_then(|t| t.vocabulary.term(id))
        .map_or_else(|| id.to_string(), |t| t.name.clone())
}

impl<'a> CaseStudyView<'a> {
    /// The view of a case study's front matter.
    pub fn new(
        cs: &'a CaseStudyMeta,
        sectors: Option<&Taxonomy>,
        states: Option<&Taxonomy>,
    ) -> Self {
        let org = |o: &'a Organization| OrgView {
            name: reported(&o.name),
            sector: reported(&o.sector).map(|id| term_name(sectors, id)),
            role: reported(&o.role),
        };
        let mut unreported = Vec::new();
        let integrator = reported(&cs.integrator.name).map(|_| org(&cs.integrator));
        if integrator.is_none() {
            unreported.push("integrator");
        }
        let partners: Vec<OrgView<'a>> = cs
            .partners
            .iter()
            .map(org)
            .filter(|o| o.name.is_some() || o.role.is_some())
            .collect();
        if partners.is_empty() {
            unreported.push("partners");
        }
        let years = match (year(&cs.years.start), year(&cs.years.end)) {
            (None, None) => None,
            (Some(s), Some(e)) => Some(format!("{s} – {e}")),
            (Some(s), None) => Some(format!("From {s}")),
            (None, Some(e)) => Some(format!("Until {e}")),
        };
        match (&years, year(&cs.years.start), year(&cs.years.end)) {
            (None, _, _) => unreported.push("years"),
            (Some(_), None, _) => unreported.push("start year"),
            (Some(_), _, None) => unreported.push("end year"),
            _ => {}
        }
        let status = match cs.status {
            Status::Active => Some("Active"),
            Status::Ended => Some("Ended"),
            Status::Unknown => None,
        };
        if status.is_none() {
            unreported.push("status");
        }
        CaseStudyView {
            network: known(&cs.network),
            city: known(&cs.location.city),
            state: term_name(states, &cs.location.state),
            integrator,
            partners,
            years,
            status,
            unreported,
            sources: &cs.sources,
            last_reviewed: cs.last_reviewed.to_string(),
        }
    }
}
