//! The core's messages in every language: every issue code and message key, every error key,
//! the words for fields and kinds of records and the reflection questions have their entries
//! in all three catalogs; real reports worded in English from the catalog read exactly as the
//! core writes them (so the parameters carry everything a sentence needs), and in French and
//! Spanish read without an English sentence left in them.

use peerplan_core::model::*;
use peerplan_core::sync::{Reason, SyncError};
use peerplan_core::validate::{self, Issue, Report};
use peerplan_core::{Error, Store};
use peerplan_i18n::{
    error_from_catalog, error_message, has, invalid_summary, issue_from_catalog, issue_message, t,
    Lang,
};
use serde_json::json;

fn data<T: serde::de::DeserializeOwned>(value: serde_json::Value) -> T {
    serde_json::from_value(value).expect("test data reads")
}

#[test]
fn every_issue_code_and_key_has_its_message_in_every_language() {
    let mut missing = Vec::new();
    for lang in Lang::ALL {
        for key in validate::ISSUE_CODES.iter().chain(validate::ISSUE_KEYS) {
            if !has(lang, &format!("issue.{key}")) {
                missing.push(format!("{lang} issue.{key}"));
            }
        }
        for key in peerplan_core::ERROR_KEYS {
            if !has(lang, &format!("error.{key}")) {
                missing.push(format!("{lang} error.{key}"));
            }
        }
        for key in ["error.invalid", "error.invalid.more", "date.day_month"] {
            if !has(lang, key) {
                missing.push(format!("{lang} {key}"));
            }
        }
    }
    assert!(missing.is_empty(), "missing:\n{}", missing.join("\n"));
}

#[test]
fn the_words_inside_sentences_are_the_cores_in_english_and_worded_in_every_language() {
    for (id, english) in validate::FIELD_WORDS {
        assert_eq!(
            t(Lang::En, &format!("field.{id}"), &[]),
            *english,
            "field.{id}"
        );
        for lang in [Lang::Fr, Lang::Es] {
            assert!(has(lang, &format!("field.{id}")), "{lang} field.{id}");
        }
    }
    for table in peerplan_core::sync::tables::TABLES {
        let id = validate::entity_id(table.noun);
        assert_eq!(
            t(Lang::En, &format!("entity.{id}"), &[]),
            table.noun,
            "entity.{id}"
        );
        for lang in [Lang::Fr, Lang::Es] {
            assert!(has(lang, &format!("entity.{id}")), "{lang} entity.{id}");
        }
    }
    for heading in peerplan_core::reflection::HEADINGS {
        assert_eq!(
            t(Lang::En, &format!("reflection.{}", heading.key), &[]),
            heading.title
        );
        for q in heading.questions {
            assert_eq!(t(Lang::En, &format!("reflection.{}", q.key), &[]), q.text);
            for lang in [Lang::Fr, Lang::Es] {
                let text = peerplan_i18n::reflection_text(lang, q.key, q.text);
                assert_ne!(text, q.text, "{lang} {}", q.key);
                assert!(text.ends_with('?'), "{lang} {}", q.key);
            }
        }
    }
}

/// Words that only an English sentence has (user data in the samples below has none).
const ENGLISH: &[&str] = &[
    " the ",
    " is ",
    " are ",
    " must ",
    " has ",
    " have ",
    " with ",
    " choose ",
    " required",
    " not ",
    " this ",
    " that ",
    " of ",
    " or ",
    " and ",
    " to ",
    " be ",
    " it ",
];

fn english_left_in(text: &str) -> Vec<&'static str> {
    let padded = format!(
        " {} ",
        text.to_lowercase()
            .replace(['(', ')', ';', ':', ',', '.'], " ")
    );
    ENGLISH
        .iter()
        .copied()
        .filter(|w| padded.contains(w))
        .collect()
}

