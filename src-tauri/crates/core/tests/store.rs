//! The store through its public API: create, read, update, soft-delete and list every entity,
//! the rules a save enforces, and what happens with files that are not PeerPlan databases.

use chrono::NaiveDate;
use peerplan_core::model::*;
use peerplan_core::queries::{self, PartnershipQuery, PartnershipSort};
use peerplan_core::store::records;
use peerplan_core::{check, demo, Error, Store};

fn date(s: &str) -> Option<NaiveDate> {
    Some(s.parse().unwrap())
}

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 23).unwrap()
}

fn partnership(title: &str) -> PartnershipData {
    PartnershipData {
        title: title.into(),
        topic: "NAP M&E".into(),
        officer: "Ines Moreau".into(),
        ..Default::default()
    }
}

/// A partnership with Kenya and Ghana as members; returns (partnership, kenya, ghana).
fn two_member_partnership(store: &mut Store) -> (String, String, String) {
    let p = store
        .save_partnership(None, partnership("Kenya–Ghana NAP exchange"))
        .unwrap()
        .record
        .id;
    let ke = store
        .save_member(
            None,
            MemberData {
                partnership_id: p.clone(),
                country_code: "KE".into(),
                ..Default::default()
            },
        )
        .unwrap()
        .record
        .id;
    let gh = store
        .save_member(
            None,
            MemberData {
                partnership_id: p.clone(),
                country_code: "gh".into(),
                ..Default::default()
            },
        )
        .unwrap()
        .record
        .id;
    (p, ke, gh)
}

fn invalid_fields(err: Error) -> Vec<(String, &'static str)> {
    match err {
        Error::Invalid(report) => report.errors().map(|i| (i.field.clone(), i.code)).collect(),
        other => panic!("expected a validation error, got {other:?}"),
    }
}

#[test]
fn partnership_create_read_update_delete_list() {
    let mut store = Store::open_in_memory().unwrap();
    let saved = store
        .save_partnership(None, partnership("  Kenya–Ghana  "))
        .unwrap();
    let id = saved.record.id.clone();
    assert_eq!(saved.record.data.title, "Kenya–Ghana", "titles are trimmed");
    assert_eq!(id.len(), 36);
    assert_eq!(uuid::Uuid::parse_str(&id).unwrap().get_version_num(), 7);

    let mut data = saved.record.data.clone();
    data.status = PartnershipStatus::Active;
    data.end_date = date("2027-01-01");
    let updated = store.save_partnership(Some(&id), data).unwrap().record;
    assert_eq!(updated.data.status, PartnershipStatus::Active);
    assert!(updated.version > saved.record.version);

    let detail = queries::partnership_detail(&store, &id).unwrap();
    let history: Vec<_> = detail.status_history.iter().map(|s| s.status).collect();
    assert_eq!(
        history,
        vec![
            PartnershipStatus::InterestExpressed,
            PartnershipStatus::Active
        ]
    );

    let page =
        queries::list_partnerships(store.conn(), &PartnershipQuery::default(), today()).unwrap();
    assert_eq!(page.total, 1);

    store.delete_partnership(&id).unwrap();
    let page =
        queries::list_partnerships(store.conn(), &PartnershipQuery::default(), today()).unwrap();
    assert_eq!(page.total, 0);
    // A tombstone, not a physical delete: the row is still there, marked deleted.
    let row = records::get::<PartnershipData>(store.conn(), &id).unwrap();
    assert!(row.deleted_at.is_some());
    assert!(matches!(
        store.save_partnership(Some(&id), row.data),
        Err(Error::Deleted { .. })
    ));
}

#[test]
fn an_update_stamps_only_the_fields_it_changed() {
    let mut store = Store::open_in_memory().unwrap();
    let saved = store
        .save_partnership(None, partnership("Field stamps"))
        .unwrap()
        .record;
    let created = records::field_stamp(store.conn(), "partnerships", &saved.id, "title")
        .unwrap()
        .unwrap();
    let mut data = saved.data.clone();
    data.topic = "Climate finance".into();
    let updated = store
        .save_partnership(Some(&saved.id), data)
        .unwrap()
        .record;
    let topic = records::field_stamp(store.conn(), "partnerships", &saved.id, "topic")
        .unwrap()
        .unwrap();
    let title = records::field_stamp(store.conn(), "partnerships", &saved.id, "title")
        .unwrap()
        .unwrap();
    assert_eq!(title, created, "the untouched title keeps its insert stamp");
    assert_eq!(
        topic, updated.version,
        "the topic carries the stamp of its change"
    );
    assert!(topic > created);

    // Saving the same data again writes nothing.
    let again = store
        .save_partnership(Some(&saved.id), updated.data.clone())
        .unwrap()
        .record;
    assert_eq!(again.version, updated.version);
}

