//! What an edge sees when it sets the core's wording hooks (as the desktop shell does): every
//! issue, problem and folder-sync outcome serialises its message in the edge's language, with
//! its key and parameters beside it. (Its own test binary: the hooks are set once per process.)

use peerplan_core::validate::{self, Problem, Report};
use peerplan_i18n::Lang;

fn in_french(code: &str, key: &str, params: &[(&'static str, String)], english: &str) -> String {
    peerplan_i18n::issue_message(Lang::Fr, code, key, params, english)
}

fn text_in_french(key: &str, params: &[(&'static str, String)], english: &str) -> String {
    peerplan_i18n::text_message(Lang::Fr, key, params, english)
}

#[test]
fn issues_problems_and_nouns_serialise_in_the_edges_language() {
    validate::set_message_wording(in_french);
    validate::set_text_wording(text_in_french);
    let mut report = Report::default();
    report
        .error("title", "required", "A title is required")
        .with("field", "title");
    let json = serde_json::to_value(&report).unwrap();
    assert_eq!(
        json["issues"][0],
        serde_json::json!({
            "severity": "error", "field": "title", "code": "required",
            "message": "Le titre est obligatoire", "key": "required", "params": {"field": "title"}
        })
    );
    let problem = Problem {
        field: "country_code".into(),
        code: "unknown_country",
        key: "unknown_country",
        params: vec![("value", "ZZ".into())],
        message: "'ZZ' is not an ISO 3166-1 alpha-2 country code (two capital letters, e.g. KE for Kenya)".into(),
    };
    assert_eq!(
        problem.to_string(),
        format!("country_code: {}", problem.message)
    );
    let json = serde_json::to_value(&problem).unwrap();
    assert!(
        json.as_str()
            .unwrap()
            .starts_with("country_code: « ZZ » n’est pas un code pays"),
        "{json}"
    );
    let mut sink = serde_json::Serializer::new(Vec::new());
    validate::serialize_noun("follow-up action", &mut sink).unwrap();
    assert_eq!(
        String::from_utf8(sink.into_inner()).unwrap(),
        "\"action de suivi\""
    );
}
