//! `peerplan check`: SQLite's own integrity checks plus every stored record re-validated
//! against the same rules a save applies, reported by record and field.

use rusqlite::{Connection, OptionalExtension};
use serde::Serialize;

use crate::label::{Phrase, RecordLabel};
use crate::model::*;
use crate::store::records::{self, Entity};
use crate::store::Store;
use crate::validate::{self, Report, Severity};
use crate::Result;

#[derive(Debug, Clone)]
pub struct Finding {
    pub severity: Severity,
    pub entity: &'static str,
    /// The table the record is in.
    pub table: &'static str,
    pub id: String,
    /// What the officer would call the record ("Ghana–Kenya NAP exchange").
    pub label: crate::label::RecordLabel,
    pub field: String,
    pub code: String,
    /// The message in English.
    pub message: String,
    /// The catalog key and parameters that word the message in any language (see
    /// `validate::Issue`).
    pub key: String,
    pub params: crate::validate::Params,
}

impl Serialize for Finding {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let mut out = serializer.serialize_struct("Finding", 10)?;
        out.serialize_field("severity", &self.severity)?;
        out.serialize_field("entity", self.entity)?;
        out.serialize_field("table", self.table)?;
        out.serialize_field("id", &self.id)?;
        out.serialize_field("label", &self.label)?;
        out.serialize_field("field", &self.field)?;
        out.serialize_field("code", &self.code)?;
        out.serialize_field(
            "message",
            &crate::validate::serialised_message(
                &self.code,
                &self.key,
                &self.params,
                &self.message,
            ),
        )?;
        out.serialize_field("key", &self.key)?;
        out.serialize_field("params", &crate::validate::ParamsObject(&self.params))?;
        out.end()
    }
}

#[derive(Debug, Clone, Default, Serialize)]
pub struct CheckReport {
    /// Lines from `PRAGMA integrity_check` other than "ok".
    pub integrity: Vec<String>,
    /// Rows whose reference points at no row (`PRAGMA foreign_key_check`).
    pub foreign_keys: Vec<String>,
    pub findings: Vec<Finding>,
}

impl CheckReport {
    pub fn error_count(&self) -> usize {
        self.integrity.len()
            + self.foreign_keys.len()
            + self
                .findings
                .iter()
                .filter(|f| f.severity == Severity::Error)
                .count()
    }

    pub fn warning_count(&self) -> usize {
        self.findings
            .iter()
            .filter(|f| f.severity == Severity::Warning)
            .count()
    }

    fn add(
        &mut self,
        entity: &'static str,
        id: &str,
        label: impl Into<crate::label::RecordLabel>,
        report: Report,
    ) {
        let label = label.into();
        for issue in report.issues {
            self.findings.push(Finding {
                severity: issue.severity,
                entity,
                table: table_of(entity),
                id: id.to_string(),
                label: label.clone(),
                field: issue.field,
                code: issue.code.to_string(),
                message: issue.message,
                key: issue.key.to_string(),
                params: issue.params,
            });
        }
    }
}

/// The table of an entity named as `check` names it ("cost line" → `cost_lines`).
fn table_of(entity: &str) -> &'static str {
    crate::sync::tables::TABLES
        .iter()
        .find(|t| t.noun == entity)
        .map(|t| t.name)
        .unwrap_or("")
}

pub fn run(store: &Store) -> Result<CheckReport> {
    run_with(store, Scope::All)
}

/// Re-validates only the rows listed in `temp.merge_check` of the store's connection (a
/// chunk of the rows a merge would take from a colleague's file), with each rule that concerns
/// the row itself. Norm warnings and SQLite's whole-file checks (done on the file before) are skipped.
pub(crate) fn run_scoped(store: &Store) -> Result<CheckReport> {
    run_scoped_on(store.conn())
}