#[test]
fn a_save_with_several_problems_reports_all_of_them_and_changes_nothing() {
    let mut store = Store::open_in_memory().unwrap();
    let bad = PartnershipData {
        title: " ".into(),
        start_date: date("2026-05-10"),
        end_date: date("2026-05-01"),
        ..Default::default()
    };
    let err = store.save_partnership(None, bad).unwrap_err();
    assert_eq!(err.code(), "invalid");
    assert_eq!(
        invalid_fields(err),
        vec![
            ("title".into(), "required"),
            ("end_date".into(), "end_before_start")
        ]
    );
    assert_eq!(queries::counts(store.conn()).unwrap().partnerships, 0);
}

#[test]
fn members_goals_and_their_rules() {
    let mut store = Store::open_in_memory().unwrap();
    let (p, ke, gh) = two_member_partnership(&mut store);
    let ghana = records::get::<MemberData>(store.conn(), &gh).unwrap();
    assert_eq!(ghana.data.country_code, "GH", "codes are upper-cased");
    let accra = MemberData {
        level: MemberLevel::Municipality,
        name: "Accra Metropolitan Assembly".into(),
        role: "Host city".into(),
        ..ghana.data.clone()
    };
    let updated = store.save_member(Some(&gh), accra).unwrap().record;
    assert_eq!(
        updated.data.label(),
        "Accra Metropolitan Assembly — Ghana (GH)"
    );
    assert!(updated.version > ghana.version);

    let err = store
        .save_member(
            None,
            MemberData {
                partnership_id: p.clone(),
                country_code: "XX".into(),
                ..Default::default()
            },
        )
        .unwrap_err();
    assert_eq!(
        invalid_fields(err),
        vec![("country_code".into(), "unknown_country")]
    );

    let goal = store
        .save_goal(
            None,
            GoalData {
                partnership_id: p.clone(),
                text: "Shared indicators".into(),
                proposed_by_member_id: Some(ke.clone()),
            },
        )
        .unwrap();
    let other = store
        .save_partnership(None, partnership("Another"))
        .unwrap()
        .record
        .id;
    let stranger = store
        .save_member(
            None,
            MemberData {
                partnership_id: other,
                country_code: "UG".into(),
                ..Default::default()
            },
        )
        .unwrap()
        .record
        .id;
    let err = store
        .save_goal(
            None,
            GoalData {
                partnership_id: p.clone(),
                text: "x".into(),
                proposed_by_member_id: Some(stranger),
            },
        )
        .unwrap_err();
    assert_eq!(
        invalid_fields(err),
        vec![("proposed_by_member_id".into(), "not_a_member")]
    );

    let detail = queries::partnership_detail(&store, &p).unwrap();
    assert_eq!(detail.members.len(), 2);
    assert_eq!(detail.members[0].label, "Kenya (KE)");
    assert_eq!(detail.goals[0].proposed_by_label, "Kenya (KE)");
    assert!(
        detail.warnings.is_empty(),
        "two countries are within the 1:1 norm: {:?}",
        detail.warnings
    );

    let mut data = goal.record.data.clone();
    data.text = "Shared adaptation indicators".into();
    store.save_goal(Some(&goal.record.id), data).unwrap();
    store.delete_goal(&goal.record.id).unwrap();
    assert!(queries::partnership_detail(&store, &p)
        .unwrap()
        .goals
        .is_empty());

    store.delete_member(&gh).unwrap();
    let detail = queries::partnership_detail(&store, &p).unwrap();
    assert_eq!(detail.members.len(), 1);
    assert_eq!(detail.warnings[0].code, "peer_learning_size");
    assert!(detail.warnings[0]
        .message
        .contains("2–3 countries; this one has 1"));
}

