//! The catalogs stay complete (issue 19): one catalog per language (ui/i18n/{en,fr,es}.json),
//! read by the UI, the documents and the CLI. A language that lacks a key another has, a
//! placeholder that differs between languages, a key nothing uses or a key the code uses that
//! no catalog has — each fails here, in CI, before an officer meets an English word in a
//! French screen or a "{name}" left unfilled.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use peerplan_i18n::{placeholders, Lang};
use serde_json::Value;

fn repo() -> PathBuf {
    peerplan_tests::manifest_dir().join("..")
}

fn catalog(lang: Lang) -> BTreeMap<String, Value> {
    let path = repo().join(format!("ui/i18n/{}.json", lang.code()));
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    match serde_json::from_str::<Value>(&text) {
        Ok(Value::Object(map)) => map.into_iter().collect(),
        other => panic!("{} is not a JSON object: {other:?}", path.display()),
    }
}

/// Every source file that may use a key: the UI's modules and page, and the Rust crates.
fn sources() -> Vec<(PathBuf, String)> {
    let mut files = Vec::new();
    collect(&repo().join("ui"), &["js", "html"], &mut files);
    collect(&repo().join("src-tauri"), &["rs"], &mut files);
    files
        .into_iter()
        .filter(|p| !p.components().any(|c| c.as_os_str() == "target"))
        .map(|p| {
            let text = std::fs::read_to_string(&p).unwrap_or_default();
            (p, text)
        })
        .collect()
}

fn collect(dir: &Path, extensions: &[&str], out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            if path
                .file_name()
                .is_some_and(|n| n == "target" || n == "node_modules")
            {
                continue;
            }
            collect(&path, extensions, out);
        } else if path
            .extension()
            .and_then(|e| e.to_str())
            .is_some_and(|e| extensions.contains(&e))
        {
            out.push(path);
        }
    }
}