/// `run_scoped` on a connection (a merge's or an answer's own write transaction, through
/// `Writer::conn`), so the facts read are the transaction's.
pub(crate) fn run_scoped_on(conn: &Connection) -> Result<CheckReport> {
    let mut report = CheckReport::default();
    check_records(
        &Ctx { conn, store: None },
        &mut report,
        Scope::MergeCandidates,
    )?;
    Ok(report)
}

/// What a check reads through: a connection, and the store when norm warnings are wanted
/// (the whole check).
struct Ctx<'a> {
    conn: &'a Connection,
    store: Option<&'a Store>,
}

impl Ctx<'_> {
    fn facts(&self) -> crate::store::Facts<'_> {
        crate::store::Facts(self.conn)
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Scope {
    All,
    MergeCandidates,
}

fn run_with(store: &Store, scope: Scope) -> Result<CheckReport> {
    let conn = store.conn();
    let mut report = CheckReport::default();
    if scope == Scope::All {
        whole_file_checks(conn, &mut report)?;
    }
    check_records(
        &Ctx {
            conn,
            store: Some(store),
        },
        &mut report,
        scope,
    )?;
    Ok(report)
}

fn whole_file_checks(conn: &Connection, report: &mut CheckReport) -> Result<()> {
    let mut stmt = conn.prepare("PRAGMA integrity_check")?;
    for line in stmt.query_map([], |r| r.get::<_, String>(0))? {
        let line = line?;
        if line != "ok" {
            report.integrity.push(line);
        }
    }
    let mut stmt = conn.prepare("PRAGMA foreign_key_check")?;
    let rows = stmt.query_map([], |r| {
        Ok(format!(
            "{} row {} refers to a missing {} row",
            r.get::<_, String>(0)?,
            r.get::<_, i64>(1)
                .map(|n| n.to_string())
                .unwrap_or_default(),
            r.get::<_, String>(2)?
        ))
    })?;
    for row in rows {
        report.foreign_keys.push(row?);
    }
    Ok(())
}

/// The members of each partnership and the partnership of each exchange, read once per check:
/// a partnership's goals, exchanges, participants and contacts all need its member list, and
/// a merge validates a hundred thousand participants of a few thousand exchanges.
#[derive(Default)]
struct Lookups {
    members: std::cell::RefCell<std::collections::HashMap<String, std::rc::Rc<Vec<String>>>>,
    /// Each exchange's partnership and title (none when the exchange does not exist).
    exchanges: std::cell::RefCell<std::collections::HashMap<String, Option<(String, String)>>>,
}

impl Lookups {
    fn members(&self, ctx: &Ctx<'_>, partnership_id: &str) -> Result<std::rc::Rc<Vec<String>>> {
        if let Some(found) = self.members.borrow().get(partnership_id) {
            return Ok(found.clone());
        }
        let ids = std::rc::Rc::new(ctx.facts().member_ids(partnership_id)?);
        self.members
            .borrow_mut()
            .insert(partnership_id.to_string(), ids.clone());
        Ok(ids)
    }

    /// The exchange's partnership and title, read once.
    fn exchange(&self, ctx: &Ctx<'_>, exchange_id: &str) -> Result<Option<(String, String)>> {
        if let Some(known) = self.exchanges.borrow().get(exchange_id) {
            return Ok(known.clone());
        }
        // Two columns, not the whole record: an exchange with an unreadable value (reported
        // on its own) must not stop its participants from being checked.
        let found = ctx
            .conn
            .prepare_cached("SELECT partnership_id, title FROM exchanges WHERE id = ?1")?
            .query_row([exchange_id], |r| Ok((r.get(0)?, r.get(1)?)))
            .optional()?;
        self.exchanges
            .borrow_mut()
            .insert(exchange_id.to_string(), found.clone());
        Ok(found)
    }

