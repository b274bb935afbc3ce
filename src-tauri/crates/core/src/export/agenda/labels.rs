//! Every word an agenda prints, in English, French and Spanish, and long dates worded in each
//! ("Tuesday 3 March 2026", "mardi 3 mars 2026", "martes 3 de marzo de 2026").
//!
//! Hand-written rather than taken from a locale crate: three languages and a few dozen labels
//! do not justify ICU data in the binary, and officers can read every string here. Dates
//! follow each language's written convention: French writes the first of the month "1er" and
//! lower-cases day and month names; Spanish joins day, month and year with "de".

use chrono::{Datelike, NaiveDate, NaiveTime, Weekday};

use crate::model::{AgendaLanguage, ExchangeFormat, ParticipantRole, SessionKind};

use AgendaLanguage::{En, Es, Fr};

/// Picks the English, French or Spanish wording.
fn pick(
    lang: AgendaLanguage,
    en: &'static str,
    fr: &'static str,
    es: &'static str,
) -> &'static str {
    match lang {
        En => en,
        Fr => fr,
        Es => es,
    }
}

/// The document's kind, printed above its title.
pub fn agenda(lang: AgendaLanguage) -> &'static str {
    pick(lang, "Agenda", "Programme", "Agenda")
}

/// "Day 1", "Jour 1", "Día 1".
pub fn day(lang: AgendaLanguage, number: usize) -> String {
    format!("{} {number}", pick(lang, "Day", "Jour", "Día"))
}

/// Added to a day's heading when its table goes on over the next page.
pub fn continued(lang: AgendaLanguage) -> &'static str {
    pick(lang, "continued", "suite", "continuación")
}

pub fn time(lang: AgendaLanguage) -> &'static str {
    pick(lang, "Time", "Horaire", "Horario")
}

pub fn session(lang: AgendaLanguage) -> &'static str {
    pick(lang, "Session", "Séance", "Sesión")
}

/// The column holding who leads and presents, room and link.
pub fn details(lang: AgendaLanguage) -> &'static str {
    pick(
        lang,
        "Led by / presenters",
        "Animation / intervenants",
        "A cargo de / ponentes",
    )
}

pub fn led_by(lang: AgendaLanguage) -> &'static str {
    pick(lang, "Led by", "Animée par", "A cargo de")
}

pub fn presenters(lang: AgendaLanguage) -> &'static str {
    pick(lang, "Presenters", "Intervenants", "Ponentes")
}

pub fn room(lang: AgendaLanguage) -> &'static str {
    pick(lang, "Room", "Salle", "Sala")
}

pub fn link(lang: AgendaLanguage) -> &'static str {
    pick(lang, "Link", "Lien", "Enlace")
}

pub fn objectives(lang: AgendaLanguage) -> &'static str {
    pick(lang, "Objectives", "Objectifs", "Objetivos")
}

pub fn partnership(lang: AgendaLanguage) -> &'static str {
    pick(lang, "Partnership", "Partenariat", "Asociación")
}

pub fn venue(lang: AgendaLanguage) -> &'static str {
    pick(lang, "Venue", "Lieu", "Sede")
}

pub fn dates(lang: AgendaLanguage) -> &'static str {
    pick(lang, "Dates", "Dates", "Fechas")
}

pub fn dates_to_be_set(lang: AgendaLanguage) -> &'static str {
    pick(
        lang,
        "Dates to be set",
        "Dates à confirmer",
        "Fechas por confirmar",
    )
}

pub fn members(lang: AgendaLanguage) -> &'static str {
    pick(lang, "Members", "Membres", "Miembros")
}

pub fn participants(lang: AgendaLanguage) -> &'static str {
    pick(lang, "Participants", "Participants", "Participantes")
}

pub fn time_zone(lang: AgendaLanguage) -> &'static str {
    pick(lang, "Time zone", "Fuseau horaire", "Zona horaria")
}

/// Under the zones of an agenda with several: the table gives each place's own times.
pub fn times_per_place(lang: AgendaLanguage) -> &'static str {
    match lang {
        En => "each session's times are given for every place",
        Fr => "les horaires de chaque séance sont donnés pour chaque lieu",
        Es => "los horarios de cada sesión se indican para cada lugar",
    }
}

/// Said after the time zone: every time printed is the venue's.
pub fn local_times(lang: AgendaLanguage) -> &'static str {
    pick(
        lang,
        "all times are local",
        "toutes les heures sont locales",
        "todas las horas son locales",
    )
}

