//! Read models for the screens and the CLI: paged lists with per-row summaries, detail pages
//! with everything under a record, global search and counts. Reads only; writes are in
//! `store`.

use chrono::NaiveDate;
use rusqlite::types::Value;
use rusqlite::{params_from_iter, Connection};
use serde::{Deserialize, Serialize};

use crate::countries;
use crate::model::*;
use crate::store::records::{self, record_from_row, select_columns, Entity};
use crate::store::Store;
use crate::validate::{self, Issue};
use crate::Result;

pub const DEFAULT_PAGE: u32 = 50;
pub const MAX_PAGE: u32 = 500;

#[derive(Debug, Clone, Serialize)]
pub struct Page<T> {
    pub total: u64,
    pub rows: Vec<T>,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PartnershipSort {
    #[default]
    Title,
    Status,
    NextExchange,
    Updated,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct PartnershipQuery {
    /// Words matched against title, topic, officer, advisor, member countries and names,
    /// and the people who took part.
    pub text: Option<String>,
    pub status: Option<PartnershipStatus>,
    pub kind: Option<PartnershipKind>,
    pub country: Option<String>,
    pub officer: Option<String>,
    pub include_archived: bool,
    pub sort: PartnershipSort,
    pub descending: bool,
    pub offset: u32,
    pub limit: Option<u32>,
}

#[derive(Debug, Clone, Serialize)]
pub struct ExchangeRef {
    pub id: String,
    pub title: String,
    pub start_date: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct PartnershipSummary {
    pub id: String,
    pub title: String,
    pub kind: PartnershipKind,
    pub status: PartnershipStatus,
    pub topic: String,
    pub officer: String,
    pub archived: bool,
    pub countries: Vec<String>,
    pub members: Vec<String>,
    pub exchange_count: i64,
    pub next_exchange: Option<ExchangeRef>,
    pub updated_at: String,
}

/// Builds `WHERE` conditions with positional parameters.
#[derive(Default)]
struct Filter {
    conditions: Vec<String>,
    params: Vec<Value>,
}

impl Filter {
    fn param(&mut self, value: impl Into<Value>) -> String {
        self.params.push(value.into());
        format!("?{}", self.params.len())
    }
    /// ` OR {column} IN (…)` for the countries whose name or code matches `word`, or nothing:
    /// every text search also finds records by country ("kenya" finds KE).
    fn or_country_matches(&mut self, column: &str, word: &str) -> String {
        let codes = countries_matching(word);
        if codes.is_empty() {
            return String::new();
        }
        let list: Vec<String> = codes.iter().map(|c| self.param(c.to_string())).collect();
        format!(" OR {column} IN ({})", list.join(", "))
    }
    fn add(&mut self, condition: String) {
        self.conditions.push(condition);
    }
    fn sql(&self) -> String {
        if self.conditions.is_empty() {
            "1".to_string()
        } else {
            self.conditions.join(" AND ")
        }
    }
}

fn like_pattern(text: &str) -> String {
    let escaped = text
        .replace('\\', "\\\\")
        .replace('%', "\\%")
        .replace('_', "\\_");
    format!("%{escaped}%")
}

/// Country codes whose code or name contains `word` (case-insensitive).
fn countries_matching(word: &str) -> Vec<&'static str> {
    let lower = word.to_lowercase();
    countries::all()
        .iter()
        .filter(|c| {
            c.code.eq_ignore_ascii_case(word)
                || (word.len() > 2 && c.name.to_lowercase().contains(&lower))
        })
        .map(|c| c.code)
        .collect()
}

fn clean(text: &Option<String>) -> Option<&str> {
    text.as_deref().map(str::trim).filter(|t| !t.is_empty())
}

pub fn list_partnerships(
    conn: &Connection,
    q: &PartnershipQuery,
    today: NaiveDate,
) -> Result<Page<PartnershipSummary>> {
    let mut f = Filter::default();
    f.add("p.deleted_at IS NULL".into());
    if !q.include_archived {
        f.add("p.archived = 0".into());
    }
    if let Some(status) = q.status {
        let p = f.param(status.as_str().to_string());
        f.add(format!("p.status = {p}"));
    }
    if let Some(kind) = q.kind {
        let p = f.param(kind.as_str().to_string());
        f.add(format!("p.kind = {p}"));
    }
    if let Some(country) = clean(&q.country) {
        let p = f.param(country.to_uppercase());
        f.add(format!(
            "EXISTS (SELECT 1 FROM members m WHERE m.partnership_id = p.id AND m.country_code = {p} AND m.deleted_at IS NULL)"
        ));
    }
    if let Some(officer) = clean(&q.officer) {
        let p = f.param(officer.to_string());
        f.add(format!("p.officer = {p} COLLATE NOCASE"));
    }
    // Every word must match somewhere: "kenya adaptation" finds Kenya's NAP partnerships.
    if let Some(text) = clean(&q.text) {
        for word in text.split_whitespace() {
            let pat = f.param(like_pattern(word));
            let country_clause = f.or_country_matches("m.country_code", word);
            f.add(format!(
                "(p.title LIKE {pat} ESCAPE '\\' OR p.topic LIKE {pat} ESCAPE '\\' OR p.officer LIKE {pat} ESCAPE '\\'
                  OR p.advisor LIKE {pat} ESCAPE '\\' OR p.requested_by LIKE {pat} ESCAPE '\\'
                  OR EXISTS (SELECT 1 FROM members m WHERE m.partnership_id = p.id AND m.deleted_at IS NULL
                             AND (m.name LIKE {pat} ESCAPE '\\'{country_clause}))
                  OR p.id IN (SELECT e.partnership_id FROM people pe
                              CROSS JOIN participants pa ON pa.person_id = pe.id AND pa.deleted_at IS NULL
                              CROSS JOIN exchanges e ON e.id = pa.exchange_id AND e.deleted_at IS NULL
                              WHERE pe.deleted_at IS NULL AND pe.name LIKE {pat} ESCAPE '\\')
                  OR p.id IN (SELECT m.partnership_id FROM people pe JOIN members m ON m.focal_point_id = pe.id
                              WHERE pe.deleted_at IS NULL AND m.deleted_at IS NULL AND pe.name LIKE {pat} ESCAPE '\\'))"
            ));
        }
    }
    let where_sql = f.sql();
    let total: i64 = conn.query_row(
        &format!("SELECT count(*) FROM partnerships p WHERE {where_sql}"),
        params_from_iter(f.params.iter()),
        |r| r.get(0),
    )?;

    // Sorting by next exchange looks up each filtered partnership's soonest upcoming exchange
    // in the partial index `exchanges_upcoming` (one seek per row); the page's own summaries
    // are read afterwards for just its rows.
    let direction = if q.descending { "DESC" } else { "ASC" };
    let order = match q.sort {
        PartnershipSort::NextExchange => {
            let today_param = f.param(today.format("%Y-%m-%d").to_string());
            let next = format!(
                "(SELECT min(e.start_date) FROM exchanges e WHERE e.partnership_id = p.id
                   AND e.deleted_at IS NULL AND e.status <> 'cancelled' AND e.start_date >= {today_param})"
            );
            format!("{next} IS NULL, {next} {direction}, p.title COLLATE NOCASE, p.id")
        }
        PartnershipSort::Title => format!("p.title COLLATE NOCASE {direction}, p.id {direction}"),
        PartnershipSort::Status => format!(
            "CASE p.status WHEN 'interest_expressed' THEN 0 WHEN 'partner_identified' THEN 1 WHEN 'active' THEN 2
               WHEN 'sustained_contact' THEN 3 WHEN 'concluded' THEN 4 WHEN 'paused' THEN 5 ELSE 6 END {direction},
             p.title COLLATE NOCASE, p.id"
        ),
        PartnershipSort::Updated => format!("p.updated_at {direction}, p.id {direction}"),
    };
    let limit = q.limit.unwrap_or(DEFAULT_PAGE).clamp(1, MAX_PAGE);
    let sql = format!(
        "SELECT {cols} FROM partnerships p WHERE {where_sql} ORDER BY {order} LIMIT {limit} OFFSET {offset}",
        cols = select_columns::<PartnershipData>("p"),
        offset = q.offset,
    );
    let mut stmt = conn.prepare(&sql)?;
    let partnerships: Vec<Partnership> = stmt
        .query_map(params_from_iter(f.params.iter()), |row| {
            record_from_row(row, 0)
        })?
        .collect::<rusqlite::Result<_>>()?;
    let rows = summarise_page(conn, partnerships, today)?;
    Ok(Page {
        total: total as u64,
        rows,
    })
}

