//! The costs read side against hand-computed figures of the example portfolio.

use super::*;

fn demo() -> Store {
    let mut store = Store::open_in_memory().unwrap();
    crate::demo::load(&mut store).unwrap();
    store
}

fn exchange(store: &Store, title: &str) -> String {
    store
        .conn()
        .query_row("SELECT id FROM exchanges WHERE title = ?1", [title], |r| {
            r.get(0)
        })
        .unwrap()
}

const ACCRA: &str = "Study visit: Ghana's NAP indicator framework";
const BARCELONA: &str = "Thematic workshop: superblocks and green corridors";
const MONROVIA: &str = "Scoping visit to Monrovia";

/// (estimate, committed, actual, variance) as texts.
fn texts(t: &StageTotals) -> (&str, &str, &str, &str) {
    (
        &t.estimate.text,
        &t.committed.text,
        &t.actual.text,
        &t.variance.text,
    )
}

// Hand-computed (see the comments): every converted line rounded half away from zero to
// cents, then summed.
#[test]
fn the_accra_visit_rolls_up_to_hand_computed_totals() {
    let store = demo();
    let costs = exchange_costs(&store, &exchange(&store, ACCRA)).unwrap();
    assert_eq!(costs.reporting_currency, "USD");
    // Estimates: 4750 + 780 + 2610 + 1920 + 43500 GHS / 10.95 (3972.60)
    //   + 9800 GHS / 10.95 (894.98) + 150 + 1350 = 16427.58.
    // Actuals: 4 × 118400 KES / 129.2 (916.41 each) + 131150 / 129.2 (1015.09) + 812.40
    //   + 2736 + 1920 + 45600 GHS / 10.4 (4384.62, June's rate) + 11250 / 10.4 (1081.73)
    //   + 150 + 1350 = 17115.48.
    assert_eq!(
        texts(&costs.totals),
        ("16427.58", "1200.00", "17115.48", "687.90")
    );
    assert_eq!(costs.totals.variance_percent.as_deref(), Some("+4.2"));
    assert!(costs.complete && costs.missing_rates.is_empty());
    assert_eq!(costs.participants, 10);
    let per = costs.per_participant.as_ref().unwrap();
    assert_eq!(
        (&*per.estimate.text, &*per.actual.text),
        ("1642.76", "1711.55")
    );
    let mutua = costs
        .travellers
        .iter()
        .find(|t| t.name == "Peter Mutua")
        .unwrap();
    assert_eq!(mutua.totals.actual.text, "1015.09");
    let venue = costs
        .categories
        .iter()
        .find(|c| c.category == CostCategory::VenueCatering)
        .unwrap();
    assert_eq!(
        (&*venue.totals.estimate.text, &*venue.totals.actual.text),
        ("3972.60", "4384.62")
    );
    let ghs = costs
        .by_currency
        .iter()
        .find(|c| c.currency == "GHS")
        .unwrap();
    assert_eq!(ghs.totals.actual.text, "56850.00");
    let ghs_rates: Vec<Option<NaiveDate>> = costs
        .rates_used
        .iter()
        .filter(|r| r.from_currency == "GHS")
        .map(|r| r.rate_date)
        .collect();
    assert_eq!(
        ghs_rates,
        vec![
            NaiveDate::from_ymd_opt(2026, 1, 2),
            NaiveDate::from_ymd_opt(2026, 6, 1)
        ]
    );
    assert!(costs
        .rates_used
        .iter()
        .all(|r| r.direction == Direction::Inverse));
    // The categories come in their fixed order and hold every line.
    let held: usize = costs.categories.iter().map(|c| c.lines.len()).sum();
    assert_eq!(held, costs.lines.len());
    assert_eq!(
        costs.categories[0].category,
        CostCategory::InternationalTravel
    );
}

#[test]
fn a_fixed_budget_rate_replaces_the_dated_rates() {
    let store = demo();
    let costs = exchange_costs(&store, &exchange(&store, BARCELONA)).unwrap();
    // 6600 + (3240 + 2280 + 7200 + 3600) EUR × 1.08 = 24225.60;
    // 6195.60 + (3087 + 2280 + 7950 + 3600 + 1350) EUR × 1.08 = 25923.96.
    assert_eq!(
        texts(&costs.totals),
        ("24225.60", "0.00", "25923.96", "1698.36")
    );
    assert_eq!(costs.rates_used.len(), 1);
    assert!(costs.rates_used[0].budget_rate);
    assert_eq!(costs.rates_used[0].rate, "1.08");
}

