//! "Estimate from delegation": unsaved cost proposals per traveller from the rate table, and
//! the funders already used, for suggestions.

use super::*;

/// A proposed, unsaved line and where its amount came from.
#[derive(Debug, Clone, Serialize)]
pub struct Proposal {
    pub line: CostLineData,
    pub traveller: String,
    /// "Rate table: Accra, Ghana (GH) from 2026-01-01, 95.00 USD a night", or why none.
    pub basis: String,
    /// False: no rate was found; the amount is left empty for the officer to fill in.
    pub rate_found: bool,
    /// The exchange already has an estimate of this category for this traveller.
    pub already_estimated: bool,
}

#[derive(Debug, Clone, Serialize)]
pub struct DelegationEstimate {
    pub exchange_id: String,
    /// Nights per traveller: the exchange's days (arriving the evening before, leaving after
    /// the last day).
    pub nights: i64,
    /// Per-diem days: the nights plus one (the travel day home).
    pub days: i64,
    pub travellers: usize,
    pub proposals: Vec<Proposal>,
    /// Why nothing or less was proposed (a virtual exchange, no dates, no venue country).
    pub notes: Vec<String>,
}

/// The rate table entry for a place on a day: the city's own entry if there is one, else the
/// country's; the latest valid on that day.
pub fn rate_table_entry_for<'a>(
    entries: &'a [RateTableEntry],
    country: &str,
    city: &str,
    on: NaiveDate,
) -> Option<&'a RateTableEntry> {
    let valid = |e: &&RateTableEntry| {
        e.data.country_code == country && e.data.valid_from.is_some_and(|d| d <= on)
    };
    let city = city.trim().to_lowercase();
    let latest = |city_match: bool| {
        entries
            .iter()
            .filter(valid)
            .filter(|e| {
                if city_match {
                    !city.is_empty() && e.data.city.to_lowercase() == city
                } else {
                    e.data.city.is_empty()
                }
            })
            .max_by_key(|e| e.data.valid_from)
    };
    latest(true).or_else(|| latest(false))
}

pub(super) fn place_label(entry: &RateTableEntry) -> String {
    let country = crate::countries::label(&entry.data.country_code);
    if entry.data.city.is_empty() {
        country
    } else {
        format!("{}, {country}", entry.data.city)
    }
}