/// The per-row summaries of one page, in three batched queries (members, exchange counts,
/// next exchanges) rather than three per row.
fn summarise_page(
    conn: &Connection,
    page: Vec<Partnership>,
    today: NaiveDate,
) -> Result<Vec<PartnershipSummary>> {
    use std::collections::HashMap;
    if page.is_empty() {
        return Ok(Vec::new());
    }
    let ids: Vec<Value> = page.iter().map(|p| Value::Text(p.id.clone())).collect();
    let marks = vec!["?"; ids.len()].join(", ");
    let mut members: HashMap<String, Vec<MemberData>> = HashMap::new();
    let mut stmt = conn.prepare(&format!(
        "SELECT partnership_id, country_code, level, name FROM members
          WHERE partnership_id IN ({marks}) AND deleted_at IS NULL ORDER BY created_at, id"
    ))?;
    let rows = stmt.query_map(params_from_iter(ids.iter()), |r| {
        let level: String = r.get(2)?;
        Ok(MemberData {
            partnership_id: r.get(0)?,
            country_code: r.get(1)?,
            level: MemberLevel::parse(&level).unwrap_or(MemberLevel::Institution),
            name: r.get(3)?,
            ..Default::default()
        })
    })?;
    for row in rows {
        let member = row?;
        members
            .entry(member.partnership_id.clone())
            .or_default()
            .push(member);
    }
    let mut counts: HashMap<String, i64> = HashMap::new();
    let mut stmt = conn.prepare(&format!(
        "SELECT partnership_id, count(*) FROM exchanges
          WHERE partnership_id IN ({marks}) AND deleted_at IS NULL GROUP BY partnership_id"
    ))?;
    for row in stmt.query_map(params_from_iter(ids.iter()), |r| {
        Ok((r.get::<_, String>(0)?, r.get::<_, i64>(1)?))
    })? {
        let (id, n) = row?;
        counts.insert(id, n);
    }
    // SQLite returns the other columns of the row that holds min(): the soonest exchange.
    let mut next: HashMap<String, ExchangeRef> = HashMap::new();
    let mut params = ids.clone();
    params.push(Value::Text(today.format("%Y-%m-%d").to_string()));
    let mut stmt = conn.prepare(&format!(
        "SELECT partnership_id, id, title, min(start_date) FROM exchanges
          WHERE partnership_id IN ({marks}) AND deleted_at IS NULL AND status <> 'cancelled'
            AND start_date >= ?{} GROUP BY partnership_id",
        params.len()
    ))?;
    for row in stmt.query_map(params_from_iter(params.iter()), |r| {
        Ok((
            r.get::<_, String>(0)?,
            ExchangeRef {
                id: r.get(1)?,
                title: r.get(2)?,
                start_date: r.get(3)?,
            },
        ))
    })? {
        let (id, exchange) = row?;
        next.insert(id, exchange);
    }
    Ok(page
        .into_iter()
        .map(|p| {
            let own = members.remove(&p.id).unwrap_or_default();
            let mut countries: Vec<String> = Vec::new();
            for m in &own {
                if !countries.contains(&m.country_code) {
                    countries.push(m.country_code.clone());
                }
            }
            PartnershipSummary {
                exchange_count: counts.get(&p.id).copied().unwrap_or(0),
                next_exchange: next.remove(&p.id),
                members: own.iter().map(MemberData::label).collect(),
                countries,
                id: p.id,
                title: p.data.title,
                kind: p.data.kind,
                status: p.data.status,
                topic: p.data.topic,
                officer: p.data.officer,
                archived: p.data.archived,
                updated_at: p.updated_at,
            }
        })
        .collect())
}

