//! Meeting agendas (issue 5): an exchange's days and sessions as the builder shows them —
//! with durations, warnings, the balance of who leads, and every member's local times for
//! virtual sessions — and as a printable `AgendaDoc`. The writes are in `store::agenda`;
//! the time arithmetic in `time`.

pub mod time;

use std::collections::HashMap;

use chrono::NaiveDate;
use chrono_tz::Tz;
use serde::Serialize;

use crate::export::agenda::{
    AgendaDoc, AgendaDocDay, AgendaDocDelegation, AgendaDocPerson, AgendaDocSession, AgendaDocZone,
    ZoneTimes,
};
use crate::model::*;
use crate::queries::{self, ExchangeDetail};
use crate::store::records;
use crate::store::Store;
use crate::Result;
use time::Slot;

/// A day longer than this (first start to last end) is flagged: people cannot learn for
/// longer, and it is usually a typing mistake.
pub const LONG_DAY_MINUTES: i32 = 10 * 60;

#[derive(Debug, Clone, Serialize)]
pub struct AgendaView {
    pub exchange: Exchange,
    pub partnership_id: String,
    pub partnership_title: String,
    pub settings: AgendaSettingsData,
    pub members: Vec<AgendaMember>,
    /// People taking part (attending or expected), the choices for presenters.
    pub participants: Vec<AgendaParticipant>,
    pub days: Vec<AgendaDayView>,
    pub warnings: Vec<AgendaWarning>,
    pub balance: Balance,
    /// Virtual and hybrid exchanges show each member's local times beside every session.
    pub show_local_times: bool,
}

#[derive(Debug, Clone, Serialize)]
pub struct AgendaMember {
    pub id: String,
    pub label: String,
    /// Where the member is, in a word: its name (a city, a ministry), else its country's.
    pub place: String,
    /// The member's effective IANA time zone.
    pub time_zone: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct AgendaParticipant {
    pub person_id: String,
    pub name: String,
    pub member_id: Option<String>,
    pub member_label: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct AgendaDayView {
    #[serde(flatten)]
    pub day: AgendaDay,
    /// "Day 1", "Day 2"… in date order.
    pub number: usize,
    pub sessions: Vec<SessionView>,
    /// First start to last end, in minutes (0 for an empty day).
    pub span_minutes: i32,
}

#[derive(Debug, Clone, Serialize)]
pub struct SessionView {
    #[serde(flatten)]
    pub session: AgendaSession,
    /// Real length, which differs from the clock difference across a clock change.
    pub minutes: i64,
    /// "Kenya (KE)", or "Kenya (KE) & Ghana (GH)" for a session led jointly; `None` when no
    /// member leads it.
    pub lead_label: Option<String>,
    pub presenter_names: Vec<String>,
    pub local_times: Vec<LocalTime>,
}

#[derive(Debug, Clone, Serialize)]
pub struct LocalTime {
    pub member_id: String,
    pub label: String,
    pub time_zone: String,
    pub start: String,
    pub end: String,
    /// -1: the day before at that member, +1: the day after.
    pub day_offset: i64,
}

/// A problem an officer should look at; the agenda is still saved and printable.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AgendaWarning {
    pub day_id: Option<String>,
    pub session_id: Option<String>,
    pub code: &'static str,
    /// The message in English.
    pub message: String,
    /// The catalog key and parameters that word the message in any language (see
    /// `validate::Issue`).
    pub key: &'static str,
    pub params: crate::validate::Params,
}

impl Serialize for AgendaWarning {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let mut out = serializer.serialize_struct("AgendaWarning", 6)?;
        out.serialize_field("day_id", &self.day_id)?;
        out.serialize_field("session_id", &self.session_id)?;
        out.serialize_field("code", self.code)?;
        out.serialize_field(
            "message",
            &crate::validate::serialised_message(self.code, self.key, &self.params, &self.message),
        )?;
        out.serialize_field("key", self.key)?;
        out.serialize_field("params", &crate::validate::ParamsObject(&self.params))?;
        out.end()
    }
}

