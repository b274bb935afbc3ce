//! The example portfolio (`peerplan demo`, Settings → Load example data), built from the
//! situations in the seed documents: a 1:1 NAP peer-learning partnership with an in-person
//! study visit and a virtual follow-up, a three-member city-to-city pairing on green public
//! spaces, a 48-person regional learning alliance on fiscal reform, and a twinning between a
//! resource-rich and a resource-poor country. Countries and cities are real; every person is
//! invented.

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
        Ok(demo.counts)
    })
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
        };
        ensure_valid(validate::member(&data))?;
        Ok(self.w.insert_new(&data)?.id)
    }

    fn goal(&mut self, partnership: &str, text: &str, by: Option<&str>) -> Result<()> {
        let data = GoalData {
            partnership_id: partnership.into(),
            text: text.into(),
            proposed_by_member_id: by.map(String::from),
        };
        self.w.insert_new(&data)?;
        Ok(())
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
        ensure_valid(validate::person(&data))?;
        self.counts.people += 1;
        Ok(self.w.insert_new(&data)?.id)
    }

    fn exchange(&mut self, data: ExchangeData, members: &[String]) -> Result<String> {
        ensure_valid(validate::exchange(
            &data,
            &validate::ExchangeContext {
                member_ids: members,
            },
        ))?;
        self.counts.exchanges += 1;
        Ok(self.w.insert_new(&data)?.id)
    }

    fn participant(
        &mut self,
        exchange: &str,
        person: &str,
        member: Option<&str>,
        role: ParticipantRole,
        attendance: Attendance,
    ) -> Result<()> {
        self.w.insert_new(&ParticipantData {
            exchange_id: exchange.into(),
            person_id: person.into(),
            member_id: member.map(String::from),
            role,
            attendance,
        })?;
        Ok(())
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
                partnership_id: p,
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
        self.member(
            &p,
            "NP",
            MemberLevel::Ministry,
            "Ministry of Urban Development",
            "Requesting",
            Some(&sita),
        )?;
        Ok(())
    }
}