#[test]
fn people_create_update_delete_and_email_rule() {
    let mut store = Store::open_in_memory().unwrap();
    let err = store
        .save_person(
            None,
            PersonData {
                name: "Amina".into(),
                email: "amina.example.org".into(),
                ..Default::default()
            },
        )
        .unwrap_err();
    assert_eq!(
        invalid_fields(err),
        vec![("email".into(), "malformed_email")]
    );
    let amina = store
        .save_person(
            None,
            PersonData {
                name: "Amina Odhiambo".into(),
                email: "amina@treasury.example.ke".into(),
                country_code: Some("ke".into()),
                ..Default::default()
            },
        )
        .unwrap()
        .record;
    assert_eq!(amina.data.country_code.as_deref(), Some("KE"));
    let mut data = amina.data.clone();
    data.position = "Director".into();
    store.save_person(Some(&amina.id), data).unwrap();
    let page = queries::list_people(
        store.conn(),
        &queries::PeopleQuery {
            text: Some("kenya".into()),
            ..Default::default()
        },
    )
    .unwrap();
    assert_eq!(page.total, 1, "people are found by their country's name");
    store.delete_person(&amina.id).unwrap();
    assert_eq!(
        queries::list_people(store.conn(), &Default::default())
            .unwrap()
            .total,
        0
    );
}

#[test]
fn exchanges_participants_and_the_delegation_norm() {
    let mut store = Store::open_in_memory().unwrap();
    let (p, ke, gh) = two_member_partnership(&mut store);
    let base = ExchangeData {
        partnership_id: p.clone(),
        title: "Study visit to Nairobi".into(),
        host_member_id: Some(ke.clone()),
        time_zone: "Africa/Nairobi".into(),
        start_date: date("2027-03-02"),
        end_date: date("2027-03-04"),
        ..Default::default()
    };
    let err = store
        .save_exchange(
            None,
            ExchangeData {
                host_member_id: Some("nope".into()),
                time_zone: "Nairobi".into(),
                ..base.clone()
            },
        )
        .unwrap_err();
    assert_eq!(
        invalid_fields(err),
        vec![
            ("time_zone".into(), "unknown_time_zone"),
            ("host_member_id".into(), "host_not_member")
        ]
    );
    let exchange = store.save_exchange(None, base.clone()).unwrap().record.id;
    let moved = ExchangeData {
        venue: "Treasury Building, Room 4".into(),
        status: ExchangeStatus::Confirmed,
        ..base
    };
    let updated = store.save_exchange(Some(&exchange), moved).unwrap().record;
    assert_eq!(
        records::get::<ExchangeData>(store.conn(), &exchange)
            .unwrap()
            .data
            .venue,
        "Treasury Building, Room 4"
    );
    assert_eq!(updated.data.status, ExchangeStatus::Confirmed);

    // 3 hosts from Kenya, 7 visitors from Ghana: the Ghanaian delegation is over the norm of 6.
    let mut last = None;
    for i in 0..10 {
        let (member, role) = if i < 3 {
            (&ke, ParticipantRole::Host)
        } else {
            (&gh, ParticipantRole::VisitingDelegate)
        };
        let saved = store
            .save_participant(
                None,
                ParticipantData {
                    exchange_id: exchange.clone(),
                    member_id: Some(member.clone()),
                    role,
                    ..Default::default()
                },
                Some(PersonData {
                    name: format!("Person {i}"),
                    ..Default::default()
                }),
            )
            .unwrap();
        last = Some(saved);
    }
    let last = last.unwrap();
    assert_eq!(last.warnings.len(), 1, "{:?}", last.warnings);
    assert_eq!(last.warnings[0].code, "delegation_size");
    assert!(last.warnings[0]
        .message
        .contains("Ghana (GH) has 7 people; the norm is up to 6"));

    let detail = queries::exchange_detail(&store, &exchange).unwrap();
    assert_eq!(detail.participants.len(), 10);
    let ghana = detail
        .delegations
        .iter()
        .find(|d| d.member_id == gh)
        .unwrap();
    assert_eq!((ghana.count, ghana.over_norm), (7, true));
    let kenya = detail
        .delegations
        .iter()
        .find(|d| d.member_id == ke)
        .unwrap();
    assert_eq!(
        (kenya.count, kenya.is_host, kenya.over_norm),
        (3, true, false)
    );

    // A participant's attendance is updated in place; a withdrawn delegate no longer counts.
    let mut withdrawn = last.record.data.clone();
    withdrawn.attendance = Attendance::Withdrawn;
    let saved = store
        .save_participant(Some(&last.record.id), withdrawn.clone(), None)
        .unwrap();
    assert!(
        saved.warnings.is_empty(),
        "6 visiting delegates are within the norm: {:?}",
        saved.warnings
    );
    withdrawn.attendance = Attendance::Confirmed;
    store
        .save_participant(Some(&last.record.id), withdrawn, None)
        .unwrap();

    // The same person twice in one exchange is refused.
    let person = last.record.data.person_id.clone();
    let err = store
        .save_participant(
            None,
            ParticipantData {
                exchange_id: exchange.clone(),
                person_id: person,
                ..Default::default()
            },
            None,
        )
        .unwrap_err();
    assert_eq!(
        invalid_fields(err),
        vec![("person_id".into(), "duplicate_participant")]
    );

    // Raising the norm in Settings clears the warning.
    store
        .set_norms(&Norms {
            delegation_max: 7,
            ..Norms::default()
        })
        .unwrap();
    assert!(store.exchange_warnings(&exchange).unwrap().is_empty());

    // A member who hosts cannot be removed until the exchange is reassigned.
    assert_eq!(store.delete_member(&ke).unwrap_err().code(), "invalid");

    store.delete_participant(&last.record.id).unwrap();
    assert_eq!(
        queries::exchange_detail(&store, &exchange)
            .unwrap()
            .participants
            .len(),
        9
    );
    store.delete_exchange(&exchange).unwrap();
    assert_eq!(
        queries::counts(store.conn()).unwrap().participants,
        0,
        "deleting an exchange tombstones its participants"
    );
}

