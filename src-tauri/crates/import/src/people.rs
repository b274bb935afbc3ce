//! People into the directory: a preview of what each row will do (a new person, a match by
//! email or by name and organisation, an update, nothing) with every problem by row and
//! column, then the import itself — planned again and written in one transaction, after a
//! backup, so the officer can undo it.

use std::collections::HashMap;

use rusqlite::Connection;
use serde::Serialize;

use peerplan_core::model::PersonData;
use peerplan_core::store::records;
use peerplan_core::{countries, validate, Result, Store};

use crate::columns::{normalise, ColumnMap, PersonField};
use crate::table::{Cell, Table};

/// What importing one row does.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum RowAction {
    /// A new person in the directory.
    New,
    /// The person is already there (by `by`: "email" or "name and organisation") and the row
    /// changes some of their fields (a blank cell never erases what is stored).
    Update {
        person_id: String,
        by: &'static str,
        changes: Vec<FieldChange>,
    },
    /// The person is already there with the same details: nothing to write.
    Unchanged { person_id: String, by: &'static str },
    /// The row cannot be imported as it is (see its problems).
    Error,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FieldChange {
    pub field: &'static str,
    pub old: String,
    pub new: String,
}

/// One problem of a row: where (the file's row number and the column's header) and what.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RowProblem {
    pub column: String,
    pub code: String,
    pub message: String,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RowPlan {
    /// The row number the spreadsheet shows.
    pub row: usize,
    pub person: PersonData,
    pub action: RowAction,
    pub problems: Vec<RowProblem>,
    /// Said but not in the way ("a deleted person had this email").
    pub notes: Vec<String>,
}

/// The preview of an import: the column mapping and every row.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PeoplePlan {
    pub headers: Vec<String>,
    pub mapping: ColumnMap,
    pub rows: Vec<RowPlan>,
    pub new: usize,
    pub updated: usize,
    pub unchanged: usize,
    pub errors: usize,
}

/// What an import wrote, and how to undo it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ImportResult {
    pub created: usize,
    pub updated: usize,
    pub unchanged: usize,
    /// Rows with problems the officer chose to leave out.
    pub left_out: usize,
    /// The backup made first: restoring it undoes the import ("" when nothing was written).
    pub backup: String,
}

/// A person already in the directory, as matching needs it.
struct Known {
    id: String,
    data: PersonData,
}

/// The country of a cell: an ISO code (alpha-2 or alpha-3) or its name in English, French or
/// Spanish, any case or accents ("kenya", "KEN", "Cote d'Ivoire", "Allemagne", "Alemania").
pub fn country_of(text: &str) -> Option<&'static str> {
    let t = text.trim();
    let upper = t.to_uppercase();
    let key = normalise(t);
    let named = |c: &countries::Country| {
        normalise(c.name) == key
            || ["fr", "es"]
                .iter()
                .any(|l| countries::name_in(c.code, l).is_some_and(|n| normalise(n) == key))
    };
    countries::all()
        .iter()
        .find(|c| c.code == upper || c.alpha3 == upper)
        .or_else(|| countries::all().iter().find(|c| named(c)))
        .map(|c| c.code)
}

