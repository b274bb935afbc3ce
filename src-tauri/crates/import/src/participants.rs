//! The participants of one exchange from a list (a delegation list, a registration export):
//! each row a person — matched in the directory as `people` does, or created — with the member
//! they represent (its country, name or ISO code; else the person's own country when one
//! member sits there), their role and attendance. Previewed, then written in one transaction
//! after a backup, through the core's saves (so the exchange's rules hold).

use rusqlite::Connection;
use serde::Serialize;

use peerplan_core::model::{
    Attendance, ExchangeData, MemberData, ParticipantData, ParticipantRole, PersonData,
};
use peerplan_core::store::records;
use peerplan_core::{Result, Store};

use crate::columns::{normalise, ColumnMap, PersonField};
use crate::people::{self, FieldChange, RowAction, RowPlan, RowProblem};
use crate::table::{file_error, Table};

/// What importing one row does to the exchange's participants.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum ParticipantAction {
    New,
    Update {
        participant_id: String,
        changes: Vec<FieldChange>,
    },
    Unchanged {
        participant_id: String,
    },
    Error,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ParticipantRowPlan {
    /// The person: matched, new or updated, with the row's problems and notes.
    #[serde(flatten)]
    pub person_row: RowPlan,
    pub member_id: Option<String>,
    pub member_label: String,
    pub role: ParticipantRole,
    pub attendance: Attendance,
    pub participant: ParticipantAction,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ParticipantsPlan {
    pub exchange_id: String,
    pub exchange_title: String,
    pub headers: Vec<String>,
    pub mapping: ColumnMap,
    pub rows: Vec<ParticipantRowPlan>,
    pub new: usize,
    pub updated: usize,
    pub unchanged: usize,
    pub errors: usize,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ParticipantsResult {
    pub participants_added: usize,
    pub participants_updated: usize,
    pub people_created: usize,
    pub unchanged: usize,
    pub left_out: usize,
    pub backup: String,
}

/// A role as officers write it, in English, French or Spanish.
pub fn role_of(text: &str) -> Option<ParticipantRole> {
    let key = normalise(text);
    if let Some(r) = ParticipantRole::ALL.iter().find(|r| {
        normalise(r.as_str()) == key
            || normalise(r.label()) == key
            || crate::columns::is_label_in_any_language("participant_role", r.as_str(), &key)
    }) {
        return Some(*r);
    }
    let starts = |words: &[&str]| words.iter().any(|w| key.starts_with(w));
    if starts(&["host", "hote", "anfitrion", "organisateur"]) {
        Some(ParticipantRole::Host)
    } else if starts(&["deleg", "visit", "participant"]) {
        Some(ParticipantRole::VisitingDelegate)
    } else if starts(&["facilitat", "modera"]) {
        Some(ParticipantRole::Facilitator)
    } else if starts(&[
        "resource",
        "personneressource",
        "personarecurso",
        "expert",
        "experto",
        "speaker",
        "intervenant",
        "ponente",
    ]) {
        Some(ParticipantRole::ResourcePerson)
    } else if starts(&["observ"]) {
        Some(ParticipantRole::Observer)
    } else {
        None
    }
}

/// An attendance as officers write it, in English, French or Spanish.
pub fn attendance_of(text: &str) -> Option<Attendance> {
    let key = normalise(text);
    if let Some(a) = Attendance::ALL.iter().find(|a| {
        normalise(a.as_str()) == key
            || crate::columns::is_label_in_any_language("attendance", a.as_str(), &key)
    }) {
        return Some(*a);
    }
    let starts = |words: &[&str]| words.iter().any(|w| key.starts_with(w));
    if starts(&["invit"]) {
        Some(Attendance::Invited)
    } else if starts(&["confirm", "registered", "inscrit", "inscrito"])
        // Whole words only: "si" begins "sin confirmar".
        || ["yes", "oui", "si"].contains(&key.as_str())
    {
        Some(Attendance::Confirmed)
    } else if starts(&["attended", "present", "asisti"]) {
        Some(Attendance::Attended)
    } else if starts(&["absent", "ausente", "noshow"]) {
        Some(Attendance::Absent)
    } else if starts(&["withdr", "retire", "desist", "cancel", "annul"]) {
        Some(Attendance::Withdrawn)
    } else {
        None
    }
}

struct ExchangeMembers {
    members: Vec<(String, MemberData)>,
}

impl ExchangeMembers {
    /// The member a cell names: its label, its name, its country's name or ISO code.
    /// `Err(message)` when none or several match.
    fn find(&self, text: &str) -> std::result::Result<&(String, MemberData), String> {
        let key = normalise(text);
        let country = people::country_of(text);
        let by_name: Vec<&(String, MemberData)> = self
            .members
            .iter()
            .filter(|(_, m)| {
                ["en", "fr", "es"]
                    .iter()
                    .any(|lang| normalise(&m.label_in(lang)) == key)
                    || (!m.name.trim().is_empty() && normalise(&m.name) == key)
            })
            .collect();
        let candidates = if by_name.is_empty() {
            self.members
                .iter()
                .filter(|(_, m)| country == Some(m.country_code.as_str()))
                .collect()
        } else {
            by_name
        };
        match candidates.as_slice() {
            [one] => Ok(one),
            [] => Err(format!(
                "{text:?} is not a member of this partnership; its members are {}",
                self.labels()
            )),
            several => Err(format!(
                "several members match {text:?} ({}); write the member's name",
                several
                    .iter()
                    .map(|(_, m)| m.label())
                    .collect::<Vec<_>>()
                    .join(", ")
            )),
        }
    }

    fn labels(&self) -> String {
        self.members
            .iter()
            .map(|(_, m)| m.label())
            .collect::<Vec<_>>()
            .join(", ")
    }
}

/// The preview for `exchange_id`, read through `conn`.
pub fn plan(
    conn: &Connection,
    exchange_id: &str,
    table: &Table,
    mapping: &ColumnMap,
) -> Result<ParticipantsPlan> {
    let exchange = records::get::<ExchangeData>(conn, exchange_id)?;
    if exchange.is_deleted() {
        return Err(file_error(
            "deleted_exchange",
            format!("the exchange \"{}\" has been deleted", exchange.data.title),
        ));
    }
    let members = ExchangeMembers {
        members: records::list::<MemberData>(
            conn,
            "t.partnership_id = ?1",
            &[&exchange.data.partnership_id],
            "t.id",
        )?
        .into_iter()
        .map(|r| (r.id, r.data))
        .collect(),
    };
    let existing: Vec<(String, ParticipantData)> =
        records::list::<ParticipantData>(conn, "t.exchange_id = ?1", &[&exchange_id], "t.id")?
            .into_iter()
            .map(|r| (r.id, r.data))
            .collect();
    let people_plan = people::plan(conn, table, mapping)?;
    let header_of = |field: PersonField| {
        mapping
            .column_of(field)
            .map(|c| table.headers[c].clone())
            .unwrap_or_else(|| field.as_str().to_string())
    };
    let cell = |row: usize, field: PersonField| {
        mapping
            .column_of(field)
            .map(|c| table.rows[row][c].text())
            .unwrap_or_default()
    };
    let mut plan = ParticipantsPlan {
        exchange_id: exchange_id.to_string(),
        exchange_title: exchange.data.title.clone(),
        headers: table.headers.clone(),
        mapping: mapping.clone(),
        rows: Vec::with_capacity(people_plan.rows.len()),
        new: 0,
        updated: 0,
        unchanged: 0,
        errors: 0,
    };
    // People already taken by an earlier row: two rows can reach one person (one by email,
    // one by name and organisation) without being the same text.
    let mut taken: std::collections::HashMap<String, usize> = std::collections::HashMap::new();
    for (i, mut person_row) in people_plan.rows.into_iter().enumerate() {
        let mut problem = |column: String, code: &str, message: String| {
            person_row.problems.push(RowProblem {
                column,
                code: code.into(),
                message,
            });
        };
        // The member: its own column, else the person's country when one member is there.
        let member_text = cell(i, PersonField::Member);
        let member = if !member_text.is_empty() {
            match members.find(&member_text) {
                Ok(found) => Some(found),
                Err(message) => {
                    problem(header_of(PersonField::Member), "not_a_member", message);
                    None
                }
            }
        } else {
            person_row.person.country_code.as_deref().and_then(|c| {
                let there: Vec<_> = members
                    .members
                    .iter()
                    .filter(|(_, m)| m.country_code == c)
                    .collect();
                (there.len() == 1).then(|| there[0])
            })
        };
        let role_text = cell(i, PersonField::Role);
        let mut role = if role_text.is_empty() {
            ParticipantRole::VisitingDelegate
        } else {
            role_of(&role_text).unwrap_or_else(|| {
                problem(
                    header_of(PersonField::Role),
                    "unknown_role",
                    format!(
                        "{role_text:?} is not a role; use {}",
                        ParticipantRole::allowed()
                    ),
                );
                ParticipantRole::VisitingDelegate
            })
        };
        let attendance_text = cell(i, PersonField::Attendance);
        let mut attendance = if attendance_text.is_empty() {
            Attendance::Invited
        } else {
            attendance_of(&attendance_text).unwrap_or_else(|| {
                problem(
                    header_of(PersonField::Attendance),
                    "unknown_attendance",
                    format!(
                        "{attendance_text:?} is not an attendance; use {}",
                        Attendance::allowed()
                    ),
                );
                Attendance::Invited
            })
        };
        let person_id = match &person_row.action {
            RowAction::Update { person_id, .. } | RowAction::Unchanged { person_id, .. } => {
                Some(person_id.clone())
            }
            _ => None,
        };
        if let Some(p) = &person_id {
            match taken.get(p) {
                Some(first) => problem(
                    header_of(PersonField::Name),
                    "duplicate_in_file",
                    format!("the same person as row {first}; keep one of the two rows"),
                ),
                None => {
                    taken.insert(p.clone(), person_row.row);
                }
            }
        }
        let mut member_id = member.map(|(id, _)| id.clone());
        let participant = if !person_row.problems.is_empty() {
            person_row.action = RowAction::Error;
            plan.errors += 1;
            ParticipantAction::Error
        } else {
            match person_id.and_then(|p| existing.iter().find(|(_, x)| x.person_id == p)) {
                None => {
                    plan.new += 1;
                    ParticipantAction::New
                }
                Some((id, old)) => {
                    let mut changes = Vec::new();
                    if !member_text.is_empty() && old.member_id != member_id {
                        changes.push(FieldChange {
                            field: "member",
                            old: old
                                .member_id
                                .as_deref()
                                .and_then(|id| members.members.iter().find(|(m, _)| m == id))
                                .map(|(_, m)| m.label())
                                .unwrap_or_default(),
                            new: member.map(|(_, m)| m.label()).unwrap_or_default(),
                        });
                    }
                    if !role_text.is_empty() && old.role != role {
                        changes.push(FieldChange {
                            field: "role",
                            old: old.role.label().into(),
                            new: role.label().into(),
                        });
                    }
                    if !attendance_text.is_empty() && old.attendance != attendance {
                        changes.push(FieldChange {
                            field: "attendance",
                            old: old.attendance.label().into(),
                            new: attendance.label().into(),
                        });
                    }
                    // Blank cells keep what is stored: the row holds what will be written.
                    if member_text.is_empty() {
                        member_id.clone_from(&old.member_id);
                    }
                    if role_text.is_empty() {
                        role = old.role;
                    }
                    if attendance_text.is_empty() {
                        attendance = old.attendance;
                    }
                    if changes.is_empty() && !matches!(person_row.action, RowAction::Update { .. })
                    {
                        plan.unchanged += 1;
                        ParticipantAction::Unchanged {
                            participant_id: id.clone(),
                        }
                    } else {
                        plan.updated += 1;
                        ParticipantAction::Update {
                            participant_id: id.clone(),
                            changes,
                        }
                    }
                }
            }
        };
        plan.rows.push(ParticipantRowPlan {
            member_label: member_id
                .as_deref()
                .and_then(|id| members.members.iter().find(|(m, _)| m == id))
                .map(|(_, m)| m.label())
                .unwrap_or_default(),
            member_id,
            role,
            attendance,
            participant,
            person_row,
        });
    }
    Ok(plan)
}

/// Imports the rows into the exchange's participants: a backup first, then one transaction,
/// planned again inside it.
pub fn import(
    store: &mut Store,
    exchange_id: &str,
    table: &Table,
    mapping: &ColumnMap,
    leave_out_errors: bool,
) -> Result<ParticipantsResult> {
    crate::import_with(
        store,
        "participants",
        leave_out_errors,
        |conn| plan(conn, exchange_id, table, mapping),
        |preview| ParticipantsResult {
            participants_added: 0,
            participants_updated: 0,
            people_created: 0,
            unchanged: preview.unchanged,
            left_out: preview.errors,
            backup: String::new(),
        },
        |w, plan, backup| {
            let mut result = ParticipantsResult {
                participants_added: 0,
                participants_updated: 0,
                people_created: 0,
                unchanged: plan.unchanged,
                left_out: plan.errors,
                backup,
            };
            for row in plan.rows {
                let person_id = match &row.person_row.action {
                    RowAction::Error => continue,
                    RowAction::New => {
                        result.people_created += 1;
                        w.save_person(None, row.person_row.person.clone())?
                            .record
                            .id
                    }
                    RowAction::Update { person_id, .. } => {
                        let old = records::get::<PersonData>(w.conn(), person_id)?.data;
                        w.save_person(
                            Some(person_id),
                            people::updated(old, &row.person_row.person),
                        )?;
                        person_id.clone()
                    }
                    RowAction::Unchanged { person_id, .. } => person_id.clone(),
                };
                let data = ParticipantData {
                    exchange_id: exchange_id.to_string(),
                    person_id,
                    member_id: row.member_id,
                    role: row.role,
                    attendance: row.attendance,
                };
                match &row.participant {
                    ParticipantAction::New => {
                        w.save_participant(None, data, None)?;
                        result.participants_added += 1;
                    }
                    ParticipantAction::Update { participant_id, .. } => {
                        w.save_participant(Some(participant_id), data, None)?;
                        result.participants_updated += 1;
                    }
                    ParticipantAction::Unchanged { .. } | ParticipantAction::Error => {}
                }
            }
            Ok(result)
        },
    )
}

impl crate::Preview for ParticipantsPlan {
    fn errors(&self) -> usize {
        self.errors
    }
    fn to_write(&self) -> usize {
        self.new + self.updated
    }
    fn first_problem(&self) -> Option<(usize, &str, &str)> {
        self.rows.iter().find_map(|r| {
            r.person_row
                .problems
                .first()
                .map(|p| (r.person_row.row, p.column.as_str(), p.message.as_str()))
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::table::read_csv;

    /// A list PeerPlan exported in French or Spanish reads back: every role and attendance
    /// label of every language is the value it names.
    #[test]
    fn roles_and_attendance_read_back_in_every_language_peerplan_writes() {
        for lang in peerplan_i18n::Lang::ALL {
            for role in ParticipantRole::ALL {
                let label = peerplan_i18n::t(
                    lang,
                    &format!("enum.participant_role.{}", role.as_str()),
                    &[],
                );
                assert_eq!(role_of(&label), Some(*role), "{lang} {label}");
            }
            for attendance in Attendance::ALL {
                let label = peerplan_i18n::t(
                    lang,
                    &format!("enum.attendance.{}", attendance.as_str()),
                    &[],
                );
                assert_eq!(attendance_of(&label), Some(*attendance), "{lang} {label}");
            }
        }
        assert_eq!(
            role_of("Persona de recurso"),
            Some(ParticipantRole::ResourcePerson)
        );
        assert_eq!(attendance_of("Retirado"), Some(Attendance::Withdrawn));
    }

    const EVENT: &str = "Regional learning event on budget preparation";

    fn demo() -> (tempfile::TempDir, Store, String) {
        let dir = tempfile::tempdir().unwrap();
        let mut store = Store::open(&dir.path().join("pp.db")).unwrap();
        peerplan_core::demo::load(&mut store).unwrap();
        let id = store
            .conn()
            .query_row("SELECT id FROM exchanges WHERE title = ?1", [EVENT], |r| {
                r.get(0)
            })
            .unwrap();
        (dir, store, id)
    }

    fn count(store: &Store, exchange: &str) -> i64 {
        store
            .conn()
            .query_row(
                "SELECT count(*) FROM participants WHERE exchange_id = ?1 AND deleted_at IS NULL",
                [exchange],
                |r| r.get(0),
            )
            .unwrap()
    }

    // French headers; members by name; roles and attendance in French; one existing
    // participant (matched by email) whose attendance changes; three rows with problems.
    const LIST: &str = "Prénom;Nom;Organisme;Courriel;Membre;Rôle;Présence\r\n\
        Kemi;Ajayi;Ekiti State Government;kemi@ekiti.example.ng;Ekiti State Government;Délégué;Confirmé\r\n\
        Tunde;Bakare;Osun State Government;tunde@osun.example.ng;osun state government;Personne ressource;Invité\r\n\
        Adebayo;Adeleke;Oyo State Government;adebayo.adeleke@oyo.example.ng;;;Absent\r\n\
        Ngozi;Eze;;ngozi@example.ng;Nigeria;;\r\n\
        Musa;Bello;;musa@example.ng;Kano State;;\r\n\
        Ada;Obi;;ada@example.ng;Lagos State Government;Chef;\r\n";

    #[test]
    fn a_delegation_list_is_previewed_with_members_roles_and_attendance() {
        let (_dir, store, exchange) = demo();
        let table = read_csv(LIST.as_bytes()).unwrap();
        let map = ColumnMap::for_headers(&table.headers, &[]).unwrap();
        let plan = plan(store.conn(), &exchange, &table, &map).unwrap();
        let row = |n: usize| plan.rows.iter().find(|r| r.person_row.row == n).unwrap();
        assert_eq!(row(2).participant, ParticipantAction::New);
        assert_eq!(row(2).member_label, "Ekiti State Government — Nigeria (NG)");
        assert_eq!(
            (row(2).role, row(2).attendance),
            (ParticipantRole::VisitingDelegate, Attendance::Confirmed)
        );
        assert_eq!(row(3).role, ParticipantRole::ResourcePerson);
        // Already a participant (the host's staff): only the attendance changes.
        let ParticipantAction::Update { changes, .. } = &row(4).participant else {
            panic!("{:?}", row(4));
        };
        assert_eq!(
            changes.iter().map(|c| c.field).collect::<Vec<_>>(),
            ["attendance"]
        );
        // Several members are in Nigeria; Kano is not a member; "Chef" is not a role.
        assert!(row(5).person_row.problems[0]
            .message
            .contains("several members match"));
        assert!(row(6).person_row.problems[0]
            .message
            .contains("is not a member of this partnership"));
        assert_eq!(row(7).person_row.problems[0].column, "Rôle");
        assert_eq!((plan.new, plan.updated, plan.errors), (2, 1, 3));
    }

    #[test]
    fn importing_adds_and_updates_in_one_go_and_again_changes_nothing() {
        let (_dir, mut store, exchange) = demo();
        let before = count(&store, &exchange);
        let table = read_csv(LIST.as_bytes()).unwrap();
        let map = ColumnMap::for_headers(&table.headers, &[]).unwrap();
        assert!(import(&mut store, &exchange, &table, &map, false).is_err());
        assert_eq!(count(&store, &exchange), before, "refused: nothing written");
        let result = import(&mut store, &exchange, &table, &map, true).unwrap();
        assert_eq!(
            (
                result.participants_added,
                result.participants_updated,
                result.people_created,
                result.left_out
            ),
            (2, 1, 2, 3)
        );
        assert_eq!(count(&store, &exchange), before + 2);
        let attendance: String = store
            .conn()
            .query_row(
                "SELECT x.attendance FROM participants x JOIN people p ON p.id = x.person_id
                  WHERE x.exchange_id = ?1 AND p.email = 'adebayo.adeleke@oyo.example.ng'",
                [&exchange],
                |r| r.get(0),
            )
            .unwrap();
        assert_eq!(attendance, "absent");
        let again = import(&mut store, &exchange, &table, &map, true).unwrap();
        assert_eq!(
            (
                again.participants_added,
                again.participants_updated,
                again.backup.as_str()
            ),
            (0, 0, "")
        );
        assert_eq!(count(&store, &exchange), before + 2);
    }
}
