//! Validated writes of agendas: days, sessions (with reorder, duplicate and time shifting),
//! print settings and templates. Every operation is one transaction: a shift that would push
//! a session past midnight changes nothing.

use chrono::NaiveDate;

use super::{records, Saved, Store, Writer};
use crate::agenda::time::{self, Slot};
use crate::agenda::{self, slot_of};
use crate::model::*;
use crate::validate::{self, Issue, Report, Severity};
use crate::{Error, Result};

fn normalise_session(mut data: AgendaSessionData) -> AgendaSessionData {
    data.title = data.title.trim().to_string();
    data.start_time = data.start_time.trim().to_string();
    data.end_time = data.end_time.trim().to_string();
    // "9:05", "0905", "9.05 am" are stored as "09:05", so text order is time order; what
    // cannot be read stays as typed for validation to name.
    for t in [&mut data.start_time, &mut data.end_time] {
        if let Ok(read) = crate::typed::read_time(t) {
            *t = read.format("%H:%M").to_string();
        }
    }
    data.location = data.location.trim().to_string();
    data.link = data.link.trim().to_string();
    data.lead_member_id = data.lead_member_id.filter(|s| !s.is_empty());
    // Co-leads: no blanks, no repeats, not the lead again; with no lead, the first co-lead
    // leads.
    let mut leads_seen = std::collections::HashSet::new();
    let mut leads: Vec<String> = data
        .lead_member_id
        .take()
        .into_iter()
        .chain(std::mem::take(&mut data.co_lead_member_ids))
        .filter(|m| !m.trim().is_empty() && leads_seen.insert(m.clone()))
        .collect();
    if !leads.is_empty() {
        data.lead_member_id = Some(leads.remove(0));
    }
    data.co_lead_member_ids = leads;
    let mut seen = std::collections::HashSet::new();
    data.presenter_ids
        .retain(|p| !p.trim().is_empty() && seen.insert(p.clone()));
    data
}

/// A refusal about one field: `key` words it in any language with `params`.
fn invalid(
    field: &str,
    code: &'static str,
    message: String,
    key: &'static str,
    params: validate::Params,
) -> Error {
    let mut report = Report::default();
    let issue = report.error(field, code, message).worded(key);
    issue.params = params;
    Error::Invalid(report)
}

/// A day's live sessions in order.
fn day_sessions(conn: &rusqlite::Connection, day_id: &str) -> Result<Vec<AgendaSession>> {
    records::list::<AgendaSessionData>(
        conn,
        "t.day_id = ?1",
        &[&day_id],
        "t.position, t.start_time, t.id",
    )
}

/// Every session's slot, or `None` if one has unreadable times (then nothing is reflowed).
fn slots_of(sessions: &[AgendaSession]) -> Option<Vec<Slot>> {
    sessions.iter().map(|s| slot_of(&s.data)).collect()
}

/// Writes `sessions` as day `day_id`, in positions 0, 1, 2… and, when given, with new
/// slots. Only changed fields are written (and stamped).
fn write_order(
    w: &mut Writer<'_>,
    day_id: &str,
    sessions: &[AgendaSession],
    slots: Option<&[Slot]>,
) -> Result<()> {
    for (position, session) in sessions.iter().enumerate() {
        let mut data = session.data.clone();
        data.day_id = day_id.to_string();
        data.position = position as i64;
        if let Some(slot) = slots.and_then(|s| s.get(position)) {
            data.start_time = time::format_clock(slot.start);
            data.end_time = time::format_clock(slot.end);
        }
        if data != session.data {
            w.upsert(Some(&session.id), &data)?;
        }
    }
    Ok(())
}

/// The exchange `id`, refused when it has been deleted.
fn live_exchange(conn: &rusqlite::Connection, id: &str) -> Result<Exchange> {
    let exchange = records::get::<ExchangeData>(conn, id)?;
    if exchange.is_deleted() {
        return Err(Error::Deleted {
            entity: "exchange",
            id: exchange.id,
        });
    }
    Ok(exchange)
}

impl Store {
    /// The agenda's warnings that concern one session or one day, for a save's answer.
    fn agenda_warnings_for(
        &self,
        exchange_id: &str,
        day_id: &str,
        session_id: Option<&str>,
    ) -> Result<Vec<Issue>> {
        let view = agenda::view(self, exchange_id)?;
        Ok(view
            .warnings
            .into_iter()
            .filter(|w| match session_id {
                Some(id) => w.session_id.as_deref() == Some(id),
                None => w.day_id.as_deref() == Some(day_id) && w.session_id.is_none(),
            })
            .map(|w| Issue {
                severity: Severity::Warning,
                field: "agenda".to_string(),
                code: w.code,
                message: w.message,
                key: w.key,
                params: w.params,
            })
            .collect())
    }

    pub fn save_agenda_day(
        &mut self,
        id: Option<&str>,
        mut data: AgendaDayData,
    ) -> Result<Saved<AgendaDayData>> {
        data.title = data.title.trim().to_string();
        let record = self.write(|w| w.save_agenda_day(id, data.clone()))?;
        let warnings = self.agenda_warnings_for(&data.exchange_id, &record.id, None)?;
        Ok(Saved { record, warnings })
    }

    /// Deletes a day and its sessions.
    pub fn delete_agenda_day(&mut self, id: &str) -> Result<()> {
        self.write(|w| {
            records::get::<AgendaDayData>(w.conn(), id)?;
            w.delete_children("agenda_sessions", "day_id", id)?;
            w.delete("agenda_days", id)
        })
    }

