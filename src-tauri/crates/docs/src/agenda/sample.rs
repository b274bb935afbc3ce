//! A realistic agenda built in memory, for the writers' tests and the agenda benchmark: a
//! Ghana–Kenya exchange in Nairobi with an opening, presentations and panels led by the two
//! members in turn, breaks and lunch, working groups, a site visit and a closing, and a
//! participant list by delegation. Deterministic: the same arguments give the same document.

use chrono::{Duration, NaiveDate, NaiveTime};

use peerplan_core::export::agenda::labels::FACILITATION_EN;
use peerplan_core::export::agenda::*;
use peerplan_core::model::{AgendaLanguage, ExchangeFormat, SessionKind};

const MEMBERS: [&str; 2] = ["Kenya (KE)", "Ghana (GH)"];

/// Themes of successive days; the sessions of a day are about its theme.
const THEMES: [&str; 8] = [
    "Context and policy frameworks",
    "Monitoring national adaptation plans",
    "County climate finance",
    "Data systems and indicators",
    "Community engagement",
    "Institutional coordination",
    "Private sector partnerships",
    "Next steps and follow-up",
];

const PRESENTERS: [&str; 6] = [
    "Amina Odhiambo (Kenya)",
    "Kwame Mensah (Ghana)",
    "Wanjiru Kamau (Kenya)",
    "Ama Owusu-Ansah (Ghana)",
    "José Núñez (facilitator)",
    "Олена Коваленко (resource person)",
];

const DESCRIPTION: &str = "How each country tracks progress on its adaptation plan, which \
     indicators were dropped and why, and what the review cycle looks like in practice.\n\
     Guiding questions: Who owns each indicator? How are county reports checked before they \
     reach the national level? What would you change if you started again?";

/// One slot of a day's pattern: kind, minutes, title (`{}` is the day's theme).
const PATTERN: [(SessionKind, i64, &str); 12] = [
    (SessionKind::Opening, 45, "Welcome and introductions: {}"),
    (SessionKind::Presentation, 60, "Where we stand: {}"),
    (SessionKind::Break, 15, "Tea break"),
    (SessionKind::Panel, 60, "Panel: lessons from practice on {}"),
    (SessionKind::Discussion, 45, "Open discussion on {}"),
    (SessionKind::Meal, 60, "Lunch"),
    (SessionKind::WorkingGroup, 75, "Working groups: {}"),
    (
        SessionKind::SiteVisit,
        120,
        "Site visit: Karura Forest restoration project",
    ),
    (SessionKind::Break, 15, "Afternoon break"),
    (SessionKind::Presentation, 45, "Tools we use for {}"),
    (
        SessionKind::Discussion,
        30,
        "Reflection: what we take home on {}",
    ),
    (SessionKind::Closing, 15, "Wrap-up of the day"),
];

/// An agenda of `days` days from Tuesday 3 March 2026 with `sessions_per_day` sessions each,
/// in English, with a participant list.
pub fn sample_agenda(days: usize, sessions_per_day: usize) -> AgendaDoc {
    let first = NaiveDate::from_ymd_opt(2026, 3, 3).unwrap_or_default();
    let mut number = 0usize;
    let agenda_days = (0..days)
        .map(|d| {
            let date = first + Duration::days(d as i64);
            let theme = THEMES[d % THEMES.len()];
            let mut start = NaiveTime::from_hms_opt(8, 30, 0).unwrap_or_default();
            let sessions = (0..sessions_per_day)
                .map(|s| {
                    number += 1;
                    let (kind, minutes, title) = PATTERN[s % PATTERN.len()];
                    let mut title = title.replace("{}", &theme.to_lowercase());
                    if s >= PATTERN.len() {
                        // More sessions than the pattern: number the repeats apart.
                        title = format!("{title} ({})", s / PATTERN.len() + 1);
                    }
                    // Never run past midnight, however many sessions are asked for.
                    let room_left = (NaiveTime::from_hms_opt(23, 59, 0).unwrap_or_default()
                        - start)
                        .num_minutes();
                    let end = start + Duration::minutes(minutes.min(room_left.max(0)));
                    let session = session(number, d, s, kind, title, start, end);
                    start = end;
                    session
                })
                .collect();
            AgendaDocDay {
                date,
                title: theme.to_string(),
                zone_names: vec!["EAT".to_string()],
                sessions,
            }
        })
        .collect();
    AgendaDoc {
        exchange_id: "0195f3a2-7c00-7000-8000-00000000e001".to_string(),
        language: AgendaLanguage::En,
        title: "Foundational exchange in Nairobi".to_string(),
        partnership_title: "Ghana–Kenya NAP monitoring partnership".to_string(),
        members: MEMBERS.iter().map(|m| m.to_string()).collect(),
        format: ExchangeFormat::InPerson,
        start_date: Some(first),
        end_date: Some(first + Duration::days(days.saturating_sub(1) as i64)),
        venue: "Kenya School of Government, Lower Kabete Road, Nairobi, Kenya".to_string(),
        time_zone: "Africa/Nairobi".to_string(),
        zones: vec![AgendaDocZone {
            time_zone: "Africa/Nairobi".to_string(),
            place: "Nairobi".to_string(),
        }],
        objectives: "Understand how Kenya monitors its national adaptation plan at county \
                     level.\nAgree on three practices Ghana will pilot in 2026, and on how the \
                     two teams stay in touch after the visit."
            .to_string(),
        days: agenda_days,
        delegations: Some(delegations()),
    }
}