    /// The members of the exchange's partnership (none when the exchange does not exist).
    fn exchange_members(
        &self,
        ctx: &Ctx<'_>,
        exchange_id: &str,
    ) -> Result<std::rc::Rc<Vec<String>>> {
        match self.exchange(ctx, exchange_id)? {
            Some((partnership, _)) => self.members(ctx, &partnership),
            None => Ok(std::rc::Rc::new(Vec::new())),
        }
    }
}

fn check_records(ctx: &Ctx<'_>, report: &mut CheckReport, scope: Scope) -> Result<()> {
    let conn = ctx.conn;
    let lookups = Lookups::default();
    let store = ctx.store.filter(|_| scope == Scope::All);
    if let Some(store) = store {
        // The norms: settings rows that must agree with each other.
        let norms = crate::store::validate_norms(&store.norms()?);
        report.add(
            "setting",
            "norms",
            RecordLabel::phrase(Phrase::Norms, &[]),
            norms,
        );
    }
    for p in live::<PartnershipData>(conn, report, scope)? {
        report.add(
            "partnership",
            &p.id,
            &p.data.title,
            validate::partnership(&p.data),
        );
        if let Some(store) = store {
            let warnings = Report {
                issues: store.partnership_warnings(&p.id)?,
            };
            report.add("partnership", &p.id, &p.data.title, warnings);
        }
    }
    for m in live::<MemberData>(conn, report, scope)? {
        let mut r = validate::member(&m.data);
        parent_alive::<PartnershipData>(conn, &mut r, "partnership_id", &m.data.partnership_id)?;
        report.add("member", &m.id, m.data.label(), r);
    }
    for g in live::<GoalData>(conn, report, scope)? {
        let members = lookups.members(ctx, &g.data.partnership_id)?;
        let mut r = validate::goal(&g.data, &members);
        parent_alive::<PartnershipData>(conn, &mut r, "partnership_id", &g.data.partnership_id)?;
        report.add("goal", &g.id, &g.data.text, r);
    }
    for p in live::<PersonData>(conn, report, scope)? {
        report.add("person", &p.id, &p.data.name, validate::person(&p.data));
    }
    for e in live::<ExchangeData>(conn, report, scope)? {
        let members = lookups.members(ctx, &e.data.partnership_id)?;
        let mut r = validate::exchange(
            &e.data,
            &validate::ExchangeContext {
                member_ids: &members,
            },
        );
        parent_alive::<PartnershipData>(conn, &mut r, "partnership_id", &e.data.partnership_id)?;
        if let Some(store) = store {
            r.issues.extend(store.exchange_warnings(&e.id)?);
        }
        report.add("exchange", &e.id, &e.data.title, r);
    }
    let mut seen = std::collections::HashSet::new();
    for p in live::<ParticipantData>(conn, report, scope)? {
        let members = lookups.exchange_members(ctx, &p.data.exchange_id)?;
        let person: Option<(String, bool)> = conn
            .prepare_cached("SELECT name, deleted_at IS NOT NULL FROM people WHERE id = ?1")?
            .query_row([&p.data.person_id], |r| Ok((r.get(0)?, r.get(1)?)))
            .optional()?;
        let person_exists = person.as_ref().is_some_and(|(_, deleted)| !deleted);
        let duplicate = !seen.insert((p.data.exchange_id.clone(), p.data.person_id.clone()));
        let mut r = validate::participant(
            &p.data,
            &validate::ParticipantContext {
                member_ids: &members,
                person_exists,
                already_in_exchange: duplicate,
            },
        );
        parent_alive::<ExchangeData>(conn, &mut r, "exchange_id", &p.data.exchange_id)?;
        // "Amina Diallo at Accra study visit": the names an officer knows the row by.
        // (A person or exchange that is gone is named by its id.)
        let who = person.map_or_else(|| p.data.person_id.clone(), |(name, _)| name);
        let at = lookups
            .exchange(ctx, &p.data.exchange_id)?
            .map_or_else(|| p.data.exchange_id.clone(), |(_, title)| title);
        report.add(
            "participant",
            &p.id,
            RecordLabel::phrase(Phrase::ParticipantAt, &[&who, &at]),
            r,
        );
    }
    check_follow_up(ctx, report, scope, &lookups)?;
    check_agendas(ctx, report, scope)?;
    check_costs(ctx, report, scope)?;
    Ok(())
}

