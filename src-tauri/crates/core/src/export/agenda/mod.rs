//! An exchange's agenda as a printable document: `AgendaDoc` holds everything the PDF, HTML,
//! DOCX and ICS writers need, already resolved to names (members, presenters) and ordered
//! (days by date, sessions by position). The writers never touch the store; `load` (in
//! `crate::agenda`) builds the document from it, and tests build one by hand.

pub mod labels;

use chrono::{NaiveDate, NaiveTime};
use serde::Serialize;

use crate::model::{AgendaLanguage, ExchangeFormat, SessionKind};

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AgendaDoc {
    /// The exchange's id: ICS event UIDs are derived from it and the session ids.
    pub exchange_id: String,
    /// Language of the printed labels ("Day 1", "Time", "Led by"…), chosen per agenda.
    pub language: AgendaLanguage,
    /// The exchange's title ("Foundational exchange in Nairobi").
    pub title: String,
    pub partnership_title: String,
    /// One line per member: "Kenya (KE)" or "Nairobi City County — Kenya (KE)".
    pub members: Vec<String>,
    pub format: ExchangeFormat,
    pub start_date: Option<NaiveDate>,
    pub end_date: Option<NaiveDate>,
    /// "Kenya School of Government, Nairobi, Kenya"; empty for a virtual exchange.
    pub venue: String,
    /// IANA name of the venue's time zone ("Africa/Nairobi"); every session's `start` and
    /// `end` are in it.
    pub time_zone: String,
    /// The time columns a printed agenda has: the venue's zone first, then every other zone a
    /// member sits in (a virtual or hybrid exchange, or remote members of an in-person one),
    /// each named by its place. One column when everyone shares the venue's zone.
    pub zones: Vec<AgendaDocZone>,
    pub objectives: String,
    pub days: Vec<AgendaDocDay>,
    /// The participant list by delegation, when the agenda asks for it; `None` otherwise.
    pub delegations: Option<Vec<AgendaDocDelegation>>,
}

/// One time column of a printed agenda.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AgendaDocZone {
    /// IANA name ("America/New_York").
    pub time_zone: String,
    /// Who or where these are the times of: the venue's city, or the members sitting in the
    /// zone ("Northern Virginia Regional Commission, City of Boston").
    pub place: String,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AgendaDocDay {
    pub date: NaiveDate,
    /// The officer's title for the day ("Context and policy frameworks"); may be empty.
    pub title: String,
    /// Each zone's abbreviation on this day ("CET", "EDT"), in the order of `AgendaDoc::zones`:
    /// a daylight-saving change between two days shows.
    pub zone_names: Vec<String>,
    pub sessions: Vec<AgendaDocSession>,
}

/// A session's times in one zone.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ZoneTimes {
    pub start: NaiveTime,
    pub end: NaiveTime,
    /// -1: the day before there, +1: the day after.
    pub day_offset: i64,
    /// As printed: "09:00–10:30", "23:00–00:30 (−1)".
    pub text: String,
}

impl AgendaDoc {
    /// The lines of the front page's "Time zone" entry: the venue's zone and that every time
    /// is local there, or, with several zones, each place's zone and that every session gives
    /// each place's times. Empty when the exchange has no zone.
    pub fn time_zone_lines(&self) -> Vec<String> {
        if self.zones.len() > 1 {
            let mut lines: Vec<String> = self
                .zones
                .iter()
                .map(|z| format!("{}: {}", z.place, z.time_zone))
                .collect();
            lines.push(labels::times_per_place(self.language).to_string());
            lines
        } else if self.time_zone.is_empty() {
            Vec::new()
        } else {
            vec![format!(
                "{} — {}",
                self.time_zone,
                labels::local_times(self.language)
            )]
        }
    }

    /// "Barcelona (CET)": a time column's heading on `day`.
    pub fn zone_heading(&self, day: &AgendaDocDay, zone: usize) -> String {
        let place = self.zones.get(zone).map_or("", |z| z.place.as_str());
        match day.zone_names.get(zone).filter(|n| !n.is_empty()) {
            Some(name) => format!("{place} ({name})"),
            None => place.to_string(),
        }
    }
}