#[test]
fn the_partnership_list_filters_sorts_pages_and_summarises() {
    let mut store = Store::open_in_memory().unwrap();
    let (p, ke, _gh) = two_member_partnership(&mut store);
    for (title, when) in [
        ("Later visit", "2027-05-01"),
        ("Next visit", "2027-01-15"),
        ("Old visit", "2025-01-01"),
    ] {
        store
            .save_exchange(
                None,
                ExchangeData {
                    partnership_id: p.clone(),
                    title: title.into(),
                    host_member_id: Some(ke.clone()),
                    start_date: date(when),
                    end_date: date(when),
                    ..Default::default()
                },
            )
            .unwrap();
    }
    for i in 0..60 {
        store
            .save_partnership(
                None,
                PartnershipData {
                    title: format!("Filler {i:02}"),
                    status: PartnershipStatus::Active,
                    ..Default::default()
                },
            )
            .unwrap();
    }
    let page = queries::list_partnerships(
        store.conn(),
        &PartnershipQuery {
            text: Some("ghana".into()),
            ..Default::default()
        },
        today(),
    )
    .unwrap();
    assert_eq!(page.total, 1);
    let row = &page.rows[0];
    assert_eq!(row.countries, vec!["KE", "GH"]);
    assert_eq!(row.exchange_count, 3);
    assert_eq!(row.next_exchange.as_ref().unwrap().title, "Next visit");

    let active = PartnershipQuery {
        status: Some(PartnershipStatus::Active),
        ..Default::default()
    };
    let first = queries::list_partnerships(store.conn(), &active, today()).unwrap();
    assert_eq!((first.total, first.rows.len()), (60, 50));
    assert_eq!(first.rows[0].title, "Filler 00");
    let second = queries::list_partnerships(
        store.conn(),
        &PartnershipQuery {
            offset: 50,
            ..active.clone()
        },
        today(),
    )
    .unwrap();
    assert_eq!(second.rows.len(), 10);
    assert_eq!(second.rows[9].title, "Filler 59");

    let by_country = queries::list_partnerships(
        store.conn(),
        &PartnershipQuery {
            country: Some("ke".into()),
            ..Default::default()
        },
        today(),
    )
    .unwrap();
    assert_eq!(by_country.total, 1);
    let by_next = queries::list_partnerships(
        store.conn(),
        &PartnershipQuery {
            sort: PartnershipSort::NextExchange,
            ..Default::default()
        },
        today(),
    )
    .unwrap();
    assert_eq!(
        by_next.rows[0].id, p,
        "the only partnership with an upcoming exchange sorts first"
    );

    store.set_partnership_archived(&p, true).unwrap();
    assert_eq!(
        queries::list_partnerships(
            store.conn(),
            &PartnershipQuery {
                text: Some("ghana".into()),
                ..Default::default()
            },
            today()
        )
        .unwrap()
        .total,
        0
    );
    let archived = PartnershipQuery {
        text: Some("ghana".into()),
        include_archived: true,
        ..Default::default()
    };
    assert_eq!(
        queries::list_partnerships(store.conn(), &archived, today())
            .unwrap()
            .total,
        1
    );
}