/// The agenda tables (issue 5): each session's own rules and parents; the agenda warnings
/// (overlaps, long days…) are the builder's to show, not integrity findings.
fn check_agendas(ctx: &Ctx<'_>, report: &mut CheckReport, scope: Scope) -> Result<()> {
    let conn = ctx.conn;
    let mut dates = std::collections::HashSet::new();
    for d in live::<AgendaDayData>(conn, report, scope)? {
        let mut r = Report::default();
        match d.data.day_date {
            None => {
                r.error("day_date", "required", "the day's date is required")
                    .worded("required.day_date");
            }
            Some(date) if !dates.insert((d.data.exchange_id.clone(), date)) => {
                r.error(
                    "day_date",
                    "duplicate_day",
                    format!("the agenda has another day on {date}"),
                )
                .worded("duplicate_day.check")
                .with("day_iso", date);
            }
            Some(_) => {}
        }
        parent_alive::<ExchangeData>(conn, &mut r, "exchange_id", &d.data.exchange_id)?;
        report.add("agenda day", &d.id, &d.data.title, r);
    }
    for s in live::<AgendaSessionData>(conn, report, scope)? {
        let mut r = validate::agenda_session(&s.data);
        parent_alive::<ExchangeData>(conn, &mut r, "exchange_id", &s.data.exchange_id)?;
        parent_alive::<AgendaDayData>(conn, &mut r, "day_id", &s.data.day_id)?;
        // The save's rules about other records: the day is this exchange's, the lead one of
        // its partnership's members, the presenters people in the directory.
        let day_exchange: Option<String> = conn
            .prepare_cached("SELECT exchange_id FROM agenda_days WHERE id = ?1")?
            .query_row([&s.data.day_id], |r| r.get(0))
            .optional()?;
        if day_exchange.is_some_and(|e| e != s.data.exchange_id) {
            r.error(
                "day_id",
                "other_exchange",
                "the session's day belongs to another exchange's agenda",
            )
            .worded("other_exchange.check");
        }
        if !s.data.leads().is_empty() {
            let partnership: Option<String> = conn
                .prepare_cached("SELECT partnership_id FROM exchanges WHERE id = ?1")?
                .query_row([&s.data.exchange_id], |r| r.get(0))
                .optional()?;
            if let Some(partnership) = partnership {
                let members = ctx.facts().member_ids(&partnership)?;
                crate::validate::session_leads(&mut r, &s.data, &members);
            }
        }
        for person in &s.data.presenter_ids {
            parent_alive::<PersonData>(conn, &mut r, "presenter_ids", person)?;
        }
        report.add("agenda session", &s.id, &s.data.title, r);
    }
    Ok(())
}

