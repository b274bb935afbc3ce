//! The example portfolio (`peerplan demo`, Settings → Load example data), built from the
//! situations in the seed documents: a 1:1 NAP peer-learning partnership with an in-person
//! study visit and a virtual follow-up, a three-member city-to-city pairing on green public
//! spaces, a 48-person regional learning alliance on fiscal reform, and a twinning between a
//! resource-rich and a resource-poor country. Countries and cities are real; every person is
//! invented.
//!
//! Each partnership also has its follow-up (issue 7): a plan of actions, a contact log,
//! answers to the stage-C reflection questions and a learning log with successes and
//! failures. The dates are chosen so that on 23 Nov 2026 and every later day the NAP
//! partnership is going quiet (and has an overdue action) and the Ireland–Liberia twinning
//! is one-sided; see the comments beside each.

use chrono::NaiveDate;
use serde::Serialize;

use crate::model::*;
use crate::store::{Store, Writer};
use crate::validate;
use crate::{Error, Result};

#[derive(Debug, Clone, Copy, Default, Serialize, PartialEq, Eq)]
pub struct DemoCounts {
    pub partnerships: usize,
    pub exchanges: usize,
    pub people: usize,
}

pub(super) fn date(y: i32, m: u32, d: u32) -> Option<NaiveDate> {
    NaiveDate::from_ymd_opt(y, m, d)
}

/// Loads the example portfolio in one transaction (all of it or none of it).
pub fn load(store: &mut Store) -> Result<DemoCounts> {
    store.write(|w| {
        let mut demo = Demo {
            w,
            counts: DemoCounts::default(),
        };
        demo.nap_peer_learning()?;
        demo.city_to_city()?;
        demo.learning_alliance()?;
        demo.twinning()?;
        demo.interest_expressed()?;
        demo.costs()?;
        Ok(demo.counts)
    })
}

/// A demo session: (start, end, kind, title, lead, presenters, room, description).
pub(super) type S<'a> = (
    &'a str,
    &'a str,
    SessionKind,
    &'a str,
    Option<&'a str>,
    Vec<&'a str>,
    &'a str,
    &'a str,
);

/// The people of the NAP partnership who appear in its agendas.
pub(super) struct NapPeople<'a> {
    ama: &'a str,
    kofi: &'a str,
    efua: &'a str,
    yaw: &'a str,
    wanjiru: &'a str,
    otieno: &'a str,
    achieng: &'a str,
    mutua: &'a str,
    njeri: &'a str,
    okafor: &'a str,
}

pub(super) struct Demo<'w, 'a> {
    w: &'w mut Writer<'a>,
    counts: DemoCounts,
}

/// Fails loudly if the example data ever breaks a rule: the demo must pass `peerplan check`.
pub(super) fn ensure_valid(report: validate::Report) -> Result<()> {
    if report.has_errors() {
        return Err(Error::Invalid(report));
    }
    Ok(())
}

/// A record of the example portfolio raises no warning of its own: `peerplan check` on it
/// reports only the norm warnings of its exchanges. (Rules are applied by the saves
/// themselves: the example goes through the same write operations as the app.)
pub(super) fn ensure_saved(warnings: Vec<validate::Issue>) -> Result<()> {
    if warnings.is_empty() {
        Ok(())
    } else {
        Err(Error::Invalid(validate::Report { issues: warnings }))
    }
}

/// A follow-up action of the example portfolio and what it is checked against.
pub(super) struct Action<'a> {
    partnership: &'a str,
    member_ids: &'a [String],
    start: Option<NaiveDate>,
    exchange: Option<&'a str>,
    answer: Option<&'a str>,
    what: &'a str,
    owner: Option<&'a str>,
    person: Option<&'a str>,
    due: Option<NaiveDate>,
    channel: ContactChannel,
    status: ActionStatus,
    closed: Option<NaiveDate>,
    outcome: &'a str,
}

mod city_to_city;
mod costs;
mod interest;
mod learning_alliance;
mod nap;
mod twinning;

impl Demo<'_, '_> {
    pub(super) fn partnership(
        &mut self,
        data: PartnershipData,
        history: &[(PartnershipStatus, NaiveDate)],
    ) -> Result<String> {
        ensure_valid(validate::partnership(&data))?;
        let id = self.w.insert_new(&data)?.id;
        for (status, on) in history {
            self.w.insert_new(&StatusChangeData {
                partnership_id: id.clone(),
                status: *status,
                changed_on: *on,
                note: String::new(),
            })?;
        }
        self.counts.partnerships += 1;
        Ok(id)
    }

