//! Seed 002: the Ireland–Liberia twinning on a national action plan, one-sided by design (the
//! paternalism risk the seed names).

use super::*;

impl Demo<'_, '_> {
    /// Seed 002: a twinning between a resource-rich and a resource-poor country on a national
    /// action plan, with the known risk of a one-way, paternalistic relationship.
    pub(super) fn twinning(&mut self) -> Result<()> {
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
}