/// Issues of every kind the pure rules give, from inputs in no language in particular.
fn pure_issues() -> Vec<Issue> {
    let none: &[String] = &[];
    let members = ["m1".to_string(), "m2".to_string()];
    let long = "x".repeat(250);
    let very_long = "x".repeat(20_001);
    let mut reports: Vec<Report> = vec![
        validate::partnership(&data(json!({
            "title": long, "topic": long, "requested_by": long, "officer": long, "advisor": long,
            "notes": very_long, "start_date": "2027-03-15", "end_date": "2027-03-10"
        }))),
        validate::partnership(&data(json!({ "title": " " }))),
        validate::partnership_membership(
            &data(json!({ "title": "T", "kind": "peer_learning" })),
            &["KE", "GH", "UG", "TZ"],
            &Norms::default(),
        ),
        validate::member(&data(
            json!({ "level": "subnational", "time_zone": "Nowhere/Zz", "role": long }),
        )),
        validate::member(&data(
            json!({ "partnership_id": "p", "country_code": "XQ" }),
        )),
        validate::goal(&data(json!({ "proposed_by_member_id": "zz" })), &members),
        validate::person(&data(
            json!({ "name": long, "email": "amina@", "organisation": long, "position": long, "phone": long, "country_code": "" }),
        )),
        validate::person(&data(json!({ "name": "" }))),
        validate::exchange(
            &data(
                json!({ "title": "", "time_zone": "", "host_member_id": "zz", "venue": long, "city": long }),
            ),
            &validate::ExchangeContext {
                member_ids: &members,
            },
        ),
        validate::exchange(
            &data(
                json!({ "partnership_id": "p", "title": "T", "time_zone": "Mars/Base", "format": "virtual", "host_member_id": "m1" }),
            ),
            &validate::ExchangeContext {
                member_ids: &members,
            },
        ),
        validate::participant(
            &data(json!({ "member_id": "zz" })),
            &validate::ParticipantContext {
                member_ids: &members,
                person_exists: false,
                already_in_exchange: false,
            },
        ),
        validate::participant(
            &data(json!({})),
            &validate::ParticipantContext {
                member_ids: &members,
                person_exists: true,
                already_in_exchange: true,
            },
        ),
        validate::follow_up_action(
            &data(
                json!({ "what": "", "owner_member_id": "zz", "closed_on": "2027-01-02", "status": "in_progress", "due_date": "2026-01-01" }),
            ),
            &validate::FollowUpContext {
                member_ids: &members,
                partnership_start: Some(data(json!("2026-06-01"))),
                exchange_partnership: Some("other"),
                answer_partnership: Some("other"),
            },
        ),
        validate::follow_up_action(
            &data(
                json!({ "partnership_id": "p", "what": "x", "status": "planned", "closed_on": "2027-01-02" }),
            ),
            &validate::FollowUpContext::default(),
        ),
        validate::follow_up_action(
            &data(json!({ "partnership_id": "p", "what": "x", "status": "dropped" })),
            &validate::FollowUpContext::default(),
        ),
        validate::contact(&data(json!({ "partnership_id": "p" })), &members),
        validate::contact(
            &data(
                json!({ "partnership_id": "p", "contact_date": "2027-01-02", "from_member_id": "zz", "to_member_id": "zz" }),
            ),
            &members,
        ),
        validate::contact(
            &data(
                json!({ "partnership_id": "p", "contact_date": "2027-01-02", "from_member_id": "m1", "to_member_id": "m1" }),
            ),
            &members,
        ),
        validate::reflection_answer(&data(json!({ "partnership_id": "p" })), false),
        validate::reflection_answer(
            &data(json!({ "partnership_id": "p", "question_key": "zz.qq" })),
            false,
        ),
        validate::reflection_answer(
            &data(json!({ "partnership_id": "p", "question_key": "stay_engaged.trust" })),
            true,
        ),
        validate::learning_entry(&data(json!({ "member_ids": ["zz"] })), &members),
        validate::learning_entry(
            &data(json!({ "member_ids": ["zz", "yy"], "what_changed": "x" })),
            &members,
        ),
        validate::signal_norms(&data(
            json!({ "quiet_after_days": 0, "one_sided_share_percent": 40, "one_sided_min_contacts": 5000 }),
        )),
        validate::cost_line(
            &data(
                json!({ "quantity": 0, "currency": "", "unit_amount": "5", "stage": "actual", "participant_id": "zz", "description": long, "funder": long }),
            ),
            &validate::CostLineContext {
                participant_ids: none,
            },
        ),
        validate::cost_line(
            &data(
                json!({ "exchange_id": "e", "quantity": 2_000_000, "currency": "ZZZ", "unit_amount": "5" }),
            ),
            &validate::CostLineContext {
                participant_ids: none,
            },
        ),
        validate::cost_line(
            &data(
                json!({ "exchange_id": "e", "quantity": 999_999, "currency": "EUR", "unit_amount": "999999999.99" }),
            ),
            &validate::CostLineContext {
                participant_ids: none,
            },
        ),
        validate::budget_rate(&data(
            json!({ "currency": "EUR", "to_currency": "EUR", "rate": "0" }),
        )),
        validate::exchange_rate(&data(
            json!({ "from_currency": "", "to_currency": "USD", "rate": "" }),
        )),
        validate::exchange_rate(&data(
            json!({ "rate_date": "2027-01-02", "from_currency": "EUR", "to_currency": "USD", "rate": "abc" }),
        )),
        validate::exchange_rate(&data(
            json!({ "rate_date": "2027-01-02", "from_currency": "EUR", "to_currency": "USD", "rate": "1.12345678901234" }),
        )),
        validate::rate_table_entry(&data(json!({ "country_code": "", "currency": "XOF" }))),
        validate::agenda_session(&data(
            json!({ "title": "", "start_time": "", "end_time": "25:00", "link": "www.example" }),
        )),
        validate::agenda_session(&data(
            json!({ "title": "Ouverture", "start_time": "10:00", "end_time": "09:00" }),
        )),
        validate::agenda_session(&data(
            json!({ "title": "Ouverture", "start_time": "9:75", "end_time": "13 pm" }),
        )),
        validate::agenda_session(&data(
            json!({ "title": "Ouverture", "start_time": "abc", "end_time": "10:00" }),
        )),
    ];
    for (amount, currency) in [
        ("", "EUR"),
        ("abc", "EUR"),
        ("-5", "EUR"),
        ("1.234", "EUR"),
        ("1.5", "XOF"),
        ("1,250", "EUR"),
        ("10000000000000", "EUR"),
        ("1.23456", "KWD"),
    ] {
        reports.push(validate::rate_table_entry(&data(json!({
            "country_code": "SN", "valid_from": "2027-01-01", "currency": currency, "nightly_accommodation": amount, "daily_subsistence": "1"
        }))));
    }
    reports.push(validate::rate_table_entry(&data(
        json!({ "country_code": "SN", "valid_from": "2027-01-01", "currency": "XOF" }),
    )));
    let mut session_leads = Report::default();
    validate::session_leads(
        &mut session_leads,
        &data(json!({ "lead_member_id": "zz", "co_lead_member_ids": ["yy", "m1", "m1"] })),
        &members,
    );
    reports.push(session_leads);
    let attendees: Vec<validate::Attendee> = (0..8)
        .map(|_| validate::Attendee {
            member_id: Some("m2"),
            role: ParticipantRole::VisitingDelegate,
            attendance: Attendance::Confirmed,
        })
        .collect();
    reports.push(validate::exchange_attendance(
        &data(json!({ "format": "in_person", "host_member_id": "m1" })),
        &attendees[..3],
        &|_| "Sénégal (SN)".to_string(),
        &Norms::default(),
    ));
    reports.push(validate::exchange_attendance(
        &data(json!({ "format": "in_person", "host_member_id": "m1" })),
        &attendees,
        &|_| "Sénégal (SN)".to_string(),
        &Norms::default(),
    ));
    reports.into_iter().flat_map(|r| r.issues).collect()
}