/// The preview, read against the database through `conn` (the store's, or a transaction's).
pub fn plan(conn: &Connection, table: &Table, mapping: &ColumnMap) -> Result<PeoplePlan> {
    let known: Vec<Known> = records::list::<PersonData>(conn, "1", &[], "t.id")?
        .into_iter()
        .map(|r| Known {
            id: r.id,
            data: r.data,
        })
        .collect();
    let mut by_email: HashMap<String, usize> = HashMap::new();
    let mut by_name_org: HashMap<(String, String), usize> = HashMap::new();
    for (i, k) in known.iter().enumerate() {
        if !k.data.email.trim().is_empty() {
            by_email
                .entry(k.data.email.trim().to_lowercase())
                .or_insert(i);
        }
        by_name_org.entry(name_org_key(&k.data)).or_insert(i);
    }
    let mut deleted_email = conn.prepare_cached(
        "SELECT EXISTS (SELECT 1 FROM people WHERE deleted_at IS NOT NULL AND lower(email) = ?1)",
    )?;
    let header_of = |field: PersonField| -> String {
        mapping
            .column_of(field)
            .map(|c| table.headers[c].clone())
            .unwrap_or_else(|| field.as_str().to_string())
    };
    // Rows of this file already seen: by email, and by name and organisation.
    let mut seen_email: HashMap<String, usize> = HashMap::new();
    let mut seen_name: HashMap<(String, String), usize> = HashMap::new();
    let mut plan = PeoplePlan {
        headers: table.headers.clone(),
        mapping: mapping.clone(),
        rows: Vec::with_capacity(table.rows.len()),
        new: 0,
        updated: 0,
        unchanged: 0,
        errors: 0,
    };
    for (row, &number) in table.rows.iter().zip(&table.row_numbers) {
        let mut problems = Vec::new();
        let mut notes = Vec::new();
        let mut value = |field: PersonField| -> String {
            let Some(c) = mapping.column_of(field) else {
                return String::new();
            };
            match &row[c] {
                Cell::Error(e) => {
                    problems.push(RowProblem {
                        column: table.headers[c].clone(),
                        code: "cell_error".into(),
                        message: format!("the cell holds the spreadsheet error {e}; correct it in the file or here"),
                    });
                    String::new()
                }
                cell => cell.text(),
            }
        };
        let name = {
            let whole = value(PersonField::Name);
            if whole.is_empty() {
                [value(PersonField::FirstName), value(PersonField::LastName)]
                    .into_iter()
                    .filter(|p| !p.is_empty())
                    .collect::<Vec<_>>()
                    .join(" ")
            } else {
                whole
            }
        };
        let country_text = value(PersonField::Country);
        let mut person = PersonData {
            name,
            organisation: value(PersonField::Organisation),
            position: value(PersonField::Position),
            country_code: None,
            email: value(PersonField::Email),
            phone: value(PersonField::Phone),
            notes: value(PersonField::Notes),
        };
        if !country_text.is_empty() {
            match country_of(&country_text) {
                Some(code) => person.country_code = Some(code.to_string()),
                None => problems.push(RowProblem {
                    column: header_of(PersonField::Country),
                    code: "unknown_country".into(),
                    message: format!("{country_text:?} is not a country PeerPlan knows; write its English name or its ISO code (KE or KEN)"),
                }),
            }
        }
        for issue in validate::person(&person).errors() {
            let field = match issue.field.as_str() {
                "name" if mapping.column_of(PersonField::Name).is_none() => {
                    if mapping.column_of(PersonField::FirstName).is_some() {
                        PersonField::FirstName
                    } else {
                        PersonField::LastName
                    }
                }
                "name" => PersonField::Name,
                "email" => PersonField::Email,
                "organisation" => PersonField::Organisation,
                "position" => PersonField::Position,
                "phone" => PersonField::Phone,
                "notes" => PersonField::Notes,
                "country_code" => PersonField::Country,
                _ => PersonField::Name,
            };
            problems.push(RowProblem {
                column: header_of(field),
                code: issue.code.to_string(),
                message: issue.message.clone(),
            });
        }
        // The same person twice in the file: the second row is the problem.
        let email_key = person.email.trim().to_lowercase();
        let name_key = name_org_key(&person);
        let twin = (!email_key.is_empty())
            .then(|| seen_email.get(&email_key))
            .flatten()
            .or_else(|| {
                (!person.name.is_empty())
                    .then(|| seen_name.get(&name_key))
                    .flatten()
            });
        if let Some(first) = twin {
            problems.push(RowProblem {
                column: header_of(if email_key.is_empty() {
                    PersonField::Name
                } else {
                    PersonField::Email
                }),
                code: "duplicate_in_file".into(),
                message: format!("the same person as row {first}; keep one of the two rows"),
            });
        } else {
            if !email_key.is_empty() {
                seen_email.insert(email_key.clone(), number);
            }
            if !person.name.is_empty() {
                seen_name.insert(name_key.clone(), number);
            }
        }
        let matched = by_email
            .get(&email_key)
            .filter(|_| !email_key.is_empty())
            .map(|i| (*i, "email"))
            .or_else(|| {
                // Name and organisation only when the emails cannot tell two people apart: a
                // stored person with another address is someone else.
                by_name_org
                    .get(&name_key)
                    .filter(|i| email_key.is_empty() || known[**i].data.email.trim().is_empty())
                    .map(|i| (*i, "name and organisation"))
            });
        if matched.is_none()
            && !email_key.is_empty()
            && deleted_email.query_row([&email_key], |r| r.get::<_, bool>(0))?
        {
            notes.push(
                "a person removed from the directory had this email; a new person is created (the removed one stays removed)"
                    .to_string(),
            );
        }
        let action = if !problems.is_empty() {
            plan.errors += 1;
            RowAction::Error
        } else {
            match matched {
                None => {
                    plan.new += 1;
                    RowAction::New
                }
                Some((i, by)) => {
                    let k = &known[i];
                    let changes = changes(&k.data, &person);
                    if changes.is_empty() {
                        plan.unchanged += 1;
                        RowAction::Unchanged {
                            person_id: k.id.clone(),
                            by,
                        }
                    } else {
                        plan.updated += 1;
                        RowAction::Update {
                            person_id: k.id.clone(),
                            by,
                            changes,
                        }
                    }
                }
            }
        };
        plan.rows.push(RowPlan {
            row: number,
            person,
            action,
            problems,
            notes,
        });
    }
    Ok(plan)
}

