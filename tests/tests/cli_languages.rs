//! The CLI in French and Spanish: it speaks the environment's language (`LC_ALL`,
//! `LC_MESSAGES`, `LANG`) or `--lang`'s, and writes its documents — the costs workbook and CSV,
//! the partnership summary, follow-up reminders, lists and agendas — in it, countries and
//! currencies named in it. English stays as it always was (the other `cli*.rs` tests).

use std::path::Path;
use std::process::Command;

use calamine::{open_workbook, Data, Reader, Xlsx};
use peerplan_tests::cli;
use peerplan_tests::text::{self, pdf_text};

/// Runs peerplan on `home/pp.db` with the environment's language variables replaced by
/// `env`; returns (exit code, stdout, stderr).
fn peerplan_env(home: &Path, env: &[(&str, &str)], args: &[&str]) -> (i32, String, String) {
    let db = home.join("pp.db");
    let mut command = Command::new(cli::peerplan_binary());
    command
        .args(["--db", db.to_str().unwrap()])
        .args(args)
        .env_remove("LC_ALL")
        .env_remove("LC_MESSAGES")
        .env_remove("LANG")
        .env("PEERPLAN_DATA_DIR", home.join("data"))
        .env("HOME", home)
        .env("XDG_DATA_HOME", home.join("xdg"));
    for (name, value) in env {
        command.env(name, value);
    }
    let out = command.output().expect("run peerplan");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// Runs peerplan with the given arguments only (`--lang` among them), in a C locale.
fn peerplan(home: &Path, args: &[&str]) -> (i32, String, String) {
    peerplan_env(home, &[("LANG", "C.UTF-8")], args)
}

const FRENCH: &[(&str, &str)] = &[("LANG", "fr_FR.UTF-8")];

fn text(cell: &Data) -> String {
    match cell {
        Data::String(s) => s.clone(),
        Data::Empty => String::new(),
        other => other.to_string(),
    }
}

#[test]
fn lang_fr_in_the_environment_prints_french() {
    let home = cli::demo_home();
    let (code, out, err) = peerplan_env(home.path(), FRENCH, &["stats"]);
    assert_eq!(code, 0, "{err}");
    for line in [
        "5  partenariats",
        "1    Échanges en cours",
        "72  personnes",
        "11  actions de suivi",
    ] {
        assert!(out.contains(line), "missing {line:?} in\n{out}");
    }
    // LC_ALL wins over LANG, as POSIX has it; "C" is English.
    let (_, out, _) = peerplan_env(
        home.path(),
        &[("LANG", "fr_FR.UTF-8"), ("LC_ALL", "es_ES.UTF-8")],
        &["stats"],
    );
    assert!(out.contains("5  asociaciones"), "{out}");
    let (_, out, _) = peerplan_env(home.path(), &[("LC_ALL", "C")], &["stats"]);
    assert!(out.contains("5  partnerships"), "{out}");

    // The budget: French words, numbers as French writes them, the rules in French.
    let (code, out, err) = peerplan_env(home.path(), FRENCH, &["costs"]);
    assert_eq!(code, 0, "{err}");
    for expected in [
        "Budget de tout le portefeuille, en USD",
        "INCOMPLET : 1\u{a0}ligne est laissée hors des totaux ci-dessous faute de taux ; ajoutez :",
        "LRD→USD au 2027-03-09 ou avant",
        "Estimation",
        "Par catégorie",
        "Voyages internationaux",
        "Qui paie",
        "Budget propre : Irlande (IE)",
        "63\u{202f}969,65",
        "(3,8 %)",
        "1 USD = 10,95 GHS (taux du 2026-01-02), utilisé pour GHS→USD",
    ] {
        assert!(out.contains(expected), "missing {expected:?} in\n{out}");
    }
    assert!(!out.contains("Budget of"), "{out}");

    // The follow-up dashboard, Kenya named in French.
    let (code, out, err) =
        peerplan_env(home.path(), FRENCH, &["followup", "--today", "2026-11-23"]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("Suivi au 2026-11-23"), "{out}");
    assert!(out.contains("Actions en retard :"), "{out}");
    assert!(
        out.contains("(23\u{a0}jours de retard), responsable : Kenya (KE)"),
        "{out}"
    );

    // Usage errors too: found while the command line is read, still in French.
    let (code, _, err) = peerplan_env(home.path(), FRENCH, &["agenda", "Study", "--paper", "a5"]);
    assert_eq!(code, 2);
    assert!(
        err.contains("« a5 » n’est pas un format de papier ; utilisez a4 ou letter"),
        "{err}"
    );
    let (code, _, err) = peerplan_env(
        home.path(),
        FRENCH,
        &["summary", "no such thing", "--pdf", "x.pdf"],
    );
    assert_eq!(code, 1);
    assert!(
        err.contains("aucun partenariat n’a l’identifiant « no such thing »"),
        "{err}"
    );
}

#[test]
fn the_lang_option_wins_over_the_environment() {
    let home = cli::demo_home();
    let (code, out, err) = peerplan_env(home.path(), FRENCH, &["--lang", "en", "stats"]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("5  partnerships"), "{out}");
    // After the command, as a global option, and as --lang=…
    let (_, out, _) = peerplan(home.path(), &["stats", "--lang", "es"]);
    assert!(out.contains("72  personas"), "{out}");
    let (_, out, _) = peerplan(home.path(), &["--lang=fr", "stats"]);
    assert!(out.contains("72  personnes"), "{out}");
    // A language PeerPlan does not speak is a usage error, worded as before.
    let (code, _, err) = peerplan(home.path(), &["--lang", "de", "stats"]);
    assert_eq!(code, 2);
    assert!(
        err.contains("\"de\" is not a language of printed agendas; use en, fr or es"),
        "{err}"
    );
}

#[test]
fn lang_es_agenda_names_countries_and_days_in_spanish() {
    let home = cli::demo_home();
    let (code, out, err) = peerplan(home.path(), &["--lang", "es", "agenda", "Study visit"]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("Día 1 · martes 16 de junio de 2026"), "{out}");
    assert!(out.contains("horarios en hora de Africa/Accra"), "{out}");
    let html = home.path().join("accra.html");
    let (code, out, err) = peerplan(
        home.path(),
        &[
            "--lang",
            "es",
            "agenda",
            "Study visit",
            "--html",
            html.to_str().unwrap(),
        ],
    );
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("escrita como página HTML"), "{out}");
    let page = std::fs::read_to_string(&html).unwrap();
    assert!(page.contains("Kenia (KE)"), "{page}");
    assert!(!page.contains("Kenya (KE)"), "{page}");
    // The French environment alone keeps the agenda's own language (English here) and
    // says so in French.
    let (code, out, err) = peerplan_env(
        home.path(),
        FRENCH,
        &["agenda", "Study visit", "--html", html.to_str().unwrap()],
    );
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("écrit en page HTML"), "{out}");
    assert!(std::fs::read_to_string(&html)
        .unwrap()
        .contains("Kenya (KE)"));
}

