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

fn date(y: i32, m: u32, d: u32) -> Option<NaiveDate> {
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
type S<'a> = (
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
struct NapPeople<'a> {
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

struct Demo<'w, 'a> {
    w: &'w mut Writer<'a>,
    counts: DemoCounts,
}

/// Fails loudly if the example data ever breaks a rule: the demo must pass `peerplan check`.
fn ensure_valid(report: validate::Report) -> Result<()> {
    if report.has_errors() {
        return Err(Error::Invalid(report));
    }
    Ok(())
}

/// A record of the example portfolio raises no warning of its own: `peerplan check` on it
/// reports only the norm warnings of its exchanges. (Rules are applied by the saves
/// themselves: the example goes through the same write operations as the app.)
fn ensure_saved(warnings: Vec<validate::Issue>) -> Result<()> {
    if warnings.is_empty() {
        Ok(())
    } else {
        Err(Error::Invalid(validate::Report { issues: warnings }))
    }
}

/// A follow-up action of the example portfolio and what it is checked against.
struct Action<'a> {
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

impl Demo<'_, '_> {
    fn partnership(
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

    fn member(
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

    fn goal(&mut self, partnership: &str, text: &str, by: Option<&str>) -> Result<()> {
        let data = GoalData {
            partnership_id: partnership.into(),
            text: text.into(),
            proposed_by_member_id: by.map(String::from),
        };
        ensure_saved(self.w.save_goal(None, data)?.warnings)
    }

    fn person(
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

    fn exchange(&mut self, data: ExchangeData, _members: &[String]) -> Result<String> {
        self.counts.exchanges += 1;
        Ok(self.w.save_exchange(None, data)?.id)
    }

    fn participant(
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

    fn agenda_day(&mut self, exchange: &str, on: Option<NaiveDate>, title: &str) -> Result<String> {
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
    fn sessions(&mut self, exchange: &str, day: &str, link: &str, rows: &[S<'_>]) -> Result<()> {
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

    /// The study visit in Accra (three days, in person, a site visit; each member leads) and
    /// the virtual follow-up across Accra (UTC) and Nairobi (UTC+3).
    fn nap_agendas(
        &mut self,
        visit: &str,
        follow_up: &str,
        gh: &str,
        ke: &str,
        p: &NapPeople<'_>,
    ) -> Result<()> {
        use SessionKind::*;
        let day1 = self.agenda_day(visit, date(2026, 6, 16), "How Ghana tracks adaptation")?;
        self.sessions(visit, &day1, "", &[
            ("08:30", "09:00", Other, "Arrival and registration", None, vec![], "Conference Room B foyer", ""),
            ("09:00", "09:45", Opening, "Welcome and objectives of the visit", Some(gh), vec![p.ama, p.okafor], "Conference Room B", "Introductions; what each delegation hopes to take home; practical arrangements."),
            ("09:45", "11:00", Presentation, "Ghana's NAP indicator framework", Some(gh), vec![p.ama, p.yaw], "Conference Room B", "How were the 24 indicators chosen?\nWho reports which indicator, and how often?"),
            ("11:00", "11:20", Break, "Coffee break", None, vec![], "Foyer", ""),
            ("11:20", "12:30", Presentation, "Kenya's county climate finance and what it needs to measure", Some(ke), vec![p.wanjiru, p.otieno], "Conference Room B", "Kenya frames its questions for the visit: which results must the County Climate Change Funds report?"),
            ("12:30", "13:30", Meal, "Lunch", None, vec![], "EPA canteen", ""),
            ("13:30", "15:00", Discussion, "Data verification across sector ministries", Some(gh), vec![p.efua, p.kofi], "Conference Room B", "How does the EPA check what ministries report? What went wrong in the 2025 report, and what changed?"),
            ("15:00", "16:30", WorkingGroup, "Mapping Kenya's data sources to Ghana's indicators", Some(ke), vec![p.achieng, p.mutua], "Breakout rooms 1 and 2", "Two mixed groups: climate services data; county field data."),
            ("16:30", "17:00", Discussion, "Reflections of the day", None, vec![p.okafor], "Conference Room B", ""),
        ])?;
        let day2 = self.agenda_day(visit, date(2026, 6, 17), "In the field")?;
        self.sessions(visit, &day2, "", &[
            ("07:30", "09:30", Other, "Travel to Winneba", None, vec![], "Bus from the EPA Head Office", ""),
            ("09:30", "12:30", SiteVisit, "Site visit: Central Region coastal monitoring station", Some(gh), vec![p.efua], "Winneba", "See an indicator collected in the field, from the tide gauge to the district report."),
            ("12:30", "13:30", Meal, "Lunch with the District Assembly", None, vec![], "Winneba", ""),
            ("13:30", "15:00", Discussion, "District planners: reporting adaptation results upwards", Some(gh), vec![p.kofi], "District Assembly hall", ""),
            ("15:00", "17:00", Other, "Return to Accra", None, vec![], "", ""),
        ])?;
        let day3 = self.agenda_day(visit, date(2026, 6, 18), "Agreeing the pilot")?;
        self.sessions(visit, &day3, "", &[
            ("09:00", "10:30", Presentation, "Makueni County: what a county can report", Some(ke), vec![p.mutua, p.njeri], "Conference Room B", "Makueni shows its field data form and the gaps it found."),
            ("10:30", "10:45", Break, "Coffee break", None, vec![], "Foyer", ""),
            ("10:45", "12:15", WorkingGroup, "Choosing the indicators Kenya will pilot", Some(ke), vec![p.wanjiru, p.yaw], "Conference Room B", "Which five indicators? Who collects them? What would make the pilot a success?"),
            ("12:15", "13:00", Closing, "Next steps and the follow-up plan", None, vec![p.okafor], "Conference Room B", "Agree the virtual follow-up exchange, owners and dates."),
        ])?;
        let link = "https://meet.example.org/nap-peer-learning";
        let online = self.agenda_day(follow_up, date(2027, 2, 10), "Pilot results")?;
        self.sessions(
            follow_up,
            &online,
            link,
            &[
                (
                    "12:00",
                    "12:15",
                    Opening,
                    "Welcome and agenda",
                    None,
                    vec![p.okafor],
                    "",
                    "",
                ),
                (
                    "12:15",
                    "13:00",
                    Presentation,
                    "Kenya's first pilot results",
                    Some(ke),
                    vec![p.wanjiru, p.mutua],
                    "",
                    "Five indicators, three counties: what was collected, what was not, and why.",
                ),
                (
                    "13:00",
                    "13:40",
                    Presentation,
                    "How Ghana revised two indicators after 2025",
                    Some(gh),
                    vec![p.ama, p.efua],
                    "",
                    "",
                ),
                ("13:40", "13:50", Break, "Break", None, vec![], "", ""),
                (
                    "13:50",
                    "14:40",
                    Discussion,
                    "Peer review of Kenya's indicator sheets",
                    Some(gh),
                    vec![p.efua, p.otieno],
                    "",
                    "Ghana's team comments on each sheet; Kenya asks what it would change.",
                ),
                (
                    "14:40",
                    "15:00",
                    Closing,
                    "Agreements and the joint brief",
                    Some(ke),
                    vec![p.wanjiru],
                    "",
                    "",
                ),
            ],
        )?;
        Ok(())
    }

    fn action(&mut self, a: Action<'_>) -> Result<()> {
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

    fn contact(&mut self, _members: &[String], data: ContactData) -> Result<()> {
        ensure_saved(self.w.save_contact(None, data)?.warnings)
    }

    fn answer(&mut self, data: ReflectionAnswerData) -> Result<String> {
        let saved = self.w.save_reflection_answer(None, data, Vec::new())?;
        ensure_saved(saved.warnings)?;
        Ok(saved.record.id)
    }

    fn lesson(&mut self, _members: &[String], data: LearningEntryData) -> Result<()> {
        ensure_saved(self.w.save_learning_entry(None, data)?.warnings)
    }

    /// Seed 000: two countries on their NAP process, an in-person exchange hosted by one
    /// with a visiting delegation of five, then a virtual follow-up.
    fn nap_peer_learning(&mut self) -> Result<()> {
        use ParticipantRole::*;
        let p = self.partnership(
            PartnershipData {
                title: "Ghana–Kenya peer learning on NAP monitoring and evaluation".into(),
                kind: PartnershipKind::PeerLearning,
                topic: "Monitoring, evaluation and learning for National Adaptation Plans".into(),
                priorities: "Indicators that track adaptation results across sectors; linking NAP M&E to the national budget cycle.".into(),
                status: PartnershipStatus::Active,
                requested_by: "Kenya's NAP team (Climate Change Directorate)".into(),
                learning_interest: "How Ghana built a sector-wide indicator framework for its NAP and reports on it each year.".into(),
                start_date: date(2026, 2, 1),
                end_date: date(2027, 6, 30),
                officer: "Ines Moreau".into(),
                advisor: "Samuel Okafor".into(),
                notes: "Kenya asked for the match at the regional NAP Expo. Both teams want to co-author a short brief on their M&E systems.".into(),
                archived: false,
            },
            &[
                (PartnershipStatus::InterestExpressed, date(2025, 11, 12).unwrap_or_default()),
                (PartnershipStatus::PartnerIdentified, date(2026, 1, 20).unwrap_or_default()),
                (PartnershipStatus::Active, date(2026, 3, 1).unwrap_or_default()),
            ],
        )?;
        let ama = self.person(
            "Ama Owusu-Ansah",
            "Environmental Protection Agency, Ghana",
            "NAP coordinator",
            "GH",
            "ama.owusu@epa.example.gh",
        )?;
        let wanjiru = self.person(
            "Wanjiru Kamau",
            "Climate Change Directorate, Kenya",
            "Deputy director, adaptation",
            "KE",
            "w.kamau@climate.example.ke",
        )?;
        let gh = self.member(
            &p,
            "GH",
            MemberLevel::Country,
            "",
            "Host of the first exchange",
            Some(&ama),
        )?;
        let ke = self.member(
            &p,
            "KE",
            MemberLevel::Country,
            "",
            "Requesting country",
            Some(&wanjiru),
        )?;
        self.goal(
            &p,
            "Draft a shared set of adaptation indicators both NAP teams can report against",
            Some(&ke),
        )?;
        self.goal(
            &p,
            "Learn how Kenya ties county climate finance to NAP priorities",
            Some(&gh),
        )?;
        self.goal(
            &p,
            "Publish a joint two-page brief on lessons from both M&E systems",
            None,
        )?;
        let members = vec![gh.clone(), ke.clone()];

        let visit = self.exchange(
            ExchangeData {
                partnership_id: p.clone(),
                title: "Study visit: Ghana's NAP indicator framework".into(),
                format: ExchangeFormat::InPerson,
                host_member_id: Some(gh.clone()),
                venue: "EPA Head Office, Conference Room B".into(),
                city: "Accra".into(),
                country_code: Some("GH".into()),
                start_date: date(2026, 6, 16),
                end_date: date(2026, 6, 18),
                time_zone: "Africa/Accra".into(),
                objectives: "See how Ghana's sector ministries collect and report adaptation indicators; agree which indicators Kenya will pilot.".into(),
                status: ExchangeStatus::Held,
            },
            &members,
        )?;
        let kofi = self.person(
            "Kofi Mensah",
            "Ministry of Finance, Ghana",
            "Budget analyst",
            "GH",
            "k.mensah@mofep.example.gh",
        )?;
        let efua = self.person(
            "Efua Boateng",
            "Ministry of Food and Agriculture, Ghana",
            "M&E officer",
            "GH",
            "efua.boateng@mofa.example.gh",
        )?;
        let yaw = self.person(
            "Yaw Darko",
            "Ghana Statistical Service",
            "Statistician",
            "GH",
            "y.darko@statsghana.example.gh",
        )?;
        let otieno = self.person(
            "Brian Otieno",
            "National Treasury, Kenya",
            "Climate finance officer",
            "KE",
            "b.otieno@treasury.example.ke",
        )?;
        let achieng = self.person(
            "Grace Achieng",
            "Kenya Meteorological Department",
            "Climate services lead",
            "KE",
            "g.achieng@meteo.example.ke",
        )?;
        let mutua = self.person(
            "Peter Mutua",
            "Makueni County Government",
            "County climate change officer",
            "KE",
            "p.mutua@makueni.example.ke",
        )?;
        let njeri = self.person(
            "Lucy Njeri",
            "State Department for Planning, Kenya",
            "Economist",
            "KE",
            "l.njeri@planning.example.ke",
        )?;
        let okafor = self.person(
            "Samuel Okafor",
            "Peer learning network secretariat",
            "Technical policy advisor",
            "NG",
            "s.okafor@network.example.org",
        )?;
        for (person, member, role) in [
            (&ama, &gh, Host),
            (&kofi, &gh, Host),
            (&efua, &gh, Host),
            (&yaw, &gh, Host),
            (&wanjiru, &ke, VisitingDelegate),
            (&otieno, &ke, VisitingDelegate),
            (&achieng, &ke, VisitingDelegate),
            (&mutua, &ke, VisitingDelegate),
            (&njeri, &ke, VisitingDelegate),
        ] {
            self.participant(&visit, person, Some(member), role, Attendance::Attended)?;
        }
        self.participant(&visit, &okafor, None, Facilitator, Attendance::Attended)?;

        let follow_up = self.exchange(
            ExchangeData {
                partnership_id: p.clone(),
                title: "Virtual exchange: piloting shared indicators".into(),
                format: ExchangeFormat::Virtual,
                host_member_id: None,
                venue: "Video call".into(),
                city: String::new(),
                country_code: None,
                start_date: date(2027, 2, 10),
                end_date: date(2027, 2, 10),
                time_zone: "Africa/Nairobi".into(),
                objectives: "Kenya presents its first pilot results; Ghana shares how it revised two indicators after its 2025 report.".into(),
                status: ExchangeStatus::Confirmed,
            },
            &members,
        )?;
        for (person, member) in [
            (&ama, &gh),
            (&efua, &gh),
            (&wanjiru, &ke),
            (&mutua, &ke),
            (&otieno, &ke),
        ] {
            self.participant(
                &follow_up,
                person,
                Some(member),
                ParticipantRole::VisitingDelegate,
                Attendance::Confirmed,
            )?;
        }
        self.participant(
            &follow_up,
            &okafor,
            None,
            Facilitator,
            Attendance::Confirmed,
        )?;
        self.nap_agendas(
            &visit,
            &follow_up,
            &gh,
            &ke,
            &NapPeople {
                ama: &ama,
                kofi: &kofi,
                efua: &efua,
                yaw: &yaw,
                wanjiru: &wanjiru,
                otieno: &otieno,
                achieng: &achieng,
                mutua: &mutua,
                njeri: &njeri,
                okafor: &okafor,
            },
        )?;
        // Going quiet on purpose (the failure seed 004 warns about): after the study visit
        // three contacts, the last on 10 Sep 2026, and no action done since 20 Jul. On
        // 23 Nov 2026 that is 74 days of silence (the default threshold is 60), and more on
        // every later day: the next exchange (Feb 2027) is confirmed, not held. Kenya's
        // indicator list, due 31 Oct, is overdue; a check-in call is set for 26 Nov.
        for (on, from, to, channel, who, summary) in [
            (date(2026, 7, 2), &ke, &gh, ContactChannel::Call, "Wanjiru Kamau, Brian Otieno; Ama Owusu-Ansah", "Kenya asked how Ghana's sector ministries verify the data they report."),
            (date(2026, 8, 5), &gh, &ke, ContactChannel::Email, "Efua Boateng → Peter Mutua", "Ghana shared its agriculture indicator sheets; Makueni County sent back its field data form."),
            (date(2026, 9, 10), &ke, &gh, ContactChannel::Webinar, "Both NAP teams, 14 people", "Kenya presented its first draft of pilot indicators; Ghana commented on two of them."),
        ] {
            self.contact(&members, ContactData {
                partnership_id: p.clone(),
                contact_date: on,
                from_member_id: from.clone(),
                to_member_id: to.clone(),
                channel,
                participants: who.into(),
                summary: summary.into(),
                direction: ContactDirection::BothWays,
            })?;
        }
        self.answer(ReflectionAnswerData {
            partnership_id: p.clone(),
            question_key: "keep_connections.proposals".into(),
            status: ReflectionStatus::InPlace,
            note:
                "A virtual exchange on Kenya's pilot results, agreed at the end of the study visit."
                    .into(),
        })?;
        let media = self.answer(ReflectionAnswerData {
            partnership_id: p.clone(),
            question_key: "stay_connected.media".into(),
            status: ReflectionStatus::Planned,
            note: "A monthly call between the two NAP coordinators; it lapsed after September."
                .into(),
        })?;
        self.answer(ReflectionAnswerData {
            partnership_id: p.clone(),
            question_key: "stay_engaged.authority".into(),
            status: ReflectionStatus::NotConsidered,
            note: String::new(),
        })?;
        let start = date(2026, 2, 1);
        for (what, owner, person, due, channel, status, closed, outcome, exchange, answer) in [
            (
                "Send Kenya the indicator reference sheets",
                &gh,
                &ama,
                date(2026, 7, 15),
                ContactChannel::Email,
                ActionStatus::Done,
                date(2026, 7, 20),
                "Sent 42 sheets, five days late.",
                Some(&visit),
                None,
            ),
            (
                "Share Kenya's pilot indicator list with Ghana",
                &ke,
                &wanjiru,
                date(2026, 10, 31),
                ContactChannel::Email,
                ActionStatus::InProgress,
                None,
                "",
                Some(&visit),
                None,
            ),
            (
                "Check-in call between the NAP coordinators",
                &gh,
                &ama,
                date(2026, 11, 26),
                ContactChannel::Call,
                ActionStatus::Planned,
                None,
                "",
                None,
                Some(&media),
            ),
            (
                "Prepare the pilot results for the virtual exchange",
                &ke,
                &mutua,
                date(2027, 1, 29),
                ContactChannel::JointWork,
                ActionStatus::Planned,
                None,
                "",
                Some(&follow_up),
                None,
            ),
            (
                "Agree the outline of the joint two-page brief",
                &gh,
                &efua,
                None,
                ContactChannel::JointWork,
                ActionStatus::Planned,
                None,
                "",
                None,
                None,
            ),
        ] {
            self.action(Action {
                partnership: &p,
                member_ids: &members,
                start,
                exchange: exchange.map(String::as_str),
                answer: answer.map(String::as_str),
                what,
                owner: Some(owner),
                person: Some(person),
                due,
                channel,
                status,
                closed,
                outcome,
            })?;
        }
        self.lesson(&members, LearningEntryData {
            partnership_id: p.clone(),
            entry_date: date(2026, 7, 20),
            what_changed: "Kenya adopted Ghana's indicator sheet template for four sectors".into(),
            member_ids: vec![ke.clone()],
            significance: "Kenya's pilot starts from a tested format instead of designing its own.".into(),
            evidence: "Kenya's draft pilot indicator list, July 2026.".into(),
            kind: LearningKind::Success,
        })?;
        self.lesson(
            &members,
            LearningEntryData {
                partnership_id: p.clone(),
                entry_date: date(2026, 11, 20),
                what_changed: "The monthly calls lapsed after September".into(),
                member_ids: vec![gh.clone(), ke.clone()],
                significance:
                    "Both teams were absorbed by the budget season; nobody owned the calls.".into(),
                evidence: "Contact log: no contact since 10 September.".into(),
                kind: LearningKind::Failure,
            },
        )?;
        Ok(())
    }

    /// Seed 003: the Barcelona Metropolitan Area, the Northern Virginia Regional Commission
    /// and the City of Boston on urban planning and green public spaces.
    fn city_to_city(&mut self) -> Result<()> {
        let p = self.partnership(
            PartnershipData {
                title: "Barcelona – Northern Virginia – Boston: green public spaces".into(),
                kind: PartnershipKind::CityToCity,
                topic: "Urban planning, innovative public spaces and nature-based solutions".into(),
                priorities: "Expanding green areas in dense neighbourhoods; involving residents in public-space design.".into(),
                status: PartnershipStatus::SustainedContact,
                requested_by: "International urban and regional cooperation programme".into(),
                learning_interest: "How each city finances and maintains new green areas.".into(),
                start_date: date(2025, 3, 1),
                end_date: None,
                officer: "Ines Moreau".into(),
                advisor: "Laura Fernández".into(),
                notes: "Workshops alternate between Europe and North America; monthly calls between planners since the first workshop.".into(),
                archived: false,
            },
            &[
                (PartnershipStatus::PartnerIdentified, date(2025, 2, 1).unwrap_or_default()),
                (PartnershipStatus::Active, date(2025, 3, 1).unwrap_or_default()),
                (PartnershipStatus::SustainedContact, date(2025, 12, 1).unwrap_or_default()),
            ],
        )?;
        let marta = self.person(
            "Marta Puig",
            "Àrea Metropolitana de Barcelona",
            "Head of public space projects",
            "ES",
            "mpuig@amb.example.cat",
        )?;
        let dana = self.person(
            "Dana Whitfield",
            "Northern Virginia Regional Commission",
            "Senior environmental planner",
            "US",
            "dwhitfield@nvrc.example.org",
        )?;
        let jamal = self.person(
            "Jamal Carter",
            "City of Boston, Parks Department",
            "Green infrastructure manager",
            "US",
            "jamal.carter@boston.example.gov",
        )?;
        let amb = self.member(
            &p,
            "ES",
            MemberLevel::Subnational,
            "Barcelona Metropolitan Area (AMB)",
            "Host of the first workshop",
            Some(&marta),
        )?;
        let nvrc = self.member(
            &p,
            "US",
            MemberLevel::Subnational,
            "Northern Virginia Regional Commission (NVRC)",
            "Peer",
            Some(&dana),
        )?;
        let bos = self.member(
            &p,
            "US",
            MemberLevel::Municipality,
            "City of Boston",
            "Peer",
            Some(&jamal),
        )?;
        self.goal(
            &p,
            "Compare how each city measures access to green space within a 10-minute walk",
            Some(&bos),
        )?;
        self.goal(
            &p,
            "Adapt AMB's superblock public-space design guide to a North American context",
            Some(&nvrc),
        )?;
        self.goal(
            &p,
            "Learn from Boston's stormwater-funded green infrastructure programme",
            Some(&amb),
        )?;
        let members = vec![amb.clone(), nvrc.clone(), bos.clone()];
        let workshop = self.exchange(
            ExchangeData {
                partnership_id: p.clone(),
                title: "Thematic workshop: superblocks and green corridors".into(),
                format: ExchangeFormat::Hybrid,
                host_member_id: Some(amb.clone()),
                venue: "AMB headquarters, Carrer 62".into(),
                city: "Barcelona".into(),
                country_code: Some("ES".into()),
                start_date: date(2025, 10, 7),
                end_date: date(2025, 10, 9),
                time_zone: "Europe/Madrid".into(),
                objectives: "Walk two superblocks with their designers; each city presents one public-space project and one that did not work.".into(),
                status: ExchangeStatus::Held,
            },
            &members,
        )?;
        let jordi = self.person(
            "Jordi Vila",
            "Àrea Metropolitana de Barcelona",
            "Landscape architect",
            "ES",
            "jvila@amb.example.cat",
        )?;
        let nuria = self.person(
            "Núria Soler",
            "Àrea Metropolitana de Barcelona",
            "Participation officer",
            "ES",
            "nsoler@amb.example.cat",
        )?;
        let kevin = self.person(
            "Kevin O'Brien",
            "Northern Virginia Regional Commission",
            "Regional planner",
            "US",
            "kobrien@nvrc.example.org",
        )?;
        let priya = self.person(
            "Priya Raman",
            "City of Boston, Environment Department",
            "Climate resilience planner",
            "US",
            "priya.raman@boston.example.gov",
        )?;
        let laura = self.person(
            "Laura Fernández",
            "Peer learning network secretariat",
            "Technical policy advisor",
            "ES",
            "l.fernandez@network.example.org",
        )?;
        use ParticipantRole::*;
        for (person, member, role) in [
            (&marta, &amb, Host),
            (&jordi, &amb, Host),
            (&nuria, &amb, Host),
            (&dana, &nvrc, VisitingDelegate),
            (&kevin, &nvrc, VisitingDelegate),
            (&jamal, &bos, VisitingDelegate),
            (&priya, &bos, VisitingDelegate),
        ] {
            self.participant(&workshop, person, Some(member), role, Attendance::Attended)?;
        }
        self.participant(&workshop, &laura, None, Facilitator, Attendance::Attended)?;
        // Sustained: monthly calls, initiated in turn (AMB 2, NVRC 1, Boston 1 of 4), all both
        // ways; the last on 12 Nov 2026 and the next planned for 10 Dec.
        for (on, from, to, channel, summary) in [
            (
                date(2026, 8, 12),
                &amb,
                &nvrc,
                ContactChannel::Call,
                "AMB walked NVRC through the superblock design guide.",
            ),
            (
                date(2026, 9, 9),
                &bos,
                &amb,
                ContactChannel::Call,
                "Boston explained its stormwater fee; AMB shared its tree-canopy data.",
            ),
            (
                date(2026, 10, 14),
                &nvrc,
                &bos,
                ContactChannel::Call,
                "NVRC and Boston compared their 10-minute-walk maps.",
            ),
            (
                date(2026, 11, 12),
                &amb,
                &bos,
                ContactChannel::Webinar,
                "Joint webinar: residents' juries in public-space design.",
            ),
            (
                date(2026, 12, 10),
                &nvrc,
                &amb,
                ContactChannel::Call,
                "Monthly call: NVRC reports on the Arlington pilot.",
            ),
        ] {
            self.contact(
                &members,
                ContactData {
                    partnership_id: p.clone(),
                    contact_date: on,
                    from_member_id: from.clone(),
                    to_member_id: to.clone(),
                    channel,
                    participants: "Planners of the three members".into(),
                    summary: summary.into(),
                    direction: ContactDirection::BothWays,
                },
            )?;
        }
        let venues = self.answer(ReflectionAnswerData {
            partnership_id: p.clone(),
            question_key: "stay_connected.venues".into(),
            status: ReflectionStatus::InPlace,
            note: "Workshops alternate between Europe and North America; the host pays the venue."
                .into(),
        })?;
        self.answer(ReflectionAnswerData {
            partnership_id: p.clone(),
            question_key: "stay_connected.media".into(),
            status: ReflectionStatus::InPlace,
            note: "A monthly call, chaired in turn, and a shared folder of drawings and budgets."
                .into(),
        })?;
        self.answer(ReflectionAnswerData {
            partnership_id: p.clone(),
            question_key: "stay_connected.logistics".into(),
            status: ReflectionStatus::Planned,
            note: "US visa appointments take months: start them as soon as a workshop's dates are set.".into(),
        })?;
        let start = date(2025, 3, 1);
        for (what, owner, person, due, channel, status, closed, outcome, answer) in [
            ("Send NVRC the superblock design guide in English", &amb, &marta, date(2026, 8, 31), ContactChannel::Email, ActionStatus::Done, date(2026, 8, 30), "Sent with the costings of two superblocks.", None),
            ("Webinar for US planners on superblocks", &amb, &jordi, date(2026, 6, 30), ContactChannel::Webinar, ActionStatus::Dropped, date(2026, 6, 20), "NVRC could not get approval for a public webinar before the county elections; replaced by a closed session in the monthly call.", None),
            ("Propose dates for the next workshop, hosted in Boston", &bos, &jamal, date(2026, 12, 15), ContactChannel::Email, ActionStatus::Planned, None, "", Some(&venues)),
            ("Compare access to green space within a 10-minute walk", &nvrc, &dana, date(2027, 3, 31), ContactChannel::JointWork, ActionStatus::InProgress, None, "", None),
        ] {
            self.action(Action {
                partnership: &p,
                member_ids: &members,
                start,
                exchange: Some(&workshop),
                answer: answer.map(String::as_str),
                what,
                owner: Some(owner),
                person: Some(person),
                due,
                channel,
                status,
                closed,
                outcome,
            })?;
        }
        self.lesson(
            &members,
            LearningEntryData {
                partnership_id: p.clone(),
                entry_date: date(2026, 5, 20),
                what_changed:
                    "NVRC used AMB's residents' workshop format to redesign two Arlington parks"
                        .into(),
                member_ids: vec![nvrc.clone(), amb.clone()],
                significance:
                    "The first practice to cross the Atlantic: a design method, not a design."
                        .into(),
                evidence: "NVRC board minutes, May 2026; the two parks' consultation reports."
                    .into(),
                kind: LearningKind::Success,
            },
        )?;
        self.lesson(&members, LearningEntryData {
            partnership_id: p.clone(),
            entry_date: date(2026, 9, 30),
            what_changed: "Boston's stormwater-fee model did not transfer to AMB".into(),
            member_ids: vec![amb.clone(), bos.clone()],
            significance: "Spanish municipal finance law does not allow an earmarked fee; AMB is looking at green bonds instead.".into(),
            evidence: "AMB legal services opinion, September 2026.".into(),
            kind: LearningKind::Failure,
        })?;
        Ok(())
    }

    /// Seed 003: a thematic learning alliance in Ibadan with 48 people from several tiers of
    /// government, state houses, civil society, business and media.
    fn learning_alliance(&mut self) -> Result<()> {
        let p = self.partnership(
            PartnershipData {
                title: "South West Nigeria learning alliance on budget reform".into(),
                kind: PartnershipKind::LearningAlliance,
                topic: "Public financial management: budget preparation and citizen engagement".into(),
                priorities: "Credible state budgets; opening budget preparation to citizens.".into(),
                status: PartnershipStatus::Concluded,
                requested_by: "Commissioners of Finance of the South West states".into(),
                learning_interest: "Good practices from federal to state level on budget preparation and citizen engagement.".into(),
                start_date: date(2024, 9, 1),
                end_date: date(2025, 12, 31),
                officer: "Tunde Adeyemi".into(),
                advisor: "Samuel Okafor".into(),
                notes: "First in a series of thematic learning alliances. Outcome: four states adopted a citizens' budget.".into(),
                archived: false,
            },
            &[
                (PartnershipStatus::Active, date(2024, 9, 1).unwrap_or_default()),
                (PartnershipStatus::Concluded, date(2025, 12, 31).unwrap_or_default()),
            ],
        )?;
        let states = [
            "Oyo State",
            "Ogun State",
            "Lagos State",
            "Osun State",
            "Ondo State",
            "Ekiti State",
        ];
        let mut member_ids = Vec::new();
        let federal = self.member(
            &p,
            "NG",
            MemberLevel::Ministry,
            "Federal Ministry of Finance, Budget and National Planning",
            "Resource institution",
            None,
        )?;
        member_ids.push(federal.clone());
        for state in states {
            member_ids.push(self.member(
                &p,
                "NG",
                MemberLevel::Subnational,
                &format!("{state} Government"),
                "Peer",
                None,
            )?);
        }
        self.goal(
            &p,
            "Publish a citizens' budget in every participating state",
            Some(&member_ids[1]),
        )?;
        self.goal(
            &p,
            "Share Lagos State's approach to multi-year budget planning",
            Some(&member_ids[3]),
        )?;
        let oyo = member_ids[1].clone();
        let event = self.exchange(
            ExchangeData {
                partnership_id: p.clone(),
                title: "Regional learning event on budget preparation".into(),
                format: ExchangeFormat::InPerson,
                host_member_id: Some(oyo.clone()),
                venue: "International Conference Centre".into(),
                city: "Ibadan".into(),
                country_code: Some("NG".into()),
                start_date: date(2025, 5, 20),
                end_date: date(2025, 5, 21),
                time_zone: "Africa/Lagos".into(),
                objectives: "Identify good practices from federal to state level on budget preparation and citizen engagement.".into(),
                status: ExchangeStatus::Held,
            },
            &member_ids,
        )?;
        // 48 people: for each of six states a commissioner of finance, one of planning, a
        // budget director, a senior civil servant and a state-house member (30), five from the
        // federal ministry, and 13 from civil society, business and media.
        let given = [
            "Adebayo",
            "Funmilayo",
            "Olusegun",
            "Bukola",
            "Chukwuemeka",
            "Ngozi",
            "Kehinde",
            "Taiwo",
            "Yetunde",
            "Oluwaseun",
            "Abimbola",
            "Ifeoma",
            "Babatunde",
            "Halima",
            "Emeka",
            "Folake",
        ];
        let family = [
            "Adeleke", "Ogunleye", "Balogun", "Okonkwo", "Adewale", "Salami", "Ibrahim", "Eze",
            "Afolabi", "Oyelaran", "Nwosu", "Bello", "Adeyemo", "Olatunji",
        ];
        let mut n = 0usize;
        let mut next_name = || {
            let name = format!(
                "{} {}",
                given[n % given.len()],
                family[(n * 5 + n / given.len()) % family.len()]
            );
            n += 1;
            name
        };
        let roles = [
            "Commissioner of Finance",
            "Commissioner of Economic Planning",
            "Director of Budget",
            "Permanent Secretary",
            "Member, State House of Assembly",
        ];
        for (i, state) in states.iter().enumerate() {
            for role in roles {
                let name = next_name();
                let email = format!(
                    "{}@{}.example.ng",
                    name.to_lowercase().replace(' ', "."),
                    state.split(' ').next().unwrap_or("state").to_lowercase()
                );
                let person =
                    self.person(&name, &format!("{state} Government"), role, "NG", &email)?;
                let member = &member_ids[i + 1];
                let role = if *member == oyo {
                    ParticipantRole::Host
                } else {
                    ParticipantRole::VisitingDelegate
                };
                self.participant(&event, &person, Some(member), role, Attendance::Attended)?;
            }
        }
        for position in [
            "Director, Budget Office",
            "Deputy director, fiscal policy",
            "Senior economist",
            "PFM reform adviser",
            "Intergovernmental relations officer",
        ] {
            let name = next_name();
            let email = format!(
                "{}@finance.example.gov.ng",
                name.to_lowercase().replace(' ', ".")
            );
            let person = self.person(
                &name,
                "Federal Ministry of Finance, Budget and National Planning",
                position,
                "NG",
                &email,
            )?;
            self.participant(
                &event,
                &person,
                Some(&federal),
                ParticipantRole::ResourcePerson,
                Attendance::Attended,
            )?;
        }
        let others = [
            ("Civil Society Budget Network", "Programme lead"),
            ("Civil Society Budget Network", "Budget tracker"),
            ("Citizens' Budget Forum, Oyo", "Coordinator"),
            ("Women in Governance Initiative", "Director"),
            ("Youth Accountability Hub", "Founder"),
            ("Nigerian Chamber of Commerce, Ibadan", "Policy officer"),
            ("Lagos Business Council", "Economist"),
            ("Association of Small Businesses", "Chair"),
            ("Daily Tribune", "Business editor"),
            ("Radio Oyo", "Current affairs presenter"),
            ("PressWatch Nigeria", "Investigative journalist"),
            ("University of Ibadan", "Lecturer in public finance"),
            ("Fiscal Transparency Lab", "Researcher"),
        ];
        for (organisation, position) in others {
            let name = next_name();
            let email = format!(
                "{}@partners.example.ng",
                name.to_lowercase().replace(' ', ".")
            );
            let person = self.person(&name, organisation, position, "NG", &email)?;
            self.participant(
                &event,
                &person,
                None,
                ParticipantRole::Observer,
                Attendance::Attended,
            )?;
        }
        self.lesson(&member_ids, LearningEntryData {
            partnership_id: p.clone(),
            entry_date: date(2025, 12, 15),
            what_changed: "Four states published a citizens' budget for 2026".into(),
            member_ids: vec![member_ids[1].clone(), member_ids[2].clone(), member_ids[3].clone(), member_ids[6].clone()],
            significance: "The alliance's first goal, reached by four of six states within seven months of the Ibadan event.".into(),
            evidence: "The published citizens' budgets of Oyo, Ogun, Lagos and Ekiti States.".into(),
            kind: LearningKind::Success,
        })?;
        self.lesson(&member_ids, LearningEntryData {
            partnership_id: p.clone(),
            entry_date: date(2025, 12, 15),
            what_changed: "State House members did not join the follow-up budget clinics".into(),
            member_ids: Vec::new(),
            significance: "Citizen engagement stayed with the executive; the legislatures that pass the budgets were not reached.".into(),
            evidence: "Clinic attendance lists: 0 of 6 State House members attended.".into(),
            kind: LearningKind::Failure,
        })?;
        Ok(())
    }

    /// Seed 002: a twinning between a resource-rich and a resource-poor country on a national
    /// action plan, with the known risk of a one-way, paternalistic relationship.
    fn twinning(&mut self) -> Result<()> {
        let p = self.partnership(
            PartnershipData {
                title: "Ireland–Liberia twinning on the national action plan on women, peace and security".into(),
                kind: PartnershipKind::Twinning,
                topic: "National action plan on women, peace and security".into(),
                priorities: "Gender training for police and armed forces; implementation funding for Liberia's plan.".into(),
                status: PartnershipStatus::PartnerIdentified,
                requested_by: "Ministry of Gender, Children and Social Protection, Liberia".into(),
                learning_interest: "How Ireland monitors its plan; what Ireland can learn from Liberia's community-level implementation.".into(),
                start_date: date(2026, 10, 1),
                end_date: None,
                officer: "Tunde Adeyemi".into(),
                advisor: "Laura Fernández".into(),
                notes: "Watch the balance: the agenda must give Liberia's team sessions to lead, not only to receive. Agree goals jointly before any visit.".into(),
                archived: false,
            },
            &[
                (PartnershipStatus::InterestExpressed, date(2026, 7, 15).unwrap_or_default()),
                (PartnershipStatus::PartnerIdentified, date(2026, 10, 1).unwrap_or_default()),
            ],
        )?;
        let siobhan = self.person(
            "Siobhán Gallagher",
            "Department of Foreign Affairs, Ireland",
            "Policy officer, WPS",
            "IE",
            "siobhan.gallagher@dfa.example.ie",
        )?;
        let comfort = self.person(
            "Comfort Kollie",
            "Ministry of Gender, Children and Social Protection, Liberia",
            "Director of gender mainstreaming",
            "LR",
            "c.kollie@mgcsp.example.lr",
        )?;
        let ie = self.member(&p, "IE", MemberLevel::Country, "", "Twin", Some(&siobhan))?;
        let lr = self.member(
            &p,
            "LR",
            MemberLevel::Country,
            "",
            "Twin (requesting)",
            Some(&comfort),
        )?;
        self.goal(
            &p,
            "Co-design a gender training module for police recruits",
            Some(&lr),
        )?;
        self.goal(
            &p,
            "Learn from Liberia's county-level women's peace huts",
            Some(&ie),
        )?;
        let members = vec![ie.clone(), lr.clone()];
        let visit = self.exchange(
            ExchangeData {
                partnership_id: p.clone(),
                title: "Scoping visit to Monrovia".into(),
                format: ExchangeFormat::InPerson,
                host_member_id: Some(lr.clone()),
                venue: "Ministry of Gender, Capitol Hill".into(),
                city: "Monrovia".into(),
                country_code: Some("LR".into()),
                start_date: date(2027, 3, 9),
                end_date: date(2027, 3, 11),
                time_zone: "Africa/Monrovia".into(),
                objectives: "Agree the twinning's goals together; visit two peace huts; plan who leads which session of the first exchange.".into(),
                status: ExchangeStatus::Planned,
            },
            &members,
        )?;
        let aoife = self.person(
            "Aoife Brennan",
            "An Garda Síochána",
            "Training superintendent",
            "IE",
            "aoife.brennan@garda.example.ie",
        )?;
        let moses = self.person(
            "Moses Toe",
            "Liberia National Police",
            "Deputy inspector, training",
            "LR",
            "m.toe@lnp.example.lr",
        )?;
        let fatu = self.person(
            "Fatu Sirleaf",
            "Ministry of Gender, Liberia",
            "County coordinator",
            "LR",
            "f.sirleaf@mgcsp.example.lr",
        )?;
        self.participant(
            &visit,
            &comfort,
            Some(&lr),
            ParticipantRole::Host,
            Attendance::Confirmed,
        )?;
        self.participant(
            &visit,
            &moses,
            Some(&lr),
            ParticipantRole::Host,
            Attendance::Invited,
        )?;
        self.participant(
            &visit,
            &fatu,
            Some(&lr),
            ParticipantRole::Host,
            Attendance::Confirmed,
        )?;
        self.participant(
            &visit,
            &siobhan,
            Some(&ie),
            ParticipantRole::VisitingDelegate,
            Attendance::Confirmed,
        )?;
        self.participant(
            &visit,
            &aoife,
            Some(&ie),
            ParticipantRole::VisitingDelegate,
            Attendance::Invited,
        )?;
        // One-sided on purpose (the risk seed 002 names): since 1 October Ireland initiated
        // 4 of the 5 contacts (80 %, the default threshold) and 4 were one-way. All are dated
        // before 23 Nov 2026, so the flag holds on that day and every later one.
        let twin = [ie.clone(), lr.clone()];
        for (on, from, to, channel, direction, who, summary) in [
            (date(2026, 10, 6), &ie, &lr, ContactChannel::Email, ContactDirection::OneWay, "Siobhán Gallagher → Comfort Kollie", "Ireland sent its national action plan and its monitoring framework."),
            (date(2026, 10, 20), &ie, &lr, ContactChannel::Call, ContactDirection::OneWay, "Siobhán Gallagher, Aoife Brennan; Comfort Kollie", "Ireland presented the Garda gender training curriculum."),
            (date(2026, 11, 3), &ie, &lr, ContactChannel::Email, ContactDirection::OneWay, "Siobhán Gallagher → Comfort Kollie", "Ireland sent a draft agenda for the scoping visit."),
            (date(2026, 11, 10), &lr, &ie, ContactChannel::Call, ContactDirection::BothWays, "Comfort Kollie, Fatu Sirleaf; Siobhán Gallagher", "Liberia described how the county peace huts resolve disputes; Ireland asked how it could visit one."),
            (date(2026, 11, 17), &ie, &lr, ContactChannel::Webinar, ContactDirection::OneWay, "Aoife Brennan; Moses Toe and 12 LNP trainers", "Garda webinar on gender-responsive policing for Liberia's police trainers."),
        ] {
            self.contact(&twin, ContactData {
                partnership_id: p.clone(),
                contact_date: on,
                from_member_id: from.clone(),
                to_member_id: to.clone(),
                channel,
                participants: who.into(),
                summary: summary.into(),
                direction,
            })?;
        }
        let trust = self.answer(ReflectionAnswerData {
            partnership_id: p.clone(),
            question_key: "stay_engaged.trust".into(),
            status: ReflectionStatus::Planned,
            note: "Liberia's team leads half of the scoping visit's sessions; goals are agreed jointly before any training is designed.".into(),
        })?;
        self.answer(ReflectionAnswerData {
            partnership_id: p.clone(),
            question_key: "stay_engaged.willingness".into(),
            status: ReflectionStatus::NotConsidered,
            note: String::new(),
        })?;
        self.action(Action {
            partnership: &p,
            member_ids: &twin,
            start: date(2026, 10, 1),
            exchange: Some(&visit),
            answer: Some(&trust),
            what: "Liberia proposes the sessions it will lead at the scoping visit",
            owner: Some(&lr),
            person: Some(&comfort),
            due: date(2027, 1, 15),
            channel: ContactChannel::Email,
            status: ActionStatus::Planned,
            closed: None,
            outcome: "",
        })?;
        self.lesson(&twin, LearningEntryData {
            partnership_id: p.clone(),
            entry_date: date(2026, 11, 20),
            what_changed: "The first weeks of contact ran almost entirely from Ireland to Liberia".into(),
            member_ids: twin.to_vec(),
            significance: "The paternalistic pattern the twinning was warned about is appearing before the first visit.".into(),
            evidence: "Contact log: 4 of 5 contacts initiated by Ireland, 4 of them one-way.".into(),
            kind: LearningKind::Failure,
        })?;
        Ok(())
    }

    /// Seed 000: "countries are welcomed to indicate … that they want to learn from/with
    /// another country" — a request with no partner yet.
    fn interest_expressed(&mut self) -> Result<()> {
        let p = self.partnership(
            PartnershipData {
                title: "Nepal: learning on municipal urban resilience".into(),
                kind: PartnershipKind::PeerLearning,
                topic: "Urban resilience and green recovery in municipalities".into(),
                priorities: "Coordination across tiers of government; model laws for urban development.".into(),
                status: PartnershipStatus::InterestExpressed,
                requested_by: "Ministry of Urban Development, Nepal".into(),
                learning_interest: "Which country has municipalities that turned resilience plans into by-laws?".into(),
                start_date: None,
                end_date: None,
                officer: "Ines Moreau".into(),
                advisor: String::new(),
                notes: "Asked at the regional forum. Candidate partners to suggest: Bangladesh, the Philippines.".into(),
                archived: false,
            },
            &[(PartnershipStatus::InterestExpressed, date(2026, 11, 2).unwrap_or_default())],
        )?;
        let sita = self.person(
            "Sita Gurung",
            "Ministry of Urban Development, Nepal",
            "Under secretary",
            "NP",
            "sita.gurung@moud.example.np",
        )?;
        let np = self.member(
            &p,
            "NP",
            MemberLevel::Ministry,
            "Ministry of Urban Development",
            "Requesting",
            Some(&sita),
        )?;
        // Before a partner is found, the broker's own next step.
        self.action(Action {
            partnership: &p,
            member_ids: std::slice::from_ref(&np),
            start: None,
            exchange: None,
            answer: None,
            what: "Send Nepal's ministry profiles of two candidate partners (Bangladesh, the Philippines)",
            owner: Some(&np),
            person: Some(&sita),
            due: date(2026, 12, 4),
            channel: ContactChannel::Email,
            status: ActionStatus::Planned,
            closed: None,
            outcome: "",
        })?;
        Ok(())
    }

    /// Issue 6: rates, a rate table and the costs of four exchanges, reported in USD. The
    /// Accra study visit was estimated in April and paid in June (fares in KES, the venue in
    /// GHS: its rates change on 1 June); the Barcelona workshop has a fixed EUR budget rate;
    /// the Ibadan event paid a resource person from Dakar in XOF (no minor units); the
    /// Monrovia visit is only estimated, and its LRD line has no rate yet, so its totals are
    /// incomplete and say which rate is missing.
    fn costs(&mut self) -> Result<()> {
        use CostCategory::*;
        use CostStage::*;
        self.w
            .set_setting(crate::store::costs::REPORTING_CURRENCY_KEY, "USD")?;
        for (day, from, to, rate, source) in [
            ((2025, 1, 2), "EUR", "USD", "1.035", "ECB reference rate"),
            ((2025, 7, 1), "EUR", "USD", "1.172", "ECB reference rate"),
            ((2026, 1, 2), "EUR", "USD", "1.16", "ECB reference rate"),
            (
                (2025, 1, 2),
                "USD",
                "NGN",
                "1545",
                "Central Bank of Nigeria",
            ),
            (
                (2025, 5, 1),
                "USD",
                "NGN",
                "1600",
                "Central Bank of Nigeria",
            ),
            ((2025, 1, 2), "USD", "XOF", "635", "BCEAO"),
            ((2026, 1, 2), "USD", "KES", "129.2", "Central Bank of Kenya"),
            ((2026, 1, 2), "USD", "GHS", "10.95", "Bank of Ghana"),
            ((2026, 6, 1), "USD", "GHS", "10.4", "Bank of Ghana"),
        ] {
            let data = ExchangeRateData {
                rate_date: date(day.0, day.1, day.2),
                from_currency: from.into(),
                to_currency: to.into(),
                rate: rate.into(),
                source: source.into(),
            };
            // Loaded a second time (`demo --yes`), the rates are already there.
            let known: bool = self.w.conn().query_row(
                "SELECT EXISTS (SELECT 1 FROM exchange_rates WHERE deleted_at IS NULL
                   AND rate_date = ?1 AND from_currency = ?2 AND to_currency = ?3)",
                rusqlite::params![data.rate_date.map(|d| d.to_string()), from, to],
                |r| r.get(0),
            )?;
            if !known {
                ensure_saved(self.w.save_exchange_rate(None, data)?.warnings)?;
            }
        }
        for (country, city, from, currency, night, day, fare) in [
            ("GH", "Accra", (2026, 1, 1), "USD", "145.00", "80.00", ""),
            ("KE", "", (2026, 1, 1), "USD", "120.00", "70.00", "950.00"),
            ("NG", "", (2025, 1, 1), "USD", "", "", "780.00"),
            (
                "NG",
                "Ibadan",
                (2025, 1, 1),
                "NGN",
                "95000.00",
                "45000.00",
                "",
            ),
            (
                "ES",
                "Barcelona",
                (2025, 1, 1),
                "EUR",
                "180.00",
                "95.00",
                "",
            ),
            ("US", "", (2025, 1, 1), "USD", "", "", "1100.00"),
            ("IE", "", (2026, 1, 1), "EUR", "", "", "1250.00"),
            ("LR", "Monrovia", (2026, 1, 1), "USD", "160.00", "90.00", ""),
        ] {
            let data = RateTableEntryData {
                country_code: country.into(),
                city: city.into(),
                valid_from: date(from.0, from.1, from.2),
                currency: currency.into(),
                nightly_accommodation: night.into(),
                daily_subsistence: day.into(),
                return_fare: fare.into(),
                note: String::new(),
            };
            let known: bool = self.w.conn().query_row(
                "SELECT EXISTS (SELECT 1 FROM rate_table WHERE deleted_at IS NULL
                   AND country_code = ?1 AND city = ?2 AND valid_from = ?3)",
                rusqlite::params![country, city, data.valid_from.map(|d| d.to_string())],
                |r| r.get(0),
            )?;
            if !known {
                ensure_saved(self.w.save_rate_table_entry(None, data)?.warnings)?;
            }
        }

        let accra = self.exchange_id("Study visit: Ghana's NAP indicator framework")?;
        let april = date(2026, 4, 15);
        let lines = [
            (
                InternationalTravel,
                "Return fares Nairobi–Accra, 5 delegates",
                None,
                5,
                "950.00",
                "USD",
                Estimate,
                "Network",
                april,
                "",
            ),
            (
                InternationalTravel,
                "Return fare Abuja–Accra, facilitator",
                None,
                1,
                "780.00",
                "USD",
                Estimate,
                "Network",
                april,
                "",
            ),
            (
                Accommodation,
                "6 travellers × 3 nights, Accra",
                None,
                18,
                "145.00",
                "USD",
                Estimate,
                "Network",
                april,
                "",
            ),
            (
                PerDiem,
                "6 travellers × 4 days",
                None,
                24,
                "80.00",
                "USD",
                Estimate,
                "Network",
                april,
                "",
            ),
            (
                VenueCatering,
                "Conference room B and lunches, 3 days",
                None,
                3,
                "14500.00",
                "GHS",
                Estimate,
                "Host member",
                april,
                "",
            ),
            (
                LocalTransport,
                "Airport transfers and site-visit bus",
                None,
                1,
                "9800.00",
                "GHS",
                Estimate,
                "Host member",
                april,
                "",
            ),
            (
                VisasInsurance,
                "Travel insurance",
                None,
                6,
                "25.00",
                "USD",
                Estimate,
                "Network",
                april,
                "",
            ),
            (
                Facilitation,
                "Facilitation, 3 days",
                None,
                3,
                "450.00",
                "USD",
                Estimate,
                "Network",
                april,
                "",
            ),
            (
                InternationalTravel,
                "Return fare NBO–ACC",
                Some("Wanjiru Kamau"),
                1,
                "118400.00",
                "KES",
                Actual,
                "Network",
                date(2026, 5, 20),
                "KQ e-ticket 706-2231",
            ),
            (
                InternationalTravel,
                "Return fare NBO–ACC",
                Some("Brian Otieno"),
                1,
                "118400.00",
                "KES",
                Actual,
                "Network",
                date(2026, 5, 20),
                "KQ e-ticket 706-2232",
            ),
            (
                InternationalTravel,
                "Return fare NBO–ACC",
                Some("Grace Achieng"),
                1,
                "118400.00",
                "KES",
                Actual,
                "Network",
                date(2026, 5, 20),
                "KQ e-ticket 706-2233",
            ),
            (
                InternationalTravel,
                "Return fare NBO–ACC (changed date)",
                Some("Peter Mutua"),
                1,
                "131150.00",
                "KES",
                Actual,
                "Network",
                date(2026, 5, 27),
                "KQ e-ticket 706-2290",
            ),
            (
                InternationalTravel,
                "Return fare NBO–ACC",
                Some("Lucy Njeri"),
                1,
                "118400.00",
                "KES",
                Actual,
                "Network",
                date(2026, 5, 20),
                "KQ e-ticket 706-2234",
            ),
            (
                InternationalTravel,
                "Return fare ABV–ACC",
                Some("Samuel Okafor"),
                1,
                "812.40",
                "USD",
                Actual,
                "Network",
                date(2026, 5, 22),
                "Receipt 2026-118",
            ),
            (
                Accommodation,
                "6 travellers × 3 nights, Accra",
                None,
                18,
                "152.00",
                "USD",
                Actual,
                "Network",
                date(2026, 6, 19),
                "Invoice AH-2291",
            ),
            (
                PerDiem,
                "6 travellers × 4 days",
                None,
                24,
                "80.00",
                "USD",
                Actual,
                "Network",
                date(2026, 6, 16),
                "Per diem sheet signed",
            ),
            (
                VenueCatering,
                "Conference room B and lunches, 3 days",
                None,
                3,
                "15200.00",
                "GHS",
                Actual,
                "Host member",
                date(2026, 6, 18),
                "EPA invoice 77/2026",
            ),
            (
                LocalTransport,
                "Airport transfers and site-visit bus",
                None,
                1,
                "11250.00",
                "GHS",
                Actual,
                "Host member",
                date(2026, 6, 18),
                "Receipt 0415",
            ),
            (
                VisasInsurance,
                "Travel insurance",
                None,
                6,
                "25.00",
                "USD",
                Actual,
                "Network",
                date(2026, 6, 1),
                "Policy TI-88120",
            ),
            (
                Facilitation,
                "Facilitation, 3 days",
                None,
                3,
                "450.00",
                "USD",
                Actual,
                "Network",
                date(2026, 6, 30),
                "Consultant invoice 14",
            ),
            (
                Communications,
                "Design and printing of the joint brief",
                None,
                1,
                "1200.00",
                "USD",
                Committed,
                "Network",
                date(2026, 7, 15),
                "PO 2026-031",
            ),
        ];
        for line in lines {
            self.cost(&accra, line)?;
        }

        let barcelona = self.exchange_id("Thematic workshop: superblocks and green corridors")?;
        let june = date(2025, 6, 2);
        let lines = [
            (
                InternationalTravel,
                "Return fares to Barcelona, 6 delegates",
                None,
                6,
                "1100.00",
                "USD",
                Estimate,
                "Visiting member",
                june,
                "",
            ),
            (
                Accommodation,
                "6 travellers × 3 nights",
                None,
                18,
                "180.00",
                "EUR",
                Estimate,
                "Network",
                june,
                "",
            ),
            (
                PerDiem,
                "6 travellers × 4 days",
                None,
                24,
                "95.00",
                "EUR",
                Estimate,
                "Network",
                june,
                "",
            ),
            (
                VenueCatering,
                "Workshop room and catering, 3 days",
                None,
                3,
                "2400.00",
                "EUR",
                Estimate,
                "Host member",
                june,
                "",
            ),
            (
                Interpretation,
                "Simultaneous interpretation EN–ES",
                None,
                2,
                "1800.00",
                "EUR",
                Estimate,
                "Network",
                june,
                "",
            ),
            (
                InternationalTravel,
                "Return fares to Barcelona, 6 delegates",
                None,
                6,
                "1032.60",
                "USD",
                Actual,
                "Visiting member",
                date(2025, 9, 12),
                "Travel agency statement 09/25",
            ),
            (
                Accommodation,
                "6 travellers × 3 nights",
                None,
                18,
                "171.50",
                "EUR",
                Actual,
                "Network",
                date(2025, 10, 10),
                "Hotel invoice 5521",
            ),
            (
                PerDiem,
                "6 travellers × 4 days",
                None,
                24,
                "95.00",
                "EUR",
                Actual,
                "Network",
                date(2025, 10, 7),
                "Per diem sheet signed",
            ),
            (
                VenueCatering,
                "Workshop room and catering, 3 days",
                None,
                3,
                "2650.00",
                "EUR",
                Actual,
                "Host member",
                date(2025, 10, 9),
                "Ajuntament invoice 2025/3381",
            ),
            (
                Interpretation,
                "Simultaneous interpretation EN–ES",
                None,
                2,
                "1800.00",
                "EUR",
                Actual,
                "Network",
                date(2025, 10, 9),
                "Invoice INT-207",
            ),
            (
                Communications,
                "Streaming for the online participants",
                None,
                1,
                "1350.00",
                "EUR",
                Actual,
                "Network",
                date(2025, 10, 9),
                "Invoice STR-88",
            ),
        ];
        for line in lines {
            self.cost(&barcelona, line)?;
        }
        // The grant budgeted this workshop's euros at a fixed 1.08 dollars.
        let budget = BudgetRateData {
            exchange_id: barcelona.clone(),
            currency: "EUR".into(),
            to_currency: "USD".into(),
            rate: "1.08".into(),
        };
        self.w.set_budget_rate(
            &budget.exchange_id,
            &budget.currency,
            &budget.to_currency,
            Some(&budget.rate),
        )?;

        let ibadan = self.exchange_id("Regional learning event on budget preparation")?;
        let march = date(2025, 3, 10);
        let lines = [
            (
                VenueCatering,
                "Hall and catering for 48, 2 days",
                None,
                2,
                "4800000.00",
                "NGN",
                Estimate,
                "Network",
                march,
                "",
            ),
            (
                LocalTransport,
                "Buses for the state delegations",
                None,
                1,
                "2400000.00",
                "NGN",
                Estimate,
                "Network",
                march,
                "",
            ),
            (
                Accommodation,
                "20 travellers × 2 nights, Ibadan",
                None,
                40,
                "95000.00",
                "NGN",
                Estimate,
                "Network",
                march,
                "",
            ),
            (
                PerDiem,
                "20 travellers × 3 days",
                None,
                60,
                "45000.00",
                "NGN",
                Estimate,
                "Network",
                march,
                "",
            ),
            (
                Facilitation,
                "Resource person from Dakar, fee for 2 days",
                None,
                2,
                "350000",
                "XOF",
                Estimate,
                "ECOWAS Commission",
                march,
                "",
            ),
            (
                InternationalTravel,
                "Return fare Dakar–Lagos, resource person",
                None,
                1,
                "780.00",
                "USD",
                Estimate,
                "ECOWAS Commission",
                march,
                "",
            ),
            (
                VenueCatering,
                "Hall and catering for 48, 2 days",
                None,
                2,
                "5150000.00",
                "NGN",
                Actual,
                "Network",
                date(2025, 5, 21),
                "Hotel invoice IB-1190",
            ),
            (
                LocalTransport,
                "Buses for the state delegations",
                None,
                1,
                "2250000.00",
                "NGN",
                Actual,
                "Network",
                date(2025, 5, 21),
                "Transport receipt 332",
            ),
            (
                Accommodation,
                "19 travellers × 2 nights, Ibadan",
                None,
                38,
                "95000.00",
                "NGN",
                Actual,
                "Network",
                date(2025, 5, 22),
                "Hotel invoice IB-1191",
            ),
            (
                PerDiem,
                "19 travellers × 3 days",
                None,
                57,
                "45000.00",
                "NGN",
                Actual,
                "Network",
                date(2025, 5, 20),
                "Per diem sheet signed",
            ),
            (
                Facilitation,
                "Resource person from Dakar, fee for 2 days",
                None,
                2,
                "350000",
                "XOF",
                Actual,
                "ECOWAS Commission",
                date(2025, 5, 21),
                "Fee note 2025-05",
            ),
            (
                InternationalTravel,
                "Return fare DSS–LOS, resource person",
                None,
                1,
                "742.30",
                "USD",
                Actual,
                "ECOWAS Commission",
                date(2025, 5, 2),
                "Air Côte d'Ivoire e-ticket",
            ),
        ];
        for line in lines {
            self.cost(&ibadan, line)?;
        }

        let monrovia = self.exchange_id("Scoping visit to Monrovia")?;
        let lines = [
            (
                InternationalTravel,
                "Return fares Dublin–Monrovia, 4 delegates",
                None,
                4,
                "1250.00",
                "EUR",
                Estimate,
                "Visiting member",
                None,
                "",
            ),
            (
                Accommodation,
                "4 travellers × 3 nights, Monrovia",
                None,
                12,
                "160.00",
                "USD",
                Estimate,
                "Network",
                None,
                "",
            ),
            (
                PerDiem,
                "4 travellers × 4 days",
                None,
                16,
                "90.00",
                "USD",
                Estimate,
                "Network",
                None,
                "",
            ),
            (
                VisasInsurance,
                "Liberian visas and travel insurance",
                None,
                4,
                "75.00",
                "USD",
                Estimate,
                "Visiting member",
                None,
                "",
            ),
            (
                LocalTransport,
                "Vehicle hire for the peace-hut visits",
                None,
                1,
                "95000.00",
                "LRD",
                Estimate,
                "Network",
                None,
                "",
            ),
        ];
        for line in lines {
            self.cost(&monrovia, line)?;
        }
        Ok(())
    }

    fn exchange_id(&self, title: &str) -> Result<String> {
        Ok(self.w.conn().query_row(
            // The newest: `peerplan demo --yes` loads the portfolio beside an earlier copy.
            "SELECT id FROM exchanges WHERE title = ?1 AND deleted_at IS NULL
              ORDER BY rowid DESC LIMIT 1",
            [title],
            |r| r.get(0),
        )?)
    }

    #[allow(clippy::type_complexity)]
    fn cost(
        &mut self,
        exchange: &str,
        line: (
            CostCategory,
            &str,
            Option<&str>,
            i64,
            &str,
            &str,
            CostStage,
            &str,
            Option<NaiveDate>,
            &str,
        ),
    ) -> Result<()> {
        let (
            category,
            description,
            traveller,
            quantity,
            unit,
            currency,
            stage,
            funder,
            day,
            reference,
        ) = line;
        let participant_id: Option<String> = match traveller {
            Some(name) => Some(self.w.conn().query_row(
                "SELECT x.id FROM participants x JOIN people p ON p.id = x.person_id
                  WHERE x.exchange_id = ?1 AND p.name = ?2 AND x.deleted_at IS NULL",
                [exchange, name],
                |r| r.get(0),
            )?),
            None => None,
        };
        let participants: Vec<String> = participant_id.iter().cloned().collect();
        let data = CostLineData {
            exchange_id: exchange.into(),
            category,
            description: description.into(),
            participant_id,
            quantity,
            unit_amount: unit.into(),
            currency: currency.into(),
            stage,
            funder: funder.into(),
            cost_date: day,
            reference: reference.into(),
        };
        let _ = participants;
        ensure_saved(self.w.save_cost_line(None, data)?.warnings)
    }
}
