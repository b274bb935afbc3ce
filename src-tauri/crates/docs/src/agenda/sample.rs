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