#[test]
fn a_missing_rate_makes_the_total_incomplete_and_says_which() {
    let store = demo();
    let costs = exchange_costs(&store, &exchange(&store, MONROVIA)).unwrap();
    assert!(!costs.complete);
    let missing: Vec<&str> = costs
        .missing_rates
        .iter()
        .map(|m| m.text.as_str())
        .collect();
    assert_eq!(missing, ["LRD→USD on or before 2027-03-09"]);
    // 5000 EUR × 1.16 (the undated estimate takes the exchange's start date) + 1920
    //   + 1440 + 300; the LRD line is left out, never guessed.
    assert_eq!(costs.totals.estimate.text, "9460.00");
    let lrd = costs
        .lines
        .iter()
        .find(|l| l.line.data.currency == "LRD")
        .unwrap();
    assert!(lrd.converted.is_none());
    assert_eq!(lrd.total.text, "95000.00");
}

fn budget_of(store: &Store, filter: BudgetFilter) -> Budget {
    budget(store, &filter).unwrap()
}

#[test]
fn the_portfolio_budget_matches_the_sum_of_its_exchanges_under_each_filter() {
    let store = demo();
    let all = budget_of(&store, BudgetFilter::default());
    // Accra + Barcelona + Ibadan (13856.47 / 13547.79) + Monrovia.
    assert_eq!(
        texts(&all.totals),
        ("63969.65", "1200.00", "56587.23", "-7382.42")
    );
    assert_eq!(all.exchange_count, 4);
    assert!(!all.complete);
    // Over the whole portfolio the Monrovia scoping visit, not paid yet, makes it look
    // 7,382.42 under budget; the three paid exchanges are 2,077.58 (3.8%) over.
    // 13856.47 + 24225.60 + 16427.58 = 54509.65; 13547.79 + 25923.96 + 17115.48 = 56587.23.
    assert_eq!(
        texts(&all.paid.totals),
        ("54509.65", "1200.00", "56587.23", "2077.58")
    );
    assert_eq!(all.paid.totals.variance_percent.as_deref(), Some("+3.8"));
    assert_eq!((all.paid.exchanges, all.paid.unpaid_exchanges), (3, 1));
    assert_eq!(all.unconverted_lines, 1);
    let month_sum: i64 = all.by_month.iter().map(|m| m.totals.actual.minor).sum();
    assert_eq!(month_sum, all.totals.actual.minor);
    let category_sum: i64 = all
        .by_category
        .iter()
        .map(|c| c.totals.estimate.minor)
        .sum();
    assert_eq!(category_sum, all.totals.estimate.minor);
    let funder_sum: i64 = all.by_funder.iter().map(|c| c.totals.estimate.minor).sum();
    assert_eq!(funder_sum, all.totals.estimate.minor);

    let year_2025 = budget_of(
        &store,
        BudgetFilter {
            from: NaiveDate::from_ymd_opt(2025, 1, 1),
            to: NaiveDate::from_ymd_opt(2025, 12, 31),
            ..Default::default()
        },
    );
    // Barcelona and Ibadan only; Ibadan's 57 × 45000 NGN / 1600 = 1603.125 → 1603.13.
    assert_eq!(
        texts(&year_2025.totals),
        ("38082.07", "0.00", "39471.75", "1389.68")
    );
    assert!(year_2025.complete);

    let host_paid = budget_of(
        &store,
        BudgetFilter {
            funder: Some("host MEMBER".into()),
            ..Default::default()
        },
    );
    // Accra's GHS venue and transport, Barcelona's venue at the budget rate.
    assert_eq!(
        (
            &*host_paid.totals.estimate.text,
            &*host_paid.totals.actual.text
        ),
        ("12643.58", "14052.35")
    );

    let ghana = budget_of(
        &store,
        BudgetFilter {
            country: Some("gh".into()),
            stage: Some(CostStage::Actual),
            ..Default::default()
        },
    );
    assert_eq!(
        texts(&ghana.totals),
        ("0.00", "0.00", "17115.48", "17115.48")
    );
    assert_eq!(ghana.by_exchange.len(), 1);

    let travel = budget_of(
        &store,
        BudgetFilter {
            category: Some(CostCategory::InternationalTravel),
            partnership_id: Some(
                store
                    .conn()
                    .query_row(
                        "SELECT partnership_id FROM exchanges WHERE title = ?1",
                        [ACCRA],
                        |r| r.get(0),
                    )
                    .unwrap(),
            ),
            ..Default::default()
        },
    );
    // 4750 + 780 estimated; 3665.64 + 1015.09 + 812.40 paid.
    assert_eq!(
        (&*travel.totals.estimate.text, &*travel.totals.actual.text),
        ("5530.00", "5493.13")
    );
}

