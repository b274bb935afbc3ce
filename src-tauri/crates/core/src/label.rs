//! A record's name as an officer reads it in the merge preview, the conflicts and the
//! database check. Most records are named by their own data (a title, a name); a few only by
//! data inside a phrase — a contact by its date, a rate by its pair and first day. The phrase
//! is kept as a catalog key and parameters (`sync.label.<key>`), so each edge words it in the
//! officer's language like an issue's message (`validate::set_message_wording`); the English
//! is what the core itself shows (logs, `--json`).

use serde::Serialize;

/// The phrases a record's label can be. Each names its parameters in the order the SQL
/// encoding ([`RecordLabel::from_sql`]) gives the values; parameter names follow the wording
/// conventions (`date` is written in words, `partnership_status` and `cost_category` are
/// enum values worded by their labels).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Phrase {
    /// A partnership's status change: "paused on 2026-05-04".
    StatusChange,
    /// A contact, named by its date: "on 2026-08-12" (the preview puts "contact" before it).
    Contact,
    /// A dated rate: "EUR→USD from 2026-01-01", "GH Accra from 2026-01-01".
    FromDate,
    /// A cost line without a description, named by its category: "accommodation".
    CostCategory,
    /// A participant by person and exchange: "Amina Diallo at Accra study visit".
    ParticipantAt,
    /// The network's norms (settings that must agree with each other), in the check.
    Norms,
    /// One setting, named by its key ("norms.exchange_size_min"): each edge words it as the
    /// Settings page does ("1:1 peer learning and twinning: fewest people in an exchange").
    Setting,
}

impl Phrase {
    pub const ALL: [Phrase; 7] = [
        Phrase::StatusChange,
        Phrase::Contact,
        Phrase::FromDate,
        Phrase::CostCategory,
        Phrase::ParticipantAt,
        Phrase::Norms,
        Phrase::Setting,
    ];

    /// The catalog key's last part (`sync.label.<key>`) and the SQL encoding's tag.
    pub fn key(self) -> &'static str {
        match self {
            Phrase::StatusChange => "status_change",
            Phrase::Contact => "contact",
            Phrase::FromDate => "from_date",
            Phrase::CostCategory => "cost_category",
            Phrase::ParticipantAt => "participant_at",
            Phrase::Norms => "norms",
            Phrase::Setting => "setting",
        }
    }

    /// The parameters, in the order the values come.
    pub fn params(self) -> &'static [&'static str] {
        match self {
            Phrase::StatusChange => &["partnership_status", "date"],
            Phrase::Contact => &["date"],
            Phrase::FromDate => &["what", "date"],
            Phrase::CostCategory => &["cost_category"],
            Phrase::ParticipantAt => &["person", "exchange"],
            Phrase::Norms => &[],
            Phrase::Setting => &["setting"],
        }
    }

    fn english(self) -> &'static str {
        match self {
            Phrase::StatusChange => "{partnership_status} on {date}",
            Phrase::Contact => "on {date}",
            Phrase::FromDate => "{what} from {date}",
            Phrase::CostCategory => "{cost_category}",
            Phrase::ParticipantAt => "{person} at {exchange}",
            Phrase::Norms => "the norms",
            Phrase::Setting => "{setting}",
        }
    }

    fn from_key(key: &str) -> Option<Phrase> {
        Phrase::ALL.into_iter().find(|p| p.key() == key)
    }
}

/// Starts a label the synced tables' SQL builds as a phrase: `char(1)`, the phrase's key, then
/// each value after `char(31)` (see `sync::tables`). Neither character can be typed from a
/// keyboard; a title that somehow starts with `char(1)` still reads as its text (see
/// [`RecordLabel::from_sql`]).
const PHRASE_MARK: char = '\u{1}';
const VALUE_SEPARATOR: char = '\u{1f}';

#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Default)]
pub struct RecordLabel {
    phrase: Option<Phrase>,
    /// The record's own text, or the phrase's values in [`Phrase::params`] order.
    values: Vec<String>,
}

impl RecordLabel {
    /// A label that is the record's own text (a title, a name).
    pub fn text(text: impl Into<String>) -> Self {
        RecordLabel {
            phrase: None,
            values: vec![text.into()],
        }
    }

    /// A label in a phrase; `values` in the order of [`Phrase::params`].
    pub fn phrase(phrase: Phrase, values: &[&str]) -> Self {
        RecordLabel {
            phrase: Some(phrase),
            values: values.iter().map(|v| v.to_string()).collect(),
        }
    }

    /// A label as a synced table's `label` SQL gives it: plain text, or a phrase encoded with
    /// [`PHRASE_MARK`] and [`VALUE_SEPARATOR`]. A phrase this build does not know reads as
    /// its words joined, never with the marks.
    pub fn from_sql(text: Option<String>) -> Self {
        let text = text.unwrap_or_default();
        let Some(encoded) = text.strip_prefix(PHRASE_MARK) else {
            return RecordLabel::text(text);
        };
        let mut parts = encoded.split(VALUE_SEPARATOR);
        let key = parts.next().unwrap_or_default();
        let values: Vec<&str> = parts.collect();
        match Phrase::from_key(key) {
            Some(phrase) if values.len() == phrase.params().len() => {
                RecordLabel::phrase(phrase, &values)
            }
            _ => RecordLabel::text(encoded.replace(VALUE_SEPARATOR, " ")),
        }
    }