/// The cost tables (issue 6): the same rules their saves apply, plus their exchanges.
fn check_costs(ctx: &Ctx<'_>, report: &mut CheckReport, scope: Scope) -> Result<()> {
    let conn = ctx.conn;
    for c in live::<CostLineData>(conn, report, scope)? {
        let mut r = ctx.facts().cost_line_report(&c.data)?;
        r.issues
            .retain(|i| i.field != "exchange_id" || i.code == "required");
        parent_alive::<ExchangeData>(conn, &mut r, "exchange_id", &c.data.exchange_id)?;
        let label = if c.data.description.is_empty() {
            RecordLabel::phrase(Phrase::CostCategory, &[c.data.category.as_str()])
        } else {
            RecordLabel::text(c.data.description.clone())
        };
        report.add("cost line", &c.id, label, r);
    }
    let mut pairs = std::collections::HashSet::new();
    for x in live::<ExchangeRateData>(conn, report, scope)? {
        let label = format!("{}→{}", x.data.from_currency, x.data.to_currency);
        let mut r = validate::exchange_rate(&x.data);
        let pair = if x.data.from_currency < x.data.to_currency {
            (x.data.from_currency.clone(), x.data.to_currency.clone())
        } else {
            (x.data.to_currency.clone(), x.data.from_currency.clone())
        };
        if x.data.rate_date.is_some() && !pairs.insert((x.data.rate_date, pair)) {
            r.error(
                "rate_date",
                "duplicate_rate",
                format!("there is another {label} rate on this date"),
            )
            .worded("duplicate_rate.check")
            .with("pair", &label);
        }
        report.add("exchange rate", &x.id, &label, r);
    }
    for e in live::<RateTableEntryData>(conn, report, scope)? {
        let label = format!("{} {}", e.data.country_code, e.data.city);
        report.add(
            "rate table entry",
            &e.id,
            label.trim(),
            validate::rate_table_entry(&e.data),
        );
    }
    for b in live::<BudgetRateData>(conn, report, scope)? {
        let mut r = validate::budget_rate(&b.data);
        parent_alive::<ExchangeData>(conn, &mut r, "exchange_id", &b.data.exchange_id)?;
        report.add("budget rate", &b.id, &b.data.currency, r);
    }
    Ok(())
}

/// The follow-up tables (issue 7): the same rules their saves apply, plus their parents.
fn check_follow_up(
    ctx: &Ctx<'_>,
    report: &mut CheckReport,
    scope: Scope,
    lookups: &Lookups,
) -> Result<()> {
    let conn = ctx.conn;
    let mut answered = std::collections::HashSet::new();
    for a in live::<ReflectionAnswerData>(conn, report, scope)? {
        let duplicate =
            !answered.insert((a.data.partnership_id.clone(), a.data.question_key.clone()));
        let mut r = validate::reflection_answer(&a.data, duplicate);
        parent_alive::<PartnershipData>(conn, &mut r, "partnership_id", &a.data.partnership_id)?;
        report.add("reflection answer", &a.id, &a.data.question_key, r);
    }
    for a in live::<FollowUpActionData>(conn, report, scope)? {
        let mut r = ctx.facts().follow_up_report(&a.data)?;
        // `follow_up_report` names a missing partnership "unknown_reference"; the check's own
        // wording for a dangling or deleted parent follows.
        r.issues
            .retain(|i| i.field != "partnership_id" || i.code == "required");
        parent_alive::<PartnershipData>(conn, &mut r, "partnership_id", &a.data.partnership_id)?;
        report.add("follow-up action", &a.id, &a.data.what, r);
    }
    for c in live::<ContactData>(conn, report, scope)? {
        let members = lookups.members(ctx, &c.data.partnership_id)?;
        let mut r = validate::contact(&c.data, &members);
        parent_alive::<PartnershipData>(conn, &mut r, "partnership_id", &c.data.partnership_id)?;
        let date = c
            .data
            .contact_date
            .map(|d| d.to_string())
            .unwrap_or_default();
        report.add(
            "contact",
            &c.id,
            RecordLabel::phrase(Phrase::Contact, &[&date]),
            r,
        );
    }
    for e in live::<LearningEntryData>(conn, report, scope)? {
        let members = lookups.members(ctx, &e.data.partnership_id)?;
        let mut r = validate::learning_entry(&e.data, &members);
        parent_alive::<PartnershipData>(conn, &mut r, "partnership_id", &e.data.partnership_id)?;
        report.add("learning log entry", &e.id, &e.data.what_changed, r);
    }
    Ok(())
}