/// The in-memory index and the plain SQL path give the same budget under every filter.
#[test]
fn the_cost_index_agrees_with_the_sql_roll_up() {
    let mut store = demo();
    let accra = exchange(&store, ACCRA);
    let partnership: String = store
        .conn()
        .query_row(
            "SELECT partnership_id FROM exchanges WHERE id = ?1",
            [&accra],
            |r| r.get(0),
        )
        .unwrap();
    let d = |y, m, day| NaiveDate::from_ymd_opt(y, m, day);
    let filters = [
        BudgetFilter::default(),
        BudgetFilter {
            partnership_id: Some(partnership),
            ..Default::default()
        },
        BudgetFilter {
            exchange_id: Some(accra.clone()),
            ..Default::default()
        },
        BudgetFilter {
            country: Some("es".into()),
            ..Default::default()
        },
        BudgetFilter {
            funder: Some("NETWORK".into()),
            stage: Some(CostStage::Actual),
            ..Default::default()
        },
        BudgetFilter {
            from: d(2025, 6, 1),
            to: d(2026, 6, 30),
            category: Some(CostCategory::VenueCatering),
            ..Default::default()
        },
        BudgetFilter {
            to: d(2024, 1, 1),
            ..Default::default()
        },
    ];
    let same = |store: &Store| {
        for filter in &filters {
            let a = serde_json::to_value(budget(store, filter).unwrap()).unwrap();
            let b = serde_json::to_value(budget_without_index(store, filter).unwrap()).unwrap();
            assert_eq!(a, b, "{filter:?}");
        }
    };
    same(&store);
    // A change through the store is seen at once: the index is rebuilt.
    let before = budget(&store, &BudgetFilter::default()).unwrap();
    store
        .save_cost_line(
            None,
            CostLineData {
                exchange_id: accra,
                category: CostCategory::Other,
                quantity: 1,
                unit_amount: "10.00".into(),
                currency: "USD".into(),
                stage: CostStage::Actual,
                cost_date: d(2026, 6, 20),
                ..Default::default()
            },
        )
        .unwrap();
    let after = budget(&store, &BudgetFilter::default()).unwrap();
    assert_eq!(after.totals.actual.minor - before.totals.actual.minor, 1000);
    store.set_reporting_currency("EUR").unwrap();
    same(&store);

    // Writes the index does not copy keep it; a cost line, an exchange, a member's
    // country or a write by another connection replaces it.
    let index = store.cost_index().unwrap();
    store
        .save_person(
            None,
            PersonData {
                name: "Somebody New".into(),
                ..Default::default()
            },
        )
        .unwrap();
    assert!(Arc::ptr_eq(&index, &store.cost_index().unwrap()), "kept");
    store
        .conn()
        .execute(
            "UPDATE cost_lines SET funder = 'Other donor' WHERE rowid = 1",
            [],
        )
        .unwrap();
    assert!(
        !Arc::ptr_eq(&index, &store.cost_index().unwrap()),
        "replaced"
    );
    same(&store);
}

