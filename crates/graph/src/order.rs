//! The shape of the graph once its nodes exist: the section tree (each section's subsections and
//! pages), the order of each section's pages with prev/next, and the index of content paths.

use std::collections::BTreeMap;

use content::schema::SortBy;

use crate::{Graph, NodeId, PageId, SectionId};

pub(crate) fn link_sections(graph: &mut Graph, ids: &BTreeMap<String, SectionId>) {
    for i in 0..graph.sections.len() {
        let dir = graph.sections[i].section.dir.clone();
        if dir.is_empty() {
            continue;
        }
        let mut parent = dir
            .rsplit_once('/')
            .map_or(String::new(), |(p, _)| p.to_string());
        loop {
            if let Some(pid) = ids.get(&parent) {
                graph.sections[pid.0].subsections.push(SectionId(i));
                break;
            }
            if parent.is_empty() {
                break;
            }
            parent = parent
                .rsplit_once('/')
                .map_or(String::new(), |(p, _)| p.to_string());
        }
    }
    for (i, p) in graph.pages.iter().enumerate() {
        graph.sections[p.section.0].pages.push(PageId(i));
    }
}

pub(crate) fn order_pages(graph: &mut Graph) {
    for s in 0..graph.sections.len() {
        let mut ids = std::mem::take(&mut graph.sections[s].pages);
        let sort_by = graph.sections[s].section.meta.sort_by;
        let pages = &graph.pages;
        ids.sort_by(|a, b| {
            let (a, b) = (&pages[a.0].page, &pages[b.0].page);
            let primary = match sort_by {
                SortBy::Weight => a.weight().cmp(&b.weight()),
                SortBy::Date => b.date().cmp(&a.date()),
                SortBy::Title => std::cmp::Ordering::Equal,
            };
            primary
                .then_with(|| a.title().to_lowercase().cmp(&b.title().to_lowercase()))
                .then_with(|| a.file.cmp(&b.file))
        });
        for (i, id) in ids.iter().enumerate() {
            graph.pages[id.0].prev = i.checked_sub(1).map(|j| ids[j]);
            graph.pages[id.0].next = ids.get(i + 1).copied();
        }
        graph.sections[s].pages = ids;
    }
}

/// Maps content paths to nodes. (Two files claiming one URL are found with every other output
/// path, in [`paths::plan`].)
pub(crate) fn index_paths(graph: &mut Graph) {
    for (i, s) in graph.sections.iter().enumerate() {
        let path = if s.section.dir.is_empty() {
            "_index.md".to_string()
        } else {
            format!("{}/_index.md", s.section.dir)
        };
        graph.by_path.insert(path, NodeId::Section(SectionId(i)));
    }
    for (i, p) in graph.pages.iter().enumerate() {
        graph
            .by_path
            .insert(p.page.content_path.clone(), NodeId::Page(PageId(i)));
    }
}
