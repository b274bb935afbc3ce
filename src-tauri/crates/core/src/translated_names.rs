//! Names translated by Debian's iso-codes (countries, currencies), shipped as TSV data: a code
//! then its French and Spanish names, one per line. One reader for every such table.

use std::collections::HashMap;
use std::sync::OnceLock;

/// The French and Spanish names by code of a `code\tfr\tes` table, read once.
pub(crate) struct TranslatedNames {
    data: &'static str,
    table: OnceLock<HashMap<&'static str, [&'static str; 2]>>,
}

impl TranslatedNames {
    pub(crate) const fn new(data: &'static str) -> Self {
        TranslatedNames {
            data,
            table: OnceLock::new(),
        }
    }

    /// The name of `code` in `lang` ("fr", "es"); None for another language or a code the
    /// table lacks (the caller falls back to the English name).
    pub(crate) fn get(&self, code: &str, lang: &str) -> Option<&'static str> {
        let column = match lang {
            "fr" => 0,
            "es" => 1,
            _ => return None,
        };
        self.table
            .get_or_init(|| {
                self.data
                    .lines()
                    .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
                    .filter_map(|l| {
                        let mut cols = l.split('\t');
                        Some((cols.next()?, [cols.next()?, cols.next()?]))
                    })
                    .collect()
            })
            .get(code)
            .map(|names| names[column])
    }
}