impl ZoneTimes {
    /// A session from `start` to `end` there, `day_offset` days from the venue's date; its
    /// `text` is "09:00–10:30", with "(+1)" or "(−1)" when it falls on another day there.
    pub fn new(start: NaiveTime, end: NaiveTime, day_offset: i64) -> ZoneTimes {
        let range = format!("{}–{}", start.format("%H:%M"), end.format("%H:%M"));
        let text = match day_offset {
            0 => range,
            n if n > 0 => format!("{range} (+{n})"),
            n => format!("{range} (−{})", -n),
        };
        ZoneTimes {
            start,
            end,
            day_offset,
            text,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AgendaDocSession {
    pub id: String,
    /// Local times at the venue.
    pub start: NaiveTime,
    pub end: NaiveTime,
    /// The session's times in each zone of `AgendaDoc::zones` (the venue's first).
    pub times: Vec<ZoneTimes>,
    pub title: String,
    pub kind: SessionKind,
    /// Description or guiding questions; may hold several lines.
    pub description: String,
    /// The leading member's label; `None` for breaks, meals and sessions led by the broker.
    pub lead: Option<String>,
    /// Presenters and facilitators: "Amina Odhiambo (Kenya)".
    pub presenters: Vec<String>,
    /// Room or place ("Plenary hall", "Karura Forest site office").
    pub location: String,
    /// Video-call link of a virtual or hybrid session.
    pub link: String,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AgendaDocDelegation {
    /// The member's label; empty for the people who belong to no member (facilitators,
    /// resource persons, the broker's staff), whom the writers title in the agenda's language.
    pub member: String,
    pub people: Vec<AgendaDocPerson>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AgendaDocPerson {
    pub name: String,
    /// "Director of Climate Change, Ministry of Environment" (position, organisation).
    pub position: String,
    pub role: String,
}

/// The agenda as the desktop app prints it: the document and every label and date already
/// worded in the agenda's language, so the printed page says what the PDF and Word files say.
#[derive(Debug, Clone, Serialize)]
pub struct PrintableAgenda {
    pub doc: AgendaDoc,
    pub labels: PrintLabels,
}

#[derive(Debug, Clone, Serialize)]
pub struct PrintLabels {
    pub agenda: &'static str,
    pub partnership: &'static str,
    pub members: &'static str,
    pub dates: &'static str,
    /// The exchange's dates, worded ("16–18 juin 2026").
    pub date_range: String,
    pub venue: &'static str,
    /// The format, printed in place of a venue for a virtual exchange ("Virtuel").
    pub format: &'static str,
    pub time_zone: &'static str,
    pub objectives: &'static str,
    /// One heading per day: "Day 1 · Tuesday 16 June 2026".
    pub day_headings: Vec<String>,
    pub time: &'static str,
    pub session: &'static str,
    pub led_by: &'static str,
    pub presenters: &'static str,
    pub room: &'static str,
    pub link: &'static str,
    pub participants: &'static str,
    /// The heading of the people who belong to no member.
    pub no_member: &'static str,
    /// Session kinds by their stored name ("site_visit" → "Visite de terrain").
    pub kinds: std::collections::BTreeMap<&'static str, &'static str>,
    /// The lines of the "Time zone" entry (`AgendaDoc::time_zone_lines`).
    pub time_zone_lines: Vec<String>,
    /// Per day, the time columns' headings ("Barcelona (CET)"); empty when the agenda has a
    /// single zone and one "Time" column.
    pub zone_headings: Vec<Vec<String>>,
}

pub fn printable(doc: AgendaDoc) -> PrintableAgenda {
    use labels as l;
    let lang = doc.language;
    let labels = PrintLabels {
        agenda: l::agenda(lang),
        partnership: l::partnership(lang),
        members: l::members(lang),
        dates: l::dates(lang),
        date_range: l::date_range(lang, doc.start_date, doc.end_date),
        venue: l::venue(lang),
        format: l::exchange_format(lang, doc.format),
        time_zone: l::time_zone(lang),
        objectives: l::objectives(lang),
        day_headings: doc
            .days
            .iter()
            .enumerate()
            .map(|(i, d)| {
                format!(
                    "{} · {}",
                    l::day(lang, i + 1),
                    l::long_date_heading(lang, d.date)
                )
            })
            .collect(),
        time: l::time(lang),
        session: l::session(lang),
        led_by: l::led_by(lang),
        presenters: l::presenters(lang),
        room: l::room(lang),
        link: l::link(lang),
        participants: l::participants(lang),
        no_member: l::facilitation(lang),
        kinds: SessionKind::ALL
            .iter()
            .map(|k| (k.as_str(), l::session_kind(lang, *k)))
            .collect(),
        time_zone_lines: doc.time_zone_lines(),
        zone_headings: doc
            .days
            .iter()
            .map(|d| {
                if doc.zones.len() > 1 {
                    (0..doc.zones.len())
                        .map(|z| doc.zone_heading(d, z))
                        .collect()
                } else {
                    Vec::new()
                }
            })
            .collect(),
    };
    PrintableAgenda { doc, labels }
}
