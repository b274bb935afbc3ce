//! An officer whose laptop is set to French opens PeerPlan for the first time and sees French
//! everywhere they go; switching to Spanish in Settings changes every screen at once (issue
//! 19). Every page is walked in both languages: a text node, tooltip or placeholder that is an
//! English catalog message fails the test, and so does anything that overflows its box (French
//! and Spanish words are longer). Screenshots of each page land in the artifacts folder.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;
use std::time::Duration;

use calamine::Reader;
use peerplan_i18n::Lang;
use peerplan_tests::cli::peerplan;
use peerplan_tests::desktop::DesktopApp;
use peerplan_tests::officer::{scenario_in_locale, Officer};
use serde_json::{json, Value};

fn catalog(lang: Lang) -> BTreeMap<String, Value> {
    serde_json::from_str(peerplan_i18n::catalog_source(lang)).expect("catalogs parse")
}

/// The English messages a page in `lang` must not show: those whose text is no text of
/// `lang`'s catalog (a word that is the same in both, like "Budget" or "Total", is not
/// English-only), nor a value stored in the officer's database (the example portfolio is
/// written in English: a session called "Break" is data, not an untranslated word). Plural
/// entries give each form. Messages with placeholders are sent as templates.
fn english_only(lang: Lang, data: &BTreeSet<String>) -> Vec<String> {
    let english = catalog(Lang::En);
    let other = catalog(lang);
    let forms = |v: &Value| -> Vec<String> {
        match v {
            Value::String(s) => vec![s.clone()],
            Value::Object(m) => m
                .values()
                .filter_map(|f| f.as_str().map(String::from))
                .collect(),
            _ => vec![],
        }
    };
    // Compared with spaces as spaces: French and Spanish put no-break spaces after numbers
    // ("8 participants"), which a page's text reads as plain spaces.
    let plain = |t: &str| t.replace(['\u{a0}', '\u{202f}'], " ");
    let theirs: BTreeSet<String> = other.values().flat_map(forms).map(|t| plain(&t)).collect();
    let mut out = Vec::new();
    for value in english.values() {
        for text in forms(value) {
            if !theirs.contains(&plain(&text))
                && !data.contains(text.trim())
                && text.chars().filter(|c| c.is_alphabetic()).count() >= 3
            {
                out.push(text);
            }
        }
    }
    out
}

/// Every text stored in the database (names, titles, notes the officer typed).
fn stored_texts(database: &Path) -> Result<BTreeSet<String>, String> {
    let conn =
        rusqlite::Connection::open_with_flags(database, rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY)
            .map_err(|e| e.to_string())?;
    let tables: Vec<String> = conn
        .prepare("SELECT name FROM sqlite_master WHERE type = 'table'")
        .and_then(|mut s| s.query_map([], |r| r.get(0))?.collect())
        .map_err(|e| e.to_string())?;
    let mut texts = BTreeSet::new();
    for table in tables {
        let mut statement = conn
            .prepare(&format!("SELECT * FROM \"{table}\""))
            .map_err(|e| e.to_string())?;
        let columns = statement.column_count();
        let mut rows = statement.query([]).map_err(|e| e.to_string())?;
        while let Some(row) = rows.next().map_err(|e| e.to_string())? {
            for i in 0..columns {
                if let Ok(rusqlite::types::ValueRef::Text(t)) = row.get_ref(i) {
                    texts.insert(String::from_utf8_lossy(t).trim().to_string());
                }
            }
        }
    }
    Ok(texts)
}

