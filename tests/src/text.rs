//! Reading documents back: the text of a PDF (`pdftotext`), or of any tool's output, folded
//! so that wrapped lines still match, and checks that pieces come in order.

use std::ffi::OsStr;
use std::process::Command;

/// The standard output of `tool`, which must be installed (CI installs poppler-utils, unzip
/// and xdotool) and must succeed.
pub fn tool(tool: &str, args: &[&OsStr]) -> String {
    let out = Command::new(tool).args(args).output().unwrap_or_else(|e| {
        panic!("`{tool}` could not be run ({e}): install it (see .ci/desktop-setup.sh)")
    });
    assert!(
        out.status.success(),
        "{tool} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into()
}

/// Every run of white space made one space, and the typographic ligatures pdftotext gives
/// back ("ﬁ") spelled as letters, so text wrapped or ligated anywhere still matches.
pub fn folded(text: &str) -> String {
    text.replace('ﬁ', "fi")
        .replace('ﬂ', "fl")
        .replace('ﬀ', "ff")
        .replace('ﬃ', "ffi")
        .replace('ﬄ', "ffl")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// The PDF's text in reading order (`pdftotext`), folded.
pub fn pdf_text(pdf: &std::path::Path) -> String {
    folded(&tool("pdftotext", &[pdf.as_os_str(), "-".as_ref()]))
}

/// The PDF's text row by row as laid out (`pdftotext -layout`), folded: a table's cells of
/// one row stay together.
pub fn pdf_layout_text(pdf: &std::path::Path) -> String {
    folded(&tool(
        "pdftotext",
        &["-layout".as_ref(), pdf.as_os_str(), "-".as_ref()],
    ))
}

/// Asserts that each of `needles` occurs in `text`, each after the previous one (both
/// folded, so line breaks and runs of spaces do not matter).
pub fn assert_in_order<S: AsRef<str>>(text: &str, needles: &[S], what: &str) {
    let text = folded(text);
    let mut from = 0;
    for needle in needles {
        let needle = folded(needle.as_ref());
        match text[from..].find(&needle) {
            Some(at) => from += at + needle.len(),
            None => panic!(
                "{what}: {needle:?} is missing or out of order after byte {from} in:\n{text}"
            ),
        }
    }
}

/// Like [`assert_in_order`], but each needle's words may have other text between them: a
/// title wrapped inside a table cell reads back with the neighbouring cells' lines between its
/// own. Each needle's words must still come in order, after the previous needle's.
pub fn assert_words_in_order<S: AsRef<str>>(text: &str, needles: &[S], what: &str) {
    let text = folded(text);
    let mut from = 0;
    for needle in needles {
        for word in folded(needle.as_ref()).split(' ') {
            match text[from..].find(word) {
                Some(at) => from += at + word.len(),
                None => panic!(
                    "{what}: {word:?} of {:?} is missing or out of order after byte {from} in:\n{text}",
                    needle.as_ref()
                ),
            }
        }
    }
}