/// Issues the store and the whole-database check give: refused saves, norm warnings, agenda
/// warnings and the findings of `check` over the demo portfolio with a few records broken.
fn store_issues() -> Vec<Issue> {
    let mut store = Store::open_in_memory().unwrap();
    peerplan_core::demo::load(&mut store).unwrap();
    let mut issues = Vec::new();
    for name in ["", &"n".repeat(101)] {
        if let Err(Error::Invalid(report)) = store.set_installation_name(name) {
            issues.extend(report.issues);
        }
    }
    let ids = |sql: &str| -> Vec<String> {
        store
            .conn()
            .prepare(sql)
            .unwrap()
            .query_map([], |r| r.get(0))
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap()
    };
    for exchange in ids("SELECT id FROM exchanges WHERE deleted_at IS NULL") {
        for w in peerplan_core::agenda::view(&store, &exchange)
            .unwrap()
            .warnings
        {
            issues.push(Issue {
                severity: validate::Severity::Warning,
                field: "agenda".into(),
                code: w.code,
                message: w.message,
                key: w.key,
                params: w.params,
            });
        }
        issues.extend(store.exchange_warnings(&exchange).unwrap());
    }
    // Break a few records the way only a damaged file could: a deleted parent, a reference to
    // nothing, two agenda days on one date.
    store
        .conn()
        .execute_batch(
            "PRAGMA foreign_keys = OFF;
             UPDATE partnerships SET deleted_at = '2027-01-01T00:00:00Z'
              WHERE id = (SELECT partnership_id FROM goals ORDER BY id LIMIT 1);
             UPDATE goals SET partnership_id = 'nowhere' WHERE id = (SELECT max(id) FROM goals);
             UPDATE agenda_days SET day_date = (SELECT min(day_date) FROM agenda_days d2
                                                  WHERE d2.exchange_id = agenda_days.exchange_id)
              WHERE exchange_id = (SELECT exchange_id FROM agenda_days GROUP BY exchange_id
                                    HAVING count(*) > 1 LIMIT 1);",
        )
        .unwrap();
    let findings = peerplan_core::check::run(&store).unwrap().findings;
    for code in ["deleted_parent", "dangling_reference", "duplicate_day"] {
        assert!(
            findings.iter().any(|f| f.code == code),
            "the check finds {code}"
        );
    }
    for f in findings {
        issues.push(Issue {
            severity: f.severity,
            field: f.field,
            code: validate::issue_key(&f.code),
            message: f.message,
            key: validate::issue_key(&f.key),
            params: f.params,
        });
    }
    issues
}

