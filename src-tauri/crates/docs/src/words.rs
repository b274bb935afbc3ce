//! The documents' words in a language: catalog messages (`t`), the core's enum values
//! (`label`), countries, currencies, members, dates and numbers, each the way the document's
//! language writes them. In English every helper gives exactly the text the documents wrote
//! before they had a language (the core's labels, ISO dates where they were ISO, amounts as
//! they were), so English documents do not change.

use chrono::NaiveDate;

use peerplan_core::countries;
use peerplan_core::export::agenda::labels;
use peerplan_core::export::summary::SummaryWords;
use peerplan_core::model::{
    ActionStatus, AgendaLanguage, Attendance, ContactChannel, CostCategory, CostStage,
    ExchangeFormat, ExchangeStatus, LearningKind, MemberLevel, PaperSize, ParticipantRole,
    PartnershipKind, PartnershipStatus, SessionKind,
};
use peerplan_core::money;
use peerplan_core::signals::{self, ActionDue, GoingQuiet, MemberShare, OneSided};

pub use peerplan_i18n::Lang;

/// The message `key` in `lang`, its `{name}` placeholders filled from `args`.
pub fn t(lang: Lang, key: &str, args: &[(&str, String)]) -> String {
    peerplan_i18n::t(lang, key, args)
}

/// The core's language of printed agendas for `lang` (the agenda's labels and dates live in
/// the core, `export::agenda::labels`).
pub fn agenda_language(lang: Lang) -> AgendaLanguage {
    match lang {
        Lang::En => AgendaLanguage::En,
        Lang::Fr => AgendaLanguage::Fr,
        Lang::Es => AgendaLanguage::Es,
    }
}

/// The document language of an agenda language.
pub fn lang_of(language: AgendaLanguage) -> Lang {
    match language {
        AgendaLanguage::En => Lang::En,
        AgendaLanguage::Fr => Lang::Fr,
        AgendaLanguage::Es => Lang::Es,
    }
}

/// An enum of the core that a document names: its catalog name ("cost_category"), its
/// values' codes and the core's English labels.
pub trait Labelled: Copy {
    const NAME: &'static str;
    fn code(self) -> &'static str;
    fn english(self) -> &'static str;
}

macro_rules! labelled {
    ($($ty:ty => $name:literal),* $(,)?) => {
        $(impl Labelled for $ty {
            const NAME: &'static str = $name;
            fn code(self) -> &'static str {
                self.as_str()
            }
            fn english(self) -> &'static str {
                self.label()
            }
        })*
    };
}

labelled!(
    PartnershipKind => "partnership_kind",
    PartnershipStatus => "partnership_status",
    MemberLevel => "member_level",
    ExchangeFormat => "exchange_format",
    ExchangeStatus => "exchange_status",
    ParticipantRole => "participant_role",
    Attendance => "attendance",
    ContactChannel => "contact_channel",
    ActionStatus => "action_status",
    LearningKind => "learning_kind",
    PaperSize => "paper_size",
    CostCategory => "cost_category",
    CostStage => "cost_stage",
    SessionKind => "session_kind",
);

/// An enum value's label: the core's own in English, the catalog's
/// `enum.<name>.<value>` in French and Spanish.
pub fn label<E: Labelled>(lang: Lang, value: E) -> String {
    enum_label(lang, E::NAME, value.code(), value.english())
}

/// `label` by name and code, for callers that hold them as text.
pub fn enum_label(lang: Lang, name: &str, code: &str, english: &str) -> String {
    match lang {
        Lang::En => english.to_string(),
        _ => t(lang, &format!("enum.{name}.{code}"), &[]),
    }
}

/// A country's name in `lang` ("Kenia"); the code itself when it is not a country.
pub fn country_name(lang: Lang, code: &str) -> String {
    countries::name_in(code, lang.code())
        .unwrap_or(code)
        .to_string()
}

/// "Kenia (KE)": a country as the app labels it, in `lang`.
pub fn country_label(lang: Lang, code: &str) -> String {
    countries::label_in(code, lang.code())
}

/// A currency's name in `lang` ("Chelín keniata"); the code itself when unknown.
pub fn currency_name(lang: Lang, code: &str) -> String {
    money::currency_name_in(code, lang.code())
        .unwrap_or(code)
        .to_string()
}

/// A member's label as the core writes it ("Nairobi City County — Kenya (KE)", "Ghana
/// (GH)", "an unknown member"), in `lang`: the country at its end is named in `lang`. The
/// core labels members in English everywhere (signals, budgets), and a label always ends with
/// its country's name and code, so the country is found there rather than looked up again.
pub fn member_label(lang: Lang, english: &str) -> String {
    if lang == Lang::En {
        return english.to_string();
    }
    if english == "an unknown member" {
        return t(lang, "doc.unknown_member", &[]);
    }
    let relabelled = english.strip_suffix(')').and_then(|rest| {
        let open = rest.rfind(" (")?;
        let code = &rest[open + 2..];
        if code.len() != 2 || !code.bytes().all(|b| b.is_ascii_uppercase()) {
            return None;
        }
        let head = rest[..open].strip_suffix(countries::name(code)?)?;
        Some(format!("{head}{}", country_label(lang, code)))
    });
    relabelled.unwrap_or_else(|| english.to_string())
}

