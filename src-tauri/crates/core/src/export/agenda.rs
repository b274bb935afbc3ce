//! An exchange's agenda as a printable document: `AgendaDoc` holds everything the PDF, HTML,
//! DOCX and ICS writers need, already resolved to names (members, presenters) and ordered
//! (days by date, sessions by position). The writers never touch the store; `load` (in
//! `crate::agenda`) builds the document from it, and tests build one by hand.

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