/// Issues of the store's own rules, met the way an officer meets them: refused saves and
/// moves, agenda warnings, templates, settings, and answers to conflicts.
fn operation_issues() -> Vec<Issue> {
    use peerplan_core::sync::conflicts::{resolve_with, Resolution};
    let mut s = Store::open_in_memory().unwrap();
    let mut out: Vec<Issue> = Vec::new();
    macro_rules! refused {
        ($e:expr) => {
            match $e {
                Err(Error::Invalid(r)) => out.extend(r.issues),
                Err(e) => panic!("{}: {e}", stringify!($e)),
                Ok(_) => panic!("accepted: {}", stringify!($e)),
            }
        };
    }
    let p = s
        .save_partnership(None, data(json!({ "title": "Sénégal–Pérou", "kind": "peer_learning", "start_date": "2027-01-01" })))
        .unwrap()
        .record
        .id;
    let p2 = s
        .save_partnership(
            None,
            data(json!({ "title": "Autre", "kind": "peer_learning" })),
        )
        .unwrap()
        .record
        .id;
    let m1 = s
        .save_member(
            None,
            data(json!({ "partnership_id": p, "country_code": "SN" })),
        )
        .unwrap()
        .record
        .id;
    let m2 = s
        .save_member(
            None,
            data(json!({ "partnership_id": p, "country_code": "PE" })),
        )
        .unwrap()
        .record
        .id;
    s.save_member(
        None,
        data(json!({ "partnership_id": p2, "country_code": "CL" })),
    )
    .unwrap();
    let exchange =
        |s: &mut Store, v: serde_json::Value| s.save_exchange(None, data(v)).unwrap().record.id;
    let e = exchange(
        &mut s,
        json!({ "partnership_id": p, "title": "Visite à Paris", "time_zone": "Europe/Paris",
        "format": "in_person", "host_member_id": m1, "start_date": "2027-03-27", "end_date": "2027-03-28" }),
    );
    let e2 = exchange(
        &mut s,
        json!({ "partnership_id": p, "title": "Atelier", "time_zone": "America/Lima",
        "format": "in_person", "status": "held", "start_date": "2099-05-01" }),
    );
    let e3 = exchange(
        &mut s,
        json!({ "partnership_id": p, "title": "Sans date", "time_zone": "UTC", "format": "virtual" }),
    );
    out.extend(s.exchange_warnings(&e2).unwrap());
    // Agenda days and sessions.
    let day =
        |s: &mut Store, v: serde_json::Value| s.save_agenda_day(None, data(v)).unwrap().record.id;
    let d1 = day(
        &mut s,
        json!({ "exchange_id": e, "day_date": "2027-03-28" }),
    );
    day(
        &mut s,
        json!({ "exchange_id": e, "day_date": "2027-04-10" }),
    );
    let d_e2 = day(
        &mut s,
        json!({ "exchange_id": e2, "day_date": "2099-05-01" }),
    );
    refused!(s.save_agenda_day(
        None,
        data(json!({ "exchange_id": e, "day_date": "2027-03-28" }))
    ));
    refused!(s.save_agenda_day(None, data(json!({ "exchange_id": e }))));
    refused!(s.save_agenda_day(
        Some(&d1),
        data(json!({ "exchange_id": e2, "day_date": "2099-05-02" }))
    ));
    let person = s
        .save_person(None, data(json!({ "name": "Amina Diallo" })))
        .unwrap()
        .record
        .id;
    let mut sessions = Vec::new();
    for (start, end, title) in [
        ("02:15", "03:00", "Ouverture"),
        ("01:30", "02:30", "Accueil"),
        ("08:00", "20:00", "Visite"),
        ("21:00", "23:30", "Dîner"),
    ] {
        let saved = s
            .save_agenda_session(
                None,
                data(
                    json!({ "exchange_id": e, "day_id": d1, "start_time": start, "end_time": end,
                    "title": title, "lead_member_id": m1, "presenter_ids": [person] }),
                ),
                false,
            )
            .unwrap();
        sessions.push(saved.record);
    }
    let mut later = sessions[2].data.clone();
    later.end_time = "23:00".into();
    refused!(s.save_agenda_session(Some(&sessions[2].id), later, true));
    let mut moved = sessions[0].data.clone();
    moved.exchange_id = e2.clone();
    refused!(s.save_agenda_session(Some(&sessions[0].id), moved, false));
    refused!(s.move_agenda_session(&sessions[0].id, &d_e2, 0, false));
    for w in peerplan_core::agenda::view(&s, &e).unwrap().warnings {
        out.push(Issue {
            severity: validate::Severity::Warning,
            field: "agenda".into(),
            code: w.code,
            message: w.message,
            key: w.key,
            params: w.params,
        });
    }
    // Templates.
    refused!(s.save_agenda_as_template(&e3, "", ""));
    let template = s
        .save_agenda_as_template(&e, "Visite de deux jours", "")
        .unwrap()
        .id;
    refused!(s.apply_agenda_template(&template, &e, None));
    refused!(s.apply_agenda_template(&template, &e3, None));
    s.delete_agenda_template(&template).unwrap();
    refused!(s.apply_agenda_template(&template, &e3, None));
    // Members, rates, norms, the sync folder, costs, follow-up.
    refused!(s.delete_member(&m1));
    refused!(s.save_member(
        Some(&m2),
        data(json!({ "partnership_id": p2, "country_code": "PE" }))
    ));
    let rate = json!({ "rate_date": "2027-01-02", "from_currency": "EUR", "to_currency": "XOF", "rate": "655.957" });
    s.save_exchange_rate(None, data(rate.clone())).unwrap();
    refused!(s.save_exchange_rate(None, data(rate)));
    refused!(s.set_norms(&Norms {
        exchange_size_max: 2,
        ..Norms::default()
    }));
    refused!(peerplan_core::sync::folder::set_sync_folder(
        &s,
        Some("/nowhere/partage")
    ));
    refused!(s.save_cost_line(
        None,
        data(json!({ "exchange_id": e, "quantity": 1, "currency": "EUR",
        "unit_amount": "", "paid_by_member_id": "zz" }))
    ));
    refused!(s.save_follow_up_action(
        None,
        data(json!({ "partnership_id": p, "what": "Envoyer", "exchange_id": "nowhere" }))
    ));
    s.delete_exchange(&e3).unwrap();
    refused!(s.save_follow_up_action(
        None,
        data(json!({ "partnership_id": p, "what": "Envoyer", "exchange_id": e3 }))
    ));
    // Answers to conflicts.
    let conflict = |s: &Store,
                    id: &str,
                    entity: &str,
                    row: &str,
                    kind: &str,
                    fields: &str,
                    other: serde_json::Value| {
        s.conn()
            .execute(
                "INSERT INTO sync_conflicts (id, entity, row_id, kind, fields, kept_values, kept_source,
                   other_values, other_source, other_stamp, created_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, '{}', 'kept', ?6, 'other', 'x', '2027-01-01T00:00:00Z')",
                rusqlite_params(&[id, entity, row, kind, fields, &other.to_string()]),
            )
            .unwrap();
    };
    conflict(
        &s,
        "c1",
        "partnerships",
        &p,
        "field",
        "title",
        json!({ "title": "Autre titre" }),
    );
    conflict(
        &s,
        "c2",
        "members",
        "new-member",
        "set_aside",
        "country_code",
        json!({ "partnership_id": p, "country_code": "ZZ", "level": "country", "name": "", "role": "", "time_zone": "" }),
    );
    conflict(
        &s,
        "c3",
        "partnerships",
        &p2,
        "duplicate",
        "title",
        json!({ "title": "Autre" }),
    );
    let line = s
        .save_cost_line(
            None,
            data(json!({ "exchange_id": e, "quantity": 1, "currency": "EUR", "unit_amount": "5" })),
        )
        .unwrap()
        .record
        .id;
    conflict(
        &s,
        "c4",
        "cost_lines",
        &line,
        "set_aside",
        "quantity",
        json!({ "exchange_id": e, "quantity": 1, "currency": "EUR", "unit_amount": "5" }),
    );
    let none = serde_json::Map::new();
    let fix = |v: serde_json::Value| v.as_object().unwrap().clone();
    refused!(resolve_with(&mut s, "c1", Resolution::Take, &none));
    refused!(resolve_with(&mut s, "c1", Resolution::KeepBoth, &none));
    refused!(resolve_with(&mut s, "c1", Resolution::Restore, &none));
    refused!(resolve_with(&mut s, "c2", Resolution::UseOther, &none));
    refused!(resolve_with(
        &mut s,
        "c2",
        Resolution::Take,
        &fix(json!({ "nope": 1 }))
    ));
    refused!(resolve_with(&mut s, "c2", Resolution::Take, &none));
    refused!(resolve_with(&mut s, "c3", Resolution::UseOther, &none));
    refused!(resolve_with(
        &mut s,
        "c4",
        Resolution::Take,
        &fix(json!({ "quantity": "abc" }))
    ));
    refused!(resolve_with(
        &mut s,
        "c4",
        Resolution::Take,
        &fix(json!({ "quantity": 1.5 }))
    ));
    out
}

