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
    /// IANA name of the venue's time zone ("Africa/Nairobi"); every session time is in it.
    pub time_zone: String,
    pub objectives: String,
    pub days: Vec<AgendaDocDay>,
    /// The participant list by delegation, when the agenda asks for it; `None` otherwise.
    pub delegations: Option<Vec<AgendaDocDelegation>>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AgendaDocDay {
    pub date: NaiveDate,
    /// The officer's title for the day ("Context and policy frameworks"); may be empty.
    pub title: String,
    pub sessions: Vec<AgendaDocSession>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AgendaDocSession {
    pub id: String,
    /// Local times at the venue.
    pub start: NaiveTime,
    pub end: NaiveTime,
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
            .map(|(i, d)| format!("{} · {}", l::day(lang, i + 1), l::long_date(lang, d.date)))
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
    };
    PrintableAgenda { doc, labels }
}