#[test]
fn search_finds_people_by_name_and_the_partnerships_they_joined() {
    let mut store = Store::open_in_memory().unwrap();
    demo::load(&mut store).unwrap();
    let hits = queries::search(store.conn(), "wanjiru", today()).unwrap();
    assert_eq!(hits.people.len(), 1);
    assert_eq!(hits.people[0].title, "Wanjiru Kamau");
    assert_eq!(hits.partnerships.len(), 1);
    assert!(hits.partnerships[0].title.starts_with("Ghana–Kenya"));
    let hits = queries::search(store.conn(), "barcelona", today()).unwrap();
    assert_eq!(hits.exchanges.len(), 1);
}

#[test]
fn the_example_portfolio_is_what_the_seeds_describe_and_passes_check() {
    let mut store = Store::open_in_memory().unwrap();
    let counts = demo::load(&mut store).unwrap();
    assert_eq!(counts.partnerships, 5);
    assert_eq!(counts.exchanges, 5);
    let report = check::run(&store).unwrap();
    assert_eq!(report.error_count(), 0, "{:#?}", report.findings);
    let warnings: Vec<&str> = report.findings.iter().map(|f| f.code.as_str()).collect();
    // The 48-person learning alliance event is within an alliance's norms: the 5–15 people
    // of the seeds are 1:1 peer learning's (issue 16).
    assert!(
        !warnings.contains(&"exchange_size"),
        "no exchange is outside its kind's norms: {warnings:?}"
    );

    let ibadan = queries::list_exchanges(
        store.conn(),
        &queries::ExchangeQuery {
            text: Some("Ibadan".into()),
            ..Default::default()
        },
        today(),
    )
    .unwrap();
    assert_eq!(ibadan.rows[0].participant_count, 48);
    let nap = queries::search(store.conn(), "Ghana–Kenya", today())
        .unwrap()
        .partnerships[0]
        .id
        .clone();
    let detail = queries::partnership_detail(&store, &nap).unwrap();
    let formats: Vec<ExchangeFormat> = detail.exchanges.iter().map(|e| e.format).collect();
    assert_eq!(
        formats,
        vec![ExchangeFormat::InPerson, ExchangeFormat::Virtual]
    );
}

#[test]
fn norms_are_settings_with_clear_errors() {
    let mut store = Store::open_in_memory().unwrap();
    assert_eq!(store.norms().unwrap(), Norms::default());
    let err = store
        .set_norms(&Norms {
            exchange_size_min: 20,
            exchange_size_max: 10,
            delegation_max: 0,
            ..Norms::default()
        })
        .unwrap_err();
    assert_eq!(
        invalid_fields(err),
        vec![
            ("delegation_max".into(), "out_of_range"),
            ("exchange_size_max".into(), "max_below_min")
        ]
    );
    store
        .set_norms(&Norms {
            delegation_max: 8,
            ..Norms::default()
        })
        .unwrap();
    assert_eq!(store.norms().unwrap().delegation_max, 8);
    assert!(store.set_installation_name(" ").is_err());
    store.set_installation_name("Ines's laptop").unwrap();
    assert_eq!(store.installation_name().unwrap(), "Ines's laptop");
}

mod files {
    use super::*;
    use std::path::Path;

    fn bytes(path: &Path) -> Vec<u8> {
        std::fs::read(path).unwrap()
    }

