//! Map data for the evidence map: state outlines (`data/us-states.toml`) and the coordinates of
//! places case studies name (`data/places.toml`). Both are optional; without them the map is
//! left out.

use serde::Deserialize;

use crate::load::TextFile;
use model::config::toml_diagnostic;
use model::diagnostics::Diagnostic;

/// One state's outline.
#[derive(Debug, Clone, Deserialize)]
pub struct StateShape {
    /// State name.
    pub name: String,
    /// FIPS code.
    pub fips: String,
    /// SVG path data in the 975 × 610 map box.
    pub path: String,
}

/// `data/us-states.toml`.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct Shapes {
    /// Every state and DC.
    pub states: Vec<StateShape>,
}

/// A known place's coordinates.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Place {
    /// City or county, as in `location.city`.
    pub city: String,
    /// State id.
    pub state: String,
    /// Latitude in degrees.
    pub lat: f64,
    /// Longitude in degrees.
    pub lon: f64,
}

/// `data/places.toml`.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct Places {
    /// Known places.
    pub places: Vec<Place>,
}

/// The map data of a site.
#[derive(Debug, Clone, Default)]
pub struct MapData {
    /// State outlines.
    pub shapes: Shapes,
    /// Known places.
    pub places: Places,
}

impl MapData {
    /// Coordinates of a case study's place, if listed.
    pub fn place(&self, city: &str, state: &str) -> Option<&Place> {
        self.places
            .places
            .iter()
            .find(|p| p.city == city && p.state == state)
    }
}

/// Reads the map files from the data folder.
pub fn load(data: &[TextFile]) -> (MapData, Vec<Diagnostic>) {
    let mut problems = Vec::new();
    let mut map = MapData::default();
    for f in data {
        let name = f.path.to_string_lossy().replace('\\', "/");
        if name == "data/us-states.toml" {
            match toml::from_str(&f.text) {
                Ok(s) => map.shapes = s,
                Err(e) => problems.push(toml_diagnostic(&f.path, 0, &f.text, &e)),
            }
        } else if name == "data/places.toml" {
            match toml::from_str(&f.text) {
                Ok(p) => map.places = p,
                Err(e) => problems.push(toml_diagnostic(&f.path, 0, &f.text, &e)),
            }
        }
    }
    (map, problems)
}