fn name_org_key(p: &PersonData) -> (String, String) {
    (
        p.name
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
            .to_lowercase(),
        p.organisation
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
            .to_lowercase(),
    )
}

/// The fields the row would change: each non-blank cell that differs from what is stored.
fn changes(old: &PersonData, new: &PersonData) -> Vec<FieldChange> {
    let mut out = Vec::new();
    let old_country = old.country_code.clone().unwrap_or_default();
    let new_country = new.country_code.clone().unwrap_or_default();
    for (field, before, after) in [
        ("name", old.name.as_str(), new.name.as_str()),
        ("organisation", &old.organisation, &new.organisation),
        ("position", &old.position, &new.position),
        ("country", &old_country, &new_country),
        ("email", &old.email, &new.email),
        ("phone", &old.phone, &new.phone),
        ("notes", &old.notes, &new.notes),
    ] {
        let differs = if field == "email" {
            !before.trim().eq_ignore_ascii_case(after.trim())
        } else {
            before.trim() != after.trim()
        };
        if !after.trim().is_empty() && differs {
            out.push(FieldChange {
                field,
                old: before.to_string(),
                new: after.to_string(),
            });
        }
    }
    out
}

/// The stored person with the row's non-blank cells over it.
pub(crate) fn updated(old: PersonData, new: &PersonData) -> PersonData {
    let pick = |before: String, after: &str| {
        if after.trim().is_empty() {
            before
        } else {
            after.to_string()
        }
    };
    PersonData {
        name: pick(old.name, &new.name),
        organisation: pick(old.organisation, &new.organisation),
        position: pick(old.position, &new.position),
        country_code: new.country_code.clone().or(old.country_code),
        // The same address in other capitals is not a change: the stored spelling stays.
        email: if old.email.trim().eq_ignore_ascii_case(new.email.trim()) {
            old.email
        } else {
            pick(old.email, &new.email)
        },
        phone: pick(old.phone, &new.phone),
        notes: pick(old.notes, &new.notes),
    }
}