    #[test]
    fn a_new_file_is_created_migrated_and_identified() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("nested/folder/peerplan.sqlite3");
        {
            let mut store = Store::open(&path).unwrap();
            store
                .save_partnership(None, partnership("Persisted"))
                .unwrap();
        }
        let conn = rusqlite::Connection::open(&path).unwrap();
        let app_id: i32 = conn
            .query_row("PRAGMA application_id", [], |r| r.get(0))
            .unwrap();
        let version: i64 = conn
            .query_row("PRAGMA user_version", [], |r| r.get(0))
            .unwrap();
        assert_eq!(app_id, peerplan_core::store::APPLICATION_ID);
        assert_eq!(version, peerplan_core::store::SCHEMA_VERSION);
        drop(conn);
        let store = Store::open(&path).unwrap();
        assert_eq!(queries::counts(store.conn()).unwrap().partnerships, 1);
    }

    #[test]
    fn an_empty_file_becomes_a_new_database() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("empty.sqlite3");
        std::fs::write(&path, b"").unwrap();
        let store = Store::open(&path).unwrap();
        assert_eq!(queries::counts(store.conn()).unwrap(), Default::default());
    }

    #[test]
    fn a_text_file_is_refused_and_left_untouched() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("notes.txt");
        std::fs::write(&path, "Agenda ideas for the Accra visit\n").unwrap();
        let before = bytes(&path);
        let err = Store::open(&path).unwrap_err();
        assert_eq!(err.code(), "not_peerplan");
        assert!(err.to_string().contains("not an SQLite database"), "{err}");
        assert_eq!(bytes(&path), before);
        assert!(!dir.path().join("notes.txt-wal").exists());
    }

    #[test]
    fn another_applications_database_is_refused_and_left_untouched() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("other.db");
        {
            let conn = rusqlite::Connection::open(&path).unwrap();
            conn.execute_batch(
                "CREATE TABLE contacts (name TEXT); INSERT INTO contacts VALUES ('x');",
            )
            .unwrap();
        }
        let before = bytes(&path);
        let err = Store::open(&path).unwrap_err();
        assert_eq!(err.code(), "not_peerplan");
        assert!(err.to_string().contains("another application"), "{err}");
        assert_eq!(bytes(&path), before);
    }

    #[test]
    fn a_file_from_a_newer_peerplan_asks_for_an_update() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("newer.sqlite3");
        drop(Store::open(&path).unwrap());
        {
            let conn = rusqlite::Connection::open(&path).unwrap();
            conn.pragma_update(None, "user_version", 99).unwrap();
        }
        let err = Store::open(&path).unwrap_err();
        assert_eq!(err.code(), "newer_schema");
        assert!(err.to_string().contains("update PeerPlan"), "{err}");
    }

    #[test]
    fn a_folder_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        assert_eq!(Store::open(dir.path()).unwrap_err().code(), "not_peerplan");
    }
}

/// The bundled SQLite is compiled as `.cargo/config.toml` says: without the shared page-cache
/// list (one global mutex every connection's threads queue on during a merge), without
/// allocation statistics, and without extensions PeerPlan does not use. A build that lost
/// that file would be seconds slower per large merge and bigger, with no other test noticing.
#[test]
fn sqlite_is_built_as_cargo_config_says() {
    let conn = rusqlite::Connection::open_in_memory().unwrap();
    let options: Vec<String> = conn
        .prepare("PRAGMA compile_options")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .map(|o| o.unwrap())
        .collect();
    assert!(
        !options.iter().any(|o| o == "ENABLE_MEMORY_MANAGEMENT"),
        "SQLite was built with ENABLE_MEMORY_MANAGEMENT (is .cargo/config.toml used?): {options:?}"
    );
    assert!(
        options.iter().any(|o| o == "DEFAULT_MEMSTATUS=0"),
        "SQLite keeps allocation statistics (is .cargo/config.toml used?): {options:?}"
    );
    for unused in [
        "ENABLE_FTS3",
        "ENABLE_FTS5",
        "ENABLE_RTREE",
        "ENABLE_DBSTAT_VTAB",
    ] {
        assert!(
            !options.iter().any(|o| o == unused),
            "SQLite was built with {unused}, which PeerPlan does not use: {options:?}"
        );
    }
}