pub fn estimate_from_delegation(store: &Store, exchange_id: &str) -> Result<DelegationEstimate> {
    let conn = store.conn();
    let exchange = records::get::<ExchangeData>(conn, exchange_id)?;
    let e = &exchange.data;
    let mut notes = Vec::new();
    let mut out = DelegationEstimate {
        exchange_id: exchange.id.clone(),
        nights: 0,
        days: 0,
        travellers: 0,
        proposals: Vec::new(),
        notes: Vec::new(),
    };
    if !e.format.has_host() {
        out.notes
            .push("a virtual exchange has no travel, accommodation or per diem".into());
        return Ok(out);
    }
    let host_country = match &e.host_member_id {
        Some(m) => records::find::<MemberData>(conn, m)?.map(|m| m.data.country_code),
        None => None,
    };
    let Some(venue_country) = e.country_code.clone().or(host_country) else {
        out.notes
            .push("the exchange has no venue country or host member, so no rate applies".into());
        return Ok(out);
    };
    let (Some(start), Some(end)) = (e.start_date, e.end_date.or(e.start_date)) else {
        out.notes
            .push("the exchange has no dates, so nights and days cannot be counted".into());
        return Ok(out);
    };
    let nights = (end - start).num_days() + 1;
    let days = nights + 1;
    out.nights = nights;
    out.days = days;
    let entries = records::list::<RateTableEntryData>(conn, "1", &[], "t.valid_from, t.id")?;
    let existing = records::list::<CostLineData>(
        conn,
        "t.exchange_id = ?1 AND t.stage = 'estimate'",
        &[&exchange_id],
        "t.id",
    )?;
    let members: HashMap<String, String> =
        records::list::<MemberData>(conn, "t.partnership_id = ?1", &[&e.partnership_id], "t.id")?
            .into_iter()
            .map(|m| (m.id, m.data.country_code))
            .collect();
    let sql = format!(
        "SELECT {}, p.name, p.country_code FROM participants t JOIN people p ON p.id = t.person_id
          WHERE t.exchange_id = ?1 AND t.deleted_at IS NULL ORDER BY p.name COLLATE NOCASE, t.id",
        select_columns::<ParticipantData>("t")
    );
    let n = ParticipantData::FIELDS.len() + 5;
    let travellers: Vec<(Participant, String, Option<String>)> = conn
        .prepare_cached(&sql)?
        .query_map([exchange_id], |row| {
            Ok((
                records::record_from_row::<ParticipantData>(row, 0)?,
                row.get(n)?,
                row.get(n + 1)?,
            ))
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?
        .into_iter()
        .filter(|(p, _, _)| {
            p.data.attendance.counts()
                && p.data.role != ParticipantRole::Host
                && (p.data.member_id.is_none() || p.data.member_id != e.host_member_id)
        })
        .collect();
    out.travellers = travellers.len();
    let venue = rate_table_entry_for(&entries, &venue_country, &e.city, start);
    let venue_where = if e.city.trim().is_empty() {
        crate::countries::label(&venue_country)
    } else {
        format!(
            "{}, {}",
            e.city.trim(),
            crate::countries::label(&venue_country)
        )
    };
    for (participant, name, person_country) in &travellers {
        let origin = participant
            .data
            .member_id
            .as_ref()
            .and_then(|m| members.get(m).cloned())
            .or_else(|| person_country.clone());
        let already = |category: CostCategory| {
            existing.iter().any(|l| {
                l.data.category == category
                    && l.data.participant_id.as_deref() == Some(participant.id.as_str())
            })
        };
        let line = |category: CostCategory, quantity: i64, description: String| CostLineData {
            exchange_id: exchange.id.clone(),
            category,
            description,
            participant_id: Some(participant.id.clone()),
            quantity,
            unit_amount: String::new(),
            currency: String::new(),
            stage: CostStage::Estimate,
            funder: "Network".into(),
            cost_date: Some(start),
            reference: String::new(),
            paid_by_member_id: None,
        };
        // International travel, from the traveller's origin's entry.
        match &origin {
            Some(o) if *o != venue_country => {
                let mut proposal = Proposal {
                    line: line(
                        CostCategory::InternationalTravel,
                        1,
                        format!("Return fare {}–{venue_where}", crate::countries::label(o)),
                    ),
                    traveller: name.clone(),
                    basis: format!(
                        "no return fare in the rate table for {} valid on {start}",
                        crate::countries::label(o)
                    ),
                    rate_found: false,
                    already_estimated: already(CostCategory::InternationalTravel),
                };
                if let Some(entry) = rate_table_entry_for(&entries, o, "", start)
                    .filter(|x| !x.data.return_fare.is_empty())
                {
                    proposal.line.unit_amount = entry.data.return_fare.clone();
                    proposal.line.currency = entry.data.currency.clone();
                    proposal.basis = format!(
                        "rate table: {} from {}, return fare {} {}",
                        place_label(entry),
                        entry
                            .data
                            .valid_from
                            .map(|d| d.to_string())
                            .unwrap_or_default(),
                        entry.data.return_fare,
                        entry.data.currency
                    );
                    proposal.rate_found = true;
                }
                out.proposals.push(proposal);
            }
            Some(_) => {}
            None => notes.push(format!(
                "{name} has no member or country, so no international fare was proposed"
            )),
        }
        for (category, quantity, unit_of, field_of, what) in [
            (
                CostCategory::Accommodation,
                nights,
                "night",
                (|x: &RateTableEntryData| x.nightly_accommodation.clone())
                    as fn(&RateTableEntryData) -> String,
                "nightly accommodation",
            ),
            (
                CostCategory::PerDiem,
                days,
                "day",
                |x: &RateTableEntryData| x.daily_subsistence.clone(),
                "daily subsistence",
            ),
        ] {
            let mut proposal = Proposal {
                line: line(
                    category,
                    quantity,
                    format!(
                        "{quantity} {unit_of}{} in {venue_where}",
                        if quantity == 1 { "" } else { "s" }
                    ),
                ),
                traveller: name.clone(),
                basis: format!("no {what} in the rate table for {venue_where} valid on {start}"),
                rate_found: false,
                already_estimated: already(category),
            };
            if let Some(entry) = venue.filter(|x| !field_of(&x.data).is_empty()) {
                let amount = field_of(&entry.data);
                proposal.basis = format!(
                    "rate table: {} from {}, {amount} {} a {unit_of}",
                    place_label(entry),
                    entry
                        .data
                        .valid_from
                        .map(|d| d.to_string())
                        .unwrap_or_default(),
                    entry.data.currency
                );
                proposal.line.unit_amount = amount;
                proposal.line.currency = entry.data.currency.clone();
                proposal.rate_found = true;
            }
            out.proposals.push(proposal);
        }
    }
    if travellers.is_empty() {
        notes.push("nobody travels: every participant is a host or absent".into());
    }
    out.notes = notes;
    Ok(out)
}

/// Funders to suggest when entering a line: the usual payers of peer-learning logistics,
/// then every funder already used, each once, by how often it is used.
pub fn funder_suggestions(store: &Store) -> Result<Vec<String>> {
    let mut out: Vec<String> = [
        "The network",
        "Host member",
        "Visiting member",
        "Another donor",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    let mut stmt = store.conn().prepare_cached(
        "SELECT funder FROM cost_lines WHERE deleted_at IS NULL AND funder <> ''
          GROUP BY funder ORDER BY count(*) DESC, funder LIMIT 50",
    )?;
    for funder in stmt.query_map([], |r| r.get::<_, String>(0))? {
        let funder = funder?;
        if !out.iter().any(|f| f.eq_ignore_ascii_case(&funder)) {
            out.push(funder);
        }
    }
    Ok(out)
}