/// Imports the people of `table`: a backup first, then — in one transaction, planned again
/// inside it so that nothing another program wrote since the preview is duplicated — every
/// row without a problem. Rows with problems refuse the whole import unless `leave_out_errors`.
pub fn import(
    store: &mut Store,
    table: &Table,
    mapping: &ColumnMap,
    leave_out_errors: bool,
) -> Result<ImportResult> {
    crate::import_with(
        store,
        "people",
        leave_out_errors,
        |conn| plan(conn, table, mapping),
        |preview| ImportResult {
            created: 0,
            updated: 0,
            unchanged: preview.unchanged,
            left_out: preview.errors,
            backup: String::new(),
        },
        |w, plan, backup| {
            let mut result = ImportResult {
                created: 0,
                updated: 0,
                unchanged: plan.unchanged,
                left_out: plan.errors,
                backup,
            };
            for row in plan.rows {
                match row.action {
                    RowAction::New => {
                        w.save_person(None, row.person)?;
                        result.created += 1;
                    }
                    RowAction::Update { person_id, .. } => {
                        let old = records::get::<PersonData>(w.conn(), &person_id)?.data;
                        w.save_person(Some(&person_id), updated(old, &row.person))?;
                        result.updated += 1;
                    }
                    RowAction::Unchanged { .. } | RowAction::Error => {}
                }
            }
            Ok(result)
        },
    )
}