/// The app and a scheduled `peerplan sync` write the same file. A save must check the facts
/// its rules need inside the transaction that writes: here another program holds the write
/// lock and removes Ghana from the partnership while the officer adds a participant for
/// Ghana; the save, which waits for the lock, must see Ghana gone and refuse.
#[test]
fn a_fact_another_program_changes_during_a_save_is_seen_by_that_save() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("peerplan.sqlite3");
    let mut store = Store::open(&path).unwrap();
    let p = store
        .save_partnership(None, partnership("Race"))
        .unwrap()
        .record
        .id;
    let member = |store: &mut Store, code: &str| {
        store
            .save_member(
                None,
                MemberData {
                    partnership_id: p.clone(),
                    country_code: code.into(),
                    ..Default::default()
                },
            )
            .unwrap()
            .record
            .id
    };
    let _kenya = member(&mut store, "KE");
    let ghana = member(&mut store, "GH");
    let exchange = store
        .save_exchange(
            None,
            ExchangeData {
                partnership_id: p.clone(),
                title: "Study visit".into(),
                ..Default::default()
            },
        )
        .unwrap()
        .record
        .id;
    let kofi = store
        .save_person(
            None,
            PersonData {
                name: "Kofi Mensah".into(),
                ..Default::default()
            },
        )
        .unwrap()
        .record
        .id;

    let other = rusqlite::Connection::open(&path).unwrap();
    other.execute_batch("BEGIN IMMEDIATE").unwrap();
    let (locked, wait) = std::sync::mpsc::channel();
    let ghana_id = ghana.clone();
    let program = std::thread::spawn(move || {
        locked.send(()).unwrap();
        std::thread::sleep(std::time::Duration::from_millis(400));
        other
            .execute(
                "UPDATE members SET deleted_at = '2026-12-04T10:00:00.000Z' WHERE id = ?1",
                [&ghana_id],
            )
            .unwrap();
        other.execute_batch("COMMIT").unwrap();
    });
    wait.recv().unwrap();
    let saved = store.save_participant(
        None,
        ParticipantData {
            exchange_id: exchange,
            person_id: kofi,
            member_id: Some(ghana),
            ..Default::default()
        },
        None,
    );
    program.join().unwrap();
    let err = saved.expect_err("Ghana left the partnership before the save could write");
    assert_eq!(
        invalid_fields(err),
        vec![("member_id".to_string(), "not_a_member")]
    );
    assert_eq!(check::run(&store).unwrap().error_count(), 0);
}

#[test]
fn a_hybrid_agenda_document_gives_each_members_zone_its_own_times() {
    let mut store = Store::open_in_memory().unwrap();
    demo::load(&mut store).unwrap();
    let hits = queries::search(store.conn(), "superblocks", today()).unwrap();
    let id = hits.exchanges[0].id.clone();
    // Move the workshop across Europe's change to summer time (29 March 2026; the US changed
    // on 8 March) and give it a session on either side.
    let mut exchange = records::get::<ExchangeData>(store.conn(), &id)
        .unwrap()
        .data;
    exchange.start_date = date("2026-03-27");
    exchange.end_date = date("2026-03-30");
    store.save_exchange(Some(&id), exchange).unwrap();
    for day in ["2026-03-27", "2026-03-30"] {
        let day = store
            .save_agenda_day(
                None,
                AgendaDayData {
                    exchange_id: id.clone(),
                    day_date: date(day),
                    title: String::new(),
                },
            )
            .unwrap()
            .record;
        let session = AgendaSessionData {
            exchange_id: id.clone(),
            day_id: day.id,
            start_time: "16:45".into(),
            end_time: "18:00".into(),
            title: "Green corridors compared".into(),
            ..Default::default()
        };
        store.save_agenda_session(None, session, false).unwrap();
    }
    let doc = peerplan_core::agenda::document(&store, &id).unwrap();
    // The venue's zone first, named by its city; then the zone Northern Virginia and Boston
    // share, named by both members.
    let zones: Vec<&str> = doc.zones.iter().map(|z| z.time_zone.as_str()).collect();
    assert_eq!(zones, ["Europe/Madrid", "America/New_York"]);
    assert_eq!(doc.zones[0].place, "Barcelona");
    assert!(doc.zones[1].place.contains("Northern Virginia"));
    assert!(doc.zones[1].place.contains("Boston"));
    let seen: Vec<(Vec<String>, Vec<String>)> = doc
        .days
        .iter()
        .map(|d| {
            (
                d.zone_names.clone(),
                d.sessions[0].times.iter().map(|t| t.text.clone()).collect(),
            )
        })
        .collect();
    let strings = |v: &[&str]| v.iter().map(|s| s.to_string()).collect::<Vec<_>>();
    assert_eq!(
        seen,
        [
            (
                strings(&["CET", "EDT"]),
                strings(&["16:45–18:00", "11:45–13:00"])
            ),
            (
                strings(&["CEST", "EDT"]),
                strings(&["16:45–18:00", "10:45–12:00"])
            ),
        ]
    );
    assert!(doc
        .time_zone_lines()
        .iter()
        .any(|l| l.contains("America/New_York")));
}