/// Who leads the agenda: a one-sided agenda is a warning sign for mutual learning.
#[derive(Debug, Clone, Serialize)]
pub struct Balance {
    pub rows: Vec<BalanceRow>,
    /// Sessions and minutes counted (breaks and meals are left out).
    pub sessions: usize,
    pub minutes: i64,
}

#[derive(Debug, Clone, Serialize)]
pub struct BalanceRow {
    /// `None`: sessions led by the broker, jointly, or not yet assigned.
    pub member_id: Option<String>,
    pub label: String,
    pub sessions: usize,
    pub minutes: i64,
    /// Whole percents of the counted sessions and minutes.
    pub session_share: i64,
    pub minute_share: i64,
}

/// The raw agenda of one exchange, as stored (days by date, sessions by position).
pub struct StoredAgenda {
    pub days: Vec<AgendaDay>,
    pub sessions: Vec<AgendaSession>,
}

pub fn load_stored(store: &Store, exchange_id: &str) -> Result<StoredAgenda> {
    load_stored_on(store.conn(), exchange_id)
}

/// `load_stored` through a given connection (a save's own transaction).
pub(crate) fn load_stored_on(
    conn: &rusqlite::Connection,
    exchange_id: &str,
) -> Result<StoredAgenda> {
    Ok(StoredAgenda {
        days: records::list::<AgendaDayData>(
            conn,
            "t.exchange_id = ?1",
            &[&exchange_id],
            "t.day_date, t.id",
        )?,
        sessions: records::list::<AgendaSessionData>(
            conn,
            "t.exchange_id = ?1",
            &[&exchange_id],
            "t.position, t.start_time, t.id",
        )?,
    })
}

pub fn settings(store: &Store, exchange_id: &str) -> Result<AgendaSettingsData> {
    Ok(
        records::find::<AgendaSettingsData>(store.conn(), exchange_id)?
            .filter(|r| !r.is_deleted())
            .map(|r| r.data)
            .unwrap_or_default(),
    )
}

/// A session's slot, if both times are readable (validation guarantees it for saved rows;
/// a row merged from a damaged file is left out of the arithmetic rather than guessed).
pub fn slot_of(session: &AgendaSessionData) -> Option<Slot> {
    Some(Slot {
        start: time::parse_clock(&session.start_time)?,
        end: time::parse_clock(&session.end_time)?,
    })
}

fn venue_zone(exchange: &ExchangeData) -> Tz {
    exchange.time_zone.parse().unwrap_or(chrono_tz::UTC)
}

pub fn view(store: &Store, exchange_id: &str) -> Result<AgendaView> {
    let detail = queries::exchange_detail(store, exchange_id)?;
    let stored = load_stored(store, exchange_id)?;
    let settings = settings(store, exchange_id)?;
    let partnership = records::get::<PartnershipData>(store.conn(), &detail.partnership.id)?;
    // Presenters are chosen from the participants; one removed since is still named.
    let mut names: HashMap<String, String> = detail
        .participants
        .iter()
        .map(|p| (p.person.id.clone(), p.person.data.name.clone()))
        .collect();
    for id in stored.sessions.iter().flat_map(|s| &s.data.presenter_ids) {
        if !names.contains_key(id) {
            if let Some(person) = records::find::<PersonData>(store.conn(), id)? {
                names.insert(id.clone(), person.data.name);
            }
        }
    }
    let one_sided_percent = store.signal_norms()?.one_sided_share_percent;
    Ok(build_view(
        detail,
        partnership,
        stored,
        settings,
        &names,
        one_sided_percent,
    ))
}