#[test]
fn every_language_has_every_key_with_the_same_placeholders() {
    let en = catalog(Lang::En);
    assert!(
        en.len() > 100,
        "the English catalog was read: {} keys",
        en.len()
    );
    let mut problems = Vec::new();
    for lang in [Lang::Fr, Lang::Es] {
        let other = catalog(lang);
        for key in en.keys().filter(|k| !other.contains_key(*k)) {
            problems.push(format!("{lang} lacks {key}"));
        }
        for key in other.keys().filter(|k| !en.contains_key(*k)) {
            problems.push(format!("{lang} has {key}, which English lacks"));
        }
        for (key, value) in &other {
            if let Some(english) = en.get(key) {
                let (a, b) = (placeholders(english), placeholders(value));
                if a != b {
                    problems.push(format!(
                        "{lang} {key}: placeholders {b:?}, English has {a:?}"
                    ));
                }
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn every_message_is_a_text_or_plural_forms_and_none_is_empty() {
    let mut problems = Vec::new();
    for lang in Lang::ALL {
        for (key, value) in catalog(lang) {
            match &value {
                Value::String(text) if !text.trim().is_empty() => {}
                Value::Object(forms) => {
                    for form in ["one", "other"] {
                        if forms
                            .get(form)
                            .and_then(Value::as_str)
                            .is_none_or(str::is_empty)
                        {
                            problems.push(format!("{lang} {key}: no “{form}” form"));
                        }
                    }
                    for form in forms.keys() {
                        if !["zero", "one", "two", "few", "many", "other"].contains(&form.as_str())
                        {
                            problems
                                .push(format!("{lang} {key}: “{form}” is not a plural category"));
                        }
                    }
                }
                _ => problems.push(format!("{lang} {key}: empty or not a text")),
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

/// The key prefixes a source file builds at run time (`t(\`enum.${name}.${value}\`)`), declared
/// in that file with a comment `i18n-dynamic: prefix. other.prefix_` so that this test knows
/// they are used.
fn dynamic_prefixes(sources: &[(PathBuf, String)]) -> BTreeSet<String> {
    let mut prefixes = BTreeSet::new();
    for (_, text) in sources {
        for (i, _) in text.match_indices("i18n-dynamic:") {
            let rest = &text[i + "i18n-dynamic:".len()..];
            for word in rest.lines().next().unwrap_or("").split_whitespace() {
                if word.contains('.')
                    && word
                        .chars()
                        .all(|c| c.is_ascii_alphanumeric() || "._".contains(c))
                {
                    prefixes.insert(word.to_string());
                } else {
                    break;
                }
            }
        }
    }
    prefixes
}

#[test]
fn every_key_is_used_somewhere() {
    let sources = sources();
    let dynamic = dynamic_prefixes(&sources);
    let unused: Vec<String> = catalog(Lang::En)
        .into_keys()
        .filter(|key| !dynamic.iter().any(|p| key.starts_with(p.as_str())))
        .filter(|key| {
            let quoted = [format!("'{key}'"), format!("\"{key}\""), format!("`{key}`")];
            !sources
                .iter()
                .any(|(_, text)| quoted.iter().any(|q| text.contains(q.as_str())))
        })
        .collect();
    assert!(
        unused.is_empty(),
        "keys no source uses (remove them, or declare a built prefix with `i18n-dynamic:`):\n{}",
        unused.join("\n")
    );
}

/// The keys a source passes literally to `t(…)` (JS: `t('key'`; Rust: `t(lang, "key"`).
fn literal_keys(text: &str) -> Vec<String> {
    let mut keys = Vec::new();
    for (i, _) in text.match_indices("t(") {
        let before = text[..i].chars().next_back();
        if before.is_some_and(|c| c.is_alphanumeric() || c == '_' || c == '.') {
            continue; // e.g. `split(` or `obj.t(`
        }
        let rest = text[i + 2..].trim_start();
        // Rust: the language comes first.
        let rest = match rest.split_once(',') {
            Some((first, after)) if !first.starts_with(['\'', '"', '`']) && first.len() < 40 => {
                after.trim_start()
            }
            _ => rest,
        };
        let Some(quote) = rest.chars().next().filter(|c| ['\'', '"'].contains(c)) else {
            continue;
        };
        if let Some(end) = rest[1..].find(quote) {
            let key = &rest[1..1 + end];
            if key.contains('.')
                && key
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || "._".contains(c))
            {
                keys.push(key.to_string());
            }
        }
    }
    keys
}

#[test]
fn every_key_the_code_asks_for_exists() {
    let en = catalog(Lang::En);
    let mut missing = Vec::new();
    for (path, text) in sources() {
        for key in literal_keys(&text) {
            if !en.contains_key(&key) {
                missing.push(format!(
                    "{}: {key}",
                    path.strip_prefix(repo()).unwrap_or(&path).display()
                ));
            }
        }
        for attr in [
            "data-i18n=\"",
            "data-i18n-title=\"",
            "data-i18n-aria-label=\"",
            "data-i18n-placeholder=\"",
        ] {
            for (i, _) in text.match_indices(attr) {
                let rest = &text[i + attr.len()..];
                let key = &rest[..rest.find('"').unwrap_or(0)];
                if !en.contains_key(key) {
                    missing.push(format!("{}: {key}", path.display()));
                }
            }
        }
    }
    assert!(
        missing.is_empty(),
        "keys used but in no catalog:\n{}",
        missing.join("\n")
    );
}

#[test]
fn the_key_scanner_finds_keys_in_both_languages_of_source() {
    let js =
        "const a = t('people.title'); x.split('a.b'); t(`x.${y}`); t('main.count', { count: n });";
    assert_eq!(literal_keys(js), ["people.title", "main.count"]);
    let rust = r#"peerplan_i18n::t(lang, "menu.file", &[]); t(current(), "settings.language.unknown", &args)"#;
    assert_eq!(
        literal_keys(rust),
        ["menu.file", "settings.language.unknown"]
    );
}

/// Every value of every enum the UI lists has its label in every language, and no label is
/// left for a value that no longer exists.
#[test]
fn every_enum_value_has_a_label_in_every_language() {
    use peerplan_core::model::*;
    macro_rules! keys {
        ($($t:ty => $name:literal),+ $(,)?) => {{
            let mut keys = BTreeSet::new();
            $(for v in <$t>::ALL { keys.insert(format!("enum.{}.{}", $name, v.as_str())); })+
            keys
        }};
    }
    let expected = keys!(
        PartnershipKind => "partnership_kind", PartnershipStatus => "partnership_status",
        MemberLevel => "member_level", ExchangeFormat => "exchange_format",
        ExchangeStatus => "exchange_status", ParticipantRole => "participant_role",
        Attendance => "attendance", ContactChannel => "contact_channel",
        ActionStatus => "action_status", ContactDirection => "contact_direction",
        ReflectionStatus => "reflection_status", LearningKind => "learning_kind",
        SessionKind => "session_kind", AgendaLanguage => "agenda_language",
        PaperSize => "paper_size", CostCategory => "cost_category", CostStage => "cost_stage",
    );
    for lang in Lang::ALL {
        let have: BTreeSet<String> = catalog(lang)
            .into_keys()
            .filter(|k| k.starts_with("enum."))
            .collect();
        let missing: Vec<_> = expected.difference(&have).collect();
        let stale: Vec<_> = have.difference(&expected).collect();
        assert!(
            missing.is_empty() && stale.is_empty(),
            "{lang}: missing {missing:?}, stale {stale:?}"
        );
    }
}
