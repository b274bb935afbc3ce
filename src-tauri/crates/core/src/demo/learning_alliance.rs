//! Seed 003: the South West Nigeria learning alliance on budget reform, with its 48-person
//! regional event in Ibadan.

use super::*;

impl Demo<'_, '_> {
    /// Seed 003: a thematic learning alliance in Ibadan with 48 people from several tiers of
    /// government, state houses, civil society, business and media.
    pub(super) fn learning_alliance(&mut self) -> Result<()> {
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
}