/// "3 March 2026", "1er mars 2026", "3 de marzo de 2026" (as agendas write dates).
pub fn date(lang: Lang, d: NaiveDate) -> String {
    labels::date(agenda_language(lang), d)
}

/// "12–14 March 2026", "30 mars – 2 avril 2026", "Fechas por confirmar".
pub fn date_range(lang: Lang, start: Option<NaiveDate>, end: Option<NaiveDate>) -> String {
    labels::date_range(agenda_language(lang), start, end)
}

/// A count as `lang` writes it ("12 345" in French); English as it always was ("12345").
pub fn count(lang: Lang, n: impl Into<i64>) -> String {
    let n = n.into().to_string();
    match lang {
        Lang::En => n,
        _ => peerplan_i18n::number_text(lang, &n),
    }
}

/// A decimal ("655.957", "29.6") as `lang` writes it ("655,957"); English as it is.
pub fn decimal(lang: Lang, text: &str) -> String {
    match lang {
        Lang::En => text.to_string(),
        _ => peerplan_i18n::number_text(lang, text),
    }
}

/// `items` joined as a list ("a, b, c").
pub fn list(items: &[String]) -> String {
    items.join(", ")
}

/// The summary's words in `lang`, from the catalog (`doc.summary.*`). In English they are
/// the core's own, word for word (tested against `summary::English`).
#[derive(Debug, Clone, Copy)]
pub struct CatalogWords(pub Lang);

impl CatalogWords {
    fn days_text(&self, n: i64) -> String {
        t(self.0, "doc.summary.days", &[("count", count(self.0, n))])
    }

    fn owner(&self, owner: &Option<String>) -> String {
        owner
            .as_ref()
            .map(|o| t(self.0, "doc.summary.owner", &[("owner", o.clone())]))
            .unwrap_or_default()
    }
}

impl SummaryWords for CatalogWords {
    fn date(&self, d: NaiveDate) -> String {
        date(self.0, d)
    }
    fn date_range(&self, start: Option<NaiveDate>, end: Option<NaiveDate>) -> String {
        date_range(self.0, start, end)
    }
    fn period(&self, start: NaiveDate, end: Option<NaiveDate>) -> String {
        match end {
            None => t(
                self.0,
                "doc.summary.since",
                &[("date", date(self.0, start))],
            ),
            Some(end) => t(
                self.0,
                "doc.summary.period",
                &[("start", date(self.0, start)), ("end", date(self.0, end))],
            ),
        }
    }
    fn country_name(&self, code: &str) -> String {
        country_name(self.0, code)
    }
    fn member_label(&self, english: &str) -> String {
        member_label(self.0, english)
    }
    fn former_member(&self) -> String {
        t(self.0, "doc.summary.former_member", &[])
    }
    fn jointly(&self) -> String {
        t(self.0, "doc.summary.jointly", &[])
    }
    fn label(&self, enum_name: &str, value: &str, english: &'static str) -> String {
        enum_label(self.0, enum_name, value, english)
    }
    fn days(&self, n: i64) -> String {
        self.days_text(n)
    }
    fn next_contact(&self, c: &signals::PlannedContact) -> String {
        t(
            self.0,
            "doc.summary.next_contact",
            &[
                ("date", date(self.0, c.date)),
                ("days", self.days_text(c.days_until)),
                ("channel", label(self.0, c.channel)),
                ("from", c.from.clone()),
                ("to", c.to.clone()),
            ],
        )
    }
    fn overdue(&self, a: &ActionDue) -> String {
        t(
            self.0,
            "doc.summary.overdue_action",
            &[
                ("what", a.what.clone()),
                ("date", date(self.0, a.due_date)),
                ("days", self.days_text(a.days)),
                ("owner", self.owner(&a.owner)),
            ],
        )
    }
    fn upcoming(&self, a: &ActionDue) -> String {
        let when = if a.days == 0 {
            t(self.0, "doc.summary.today", &[])
        } else {
            t(
                self.0,
                "doc.summary.in_days",
                &[("days", self.days_text(a.days))],
            )
        };
        t(
            self.0,
            "doc.summary.upcoming_action",
            &[
                ("what", a.what.clone()),
                ("date", date(self.0, a.due_date)),
                ("when", when),
                ("owner", self.owner(&a.owner)),
            ],
        )
    }
    fn going_quiet(&self, q: &GoingQuiet) -> String {
        let basis = match q.basis {
            signals::ActivityKind::Contact => "doc.summary.basis.contact",
            signals::ActivityKind::CompletedAction => "doc.summary.basis.completed_action",
            signals::ActivityKind::HeldExchange => "doc.summary.basis.held_exchange",
            signals::ActivityKind::PartnershipStart => "doc.summary.basis.start",
        };
        t(
            self.0,
            "doc.summary.going_quiet",
            &[
                ("days", self.days_text(q.days)),
                ("basis", t(self.0, basis, &[])),
                ("date", date(self.0, q.since)),
                ("threshold", self.days_text(q.threshold_days)),
            ],
        )
    }
    fn sessions_led(&self, shares: &[MemberShare]) -> String {
        let items: Vec<String> = shares
            .iter()
            .map(|s| {
                t(
                    self.0,
                    "doc.summary.sessions_led_item",
                    &[
                        ("member", s.label.clone()),
                        ("count", count(self.0, s.count as i64)),
                        ("percent", count(self.0, s.percent)),
                    ],
                )
            })
            .collect();
        list(&items)
    }
    fn one_sided(&self, o: &OneSided) -> String {
        let top = &o.top_initiator;
        t(
            self.0,
            "doc.summary.one_sided",
            &[
                ("member", top.label.clone()),
                ("count", count(self.0, top.count as i64)),
                ("contacts", count(self.0, o.contacts as i64)),
                ("percent", count(self.0, top.percent)),
                ("threshold", count(self.0, o.threshold_percent)),
                ("one_way", count(self.0, o.one_way as i64)),
                ("two_way", count(self.0, o.two_way as i64)),
            ],
        )
    }
}

