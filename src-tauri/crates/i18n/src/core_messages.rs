//! The core's messages in any language: validation issues (`issue.<key>`), errors
//! (`error.<key>`) and the words inside them (`field.<id>`, `entity.<id>`, enum labels,
//! dates, numbers), from the stable code, key and parameters the core gives beside its English
//! text (`peerplan_core::validate::Issue`, `peerplan_core::Error::message_key`/`params`).
//! English is the core's own text, unchanged; a message the catalog lacks falls back to it.
//!
//! i18n-dynamic: issue. error. field. entity. reflection. sync_outcome. signal.

use serde_json::Value;

use crate::{fill, long_date, number_text, t, Args, Catalog, Lang};

/// A message's parameters as the core gives them: name and value, not yet worded.
pub type Params<'a> = &'a [(&'a str, String)];

/// An issue's message in `lang`: `issue.<key>` (else `issue.<code>`) filled with its worded
/// parameters; `english` (the core's message) in English or when the catalog has neither.
pub fn issue_message(lang: Lang, code: &str, key: &str, params: Params, english: &str) -> String {
    if lang == Lang::En {
        return english.to_string();
    }
    issue_from_catalog(lang, code, key, params).unwrap_or_else(|| english.to_string())
}

/// An issue's message from the catalog of `lang` (English included), if it has one.
pub fn issue_from_catalog(lang: Lang, code: &str, key: &str, params: Params) -> Option<String> {
    word(lang, &format!("issue.{key}"), params).or_else(|| {
        (key != code)
            .then(|| word(lang, &format!("issue.{code}"), params))
            .flatten()
    })
}

/// An error's message in `lang`: `error.<key>` filled with its worded parameters; `english`
/// (the error's own text) in English or when the catalog lacks the key. (A validation error,
/// code `invalid`, is worded by [`invalid_summary`] from its first issue.)
pub fn error_message(lang: Lang, key: &str, params: Params, english: &str) -> String {
    if lang == Lang::En {
        return english.to_string();
    }
    error_from_catalog(lang, key, params).unwrap_or_else(|| english.to_string())
}

/// An error's message from the catalog of `lang` (English included), if it has one.
pub fn error_from_catalog(lang: Lang, key: &str, params: Params) -> Option<String> {
    word(lang, &format!("error.{key}"), params)
}

/// Any other of the core's messages by its full catalog key (`sync_outcome.merged`,
/// `error.<key>`) in `lang`; `english` in English or when the catalog lacks the key.
pub fn text_message(lang: Lang, key: &str, params: Params, english: &str) -> String {
    let core_cannot_word = params
        .iter()
        .any(|(name, _)| WORDED_ONLY_BY_CATALOGS.contains(name));
    if lang == Lang::En && !core_cannot_word {
        return english.to_string();
    }
    word(lang, key, params).unwrap_or_else(|| english.to_string())
}

/// Parameters whose words only the catalogs hold: the core's English shows them as stored
/// (a setting's key), so a text with one is worded from the catalog in English too.
const WORDED_ONLY_BY_CATALOGS: &[&str] = &["setting"];

/// A message by its full catalog key from the catalog of `lang` (English included), if it
/// has one.
pub fn text_from_catalog(lang: Lang, key: &str, params: Params) -> Option<String> {
    word(lang, key, params)
}

/// The one line a refused input is summed up in: its first error's message (already worded
/// in `lang`) and how many more there are. `english`: the core's summary, for English.
pub fn invalid_summary(lang: Lang, first: &str, field: &str, more: usize, english: &str) -> String {
    if lang == Lang::En {
        return english.to_string();
    }
    let params = [
        ("message", first.to_string()),
        ("field", field.to_string()),
        ("count", more.to_string()),
    ];
    let key = if more == 0 {
        "error.invalid"
    } else {
        "error.invalid.more"
    };
    word(lang, key, &params).unwrap_or_else(|| english.to_string())
}

/// A kind of record ("follow-up action", or its id `follow_up_action`) in `lang`.
pub fn entity_name(lang: Lang, noun: &str) -> String {
    let id = noun.replace([' ', '-'], "_");
    let key = format!("entity.{id}");
    if Catalog::of(lang).has(&key) || Catalog::of(Lang::En).has(&key) {
        t(lang, &key, &[])
    } else {
        noun.to_string()
    }
}

/// A stage-C reflection question or heading (by its key, `keep_connections.proposals`) in
/// `lang`; `english` (the core's text) when the catalog lacks it.
pub fn reflection_text(lang: Lang, key: &str, english: &str) -> String {
    let full = format!("reflection.{key}");
    if lang != Lang::En && Catalog::of(lang).has(&full) {
        t(lang, &full, &[])
    } else {
        english.to_string()
    }
}

/// A message with its parameters worded, from the catalog of `lang` only (no fallback).
fn word(lang: Lang, key: &str, params: Params) -> Option<String> {
    let template = match Catalog::of(lang).entry(key)? {
        Value::String(text) => text.as_str(),
        Value::Object(forms) => {
            let count = params
                .iter()
                .find(|(name, _)| *name == "count")
                .and_then(|(_, v)| v.trim().parse::<i64>().ok())
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
    let worded: Vec<(&str, String)> = params
        .iter()
        .map(|(name, value)| (*name, word_param(lang, name, value)))
        .collect();
    let text = fill(template, &worded);
    // A sentence that opens with a worded field ("{field} est obligatoire") starts with a
    // capital (the core's English words its own capitals).
    let opens_with_words = ["{field}", "{entity}", "{level}", "{status}"]
        .iter()
        .any(|p| template.starts_with(p));
    Some(if opens_with_words && lang != Lang::En {
        capitalised(&text)
    } else {
        text
    })
}

/// One parameter worded in `lang`, by the core's naming conventions (`peerplan_core::validate`):
/// a field or a kind of record through its catalog entry, a member level, action or
/// partnership status, cost category or contact channel through its label, dates in words,
/// counts as the language writes numbers; the rest as is.
pub fn word_param(lang: Lang, name: &str, value: &str) -> String {
    let entry = |key: String| {
        if Catalog::of(lang).has(&key) || Catalog::of(Lang::En).has(&key) {
            Some(t(lang, &key, &[]))
        } else {
            None
        }
    };
    match name {
        "field" => entry(format!("field.{value}")).unwrap_or_else(|| value.to_string()),
        "entity" => entity_name(lang, value),
        "level" => entry(format!("enum.member_level.{value}"))
            .map(|l| l.to_lowercase())
            .unwrap_or_else(|| value.to_string()),
        "status" => entry(format!("enum.action_status.{value}"))
            .map(|l| l.to_lowercase())
            .unwrap_or_else(|| value.to_string()),
        "partnership_status" => entry(format!("enum.partnership_status.{value}"))
            .map(|l| l.to_lowercase())
            .unwrap_or_else(|| value.to_string()),
        "cost_category" => {
            entry(format!("enum.cost_category.{value}")).unwrap_or_else(|| value.to_string())
        }
        "channel" => {
            entry(format!("enum.contact_channel.{value}")).unwrap_or_else(|| value.to_string())
        }
        "setting" => setting_name(lang, value),
        "dates" => dates_in_words(lang, value),
        "count" | "len" | "limit" => number_text(lang, value),
        _ if name == "date" || name.ends_with("_date") => {
            date_in_words(lang, value).unwrap_or_else(|| value.to_string())
        }
        _ if name.ends_with("_iso") && lang != Lang::En => {
            date_in_words(lang, value).unwrap_or_else(|| value.to_string())
        }
        _ if name.ends_with("_count") => number_text(lang, value),
        _ => value.to_string(),
    }
}

/// The exchange size norms by kind of partnership, as the Settings page's table shows them
/// (ui/js/views/settings.js `sizeNorms`): the kind's `settings.kind.*` key and its norms'
/// names for the fewest people, the most, and the largest delegation.
const SIZE_NORMS: [(&str, [&str; 3]); 4] = [
    (
        "peer_learning",
        ["exchange_size_min", "exchange_size_max", "delegation_max"],
    ),
    (
        "alliance",
        [
            "alliance_size_min",
            "alliance_size_max",
            "alliance_delegation_max",
        ],
    ),
    (
        "city",
        ["city_size_min", "city_size_max", "city_delegation_max"],
    ),
    (
        "other",
        ["other_size_min", "other_size_max", "other_delegation_max"],
    ),
];

/// A setting's key (`norms.city_size_max`, `signals.quiet_after_days`,
/// `costs.reporting_currency`) in the words of the page where the officer sets it; a key this
/// build does not know (written by a later version) as it is.
pub fn setting_name(lang: Lang, key: &str) -> String {
    let worded = |catalog_key: &str, args: Args| {
        (Catalog::of(lang).has(catalog_key) || Catalog::of(Lang::En).has(catalog_key))
            .then(|| t(lang, catalog_key, args))
    };
    let size_norm = |norm: &str| {
        SIZE_NORMS.iter().find_map(|(kind, names)| {
            let column = names.iter().position(|n| *n == norm)?;
            let kind = worded(&format!("settings.kind.{kind}"), &[])?;
            let column = ["fewest", "most", "delegation"][column];
            worded(&format!("settings.norm.{column}"), &[("kind", kind)])
        })
    };
    let name = if let Some(norm) = key.strip_prefix("norms.") {
        worded(&format!("settings.norm.{norm}"), &[]).or_else(|| size_norm(norm))
    } else if let Some(signal) = key.strip_prefix("signals.") {
        worded(&format!("settings.signal.{signal}"), &[])
    } else if key == "costs.reporting_currency" {
        worded("rates.reporting_currency", &[])
    } else {
        None
    };
    name.unwrap_or_else(|| key.to_string())
}

/// "2026-03-12" as (2026, 3, 12).
fn iso_date(text: &str) -> Option<(i32, u32, u32)> {
    let mut parts = text.trim().splitn(3, '-');
    let year = parts.next()?.parse().ok()?;
    let month = parts
        .next()?
        .parse()
        .ok()
        .filter(|m| (1..=12).contains(m))?;
    let day = parts
        .next()?
        .parse()
        .ok()
        .filter(|d| (1..=31).contains(d))?;
    Some((year, month, day))
}

fn date_in_words(lang: Lang, iso: &str) -> Option<String> {
    let (y, m, d) = iso_date(iso)?;
    Some(long_date(lang, y, m, d))
}

/// A range "2026-03-12/2026-03-14" worded compactly, as the core's English does:
/// "12–14 March 2026", "30 March – 2 April 2026", "30 December 2026 – 2 January 2027".
pub fn dates_in_words(lang: Lang, range: &str) -> String {
    let (first, last) = match range.split_once('/') {
        Some((a, b)) => (a, Some(b)),
        None => (range, None),
    };
    let Some(start) = iso_date(first) else {
        return range.to_string();
    };
    let long = |(y, m, d): (i32, u32, u32)| long_date(lang, y, m, d);
    match last.and_then(iso_date) {
        Some(end) if end > start => {
            if start.0 != end.0 {
                format!("{} – {}", long(start), long(end))
            } else if start.1 != end.1 {
                let day_month = t(
                    lang,
                    "date.day_month",
                    &[
                        ("day", start.2.to_string()),
                        ("month", crate::month_name(lang, start.1)),
                    ],
                );
                format!("{day_month} – {}", long(end))
            } else {
                format!("{}–{}", start.2, long(end))
            }
        }
        _ => long(start),
    }
}

fn capitalised(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}
