//! Seed 000: the Ghana–Kenya 1:1 peer learning partnership on NAP monitoring and evaluation:
//! an in-person study visit in Accra with its three-day agenda, a virtual follow-up across
//! Accra and Nairobi, and its follow-up plan (going quiet by design, with an overdue action).

use super::*;

impl Demo<'_, '_> {
    /// The study visit in Accra (three days, in person, a site visit; each member leads) and
    /// the virtual follow-up across Accra (UTC) and Nairobi (UTC+3).
    pub(super) fn nap_agendas(
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

    /// Seed 000: two countries on their NAP process, an in-person exchange hosted by one
    /// with a visiting delegation of five, then a virtual follow-up.
    pub(super) fn nap_peer_learning(&mut self) -> Result<()> {
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
}
