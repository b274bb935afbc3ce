//! Seed 003: the city-to-city pairing of the Barcelona Metropolitan Area, the Northern Virginia
//! Regional Commission and the City of Boston on green public spaces.

use super::*;

impl Demo<'_, '_> {
    /// Seed 003: the Barcelona Metropolitan Area, the Northern Virginia Regional Commission
    /// and the City of Boston on urban planning and green public spaces.
    pub(super) fn city_to_city(&mut self) -> Result<()> {
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
}