#[derive(Debug, Clone, Serialize)]
pub struct LabelledMember {
    #[serde(flatten)]
    pub member: Member,
    pub label: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct LabelledGoal {
    #[serde(flatten)]
    pub goal: Goal,
    pub proposed_by_label: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct StatusHistoryEntry {
    pub id: String,
    pub status: PartnershipStatus,
    pub changed_on: NaiveDate,
    pub note: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct ExchangeSummary {
    pub id: String,
    pub title: String,
    pub partnership_id: String,
    pub partnership_title: String,
    pub format: ExchangeFormat,
    pub status: ExchangeStatus,
    pub start_date: Option<String>,
    pub end_date: Option<String>,
    pub city: String,
    pub country_code: Option<String>,
    pub participant_count: i64,
}

#[derive(Debug, Clone, Serialize)]
pub struct PartnershipPerson {
    pub id: String,
    pub name: String,
    pub organisation: String,
    pub country_code: Option<String>,
    pub exchanges: i64,
}

#[derive(Debug, Clone, Serialize)]
pub struct PartnershipDetail {
    pub partnership: Partnership,
    pub members: Vec<LabelledMember>,
    pub goals: Vec<LabelledGoal>,
    pub status_history: Vec<StatusHistoryEntry>,
    pub exchanges: Vec<ExchangeSummary>,
    pub people: Vec<PartnershipPerson>,
    pub warnings: Vec<Issue>,
}

pub fn partnership_detail(store: &Store, id: &str) -> Result<PartnershipDetail> {
    let conn = store.conn();
    let partnership = records::get::<PartnershipData>(conn, id)?;
    let members: Vec<LabelledMember> =
        records::list::<MemberData>(conn, "t.partnership_id = ?1", &[&id], "t.created_at, t.id")?
            .into_iter()
            .map(|m| LabelledMember {
                label: m.data.label(),
                member: m,
            })
            .collect();
    let goals =
        records::list::<GoalData>(conn, "t.partnership_id = ?1", &[&id], "t.created_at, t.id")?
            .into_iter()
            .map(|g| {
                let proposed_by_label = match &g.data.proposed_by_member_id {
                    Some(m) => members
                        .iter()
                        .find(|lm| &lm.member.id == m)
                        .map(|lm| lm.label.clone())
                        .unwrap_or_else(|| "a former member".to_string()),
                    None => "Jointly".to_string(),
                };
                LabelledGoal {
                    goal: g,
                    proposed_by_label,
                }
            })
            .collect();
    let status_history = records::list::<StatusChangeData>(
        conn,
        "t.partnership_id = ?1",
        &[&id],
        "t.changed_on, t.version",
    )?
    .into_iter()
    .map(|s| StatusHistoryEntry {
        id: s.id,
        status: s.data.status,
        changed_on: s.data.changed_on,
        note: s.data.note,
    })
    .collect();
    let exchanges = exchange_summaries(
        conn,
        "e.partnership_id = ?1",
        vec![Value::Text(id.to_string())],
        "e.start_date IS NULL, e.start_date, e.id",
        1000,
        0,
    )?;
    let mut stmt = conn.prepare_cached(
        // Start from the partnership's own exchanges (about ten) and walk to their
        // participants, rather than from the whole directory.
        "WITH taken_part AS MATERIALIZED (
             SELECT pa.person_id, pa.exchange_id
               FROM exchanges e CROSS JOIN participants pa ON pa.exchange_id = e.id AND pa.deleted_at IS NULL
              WHERE e.partnership_id = ?1 AND e.deleted_at IS NULL)
         SELECT pe.id, pe.name, pe.organisation, pe.country_code,
                (SELECT count(DISTINCT t.exchange_id) FROM taken_part t WHERE t.person_id = pe.id)
           FROM people pe
          WHERE pe.deleted_at IS NULL
            AND pe.id IN (SELECT person_id FROM taken_part
                          UNION SELECT focal_point_id FROM members WHERE partnership_id = ?1 AND deleted_at IS NULL)
          ORDER BY pe.name COLLATE NOCASE, pe.id",
    )?;
    let people = stmt
        .query_map([id], |r| {
            Ok(PartnershipPerson {
                id: r.get(0)?,
                name: r.get(1)?,
                organisation: r.get(2)?,
                country_code: r.get(3)?,
                exchanges: r.get(4)?,
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    let warnings = store.partnership_warnings(id)?;
    Ok(PartnershipDetail {
        partnership,
        members,
        goals,
        status_history,
        exchanges,
        people,
        warnings,
    })
}

fn exchange_summaries(
    conn: &Connection,
    condition: &str,
    params: Vec<Value>,
    order: &str,
    limit: u32,
    offset: u32,
) -> Result<Vec<ExchangeSummary>> {
    let sql = format!(
        "SELECT e.id, e.title, e.partnership_id, p.title, e.format, e.status, e.start_date, e.end_date, e.city, e.country_code,
                (SELECT count(*) FROM participants pa WHERE pa.exchange_id = e.id AND pa.deleted_at IS NULL
                   AND pa.attendance NOT IN ('absent', 'withdrawn'))
           FROM exchanges e JOIN partnerships p ON p.id = e.partnership_id
          WHERE e.deleted_at IS NULL AND p.deleted_at IS NULL AND ({condition})
          ORDER BY {order} LIMIT {limit} OFFSET {offset}"
    );
    let mut stmt = conn.prepare_cached(&sql)?;
    let rows = stmt
        .query_map(params_from_iter(params.iter()), |r| {
            let format: String = r.get(4)?;
            let status: String = r.get(5)?;
            Ok(ExchangeSummary {
                id: r.get(0)?,
                title: r.get(1)?,
                partnership_id: r.get(2)?,
                partnership_title: r.get(3)?,
                format: ExchangeFormat::parse(&format).unwrap_or(ExchangeFormat::InPerson),
                status: ExchangeStatus::parse(&status).unwrap_or(ExchangeStatus::Planned),
                start_date: r.get(6)?,
                end_date: r.get(7)?,
                city: r.get(8)?,
                country_code: r.get(9)?,
                participant_count: r.get(10)?,
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    Ok(rows)
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum When {
    #[default]
    All,
    Upcoming,
    Past,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct ExchangeQuery {
    pub when: When,
    pub text: Option<String>,
    pub partnership_id: Option<String>,
    pub offset: u32,
    pub limit: Option<u32>,
}

pub fn list_exchanges(
    conn: &Connection,
    q: &ExchangeQuery,
    today: NaiveDate,
) -> Result<Page<ExchangeSummary>> {
    let mut f = Filter::default();
    let today = today.format("%Y-%m-%d").to_string();
    let order = match q.when {
        When::Upcoming => {
            let p = f.param(today);
            f.add(format!("coalesce(e.end_date, e.start_date) >= {p}"));
            "e.start_date, e.id"
        }
        When::Past => {
            let p = f.param(today);
            f.add(format!("coalesce(e.end_date, e.start_date) < {p}"));
            "e.start_date DESC, e.id"
        }
        When::All => "e.start_date IS NULL, e.start_date DESC, e.id",
    };
    if let Some(pid) = clean(&q.partnership_id) {
        let p = f.param(pid.to_string());
        f.add(format!("e.partnership_id = {p}"));
    }
    if let Some(text) = clean(&q.text) {
        for word in text.split_whitespace() {
            let pat = f.param(like_pattern(word));
            let country = f.or_country_matches("e.country_code", word);
            f.add(format!(
                "(e.title LIKE {pat} ESCAPE '\\' OR e.city LIKE {pat} ESCAPE '\\' OR e.venue LIKE {pat} ESCAPE '\\' OR p.title LIKE {pat} ESCAPE '\\'{country})"
            ));
        }
    }
    let where_sql = f.sql();
    let total: i64 = conn.query_row(
        &format!(
            "SELECT count(*) FROM exchanges e JOIN partnerships p ON p.id = e.partnership_id
                   WHERE e.deleted_at IS NULL AND p.deleted_at IS NULL AND ({where_sql})"
        ),
        params_from_iter(f.params.iter()),
        |r| r.get(0),
    )?;
    let limit = q.limit.unwrap_or(DEFAULT_PAGE).clamp(1, MAX_PAGE);
    let rows = exchange_summaries(conn, &where_sql, f.params, order, limit, q.offset)?;
    Ok(Page {
        total: total as u64,
        rows,
    })
}

#[derive(Debug, Clone, Serialize)]
pub struct PartnershipRef {
    pub id: String,
    pub title: String,
    pub kind: PartnershipKind,
}

#[derive(Debug, Clone, Serialize)]
pub struct ParticipantView {
    pub participant: Participant,
    pub person: Person,
    pub member_label: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct Delegation {
    pub member_id: String,
    pub label: String,
    pub count: i64,
    pub is_host: bool,
    pub over_norm: bool,
}

#[derive(Debug, Clone, Serialize)]
pub struct ExchangeDetail {
    pub exchange: Exchange,
    pub partnership: PartnershipRef,
    pub members: Vec<LabelledMember>,
    pub participants: Vec<ParticipantView>,
    pub delegations: Vec<Delegation>,
    /// The norms for this exchange's kind of partnership (`Norms::for_kind`).
    pub norms: Norms,
    pub warnings: Vec<Issue>,
}

pub fn exchange_detail(store: &Store, id: &str) -> Result<ExchangeDetail> {
    let conn = store.conn();
    let exchange = records::get::<ExchangeData>(conn, id)?;
    let partnership = records::get::<PartnershipData>(conn, &exchange.data.partnership_id)?;
    let members: Vec<LabelledMember> = records::list::<MemberData>(
        conn,
        "t.partnership_id = ?1",
        &[&partnership.id],
        "t.created_at, t.id",
    )?
    .into_iter()
    .map(|m| LabelledMember {
        label: m.data.label(),
        member: m,
    })
    .collect();
    let sql = format!(
        "SELECT {}, {} FROM participants t JOIN people pe ON pe.id = t.person_id
          WHERE t.exchange_id = ?1 AND t.deleted_at IS NULL ORDER BY pe.name COLLATE NOCASE, t.id",
        select_columns::<ParticipantData>("t"),
        select_columns::<PersonData>("pe"),
    );
    let offset = ParticipantData::FIELDS.len() + 5;
    let participants: Vec<ParticipantView> = conn
        .prepare_cached(&sql)?
        .query_map([id], |row| {
            Ok((
                record_from_row::<ParticipantData>(row, 0)?,
                record_from_row::<PersonData>(row, offset)?,
            ))
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?
        .into_iter()
        .map(|(participant, person)| {
            let member_label = match &participant.data.member_id {
                Some(m) => members
                    .iter()
                    .find(|lm| &lm.member.id == m)
                    .map(|lm| lm.label.clone())
                    .unwrap_or_default(),
                None => "No member (broker's staff or guest)".to_string(),
            };
            ParticipantView {
                participant,
                person,
                member_label,
            }
        })
        .collect();
    // The norms of this kind of partnership (a learning alliance's events are larger).
    let norms = store.norms()?.for_kind(partnership.data.kind);
    let attendees: Vec<validate::Attendee> = participants
        .iter()
        .filter(|p| p.participant.data.attendance.counts())
        .map(|p| validate::Attendee {
            member_id: p.participant.data.member_id.as_deref(),
            role: p.participant.data.role,
            attendance: p.participant.data.attendance,
        })
        .collect();
    let refs: Vec<&validate::Attendee> = attendees.iter().collect();
    let visiting = validate::delegation_counts(&exchange.data, &refs);
    let delegations = members
        .iter()
        .map(|lm| {
            let is_host = exchange.data.host_member_id.as_deref() == Some(lm.member.id.as_str());
            let count = if is_host {
                attendees
                    .iter()
                    .filter(|a| a.member_id == Some(lm.member.id.as_str()))
                    .count() as i64
            } else {
                visiting
                    .iter()
                    .find(|(m, _)| *m == lm.member.id)
                    .map(|(_, n)| *n)
                    .unwrap_or(0)
            };
            Delegation {
                member_id: lm.member.id.clone(),
                label: lm.label.clone(),
                count,
                is_host,
                over_norm: !is_host
                    && exchange.data.format.has_host()
                    && count > norms.delegation_max,
            }
        })
        .collect();
    let warnings = store.exchange_warnings(id)?;
    Ok(ExchangeDetail {
        partnership: PartnershipRef {
            id: partnership.id,
            title: partnership.data.title,
            kind: partnership.data.kind,
        },
        exchange,
        members,
        participants,
        delegations,
        norms,
        warnings,
    })
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct PeopleQuery {
    pub text: Option<String>,
    pub offset: u32,
    pub limit: Option<u32>,
}

#[derive(Debug, Clone, Serialize)]
pub struct PersonSummary {
    pub id: String,
    pub name: String,
    pub organisation: String,
    pub position: String,
    pub country_code: Option<String>,
    pub email: String,
    pub exchange_count: i64,
}

pub fn list_people(conn: &Connection, q: &PeopleQuery) -> Result<Page<PersonSummary>> {
    let mut f = Filter::default();
    f.add("pe.deleted_at IS NULL".into());
    if let Some(text) = clean(&q.text) {
        for word in text.split_whitespace() {
            let pat = f.param(like_pattern(word));
            let country = f.or_country_matches("pe.country_code", word);
            f.add(format!(
                "(pe.name LIKE {pat} ESCAPE '\\' OR pe.organisation LIKE {pat} ESCAPE '\\' OR pe.position LIKE {pat} ESCAPE '\\'
                  OR pe.email LIKE {pat} ESCAPE '\\'{country})"
            ));
        }
    }
    let where_sql = f.sql();
    let total: i64 = conn.query_row(
        &format!("SELECT count(*) FROM people pe WHERE {where_sql}"),
        params_from_iter(f.params.iter()),
        |r| r.get(0),
    )?;
    let limit = q.limit.unwrap_or(DEFAULT_PAGE).clamp(1, MAX_PAGE);
    let sql = format!(
        "SELECT pe.id, pe.name, pe.organisation, pe.position, pe.country_code, pe.email,
                (SELECT count(DISTINCT pa.exchange_id) FROM participants pa JOIN exchanges e ON e.id = pa.exchange_id
                  WHERE pa.person_id = pe.id AND pa.deleted_at IS NULL AND e.deleted_at IS NULL)
           FROM people pe WHERE {where_sql} ORDER BY pe.name COLLATE NOCASE, pe.id LIMIT {limit} OFFSET {}",
        q.offset
    );
    let rows = conn
        .prepare(&sql)?
        .query_map(params_from_iter(f.params.iter()), |r| {
            Ok(PersonSummary {
                id: r.get(0)?,
                name: r.get(1)?,
                organisation: r.get(2)?,
                position: r.get(3)?,
                country_code: r.get(4)?,
                email: r.get(5)?,
                exchange_count: r.get(6)?,
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    Ok(Page {
        total: total as u64,
        rows,
    })
}

#[derive(Debug, Clone, Serialize)]
pub struct Participation {
    pub participant_id: String,
    pub exchange_id: String,
    pub exchange_title: String,
    pub start_date: Option<String>,
    pub partnership_id: String,
    pub partnership_title: String,
    pub role: ParticipantRole,
    pub member_label: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct PersonDetail {
    pub person: Person,
    pub participations: Vec<Participation>,
}

pub fn person_detail(store: &Store, id: &str) -> Result<PersonDetail> {
    let conn = store.conn();
    let person = records::get::<PersonData>(conn, id)?;
    let mut stmt = conn.prepare_cached(
        "SELECT pa.id, e.id, e.title, e.start_date, p.id, p.title, pa.role, pa.member_id
           FROM participants pa JOIN exchanges e ON e.id = pa.exchange_id JOIN partnerships p ON p.id = e.partnership_id
          WHERE pa.person_id = ?1 AND pa.deleted_at IS NULL AND e.deleted_at IS NULL AND p.deleted_at IS NULL
          ORDER BY e.start_date DESC, e.id",
    )?;
    let rows = stmt.query_map([id], |r| {
        let role: String = r.get(6)?;
        let member: Option<String> = r.get(7)?;
        Ok((
            Participation {
                participant_id: r.get(0)?,
                exchange_id: r.get(1)?,
                exchange_title: r.get(2)?,
                start_date: r.get(3)?,
                partnership_id: r.get(4)?,
                partnership_title: r.get(5)?,
                role: ParticipantRole::parse(&role).unwrap_or(ParticipantRole::Observer),
                member_label: String::new(),
            },
            member,
        ))
    })?;
    let mut participations = Vec::new();
    for row in rows {
        let (mut participation, member) = row?;
        participation.member_label = member.map(|m| store.member_label(&m)).unwrap_or_default();
        participations.push(participation);
    }
    Ok(PersonDetail {
        person,
        participations,
    })
}

#[derive(Debug, Clone, Serialize)]
pub struct SearchHit {
    pub id: String,
    pub title: String,
    pub subtitle: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct SearchResults {
    pub partnerships: Vec<SearchHit>,
    pub exchanges: Vec<SearchHit>,
    pub people: Vec<SearchHit>,
}

/// The global search (Ctrl+K): a few of each kind of record matching every word.
pub fn search(conn: &Connection, text: &str, today: NaiveDate) -> Result<SearchResults> {
    const EACH: u32 = 8;
    let partnerships = list_partnerships(
        conn,
        &PartnershipQuery {
            text: Some(text.to_string()),
            include_archived: true,
            limit: Some(EACH),
            ..Default::default()
        },
        today,
    )?
    .rows
    .into_iter()
    .map(|p| SearchHit {
        id: p.id,
        subtitle: format!("{} · {}", p.status.label(), p.countries.join(", ")),
        title: p.title,
    })
    .collect();
    let exchanges = list_exchanges(
        conn,
        &ExchangeQuery {
            text: Some(text.to_string()),
            limit: Some(EACH),
            ..Default::default()
        },
        today,
    )?
    .rows
    .into_iter()
    .map(|e| SearchHit {
        id: e.id,
        subtitle: format!(
            "{} · {}",
            e.partnership_title,
            e.start_date.unwrap_or_else(|| "no date yet".into())
        ),
        title: e.title,
    })
    .collect();
    let people = list_people(
        conn,
        &PeopleQuery {
            text: Some(text.to_string()),
            limit: Some(EACH),
            ..Default::default()
        },
    )?
    .rows
    .into_iter()
    .map(|p| SearchHit {
        id: p.id,
        subtitle: p.organisation,
        title: p.name,
    })
    .collect();
    Ok(SearchResults {
        partnerships,
        exchanges,
        people,
    })
}

#[derive(Debug, Clone, Default, Serialize, PartialEq, Eq)]
pub struct Counts {
    pub partnerships: i64,
    pub members: i64,
    pub goals: i64,
    pub people: i64,
    pub exchanges: i64,
    pub participants: i64,
    pub follow_up_actions: i64,
    pub contacts: i64,
    pub reflection_answers: i64,
    pub learning_entries: i64,
}

/// Live (not deleted) rows per table.
pub fn counts(conn: &Connection) -> Result<Counts> {
    let count = |table: &str| -> Result<i64> {
        Ok(conn.query_row(
            &format!("SELECT count(*) FROM {table} WHERE deleted_at IS NULL"),
            [],
            |r| r.get(0),
        )?)
    };
    Ok(Counts {
        partnerships: count("partnerships")?,
        members: count("members")?,
        goals: count("goals")?,
        people: count("people")?,
        exchanges: count("exchanges")?,
        participants: count("participants")?,
        follow_up_actions: count("follow_up_actions")?,
        contacts: count("contacts")?,
        reflection_answers: count("reflection_answers")?,
        learning_entries: count("learning_entries")?,
    })
}

/// Partnerships per status, for `peerplan stats`.
pub fn partnerships_by_status(conn: &Connection) -> Result<Vec<(PartnershipStatus, i64)>> {
    let mut out = Vec::new();
    for status in PartnershipStatus::ALL {
        let n: i64 = conn.query_row(
            "SELECT count(*) FROM partnerships WHERE deleted_at IS NULL AND status = ?1",
            [status.as_str()],
            |r| r.get(0),
        )?;
        out.push((*status, n));
    }
    Ok(out)
}

/// Tombstones per table, so `stats` can show what deletions are being carried for merges.
pub fn deleted_count(conn: &Connection) -> Result<i64> {
    let mut total = 0;
    for table in [
        "partnerships",
        "members",
        "goals",
        "people",
        "exchanges",
        "participants",
        "follow_up_actions",
        "contacts",
        "reflection_answers",
        "learning_entries",
    ] {
        let n: i64 = conn.query_row(
            &format!("SELECT count(*) FROM {table} WHERE deleted_at IS NOT NULL"),
            [],
            |r| r.get(0),
        )?;
        total += n;
    }
    Ok(total)
}