fn session(
    number: usize,
    day: usize,
    slot: usize,
    kind: SessionKind,
    title: String,
    start: NaiveTime,
    end: NaiveTime,
) -> AgendaDocSession {
    let pause = kind.is_pause();
    let (description, location) = match kind {
        SessionKind::Break | SessionKind::Meal => (String::new(), "Terrace".to_string()),
        SessionKind::SiteVisit => (
            "Bus leaves from the main entrance at the start time; bring walking shoes. \
             The county forest officer shows the restored plots and the monitoring records."
                .to_string(),
            "Karura Forest site office".to_string(),
        ),
        SessionKind::WorkingGroup => (DESCRIPTION.to_string(), "Rooms 2 and 3".to_string()),
        // Some sessions carry guiding questions, most only a sentence.
        _ if number.is_multiple_of(3) => (DESCRIPTION.to_string(), "Plenary hall".to_string()),
        _ => (
            DESCRIPTION.lines().next().unwrap_or_default().to_string(),
            "Plenary hall".to_string(),
        ),
    };
    let presenters = if pause {
        Vec::new()
    } else {
        (0..1 + (number % 3))
            .map(|i| PRESENTERS[(number + i) % PRESENTERS.len()].to_string())
            .collect()
    };
    AgendaDocSession {
        id: format!("0195f3a2-7c00-7000-8000-{number:012}"),
        start,
        end,
        times: vec![ZoneTimes::new(start, end, 0)],
        title,
        kind,
        description,
        // The two members lead in turn; the broker leads openings and closings.
        lead: match kind {
            _ if pause => None,
            SessionKind::Opening | SessionKind::Closing => None,
            _ => Some(MEMBERS[(day + slot) % 2].to_string()),
        },
        presenters,
        location,
        link: if kind == SessionKind::Panel {
            "https://meet.example.org/ghana-kenya-nap-panel".to_string()
        } else {
            String::new()
        },
    }
}

fn delegations() -> Vec<AgendaDocDelegation> {
    let person = |name: &str, position: &str, role: &str| AgendaDocPerson {
        name: name.to_string(),
        position: position.to_string(),
        role: role.to_string(),
    };
    vec![
        AgendaDocDelegation {
            member: MEMBERS[0].to_string(),
            people: vec![
                person(
                    "Amina Odhiambo",
                    "Director of Climate Change, Ministry of Environment",
                    "Host",
                ),
                person(
                    "Wanjiru Kamau",
                    "Monitoring and evaluation officer, Nairobi City County",
                    "Host",
                ),
                person(
                    "Peter Mwangi",
                    "County forest officer, Kiambu County",
                    "Host",
                ),
            ],
        },
        AgendaDocDelegation {
            member: MEMBERS[1].to_string(),
            people: vec![
                person(
                    "Kwame Mensah",
                    "Head of Adaptation, Environmental Protection Agency",
                    "Visiting delegate",
                ),
                person(
                    "Ama Owusu-Ansah",
                    "Planning officer, National Development Planning Commission",
                    "Visiting delegate",
                ),
                person(
                    "Kofi Boateng",
                    "Statistician, Ghana Statistical Service",
                    "Visiting delegate",
                ),
            ],
        },
        AgendaDocDelegation {
            member: FACILITATION_EN.to_string(),
            people: vec![
                person("José Núñez", "Peer-learning facilitator", "Facilitator"),
                person(
                    "Олена Коваленко",
                    "Adaptation finance adviser, regional network",
                    "Resource person",
                ),
            ],
        },
    ]
}

