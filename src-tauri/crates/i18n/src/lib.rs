//! PeerPlan's words in English, French and Spanish.
//!
//! One JSON catalog per language (`ui/i18n/{en,fr,es}.json`) is shared by the web UI (which
//! fetches its language's file) and the Rust edges — the desktop shell's menus and error
//! messages, the documents and the CLI — which embed the same files through this crate. A
//! catalog is parsed the first time its language is used, so a start-up in English never reads
//! the French and Spanish ones.
//!
//! A message is a flat key ("menu.file.print") mapped to a text with `{name}` placeholders, or
//! to an object of plural forms (`{"one": "…", "other": "…"}`) chosen by the `count` parameter.
//! The core's validation and sync messages are worded here from their stable code and
//! parameters (`issue.<code>`, `error.<code>`), so the core itself stays free of wording.

use std::collections::BTreeMap;
use std::fmt;
use std::sync::OnceLock;

use serde_json::Value;

/// A language PeerPlan speaks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
pub enum Lang {
    #[default]
    En,
    Fr,
    Es,
}

impl Lang {
    pub const ALL: [Lang; 3] = [Lang::En, Lang::Fr, Lang::Es];

    /// The two-letter code ("fr").
    pub fn code(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::Fr => "fr",
            Lang::Es => "es",
        }
    }

    /// The language's own name, as a language menu shows it ("Français").
    pub fn native_name(self) -> &'static str {
        match self {
            Lang::En => "English",
            Lang::Fr => "Français",
            Lang::Es => "Español",
        }
    }

    /// Reads a language code or a locale as systems write it: "fr", "FR", "fr-CA",
    /// "fr_FR.UTF-8", "es_ES@euro", "français". None for a language PeerPlan does not speak.
    pub fn parse(text: &str) -> Option<Lang> {
        let plain: String = text
            .trim()
            .to_lowercase()
            .chars()
            .map(|c| match c {
                'é' => 'e',
                'ñ' => 'n',
                'ç' => 'c',
                other => other,
            })
            .collect();
        let head: String = plain
            .chars()
            .take_while(|c| c.is_ascii_alphabetic())
            .collect();
        match head.as_str() {
            "en" | "english" | "anglais" | "ingles" => Some(Lang::En),
            "fr" | "french" | "francais" | "frances" => Some(Lang::Fr),
            "es" | "spanish" | "espagnol" | "espanol" => Some(Lang::Es),
            _ => None,
        }
    }

    /// The language a command-line program should speak, from the environment as POSIX reads
    /// it: the first of `LC_ALL`, `LC_MESSAGES` and `LANG` that is set and not empty decides;
    /// "C"/"POSIX" or a language PeerPlan does not speak mean English.
    pub fn from_env() -> Lang {
        Lang::from_env_with(|name| std::env::var(name).ok())
    }

    /// [`Lang::from_env`] over any source of variables (for tests).
    pub fn from_env_with(get: impl Fn(&str) -> Option<String>) -> Lang {
        ["LC_ALL", "LC_MESSAGES", "LANG"]
            .iter()
            .filter_map(|name| get(name))
            .find(|value| !value.trim().is_empty())
            .and_then(|value| Lang::parse(&value))
            .unwrap_or_default()
    }

    /// Whether `count` takes the singular form ("one") in this language: French counts 0 and 1
    /// as singular ("0 échange"), English and Spanish only 1.
    pub fn is_singular(self, count: i64) -> bool {
        match self {
            Lang::Fr => count == 0 || count == 1,
            Lang::En | Lang::Es => count == 1,
        }
    }
}

impl fmt::Display for Lang {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

/// The catalogs' text, as shipped (the same files the UI fetches).
pub fn catalog_source(lang: Lang) -> &'static str {
    match lang {
        Lang::En => include_str!("../../../../ui/i18n/en.json"),
        Lang::Fr => include_str!("../../../../ui/i18n/fr.json"),
        Lang::Es => include_str!("../../../../ui/i18n/es.json"),
    }
}

/// One language's messages, parsed.
pub struct Catalog {
    messages: BTreeMap<String, Value>,
}

impl Catalog {
    /// Reads a catalog file's text. A catalog that does not parse is a build mistake the
    /// completeness tests catch; at run time it reads as empty, so every message falls back to
    /// its key rather than the program stopping.
    pub fn parse(source: &str) -> Catalog {
        let messages = match serde_json::from_str::<Value>(source) {
            Ok(Value::Object(map)) => map
                .into_iter()
                .filter(|(k, _)| !k.starts_with('_'))
                .collect(),
            _ => BTreeMap::new(),
        };
        Catalog { messages }
    }