    pub(super) fn member(
        &mut self,
        partnership: &str,
        country: &str,
        level: MemberLevel,
        name: &str,
        role: &str,
        focal: Option<&str>,
    ) -> Result<String> {
        let data = MemberData {
            partnership_id: partnership.into(),
            country_code: country.into(),
            level,
            name: name.into(),
            focal_point_id: focal.map(String::from),
            role: role.into(),
            time_zone: String::new(),
        };
        Ok(self.w.save_member(None, data)?.id)
    }

    pub(super) fn goal(&mut self, partnership: &str, text: &str, by: Option<&str>) -> Result<()> {
        let data = GoalData {
            partnership_id: partnership.into(),
            text: text.into(),
            proposed_by_member_id: by.map(String::from),
        };
        ensure_saved(self.w.save_goal(None, data)?.warnings)
    }

    pub(super) fn person(
        &mut self,
        name: &str,
        organisation: &str,
        position: &str,
        country: &str,
        email: &str,
    ) -> Result<String> {
        let data = PersonData {
            name: name.into(),
            organisation: organisation.into(),
            position: position.into(),
            country_code: Some(country.into()),
            email: email.into(),
            ..Default::default()
        };
        self.counts.people += 1;
        let saved = self.w.save_person(None, data)?;
        ensure_saved(saved.warnings)?;
        Ok(saved.record.id)
    }

    pub(super) fn exchange(&mut self, data: ExchangeData, _members: &[String]) -> Result<String> {
        self.counts.exchanges += 1;
        Ok(self.w.save_exchange(None, data)?.id)
    }

    pub(super) fn participant(
        &mut self,
        exchange: &str,
        person: &str,
        member: Option<&str>,
        role: ParticipantRole,
        attendance: Attendance,
    ) -> Result<()> {
        self.w.save_participant(
            None,
            ParticipantData {
                exchange_id: exchange.into(),
                person_id: person.into(),
                member_id: member.map(String::from),
                role,
                attendance,
            },
            None,
        )?;
        Ok(())
    }

    pub(super) fn agenda_day(
        &mut self,
        exchange: &str,
        on: Option<NaiveDate>,
        title: &str,
    ) -> Result<String> {
        Ok(self
            .w
            .save_agenda_day(
                None,
                AgendaDayData {
                    exchange_id: exchange.into(),
                    day_date: on,
                    title: title.into(),
                },
            )?
            .id)
    }

    /// Appends sessions to a day, in order; `S` rows are (start, end, kind, title, lead,
    /// presenters, room, description).
    pub(super) fn sessions(
        &mut self,
        exchange: &str,
        day: &str,
        link: &str,
        rows: &[S<'_>],
    ) -> Result<()> {
        for (position, (start, end, kind, title, lead, presenters, room, description)) in
            rows.iter().enumerate()
        {
            let data = AgendaSessionData {
                exchange_id: exchange.into(),
                day_id: day.into(),
                position: position as i64,
                start_time: (*start).into(),
                end_time: (*end).into(),
                title: (*title).into(),
                kind: *kind,
                description: (*description).into(),
                lead_member_id: lead.map(String::from),
                co_lead_member_ids: Vec::new(),
                presenter_ids: presenters.iter().map(|p| p.to_string()).collect(),
                location: (*room).into(),
                link: if kind.is_pause() {
                    String::new()
                } else {
                    link.into()
                },
            };
            self.w.save_agenda_session(None, data, false)?;
        }
        Ok(())
    }

    pub(super) fn action(&mut self, a: Action<'_>) -> Result<()> {
        let data = FollowUpActionData {
            partnership_id: a.partnership.into(),
            exchange_id: a.exchange.map(String::from),
            reflection_answer_id: a.answer.map(String::from),
            what: a.what.into(),
            owner_member_id: a.owner.map(String::from),
            owner_person_id: a.person.map(String::from),
            due_date: a.due,
            channel: a.channel,
            status: a.status,
            closed_on: a.closed,
            outcome: a.outcome.into(),
        };
        let _ = (a.member_ids, a.start);
        ensure_saved(self.w.save_follow_up_action(None, data)?.warnings)
    }

    pub(super) fn contact(&mut self, _members: &[String], data: ContactData) -> Result<()> {
        ensure_saved(self.w.save_contact(None, data)?.warnings)
    }

    pub(super) fn answer(&mut self, data: ReflectionAnswerData) -> Result<String> {
        let saved = self.w.save_reflection_answer(None, data, Vec::new())?;
        ensure_saved(saved.warnings)?;
        Ok(saved.record.id)
    }

    pub(super) fn lesson(&mut self, _members: &[String], data: LearningEntryData) -> Result<()> {
        ensure_saved(self.w.save_learning_entry(None, data)?.warnings)
    }
}