#[test]
fn the_costs_workbook_and_csv_in_french_and_spanish() {
    let home = cli::demo_home();
    let xlsx = home.path().join("couts.xlsx");
    let csv = home.path().join("costos.csv");
    let (code, _, err) = peerplan(
        home.path(),
        &["--lang", "fr", "costs", "--xlsx", xlsx.to_str().unwrap()],
    );
    assert_eq!(code, 0, "{err}");
    assert!(err.contains("lignes et les totaux écrits dans"), "{err}");
    let mut workbook: Xlsx<_> = open_workbook(&xlsx).unwrap();
    assert_eq!(
        workbook.sheet_names(),
        ["À propos", "Lignes", "Totaux", "Taux"]
    );

    let lines = workbook.worksheet_range("Lignes").unwrap();
    let rows: Vec<&[Data]> = lines.rows().collect();
    let header: Vec<String> = rows[0].iter().map(text).collect();
    assert_eq!(
        header,
        [
            "Partenariat",
            "Échange",
            "Début de l’échange",
            "Catégorie",
            "Description",
            "Voyageur",
            "Étape",
            "Bailleur",
            "Payé sur",
            "Date",
            "Référence",
            "Quantité",
            "Montant unitaire",
            "Devise",
            "Total",
            "Total en USD",
            "Taux utilisé",
            "Identifiant de la ligne",
        ]
    );
    let column = |name: &str| header.iter().position(|h| h == name).unwrap();
    let categories: Vec<String> = rows[1..]
        .iter()
        .map(|r| text(&r[column("Catégorie")]))
        .collect();
    for category in [
        "Voyages internationaux",
        "Hébergement",
        "Salle et restauration",
    ] {
        assert!(
            categories.iter().any(|c| c == category),
            "{category} in {categories:?}"
        );
    }
    let stages: Vec<String> = rows[1..]
        .iter()
        .map(|r| text(&r[column("Étape")]))
        .collect();
    assert!(stages.iter().any(|s| s == "Réel / payé"), "{stages:?}");
    assert!(rows[1..]
        .iter()
        .any(|r| text(&r[column("Taux utilisé")]) == "manquant : LRD→USD au 2027-03-09 ou avant"));
    // Amounts stay numbers.
    assert!(rows[1..]
        .iter()
        .any(|r| matches!(r[column("Total en USD")], Data::Float(_))));

    let about = workbook.worksheet_range("À propos").unwrap();
    let about: Vec<(String, String)> = about.rows().map(|r| (text(&r[0]), text(&r[1]))).collect();
    let said = |label: &str| {
        about
            .iter()
            .find(|(l, _)| l == label)
            .map(|(_, v)| v.clone())
            .unwrap_or_else(|| panic!("À propos does not say {label}: {about:?}"))
    };
    assert_eq!(said("Devise de rapport"), "USD");
    assert!(said("Filtre : Filtres").starts_with("aucun"));
    assert!(said("Complet").starts_with("Non : 1\u{a0}ligne laissée de côté"));
    assert!(said("Règle de comparaison").starts_with("L’écart (réel − estimation)"));
    // Currencies named in French, in French order ("Cedi du Ghana" before "Dollar…").
    let currencies = said("Devises");
    assert!(
        currencies.contains("GHS (Cedi du Ghana), USD (Dollar américain), LRD (Dollar libérien)"),
        "{currencies}"
    );
    let totals = workbook.worksheet_range("Totaux").unwrap();
    let sections: Vec<String> = totals.rows().map(|r| text(&r[0])).collect();
    for section in [
        "Rubrique",
        "Total",
        "Catégorie",
        "Payé par",
        "Mois de l’échange",
        "Échange",
    ] {
        assert!(
            sections.iter().any(|s| s == section),
            "{section} in {sections:?}"
        );
    }
    let names: Vec<String> = totals.rows().map(|r| text(&r[1])).collect();
    assert!(
        names.iter().any(|n| n == "Voyages internationaux"),
        "{names:?}"
    );
    assert!(
        names
            .iter()
            .any(|n| n == "Le réseau et les bailleurs indiqués"),
        "{names:?}"
    );

    let (code, _, err) = peerplan(
        home.path(),
        &["--lang", "es", "costs", "--csv", csv.to_str().unwrap()],
    );
    assert_eq!(code, 0, "{err}");
    let csv = std::fs::read_to_string(&csv).unwrap();
    let header = csv.split("\r\n").next().unwrap();
    assert_eq!(
        header,
        "\u{feff}Asociación,Intercambio,Inicio del intercambio,Categoría,Descripción,Viajero,Etapa,\
         Financiador,Pagado con,Fecha,Referencia,Cantidad,Importe unitario,Moneda,Total,\
         Total en USD,Tipo de cambio aplicado,Id. de la línea"
    );
    assert!(csv.contains(",Viajes internacionales,"), "{csv}");
    assert!(csv.contains("Presupuesto propio de Irlanda (IE)"), "{csv}");
}

