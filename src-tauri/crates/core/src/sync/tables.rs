//! The synced tables as the merge sees them: which columns are data, which fields merge as
//! one (an amount is meaningless without its currency), which are free text, and how to name
//! a row and find its partnership for the preview.

use rusqlite::Connection;

use crate::Result;

/// The bookkeeping columns every synced table has (see migrations/0001_initial.sql).
pub const BOOKKEEPING: &[&str] = &[
    "id",
    "created_at",
    "updated_at",
    "created_stamp",
    "version",
    "deleted_at",
];

pub struct SyncedTable {
    pub name: &'static str,
    /// What an officer calls one row ("cost line").
    pub noun: &'static str,
    /// Money fields: the groups of `records::TIED_FIELDS` that hold one of them are shown
    /// to the officer as amounts (a conflict of kind "money").
    pub money: &'static [&'static str],
    /// Free-text fields: when both sides wrote one, the other text is kept in the conflict
    /// and can be added to the kept one with one click.
    pub notes: &'static [&'static str],
    /// SQL over alias `t` naming the row: its own text, or a phrase encoded as
    /// `label::RecordLabel::sql` writes it (read back with `RecordLabel::from_sql`).
    pub label: &'static str,
    /// SQL over alias `t` giving the row's partnership id (NULL: not under one).
    pub partnership: &'static str,
    /// SQL over alias `t` giving the row's exchange id (NULL: not under one).
    pub exchange: &'static str,
}

const VIA_EXCHANGE: &str = "(SELECT e.partnership_id FROM exchanges e WHERE e.id = t.exchange_id)";