#[test]
fn exchange_size_norms_follow_the_kind_of_partnership() {
    let mut store = Store::open_in_memory().unwrap();
    demo::load(&mut store).unwrap();
    let size_warning = |store: &Store, text: &str| {
        let hits = queries::search(store.conn(), text, today()).unwrap();
        let id = &hits.exchanges[0].id;
        store
            .exchange_warnings(id)
            .unwrap()
            .into_iter()
            .find(|w| w.code == "exchange_size")
            .map(|w| w.message)
    };
    // The 48-person learning alliance event: within an alliance's norms (10–80).
    let ibadan = queries::search(store.conn(), "Ibadan", today()).unwrap();
    assert!(!ibadan.exchanges.is_empty());
    let title = ibadan.exchanges[0].title.clone();
    assert_eq!(size_warning(&store, &title), None);
    // The officer tightens the alliance norm in Settings: now it is flagged, with the norm.
    let mut norms = store.norms().unwrap();
    norms.alliance_size_max = 40;
    store.set_norms(&norms).unwrap();
    let warning = size_warning(&store, &title).unwrap();
    assert!(
        warning.contains("10–40") && warning.contains("48"),
        "{warning}"
    );
    // The 1:1 norms are untouched, and a pair out of order is refused naming the field.
    assert_eq!(store.norms().unwrap().exchange_size_max, 15);
    norms.city_size_min = 30;
    norms.city_size_max = 20;
    let err = store.set_norms(&norms).unwrap_err();
    assert_eq!(
        invalid_fields(err),
        vec![("city_size_max".to_string(), "max_below_min")]
    );
}

#[test]
fn attendance_is_set_for_many_at_once_and_a_held_exchange_still_ahead_is_flagged() {
    let mut store = Store::open_in_memory().unwrap();
    demo::load(&mut store).unwrap();
    let hits = queries::search(store.conn(), "Ibadan", today()).unwrap();
    let id = hits.exchanges[0].id.clone();
    let attendance = |store: &Store| -> Vec<(Option<String>, Attendance)> {
        records::list::<ParticipantData>(store.conn(), "t.exchange_id = ?1", &[&id], "t.id")
            .unwrap()
            .into_iter()
            .map(|p| (p.data.member_id, p.data.attendance))
            .collect()
    };
    // Before the event: everyone confirmed, but one delegation only invited.
    store
        .set_attendance(&id, None, None, Attendance::Confirmed)
        .unwrap();
    let invited = attendance(&store)
        .iter()
        .find_map(|(m, _)| m.clone())
        .unwrap();
    store
        .set_attendance(&id, Some(Some(&invited)), None, Attendance::Invited)
        .unwrap();
    // Everyone confirmed becomes attended; nobody else changes.
    let before = attendance(&store);
    let confirmed = before
        .iter()
        .filter(|(_, a)| *a == Attendance::Confirmed)
        .count();
    assert!(confirmed > 0 && confirmed < before.len(), "{before:?}");
    let (changed, _) = store
        .set_attendance(&id, None, Some(Attendance::Confirmed), Attendance::Attended)
        .unwrap();
    assert_eq!(changed, confirmed);
    let after = attendance(&store);
    for ((m0, a0), (m1, a1)) in before.iter().zip(&after) {
        assert_eq!(m0, m1);
        let want = if *a0 == Attendance::Confirmed {
            Attendance::Attended
        } else {
            *a0
        };
        assert_eq!(*a1, want);
    }
    // One member's delegation, whatever its attendance: absent.
    let member = after.iter().find_map(|(m, _)| m.clone()).unwrap();
    store
        .set_attendance(&id, Some(Some(&member)), None, Attendance::Absent)
        .unwrap();
    for (m, a) in attendance(&store) {
        if m.as_deref() == Some(member.as_str()) {
            assert_eq!(a, Attendance::Absent);
        }
    }
    assert!(store
        .set_attendance("no-such-exchange", None, None, Attendance::Absent)
        .is_err());

    // Marked held with its dates ahead: a warning, not a refusal.
    let mut exchange = records::get::<ExchangeData>(store.conn(), &id)
        .unwrap()
        .data;
    exchange.status = ExchangeStatus::Held;
    exchange.start_date = date("2099-03-02");
    exchange.end_date = date("2099-03-03");
    let saved = store.save_exchange(Some(&id), exchange).unwrap();
    let warning = saved
        .warnings
        .iter()
        .find(|w| w.code == "held_before_start")
        .expect("a warning");
    assert!(
        warning.message.contains("2 March 2099"),
        "{}",
        warning.message
    );
    assert_eq!(warning.field, "status");
}
