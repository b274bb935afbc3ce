//! Which column holds which field: headers recognised in English, French and Spanish and their
//! common variants ("E-mail", "Courriel", "Correo electrónico"), "First name" + "Last name"
//! joined into the name, and the officer's own choices (`COLUMN=FIELD`) over them.

use serde::Serialize;

use peerplan_core::Result;

use crate::table::file_error;

/// A field of a person an import can fill.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum PersonField {
    Name,
    FirstName,
    LastName,
    Organisation,
    Position,
    Country,
    Email,
    Phone,
    Notes,
    /// Participants only: the member the person represents (a country, city or institution).
    Member,
    /// Participants only: their role at the exchange.
    Role,
    /// Participants only: invited, confirmed, attended…
    Attendance,
    /// Partnerships: the partnership's title, kind, topic, status, dates and officer; each
    /// member's country (`Member`), level and institution.
    Title,
    Kind,
    Topic,
    Status,
    StartDate,
    EndDate,
    Officer,
    Level,
    Institution,
}

impl PersonField {
    pub const ALL: [PersonField; 21] = [
        PersonField::Name,
        PersonField::FirstName,
        PersonField::LastName,
        PersonField::Organisation,
        PersonField::Position,
        PersonField::Country,
        PersonField::Email,
        PersonField::Phone,
        PersonField::Notes,
        PersonField::Member,
        PersonField::Role,
        PersonField::Attendance,
        PersonField::Title,
        PersonField::Kind,
        PersonField::Topic,
        PersonField::Status,
        PersonField::StartDate,
        PersonField::EndDate,
        PersonField::Officer,
        PersonField::Level,
        PersonField::Institution,
    ];

    /// The fields of a partnerships file, whose words are read apart ("Title" is the
    /// partnership's there, a job title in a list of people).
    pub const PARTNERSHIP: [PersonField; 10] = [
        PersonField::Title,
        PersonField::Kind,
        PersonField::Topic,
        PersonField::Status,
        PersonField::StartDate,
        PersonField::EndDate,
        PersonField::Officer,
        PersonField::Member,
        PersonField::Level,
        PersonField::Institution,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            PersonField::Name => "name",
            PersonField::FirstName => "first_name",
            PersonField::LastName => "last_name",
            PersonField::Organisation => "organisation",
            PersonField::Position => "position",
            PersonField::Country => "country",
            PersonField::Email => "email",
            PersonField::Phone => "phone",
            PersonField::Notes => "notes",
            PersonField::Member => "member",
            PersonField::Role => "role",
            PersonField::Attendance => "attendance",
            PersonField::Title => "title",
            PersonField::Kind => "kind",
            PersonField::Topic => "topic",
            PersonField::Status => "status",
            PersonField::StartDate => "start_date",
            PersonField::EndDate => "end_date",
            PersonField::Officer => "officer",
            PersonField::Level => "level",
            PersonField::Institution => "institution",
        }
    }

    pub fn parse(text: &str) -> Option<PersonField> {
        PersonField::ALL
            .into_iter()
            .find(|f| f.as_str() == text.trim().to_lowercase().replace([' ', '-'], "_"))
    }

    /// Header words (normalised: lower case, no accents, letters and digits only) that mean
    /// this field, in English, French and Spanish.
    fn words(self) -> &'static [&'static str] {
        match self {
            PersonField::Name => &[
                "name",
                "fullname",
                "participant",
                "participantname",
                "person",
                "contact",
                "contactname",
                "nomcomplet",
                "nometprenom",
                "prenometnom",
                "nomprenom",
                "participante",
                "nombrecompleto",
                "nombreyapellido",
                "nombreyapellidos",
                "personne",
                "persona",
            ],
            PersonField::FirstName => &[
                "firstname",
                "givenname",
                "forename",
                "prenom",
                "prenoms",
                "primernombre",
            ],
            PersonField::LastName => &[
                "lastname",
                "surname",
                "familyname",
                "nomdefamille",
                "apellido",
                "apellidos",
            ],
            PersonField::Organisation => &[
                "organisation",
                "organization",
                "org",
                "institution",
                "agency",
                "employer",
                "ministry",
                "company",
                "organisme",
                "structure",
                "institucion",
                "organizacion",
                "entidad",
                "empresa",
                "organismo",
                "ministere",
                "ministerio",
            ],
            PersonField::Position => &[
                "position", "jobtitle", "title", "function", "post", "fonction", "poste", "titre",
                "cargo", "puesto", "funcion",
            ],
            PersonField::Country => &["country", "countrycode", "nation", "pays", "pais"],
            PersonField::Email => &[
                "email",
                "mail",
                "emailaddress",
                "courriel",
                "adressemail",
                "adresseemail",
                "adressecourriel",
                "correo",
                "correoelectronico",
                "email1",
            ],
            PersonField::Phone => &[
                "phone",
                "telephone",
                "tel",
                "mobile",
                "cell",
                "cellphone",
                "phonenumber",
                "whatsapp",
                "portable",
                "numerodetelephone",
                "telefono",
                "movil",
                "celular",
            ],
            PersonField::Notes => &[
                "notes",
                "note",
                "remarks",
                "comments",
                "comment",
                "commentaires",
                "remarques",
                "observations",
                "observaciones",
                "comentarios",
                "notas",
            ],
            PersonField::Member => &[
                "member",
                "represents",
                "representing",
                "memberrepresented",
                "delegation",
                "membre",
                "membrerepresente",
                "represente",
                "miembro",
                "representa",
                "delegacion",
            ],
            PersonField::Role => &[
                "role",
                "participantrole",
                "rol",
                "papel",
                "roleduparticipant",
            ],
            PersonField::Title
            | PersonField::Kind
            | PersonField::Topic
            | PersonField::Status
            | PersonField::StartDate
            | PersonField::EndDate
            | PersonField::Officer
            | PersonField::Level
            | PersonField::Institution => &[],
            PersonField::Attendance => &[
                "attendance",
                "status",
                "presence",
                "statut",
                "participation",
                "asistencia",
                "estado",
            ],
        }
    }
}