/// Parents before children, so the order rows are inserted in matches their references.
pub const TABLES: &[SyncedTable] = &[
    SyncedTable {
        name: "settings",
        noun: "setting",
        money: &[],
        notes: &[],
        label: "char(1) || 'setting' || char(31) || coalesce(t.key, '')",
        partnership: "NULL",
        exchange: "NULL",
    },
    SyncedTable {
        name: "partnerships",
        noun: "partnership",
        money: &[],
        notes: &["notes"],
        label: "t.title",
        partnership: "t.id",
        exchange: "NULL",
    },
    SyncedTable {
        name: "status_changes",
        noun: "status change",
        money: &[],
        notes: &["note"],
        label: "char(1) || 'status_change' || char(31) || coalesce(t.status, '') || char(31) || coalesce(t.changed_on, '')",
        partnership: "t.partnership_id",
        exchange: "NULL",
    },
    SyncedTable {
        name: "people",
        noun: "person",
        money: &[],
        notes: &["notes"],
        label: "t.name",
        partnership: "NULL",
        exchange: "NULL",
    },
    SyncedTable {
        name: "members",
        noun: "member",
        money: &[],
        notes: &[],
        label: "CASE WHEN t.name <> '' THEN t.name ELSE t.country_code END",
        partnership: "t.partnership_id",
        exchange: "NULL",
    },
    SyncedTable {
        name: "goals",
        noun: "goal",
        money: &[],
        notes: &["text"],
        label: "substr(t.text, 1, 80)",
        partnership: "t.partnership_id",
        exchange: "NULL",
    },
    SyncedTable {
        name: "exchanges",
        noun: "exchange",
        money: &[],
        notes: &["objectives"],
        label: "t.title",
        partnership: "t.partnership_id",
        exchange: "t.id",
    },
    SyncedTable {
        name: "participants",
        noun: "participant",
        money: &[],
        notes: &[],
        label: "coalesce((SELECT p.name FROM people p WHERE p.id = t.person_id), '')",
        partnership: VIA_EXCHANGE,
        exchange: "t.exchange_id",
    },
    SyncedTable {
        name: "reflection_answers",
        noun: "reflection answer",
        money: &[],
        notes: &["note"],
        label: "t.question_key",
        partnership: "t.partnership_id",
        exchange: "NULL",
    },
    SyncedTable {
        name: "follow_up_actions",
        noun: "follow-up action",
        money: &[],
        notes: &["outcome"],
        label: "substr(t.what, 1, 80)",
        partnership: "t.partnership_id",
        exchange: "t.exchange_id",
    },
    SyncedTable {
        name: "contacts",
        noun: "contact",
        money: &[],
        notes: &["summary", "participants"],
        label: "char(1) || 'contact' || char(31) || coalesce(t.contact_date, '')",
        partnership: "t.partnership_id",
        exchange: "NULL",
    },
    SyncedTable {
        name: "learning_entries",
        noun: "learning log entry",
        money: &[],
        notes: &["what_changed", "significance", "evidence"],
        label: "substr(t.what_changed, 1, 80)",
        partnership: "t.partnership_id",
        exchange: "NULL",
    },
    SyncedTable {
        name: "agenda_days",
        noun: "agenda day",
        money: &[],
        notes: &[],
        label: "coalesce(t.day_date, '') || ' ' || t.title",
        partnership: VIA_EXCHANGE,
        exchange: "t.exchange_id",
    },
    SyncedTable {
        name: "agenda_sessions",
        noun: "agenda session",
        money: &[],
        notes: &["description"],
        label: "t.title",
        partnership: VIA_EXCHANGE,
        exchange: "t.exchange_id",
    },
    SyncedTable {
        name: "agenda_settings",
        noun: "agenda settings",
        money: &[],
        notes: &[],
        label: "coalesce((SELECT e.title FROM exchanges e WHERE e.id = t.id), '')",
        partnership: "(SELECT e.partnership_id FROM exchanges e WHERE e.id = t.id)",
        exchange: "t.id",
    },
    SyncedTable {
        name: "agenda_templates",
        noun: "agenda template",
        money: &[],
        notes: &["description"],
        label: "t.name",
        partnership: "NULL",
        exchange: "NULL",
    },
    SyncedTable {
        name: "cost_lines",
        noun: "cost line",
        money: &["quantity", "unit_amount", "currency"],
        notes: &[],
        label: "CASE WHEN t.description <> '' THEN t.description ELSE char(1) || 'cost_category' || char(31) || coalesce(t.category, '') END",
        partnership: VIA_EXCHANGE,
        exchange: "t.exchange_id",
    },
    SyncedTable {
        name: "exchange_rates",
        noun: "exchange rate",
        money: &["from_currency", "to_currency", "rate"],
        notes: &[],
        label: "char(1) || 'from_date' || char(31) || coalesce(t.from_currency || '→' || t.to_currency, '') || char(31) || coalesce(t.rate_date, '')",
        partnership: "NULL",
        exchange: "NULL",
    },
    SyncedTable {
        name: "rate_table",
        noun: "rate table entry",
        money: &[
            "currency",
            "nightly_accommodation",
            "daily_subsistence",
            "return_fare",
        ],
        notes: &["note"],
        label: "char(1) || 'from_date' || char(31) || coalesce(trim(t.country_code || ' ' || t.city), '') || char(31) || coalesce(t.valid_from, '')",
        partnership: "NULL",
        exchange: "NULL",
    },
    SyncedTable {
        name: "budget_rates",
        noun: "budget rate",
        money: &["currency", "to_currency", "rate"],
        notes: &[],
        label: "t.currency || '→' || t.to_currency",
        partnership: VIA_EXCHANGE,
        exchange: "t.exchange_id",
    },
];

pub fn table(name: &str) -> Option<&'static SyncedTable> {
    TABLES.iter().find(|t| t.name == name)
}

/// A table's data columns, as the database has them (so a column added by a later migration
/// takes part without being listed here).
pub fn data_columns(conn: &Connection, table: &str) -> Result<Vec<String>> {
    let mut stmt = conn.prepare(&format!("SELECT name FROM pragma_table_info('{table}')"))?;
    let names = stmt
        .query_map([], |r| r.get::<_, String>(0))?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(names
        .into_iter()
        .filter(|n| !BOOKKEEPING.contains(&n.as_str()))
        .collect())
}

/// A column of a table that refers to a row of another table.
#[derive(Debug, Clone)]
pub struct Reference {
    pub column: String,
    /// The table referred to.
    pub parent: String,
    /// NOT NULL: the row cannot live without its parent (an optional reference — a focal
    /// point, a session's lead — can be unlinked instead).
    pub required: bool,
}