#[test]
fn the_summary_pdf_in_spanish_names_countries_in_spanish() {
    let home = cli::demo_home();
    let pdf = home.path().join("resumen.pdf");
    let (code, out, err) = peerplan(
        home.path(),
        &[
            "--lang",
            "es",
            "summary",
            "NAP monitoring",
            "--pdf",
            pdf.to_str().unwrap(),
            "--today",
            "2026-11-23",
        ],
    );
    assert_eq!(code, 0, "{err}");
    assert!(out.starts_with("Resumen de «Ghana–Kenya"), "{out}");
    let pdf_text = pdf_text(&pdf);
    text::assert_in_order(
        &pdf_text,
        &[
            "RESUMEN DE LA ALIANZA",
            "Asociación de aprendizaje entre pares 1:1 · Intercambios activos",
            "Miembros",
            "Ghana (GH) — Gobierno nacional",
            "Kenia (KE) — Gobierno nacional",
            "Objetivos",
            "propuesto por Kenia (KE)",
            "Intercambios",
            "Realizados",
            "16–18 de junio de 2026 · Presencial · Accra, Ghana",
            "Estado del seguimiento",
            "Contacto: 74 días desde el último contacto",
            "Inactividad:",
            "Últimas lecciones",
            "Impreso el 23 de noviembre de 2026",
        ],
        "the Spanish summary",
    );
    assert!(!pdf_text.contains("Kenya (KE)"), "{pdf_text}");
}