/// Header words of a partnerships file, in English, French and Spanish.
fn partnership_words(field: PersonField) -> &'static [&'static str] {
    match field {
        PersonField::Title => &[
            "title",
            "partnership",
            "partnershiptitle",
            "partnershipname",
            "name",
            "titre",
            "partenariat",
            "nomdupartenariat",
            "titredupartenariat",
            "titulo",
            "nombre",
            "asociacion",
            "alianza",
            "hermanamiento",
        ],
        PersonField::Kind => &[
            "kind",
            "type",
            "typedepartenariat",
            "tipo",
            "modalidad",
            "modalite",
        ],
        PersonField::Topic => &["topic", "theme", "thematique", "sujet", "tema", "subject"],
        PersonField::Status => &["status", "statut", "estado", "stage", "etape", "etapa"],
        PersonField::StartDate => &[
            "start",
            "startdate",
            "from",
            "begins",
            "debut",
            "datededebut",
            "inicio",
            "fechadeinicio",
            "desde",
        ],
        PersonField::EndDate => &[
            "end",
            "enddate",
            "until",
            "to",
            "fin",
            "datedefin",
            "fechadefin",
            "hasta",
        ],
        PersonField::Officer => &[
            "officer",
            "programofficer",
            "programmeofficer",
            "responsable",
            "chargedeprogramme",
            "oficial",
            "oficialdeprograma",
            "gestionnaire",
        ],
        PersonField::Member => &[
            "member",
            "members",
            "country",
            "countries",
            "membercountry",
            "membre",
            "membres",
            "pays",
            "paysmembre",
            "paysmembres",
            "miembro",
            "miembros",
            "pais",
            "paises",
        ],
        PersonField::Level => &["level", "memberlevel", "niveau", "nivel", "membertype"],
        PersonField::Institution => &[
            "institution",
            "memberinstitution",
            "organisation",
            "organization",
            "ministry",
            "city",
            "organisme",
            "ville",
            "institucion",
            "organizacion",
            "entidad",
            "ciudad",
            "ministere",
            "ministerio",
        ],
        _ => &[],
    }
}

/// "Organización" → "organizacion", "E-mail" → "email", "Prénom(s)" → "prenoms".
/// Whether `key` (already normalised) is the label PeerPlan shows for `value` of the enum
/// `enum_name` in any of its languages: a list exported in French or Spanish reads back.
pub fn is_label_in_any_language(enum_name: &str, value: &str, key: &str) -> bool {
    // i18n-dynamic: enum.
    let catalog_key = format!("enum.{enum_name}.{value}");
    peerplan_i18n::Lang::ALL.iter().any(|lang| {
        peerplan_i18n::has(*lang, &catalog_key)
            && normalise(&peerplan_i18n::t(*lang, &catalog_key, &[])) == key
    })
}