    /// The catalog of a language, parsed on first use.
    pub fn of(lang: Lang) -> &'static Catalog {
        static CATALOGS: [OnceLock<Catalog>; 3] =
            [OnceLock::new(), OnceLock::new(), OnceLock::new()];
        let slot = match lang {
            Lang::En => &CATALOGS[0],
            Lang::Fr => &CATALOGS[1],
            Lang::Es => &CATALOGS[2],
        };
        slot.get_or_init(|| Catalog::parse(catalog_source(lang)))
    }

    /// Every key, in order.
    pub fn keys(&self) -> impl Iterator<Item = &str> {
        self.messages.keys().map(String::as_str)
    }

    pub fn has(&self, key: &str) -> bool {
        self.messages.contains_key(key)
    }

    /// The raw entry of a key (a string, or an object of plural forms).
    pub fn entry(&self, key: &str) -> Option<&Value> {
        self.messages.get(key)
    }
}

/// A message's parameters: name and already-worded value.
pub type Args<'a> = &'a [(&'a str, String)];

/// The message `key` in `lang` with its `{name}` placeholders filled from `args`. A key the
/// catalog lacks is returned as the English text, or as the key itself (never an empty string,
/// never a panic). For a plural entry, the `count` argument picks the form.
pub fn t(lang: Lang, key: &str, args: Args) -> String {
    lookup(lang, key, args)
        .or_else(|| {
            (lang != Lang::En)
                .then(|| lookup(Lang::En, key, args))
                .flatten()
        })
        .unwrap_or_else(|| key.to_string())
}

/// Whether `lang`'s catalog has a message for `key`.
pub fn has(lang: Lang, key: &str) -> bool {
    Catalog::of(lang).has(key)
}

fn lookup(lang: Lang, key: &str, args: Args) -> Option<String> {
    let template = match Catalog::of(lang).entry(key)? {
        Value::String(text) => text.as_str(),
        Value::Object(forms) => {
            let count = args
                .iter()
                .find(|(name, _)| *name == "count")
                .and_then(|(_, v)| {
                    v.replace(['\u{202f}', '\u{a0}', ',', ' '], "")
                        .parse::<i64>()
                        .ok()
                })
                .unwrap_or(0);
            let form = if lang.is_singular(count) {
                "one"
            } else {
                "other"
            };
            forms.get(form).or_else(|| forms.get("other"))?.as_str()?
        }
        _ => return None,
    };
    Some(fill(template, args))
}

/// Replaces each `{name}` with its argument; an unknown placeholder stays as written.
pub fn fill(template: &str, args: Args) -> String {
    let mut out = String::with_capacity(template.len() + 16);
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        match after.find('}') {
            Some(close) if is_name(&after[..close]) => {
                let name = &after[..close];
                match args.iter().find(|(n, _)| *n == name) {
                    Some((_, value)) => out.push_str(value),
                    None => {
                        out.push('{');
                        out.push_str(name);
                        out.push('}');
                    }
                }
                rest = &after[close + 1..];
            }
            _ => {
                out.push('{');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

fn is_name(text: &str) -> bool {
    !text.is_empty() && text.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
}

/// The placeholders a message uses, sorted (every plural form's together).
pub fn placeholders(entry: &Value) -> Vec<String> {
    let mut names = Vec::new();
    let mut collect = |text: &str| {
        let mut rest = text;
        while let Some(open) = rest.find('{') {
            let after = &rest[open + 1..];
            match after.find('}') {
                Some(close) if is_name(&after[..close]) => {
                    names.push(after[..close].to_string());
                    rest = &after[close + 1..];
                }
                _ => rest = after,
            }
        }
    };
    match entry {
        Value::String(text) => collect(text),
        Value::Object(forms) => forms
            .values()
            .filter_map(Value::as_str)
            .for_each(&mut collect),
        _ => {}
    }
    names.sort();
    names.dedup();
    names
}

/// A number written the way `lang` writes it: "1,234.5" in English, "1 234,5" in French
/// (narrow no-break space), "1234,5" / "12.345,5" in Spanish (which groups from five digits).
/// `text` is a plain decimal ("-1234.50"), as the core writes amounts; anything else is
/// returned unchanged.
pub fn number_text(lang: Lang, text: &str) -> String {
    let trimmed = text.trim();
    let (sign, digits) = match trimmed.strip_prefix('-') {
        Some(rest) => ("-", rest),
        None => ("", trimmed.strip_prefix('+').unwrap_or(trimmed)),
    };
    let (whole, frac) = match digits.split_once('.') {
        Some((w, f)) => (w, Some(f)),
        None => (digits, None),
    };
    if whole.is_empty()
        || !whole.bytes().all(|b| b.is_ascii_digit())
        || !frac.is_none_or(|f| f.bytes().all(|b| b.is_ascii_digit()))
    {
        return text.to_string();
    }
    let (group, decimal) = match lang {
        Lang::En => (",", "."),
        Lang::Fr => ("\u{202f}", ","),
        Lang::Es => (".", ","),
    };
    let grouped = if lang == Lang::Es && whole.len() <= 4 {
        whole.to_string()
    } else {
        let mut out = String::new();
        for (i, ch) in whole.chars().enumerate() {
            if i > 0 && (whole.len() - i) % 3 == 0 {
                out.push_str(group);
            }
            out.push(ch);
        }
        out
    };
    match frac {
        Some(f) => format!("{sign}{grouped}{decimal}{f}"),
        None => format!("{sign}{grouped}"),
    }
}

/// An amount with its currency the way `lang` writes money: "USD 1,234.50" in English,
/// "1 234,50 USD" in French and Spanish.
pub fn money_text(lang: Lang, amount: &str, currency: &str) -> String {
    let number = number_text(lang, amount);
    match lang {
        Lang::En => format!("{currency}\u{a0}{number}"),
        Lang::Fr | Lang::Es => format!("{number}\u{a0}{currency}"),
    }
}

/// The month names of a language (January first), for documents.
pub fn month_name(lang: Lang, month: u32) -> String {
    // i18n-dynamic: date.month.
    t(lang, &format!("date.month.{month}"), &[])
}

/// A calendar date in words ("15 January 2027", "15 janvier 2027", "15 de enero de 2027").
pub fn long_date(lang: Lang, year: i32, month: u32, day: u32) -> String {
    t(
        lang,
        "date.long",
        &[
            ("day", day.to_string()),
            ("month", month_name(lang, month)),
            ("year", year.to_string()),
        ],
    )
}

/// A date in words with its weekday, as a field shows it beside what was typed ("Friday 15
/// January 2027", "vendredi 15 janvier 2027", "viernes, 15 de enero de 2027"). `weekday` is
/// 1 for Monday to 7 for Sunday.
pub fn weekday_date(lang: Lang, year: i32, month: u32, day: u32, weekday: u32) -> String {
    // i18n-dynamic: date.weekday.
    t(
        lang,
        "date.long_weekday",
        &[
            ("weekday", t(lang, &format!("date.weekday.{weekday}"), &[])),
            ("day", day.to_string()),
            ("month", month_name(lang, month)),
            ("year", year.to_string()),
        ],
    )
}

/// A sort key that orders words as a reader of `lang` expects: accents and case are
/// secondary, so "Égypte" sorts with the E's, "Ñ" after "N" in Spanish.
pub fn collation_key(lang: Lang, text: &str) -> (String, String) {
    let mut primary = String::with_capacity(text.len());
    for ch in text.chars() {
        match ch {
            // Spanish sorts ñ as its own letter after n.
            'ñ' | 'Ñ' if lang == Lang::Es => primary.push_str("n\u{10ffff}"),
            'œ' | 'Œ' => primary.push_str("oe"),
            'æ' | 'Æ' => primary.push_str("ae"),
            // Hyphens and apostrophes do not separate words for sorting ("Côte d'Ivoire").
            '-' | '\'' | '’' => {}
            other => primary.extend(fold(other).to_lowercase()),
        }
    }
    (primary, text.to_string())
}

/// A Latin letter without its accent; other characters as they are.
fn fold(ch: char) -> char {
    match ch {
        'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' | 'À' | 'Á' | 'Â' | 'Ã' | 'Ä' | 'Å' => 'a',
        'ç' | 'Ç' => 'c',
        'è' | 'é' | 'ê' | 'ë' | 'È' | 'É' | 'Ê' | 'Ë' => 'e',
        'ì' | 'í' | 'î' | 'ï' | 'Ì' | 'Í' | 'Î' | 'Ï' => 'i',
        'ñ' | 'Ñ' => 'n',
        'ò' | 'ó' | 'ô' | 'õ' | 'ö' | 'Ò' | 'Ó' | 'Ô' | 'Õ' | 'Ö' => 'o',
        'ù' | 'ú' | 'û' | 'ü' | 'Ù' | 'Ú' | 'Û' | 'Ü' => 'u',
        'ý' | 'ÿ' | 'Ý' => 'y',
        other => other,
    }
}

/// Sorts `items` by the text `name` gives, in `lang`'s order.
pub fn sort_by_name<T>(lang: Lang, items: &mut [T], name: impl Fn(&T) -> &str) {
    items.sort_by_cached_key(|item| collation_key(lang, name(item)));
}

mod core_messages;
pub use core_messages::{
    dates_in_words, entity_name, error_from_catalog, error_message, invalid_summary,
    issue_from_catalog, issue_message, reflection_text, setting_name, text_from_catalog,
    text_message, word_param,
};

#[cfg(test)]
mod tests;