fn build_view(
    detail: ExchangeDetail,
    partnership: Partnership,
    stored: StoredAgenda,
    settings: AgendaSettingsData,
    names: &HashMap<String, String>,
    one_sided_percent: i64,
) -> AgendaView {
    let exchange = detail.exchange;
    let venue = venue_zone(&exchange.data);
    let members: Vec<AgendaMember> = detail
        .members
        .iter()
        .map(|m| AgendaMember {
            id: m.member.id.clone(),
            label: m.label.clone(),
            place: if m.member.data.name.trim().is_empty() {
                crate::countries::name(&m.member.data.country_code)
                    .unwrap_or(&m.member.data.country_code)
                    .to_string()
            } else {
                m.member.data.name.trim().to_string()
            },
            time_zone: m.member.data.effective_time_zone().name().to_string(),
        })
        .collect();
    let member_label: HashMap<&str, &str> = members
        .iter()
        .map(|m| (m.id.as_str(), m.label.as_str()))
        .collect();
    let participants: Vec<AgendaParticipant> = detail
        .participants
        .iter()
        .filter(|p| p.participant.data.attendance.counts())
        .map(|p| AgendaParticipant {
            person_id: p.person.id.clone(),
            name: p.person.data.name.clone(),
            member_id: p.participant.data.member_id.clone(),
            member_label: p.member_label.clone(),
        })
        .collect();
    let show_local_times = exchange.data.format != ExchangeFormat::InPerson;
    let zones: Vec<(&AgendaMember, Tz)> = members
        .iter()
        .map(|m| (m, m.time_zone.parse().unwrap_or(chrono_tz::UTC)))
        .collect();

    let mut warnings = Vec::new();
    let mut by_day: HashMap<&str, Vec<&AgendaSession>> = HashMap::new();
    for s in &stored.sessions {
        by_day.entry(s.data.day_id.as_str()).or_default().push(s);
    }
    let mut days = Vec::new();
    for (index, day) in stored.days.iter().enumerate() {
        let sessions = by_day.remove(day.id.as_str()).unwrap_or_default();
        let date = day.data.day_date;
        day_warnings(&exchange.data, day, &sessions, venue, &mut warnings);
        let views = sessions
            .iter()
            .map(|s| {
                let slot = slot_of(&s.data);
                let presenter_names = s
                    .data
                    .presenter_ids
                    .iter()
                    .map(|id| {
                        names
                            .get(id)
                            .cloned()
                            .unwrap_or_else(|| "(unknown person)".to_string())
                    })
                    .collect();
                for id in &s.data.presenter_ids {
                    if !participants.iter().any(|p| &p.person_id == id) {
                        let known = names.get(id);
                        let name = known.map_or("A presenter", String::as_str);
                        warnings.push(AgendaWarning {
                            day_id: Some(day.id.clone()),
                            session_id: Some(s.id.clone()),
                            code: "presenter_not_participant",
                            message: format!(
                                "{name} presents \"{}\" but is not a participant of this exchange; add them to the participants or choose another presenter",
                                s.data.title
                            ),
                            key: if known.is_some() {
                                "presenter_not_participant"
                            } else {
                                "presenter_not_participant.unnamed"
                            },
                            params: vec![
                                ("name", name.to_string()),
                                ("title", s.data.title.clone()),
                            ],
                        });
                    }
                }
                let local_times = match (show_local_times, slot, date) {
                    (true, Some(slot), Some(date)) => zones
                        .iter()
                        .map(|(m, tz)| {
                            let (start_day, start) = time::local_in(date, slot.start, venue, *tz);
                            let (_, end) = time::local_in(date, slot.end, venue, *tz);
                            LocalTime {
                                member_id: m.id.clone(),
                                label: m.label.clone(),
                                time_zone: m.time_zone.clone(),
                                start: start.format("%H:%M").to_string(),
                                end: end.format("%H:%M").to_string(),
                                day_offset: (start_day - date).num_days(),
                            }
                        })
                        .collect(),
                    _ => Vec::new(),
                };
                SessionView {
                    session: (*s).clone(),
                    minutes: match (slot, date) {
                        (Some(slot), Some(date)) => time::elapsed_minutes(date, slot, venue),
                        (Some(slot), None) => i64::from(slot.minutes()),
                        _ => 0,
                    },
                    lead_label: {
                        let labels: Vec<&str> = s
                            .data
                            .leads()
                            .into_iter()
                            .filter_map(|id| member_label.get(id).map(|l| l.as_ref()))
                            .collect();
                        (!labels.is_empty()).then(|| labels.join(" & "))
                    },
                    presenter_names,
                    local_times,
                }
            })
            .collect::<Vec<_>>();
        let slots: Vec<Slot> = sessions.iter().filter_map(|s| slot_of(&s.data)).collect();
        days.push(AgendaDayView {
            day: day.clone(),
            number: index + 1,
            span_minutes: span(&slots),
            sessions: views,
        });
    }
    let balance = balance(&members, &days);
    balance_warning(&balance, members.len(), one_sided_percent, &mut warnings);
    AgendaView {
        partnership_id: partnership.id.clone(),
        partnership_title: partnership.data.title.clone(),
        exchange,
        settings,
        members,
        participants,
        days,
        warnings,
        balance,
        show_local_times,
    }
}