    /// The SQL expression that encodes `phrase` with the values of `exprs` (SQL over the
    /// table's alias): what `sync::tables` writes out for its phrase labels.
    pub fn sql(phrase: Phrase, exprs: &[&str]) -> String {
        let mut sql = format!("char(1) || '{}'", phrase.key());
        for expr in exprs {
            sql.push_str(&format!(" || char(31) || coalesce({expr}, '')"));
        }
        sql
    }

    /// No text to show (the preview then says "untitled"); a phrase always has words.
    pub fn is_empty(&self) -> bool {
        self.phrase.is_none() && self.values.iter().all(|v| v.trim().is_empty())
    }

    /// The phrase's catalog key (`sync.label.<key>`), for an edge that words it itself.
    pub fn catalog_key(&self) -> Option<String> {
        // i18n-dynamic: sync.label.
        self.phrase
            .map(|phrase| format!("sync.label.{}", phrase.key()))
    }

    /// The phrase's parameters, named, with their values as stored (none for a plain text).
    pub fn params(&self) -> Vec<(&'static str, String)> {
        match self.phrase {
            Some(phrase) => phrase
                .params()
                .iter()
                .copied()
                .zip(self.values.iter().cloned())
                .collect(),
            None => Vec::new(),
        }
    }

    /// The label in the core's English: the phrase with its values as stored.
    pub fn english(&self) -> String {
        match self.phrase {
            None => self.values.concat(),
            Some(phrase) => self
                .params()
                .iter()
                .fold(phrase.english().to_string(), |text, (name, value)| {
                    text.replace(&format!("{{{name}}}"), value)
                }),
        }
    }

    /// The label in the language of the edge that installed a wording (the app's, the CLI's
    /// `--lang`), else in English.
    pub fn worded(&self) -> String {
        match self.catalog_key() {
            None => self.english(),
            Some(key) => crate::validate::serialised_text(&key, &self.params(), &self.english()),
        }
    }
}

impl From<&str> for RecordLabel {
    fn from(text: &str) -> Self {
        RecordLabel::text(text)
    }
}

impl From<&String> for RecordLabel {
    fn from(text: &String) -> Self {
        RecordLabel::text(text.as_str())
    }
}

impl From<String> for RecordLabel {
    fn from(text: String) -> Self {
        RecordLabel::text(text)
    }
}

/// Compares the label's English (what tests and logs read).
impl PartialEq<&str> for RecordLabel {
    fn eq(&self, other: &&str) -> bool {
        self.english() == *other
    }
}

impl std::fmt::Display for RecordLabel {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.worded())
    }
}

impl Serialize for RecordLabel {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.worded())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_phrase_survives_its_sql_encoding_and_reads_in_english() {
        let conn = rusqlite::Connection::open_in_memory().unwrap();
        for (phrase, values) in [
            (Phrase::Contact, vec!["2026-08-12"]),
            (Phrase::StatusChange, vec!["paused", "2026-05-04"]),
            (Phrase::FromDate, vec!["EUR→USD", "2026-01-01"]),
            (Phrase::CostCategory, vec!["accommodation"]),
            (
                Phrase::ParticipantAt,
                vec!["Amina Diallo", "Accra study visit"],
            ),
            (Phrase::Norms, vec![]),
        ] {
            let exprs: Vec<String> = values.iter().map(|v| format!("'{v}'")).collect();
            let exprs: Vec<&str> = exprs.iter().map(String::as_str).collect();
            let sql = format!("SELECT {}", RecordLabel::sql(phrase, &exprs));
            let text: Option<String> = conn.query_row(&sql, [], |r| r.get(0)).unwrap();
            let label = RecordLabel::from_sql(text);
            assert_eq!(label, RecordLabel::phrase(phrase, &values));
            let english = label.english();
            assert!(
                values.iter().all(|v| english.contains(v)) && !english.contains('{'),
                "{english}"
            );
        }
        assert_eq!(
            RecordLabel::phrase(Phrase::FromDate, &["GH Accra", "2026-01-01"]).english(),
            "GH Accra from 2026-01-01"
        );
    }

    #[test]
    fn a_missing_value_leaves_an_empty_place_and_an_unknown_phrase_reads_as_its_values() {
        let conn = rusqlite::Connection::open_in_memory().unwrap();
        let sql = format!("SELECT {}", RecordLabel::sql(Phrase::Contact, &["NULL"]));
        let text: Option<String> = conn.query_row(&sql, [], |r| r.get(0)).unwrap();
        assert_eq!(RecordLabel::from_sql(text).english(), "on ");
        let unknown = format!("{PHRASE_MARK}visit{VALUE_SEPARATOR}Accra{VALUE_SEPARATOR}May");
        assert_eq!(
            RecordLabel::from_sql(Some(unknown)).english(),
            "visit Accra May"
        );
        assert_eq!(RecordLabel::from_sql(None), RecordLabel::text(""));
        assert!(RecordLabel::from_sql(None).is_empty());
        assert!(!RecordLabel::phrase(Phrase::Norms, &[]).is_empty());
    }
}