/// Splits a catalog message into runs around its placeholders, so a document can set each
/// value in its own style ("Actions:  **3** open,  **1** overdue"): `(text, Some(i))` for
/// the value of `args[i]`, `(text, None)` for the words between.
pub fn runs(lang: Lang, key: &str, args: &[(&str, String)]) -> Vec<(String, Option<usize>)> {
    // The template with its placeholders still in it: `t` leaves unknown ones as written.
    let template = t(lang, key, &[]);
    let mut out: Vec<(String, Option<usize>)> = Vec::new();
    let mut words = String::new();
    let mut rest = template.as_str();
    while let Some(open) = rest.find('{') {
        let after = &rest[open + 1..];
        let found = after.find('}').and_then(|close| {
            let name = &after[..close];
            args.iter()
                .position(|(n, _)| *n == name)
                .map(|i| (i, close))
        });
        match found {
            Some((i, close)) => {
                words.push_str(&rest[..open]);
                if !words.is_empty() {
                    out.push((std::mem::take(&mut words), None));
                }
                out.push((args[i].1.clone(), Some(i)));
                rest = &after[close + 1..];
            }
            None => {
                words.push_str(&rest[..=open]);
                rest = after;
            }
        }
    }
    words.push_str(rest);
    if !words.is_empty() {
        out.push((words, None));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn members_are_relabelled_by_the_country_at_the_end() {
        assert_eq!(member_label(Lang::Es, "Kenya (KE)"), "Kenia (KE)");
        assert_eq!(
            member_label(Lang::Fr, "Nairobi City County — Kenya (KE)"),
            "Nairobi City County — Kenya (KE)"
        );
        assert_eq!(
            member_label(Lang::Fr, "Dublin City Council — Ireland (IE)"),
            "Dublin City Council — Irlande (IE)"
        );
        assert_eq!(member_label(Lang::En, "Ireland (IE)"), "Ireland (IE)");
        // Not a label the core writes: left as it is.
        assert_eq!(
            member_label(Lang::Es, "Lagos (NG state)"),
            "Lagos (NG state)"
        );
        assert_eq!(member_label(Lang::Es, "XX"), "XX");
        assert_eq!(member_label(Lang::Es, "Kenia (KE)"), "Kenia (KE)");
    }

    #[test]
    fn enum_labels_are_the_cores_in_english_and_the_catalogs_otherwise() {
        for c in CostCategory::ALL {
            assert_eq!(label(Lang::En, *c), c.label());
            // The catalog's English is the core's too (so the UI says the same).
            assert_eq!(
                t(Lang::En, &format!("enum.cost_category.{}", c.as_str()), &[]),
                c.label()
            );
            for lang in [Lang::Fr, Lang::Es] {
                assert!(
                    peerplan_i18n::has(lang, &format!("enum.cost_category.{}", c.as_str())),
                    "{c:?} in {lang}"
                );
            }
        }
        assert_eq!(label(Lang::Fr, CostStage::Estimate), "Estimation");
        assert_eq!(label(Lang::Es, LearningKind::Success), "Éxito");
    }

    #[test]
    fn runs_split_a_message_around_its_values() {
        let r = runs(
            Lang::En,
            "doc.summary.actions",
            &[
                ("open", "3".into()),
                ("overdue", "1".into()),
                ("done", "2".into()),
            ],
        );
        let text: String = r.iter().map(|(t, _)| t.as_str()).collect();
        assert_eq!(text, "Actions:  3 open,  1 overdue,  2 done");
        assert_eq!(r[1], ("3".to_string(), Some(0)));
    }

    #[test]
    fn counts_and_decimals_keep_english_as_it_was() {
        assert_eq!(count(Lang::En, 12345), "12345");
        assert_eq!(count(Lang::Fr, 12345), "12\u{202f}345");
        assert_eq!(decimal(Lang::En, "1234.5"), "1234.5");
        assert_eq!(decimal(Lang::Es, "29.6"), "29,6");
    }
}