/// The hybrid workshop of seed 003 across three places and two zones: the Barcelona
/// Metropolitan Area hosts (Europe/Madrid), the Northern Virginia Regional Commission and the
/// City of Boston join from America/New_York. Two days on either side of Europe's change to
/// summer time (29 March 2026), after America's (8 March): the gap is 5 hours, then 6.
pub fn hybrid_agenda(language: AgendaLanguage) -> AgendaDoc {
    use peerplan_core::agenda::time::{local_in, zone_name};
    let madrid: chrono_tz::Tz = chrono_tz::Europe::Madrid;
    let new_york: chrono_tz::Tz = chrono_tz::America::New_York;
    let zones = vec![
        AgendaDocZone {
            time_zone: "Europe/Madrid".to_string(),
            place: "Barcelona".to_string(),
        },
        AgendaDocZone {
            time_zone: "America/New_York".to_string(),
            place: "Northern Virginia Regional Commission, City of Boston".to_string(),
        },
    ];
    let rows: [(&str, &str, SessionKind, &str, Option<&str>); 4] = [
        (
            "15:00",
            "15:20",
            SessionKind::Opening,
            "Welcome and why green corridors",
            None,
        ),
        (
            "15:20",
            "16:30",
            SessionKind::Presentation,
            "Superblocks in Barcelona: what changed on the street",
            Some("Barcelona Metropolitan Area — Spain (ES)"),
        ),
        ("16:30", "16:45", SessionKind::Break, "Break", None),
        (
            "16:45",
            "18:00",
            SessionKind::Discussion,
            "Boston's and Northern Virginia's green corridors compared",
            Some("City of Boston — United States (US)"),
        ),
    ];
    let days = [
        NaiveDate::from_ymd_opt(2026, 3, 26).unwrap_or_default(),
        NaiveDate::from_ymd_opt(2026, 3, 30).unwrap_or_default(),
    ]
    .iter()
    .enumerate()
    .map(|(d, date)| AgendaDocDay {
        date: *date,
        title: if d == 0 {
            "Sharing the plans"
        } else {
            "Agreeing the pilots"
        }
        .to_string(),
        zone_names: vec![zone_name(*date, madrid), zone_name(*date, new_york)],
        sessions: rows
            .iter()
            .enumerate()
            .map(|(i, (start, end, kind, title, lead))| {
                let minutes = |t: &str| {
                    let (h, m) = t.split_once(':').unwrap_or(("0", "0"));
                    h.parse::<i32>().unwrap_or(0) * 60 + m.parse::<i32>().unwrap_or(0)
                };
                let times = [madrid, new_york]
                    .iter()
                    .map(|tz| {
                        let (day, s) = local_in(*date, minutes(start), madrid, *tz);
                        let (_, e) = local_in(*date, minutes(end), madrid, *tz);
                        ZoneTimes::new(s, e, (day - *date).num_days())
                    })
                    .collect::<Vec<_>>();
                AgendaDocSession {
                    id: format!("0195f3a2-7c00-7000-8000-1000000{d}{i:04}"),
                    start: times[0].start,
                    end: times[0].end,
                    times,
                    title: title.to_string(),
                    kind: *kind,
                    description: String::new(),
                    lead: lead.map(String::from),
                    presenters: Vec::new(),
                    location: if kind.is_pause() {
                        String::new()
                    } else {
                        "Sala Nova, Barcelona".to_string()
                    },
                    link: if kind.is_pause() {
                        String::new()
                    } else {
                        "https://meet.example.org/green-corridors".to_string()
                    },
                }
            })
            .collect(),
    })
    .collect();
    AgendaDoc {
        exchange_id: "0195f3a2-7c00-7000-8000-00000000e002".to_string(),
        language,
        title: "Thematic workshop: superblocks and green corridors".to_string(),
        partnership_title: "Barcelona–Northern Virginia–Boston green public spaces".to_string(),
        members: vec![
            "Barcelona Metropolitan Area — Spain (ES)".to_string(),
            "Northern Virginia Regional Commission — United States (US)".to_string(),
            "City of Boston — United States (US)".to_string(),
        ],
        format: ExchangeFormat::Hybrid,
        start_date: NaiveDate::from_ymd_opt(2026, 3, 26),
        end_date: NaiveDate::from_ymd_opt(2026, 3, 30),
        venue: "Sala Nova, Barcelona, Spain".to_string(),
        time_zone: "Europe/Madrid".to_string(),
        zones,
        objectives: "Compare how each city plans green corridors.".to_string(),
        days,
        delegations: None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_sample_has_the_asked_size_and_ordered_times() {
        let doc = sample_agenda(5, 12);
        assert_eq!(doc.days.len(), 5);
        assert!(doc.days.iter().all(|d| d.sessions.len() == 12));
        for day in &doc.days {
            for pair in day.sessions.windows(2) {
                assert!(pair[0].end <= pair[1].start);
            }
        }
        assert_eq!(doc.end_date, Some("2026-03-07".parse().unwrap()));
        let big = sample_agenda(1, 100);
        assert!(big.days[0].sessions.iter().all(|s| s.start <= s.end));
    }
}
