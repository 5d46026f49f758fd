//! The in-memory index: what `list_notes` and `search_notes` read, restored
//! from the snapshot on wake or rebuilt from storage.

use std::collections::{BTreeMap, BTreeSet};

use serde::{Deserialize, Serialize};

use crate::note::{self, Note};

/// What the index keeps of one note.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Entry {
    pub title: String,
    pub tags: Vec<String>,
    pub created_ms: u64,
    /// Lowercased words of the title, body and tags, for search.
    pub words: BTreeSet<String>,
}

/// All notes of this agent, by id.
#[derive(Debug, Default, Serialize, Deserialize)]
pub struct Index {
    /// The id the next note gets.
    pub next_id: u64,
    pub entries: BTreeMap<u64, Entry>,
}

/// Splits text into lowercased words of letters and digits.
pub fn words(text: &str) -> impl Iterator<Item = String> + '_ {
    text.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()).map(str::to_lowercase)
}

impl Index {
    /// Builds the index from every note in storage.
    pub fn rebuild() -> Result<Index, String> {
        let mut index = Index::default();
        for n in note::all()? {
            index.insert(&n);
        }
        Ok(index)
    }

    /// Adds or replaces a note's entry.
    pub fn insert(&mut self, n: &Note) {
        let text = format!("{} {} {}", n.title, n.body, n.tags.join(" "));
        let entry = Entry {
            title: n.title.clone(),
            tags: n.tags.clone(),
            created_ms: n.created_ms,
            words: words(&text).collect(),
        };
        self.entries.insert(n.id, entry);
        self.next_id = self.next_id.max(n.id + 1);
    }

    /// Ids of notes where every query word is a prefix of one of the note's
    /// words, newest first.
    pub fn search(&self, query: &str) -> Vec<u64> {
        let terms: Vec<String> = words(query).collect();
        self.entries
            .iter()
            .rev()
            .filter(|(_, e)| {
                terms.iter().all(|t| e.words.range(t.clone()..).next().is_some_and(|w| w.starts_with(t.as_str())))
            })
            .map(|(id, _)| *id)
            .collect()
    }
}