#[test]
fn budget_lines_for_the_exports_match_the_roll_up() {
    let store = demo();
    for filter in [
        BudgetFilter::default(),
        BudgetFilter {
            stage: Some(CostStage::Estimate),
            ..Default::default()
        },
        BudgetFilter {
            from: NaiveDate::from_ymd_opt(2026, 1, 1),
            ..Default::default()
        },
    ] {
        let b = budget(&store, &filter).unwrap();
        let lines = budget_lines(&store, &filter).unwrap();
        assert_eq!(lines.len() as u64, b.totals.lines + b.unconverted_lines);
        let converted: i128 = lines.iter().filter_map(|l| l.converted).sum();
        let total = i128::from(b.totals.estimate.minor)
            + i128::from(b.totals.committed.minor)
            + i128::from(b.totals.actual.minor);
        assert_eq!(converted, total, "{filter:?}");
    }
}

#[test]
fn estimate_from_delegation_proposes_fares_nights_and_days_from_the_rate_table() {
    let store = demo();
    let estimate = estimate_from_delegation(&store, &exchange(&store, ACCRA)).unwrap();
    assert_eq!(
        (estimate.nights, estimate.days, estimate.travellers),
        (3, 4, 6)
    );
    assert_eq!(estimate.proposals.len(), 18);
    let of = |name: &str, category: CostCategory| {
        estimate
            .proposals
            .iter()
            .find(|p| p.traveller == name && p.line.category == category)
            .unwrap()
    };
    let fare = of("Wanjiru Kamau", CostCategory::InternationalTravel);
    assert_eq!(
        (&*fare.line.unit_amount, &*fare.line.currency),
        ("950.00", "USD")
    );
    assert!(fare.basis.contains("Kenya (KE)"), "{}", fare.basis);
    // The facilitator represents no member: his own country (NG) gives the fare.
    let okafor = of("Samuel Okafor", CostCategory::InternationalTravel);
    assert_eq!(okafor.line.unit_amount, "780.00");
    let night = of("Lucy Njeri", CostCategory::Accommodation);
    assert_eq!(
        (night.line.quantity, &*night.line.unit_amount),
        (3, "145.00")
    );
    assert!(
        night.basis.starts_with("rate table: Accra, Ghana (GH)"),
        "{}",
        night.basis
    );
    let days = of("Lucy Njeri", CostCategory::PerDiem);
    assert_eq!((days.line.quantity, &*days.line.unit_amount), (4, "80.00"));
    assert!(estimate.proposals.iter().all(|p| p.rate_found));

    // Monrovia: Irish fares in EUR; the rate table has Monrovia.
    let monrovia = estimate_from_delegation(&store, &exchange(&store, MONROVIA)).unwrap();
    assert!(monrovia.proposals.iter().all(|p| p.rate_found));
    assert!(monrovia
        .proposals
        .iter()
        .any(|p| p.line.currency == "EUR" && p.line.unit_amount == "1250.00"));

    // Barcelona's visitors come from the US: a fare; Barcelona's nights are in EUR.
    let barcelona = estimate_from_delegation(&store, &exchange(&store, BARCELONA)).unwrap();
    assert!(barcelona
        .proposals
        .iter()
        .filter(|p| p.line.category == CostCategory::Accommodation)
        .all(|p| p.line.currency == "EUR" && p.line.unit_amount == "180.00"));
}

#[test]
fn proposals_without_a_rate_say_so_and_a_virtual_exchange_has_none() {
    let store = demo();
    let virtual_id = exchange(&store, "Virtual exchange: piloting shared indicators");
    let v = estimate_from_delegation(&store, &virtual_id).unwrap();
    assert!(v.proposals.is_empty());
    assert_eq!(v.notes.len(), 1);
    let ibadan = exchange(&store, "Regional learning event on budget preparation");
    let i = estimate_from_delegation(&store, &ibadan).unwrap();
    // The alliance's members are all Nigerian: no international fares; nights in NGN.
    assert!(i
        .proposals
        .iter()
        .all(|p| p.line.category != CostCategory::InternationalTravel));
    assert!(i.proposals.iter().all(|p| p.line.currency == "NGN"));
}