    /// Saves a session. A new session, or one moved to another day, goes last in its day.
    /// With `shift_following`, a changed end time moves the day's later sessions by as much
    /// (a longer session pushes the rest of the day back).
    pub fn save_agenda_session(
        &mut self,
        id: Option<&str>,
        data: AgendaSessionData,
        shift_following: bool,
    ) -> Result<Saved<AgendaSessionData>> {
        let data = normalise_session(data);
        let record = self.write(|w| w.save_agenda_session(id, data, shift_following))?;
        let warnings = self.agenda_warnings_for(
            &record.data.exchange_id,
            &record.data.day_id,
            Some(&record.id),
        )?;
        Ok(Saved { record, warnings })
    }

    pub fn delete_agenda_session(&mut self, id: &str) -> Result<()> {
        self.write(|w| w.delete_existing::<AgendaSessionData>(id))
    }

    /// A copy of a session placed right after it, starting when it ends (same length), or
    /// at the same times if that would run past midnight.
    pub fn duplicate_agenda_session(&mut self, id: &str) -> Result<AgendaSession> {
        self.write(|w| {
            let original = records::get::<AgendaSessionData>(w.conn(), id)?;
            if original.is_deleted() {
                return Err(Error::Deleted {
                    entity: "agenda session",
                    id: id.to_string(),
                });
            }
            let sessions = day_sessions(w.conn(), &original.data.day_id)?;
            let at = sessions
                .iter()
                .position(|s| s.id == original.id)
                .unwrap_or(sessions.len());
            let mut copy = original.data.clone();
            if let Some(slot) = slot_of(&original.data) {
                let after = Slot {
                    start: slot.end,
                    end: slot.end + slot.minutes(),
                };
                if after.end < time::DAY_MINUTES {
                    copy.start_time = time::format_clock(after.start);
                    copy.end_time = time::format_clock(after.end);
                }
            }
            let inserted = w.insert_new(&copy)?;
            let mut order = sessions;
            order.insert(at + 1, inserted.clone());
            write_order(w, &original.data.day_id, &order, None)?;
            records::get::<AgendaSessionData>(w.conn(), &inserted.id)
        })
    }

    /// Moves a session to `position` (0-based) in day `day_id` (its own or another day of
    /// the same agenda). With `shift_times`, the days involved are reflowed (`time::reflow`):
    /// durations and pauses are kept, so times stay in sequence; without, every session
    /// keeps its times and only the order changes.
    pub fn move_agenda_session(
        &mut self,
        id: &str,
        day_id: &str,
        position: usize,
        shift_times: bool,
    ) -> Result<()> {
        self.write(|w| {
            let session = records::get::<AgendaSessionData>(w.conn(), id)?;
            let target = records::get::<AgendaDayData>(w.conn(), day_id)?;
            if session.is_deleted() || target.is_deleted() {
                return Err(invalid(
                    "day_id",
                    "deleted_reference",
                    "the session or the day has been deleted; reload the agenda".to_string(),
                    "deleted_reference.move",
                    Vec::new(),
                ));
            }
            if target.data.exchange_id != session.data.exchange_id {
                return Err(invalid(
                    "day_id",
                    "other_exchange",
                    "a session can only move to a day of its own exchange's agenda".to_string(),
                    "other_exchange.move",
                    Vec::new(),
                ));
            }
            let source_day = session.data.day_id.clone();
            // The slots before the move: the target day's, plus the arriving session's.
            let mut before = day_sessions(w.conn(), day_id)?;
            if source_day != day_id {
                let source = day_sessions(w.conn(), &source_day)?;
                let (order, remaining): (Vec<usize>, Vec<AgendaSession>) = source
                    .iter()
                    .enumerate()
                    .filter(|(_, s)| s.id != session.id)
                    .map(|(i, s)| (i, s.clone()))
                    .unzip();
                // The leaving session's time is given up: the day closes up.
                let slots = shift_times
                    .then(|| slots_of(&source).map(|b| time::reflow(&b, &order)))
                    .flatten();
                write_order(w, &source_day, &remaining, slots.as_deref())?;
                before.push(session.clone());
            }
            let mut after: Vec<AgendaSession> = before
                .iter()
                .filter(|s| s.id != session.id)
                .cloned()
                .collect();
            after.insert(position.min(after.len()), session.clone());
            let order: Vec<usize> = after
                .iter()
                .filter_map(|s| before.iter().position(|b| b.id == s.id))
                .collect();
            let slots = shift_times
                .then(|| slots_of(&before).map(|b| time::reflow(&b, &order)))
                .flatten();
            write_order(w, day_id, &after, slots.as_deref())
        })
    }

    pub fn save_agenda_settings(
        &mut self,
        exchange_id: &str,
        data: AgendaSettingsData,
    ) -> Result<AgendaSettingsData> {
        self.write(|w| {
            live_exchange(w.conn(), exchange_id)?;
            let existing = records::find::<AgendaSettingsData>(w.conn(), exchange_id)?;
            match existing {
                Some(_) => w.upsert(Some(exchange_id), &data),
                // The row's id is the exchange's: two copies setting it hold one row.
                None => w.insert_with_id(exchange_id, &data),
            }
        })?;
        agenda::settings(self, exchange_id)
    }

    pub fn agenda_templates(&self) -> Result<Vec<AgendaTemplate>> {
        records::list::<AgendaTemplateData>(&self.conn, "1", &[], "t.name COLLATE NOCASE, t.id")
    }

