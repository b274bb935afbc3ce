//! Every rule a save or `peerplan check` applies has a treatment in the merge, so that two
//! valid copies never merge into a database that breaks it (docs/ARCHITECTURE.md, "Sync").
//! The rules are enumerated from the source, so a new rule without a treatment fails here.

use std::collections::BTreeSet;

use peerplan_core::store::records::TIED_FIELDS;
use peerplan_core::sync::merge::{RuleTreatment, RULE_TREATMENTS};
use peerplan_core::sync::tables;

/// Every source file of the core (read from disk, so a rule in a new file is found too),
/// whose `.error(field, "code", …)` calls are the rules.
fn sources() -> Vec<(String, String)> {
    fn walk(dir: &std::path::Path, out: &mut Vec<(String, String)>) {
        for entry in std::fs::read_dir(dir).unwrap().flatten() {
            let path = entry.path();
            if path.is_dir() {
                walk(&path, out);
            } else if path.extension().is_some_and(|e| e == "rs") {
                out.push((
                    path.display().to_string(),
                    std::fs::read_to_string(&path).unwrap(),
                ));
            }
        }
    }
    let mut out = Vec::new();
    walk(
        // Read at run time: a build moved with its checkout keeps the old compile-time path.
        &std::path::PathBuf::from(
            std::env::var_os("CARGO_MANIFEST_DIR")
                .unwrap_or_else(|| env!("CARGO_MANIFEST_DIR").into()),
        )
        .join("src"),
        &mut out,
    );
    assert!(out.len() > 30, "the core's sources were read");
    out
}

/// The top-level arguments of a call whose text starts just after its opening parenthesis.
fn arguments(text: &str) -> Vec<String> {
    let mut args = Vec::new();
    let mut depth = 0usize;
    let mut in_string = false;
    let mut escaped = false;
    let mut current = String::new();
    for c in text.chars() {
        if in_string {
            current.push(c);
            match (escaped, c) {
                (true, _) => escaped = false,
                (false, '\\') => escaped = true,
                (false, '"') => in_string = false,
                _ => {}
            }
            continue;
        }
        match c {
            '"' => {
                in_string = true;
                current.push(c);
            }
            '(' | '[' | '{' => {
                depth += 1;
                current.push(c);
            }
            ')' | ']' | '}' if depth == 0 => {
                args.push(current.trim().to_string());
                return args;
            }
            ')' | ']' | '}' => {
                depth -= 1;
                current.push(c);
            }
            ',' if depth == 0 => {
                args.push(current.trim().to_string());
                current.clear();
            }
            _ => current.push(c),
        }
    }
    args
}

/// Every rule code: the second argument of each `.error(` call (and of the agenda's `invalid(`
/// helper) when it is a literal, and the codes a match gives a variable before such a call.
fn codes_in_source() -> BTreeSet<String> {
    let mut codes = BTreeSet::new();
    for (path, source) in &sources() {
        // (Tests in the same file use `.error(` too, on reports they build: those are rules
        // written elsewhere, and count the same.)
        for marker in [".error(", "invalid("] {
            for (at, _) in source.match_indices(marker) {
                let args = arguments(&source[at + marker.len()..]);
                if let Some(code) = args.get(1) {
                    if let Some(code) = code.strip_prefix('"').and_then(|c| c.strip_suffix('"')) {
                        if !code.is_empty()
                            && code.chars().all(|c| c.is_ascii_lowercase() || c == '_')
                        {
                            codes.insert(code.to_string());
                        }
                    }
                }
            }
        }
        // `code: "unreadable_value".into()` (a finding built by hand).
        // (Only in `check`: elsewhere a `code:` field is a warning of the agenda builder or a
        // code of an error that is not a rule.)
        let in_check = path.ends_with("check.rs");
        for (at, _) in source.match_indices("code: \"").filter(|_| in_check) {
            let before = source[..at].chars().last().unwrap_or(' ');
            if before.is_alphanumeric() || before == '_' {
                continue; // country_code: "KE"
            }
            let rest = &source[at + 7..];
            if let Some(end) = rest.find('"') {
                let code = &rest[..end];
                if !code.is_empty() && code.chars().all(|c| c.is_ascii_lowercase() || c == '_') {
                    codes.insert(code.to_string());
                }
            }
        }
        // `let (code, key) = match e { …Error::X => ("code", "key"), … }` (amounts and rates;
        // a match arm may continue on the next line).
        let lines: Vec<&str> = source.lines().map(str::trim).collect();
        for (i, line) in lines.iter().enumerate() {
            let amount_or_rate = line.contains("AmountError::") || line.contains("RateError::");
            if !amount_or_rate || !line.contains("=>") {
                continue;
            }
            let arm = format!("{line} {}", lines.get(i + 1).unwrap_or(&""));
            if let Some((_, code)) = arm.split_once("=> (\"") {
                if let Some((code, _)) = code.split_once('"') {
                    if code.chars().all(|c| c.is_ascii_lowercase() || c == '_') {
                        codes.insert(code.to_string());
                    }
                }
            }
        }
    }
    codes
}