pub fn format_label(lang: AgendaLanguage) -> &'static str {
    pick(lang, "Format", "Format", "Modalidad")
}

/// A label and its colon before a value: "Room: ", and in French "Salle : " with the
/// narrow no-break space French typography puts before a colon (it never wraps apart).
pub fn labelled(lang: AgendaLanguage, name: &str) -> String {
    match lang {
        Fr => format!("{name}\u{202f}: "),
        En | Es => format!("{name}: "),
    }
}

/// "Virtual", "In person", "Hybrid".
pub fn exchange_format(lang: AgendaLanguage, format: ExchangeFormat) -> &'static str {
    match format {
        ExchangeFormat::InPerson => pick(lang, "In person", "En présentiel", "Presencial"),
        ExchangeFormat::Virtual => pick(lang, "Virtual", "Virtuel", "Virtual"),
        ExchangeFormat::Hybrid => pick(lang, "Hybrid", "Hybride", "Híbrido"),
    }
}

pub fn session_kind(lang: AgendaLanguage, kind: SessionKind) -> &'static str {
    match kind {
        SessionKind::Opening => pick(lang, "Opening", "Ouverture", "Apertura"),
        SessionKind::Presentation => pick(lang, "Presentation", "Présentation", "Presentación"),
        SessionKind::Panel => pick(lang, "Panel", "Table ronde", "Panel"),
        SessionKind::Discussion => pick(lang, "Discussion", "Discussion", "Debate"),
        SessionKind::WorkingGroup => pick(
            lang,
            "Working group",
            "Groupe de travail",
            "Grupo de trabajo",
        ),
        SessionKind::SiteVisit => pick(lang, "Site visit", "Visite de terrain", "Visita de campo"),
        SessionKind::Break => pick(lang, "Break", "Pause", "Pausa"),
        SessionKind::Meal => pick(lang, "Meal", "Repas", "Comida"),
        SessionKind::Closing => pick(lang, "Closing", "Clôture", "Clausura"),
        SessionKind::Other => pick(lang, "Other", "Autre", "Otro"),
    }
}

/// The English name the store gives people who belong to no member (`AgendaDocDelegation`).
pub const FACILITATION_EN: &str = "Facilitation and resource persons";

pub fn facilitation(lang: AgendaLanguage) -> &'static str {
    pick(
        lang,
        FACILITATION_EN,
        "Facilitation et personnes ressources",
        "Facilitación y personas de recurso",
    )
}

/// A delegation's heading: member labels are names and print as they are; the store's
/// English name for the facilitation group is translated.
pub fn delegation(lang: AgendaLanguage, member: &str) -> String {
    if member.is_empty() || member == FACILITATION_EN {
        facilitation(lang).to_string()
    } else {
        member.to_string()
    }
}

pub fn name(lang: AgendaLanguage) -> &'static str {
    pick(lang, "Name", "Nom", "Nombre")
}

pub fn position(lang: AgendaLanguage) -> &'static str {
    pick(lang, "Position", "Fonction", "Cargo")
}

pub fn role(lang: AgendaLanguage) -> &'static str {
    pick(lang, "Role", "Rôle", "Función")
}

/// A participant's role: the store's roles (by label or stored value) are translated, any
/// other text prints as it is.
pub fn participant_role(lang: AgendaLanguage, role: &str) -> String {
    let known = ParticipantRole::ALL
        .iter()
        .find(|r| r.label() == role || r.as_str() == role);
    let Some(known) = known else {
        return role.to_string();
    };
    match known {
        ParticipantRole::Host => pick(lang, "Host", "Hôte", "Anfitrión"),
        ParticipantRole::VisitingDelegate => pick(
            lang,
            "Visiting delegate",
            "Délégué en visite",
            "Delegado visitante",
        ),
        ParticipantRole::Facilitator => pick(lang, "Facilitator", "Facilitateur", "Facilitador"),
        ParticipantRole::ResourcePerson => pick(
            lang,
            "Resource person",
            "Personne ressource",
            "Persona de recurso",
        ),
        ParticipantRole::Observer => pick(lang, "Observer", "Observateur", "Observador"),
    }
    .to_string()
}

/// "Page 2 of 4", "Page 2 sur 4", "Página 2 de 4".
pub fn page_of(lang: AgendaLanguage, page: usize, pages: usize) -> String {
    match lang {
        En => format!("Page {page} of {pages}"),
        Fr => format!("Page {page} sur {pages}"),
        Es => format!("Página {page} de {pages}"),
    }
}