    /// Saves an exchange's agenda as a template: its days' titles and its sessions' times,
    /// kinds and texts; not its dates, leads or presenters.
    pub fn save_agenda_as_template(
        &mut self,
        exchange_id: &str,
        name: &str,
        description: &str,
    ) -> Result<AgendaTemplate> {
        self.write(|w| {
            live_exchange(w.conn(), exchange_id)?;
            let stored = agenda::load_stored_on(w.conn(), exchange_id)?;
            let mut report = Report::default();
            if name.trim().is_empty() {
                report
                    .error(
                        "name",
                        "required",
                        "give the template a name (e.g. \"Two-day study visit\")",
                    )
                    .worded("required.template_name");
            }
            validate::short_text(&mut report, "name", "name", name);
            validate::long_text(&mut report, "description", description);
            if stored.sessions.is_empty() {
                report.error(
                    "exchange_id",
                    "empty_agenda",
                    "this agenda has no sessions yet; a template needs at least one",
                );
            }
            report.into_result()?;
            let days = stored
                .days
                .iter()
                .map(|day| TemplateDay {
                    title: day.data.title.clone(),
                    sessions: stored
                        .sessions
                        .iter()
                        .filter(|s| s.data.day_id == day.id)
                        .map(|s| TemplateSession {
                            start_time: s.data.start_time.clone(),
                            end_time: s.data.end_time.clone(),
                            title: s.data.title.clone(),
                            kind: s.data.kind,
                            description: s.data.description.clone(),
                            location: s.data.location.clone(),
                        })
                        .collect(),
                })
                .collect();
            let data = AgendaTemplateData {
                name: name.trim().to_string(),
                description: description.trim().to_string(),
                days,
            };
            w.insert_new(&data)
        })
    }

    pub fn delete_agenda_template(&mut self, id: &str) -> Result<()> {
        self.write(|w| w.delete_existing::<AgendaTemplateData>(id))
    }

    /// Starts an exchange's (empty) agenda from a template: day `i` of the template lands on
    /// `first_day + i` (default: the exchange's start date). Returns the number of sessions.
    pub fn apply_agenda_template(
        &mut self,
        template_id: &str,
        exchange_id: &str,
        first_day: Option<NaiveDate>,
    ) -> Result<usize> {
        self.write(|w| {
        let exchange = live_exchange(w.conn(), exchange_id)?;
        let template = records::get::<AgendaTemplateData>(w.conn(), template_id)?;
        let stored = agenda::load_stored_on(w.conn(), exchange_id)?;
        let mut report = Report::default();
        if template.is_deleted() {
            report
                .error(
                    "template_id",
                    "deleted_reference",
                    "that template has been deleted",
                )
                .worded("deleted_reference.template");
        }
        if !stored.sessions.is_empty() {
            report
                .error(
                    "template_id",
                    "agenda_not_empty",
                    format!(
                        "this agenda already has {} sessions; a template starts an empty agenda (delete its sessions first)",
                        stored.sessions.len()
                    ),
                )
                .with("count", stored.sessions.len());
        }
        let first = first_day.or(exchange.data.start_date);
        if first.is_none() {
            report
                .error(
                    "first_day",
                    "required",
                    "the exchange has no start date; choose the agenda's first day",
                )
                .worded("required.first_day");
        }
        report.into_result()?;
        let first = first.unwrap_or_default();
        let mut count = 0;
            for (i, day) in template.data.days.iter().enumerate() {
                let date = first + chrono::Duration::days(i as i64);
                let existing = stored.days.iter().find(|d| d.data.day_date == Some(date));
                let day_id = match existing {
                    Some(d) => d.id.clone(),
                    None => {
                        w.insert_new(&AgendaDayData {
                            exchange_id: exchange_id.to_string(),
                            day_date: Some(date),
                            title: day.title.clone(),
                        })?
                        .id
                    }
                };
                for (position, s) in day.sessions.iter().enumerate() {
                    let data = normalise_session(AgendaSessionData {
                        exchange_id: exchange_id.to_string(),
                        day_id: day_id.clone(),
                        position: position as i64,
                        start_time: s.start_time.clone(),
                        end_time: s.end_time.clone(),
                        title: s.title.clone(),
                        kind: s.kind,
                        description: s.description.clone(),
                        lead_member_id: None,
                        co_lead_member_ids: Vec::new(),
                        presenter_ids: Vec::new(),
                        location: s.location.clone(),
                        link: String::new(),
                    });
                    validate::agenda_session(&data).into_result()?;
                    w.insert_new(&data)?;
                    count += 1;
                }
            }
            Ok(count)
        })
    }
}