fn rusqlite_params<'a>(values: &'a [&'a str]) -> impl rusqlite::Params + 'a {
    rusqlite::params_from_iter(values.iter())
}

fn check_issues(issues: &[Issue], what: &str) -> usize {
    let mut problems = Vec::new();
    for issue in issues {
        let english = issue_from_catalog(Lang::En, issue.code, issue.key, &issue.params);
        if english.as_deref() != Some(issue.message.as_str()) {
            problems.push(format!(
                "{}/{} in English from the catalog: {:?}\n   the core: {:?}",
                issue.code, issue.key, english, issue.message
            ));
        }
        for lang in [Lang::Fr, Lang::Es] {
            let worded = issue_message(lang, issue.code, issue.key, &issue.params, &issue.message);
            if worded == issue.message || worded.contains('{') {
                problems.push(format!("{lang} {}: {worded:?}", issue.key));
            }
            let left = english_left_in(&worded);
            if lang == Lang::Fr && !left.is_empty() {
                problems.push(format!(
                    "{lang} {}: English {left:?} in {worded:?}",
                    issue.key
                ));
            }
        }
    }
    assert!(problems.is_empty(), "{what}:\n{}", problems.join("\n"));
    issues.len()
}

#[test]
fn the_pure_rules_issues_read_as_the_core_writes_them_and_in_french_and_spanish() {
    let issues = pure_issues();
    let mut keys: Vec<&str> = issues.iter().map(|i| i.key).collect();
    keys.sort();
    keys.dedup();
    assert!(keys.len() > 70, "{} different messages sampled", keys.len());
    check_issues(&issues, "pure rules");
}

#[test]
fn the_samples_cover_nearly_every_message() {
    let mut sampled: Vec<&str> = Vec::new();
    let issues: Vec<Issue> = pure_issues()
        .into_iter()
        .chain(store_issues())
        .chain(operation_issues())
        .collect();
    sampled.extend(issues.iter().map(|i| i.key));
    let missing: Vec<&&str> = validate::ISSUE_CODES
        .iter()
        .chain(validate::ISSUE_KEYS)
        .filter(|k| !sampled.contains(k))
        .collect();
    eprintln!("not sampled: {missing:?}");
    assert!(missing.len() < 20, "not sampled: {missing:?}");
}

#[test]
fn the_stores_and_the_checks_issues_read_as_the_core_writes_them_and_in_french() {
    let issues = store_issues();
    assert!(!issues.is_empty());
    check_issues(&issues, "store and check");
}

#[test]
fn the_stores_own_rules_read_as_the_core_writes_them_and_in_french() {
    check_issues(&operation_issues(), "operations");
}

#[test]
fn a_refused_save_is_summed_up_in_french() {
    let report = validate::partnership(&data(json!({
        "title": "", "start_date": "2027-03-15", "end_date": "2027-03-10"
    })));
    let error = Error::Invalid(report);
    let english = error.to_string();
    let report = error.report().unwrap();
    let first = report.errors().next().unwrap();
    let worded = issue_message(
        Lang::Fr,
        first.code,
        first.key,
        &first.params,
        &first.message,
    );
    assert_eq!(worded, "Le titre est obligatoire");
    let summary = invalid_summary(Lang::Fr, &worded, &first.field, 1, &english);
    assert_eq!(
        summary,
        "Le titre est obligatoire (et 1\u{a0}autre problème)"
    );
    assert_eq!(
        invalid_summary(Lang::En, &worded, &first.field, 1, &english),
        english
    );
    let second = report.errors().nth(1).unwrap();
    assert_eq!(
        issue_message(
            Lang::Fr,
            second.code,
            second.key,
            &second.params,
            &second.message
        ),
        "La date de fin (10 mars 2027) précède la date de début (15 mars 2027)"
    );
    assert_eq!(
        issue_message(Lang::Es, second.code, second.key, &second.params, &second.message),
        "La fecha de fin (10 de marzo de 2027) es anterior a la fecha de inicio (15 de marzo de 2027)"
    );
}

fn sample_errors() -> Vec<Error> {
    let file = || "ana.peerplan".to_string();
    let mut out = vec![
        Error::NotFound {
            entity: "follow-up action",
            id: "0199".into(),
        },
        Error::Deleted {
            entity: "exchange",
            id: "0199".into(),
        },
        Error::NewerSchema {
            path: "x.db".into(),
            found: 40,
            supported: 30,
        },
        Error::io(
            "Cannot write /tmp/x.peerplan",
            std::io::Error::other("disk full"),
        ),
        Error::io(
            "Cannot create the folder /tmp/a",
            std::io::Error::other("disk full"),
        ),
    ];
    for reason in [
        "it is a folder, not a file",
        "it is not an SQLite database file",
        "its SQLite header is damaged",
        "its SQLite schema cannot be read",
        "it is an SQLite database of another application",
    ] {
        out.push(Error::NotPeerPlan {
            path: "x.db".into(),
            reason: reason.into(),
        });
    }
    let sync = vec![
        SyncError::Missing(file()),
        SyncError::Folder(file()),
        SyncError::OwnDatabase(file()),
        SyncError::Empty(file()),
        SyncError::Vanished(file()),
        SyncError::ChangedWhileReading(file()),
        SyncError::NotSqlite(file()),
        SyncError::OtherApplication(file()),
        SyncError::Truncated {
            file: file(),
            have: 10,
            expected: None,
        },
        SyncError::Truncated {
            file: file(),
            have: 10,
            expected: Some(4096),
        },
        SyncError::Damaged(
            file(),
            Reason::new("damaged.page_size", "its page size is invalid"),
        ),
        SyncError::Invalid(
            file(),
            Reason::new(
                "invalid_file.installations",
                "it names 2 installations instead of one",
            )
            .with("count", 2),
        ),
        SyncError::ForeignSchema {
            file: file(),
            kind: "trigger".into(),
            name: "x".into(),
        },
        SyncError::Cancelled,
        SyncError::FolderMissing("/mnt/partage".into()),
        SyncError::NoFolder,
        SyncError::NoBackup("b".into()),
        SyncError::OtherDatabasesBackup {
            name: "b".into(),
            owner: "o".into(),
        },
        SyncError::NoConflict("c".into()),
    ];
    out.extend(sync.into_iter().map(Error::Sync));
    out
}

#[test]
fn errors_read_as_the_core_writes_them_and_in_french_and_spanish() {
    let mut problems = Vec::new();
    for error in sample_errors() {
        let (key, params, english) = (error.message_key(), error.params(), error.to_string());
        let from_catalog = error_from_catalog(Lang::En, key, &params);
        if from_catalog.as_deref() != Some(english.as_str()) {
            problems.push(format!("{key}: {from_catalog:?}\n   the core: {english:?}"));
        }
        assert_eq!(error_message(Lang::En, key, &params, &english), english);
        for lang in [Lang::Fr, Lang::Es] {
            let worded = error_message(lang, key, &params, &english);
            if worded == english || worded.contains('{') {
                problems.push(format!("{lang} {key}: {worded:?}"));
            }
            let left = english_left_in(&worded);
            if lang == Lang::Fr && !left.is_empty() {
                problems.push(format!("{lang} {key}: English {left:?} in {worded:?}"));
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn a_key_the_catalog_lacks_falls_back_to_the_english() {
    let params = [("value", "x".to_string())];
    assert_eq!(
        issue_message(
            Lang::Fr,
            "no_such_code",
            "no_such_code",
            &params,
            "the core's words"
        ),
        "the core's words"
    );
    assert_eq!(
        error_message(Lang::Es, "no_such_key", &params, "the core's words"),
        "the core's words"
    );
    // A finer key the catalog lacks falls back to its code's sentence.
    let params = [("field", "title".to_string())];
    assert_eq!(
        issue_message(
            Lang::Fr,
            "required",
            "required.no_such_key",
            &params,
            "A title is required"
        ),
        "Le titre est obligatoire"
    );
}

/// `cargo test -p peerplan-i18n --test core_messages -- --ignored --nocapture`: every sampled
/// message in the three languages, for reading.
#[test]
#[ignore]
fn print_the_samples() {
    let issues: Vec<Issue> = pure_issues()
        .into_iter()
        .chain(store_issues())
        .chain(operation_issues())
        .collect();
    let mut seen = std::collections::BTreeSet::new();
    for issue in issues {
        if !seen.insert(issue.key) {
            continue;
        }
        println!("{}", issue.key);
        for lang in Lang::ALL {
            println!(
                "  {lang}: {}",
                issue_message(lang, issue.code, issue.key, &issue.params, &issue.message)
            );
        }
    }
    for error in sample_errors() {
        println!("{}", error.message_key());
        for lang in Lang::ALL {
            println!(
                "  {lang}: {}",
                error_message(
                    lang,
                    error.message_key(),
                    &error.params(),
                    &error.to_string()
                )
            );
        }
    }
}

#[test]
fn a_folder_syncs_outcomes_read_as_the_core_writes_them_and_in_french() {
    use peerplan_core::sync::folder::FileOutcome;
    let outcome = |status: &'static str,
                   message: &str,
                   params: Vec<(&'static str, String)>,
                   error: Option<Error>| FileOutcome {
        file: "ana.peerplan".into(),
        status,
        message: message.into(),
        params,
        error: error.map(|e| (e.message_key(), e.params(), e.to_string())),
        installation_name: None,
        report: None,
    };
    let counts = vec![
        ("new", "3".to_string()),
        ("changed", "1".to_string()),
        ("deleted", "0".to_string()),
        ("conflicts", "2".to_string()),
        ("installation", "Amina".to_string()),
    ];
    let missing = Error::Sync(SyncError::Vanished("ana.peerplan".into()));
    let outcomes = [
        outcome(
            "own",
            "a copy of your own file (made by the sync client); nothing to merge",
            vec![],
            None,
        ),
        outcome("unchanged", "nothing new from Amina", counts.clone(), None),
        outcome(
            "merged",
            "3 new, 1 changed, 0 deleted, 2 conflicts from Amina",
            counts,
            None,
        ),
        outcome(
            "skipped",
            &format!("{missing} (skipped; it will be retried at the next sync)"),
            vec![],
            Some(missing),
        ),
        outcome(
            "refused",
            "ana.peerplan does not exist",
            vec![],
            Some(Error::Sync(SyncError::Missing("ana.peerplan".into()))),
        ),
    ];
    for o in &outcomes {
        let english = o.worded(|key, params, english| {
            peerplan_i18n::text_message(Lang::En, key, params, english)
        });
        assert_eq!(english, o.message);
        let from_catalog = o.worded(|key, params, english| {
            peerplan_i18n::text_from_catalog(Lang::En, key, params)
                .unwrap_or_else(|| format!("(none: {english})"))
        });
        assert_eq!(from_catalog, o.message, "{}", o.status);
        let french = o.worded(|key, params, english| {
            peerplan_i18n::text_message(Lang::Fr, key, params, english)
        });
        assert!(
            english_left_in(&french).is_empty() && french != o.message,
            "{french}"
        );
    }
}

#[test]
fn a_planned_contact_without_a_summary_is_named_in_every_language() {
    for (lang, want) in [
        (Lang::En, "Call planned"),
        (Lang::Fr, "Contact prévu (Appel)"),
        (Lang::Es, "Contacto previsto (Llamada)"),
    ] {
        let params = [("channel", "call".to_string())];
        let worded = peerplan_i18n::text_from_catalog(lang, "signal.contact_planned", &params);
        assert_eq!(worded.as_deref(), Some(want), "{lang}");
    }
}

/// A record's label in the merge preview, the conflicts and the check: every phrase has its
/// words in every catalog, and in French and Spanish reads with no English word and its date
/// in words ("contact du 12 août 2026", not "contact on 2026-08-12").
#[test]
fn record_labels_read_in_french_and_spanish() {
    use peerplan_core::label::{Phrase, RecordLabel};
    use peerplan_i18n::text_message;
    for phrase in Phrase::ALL {
        let values: Vec<&str> = phrase
            .params()
            .iter()
            .map(|name| match *name {
                "date" => "2026-08-12",
                "partnership_status" => "paused",
                "cost_category" => "accommodation",
                _ => "Accra",
            })
            .collect();
        let label = RecordLabel::phrase(phrase, &values);
        let key = label.catalog_key().expect("a phrase has a key");
        for lang in Lang::ALL {
            assert!(has(lang, &key), "{lang} {key}");
        }
        for lang in [Lang::Fr, Lang::Es] {
            let text = text_message(lang, &key, &label.params(), &label.english());
            assert!(
                english_left_in(&text).is_empty() && !text.contains("2026-") && !text.contains('{'),
                "{lang} {key}: {text}"
            );
            for name in ["paused", "accommodation"] {
                assert!(!text.contains(name), "{lang} {key}: {text}");
            }
        }
    }
    let contact = RecordLabel::phrase(Phrase::Contact, &["2026-08-12"]);
    let params = contact.params();
    let key = contact.catalog_key().unwrap();
    assert_eq!(
        text_message(Lang::Fr, &key, &params, &contact.english()),
        "du 12 août 2026"
    );
    assert_eq!(
        text_message(Lang::Es, &key, &params, &contact.english()),
        "del 12 de agosto de 2026"
    );
    assert_eq!(
        text_message(Lang::En, &key, &params, &contact.english()),
        "on 2026-08-12"
    );
    let status = RecordLabel::phrase(Phrase::StatusChange, &["paused", "2026-05-04"]);
    assert_eq!(
        text_message(
            Lang::Fr,
            &status.catalog_key().unwrap(),
            &status.params(),
            &status.english()
        ),
        "en pause le 4 mai 2026"
    );
}

/// Every setting the store writes (the norms, the signals' thresholds, the reporting
/// currency) reads in the merge preview as the Settings page names it, in every language:
/// never as its key ("norms.city_size_max").
#[test]
fn settings_are_named_as_the_settings_page_names_them() {
    use peerplan_core::label::{Phrase, RecordLabel};
    use peerplan_i18n::text_message;
    let mut store = Store::open_in_memory().unwrap();
    store.set_norms(&Norms::default()).unwrap();
    store.set_signal_norms(&SignalNorms::default()).unwrap();
    store.set_reporting_currency("EUR").unwrap();
    let keys: Vec<String> = store
        .conn()
        .prepare("SELECT key FROM settings ORDER BY key")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    assert!(keys.len() >= 18, "{keys:?}");
    for lang in Lang::ALL {
        let mut names = std::collections::BTreeSet::new();
        for key in &keys {
            let label = RecordLabel::phrase(Phrase::Setting, &[key]);
            let text = text_message(
                lang,
                &label.catalog_key().unwrap(),
                &label.params(),
                &label.english(),
            );
            assert!(
                !text.contains('.') && !text.contains('_') && !text.contains('{'),
                "{lang} {key}: {text}"
            );
            // Two settings never read alike.
            assert!(names.insert(text.clone()), "{lang} {key}: {text} twice");
        }
    }
    let city_most = RecordLabel::phrase(Phrase::Setting, &["norms.city_size_max"]);
    let key = city_most.catalog_key().unwrap();
    let params = city_most.params();
    assert_eq!(
        text_message(Lang::En, &key, &params, &city_most.english()),
        "City-to-city pairing: most people in an exchange"
    );
    // A setting of a later version reads as its key rather than as nothing.
    let later = RecordLabel::phrase(Phrase::Setting, &["agenda.lunch_minutes"]);
    assert_eq!(
        text_message(Lang::Fr, &key, &later.params(), &later.english()),
        "agenda.lunch_minutes"
    );
}

/// Every source a merge writes in its own words reads in French and Spanish with none of
/// them left, an installation's name kept as it is.
#[test]
fn conflict_sources_read_in_every_language() {
    use peerplan_core::sync::conflicts::source_phrase;
    use peerplan_i18n::text_message;
    let stored = [
        "Amina Diallo (this installation)",
        "another installation",
        "the value before the merge",
        "the record before the merge",
        "the list before the merge",
        "the copy set aside",
        "this installation's version",
        "added on two laptops; the copy with the other id is kept",
        "set equal to the later change of norms.city_size_max (the smallest may not exceed the largest)",
    ];
    for english in stored {
        let (key, params) = source_phrase(english).unwrap_or_else(|| panic!("{english}"));
        for lang in Lang::ALL {
            assert!(has(lang, &key), "{lang} {key}");
        }
        for lang in [Lang::Fr, Lang::Es] {
            let text = text_message(lang, &key, &params, english);
            assert!(
                english_left_in(&text).is_empty()
                    && !text.contains("installation'")
                    && !text.contains("merge")
                    && !text.contains('{'),
                "{lang} {key}: {text}"
            );
        }
    }
    let own = source_phrase("Amina Diallo (this installation)").unwrap();
    assert_eq!(
        text_message(Lang::Fr, &own.0, &own.1, ""),
        "Amina Diallo (cette installation)"
    );
    // The norm a repair followed is named as the Settings page names it, in English too.
    let pair = source_phrase(stored[8]).unwrap();
    let english = text_message(Lang::En, &pair.0, &pair.1, stored[8]);
    assert!(
        english.contains("City-to-city pairing: most people in an exchange")
            && !english.contains("norms."),
        "{english}"
    );
    // A colleague's name is shown as it is, in every language.
    assert_eq!(source_phrase("Jon Berg (Nairobi office)"), None);
}

/// Why a backup was made reads in every language: every reason PeerPlan writes.
#[test]
fn backup_reasons_read_in_every_language() {
    use peerplan_core::sync::backup::{
        reason_phrase, BEFORE_IMPORTING, BEFORE_MERGING, BEFORE_RESTORING, IMPORTED,
    };
    use peerplan_i18n::text_message;
    let mut stored = vec![
        format!("{BEFORE_MERGING}Amina Diallo"),
        BEFORE_RESTORING.to_string(),
    ];
    stored.extend(IMPORTED.iter().map(|w| format!("{BEFORE_IMPORTING}{w}")));
    for english in &stored {
        let (key, params) = reason_phrase(english).unwrap_or_else(|| panic!("{english}"));
        assert_eq!(text_message(Lang::En, &key, &params, english), *english);
        for lang in [Lang::Fr, Lang::Es] {
            let text = text_message(lang, &key, &params, english);
            assert!(
                english_left_in(&text).is_empty()
                    && !text.contains("before")
                    && !text.contains('{'),
                "{lang} {key}: {text}"
            );
        }
    }
    assert_eq!(reason_phrase("bench"), None);
    assert_eq!(reason_phrase("before importing goats"), None);
}