/// "09:00–10:30" (24-hour clock in every language; an en dash between).
pub fn time_range(start: NaiveTime, end: NaiveTime) -> String {
    format!("{}–{}", start.format("%H:%M"), end.format("%H:%M"))
}

fn weekday_name(lang: AgendaLanguage, day: Weekday) -> &'static str {
    let i = day.num_days_from_monday() as usize;
    match lang {
        En => [
            "Monday",
            "Tuesday",
            "Wednesday",
            "Thursday",
            "Friday",
            "Saturday",
            "Sunday",
        ][i],
        Fr => [
            "lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche",
        ][i],
        Es => [
            "lunes",
            "martes",
            "miércoles",
            "jueves",
            "viernes",
            "sábado",
            "domingo",
        ][i],
    }
}

fn month_name(lang: AgendaLanguage, month: u32) -> &'static str {
    let i = (month.clamp(1, 12) - 1) as usize;
    match lang {
        En => [
            "January",
            "February",
            "March",
            "April",
            "May",
            "June",
            "July",
            "August",
            "September",
            "October",
            "November",
            "December",
        ][i],
        Fr => [
            "janvier",
            "février",
            "mars",
            "avril",
            "mai",
            "juin",
            "juillet",
            "août",
            "septembre",
            "octobre",
            "novembre",
            "décembre",
        ][i],
        Es => [
            "enero",
            "febrero",
            "marzo",
            "abril",
            "mayo",
            "junio",
            "julio",
            "agosto",
            "septiembre",
            "octubre",
            "noviembre",
            "diciembre",
        ][i],
    }
}

/// "3" in English and Spanish; "1er" for the first of the month in French.
fn day_number(lang: AgendaLanguage, d: NaiveDate) -> String {
    match (lang, d.day()) {
        (Fr, 1) => "1er".to_string(),
        (_, n) => n.to_string(),
    }
}

/// Day and month without the year: "3 March", "3 mars", "3 de marzo".
fn day_month(lang: AgendaLanguage, d: NaiveDate) -> String {
    let month = month_name(lang, d.month());
    match lang {
        Es => format!("{} de {month}", day_number(lang, d)),
        _ => format!("{} {month}", day_number(lang, d)),
    }
}

/// "3 March 2026", "3 mars 2026", "3 de marzo de 2026".
pub fn date(lang: AgendaLanguage, d: NaiveDate) -> String {
    match lang {
        Es => format!("{} de {}", day_month(lang, d), d.year()),
        _ => format!("{} {}", day_month(lang, d), d.year()),
    }
}

/// "Tuesday 3 March 2026", "mardi 3 mars 2026", "martes 3 de marzo de 2026".
pub fn long_date(lang: AgendaLanguage, d: NaiveDate) -> String {
    format!("{} {}", weekday_name(lang, d.weekday()), date(lang, d))
}

/// The long date with a capital first letter, for a heading ("Mardi 3 mars 2026").
pub fn long_date_heading(lang: AgendaLanguage, d: NaiveDate) -> String {
    let text = long_date(lang, d);
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => text,
    }
}