impl Writer<'_> {
    pub fn save_agenda_day(&mut self, id: Option<&str>, data: AgendaDayData) -> Result<AgendaDay> {
        let mut report = Report::default();
        self.facts()
            .require_live::<ExchangeData>(&mut report, "exchange_id", &data.exchange_id)?;
        validate::short_text(&mut report, "title", "day_title", &data.title);
        match data.day_date {
            None => {
                report
                    .error("day_date", "required", "the day's date is required")
                    .worded("required.day_date");
            }
            Some(date) => {
                let clash: Option<String> = self
                    .conn()
                    .query_row(
                        "SELECT id FROM agenda_days WHERE exchange_id = ?1 AND day_date = ?2
                           AND deleted_at IS NULL AND id IS NOT ?3",
                        rusqlite::params![data.exchange_id, date.to_string(), id],
                        |r| r.get(0),
                    )
                    .ok();
                if clash.is_some() {
                    report
                        .error(
                            "day_date",
                            "duplicate_day",
                            format!(
                                "the agenda already has a day on {}; choose another date",
                                crate::dates::long_date(date)
                            ),
                        )
                        .with("day_date", date);
                }
            }
        }
        if let Some(id) = id {
            let current = records::get::<AgendaDayData>(self.conn(), id)?;
            if current.data.exchange_id != data.exchange_id {
                report.error(
                    "exchange_id",
                    "cannot_move_day",
                    "a day stays in its exchange's agenda",
                );
            }
        }
        report.into_result()?;
        self.upsert(id, &data)
    }

    pub fn save_agenda_session(
        &mut self,
        id: Option<&str>,
        mut data: AgendaSessionData,
        shift_following: bool,
    ) -> Result<AgendaSession> {
        let mut report = validate::agenda_session(&data);
        let exchange = live_exchange(self.conn(), &data.exchange_id)?;
        match records::find::<AgendaDayData>(self.conn(), &data.day_id)? {
            Some(day) if !day.is_deleted() && day.data.exchange_id == data.exchange_id => {}
            Some(day) if day.is_deleted() => {
                report
                    .error(
                        "day_id",
                        "deleted_reference",
                        "that agenda day has been deleted",
                    )
                    .worded("deleted_reference.day");
            }
            _ => {
                report
                    .error(
                        "day_id",
                        "unknown_reference",
                        "choose one of this exchange's agenda days",
                    )
                    .worded("unknown_reference.day");
            }
        }
        let members = self.facts().member_ids(&exchange.data.partnership_id)?;
        validate::session_leads(&mut report, &data, &members);
        for person in &data.presenter_ids {
            self.facts()
                .require_live::<PersonData>(&mut report, "presenter_ids", person)?;
        }
        let current = match id {
            Some(id) => {
                let current = records::get::<AgendaSessionData>(self.conn(), id)?;
                if current.data.exchange_id != data.exchange_id {
                    report.error(
                        "exchange_id",
                        "cannot_move_session",
                        "a session stays in its exchange's agenda",
                    );
                }
                Some(current)
            }
            None => None,
        };
        report.into_result()?;
        let same_day = current
            .as_ref()
            .is_some_and(|c| c.data.day_id == data.day_id);
        if same_day {
            data.position = current.as_ref().map_or(0, |c| c.data.position);
        } else {
            let last: Option<i64> = self.conn().query_row(
                    "SELECT max(position) FROM agenda_sessions WHERE day_id = ?1 AND deleted_at IS NULL",
                    [&data.day_id],
                    |r| r.get(0),
                )?;
            data.position = last.map_or(0, |p| p + 1);
        }
        if let (true, Some(current)) = (shift_following && same_day, &current) {
            let delta = match (
                time::parse_clock(&data.end_time),
                time::parse_clock(&current.data.end_time),
            ) {
                (Some(new), Some(old)) => new - old,
                _ => 0,
            };
            if delta != 0 {
                let later: Vec<AgendaSession> = day_sessions(self.conn(), &data.day_id)?
                    .into_iter()
                    .filter(|s| s.data.position > current.data.position)
                    .collect();
                let slots: Vec<Slot> = later.iter().filter_map(|s| slot_of(&s.data)).collect();
                let moved = time::shift(&slots, delta).ok_or_else(|| {
                        invalid(
                            "end_time",
                            "shift_past_midnight",
                            format!(
                                "moving the later sessions by {} would push the last one past midnight; shorten a session or move one to another day",
                                agenda::hours(delta.abs())
                            ),
                            "shift_past_midnight",
                            vec![("duration", agenda::hours(delta.abs()))],
                        )
                    })?;
                for (session, slot) in later.iter().zip(moved) {
                    let mut d = session.data.clone();
                    d.start_time = time::format_clock(slot.start);
                    d.end_time = time::format_clock(slot.end);
                    self.upsert(Some(&session.id), &d)?;
                }
            }
        }
        self.upsert(id, &data)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Store;

    struct Fixture {
        store: Store,
        exchange: String,
        kenya: String,
        ghana: String,
        amina: String,
        kofi: String,
        day1: String,
        day2: String,
    }

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    fn fixture(format: ExchangeFormat) -> Fixture {
        let mut store = Store::open_in_memory().unwrap();
        let p = store
            .save_partnership(
                None,
                PartnershipData {
                    title: "Ghana–Kenya adaptation planning".into(),
                    ..Default::default()
                },
            )
            .unwrap()
            .record
            .id;
        let member = |store: &mut Store, cc: &str| {
            store
                .save_member(
                    None,
                    MemberData {
                        partnership_id: p.clone(),
                        country_code: cc.into(),
                        ..Default::default()
                    },
                )
                .unwrap()
                .record
                .id
        };
        let kenya = member(&mut store, "KE");
        let ghana = member(&mut store, "GH");
        let exchange = store
            .save_exchange(
                None,
                ExchangeData {
                    partnership_id: p.clone(),
                    title: "Foundational exchange".into(),
                    format,
                    host_member_id: (format != ExchangeFormat::Virtual).then(|| kenya.clone()),
                    start_date: Some(d("2026-03-10")),
                    end_date: Some(d("2026-03-11")),
                    time_zone: "Africa/Nairobi".into(),
                    ..Default::default()
                },
            )
            .unwrap()
            .record
            .id;
        let person = |store: &mut Store, name: &str, member: &str| {
            let id = store
                .save_person(
                    None,
                    PersonData {
                        name: name.into(),
                        ..Default::default()
                    },
                )
                .unwrap()
                .record
                .id;
            store
                .save_participant(
                    None,
                    ParticipantData {
                        exchange_id: exchange.clone(),
                        person_id: id.clone(),
                        member_id: Some(member.to_string()),
                        ..Default::default()
                    },
                    None,
                )
                .unwrap();
            id
        };
        let amina = person(&mut store, "Amina Odhiambo", &kenya);
        let kofi = person(&mut store, "Kofi Mensah", &ghana);
        let day = |store: &mut Store, date: &str| {
            store
                .save_agenda_day(
                    None,
                    AgendaDayData {
                        exchange_id: exchange.clone(),
                        day_date: Some(d(date)),
                        title: String::new(),
                    },
                )
                .unwrap()
                .record
                .id
        };
        let day1 = day(&mut store, "2026-03-10");
        let day2 = day(&mut store, "2026-03-11");
        Fixture {
            store,
            exchange,
            kenya,
            ghana,
            amina,
            kofi,
            day1,
            day2,
        }
    }

    impl Fixture {
        fn session(&mut self, day: &str, start: &str, end: &str, title: &str) -> String {
            let data = AgendaSessionData {
                exchange_id: self.exchange.clone(),
                day_id: day.to_string(),
                start_time: start.into(),
                end_time: end.into(),
                title: title.into(),
                ..Default::default()
            };
            self.store
                .save_agenda_session(None, data, false)
                .unwrap()
                .record
                .id
        }

        /// "title start-end" of each session of a day, in order.
        fn day(&self, day: &str) -> Vec<String> {
            day_sessions(self.store.conn(), day)
                .unwrap()
                .iter()
                .map(|s| format!("{} {}-{}", s.data.title, s.data.start_time, s.data.end_time))
                .collect()
        }

        fn get(&self, id: &str) -> AgendaSessionData {
            records::get::<AgendaSessionData>(self.store.conn(), id)
                .unwrap()
                .data
        }
    }

    fn fields(err: Error) -> Vec<(String, &'static str)> {
        match err {
            Error::Invalid(report) => report
                .issues
                .into_iter()
                .map(|i| (i.field, i.code))
                .collect(),
            other => panic!("expected a validation error, got {other:?}"),
        }
    }

    #[test]
    fn bad_sessions_are_refused_naming_the_field_and_nothing_is_written() {
        let mut f = fixture(ExchangeFormat::InPerson);
        let base = AgendaSessionData {
            exchange_id: f.exchange.clone(),
            day_id: f.day1.clone(),
            start_time: "10:00".into(),
            end_time: "09:00".into(),
            title: "  ".into(),
            link: "zoom.us/j/1".into(),
            lead_member_id: Some("not-a-member".into()),
            ..Default::default()
        };
        let err = f
            .store
            .save_agenda_session(None, base.clone(), false)
            .unwrap_err();
        let mut got = fields(err);
        got.sort();
        assert_eq!(
            got,
            vec![
                ("end_time".into(), "end_not_after_start"),
                ("lead_member_id".into(), "not_a_member"),
                ("link".into(), "invalid_link"),
                ("title".into(), "required"),
            ]
        );
        let err = f
            .store
            .save_agenda_session(
                None,
                AgendaSessionData {
                    // "9.30" is a time as officers type it; this is not.
                    start_time: "half past nine".into(),
                    end_time: "25:00".into(),
                    title: "Opening".into(),
                    link: String::new(),
                    lead_member_id: None,
                    ..base
                },
                false,
            )
            .unwrap_err();
        assert_eq!(
            fields(err),
            vec![
                ("start_time".into(), "invalid_time"),
                ("end_time".into(), "invalid_time")
            ]
        );
        assert!(f.day(&f.day1.clone()).is_empty());
    }

    #[test]
    fn a_reorder_keeps_times_unless_asked_to_shift_them() {
        let mut f = fixture(ExchangeFormat::InPerson);
        let day1 = f.day1.clone();
        let opening = f.session(&day1, "09:00", "09:30", "Opening");
        let _ke = f.session(&day1, "09:30", "11:00", "Kenya's NAP process");
        let coffee = f.session(&day1, "11:00", "11:15", "Coffee");
        f.store
            .move_agenda_session(&coffee, &day1, 1, false)
            .unwrap();
        assert_eq!(
            f.day(&day1),
            [
                "Opening 09:00-09:30",
                "Coffee 11:00-11:15",
                "Kenya's NAP process 09:30-11:00"
            ]
        );
        let view = agenda::view(&f.store, &f.exchange).unwrap();
        assert!(!view.warnings.iter().any(|w| w.code == "sessions_overlap"));
        // Now ask for the times to follow the order.
        f.store
            .move_agenda_session(&coffee, &day1, 1, true)
            .unwrap();
        assert_eq!(
            f.day(&day1),
            [
                "Opening 09:00-09:30",
                "Coffee 09:30-09:45",
                "Kenya's NAP process 09:45-11:15"
            ]
        );
        // Move the opening to the end, by keyboard-style one-step moves, with shift.
        f.store
            .move_agenda_session(&opening, &day1, 2, true)
            .unwrap();
        assert_eq!(
            f.day(&day1),
            [
                "Coffee 09:00-09:15",
                "Kenya's NAP process 09:15-10:45",
                "Opening 10:45-11:15"
            ]
        );
    }

    #[test]
    fn a_session_moves_to_another_day_and_both_days_close_up() {
        let mut f = fixture(ExchangeFormat::InPerson);
        let (day1, day2) = (f.day1.clone(), f.day2.clone());
        f.session(&day1, "09:00", "10:00", "A");
        let b = f.session(&day1, "10:00", "11:00", "B");
        f.session(&day1, "11:00", "12:00", "C");
        f.session(&day2, "09:00", "10:30", "D");
        f.store.move_agenda_session(&b, &day2, 0, true).unwrap();
        assert_eq!(f.day(&day1), ["A 09:00-10:00", "C 10:00-11:00"]);
        assert_eq!(f.day(&day2), ["B 09:00-10:00", "D 10:00-11:30"]);
        assert_eq!(f.get(&b).day_id, day2);
    }

    #[test]
    fn a_longer_session_pushes_the_rest_of_the_day_when_asked_and_never_past_midnight() {
        let mut f = fixture(ExchangeFormat::InPerson);
        let day1 = f.day1.clone();
        let first = f.session(&day1, "09:00", "10:00", "First");
        f.session(&day1, "10:00", "11:00", "Second");
        f.session(&day1, "11:15", "12:00", "Third");
        let mut longer = f.get(&first);
        longer.end_time = "10:30".into();
        f.store
            .save_agenda_session(Some(&first), longer.clone(), true)
            .unwrap();
        assert_eq!(
            f.day(&day1),
            [
                "First 09:00-10:30",
                "Second 10:30-11:30",
                "Third 11:45-12:30"
            ]
        );
        // Without the shift, only the session changes (and now overlaps).
        longer.end_time = "11:00".into();
        let saved = f
            .store
            .save_agenda_session(Some(&first), longer.clone(), false)
            .unwrap();
        assert_eq!(
            f.day(&day1),
            [
                "First 09:00-11:00",
                "Second 10:30-11:30",
                "Third 11:45-12:30"
            ]
        );
        assert!(
            saved.warnings.is_empty(),
            "the overlap is reported on the later session"
        );
        let view = agenda::view(&f.store, &f.exchange).unwrap();
        assert_eq!(
            view.warnings.iter().map(|w| w.code).collect::<Vec<_>>(),
            ["sessions_overlap"]
        );
        // A shift that would push "Third" past midnight is refused and changes nothing.
        longer.end_time = "23:00".into();
        let err = f
            .store
            .save_agenda_session(Some(&first), longer, true)
            .unwrap_err();
        assert_eq!(
            fields(err),
            vec![("end_time".into(), "shift_past_midnight")]
        );
        assert_eq!(
            f.day(&day1),
            [
                "First 09:00-11:00",
                "Second 10:30-11:30",
                "Third 11:45-12:30"
            ]
        );
    }

    #[test]
    fn a_duplicate_follows_its_original() {
        let mut f = fixture(ExchangeFormat::InPerson);
        let day1 = f.day1.clone();
        let a = f.session(&day1, "09:00", "10:00", "Working group");
        f.session(&day1, "14:00", "15:00", "Closing");
        let copy = f.store.duplicate_agenda_session(&a).unwrap();
        assert_eq!(
            f.day(&day1),
            [
                "Working group 09:00-10:00",
                "Working group 10:00-11:00",
                "Closing 14:00-15:00"
            ]
        );
        assert_ne!(copy.id, a);
    }

    #[test]
    fn warnings_name_what_is_wrong() {
        let mut f = fixture(ExchangeFormat::InPerson);
        let (day1, exchange) = (f.day1.clone(), f.exchange.clone());
        // A third day outside the exchange's dates, and a 10.5-hour day.
        let outside = f
            .store
            .save_agenda_day(
                None,
                AgendaDayData {
                    exchange_id: exchange.clone(),
                    day_date: Some(d("2026-03-14")),
                    title: "Extra".into(),
                },
            )
            .unwrap();
        assert_eq!(outside.warnings.len(), 1);
        assert!(
            outside.warnings[0].message.contains("14 March 2026"),
            "{:?}",
            outside.warnings
        );
        f.session(&day1, "08:00", "12:00", "Morning");
        f.session(&day1, "13:00", "18:30", "Afternoon");
        // A presenter who is a person but not a participant.
        let stranger = f
            .store
            .save_person(
                None,
                PersonData {
                    name: "Guest Speaker".into(),
                    ..Default::default()
                },
            )
            .unwrap()
            .record
            .id;
        let data = AgendaSessionData {
            exchange_id: exchange.clone(),
            day_id: f.day2.clone(),
            start_time: "09:00".into(),
            end_time: "10:00".into(),
            title: "Keynote".into(),
            presenter_ids: vec![f.amina.clone(), stranger],
            ..Default::default()
        };
        let saved = f.store.save_agenda_session(None, data, false).unwrap();
        assert_eq!(saved.warnings.len(), 1);
        assert!(saved.warnings[0]
            .message
            .starts_with("Guest Speaker presents \"Keynote\""));
        let view = agenda::view(&f.store, &exchange).unwrap();
        let mut codes: Vec<_> = view.warnings.iter().map(|w| w.code).collect();
        codes.sort();
        assert_eq!(
            codes,
            [
                "day_outside_exchange",
                "long_day",
                "presenter_not_participant"
            ]
        );
        assert_eq!(view.days[0].span_minutes, 630);
        assert_eq!(
            view.days[1].sessions[0].presenter_names,
            ["Amina Odhiambo", "Guest Speaker"]
        );
        // A day with the same date is refused.
        let err = f
            .store
            .save_agenda_day(
                None,
                AgendaDayData {
                    exchange_id: exchange,
                    day_date: Some(d("2026-03-10")),
                    title: String::new(),
                },
            )
            .unwrap_err();
        assert_eq!(fields(err), vec![("day_date".into(), "duplicate_day")]);
    }

    #[test]
    fn the_balance_counts_who_leads_and_flags_a_one_sided_agenda() {
        let mut f = fixture(ExchangeFormat::InPerson);
        let (day1, kenya, ghana) = (f.day1.clone(), f.kenya.clone(), f.ghana.clone());
        let lead = |f: &mut Fixture, start: &str, end: &str, who: Option<&str>, kind| {
            let data = AgendaSessionData {
                exchange_id: f.exchange.clone(),
                day_id: day1.clone(),
                start_time: start.into(),
                end_time: end.into(),
                title: format!("Session at {start}"),
                kind,
                lead_member_id: who.map(String::from),
                ..Default::default()
            };
            f.store.save_agenda_session(None, data, false).unwrap();
        };
        lead(
            &mut f,
            "09:00",
            "10:00",
            Some(&kenya),
            SessionKind::Presentation,
        );
        lead(&mut f, "10:00", "11:30", Some(&kenya), SessionKind::Panel);
        lead(&mut f, "11:30", "12:00", None, SessionKind::Break);
        lead(
            &mut f,
            "12:00",
            "13:00",
            Some(&kenya),
            SessionKind::Discussion,
        );
        lead(&mut f, "13:00", "13:30", Some(&kenya), SessionKind::Closing);
        let view = agenda::view(&f.store, &f.exchange).unwrap();
        // Four sessions count (the break does not), 240 minutes, all Kenya's.
        assert_eq!((view.balance.sessions, view.balance.minutes), (4, 240));
        let ke = &view.balance.rows[0];
        assert_eq!((ke.sessions, ke.minutes, ke.session_share), (4, 240, 100));
        assert_eq!(view.balance.rows[1].sessions, 0);
        let one_sided: Vec<_> = view
            .warnings
            .iter()
            .filter(|w| w.code == "one_sided_agenda")
            .collect();
        assert_eq!(one_sided.len(), 1);
        assert!(one_sided[0]
            .message
            .starts_with("Kenya (KE) leads 4 of 4 sessions (100%)"));
        // Ghana leads two sessions: 4 of 6 is 67%, under the 80% threshold.
        lead(
            &mut f,
            "14:00",
            "15:00",
            Some(&ghana),
            SessionKind::Presentation,
        );
        lead(
            &mut f,
            "15:00",
            "15:30",
            Some(&ghana),
            SessionKind::SiteVisit,
        );
        let view = agenda::view(&f.store, &f.exchange).unwrap();
        let shares: Vec<_> = view
            .balance
            .rows
            .iter()
            .map(|r| (r.session_share, r.minute_share))
            .collect();
        assert_eq!(shares, [(67, 73), (33, 27)]);
        assert!(view.warnings.is_empty(), "{:?}", view.warnings);
        // The partnership's mutuality signal reads the same sessions.
        let partnership = view.partnership_id.clone();
        let signals =
            crate::signals::partnership_signals(&f.store, &partnership, d("2026-03-20")).unwrap();
        let led: Vec<_> = signals
            .mutuality
            .sessions_led
            .iter()
            .map(|s| s.count)
            .collect();
        assert_eq!(led, [4, 2]);
    }

    #[test]
    fn a_virtual_session_shows_every_members_local_time() {
        let mut f = fixture(ExchangeFormat::Virtual);
        let day1 = f.day1.clone();
        f.session(&day1, "15:00", "16:30", "Peer review");
        let view = agenda::view(&f.store, &f.exchange).unwrap();
        assert!(view.show_local_times);
        let times: Vec<_> = view.days[0].sessions[0]
            .local_times
            .iter()
            .map(|t| format!("{} {}-{} {}", t.time_zone, t.start, t.end, t.day_offset))
            .collect();
        // Nairobi UTC+3, Accra UTC+0.
        assert_eq!(
            times,
            ["Africa/Nairobi 15:00-16:30 0", "Africa/Accra 12:00-13:30 0"]
        );
    }

    #[test]
    fn a_template_carries_the_shape_of_an_agenda_to_another_exchange() {
        let mut f = fixture(ExchangeFormat::InPerson);
        let (day1, day2, kenya) = (f.day1.clone(), f.day2.clone(), f.kenya.clone());
        let opening = f.session(&day1, "09:00", "09:30", "Opening");
        let mut led = f.get(&opening);
        led.lead_member_id = Some(kenya);
        led.presenter_ids = vec![f.kofi.clone()];
        f.store
            .save_agenda_session(Some(&opening), led, false)
            .unwrap();
        f.session(&day2, "10:00", "12:00", "Site visit");
        let template = f
            .store
            .save_agenda_as_template(&f.exchange.clone(), "Two-day study visit", "")
            .unwrap();
        assert_eq!(template.data.days.len(), 2);
        // Applying it to a non-empty agenda is refused.
        let err = f
            .store
            .apply_agenda_template(&template.id, &f.exchange.clone(), None)
            .unwrap_err();
        assert_eq!(
            fields(err),
            vec![("template_id".into(), "agenda_not_empty")]
        );
        // A second exchange of the partnership starts from it on its own dates.
        let partnership = records::get::<ExchangeData>(f.store.conn(), &f.exchange)
            .unwrap()
            .data
            .partnership_id;
        let second = f
            .store
            .save_exchange(
                None,
                ExchangeData {
                    partnership_id: partnership,
                    title: "Return visit".into(),
                    format: ExchangeFormat::Virtual,
                    start_date: Some(d("2026-09-01")),
                    end_date: Some(d("2026-09-02")),
                    ..Default::default()
                },
            )
            .unwrap()
            .record
            .id;
        let count = f
            .store
            .apply_agenda_template(&template.id, &second, None)
            .unwrap();
        assert_eq!(count, 2);
        let view = agenda::view(&f.store, &second).unwrap();
        let days: Vec<_> = view
            .days
            .iter()
            .map(|d| {
                let s = &d.sessions[0].session.data;
                (
                    d.day.data.day_date.unwrap().to_string(),
                    s.title.clone(),
                    s.lead_member_id.clone(),
                    s.presenter_ids.len(),
                )
            })
            .collect();
        assert_eq!(
            days,
            [
                ("2026-09-01".to_string(), "Opening".to_string(), None, 0),
                ("2026-09-02".to_string(), "Site visit".to_string(), None, 0)
            ]
        );
    }

    #[test]
    fn deleting_an_exchange_member_or_person_leaves_no_dangling_agenda() {
        let mut f = fixture(ExchangeFormat::InPerson);
        let (day1, kenya, amina) = (f.day1.clone(), f.kenya.clone(), f.amina.clone());
        let s = f.session(&day1, "09:00", "10:00", "Opening");
        let mut data = f.get(&s);
        data.lead_member_id = Some(kenya.clone());
        data.presenter_ids = vec![amina.clone(), f.kofi.clone()];
        f.store.save_agenda_session(Some(&s), data, false).unwrap();
        f.store.delete_person(&amina).unwrap();
        assert_eq!(f.get(&s).presenter_ids, [f.kofi.clone()]);
        // The member hosts the exchange, so first make the exchange virtual.
        let mut e = records::get::<ExchangeData>(f.store.conn(), &f.exchange)
            .unwrap()
            .data;
        e.format = ExchangeFormat::Virtual;
        e.host_member_id = None;
        f.store.save_exchange(Some(&f.exchange.clone()), e).unwrap();
        let participants: Vec<String> = f
            .store
            .conn()
            .prepare("SELECT id FROM participants WHERE member_id = ?1")
            .unwrap()
            .query_map([&kenya], |r| r.get(0))
            .unwrap()
            .collect::<rusqlite::Result<_>>()
            .unwrap();
        for p in participants {
            f.store.delete_participant(&p).unwrap();
        }
        f.store.delete_member(&kenya).unwrap();
        assert_eq!(f.get(&s).lead_member_id, None);
        f.store.delete_exchange(&f.exchange.clone()).unwrap();
        let live: i64 = f
            .store
            .conn()
            .query_row(
                "SELECT (SELECT count(*) FROM agenda_days WHERE deleted_at IS NULL)
                      + (SELECT count(*) FROM agenda_sessions WHERE deleted_at IS NULL)",
                [],
                |r| r.get(0),
            )
            .unwrap();
        assert_eq!(live, 0);
    }

    #[test]
    fn a_session_led_jointly_counts_for_each_lead_and_shares_its_time() {
        let mut f = fixture(ExchangeFormat::InPerson);
        let (day1, kenya, ghana) = (f.day1.clone(), f.kenya.clone(), f.ghana.clone());
        let joint = f.session(&day1, "09:00", "10:31", "Joint review");
        let alone = f.session(&day1, "10:31", "11:00", "Kenya's case");
        // Typed in any order, with the lead repeated and a blank: stored once each, the
        // first one the lead.
        let mut data = f.get(&joint);
        data.lead_member_id = None;
        data.co_lead_member_ids = vec![ghana.clone(), String::new(), kenya.clone(), ghana.clone()];
        f.store
            .save_agenda_session(Some(&joint), data, false)
            .unwrap();
        let stored = f.get(&joint);
        assert_eq!(stored.lead_member_id.as_deref(), Some(ghana.as_str()));
        assert_eq!(stored.co_lead_member_ids, std::slice::from_ref(&kenya));
        let mut data = f.get(&alone);
        data.lead_member_id = Some(kenya.clone());
        f.store
            .save_agenda_session(Some(&alone), data, false)
            .unwrap();

        // Who leads: each lead has the joint session; its 91 minutes are shared 46 + 45.
        let view = agenda::view(&f.store, &f.exchange).unwrap();
        let row = |id: &str| {
            let r = view
                .balance
                .rows
                .iter()
                .find(|r| r.member_id.as_deref() == Some(id))
                .unwrap();
            (r.sessions, r.minutes)
        };
        assert_eq!(row(&ghana), (1, 46));
        assert_eq!(row(&kenya), (2, 45 + 29));
        assert_eq!(view.balance.minutes, 91 + 29);
        assert!(view.days[0].sessions[0]
            .lead_label
            .as_deref()
            .is_some_and(|l| l.contains(" & ")));

        // A co-lead who is not a member is refused, naming the field.
        let mut data = f.get(&alone);
        data.co_lead_member_ids = vec!["not-a-member".into()];
        let err = f
            .store
            .save_agenda_session(Some(&alone), data, false)
            .unwrap_err();
        assert_eq!(
            fields(err),
            vec![("co_lead_member_ids".into(), "not_a_member")]
        );

        // A co-lead member removed from the partnership leaves the session led by the rest.
        let stored = f.get(&joint);
        assert_eq!(stored.leads(), [ghana.as_str(), kenya.as_str()]);
        f.store
            .conn()
            .execute("DELETE FROM participants WHERE member_id = ?1", [&ghana])
            .unwrap();
        f.store.delete_member(&ghana).unwrap();
        let after = f.get(&joint);
        assert_eq!(after.leads(), [kenya.as_str()], "the co-lead now leads");
    }
}