#[test]
fn reminders_in_french() {
    let home = cli::demo_home();
    let ics = home.path().join("rappels.ics");
    let (code, out, err) = peerplan_env(
        home.path(),
        FRENCH,
        &["followup", "--ics", ics.to_str().unwrap()],
    );
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("rappels écrits dans"), "{out}");
    let text = std::fs::read_to_string(&ics).unwrap().replace("\r\n ", "");
    assert!(
        text.contains("X-WR-CALNAME:Actions de suivi PeerPlan"),
        "{text}"
    );
    assert!(text.contains(r"DESCRIPTION:Partenariat : "), "{text}");
    assert!(text.contains(r"\nStatut : Prévue"), "{text}");
    assert!(
        text.contains(r"\nTiré du plan de suivi de PeerPlan."),
        "{text}"
    );
    assert!(
        text.contains("DESCRIPTION:Échéance aujourd’hui : "),
        "{text}"
    );
}

/// A list sent out in French comes back matched: its French headers are words the importer
/// reads, its countries French names it knows.
#[test]
fn a_french_people_list_comes_back_matched() {
    let home = cli::demo_home();
    let list = home.path().join("personnes.csv");
    let (code, _, err) = peerplan(
        home.path(),
        &["--lang", "fr", "list-out", "people", list.to_str().unwrap()],
    );
    assert_eq!(code, 0, "{err}");
    assert!(err.contains("Lignes écrites dans"), "{err}");
    let csv = std::fs::read_to_string(&list).unwrap();
    assert!(
        csv.starts_with("\u{feff}Nom,Organisme,Fonction,Pays,Courriel,Téléphone,Notes\r\n"),
        "{csv}"
    );
    assert!(csv.contains(",Irlande,"), "{csv}");
    let (code, out, err) = peerplan(
        home.path(),
        &["import", "people", list.to_str().unwrap(), "--dry-run"],
    );
    assert_eq!(code, 0, "{out}{err}");
    assert!(
        out.contains("0 new, 0 updated, 72 already up to date, 0 rows with problems"),
        "{out}"
    );
}