fn span(slots: &[Slot]) -> i32 {
    match (
        slots.iter().map(|s| s.start).min(),
        slots.iter().map(|s| s.end).max(),
    ) {
        (Some(first), Some(last)) => last - first,
        _ => 0,
    }
}

fn day_warnings(
    exchange: &ExchangeData,
    day: &AgendaDay,
    sessions: &[&AgendaSession],
    venue: Tz,
    warnings: &mut Vec<AgendaWarning>,
) {
    let mut warn = |session_id: Option<&str>,
                    code: &'static str,
                    message: String,
                    key: &'static str,
                    params: crate::validate::Params| {
        warnings.push(AgendaWarning {
            day_id: Some(day.id.clone()),
            session_id: session_id.map(String::from),
            code,
            message,
            key,
            params,
        })
    };
    let Some(date) = day.data.day_date else {
        return;
    };
    let outside = match (
        exchange.start_date,
        exchange.end_date.or(exchange.start_date),
    ) {
        (Some(start), Some(end)) => date < start || date > end,
        _ => false,
    };
    if outside {
        warn(
            None,
            "day_outside_exchange",
            format!(
                "{} is outside the exchange's dates ({}); change the day or the exchange's dates",
                long(date),
                crate::dates::date_range(exchange.start_date, exchange.end_date)
            ),
            "day_outside_exchange",
            vec![
                ("day_date", date.to_string()),
                (
                    "dates",
                    crate::validate::date_range_param(exchange.start_date, exchange.end_date),
                ),
            ],
        );
    }
    let slots: Vec<(usize, Slot)> = sessions
        .iter()
        .enumerate()
        .filter_map(|(i, s)| Some((i, slot_of(&s.data)?)))
        .collect();
    let just_slots: Vec<Slot> = slots.iter().map(|(_, s)| *s).collect();
    for (a, b) in time::overlapping_pairs(&just_slots) {
        let (first, second) = (sessions[slots[a].0], sessions[slots[b].0]);
        warn(
            Some(&second.id),
            "sessions_overlap",
            format!(
                "\"{}\" ({}–{}) overlaps \"{}\" ({}–{})",
                second.data.title,
                second.data.start_time,
                second.data.end_time,
                first.data.title,
                first.data.start_time,
                first.data.end_time
            ),
            "sessions_overlap",
            vec![
                ("title", second.data.title.clone()),
                ("start", second.data.start_time.clone()),
                ("end", second.data.end_time.clone()),
                ("other_title", first.data.title.clone()),
                ("other_start", first.data.start_time.clone()),
                ("other_end", first.data.end_time.clone()),
            ],
        );
    }
    let length = span(&just_slots);
    if length > LONG_DAY_MINUTES {
        warn(
            None,
            "long_day",
            format!(
                "{} runs {} from first session to last, more than {} hours",
                long(date),
                hours(length),
                LONG_DAY_MINUTES / 60
            ),
            "long_day",
            vec![
                ("day_date", date.to_string()),
                ("duration", hours(length)),
                ("hours", (LONG_DAY_MINUTES / 60).to_string()),
            ],
        );
    }
    for (i, slot) in &slots {
        let session = sessions[*i];
        for (minutes, which) in [(slot.start, "starts"), (slot.end, "ends")] {
            if let time::Placed::InGap(_) = time::place(date, minutes, venue) {
                warn(
                    Some(&session.id),
                    "time_skipped_by_clock_change",
                    format!(
                        "\"{}\" {which} at {}, a time that does not exist on {} in {} (the clocks go forward)",
                        session.data.title,
                        time::format_clock(minutes),
                        long(date),
                        venue.name()
                    ),
                    if which == "starts" {
                        "time_skipped_by_clock_change"
                    } else {
                        "time_skipped_by_clock_change.end"
                    },
                    vec![
                        ("title", session.data.title.clone()),
                        ("time", time::format_clock(minutes)),
                        ("day_date", date.to_string()),
                        ("zone", venue.name().to_string()),
                    ],
                );
            }
        }
    }
}