/// Runs in the page: every shown text node, tooltip, label and placeholder that is one of the
/// English messages (exactly, or a template's fixed words around its values), and every
/// element whose content is wider than its box.
const CHECK_PAGE: &str = r#"
const [english] = arguments;
const exact = new Set();
const patterns = [];
const escape = (s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
for (const text of english) {
  if (!/\{[A-Za-z0-9_]+\}/.test(text)) { exact.add(text.trim()); continue; }
  const fixed = text.replace(/\{[A-Za-z0-9_]+\}/g, '').replace(/[^A-Za-z]/g, '');
  if (fixed.length < 6) continue; // too little of its own to recognise it
  patterns.push(new RegExp('^' + text.trim().split(/\{[A-Za-z0-9_]+\}/).map(escape).join('.+?') + '$', 's'));
}
const shown = (el) => {
  for (let e = el; e && e !== document.body; e = e.parentElement) {
    const cs = getComputedStyle(e);
    if (cs.display === 'none' || cs.visibility === 'hidden') return false;
    if (e.hidden) return false;
  }
  return true;
};
const english_found = [];
const look = (text, where) => {
  const t = text.replace(/\s+/g, ' ').trim();
  if (!t) return;
  if (exact.has(t) || patterns.some((p) => p.test(t))) english_found.push(`${where}: ${t}`);
};
const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
for (let n = walker.nextNode(); n; n = walker.nextNode()) {
  const parent = n.parentElement;
  if (!parent || ['SCRIPT', 'STYLE'].includes(parent.tagName) || !shown(parent)) continue;
  if (parent.closest('[data-i18n-skip]')) continue;
  look(n.textContent, parent.tagName.toLowerCase() + (parent.dataset.testid ? `[${parent.dataset.testid}]` : ''));
}
for (const el of document.querySelectorAll('[title], [aria-label], [placeholder]')) {
  if (!shown(el)) continue;
  for (const attr of ['title', 'aria-label', 'placeholder']) {
    const v = el.getAttribute(attr);
    if (v) look(v, `${el.tagName.toLowerCase()}@${attr}`);
  }
}
const overflowing = [];
for (const el of document.querySelectorAll('#app *, .sidebar *, #notices *')) {
  if (['INPUT', 'SELECT', 'TEXTAREA', 'PROGRESS', 'svg', 'IMG', 'OPTION'].includes(el.tagName) || el.closest('svg')) continue;
  if (el.closest('.visually-hidden')) continue; // 1 px on purpose: read by screen readers only
  const cs = getComputedStyle(el);
  if (cs.display === 'inline' || cs.display === 'contents' || !shown(el)) continue;
  if (['auto', 'scroll'].includes(cs.overflowX)) continue;
  if (el.clientWidth > 0 && el.scrollWidth > el.clientWidth + 1) {
    overflowing.push(`${el.tagName.toLowerCase()}.${[...el.classList].join('.')}${el.dataset.testid ? `[${el.dataset.testid}]` : ''} (${el.scrollWidth} > ${el.clientWidth}): ${(el.textContent || '').trim().slice(0, 60)}`);
  }
}
const page = document.documentElement;
if (page.scrollWidth > page.clientWidth + 1) overflowing.push(`the page scrolls sideways (${page.scrollWidth} > ${page.clientWidth})`);
return { english: english_found, overflowing };
"#;

/// The pages an officer goes to, as addresses; `{p}`, `{e}`, `{person}` are the example
/// portfolio's first partnership, exchange and person.
const PAGES: &[(&str, &str)] = &[
    ("partnerships", "#/partnerships"),
    ("partnership", "#/partnerships/{p}"),
    ("partnership-new", "#/partnerships/new"),
    ("exchanges", "#/exchanges"),
    ("exchange", "#/exchanges/{e}"),
    ("exchange-new", "#/exchanges/new?partnership={p}"),
    ("agenda", "#/exchanges/{e}/agenda"),
    ("costs", "#/exchanges/{e}/costs"),
    ("people", "#/people"),
    ("person", "#/people/{person}"),
    ("person-new", "#/people/new"),
    ("follow-up", "#/follow-up"),
    ("budget", "#/budget"),
    ("rates", "#/rates"),
    ("sync", "#/sync"),
    ("merge-preview", "#/sync/merge?file={file}"),
    ("conflicts", "#/conflicts"),
    ("settings", "#/settings"),
];

async fn first_id(app: &DesktopApp, command: &str, args: Value) -> Result<String, String> {
    let page = app.call(command, args).await?;
    let items = page["rows"]
        .as_array()
        .or(page["items"].as_array())
        .or(page.as_array())
        .cloned()
        .unwrap_or_default();
    items
        .first()
        .and_then(|i| i["id"].as_str())
        .map(String::from)
        .ok_or_else(|| format!("{command} listed nothing: {page}"))
}

/// Visits every page and checks it; returns the problems found (all pages, not just the first).
async fn walk(
    app: &DesktopApp,
    officer: &Officer<'_>,
    lang: Lang,
    ids: &BTreeMap<&str, String>,
) -> Result<Vec<String>, String> {
    let data = stored_texts(&app.data_dir.join(peerplan_core::paths::DATABASE_FILE_NAME))?;
    let english = english_only(lang, &data);
    let mut problems = Vec::new();
    for (name, address) in PAGES {
        let mut address = address.to_string();
        for (key, id) in ids {
            address = address.replace(&format!("{{{key}}}"), &urlencode(id));
        }
        app.run_async(
            &format!("location.hash = {}; done(true)", json!(address)),
            vec![],
        )
        .await?;
        // The page is ready when its heading is there and nothing says it is loading.
        officer
            .until(&format!("the {name} page"), async || {
                let ready = app
                    .run_async(
                        "done(!!document.querySelector('#app h1') && !document.querySelector('#app .loading') && !document.querySelector('#app [aria-busy=true]'))",
                        vec![],
                    )
                    .await?;
                Ok((ready == json!(true)).then_some(()))
            })
            .await?;
        tokio::time::sleep(Duration::from_millis(400)).await; // charts and late parts
        officer
            .screenshot(&format!("{}_{name}", lang.code()))
            .await?;
        let found = app
            .client
            .execute(CHECK_PAGE, vec![json!(english)])
            .await
            .map_err(|e| e.to_string())?;
        for found in found["english"].as_array().into_iter().flatten() {
            let found = found.as_str().unwrap_or_default();
            let text = found.split_once(": ").map_or(found, |(_, t)| t);
            // Matched only because it holds what the officer typed ("Merge cost line Return
            // fare Dakar–Lagos"): data in the example portfolio's English, not the app's words.
            let is_data = data.contains(text)
                || data
                    .iter()
                    .any(|d| d.chars().count() >= 12 && text.contains(d.as_str()));
            if !is_data {
                problems.push(format!("{lang} {name}: English text {found}"));
            }
        }
        for text in found["overflowing"].as_array().into_iter().flatten() {
            problems.push(format!(
                "{lang} {name}: overflows: {}",
                text.as_str().unwrap_or_default()
            ));
        }
    }
    Ok(problems)
}

fn urlencode(text: &str) -> String {
    text.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                (b as char).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_french_laptop_sees_french_everywhere_and_spanish_after_choosing_it() {
    scenario_in_locale("desktop_languages", "fr_FR.UTF-8", async |app, officer| {
        // First start on a French laptop: French before anything is chosen.
        officer
            .until("the sidebar in French", async || {
                let text = officer.texts(".sidebar [data-nav=partnerships]").await?;
                Ok(text
                    .iter()
                    .any(|t| t.starts_with("Partenariats"))
                    .then_some(()))
            })
            .await?;
        let language = app.call("get_language", json!({})).await?;
        assert_eq!(language["language"], "fr", "{language}");
        assert_eq!(language["chosen"], false, "{language}");

        app.call("load_example_data", json!({ "confirm": true }))
            .await?;
        let mut ids = BTreeMap::new();
        ids.insert(
            "p",
            first_id(app, "list_partnerships", json!({ "query": {} })).await?,
        );
        ids.insert(
            "e",
            first_id(app, "list_exchanges", json!({ "query": {} })).await?,
        );
        ids.insert(
            "person",
            first_id(app, "list_people", json!({ "query": {} })).await?,
        );
        // A colleague's file to preview: the example portfolio written by the CLI.
        let colleague = tempfile::tempdir().map_err(|e| e.to_string())?;
        let run = peerplan(colleague.path(), &["demo"]);
        assert_eq!(run.code, 0, "{}", run.stderr);
        let file = colleague.path().join("colleague.peerplan");
        let run = peerplan(colleague.path(), &["export", file.to_str().unwrap()]);
        assert_eq!(run.code, 0, "{}", run.stderr);
        ids.insert("file", file.display().to_string());
        // A conflict to read on the Conflicts page: a colleague chose another reporting
        // currency than the example data's, and her file is merged here.
        let other = tempfile::tempdir().map_err(|e| e.to_string())?;
        let run = peerplan(other.path(), &["init", "--name", "Amina Diallo"]);
        assert_eq!(run.code, 0, "{}", run.stderr);
        let run = peerplan(other.path(), &["rate", "reporting", "EUR"]);
        assert_eq!(run.code, 0, "{}", run.stderr);
        let amina = other.path().join("amina.peerplan");
        let run = peerplan(other.path(), &["export", amina.to_str().unwrap()]);
        assert_eq!(run.code, 0, "{}", run.stderr);
        app.call(
            "merge_file",
            json!({ "path": amina, "dry_run": false, "leave_out": [] }),
        )
        .await?;
        let open = app.call("list_conflicts", json!({})).await?;
        assert!(
            open.to_string().contains("(cette installation)"),
            "whose values were kept, in French: {open}"
        );

        let mut problems = walk(app, officer, Lang::Fr, &ids).await?;

        // The conflict's card in French: whose values, and which field, in French words.
        app.run_async("location.hash = '#/conflicts'; done(true)", vec![])
            .await?;
        officer.visible("[data-testid=conflict]").await?;
        let card = officer.texts("[data-testid=conflict]").await?.join("\n");
        for expected in ["Devise de référence", "(cette installation)", "Valeur"] {
            assert!(card.contains(expected), "{expected:?} in {card}");
        }

        // Settings › Language: Spanish, applied at once.
        app.run_async("location.hash = '#/settings'; done(true)", vec![])
            .await?;
        officer.visible("[data-testid=language-select]").await?;
        officer
            .choose_value("[data-testid=language-select]", "es")
            .await?;
        officer
            .until("the sidebar in Spanish", async || {
                let text = officer.texts(".sidebar [data-nav=partnerships]").await?;
                Ok(text
                    .iter()
                    .any(|t| t.starts_with("Asociaciones"))
                    .then_some(()))
            })
            .await?;
        // The whole screen, native menu bar included (rebuilt in Spanish without a restart),
        // when ImageMagick's `import` is there to take it.
        let screen =
            peerplan_tests::desktop::artifacts_dir().join("desktop_languages_es_screen.png");
        if let Ok(status) = std::process::Command::new("import")
            .args(["-window", "root"])
            .arg(&screen)
            .status()
        {
            eprintln!(
                "desktop_languages: whole screen {} ({status})",
                screen.display()
            );
        }
        let language = app.call("get_language", json!({})).await?;
        assert_eq!(language["language"], "es", "{language}");
        assert_eq!(language["chosen"], true, "{language}");
        // The labels the backend sends follow too.
        let enums = app.call("enums", json!({})).await?;
        let held = enums["exchange_status"]
            .as_array()
            .and_then(|v| v.iter().find(|c| c["value"] == "held"))
            .cloned();
        assert_eq!(
            held.map(|c| c["label"].clone()),
            Some(json!("Realizado")),
            "{enums}"
        );

        problems.extend(walk(app, officer, Lang::Es, &ids).await?);

        // Help › About, in Spanish, with what a support e-mail needs.
        app.run_async(
            "window.__TAURI__.event.emit('menu', 'about').then(() => done(true))",
            vec![],
        )
        .await?;
        officer.visible("[data-testid=about-facts]").await?;
        let about = officer.texts("[data-testid=about-facts]").await?.join("\n");
        let schema = peerplan_core::store::SCHEMA_VERSION.to_string();
        for expected in [
            "Versión",
            env!("CARGO_PKG_VERSION"),
            "Esquema de la base de datos",
            schema.as_str(),
            "Commit",
        ] {
            assert!(
                about.contains(expected),
                "About shows {expected:?}: {about}"
            );
        }
        officer.screenshot("es_about").await?;
        let support = officer.value("[data-testid=about-support]").await?;
        assert!(
            support.contains(&format!("Esquema de la base de datos: {schema}")),
            "{support}"
        );
        officer.click("[data-testid=confirm-ok]").await?;

        // Each document in its own language, whatever the app's: the summary in Spanish…
        let pdf = app.temp_dir().join("resumen.pdf");
        app.call(
            "save_summary_pdf",
            json!({ "partnership_id": ids["p"], "letter": false, "path": pdf, "lang": "es" }),
        )
        .await?;
        let text = std::process::Command::new("pdftotext")
            .arg(&pdf)
            .arg("-")
            .output()
            .map_err(|e| format!("pdftotext: {e}"))?;
        let text = String::from_utf8_lossy(&text.stdout);
        assert!(
            text.contains("Estados Unidos (US)") && text.contains("España (ES)"),
            "the Spanish summary names countries in Spanish:\n{text}"
        );
        // …and the costs workbook in French, while the app speaks Spanish.
        let xlsx = app.temp_dir().join("couts.xlsx");
        app.call(
            "save_costs_export",
            json!({ "filter": {}, "format": "xlsx", "path": xlsx, "lang": "fr" }),
        )
        .await?;
        let mut book: calamine::Xlsx<_> =
            calamine::open_workbook(&xlsx).map_err(|e| format!("{e}"))?;
        let sheets = book.sheet_names();
        assert!(
            sheets.iter().any(|s| s == "Lignes"),
            "French sheets: {sheets:?}"
        );
        let lines = book.worksheet_range("Lignes").map_err(|e| format!("{e}"))?;
        let cells: Vec<String> = lines.rows().flatten().map(|c| c.to_string()).collect();
        assert!(
            cells.iter().any(|c| c == "Catégorie"),
            "French headers: {:?}",
            &cells[..cells.len().min(20)]
        );
        assert!(
            cells.iter().any(|c| c == "Voyages internationaux"),
            "French categories"
        );
        if problems.is_empty() {
            Ok(())
        } else {
            Err(problems.join("\n"))
        }
    })
    .await;
}
