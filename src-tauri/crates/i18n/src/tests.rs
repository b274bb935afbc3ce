use super::*;

#[test]
fn locales_as_systems_write_them_are_read() {
    assert_eq!(Lang::parse("fr_FR.UTF-8"), Some(Lang::Fr));
    assert_eq!(Lang::parse("es-MX"), Some(Lang::Es));
    assert_eq!(Lang::parse("en_GB"), Some(Lang::En));
    assert_eq!(Lang::parse("Français"), Some(Lang::Fr));
    assert_eq!(Lang::parse("Español"), Some(Lang::Es));
    assert_eq!(Lang::parse("de_DE.UTF-8"), None);
    assert_eq!(Lang::parse("C"), None);
}

#[test]
fn the_environment_decides_in_posix_order() {
    let env = |pairs: &'static [(&'static str, &'static str)]| {
        move |name: &str| {
            pairs
                .iter()
                .find(|(n, _)| *n == name)
                .map(|(_, v)| v.to_string())
        }
    };
    assert_eq!(
        Lang::from_env_with(env(&[("LANG", "fr_FR.UTF-8")])),
        Lang::Fr
    );
    assert_eq!(
        Lang::from_env_with(env(&[("LANG", "fr_FR.UTF-8"), ("LC_ALL", "es_ES.UTF-8")])),
        Lang::Es
    );
    assert_eq!(
        Lang::from_env_with(env(&[("LANG", "es_ES.UTF-8"), ("LC_ALL", "")])),
        Lang::Es
    );
    assert_eq!(Lang::from_env_with(env(&[("LANG", "C.UTF-8")])), Lang::En);
    assert_eq!(Lang::from_env_with(env(&[])), Lang::En);
}

#[test]
fn placeholders_are_filled_and_unknown_ones_kept() {
    let args = [("name", "Kenya".to_string())];
    assert_eq!(
        fill("Hello {name}, {other} {", &args),
        "Hello Kenya, {other} {"
    );
}

#[test]
fn numbers_and_money_are_written_as_each_language_writes_them() {
    assert_eq!(number_text(Lang::En, "1234.50"), "1,234.50");
    assert_eq!(number_text(Lang::Fr, "1234.50"), "1\u{202f}234,50");
    assert_eq!(number_text(Lang::Es, "1234.50"), "1234,50");
    assert_eq!(number_text(Lang::Es, "-12345.5"), "-12.345,5");
    assert_eq!(number_text(Lang::En, "not a number"), "not a number");
    assert_eq!(
        money_text(Lang::Fr, "1234.50", "EUR"),
        "1\u{202f}234,50\u{a0}EUR"
    );
    assert_eq!(money_text(Lang::En, "1234.50", "USD"), "USD\u{a0}1,234.50");
}

#[test]
fn accented_names_sort_with_their_letter() {
    let mut names = vec![
        "Érythrée",
        "Espagne",
        "Égypte",
        "Eswatini",
        "Zambie",
        "Algérie",
    ];
    sort_by_name(Lang::Fr, &mut names, |n| n);
    assert_eq!(
        names,
        [
            "Algérie",
            "Égypte",
            "Érythrée",
            "Espagne",
            "Eswatini",
            "Zambie"
        ]
    );
    let mut names = vec!["Ñandú", "Nueva Zelanda", "Oman", "Namibia"];
    sort_by_name(Lang::Es, &mut names, |n| n);
    assert_eq!(names, ["Namibia", "Nueva Zelanda", "Ñandú", "Oman"]);
}