fn long(date: NaiveDate) -> String {
    crate::dates::long_date(date)
}

/// "10 h 30 min".
pub fn hours(minutes: i32) -> String {
    match (minutes / 60, minutes % 60) {
        (h, 0) => format!("{h} h"),
        (0, m) => format!("{m} min"),
        (h, m) => format!("{h} h {m} min"),
    }
}

fn balance(members: &[AgendaMember], days: &[AgendaDayView]) -> Balance {
    let mut rows: Vec<BalanceRow> = members
        .iter()
        .map(|m| BalanceRow {
            member_id: Some(m.id.clone()),
            label: m.label.clone(),
            sessions: 0,
            minutes: 0,
            session_share: 0,
            minute_share: 0,
        })
        .collect();
    let mut unassigned = BalanceRow {
        member_id: None,
        label: "The broker, or no member".to_string(),
        sessions: 0,
        minutes: 0,
        session_share: 0,
        minute_share: 0,
    };
    let (mut sessions, mut minutes) = (0usize, 0i64);
    for s in days.iter().flat_map(|d| &d.sessions) {
        if s.session.data.kind.is_pause() {
            continue;
        }
        sessions += 1;
        minutes += s.minutes;
        // A session led jointly counts as led by each of its leads, and its time is shared
        // among them (the first leads get the odd minutes), so the minutes still add up.
        let leads: Vec<&str> = s
            .session
            .data
            .leads()
            .into_iter()
            .filter(|id| rows.iter().any(|r| r.member_id.as_deref() == Some(*id)))
            .collect();
        if leads.is_empty() {
            unassigned.sessions += 1;
            unassigned.minutes += s.minutes;
            continue;
        }
        let n = leads.len() as i64;
        for (k, id) in leads.iter().enumerate() {
            if let Some(row) = rows
                .iter_mut()
                .find(|r| r.member_id.as_deref() == Some(*id))
            {
                row.sessions += 1;
                row.minutes += s.minutes / n + i64::from((k as i64) < s.minutes % n);
            }
        }
    }
    if unassigned.sessions > 0 {
        rows.push(unassigned);
    }
    for row in &mut rows {
        row.session_share = percent(row.sessions as i64, sessions as i64);
        row.minute_share = percent(row.minutes, minutes);
    }
    Balance {
        rows,
        sessions,
        minutes,
    }
}

/// An agenda where one member leads most sessions (the follow-up signals' one-sided share,
/// from Settings) or where a member leads none, once there are sessions enough to tell.
fn balance_warning(
    balance: &Balance,
    member_count: usize,
    one_sided_percent: i64,
    warnings: &mut Vec<AgendaWarning>,
) {
    if member_count < 2 || balance.sessions < member_count * 2 {
        return;
    }
    let members: Vec<&BalanceRow> = balance
        .rows
        .iter()
        .filter(|r| r.member_id.is_some())
        .collect();
    let silent: Vec<&str> = members
        .iter()
        .filter(|r| r.sessions == 0)
        .map(|r| r.label.as_str())
        .collect();
    if let Some(top) = members
        .iter()
        .find(|r| r.session_share >= one_sided_percent)
    {
        warnings.push(AgendaWarning {
            day_id: None,
            session_id: None,
            code: "one_sided_agenda",
            message: format!(
                "{} leads {} of {} sessions ({}%); peer learning flows both ways when each member proposes and leads sessions",
                top.label, top.sessions, balance.sessions, top.session_share
            ),
            key: "one_sided_agenda",
            params: vec![
                ("member", top.label.clone()),
                ("led", top.sessions.to_string()),
                ("count", balance.sessions.to_string()),
                ("percent", top.session_share.to_string()),
            ],
        });
    } else if !silent.is_empty() {
        warnings.push(AgendaWarning {
            day_id: None,
            session_id: None,
            code: "member_leads_no_session",
            message: format!(
                "{} {} no session; ask them to propose and lead one",
                silent.join(", "),
                if silent.len() == 1 { "leads" } else { "lead" }
            ),
            key: "member_leads_no_session",
            params: vec![
                ("members", silent.join(", ")),
                ("count", silent.len().to_string()),
            ],
        });
    }
}