/// Every live row of a table. A row whose stored values cannot be read at all (a status
/// no version of PeerPlan writes, a malformed date) is reported instead of failing the check.
fn live<T: Entity>(
    conn: &Connection,
    report: &mut CheckReport,
    scope: Scope,
) -> Result<Vec<Record<T>>> {
    let only = match scope {
        Scope::All => String::new(),
        Scope::MergeCandidates => format!(
            "AND id IN (SELECT id FROM temp.merge_check WHERE tbl = '{}')",
            T::TABLE
        ),
    };
    let ids: Vec<String> = conn
        .prepare(&format!(
            "SELECT id FROM {} WHERE deleted_at IS NULL {only} ORDER BY id",
            T::TABLE
        ))?
        .query_map([], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    let mut out = Vec::with_capacity(ids.len());
    for id in ids {
        match records::get::<T>(conn, &id) {
            Ok(record) => out.push(record),
            Err(crate::Error::Sqlite(
                unreadable @ (rusqlite::Error::FromSqlConversionFailure(..)
                | rusqlite::Error::Utf8Error(..)),
            )) => {
                let (column, cause, key, detail) = match unreadable {
                    rusqlite::Error::FromSqlConversionFailure(column, _, cause) => (
                        column,
                        cause.to_string(),
                        "unreadable_value",
                        cause.to_string(),
                    ),
                    rusqlite::Error::Utf8Error(column, cause) => (
                        column,
                        format!(
                            "the text is not valid UTF-8 ({cause}); it was not written by PeerPlan"
                        ),
                        "unreadable_value.utf8",
                        cause.to_string(),
                    ),
                    _ => (usize::MAX, String::new(), "unreadable_value", String::new()),
                };
                let field = T::FIELDS
                    .get(column.wrapping_sub(1))
                    .copied()
                    .unwrap_or("?");
                // The record's title, name or description, if it has one that reads.
                let label = [
                    "title",
                    "name",
                    "description",
                    "what",
                    "what_changed",
                    "text",
                ]
                .into_iter()
                .filter(|c| T::FIELDS.contains(c))
                .find_map(|c| {
                    conn.query_row(
                        &format!("SELECT {c} FROM {} WHERE id = ?1", T::TABLE),
                        [&id],
                        // (Text that is not UTF-8 is shown with its bad bytes replaced.)
                        |r| {
                            Ok(r.get_ref(0)?
                                .as_bytes()
                                .map(|b| String::from_utf8_lossy(b).into_owned()))
                        },
                    )
                    .ok()
                    .and_then(|text| text.ok())
                    .filter(|text| !text.trim().is_empty())
                })
                .unwrap_or_else(|| id.clone());
                report.findings.push(Finding {
                    severity: Severity::Error,
                    entity: T::NAME,
                    table: T::TABLE,
                    id: id.clone(),
                    label: RecordLabel::text(label),
                    field: field.to_string(),
                    code: "unreadable_value".into(),
                    key: key.into(),
                    params: vec![("detail", detail)],
                    message: cause,
                });
            }
            Err(e) => return Err(e),
        }
    }
    Ok(out)
}

fn parent_alive<T: Entity>(
    conn: &Connection,
    report: &mut Report,
    field: &str,
    id: &str,
) -> Result<()> {
    use rusqlite::OptionalExtension;
    // Only the tombstone is read, so a parent with an unreadable value (reported on its own)
    // does not stop its children from being checked.
    let parent: Option<Option<String>> = conn
        .prepare_cached(&format!(
            "SELECT deleted_at FROM {} WHERE id = ?1",
            T::TABLE
        ))?
        .query_row([id], |r| r.get(0))
        .optional()?;
    match parent {
        Some(None) => {}
        Some(Some(_)) => {
            report
                .error(
                    field,
                    "deleted_parent",
                    format!("belongs to a deleted {}", T::NAME),
                )
                .with("entity", crate::validate::entity_id(T::NAME));
        }
        None => {
            report
                .error(
                    field,
                    "dangling_reference",
                    format!("refers to a {} that does not exist ({id})", T::NAME),
                )
                .with("entity", crate::validate::entity_id(T::NAME))
                .with("id", id);
        }
    }
    Ok(())
}
