//! Partnerships with their members from a portfolio list: one row per member with the
//! partnership's columns repeated (or blank below its first row), or one row per partnership
//! with its members' countries in one cell ("Kenya; Ghana"). A partnership already there (same
//! title) is updated — its blank cells keep what is stored — and gains the members it lacks;
//! nothing is duplicated. Dates are read as dates, as Excel serial numbers, or as text in the
//! officer's date order (ambiguous ones are a problem, never guessed). Previewed, then written
//! in one transaction after a backup, through the core's saves.

use std::collections::HashMap;

use chrono::NaiveDate;
use rusqlite::Connection;
use serde::Serialize;

use peerplan_core::model::{
    MemberData, MemberLevel, PartnershipData, PartnershipKind, PartnershipStatus,
};
use peerplan_core::store::records;
use peerplan_core::typed::{read_date, DateOrder};
use peerplan_core::{validate, Result, Store};

use crate::columns::{normalise, ColumnMap, PersonField};
use crate::people::{country_of, FieldChange};
use crate::table::{Cell, Table};

/// A problem at a row and column of the file.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Problem {
    pub row: usize,
    pub column: String,
    pub code: String,
    pub message: String,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum PartnershipAction {
    New,
    Update {
        partnership_id: String,
        changes: Vec<FieldChange>,
    },
    Unchanged {
        partnership_id: String,
    },
    Error,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MemberPlan {
    pub row: usize,
    pub country_code: String,
    pub level: MemberLevel,
    pub name: String,
    pub label: String,
    /// Already a member (same country and name): nothing to add.
    pub exists: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PartnershipPlan {
    /// The file's rows that make up this partnership.
    pub rows: Vec<usize>,
    pub data: PartnershipData,
    pub action: PartnershipAction,
    pub members: Vec<MemberPlan>,
    pub problems: Vec<Problem>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PartnershipsPlan {
    pub headers: Vec<String>,
    pub mapping: ColumnMap,
    pub partnerships: Vec<PartnershipPlan>,
    pub new: usize,
    pub updated: usize,
    pub unchanged: usize,
    pub members_added: usize,
    pub errors: usize,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PartnershipsResult {
    pub created: usize,
    pub updated: usize,
    pub members_added: usize,
    pub unchanged: usize,
    pub left_out: usize,
    pub backup: String,
}

/// How titles are compared: case and spacing aside, every character counts ("Phase 1.2" is
/// not "Phase 12", and titles in any script stay apart).
fn title_key(title: &str) -> String {
    title
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

/// A kind as officers write it, in English, French or Spanish.
pub fn kind_of(text: &str) -> Option<PartnershipKind> {
    let key = normalise(text);
    if let Some(k) = PartnershipKind::ALL.iter().find(|k| {
        normalise(k.as_str()) == key
            || normalise(k.label()) == key
            || crate::columns::is_label_in_any_language("partnership_kind", k.as_str(), &key)
    }) {
        return Some(*k);
    }
    // Stems long enough not to hide inside other words ("red" is in "shared").
    let has = |words: &[&str]| words.iter().any(|w| key.contains(w));
    if has(&["twin", "jumel", "herman"]) {
        Some(PartnershipKind::Twinning)
    } else if has(&["allian", "reseau", "network"]) || key == "red" || key.starts_with("redde") {
        Some(PartnershipKind::LearningAlliance)
    } else if has(&["city", "ville", "ciudad", "municip"]) {
        Some(PartnershipKind::CityToCity)
    } else if has(&["peer", "bilateral", "entrepairs", "entrepares"]) || key == "11" {
        Some(PartnershipKind::PeerLearning)
    } else if has(&["other", "autre", "otro"]) {
        Some(PartnershipKind::Other)
    } else {
        None
    }
}

/// A status as officers write it, in English, French or Spanish.
pub fn status_of(text: &str) -> Option<PartnershipStatus> {
    let key = normalise(text);
    if let Some(s) = PartnershipStatus::ALL.iter().find(|s| {
        normalise(s.as_str()) == key
            || normalise(s.label()) == key
            || crate::columns::is_label_in_any_language("partnership_status", s.as_str(), &key)
    }) {
        return Some(*s);
    }
    let starts = |words: &[&str]| words.iter().any(|w| key.starts_with(w));
    if starts(&["interest", "interet", "interes"]) {
        Some(PartnershipStatus::InterestExpressed)
    } else if starts(&["partneride", "identif", "partenaireide", "socioide"]) {
        Some(PartnershipStatus::PartnerIdentified)
    } else if starts(&["activ", "actif", "encours", "ongoing"]) {
        Some(PartnershipStatus::Active)
    } else if starts(&["sustain", "suivi", "sosten", "followup"]) {
        Some(PartnershipStatus::SustainedContact)
    } else if starts(&["conclu", "closed", "termin", "complet", "finished", "clos"]) {
        Some(PartnershipStatus::Concluded)
    } else if starts(&["pause", "suspend", "enpause", "pausad"]) {
        Some(PartnershipStatus::Paused)
    } else if starts(&["cancel", "annul"]) {
        Some(PartnershipStatus::Cancelled)
    } else {
        None
    }
}

/// A member's level as officers write it.
pub fn level_of(text: &str) -> Option<MemberLevel> {
    let key = normalise(text);
    if let Some(l) = MemberLevel::ALL.iter().find(|l| {
        normalise(l.as_str()) == key
            || normalise(l.label()) == key
            || crate::columns::is_label_in_any_language("member_level", l.as_str(), &key)
    }) {
        return Some(*l);
    }
    let starts = |words: &[&str]| words.iter().any(|w| key.starts_with(w));
    if starts(&[
        "nation",
        "country",
        "pays",
        "pais",
        "gouvernementnational",
        "gobiernonacional",
    ]) {
        Some(MemberLevel::Country)
    } else if starts(&[
        "subnat",
        "state",
        "province",
        "region",
        "estado",
        "etat",
        "county",
        "departement",
    ]) {
        Some(MemberLevel::Subnational)
    } else if starts(&["city", "municip", "ville", "ciudad", "commune", "local"]) {
        Some(MemberLevel::Municipality)
    } else if starts(&["minist", "agenc", "agence", "agencia"]) {
        Some(MemberLevel::Ministry)
    } else if starts(&["institu", "other", "autre", "otra"]) {
        Some(MemberLevel::Institution)
    } else {
        None
    }
}

/// A date cell: a date, an Excel serial number (a date column without its format), or text
/// in the officer's order, ISO, or words — never guessed.
fn date_of(cell: &Cell, order: DateOrder) -> std::result::Result<Option<NaiveDate>, String> {
    match cell {
        Cell::Empty => Ok(None),
        Cell::Date(d) => Ok(Some(*d)),
        Cell::Number(n) if (20_000.0..80_000.0).contains(n) && n.fract() == 0.0 => {
            // Excel's day 0 is 1899-12-30 (its 1900 leap-year bug included).
            Ok(NaiveDate::from_ymd_opt(1899, 12, 30)
                .and_then(|d| d.checked_add_days(chrono::Days::new(*n as u64))))
        }
        Cell::Error(e) => Err(format!("the cell holds the spreadsheet error {e}")),
        other => read_date(&other.text(), order).map(Some),
    }
}

/// The preview of `table`, read against the database through `conn`.
pub fn plan(
    conn: &Connection,
    table: &Table,
    mapping: &ColumnMap,
    order: DateOrder,
) -> Result<PartnershipsPlan> {
    let existing: Vec<(String, PartnershipData)> =
        records::list::<PartnershipData>(conn, "1", &[], "t.id")?
            .into_iter()
            .map(|r| (r.id, r.data))
            .collect();
    let header_of = |f: PersonField| {
        mapping
            .column_of(f)
            .map(|c| table.headers[c].clone())
            .unwrap_or_else(|| f.as_str().to_string())
    };
    let cell = |row: usize, f: PersonField| -> Cell {
        mapping
            .column_of(f)
            .map(|c| table.rows[row][c].clone())
            .unwrap_or(Cell::Empty)
    };
    // Rows grouped by partnership: a blank title continues the partnership above.
    let mut groups: Vec<(String, Vec<usize>)> = Vec::new();
    let mut by_title: HashMap<String, usize> = HashMap::new();
    let mut orphans = Vec::new();
    // The group of the last titled row: a blank title continues that one.
    let mut current: Option<usize> = None;
    for i in 0..table.rows.len() {
        let title = cell(i, PersonField::Title).text();
        let key = title_key(&title);
        if key.is_empty() {
            match current {
                Some(g) => groups[g].1.push(i),
                None => orphans.push(i),
            }
            continue;
        }
        let g = *by_title.entry(key).or_insert_with(|| {
            groups.push((title, Vec::new()));
            groups.len() - 1
        });
        groups[g].1.push(i);
        current = Some(g);
    }
    let mut plan = PartnershipsPlan {
        headers: table.headers.clone(),
        mapping: mapping.clone(),
        partnerships: Vec::new(),
        new: 0,
        updated: 0,
        unchanged: 0,
        members_added: 0,
        errors: 0,
    };
    if !orphans.is_empty() {
        plan.errors += 1;
        plan.partnerships.push(PartnershipPlan {
            rows: orphans.iter().map(|i| table.row_numbers[*i]).collect(),
            data: PartnershipData::default(),
            action: PartnershipAction::Error,
            members: Vec::new(),
            problems: orphans
                .iter()
                .map(|i| Problem {
                    row: table.row_numbers[*i],
                    column: header_of(PersonField::Title),
                    code: "required".into(),
                    message: "a partnership needs a title (a blank title continues the partnership above, and there is none)".into(),
                })
                .collect(),
        });
    }
    for (title, rows) in groups {
        let mut problems = Vec::new();
        let mut data = PartnershipData {
            title,
            ..Default::default()
        };
        // The partnership's fields: the first non-blank cell of its rows.
        let first = |f: PersonField| {
            rows.iter()
                .map(|&i| (i, cell(i, f)))
                .find(|(_, c)| !c.is_empty())
        };
        // A spreadsheet error (#REF!, #N/A) in any cell of the partnership is a problem, never
        // a title or a topic.
        for &i in &rows {
            for f in PersonField::PARTNERSHIP {
                if let Cell::Error(e) = cell(i, f) {
                    problems.push(Problem {
                        row: table.row_numbers[i],
                        column: header_of(f),
                        code: "cell_error".into(),
                        message: format!(
                            "the cell holds the spreadsheet error {e}; correct it in the file or here"
                        ),
                    });
                }
            }
        }
        let existing_match = existing
            .iter()
            .find(|(_, p)| title_key(&p.title) == title_key(&data.title));
        if let Some((i, c)) = first(PersonField::Kind) {
            match kind_of(&c.text()) {
                Some(k) => data.kind = k,
                None => problems.push(Problem {
                    row: table.row_numbers[i],
                    column: header_of(PersonField::Kind),
                    code: "unknown_kind".into(),
                    message: format!(
                        "{:?} is not a kind of partnership; use {}",
                        c.text(),
                        PartnershipKind::allowed()
                    ),
                }),
            }
        } else if let Some((_, p)) = existing_match {
            data.kind = p.kind;
        }
        if let Some((i, c)) = first(PersonField::Status) {
            match status_of(&c.text()) {
                Some(s) => data.status = s,
                None => problems.push(Problem {
                    row: table.row_numbers[i],
                    column: header_of(PersonField::Status),
                    code: "unknown_status".into(),
                    message: format!(
                        "{:?} is not a status; use {}",
                        c.text(),
                        PartnershipStatus::allowed()
                    ),
                }),
            }
        } else if let Some((_, p)) = existing_match {
            data.status = p.status;
        }
        for (field, slot) in [
            (PersonField::StartDate, &mut data.start_date),
            (PersonField::EndDate, &mut data.end_date),
        ] {
            if let Some((i, c)) = first(field) {
                match date_of(&c, order) {
                    Ok(d) => *slot = d,
                    Err(message) => problems.push(Problem {
                        row: table.row_numbers[i],
                        column: header_of(field),
                        code: "bad_date".into(),
                        message,
                    }),
                }
            }
        }
        data.topic = first(PersonField::Topic)
            .map(|(_, c)| c.text())
            .unwrap_or_default();
        data.officer = first(PersonField::Officer)
            .map(|(_, c)| c.text())
            .unwrap_or_default();
        if let Some((_, old)) = existing_match {
            // Blank cells keep what is stored.
            for (mine, theirs) in [
                (&mut data.topic, &old.topic),
                (&mut data.officer, &old.officer),
            ] {
                if mine.is_empty() {
                    mine.clone_from(theirs);
                }
            }
            data.start_date = data.start_date.or(old.start_date);
            data.end_date = data.end_date.or(old.end_date);
            data.priorities.clone_from(&old.priorities);
            data.requested_by.clone_from(&old.requested_by);
            data.learning_interest.clone_from(&old.learning_interest);
            data.advisor.clone_from(&old.advisor);
            data.notes.clone_from(&old.notes);
            data.archived = old.archived;
        }
        for issue in validate::partnership(&data).errors() {
            let field = match issue.field.as_str() {
                "title" => PersonField::Title,
                "start_date" => PersonField::StartDate,
                "end_date" => PersonField::EndDate,
                "topic" => PersonField::Topic,
                "officer" => PersonField::Officer,
                _ => PersonField::Title,
            };
            problems.push(Problem {
                row: table.row_numbers[rows[0]],
                column: header_of(field),
                code: issue.code.to_string(),
                message: issue.message.clone(),
            });
        }
        // Members: each row's country (or several in one cell), level and institution.
        let stored_members: Vec<MemberData> = match existing_match {
            Some((id, _)) => {
                records::list::<MemberData>(conn, "t.partnership_id = ?1", &[id], "t.id")?
                    .into_iter()
                    .map(|r| r.data)
                    .collect()
            }
            None => Vec::new(),
        };
        let mut members: Vec<MemberPlan> = Vec::new();
        for &i in &rows {
            let number = table.row_numbers[i];
            let text = cell(i, PersonField::Member).text();
            if text.is_empty() {
                continue;
            }
            let institution = cell(i, PersonField::Institution).text();
            let level_text = cell(i, PersonField::Level).text();
            let level = if level_text.is_empty() {
                None
            } else {
                let found = level_of(&level_text);
                if found.is_none() {
                    problems.push(Problem {
                        row: number,
                        column: header_of(PersonField::Level),
                        code: "unknown_level".into(),
                        message: format!(
                            "{level_text:?} is not a level; use {}",
                            MemberLevel::allowed()
                        ),
                    });
                }
                found
            };
            // "Kenya; Ghana": several countries in one cell, each a member.
            let parts: Vec<&str> = text
                .split([';', '\n'])
                .map(str::trim)
                .filter(|p| !p.is_empty())
                .collect();
            for part in parts {
                let Some(code) = country_of(part) else {
                    problems.push(Problem {
                        row: number,
                        column: header_of(PersonField::Member),
                        code: "unknown_country".into(),
                        message: format!("{part:?} is not a country PeerPlan knows; write its English name or its ISO code (KE or KEN)"),
                    });
                    continue;
                };
                let member = MemberData {
                    country_code: code.to_string(),
                    level: level.unwrap_or(if institution.is_empty() {
                        MemberLevel::Country
                    } else {
                        MemberLevel::Institution
                    }),
                    name: institution.clone(),
                    ..Default::default()
                };
                // Its partnership is set when it is saved.
                for issue in validate::member(&member)
                    .errors()
                    .filter(|i| i.field != "partnership_id")
                {
                    let field = match issue.field.as_str() {
                        "country_code" => PersonField::Member,
                        "level" => PersonField::Level,
                        _ => PersonField::Institution,
                    };
                    problems.push(Problem {
                        row: number,
                        column: header_of(field),
                        code: issue.code.to_string(),
                        message: issue.message.clone(),
                    });
                }
                let same = |m: &MemberData| {
                    m.country_code == member.country_code
                        && normalise(&m.name) == normalise(&member.name)
                };
                if members.iter().any(|p| {
                    p.country_code == member.country_code
                        && normalise(&p.name) == normalise(&member.name)
                }) {
                    problems.push(Problem {
                        row: number,
                        column: header_of(PersonField::Member),
                        code: "duplicate_in_file".into(),
                        message: format!("{} is listed twice for this partnership", member.label()),
                    });
                    continue;
                }
                members.push(MemberPlan {
                    row: number,
                    label: member.label(),
                    exists: stored_members.iter().any(same),
                    country_code: member.country_code,
                    level: member.level,
                    name: member.name,
                });
            }
        }
        let action = if !problems.is_empty() {
            plan.errors += 1;
            PartnershipAction::Error
        } else {
            plan.members_added += members.iter().filter(|m| !m.exists).count();
            match existing_match {
                None => {
                    plan.new += 1;
                    PartnershipAction::New
                }
                Some((id, old)) => {
                    let changes = partnership_changes(old, &data);
                    if changes.is_empty() && members.iter().all(|m| m.exists) {
                        plan.unchanged += 1;
                        PartnershipAction::Unchanged {
                            partnership_id: id.clone(),
                        }
                    } else {
                        plan.updated += 1;
                        PartnershipAction::Update {
                            partnership_id: id.clone(),
                            changes,
                        }
                    }
                }
            }
        };
        plan.partnerships.push(PartnershipPlan {
            rows: rows.iter().map(|i| table.row_numbers[*i]).collect(),
            data,
            action,
            members,
            problems,
        });
    }
    Ok(plan)
}

fn partnership_changes(old: &PartnershipData, new: &PartnershipData) -> Vec<FieldChange> {
    let date = |d: Option<NaiveDate>| d.map(|d| d.to_string()).unwrap_or_default();
    let mut out = Vec::new();
    for (field, before, after) in [
        (
            "kind",
            old.kind.label().to_string(),
            new.kind.label().to_string(),
        ),
        (
            "status",
            old.status.label().to_string(),
            new.status.label().to_string(),
        ),
        ("topic", old.topic.clone(), new.topic.clone()),
        ("officer", old.officer.clone(), new.officer.clone()),
        ("start_date", date(old.start_date), date(new.start_date)),
        ("end_date", date(old.end_date), date(new.end_date)),
    ] {
        if before != after {
            out.push(FieldChange {
                field,
                old: before,
                new: after,
            });
        }
    }
    out
}

/// Imports the partnerships and their members (`crate::import_with`: a backup, then one
/// transaction planned again).
pub fn import(
    store: &mut Store,
    table: &Table,
    mapping: &ColumnMap,
    order: DateOrder,
    leave_out_errors: bool,
) -> Result<PartnershipsResult> {
    crate::import_with(
        store,
        "partnerships",
        leave_out_errors,
        |conn| plan(conn, table, mapping, order),
        |preview| PartnershipsResult {
            created: 0,
            updated: 0,
            members_added: 0,
            unchanged: preview.unchanged,
            left_out: preview.errors,
            backup: String::new(),
        },
        |w, plan, backup| {
            let mut result = PartnershipsResult {
                created: 0,
                updated: 0,
                members_added: 0,
                unchanged: plan.unchanged,
                left_out: plan.errors,
                backup,
            };
            for p in plan.partnerships {
                let id = match &p.action {
                    PartnershipAction::Error | PartnershipAction::Unchanged { .. } => continue,
                    PartnershipAction::New => {
                        result.created += 1;
                        w.save_partnership(None, p.data.clone())?.id
                    }
                    PartnershipAction::Update { partnership_id, .. } => {
                        result.updated += 1;
                        w.save_partnership(Some(partnership_id), p.data.clone())?.id
                    }
                };
                for m in p.members.iter().filter(|m| !m.exists) {
                    w.save_member(
                        None,
                        MemberData {
                            partnership_id: id.clone(),
                            country_code: m.country_code.clone(),
                            level: m.level,
                            name: m.name.clone(),
                            ..Default::default()
                        },
                    )?;
                    result.members_added += 1;
                }
            }
            Ok(result)
        },
    )
}

impl crate::Preview for PartnershipsPlan {
    fn errors(&self) -> usize {
        self.errors
    }
    fn to_write(&self) -> usize {
        self.new + self.updated
    }
    fn first_problem(&self) -> Option<(usize, &str, &str)> {
        self.partnerships
            .iter()
            .find_map(|p| p.problems.first())
            .map(|p| (p.row, p.column.as_str(), p.message.as_str()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::table::read_csv;

    fn store() -> (tempfile::TempDir, Store) {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(&dir.path().join("pp.db")).unwrap();
        (dir, store)
    }

    const PORTFOLIO: &str = "Titre;Type;Thème;Statut;Début;Fin;Responsable;Pays;Niveau;Institution\r\n\
        Ghana–Kenya NAP M&E;1:1 peer learning;Climate adaptation;Actif;15/01/2026;31/12/2027;Amina;Ghana;;Environmental Protection Agency\r\n\
        ;;;;;;;Kenya;;Climate Change Directorate\r\n\
        Lima–La Paz water twinning;Jumelage;Water;Intérêt exprimé;2026-03-01;;Jon;\"Peru; Bolivia\";;\r\n\
        Narnia alliance;Alliance;;Actif;03/04/2026;;;Narnia;;\r\n\
        Bad dates;Autre;;Actif;31/12/2027;01/01/2026;;Chile;;\r\n";

    #[test]
    fn a_portfolio_list_in_french_is_previewed_with_members_and_dates() {
        let (_dir, store) = store();
        let table = read_csv(PORTFOLIO.as_bytes()).unwrap();
        let map = ColumnMap::for_partnerships(&table.headers, &[]).unwrap();
        let plan = plan(store.conn(), &table, &map, DateOrder::DayFirst).unwrap();
        let ghana = &plan.partnerships[0];
        assert_eq!(
            ghana.rows,
            [2, 3],
            "the blank title continues the partnership above"
        );
        assert_eq!(ghana.data.kind, PartnershipKind::PeerLearning);
        assert_eq!(ghana.data.status, PartnershipStatus::Active);
        assert_eq!(ghana.data.start_date, NaiveDate::from_ymd_opt(2026, 1, 15));
        let labels: Vec<&str> = ghana.members.iter().map(|m| m.label.as_str()).collect();
        assert_eq!(
            labels,
            [
                "Environmental Protection Agency — Ghana (GH)",
                "Climate Change Directorate — Kenya (KE)"
            ]
        );
        let lima = &plan.partnerships[1];
        assert_eq!(lima.data.kind, PartnershipKind::Twinning);
        assert_eq!(lima.members.len(), 2, "two countries in one cell");
        assert_eq!(lima.members[1].level, MemberLevel::Country);
        assert_eq!(plan.partnerships[2].problems[0].code, "unknown_country");
        assert_eq!(
            plan.partnerships[3].problems[0].column, "Fin",
            "{:?}",
            plan.partnerships[3].problems
        );
        assert_eq!((plan.new, plan.errors, plan.members_added), (2, 2, 4));
    }

    #[test]
    fn an_ambiguous_text_date_is_a_problem_and_a_serial_number_is_a_date() {
        assert!(
            date_of(&Cell::Text("03/04/2026".into()), DateOrder::DayFirst).unwrap()
                == NaiveDate::from_ymd_opt(2026, 4, 3)
        );
        assert_eq!(
            date_of(&Cell::Number(46_037.0), DateOrder::DayFirst).unwrap(),
            NaiveDate::from_ymd_opt(2026, 1, 15)
        );
        assert!(date_of(&Cell::Text("2026-13-45".into()), DateOrder::DayFirst).is_err());
        assert!(date_of(&Cell::Error("#N/A".into()), DateOrder::DayFirst).is_err());
    }

    #[test]
    fn importing_again_updates_and_adds_the_missing_member_only() {
        let (_dir, mut store) = store();
        let good: String = PORTFOLIO.lines().take(4).collect::<Vec<_>>().join("\r\n");
        let table = read_csv(good.as_bytes()).unwrap();
        let map = ColumnMap::for_partnerships(&table.headers, &[]).unwrap();
        let result = import(&mut store, &table, &map, DateOrder::DayFirst, false).unwrap();
        assert_eq!((result.created, result.members_added), (2, 4));
        // The list comes back: the status moved on, Chile joins Lima–La Paz.
        let edited = good
            .replace("Intérêt exprimé", "Actif")
            .replace("\"Peru; Bolivia\"", "\"Peru; Bolivia; Chile\"");
        let table = read_csv(edited.as_bytes()).unwrap();
        let result = import(&mut store, &table, &map, DateOrder::DayFirst, false).unwrap();
        assert_eq!(
            (result.created, result.updated, result.members_added),
            (0, 1, 1),
            "{result:?}"
        );
        let n: i64 = store
            .conn()
            .query_row(
                "SELECT count(*) FROM partnerships WHERE deleted_at IS NULL",
                [],
                |r| r.get(0),
            )
            .unwrap();
        assert_eq!(n, 2);
        let members: i64 = store
            .conn()
            .query_row(
                "SELECT count(*) FROM members WHERE deleted_at IS NULL",
                [],
                |r| r.get(0),
            )
            .unwrap();
        assert_eq!(members, 5);
    }
}