fn percent(part: i64, whole: i64) -> i64 {
    if whole == 0 {
        0
    } else {
        // Rounded half up, in whole percents.
        (part * 200 + whole) / (whole * 2)
    }
}

/// The printable document of an exchange's agenda, in its chosen language.
pub fn document(store: &Store, exchange_id: &str) -> Result<AgendaDoc> {
    document_in(store, exchange_id, None)
}

/// The printable document in `language` (else the agenda's own): its labels and the
/// countries' names are in it.
pub fn document_in(
    store: &Store,
    exchange_id: &str,
    language: Option<AgendaLanguage>,
) -> Result<AgendaDoc> {
    let mut view = view(store, exchange_id)?;
    if let Some(language) = language {
        view.settings.language = language;
    }
    let detail = queries::exchange_detail(store, exchange_id)?;
    Ok(document_from(&view, &detail))
}

fn document_from(view: &AgendaView, detail: &ExchangeDetail) -> AgendaDoc {
    let e = &view.exchange.data;
    // Countries are named in the agenda's language ("Irlande (IE)", "España (ES)").
    let lang = view.settings.language.as_str();
    let local_label: HashMap<&str, String> = detail
        .members
        .iter()
        .map(|m| (m.member.id.as_str(), m.member.data.label_in(lang)))
        .collect();
    let label_of = |id: &str, english: &str| {
        local_label
            .get(id)
            .cloned()
            .unwrap_or_else(|| english.to_string())
    };
    let venue = if e.format == ExchangeFormat::Virtual {
        String::new()
    } else {
        let country = e
            .country_code
            .as_deref()
            .and_then(|c| crate::countries::name_in(c, lang))
            .unwrap_or("");
        [e.venue.as_str(), e.city.as_str(), country]
            .iter()
            .filter(|p| !p.trim().is_empty())
            .map(|p| p.trim())
            .collect::<Vec<_>>()
            .join(", ")
    };
    let venue_tz = venue_zone(e);
    let zones = document_zones(view, e, lang, detail);
    let tzs: Vec<Tz> = zones
        .iter()
        .map(|z| z.time_zone.parse().unwrap_or(chrono_tz::UTC))
        .collect();
    let days = view
        .days
        .iter()
        .filter_map(|d| {
            let date = d.day.data.day_date?;
            Some(AgendaDocDay {
                date,
                title: d.day.data.title.clone(),
                zone_names: tzs.iter().map(|tz| time::zone_name(date, *tz)).collect(),
                sessions: d
                    .sessions
                    .iter()
                    .filter_map(|s| {
                        let slot = slot_of(&s.session.data)?;
                        let times = tzs
                            .iter()
                            .map(|tz| {
                                let (start_day, start) =
                                    time::local_in(date, slot.start, venue_tz, *tz);
                                let (_, end) = time::local_in(date, slot.end, venue_tz, *tz);
                                ZoneTimes::new(start, end, (start_day - date).num_days())
                            })
                            .collect();
                        Some(AgendaDocSession {
                            id: s.session.id.clone(),
                            start: time::to_naive_time(slot.start),
                            end: time::to_naive_time(slot.end),
                            times,
                            title: s.session.data.title.clone(),
                            kind: s.session.data.kind,
                            description: s.session.data.description.clone(),
                            lead: {
                                let leads: Vec<String> = s
                                    .session
                                    .data
                                    .leads()
                                    .into_iter()
                                    .filter_map(|id| local_label.get(id).cloned())
                                    .collect();
                                if leads.is_empty() {
                                    s.lead_label.clone()
                                } else {
                                    Some(leads.join(" & "))
                                }
                            },
                            presenters: s.presenter_names.clone(),
                            location: s.session.data.location.clone(),
                            link: s.session.data.link.clone(),
                        })
                    })
                    .collect(),
            })
        })
        .collect();
    let delegations = view.settings.include_participants.then(|| {
        let mut groups: Vec<AgendaDocDelegation> = Vec::new();
        let counting = detail
            .participants
            .iter()
            .filter(|p| p.participant.data.attendance.counts());
        // Members in the partnership's order, then the people who belong to no member.
        let mut keyed: Vec<(usize, &queries::ParticipantView)> = counting
            .map(|p| {
                let rank = p
                    .participant
                    .data
                    .member_id
                    .as_deref()
                    .and_then(|m| view.members.iter().position(|vm| vm.id == m))
                    .unwrap_or(usize::MAX);
                (rank, p)
            })
            .collect();
        keyed.sort_by_key(|(rank, _)| *rank);
        for (rank, p) in keyed {
            let member = if rank == usize::MAX {
                String::new()
            } else {
                label_of(&view.members[rank].id, &view.members[rank].label)
            };
            let position = [
                p.person.data.position.trim(),
                p.person.data.organisation.trim(),
            ]
            .iter()
            .filter(|s| !s.is_empty())
            .copied()
            .collect::<Vec<_>>()
            .join(", ");
            let person = AgendaDocPerson {
                name: p.person.data.name.clone(),
                position,
                role: p.participant.data.role.label().to_string(),
            };
            match groups.last_mut() {
                Some(g) if g.member == member => g.people.push(person),
                _ => groups.push(AgendaDocDelegation {
                    member,
                    people: vec![person],
                }),
            }
        }
        groups
    });
    // No heading for a list with nobody in it.
    let delegations = delegations.filter(|groups| !groups.is_empty());
    AgendaDoc {
        exchange_id: view.exchange.id.clone(),
        language: view.settings.language,
        title: e.title.clone(),
        partnership_title: view.partnership_title.clone(),
        members: view
            .members
            .iter()
            .map(|m| label_of(&m.id, &m.label))
            .collect(),
        format: e.format,
        start_date: e.start_date,
        end_date: e.end_date,
        venue,
        time_zone: e.time_zone.clone(),
        zones,
        objectives: e.objectives.clone(),
        days,
        delegations,
    }
}