/// The exchange's dates worded compactly: "3–5 March 2026", "30 March – 2 April 2026",
/// "30 December 2026 – 2 January 2027" (and the same shapes in French and Spanish).
pub fn date_range(
    lang: AgendaLanguage,
    start: Option<NaiveDate>,
    end: Option<NaiveDate>,
) -> String {
    match (start, end) {
        (None, _) => dates_to_be_set(lang).to_string(),
        (Some(s), None) => date(lang, s),
        (Some(s), Some(e)) if e <= s => date(lang, s),
        (Some(s), Some(e)) if s.year() != e.year() => {
            format!("{} – {}", date(lang, s), date(lang, e))
        }
        (Some(s), Some(e)) if s.month() != e.month() => {
            format!("{} – {}", day_month(lang, s), date(lang, e))
        }
        (Some(s), Some(e)) => format!("{}–{}", day_number(lang, s), date(lang, e)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    #[test]
    fn english() {
        assert_eq!(long_date(En, d("2026-03-03")), "Tuesday 3 March 2026");
        assert_eq!(long_date(En, d("2026-03-01")), "Sunday 1 March 2026");
        assert_eq!(
            date_range(En, Some(d("2026-03-03")), Some(d("2026-03-05"))),
            "3–5 March 2026"
        );
        assert_eq!(
            date_range(En, Some(d("2026-03-30")), Some(d("2026-04-02"))),
            "30 March – 2 April 2026"
        );
        assert_eq!(date_range(En, None, None), "Dates to be set");
        assert_eq!(day(En, 1), "Day 1");
        assert_eq!(page_of(En, 2, 4), "Page 2 of 4");
        assert_eq!(session_kind(En, SessionKind::SiteVisit), "Site visit");
        assert_eq!(exchange_format(En, ExchangeFormat::Virtual), "Virtual");
        assert_eq!(
            participant_role(En, "visiting_delegate"),
            "Visiting delegate"
        );
        assert_eq!(delegation(En, FACILITATION_EN), FACILITATION_EN);
        // English labels match the store's own labels, so the English agenda reads the same
        // as the rest of the app.
        for kind in SessionKind::ALL {
            assert_eq!(session_kind(En, *kind), kind.label());
        }
        for format in ExchangeFormat::ALL {
            assert_eq!(exchange_format(En, *format), format.label());
        }
    }

    #[test]
    fn french() {
        assert_eq!(long_date(Fr, d("2026-03-03")), "mardi 3 mars 2026");
        assert_eq!(long_date(Fr, d("2026-03-01")), "dimanche 1er mars 2026");
        assert_eq!(long_date_heading(Fr, d("2026-03-03")), "Mardi 3 mars 2026");
        assert_eq!(date(Fr, d("2026-08-15")), "15 août 2026");
        assert_eq!(
            date_range(Fr, Some(d("2026-03-03")), Some(d("2026-03-05"))),
            "3–5 mars 2026"
        );
        assert_eq!(
            date_range(Fr, Some(d("2026-12-30")), Some(d("2027-01-02"))),
            "30 décembre 2026 – 2 janvier 2027"
        );
        assert_eq!(day(Fr, 2), "Jour 2");
        assert_eq!(page_of(Fr, 2, 4), "Page 2 sur 4");
        assert_eq!(led_by(Fr), "Animée par");
        assert_eq!(labelled(Fr, room(Fr)), "Salle\u{202f}: ");
        assert_eq!(labelled(En, room(En)), "Room: ");
        assert_eq!(session_kind(Fr, SessionKind::Break), "Pause");
        assert_eq!(
            exchange_format(Fr, ExchangeFormat::InPerson),
            "En présentiel"
        );
        assert_eq!(participant_role(Fr, "Host"), "Hôte");
        assert_eq!(participant_role(Fr, "Mayor's adviser"), "Mayor's adviser");
        assert_eq!(
            delegation(Fr, FACILITATION_EN),
            "Facilitation et personnes ressources"
        );
        assert_eq!(delegation(Fr, "Kenya (KE)"), "Kenya (KE)");
    }

    #[test]
    fn spanish() {
        assert_eq!(long_date(Es, d("2026-03-03")), "martes 3 de marzo de 2026");
        assert_eq!(
            long_date(Es, d("2026-03-04")),
            "miércoles 4 de marzo de 2026"
        );
        assert_eq!(
            long_date_heading(Es, d("2026-03-07")),
            "Sábado 7 de marzo de 2026"
        );
        assert_eq!(
            date_range(Es, Some(d("2026-03-03")), Some(d("2026-03-05"))),
            "3–5 de marzo de 2026"
        );
        assert_eq!(
            date_range(Es, Some(d("2026-03-30")), Some(d("2026-04-02"))),
            "30 de marzo – 2 de abril de 2026"
        );
        assert_eq!(day(Es, 3), "Día 3");
        assert_eq!(page_of(Es, 2, 4), "Página 2 de 4");
        assert_eq!(
            session_kind(Es, SessionKind::WorkingGroup),
            "Grupo de trabajo"
        );
        assert_eq!(exchange_format(Es, ExchangeFormat::Hybrid), "Híbrido");
        assert_eq!(time_zone(Es), "Zona horaria");
    }

    #[test]
    fn times_use_a_24_hour_clock_and_an_en_dash() {
        let t = |s: &str| NaiveTime::parse_from_str(s, "%H:%M").unwrap();
        assert_eq!(time_range(t("09:00"), t("10:30")), "09:00–10:30");
        assert_eq!(time_range(t("13:05"), t("17:45")), "13:05–17:45");
    }
}