/// The columns of `table` that refer to another table, from its foreign keys.
pub fn references(conn: &Connection, table: &str) -> Result<Vec<Reference>> {
    let mut stmt = conn.prepare(&format!(
        "SELECT f.\"from\", f.\"table\", i.\"notnull\"
           FROM pragma_foreign_key_list('{table}') f
           JOIN pragma_table_info('{table}') i ON i.name = f.\"from\""
    ))?;
    let refs = stmt
        .query_map([], |r| {
            Ok(Reference {
                column: r.get(0)?,
                parent: r.get(1)?,
                required: r.get(2)?,
            })
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(refs)
}

/// One merge unit of a table: a single field, or a money group taken whole.
#[derive(Debug, Clone)]
pub struct Group {
    pub fields: Vec<String>,
    pub kind: GroupKind,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum GroupKind {
    Field,
    Money,
    Notes,
    Tombstone,
    /// Not a field group: one of two records that may exist once (the same person added to
    /// an exchange on two laptops) was set aside by a merge.
    Duplicate,
    /// Not a field group: a record of a colleague's file that breaks a rule, not merged.
    SetAside,
}

impl GroupKind {
    pub fn as_str(self) -> &'static str {
        match self {
            GroupKind::Field => "field",
            GroupKind::Money => "money",
            GroupKind::Notes => "notes",
            GroupKind::Tombstone => "deleted",
            GroupKind::Duplicate => "duplicate",
            GroupKind::SetAside => "set_aside",
        }
    }
}

/// The merge units of a table: each group of fields a rule ties together (money among them,
/// `records::TIED_FIELDS`), then every other data field alone, then the tombstone.
pub fn groups(t: &SyncedTable, columns: &[String]) -> Vec<Group> {
    let mut out = Vec::new();
    let mut grouped: Vec<&str> = Vec::new();
    for tied in crate::store::records::TIED_FIELDS
        .iter()
        .filter(|tied| tied.table == t.name)
    {
        let fields: Vec<String> = tied
            .fields
            .iter()
            .filter(|f| columns.iter().any(|c| c == *f))
            .map(|f| f.to_string())
            .collect();
        if fields.is_empty() {
            continue;
        }
        grouped.extend(tied.fields.iter().copied());
        let kind = if fields.iter().any(|f| t.money.contains(&f.as_str())) {
            GroupKind::Money
        } else {
            GroupKind::Field
        };
        out.push(Group { fields, kind });
    }
    for c in columns {
        if grouped.contains(&c.as_str()) {
            continue;
        }
        let kind = if t.notes.contains(&c.as_str()) {
            GroupKind::Notes
        } else {
            GroupKind::Field
        };
        out.push(Group {
            fields: vec![c.clone()],
            kind,
        });
    }
    out.push(Group {
        fields: vec!["deleted_at".to_string()],
        kind: GroupKind::Tombstone,
    });
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::label::{Phrase, RecordLabel};

    /// The phrase labels are written out as SQL literals (the table list is a constant);
    /// each must be the encoding `RecordLabel::from_sql` reads.
    #[test]
    fn phrase_labels_are_encoded_as_record_labels_read_them() {
        let label = |name: &str| table(name).unwrap().label;
        let phrase = RecordLabel::sql;
        assert_eq!(
            label("status_changes"),
            phrase(Phrase::StatusChange, &["t.status", "t.changed_on"])
        );
        assert_eq!(
            label("contacts"),
            phrase(Phrase::Contact, &["t.contact_date"])
        );
        assert_eq!(
            label("exchange_rates"),
            phrase(
                Phrase::FromDate,
                &["t.from_currency || '→' || t.to_currency", "t.rate_date"]
            )
        );
        assert_eq!(
            label("rate_table"),
            phrase(
                Phrase::FromDate,
                &["trim(t.country_code || ' ' || t.city)", "t.valid_from"]
            )
        );
        assert!(label("cost_lines").contains(&phrase(Phrase::CostCategory, &["t.category"])));
        assert_eq!(label("settings"), phrase(Phrase::Setting, &["t.key"]));
        // No table names a row with English words of its own.
        for t in TABLES {
            for word in [" on ", " from ", " of ", "'participant'"] {
                assert!(!t.label.contains(word), "{}: {}", t.name, t.label);
            }
        }
    }
}