/// The time columns of a printed agenda: the venue's zone, named by the venue's city (else
/// the members sitting in it, else the zone's own city), then each other zone a member sits
/// in, named by those members, in the partnership's order of members.
fn document_zones(
    view: &AgendaView,
    e: &ExchangeData,
    lang: &str,
    detail: &ExchangeDetail,
) -> Vec<AgendaDocZone> {
    let venue = venue_zone(e).name().to_string();
    let mut zones: Vec<(String, Vec<String>)> = vec![(venue.clone(), Vec::new())];
    for m in &view.members {
        // A member without a name of its own is its country, named in the agenda's language.
        let code = detail
            .members
            .iter()
            .find(|x| x.member.id == m.id)
            .map(|x| x.member.data.country_code.as_str());
        let place = match code {
            Some(code) if m.place == crate::countries::name(code).unwrap_or("") => {
                crate::countries::name_in(code, lang)
                    .unwrap_or(&m.place)
                    .to_string()
            }
            _ => m.place.clone(),
        };
        match zones.iter_mut().find(|(tz, _)| *tz == m.time_zone) {
            Some((_, places)) => places.push(place),
            None => zones.push((m.time_zone.clone(), vec![place])),
        }
    }
    zones
        .into_iter()
        .enumerate()
        .map(|(i, (time_zone, places))| {
            let city_of_zone = time_zone
                .rsplit('/')
                .next()
                .unwrap_or(&time_zone)
                .replace('_', " ");
            let place = if i == 0 && !e.city.trim().is_empty() {
                e.city.trim().to_string()
            } else if !places.is_empty() {
                places.join(", ")
            } else {
                city_of_zone
            };
            AgendaDocZone { time_zone, place }
        })
        .collect()
}