pub fn normalise(header: &str) -> String {
    header
        .chars()
        .flat_map(char::to_lowercase)
        .map(|c| match c {
            'à' | 'á' | 'â' | 'ä' | 'ã' => 'a',
            'ç' => 'c',
            'è' | 'é' | 'ê' | 'ë' => 'e',
            'ì' | 'í' | 'î' | 'ï' => 'i',
            'ñ' => 'n',
            'ò' | 'ó' | 'ô' | 'ö' | 'õ' => 'o',
            'ù' | 'ú' | 'û' | 'ü' => 'u',
            other => other,
        })
        .filter(char::is_ascii_alphanumeric)
        .collect()
}

/// What each column of the file is for: `Some(field)`, or `None` (not imported).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ColumnMap {
    pub columns: Vec<Option<PersonField>>,
}

impl ColumnMap {
    /// The column of `field`, if one holds it.
    pub fn column_of(&self, field: PersonField) -> Option<usize> {
        self.columns.iter().position(|c| *c == Some(field))
    }

    /// Recognises the headers; then applies the officer's `COLUMN=FIELD` choices (a header as
    /// written, or a column letter; FIELD `ignore` leaves the column out).
    pub fn for_headers(headers: &[String], choices: &[String]) -> Result<ColumnMap> {
        let mut columns: Vec<Option<PersonField>> = headers
            .iter()
            .map(|h| {
                let key = normalise(h);
                PersonField::ALL
                    .into_iter()
                    .find(|f| f.words().contains(&key.as_str()))
            })
            .collect();
        // "Nom" is the family name beside a "Prénom"; alone it is the whole name. The same
        // for "Nombre" beside "Apellido".
        let has = |columns: &[Option<PersonField>], f| columns.contains(&Some(f));
        for (i, h) in headers.iter().enumerate() {
            let key = normalise(h);
            if columns[i].is_none() && (key == "nom" || key == "nombre") {
                columns[i] = Some(if key == "nom" && has(&columns, PersonField::FirstName) {
                    PersonField::LastName
                } else if key == "nombre" && has(&columns, PersonField::LastName) {
                    PersonField::FirstName
                } else {
                    PersonField::Name
                });
            }
        }
        apply_choices(headers, &mut columns, choices)?;
        let map = ColumnMap { columns };
        let names = map.column_of(PersonField::Name).is_some()
            || map.column_of(PersonField::FirstName).is_some()
            || map.column_of(PersonField::LastName).is_some();
        if !names {
            return Err(file_error(
                "no_header",
                format!(
                    "the first row does not say which column holds the names (it reads: {}); add a header row such as Name, Organisation, Country, Email — or say it with --map, e.g. --map \"A=name\"",
                    headers
                        .iter()
                        .take(6)
                        .map(|h| format!("{h:?}"))
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
            ));
        }
        Ok(map)
    }
}

impl ColumnMap {
    /// The columns of a partnerships file (one row per member, the partnership's columns
    /// repeated or left blank below; or the members' countries listed in one cell), then the
    /// officer's `COLUMN=FIELD` choices.
    pub fn for_partnerships(headers: &[String], choices: &[String]) -> Result<ColumnMap> {
        let mut columns: Vec<Option<PersonField>> = headers
            .iter()
            .map(|h| {
                let key = normalise(h);
                PersonField::PARTNERSHIP
                    .into_iter()
                    .find(|f| partnership_words(*f).contains(&key.as_str()))
            })
            .collect();
        apply_choices(headers, &mut columns, choices)?;
        let map = ColumnMap { columns };
        if map.column_of(PersonField::Title).is_none() {
            return Err(file_error(
                "no_header",
                format!(
                    "the first row does not say which column holds the partnerships' titles (it reads: {}); add a header row such as Title, Kind, Status, Country — or say it with --map, e.g. --map \"A=title\"",
                    headers.iter().take(6).map(|h| format!("{h:?}")).collect::<Vec<_>>().join(", ")
                ),
            ));
        }
        Ok(map)
    }
}

/// The officer's `COLUMN=FIELD` choices over the recognised columns, then one column per field.
fn apply_choices(
    headers: &[String],
    columns: &mut [Option<PersonField>],
    choices: &[String],
) -> Result<()> {
    let mut chosen = vec![false; columns.len()];
    for choice in choices {
        let Some((column, field)) = choice.split_once('=') else {
            return Err(file_error(
                "bad_mapping",
                format!("--map {choice:?}: write COLUMN=FIELD, e.g. \"Correo=email\""),
            ));
        };
        let at = headers
            .iter()
            .position(|h| h.trim().eq_ignore_ascii_case(column.trim()))
            .or_else(|| column_letter(column.trim()))
            .filter(|at| *at < headers.len())
            .ok_or_else(|| {
                file_error(
                    "bad_mapping",
                    format!(
                        "--map {choice:?}: the file has no column {column:?}; its columns are {}",
                        headers.join(", ")
                    ),
                )
            })?;
        chosen[at] = true;
        columns[at] = match field.trim() {
            "ignore" | "" => None,
            other => Some(PersonField::parse(other).ok_or_else(|| {
                file_error(
                    "bad_mapping",
                    format!(
                        "--map {choice:?}: {other:?} is not a field; use one of {} or ignore",
                        PersonField::ALL.map(PersonField::as_str).join(", ")
                    ),
                )
            })?),
        };
    }
    // One column per field: the officer's choice first, then the first column recognised.
    let mut seen: Vec<PersonField> = columns
        .iter()
        .zip(&chosen)
        .filter_map(|(c, chosen)| c.filter(|_| *chosen))
        .collect();
    for (c, chosen) in columns.iter_mut().zip(&chosen) {
        if let Some(f) = c {
            if *chosen {
                continue;
            }
            if seen.contains(f) {
                *c = None;
            } else {
                seen.push(*f);
            }
        }
    }
    Ok(())
}

/// "A" → 0, "AB" → 27.
fn column_letter(text: &str) -> Option<usize> {
    if text.is_empty() || text.len() > 3 || !text.chars().all(|c| c.is_ascii_alphabetic()) {
        return None;
    }
    Some(
        text.to_ascii_uppercase()
            .bytes()
            .fold(0usize, |n, b| n * 26 + usize::from(b - b'A' + 1))
            - 1,
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use PersonField::*;

    fn map(headers: &[&str], choices: &[&str]) -> Vec<Option<PersonField>> {
        let headers: Vec<String> = headers.iter().map(|h| h.to_string()).collect();
        let choices: Vec<String> = choices.iter().map(|c| c.to_string()).collect();
        ColumnMap::for_headers(&headers, &choices).unwrap().columns
    }

    #[test]
    fn headers_in_english_french_and_spanish_are_recognised() {
        assert_eq!(
            map(
                &[
                    "Name",
                    "Organisation",
                    "Job title",
                    "Country",
                    "E-mail",
                    "Phone"
                ],
                &[]
            ),
            [
                Some(Name),
                Some(Organisation),
                Some(Position),
                Some(Country),
                Some(Email),
                Some(Phone)
            ]
        );
        assert_eq!(
            map(
                &[
                    "Prénom",
                    "Nom",
                    "Organisme",
                    "Fonction",
                    "Pays",
                    "Courriel",
                    "Téléphone"
                ],
                &[]
            ),
            [
                Some(FirstName),
                Some(LastName),
                Some(Organisation),
                Some(Position),
                Some(Country),
                Some(Email),
                Some(Phone)
            ]
        );
        assert_eq!(
            map(
                &[
                    "Nombre",
                    "Apellido",
                    "Organización",
                    "Cargo",
                    "País",
                    "Correo electrónico"
                ],
                &[]
            ),
            [
                Some(FirstName),
                Some(LastName),
                Some(Organisation),
                Some(Position),
                Some(Country),
                Some(Email)
            ]
        );
        // Alone, "Nom" and "Nombre" are the whole name.
        assert_eq!(map(&["Nom", "Pays"], &[]), [Some(Name), Some(Country)]);
        assert_eq!(map(&["Nombre", "País"], &[]), [Some(Name), Some(Country)]);
        assert_eq!(
            map(&["First name", "Last name", "Shoe size"], &[]),
            [Some(FirstName), Some(LastName), None]
        );
    }

    #[test]
    fn the_officers_choices_override_and_bad_ones_say_what_is_allowed() {
        assert_eq!(
            map(
                &["Who", "Where from", "Mail"],
                &["Who=name", "B=country", "Mail=ignore"]
            ),
            [Some(Name), Some(Country), None]
        );
        let headers = vec!["Who".to_string()];
        for (choice, says) in [
            ("Who", "COLUMN=FIELD"),
            ("Nobody=name", "its columns are Who"),
            ("Who=shoe", "is not a field"),
        ] {
            let err = ColumnMap::for_headers(&headers, &[choice.to_string()]).unwrap_err();
            assert!(err.to_string().contains(says), "{choice}: {err}");
        }
        let err =
            ColumnMap::for_headers(&["amina@example.org".into(), "KE".into()], &[]).unwrap_err();
        assert!(
            err.to_string()
                .contains("does not say which column holds the names"),
            "{err}"
        );
    }
}