impl crate::Preview for PeoplePlan {
    fn errors(&self) -> usize {
        self.errors
    }
    fn to_write(&self) -> usize {
        self.new + self.updated
    }
    fn first_problem(&self) -> Option<(usize, &str, &str)> {
        self.rows.iter().find_map(|r| {
            r.problems
                .first()
                .map(|p| (r.row, p.column.as_str(), p.message.as_str()))
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::table::read_csv;

    fn store() -> (tempfile::TempDir, Store) {
        let dir = tempfile::tempdir().unwrap();
        let mut store = Store::open(&dir.path().join("pp.db")).unwrap();
        store
            .save_person(
                None,
                PersonData {
                    name: "Amina Diallo".into(),
                    organisation: "Ministry of Environment".into(),
                    email: "amina.diallo@example.org".into(),
                    country_code: Some("SN".into()),
                    ..Default::default()
                },
            )
            .unwrap();
        store
            .save_person(
                None,
                PersonData {
                    name: "Kofi Mensah".into(),
                    organisation: "EPA Ghana".into(),
                    ..Default::default()
                },
            )
            .unwrap();
        let gone = store
            .save_person(
                None,
                PersonData {
                    name: "Old Contact".into(),
                    email: "old@example.org".into(),
                    ..Default::default()
                },
            )
            .unwrap()
            .record
            .id;
        store.delete_person(&gone).unwrap();
        (dir, store)
    }

    fn people(store: &Store) -> Vec<PersonData> {
        records::list::<PersonData>(store.conn(), "1", &[], "t.name")
            .unwrap()
            .into_iter()
            .map(|r| r.data)
            .collect()
    }

    const FILE: &str = "Prénom;Nom;Organisme;Fonction;Pays;Courriel;Téléphone\r\n\
        Amina;Diallo;Ministry of Environment;Director;Sénégal;AMINA.DIALLO@example.org;+221 33 000\r\n\
        Kofi;Mensah;EPA Ghana;;Ghana;;\r\n\
        Wanjiru;Kamau;County of Nairobi;Planner;KEN;wanjiru@example.ke;\r\n\
        Brian;Otieno;;;Narnia;brian@example;\r\n\
        Wanjiru;Kamau;County of Nairobi;;KE;wanjiru@example.ke;\r\n\
        Nouveau;Contact;;;;old@example.org;\r\n";

    #[test]
    fn the_preview_says_what_each_row_does_and_every_problem_by_row_and_column() {
        let (_dir, store) = store();
        let table = read_csv(FILE.as_bytes()).unwrap();
        let map = ColumnMap::for_headers(&table.headers, &[]).unwrap();
        let plan = plan(store.conn(), &table, &map).unwrap();
        let by_row = |n: usize| plan.rows.iter().find(|r| r.row == n).unwrap();
        // Amina: matched by email (any case); her position and phone are new. "Sénégal" is
        // Senegal, accents or not.
        let RowAction::Update { by, changes, .. } = &by_row(2).action else {
            panic!("{:?}", by_row(2));
        };
        assert_eq!(*by, "email");
        let fields: Vec<&str> = changes.iter().map(|c| c.field).collect();
        assert_eq!(fields, ["position", "phone"]);
        // Kofi: matched by name and organisation; the file adds his country.
        assert!(
            matches!(&by_row(3).action, RowAction::Update { by: "name and organisation", changes, .. } if changes[0].new == "GH")
        );
        // Wanjiru: new, country by its alpha-3 code.
        assert_eq!(by_row(4).action, RowAction::New);
        assert_eq!(by_row(4).person.country_code.as_deref(), Some("KE"));
        // Brian: two problems, each at its column.
        let columns: Vec<&str> = by_row(5)
            .problems
            .iter()
            .map(|p| p.column.as_str())
            .collect();
        assert_eq!(columns, ["Pays", "Courriel"]);
        // Wanjiru again: the same person as row 4.
        assert_eq!(by_row(6).problems[0].code, "duplicate_in_file");
        assert!(by_row(6).problems[0].message.contains("row 4"));
        // The email of a removed person: a new person, said.
        assert_eq!(by_row(7).action, RowAction::New);
        assert!(by_row(7).notes[0].contains("removed"));
        assert_eq!(
            (plan.new, plan.unchanged, plan.updated, plan.errors),
            (2, 0, 2, 2)
        );
    }

    #[test]
    fn an_import_is_all_or_nothing_backed_up_and_a_second_import_matches_instead_of_duplicating() {
        let (_dir, mut store) = store();
        let before = people(&store);
        let table = read_csv(FILE.as_bytes()).unwrap();
        let map = ColumnMap::for_headers(&table.headers, &[]).unwrap();
        // Rows with problems: refused, nothing written.
        let err = import(&mut store, &table, &map, false).unwrap_err();
        assert!(err.to_string().contains("nothing was imported"), "{err}");
        assert_eq!(people(&store), before);
        // Left out: the others go in, after a backup.
        let result = import(&mut store, &table, &map, true).unwrap();
        assert_eq!((result.created, result.updated, result.left_out), (2, 2, 2));
        assert!(std::path::Path::new(&result.backup).exists());
        let names: Vec<String> = people(&store).into_iter().map(|p| p.name).collect();
        assert_eq!(
            names,
            [
                "Amina Diallo",
                "Kofi Mensah",
                "Nouveau Contact",
                "Wanjiru Kamau"
            ]
        );
        // The list comes back edited (Amina's position changed, Wanjiru's phone added):
        // matched, updated, not duplicated; a blank cell erases nothing.
        let edited = FILE.replace("Director", "Director General").replace(
            "KEN;wanjiru@example.ke;\r\n",
            "KEN;wanjiru@example.ke;+254 700\r\n",
        );
        let table = read_csv(edited.as_bytes()).unwrap();
        let result = import(&mut store, &table, &map, true).unwrap();
        assert_eq!((result.created, result.updated), (0, 2), "{result:?}");
        let all = people(&store);
        assert_eq!(all.len(), 4);
        let amina = all.iter().find(|p| p.name == "Amina Diallo").unwrap();
        assert_eq!(amina.position, "Director General");
        assert_eq!(
            amina.email, "amina.diallo@example.org",
            "the stored spelling is kept"
        );
        let wanjiru = all.iter().find(|p| p.name == "Wanjiru Kamau").unwrap();
        assert_eq!(
            (wanjiru.phone.as_str(), wanjiru.position.as_str()),
            ("+254 700", "Planner")
        );
    }
}