fn treatments(code: &str) -> &'static [RuleTreatment] {
    RULE_TREATMENTS
        .iter()
        .find(|(c, _)| *c == code)
        .map(|(_, t)| *t)
        .unwrap_or(&[])
}

#[test]
fn every_rule_has_a_merge_treatment() {
    let codes = codes_in_source();
    assert!(
        codes.len() > 40
            && codes.contains("end_before_start")
            && codes.contains("too_many_decimals"),
        "the scan finds the rules: {codes:?}"
    );
    let missing: Vec<&String> = codes.iter().filter(|c| treatments(c).is_empty()).collect();
    assert!(
        missing.is_empty(),
        "rules with no merge treatment (add them to sync::merge::RULE_TREATMENTS, and tie \
         their fields in records::TIED_FIELDS or repair them after a merge): {missing:?}"
    );
    let stale: Vec<&str> = RULE_TREATMENTS
        .iter()
        .map(|(c, _)| *c)
        .filter(|c| !codes.contains(*c))
        .collect();
    assert!(
        stale.is_empty(),
        "treatments of rules that no longer exist: {stale:?}"
    );
}

#[test]
fn every_rule_over_several_fields_of_a_row_has_them_tied() {
    for (code, treatment) in RULE_TREATMENTS {
        if treatment.contains(&RuleTreatment::TiedFields) {
            assert!(
                TIED_FIELDS.iter().any(|t| t.rules.contains(code)),
                "{code} is treated by tied fields, but no TIED_FIELDS entry names it"
            );
        }
    }
    for tied in TIED_FIELDS {
        for rule in tied.rules {
            assert!(
                treatments(rule).contains(&RuleTreatment::TiedFields),
                "{} ties {:?} for {rule}, which RULE_TREATMENTS does not mark as tied",
                tied.table,
                tied.fields
            );
        }
    }
}

/// The merge really takes the tied fields as one group, and the writer stamps them together.
#[test]
fn tied_fields_are_one_merge_group_of_their_table() {
    let store = peerplan_core::Store::open_in_memory().unwrap();
    for tied in TIED_FIELDS {
        let table = tables::table(tied.table)
            .unwrap_or_else(|| panic!("{} is not a synced table", tied.table));
        let columns = tables::data_columns(store.conn(), tied.table).unwrap();
        for field in tied.fields {
            assert!(
                columns.iter().any(|c| c == field),
                "{}.{field} is not a column",
                tied.table
            );
        }
        let groups = tables::groups(table, &columns);
        let group = groups
            .iter()
            .find(|g| g.fields.iter().any(|f| f == tied.fields[0]))
            .unwrap();
        let want: BTreeSet<&str> = tied.fields.iter().copied().collect();
        let got: BTreeSet<&str> = group.fields.iter().map(String::as_str).collect();
        assert_eq!(got, want, "the merge group of {}", tied.table);
        for field in tied.fields {
            assert_eq!(
                peerplan_core::store::records::tied_with(tied.table, field),
                tied.fields
            );
        }
    }
}