#[test]
fn a_rate_is_found_on_or_before_the_date_direct_or_inverse() {
    let mut book = RateBook::default();
    let d = |m, day| NaiveDate::from_ymd_opt(2026, m, day).unwrap();
    book.add("EUR", "USD", d(1, 1), Rate::parse("1.10").unwrap());
    book.add("EUR", "USD", d(3, 1), Rate::parse("1.20").unwrap());
    book.add("USD", "EUR", d(4, 1), Rate::parse("0.8").unwrap());
    let find = |from, to, on| {
        book.find(from, to, Some(on))
            .map(|(r, u)| (r.text(), u.direction))
    };
    assert_eq!(
        find("EUR", "USD", d(2, 15)),
        Some(("1.1".into(), Direction::Direct))
    );
    assert_eq!(
        find("EUR", "USD", d(3, 1)),
        Some(("1.2".into(), Direction::Direct))
    );
    // The newer inverse entry wins from its date.
    assert_eq!(
        find("EUR", "USD", d(4, 2)),
        Some(("0.8".into(), Direction::Inverse))
    );
    assert_eq!(
        find("USD", "EUR", d(2, 1)),
        Some(("1.1".into(), Direction::Inverse))
    );
    assert_eq!(
        find("EUR", "USD", d(12, 31).pred_opt().unwrap()),
        Some(("0.8".into(), Direction::Inverse))
    );
    assert_eq!(
        book.find("EUR", "USD", NaiveDate::from_ymd_opt(2025, 12, 31)),
        None,
        "no rate before the first"
    );
    let converter = Converter::new(&book, "USD");
    assert_eq!(
        converter
            .convert("x", "EUR", 100, NaiveDate::from_ymd_opt(2025, 6, 1))
            .unwrap_err()
            .text,
        "EUR→USD on or before 2025-06-01"
    );
    // 1.00 EUR at 1/0.8 = 1.25 USD.
    assert_eq!(
        converter.convert("x", "EUR", 100, Some(d(5, 1))).unwrap().0,
        125
    );
    assert_eq!(converter.convert("x", "USD", 777, None).unwrap().0, 777);
}

#[test]
fn roll_ups_round_each_line_in_currencies_with_0_2_and_3_decimals() {
    let mut book = RateBook::default();
    let day = NaiveDate::from_ymd_opt(2026, 1, 1).unwrap();
    book.add("EUR", "JPY", day, Rate::parse("160.5").unwrap());
    book.add("EUR", "TND", day, Rate::parse("3.3333").unwrap());
    // Reporting in TND (3 decimals): 0.01 EUR → 0.033333 → 0.033, three times = 0.099,
    // not 0.100 (rounded per line, summed after).
    let converter = Converter::new(&book, "TND");
    let fact = |amount, currency: &str| LineFact {
        exchange: 0,
        category: CostCategory::Other,
        stage: CostStage::Actual,
        currency: currency.into(),
        funder: String::new(),
        date: Some(day),
        amount,
    };
    let facts = vec![fact(1, "EUR"), fact(1, "EUR"), fact(1, "EUR")];
    let RollUp { totals, .. } = roll_up(&facts, &["x".into()], &converter);
    assert_eq!(totals.actual, 99);
    assert_eq!(totals.view(3).actual.text, "0.099");
    // Reporting in JPY (0 decimals): 0.01 EUR → 1.605 → 2 yen; 0.03 EUR → 4.815 → 5.
    let converter = Converter::new(&book, "JPY");
    let RollUp { totals, .. } =
        roll_up(&[fact(1, "EUR"), fact(3, "EUR")], &["x".into()], &converter);
    assert_eq!(totals.view(0).actual.text, "7");
    // JPY lines into EUR (inverse): 1000 JPY / 160.5 = 6.2305 → 6.23 EUR.
    let converter = Converter::new(&book, "EUR");
    let RollUp { totals, .. } = roll_up(&[fact(1000, "JPY")], &["x".into()], &converter);
    assert_eq!(totals.view(2).actual.text, "6.23");
    // TND lines (3 decimals) into EUR: 10.000 TND / 3.3333 = 3.00003 → 3.00 EUR.
    let RollUp { totals, .. } = roll_up(&[fact(10_000, "TND")], &["x".into()], &converter);
    assert_eq!(totals.view(2).actual.text, "3.00");
}
