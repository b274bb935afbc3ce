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
    let month_sum: i64 = all.by_month.iter().map(|m| m.row.totals.actual.minor).sum();
    assert_eq!(month_sum, all.totals.actual.minor);
    let category_sum: i64 = all
        .by_category
        .iter()
        .map(|c| c.row.totals.estimate.minor)
        .sum();
    assert_eq!(category_sum, all.totals.estimate.minor);
    let funder_sum: i64 = all
        .by_funder
        .iter()
        .map(|c| c.row.totals.estimate.minor)
        .sum();
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
        month_date: Some(day),
        payer: None,
        amount,
    };
    let facts = vec![fact(1, "EUR"), fact(1, "EUR"), fact(1, "EUR")];
    let RollUp { totals, .. } = roll_up(&facts, &["x".into()], &converter);
    assert_eq!(totals.all.actual, 99);
    assert_eq!(totals.view(3).totals.actual.text, "0.099");
    // Reporting in JPY (0 decimals): 0.01 EUR → 1.605 → 2 yen; 0.03 EUR → 4.815 → 5.
    let converter = Converter::new(&book, "JPY");
    let RollUp { totals, .. } =
        roll_up(&[fact(1, "EUR"), fact(3, "EUR")], &["x".into()], &converter);
    assert_eq!(totals.view(0).totals.actual.text, "7");
    // JPY lines into EUR (inverse): 1000 JPY / 160.5 = 6.2305 → 6.23 EUR.
    let converter = Converter::new(&book, "EUR");
    let RollUp { totals, .. } = roll_up(&[fact(1000, "JPY")], &["x".into()], &converter);
    assert_eq!(totals.view(2).totals.actual.text, "6.23");
    // TND lines (3 decimals) into EUR: 10.000 TND / 3.3333 = 3.00003 → 3.00 EUR.
    let RollUp { totals, .. } = roll_up(&[fact(10_000, "TND")], &["x".into()], &converter);
    assert_eq!(totals.view(2).totals.actual.text, "3.00");
}

/// Issue 17: a pivot currency when no rate of the pair exists, each leg at the rate in force
/// on the line's own date, a direct rate preferred from the day there is one, and a
/// 3-decimal currency.
#[test]
fn a_line_with_no_direct_rate_converts_through_a_common_currency_leg_by_leg_on_its_date() {
    let mut book = RateBook::default();
    let d = |m, day| NaiveDate::from_ymd_opt(2026, m, day).unwrap();
    let rate = |r: &str| Rate::parse(r).unwrap();
    book.add("EUR", "USD", d(1, 1), rate("1.10"));
    book.add("EUR", "USD", d(3, 1), rate("1.25"));
    book.add("USD", "GHS", d(1, 1), rate("15"));
    book.add("USD", "GHS", d(2, 15), rate("12"));
    book.add("USD", "TND", d(1, 1), rate("3.125"));
    let converter = Converter::new(&book, "EUR");
    // 1 Feb: 1,650.00 GHS / 15 = 110.00 USD; / 1.10 = 100.00 EUR (January's rates both).
    let (value, used) = converter
        .convert("x", "GHS", 165_000, Some(d(2, 1)))
        .unwrap();
    assert_eq!(value, 10_000);
    assert_eq!(used.len(), 2, "both legs are named");
    assert!(used
        .iter()
        .all(|u| u.leg_of.as_deref() == Some("GHS→EUR via USD")));
    assert_eq!(
        describe_conversion(&used),
        "GHS→EUR via USD: 1 USD = 15 GHS (rate of 2026-01-01); 1 EUR = 1.1 USD (rate of 2026-01-01)"
    );
    // 5 March: both legs have moved, and both are taken on that day, never one from
    // another date: 1,650.00 / 12 = 137.50 USD; / 1.25 = 110.00 EUR.
    let (value, used) = converter
        .convert("x", "GHS", 165_000, Some(d(3, 5)))
        .unwrap();
    assert_eq!(value, 11_000);
    let dates: Vec<_> = used.iter().map(|u| u.rate_date.unwrap()).collect();
    assert_eq!(dates, [d(2, 15), d(3, 1)]);
    // 20 Feb: GHS's new rate (15 Feb) with the euro's old one (1 Jan), as in force that day:
    // 1,000.00 GHS / (12 × 1.10) = 75.7575… → 75.76 EUR, rounded once.
    assert_eq!(
        converter
            .convert("x", "GHS", 100_000, Some(d(2, 20)))
            .unwrap()
            .0,
        7_576
    );
    // A 3-decimal currency: 100.000 TND / 3.125 = 32 USD; / 1.10 = 29.0909… → 29.09 EUR.
    assert_eq!(
        converter
            .convert("x", "TND", 100_000, Some(d(2, 1)))
            .unwrap()
            .0,
        2_909
    );
    // Before any rate of a leg: missing, never guessed.
    assert_eq!(
        converter
            .convert(
                "x",
                "GHS",
                100,
                Some(NaiveDate::from_ymd_opt(2025, 12, 31).unwrap())
            )
            .unwrap_err()
            .text,
        "GHS→EUR on or before 2025-12-31"
    );
    // From the day a direct rate exists it is preferred: 1,650.00 GHS / 13 = 126.923… → 126.92.
    book.add("EUR", "GHS", d(3, 2), rate("13"));
    let converter = Converter::new(&book, "EUR");
    let (value, used) = converter
        .convert("x", "GHS", 165_000, Some(d(3, 5)))
        .unwrap();
    assert_eq!((value, used.len()), (12_692, 1));
    assert_eq!(used[0].leg_of, None);
    assert_eq!(
        converter
            .convert("x", "GHS", 165_000, Some(d(2, 1)))
            .unwrap()
            .0,
        10_000,
        "before the direct rate, still the pivot"
    );
}

#[test]
fn of_two_possible_pivots_the_fresher_pair_of_rates_wins_the_same_on_every_laptop() {
    let mut book = RateBook::default();
    let d = |m, day| NaiveDate::from_ymd_opt(2026, m, day).unwrap();
    let rate = |r: &str| Rate::parse(r).unwrap();
    // Through EUR: legs of 1 Jan and 1 Jan. Through USD: legs of 1 Feb and 10 Jan (fresher).
    book.add("XOF", "EUR", d(1, 1), rate("0.001524"));
    book.add("EUR", "KES", d(1, 1), rate("150"));
    book.add("USD", "XOF", d(2, 1), rate("600"));
    book.add("USD", "KES", d(1, 10), rate("129"));
    let plan = book.plan("XOF", "KES", Some(d(3, 1))).unwrap();
    assert_eq!(plan.used[0].leg_of.as_deref(), Some("XOF→KES via USD"));
    // 60,000 XOF / 600 × 129 = 12,900.00 KES.
    assert_eq!(plan.factor.apply(60_000), 1_290_000);
    // On 15 Jan the USD→XOF rate does not exist yet: EUR is the only way.
    let plan = book.plan("XOF", "KES", Some(d(1, 15))).unwrap();
    assert_eq!(plan.used[0].leg_of.as_deref(), Some("XOF→KES via EUR"));
}

/// The demo reported in EUR: its GHS, KES, NGN and XOF lines have rates to USD and USD has
/// rates to EUR, so only the LRD line (no rate at all) is left out.
#[test]
fn the_demo_in_euros_converts_every_line_that_has_a_way_through_the_dollar() {
    let mut store = demo();
    store.set_reporting_currency("EUR").unwrap();
    let b = budget_of(&store, BudgetFilter::default());
    assert_eq!(b.unconverted_lines, 1);
    let missing: Vec<&str> = b.missing_rates.iter().map(|m| m.text.as_str()).collect();
    assert_eq!(missing, ["LRD→EUR on or before 2027-03-09"]);
    assert!(b
        .rates_used
        .iter()
        .any(|r| r.leg_of.as_deref() == Some("GHS→EUR via USD")));
    let lines = budget_lines(&store, &BudgetFilter::default()).unwrap();
    // The Accra venue, paid in June: 45,600.00 GHS / (10.4 × 1.16) = 3,779.8408… → 3,779.84.
    let venue = lines
        .iter()
        .find(|l| l.currency == "GHS" && l.total == 4_560_000 && l.stage == CostStage::Actual)
        .unwrap();
    assert_eq!(venue.converted, Some(377_984));
    assert_eq!(
        venue.rate,
        "GHS→EUR via USD: 1 USD = 10.4 GHS (rate of 2026-06-01); 1 EUR = 1.16 USD (rate of 2026-01-02)"
    );
    // The index and the plain SQL roll-up agree through pivots too.
    for filter in [
        BudgetFilter::default(),
        BudgetFilter {
            exchange_id: Some(exchange(&store, ACCRA)),
            ..Default::default()
        },
    ] {
        let a = serde_json::to_value(budget(&store, &filter).unwrap()).unwrap();
        let c = serde_json::to_value(budget_without_index(&store, &filter).unwrap()).unwrap();
        assert_eq!(a, c);
    }
    // The exchange's own cost view converts the same way.
    let costs = exchange_costs(&store, &exchange(&store, ACCRA)).unwrap();
    assert!(costs.complete);
    let venue_view = costs.lines.iter().find(|l| l.line.id == venue.id).unwrap();
    assert_eq!(venue_view.converted.as_ref().unwrap().text, "3779.84");
}

/// Issue 17: estimates and actuals of one exchange fall in the same month (the exchange's),
/// and every breakdown compares by the headline's rule (paid exchanges only).
#[test]
fn months_are_the_exchanges_and_every_breakdown_compares_paid_exchanges_only() {
    let store = demo();
    let accra = exchange(&store, ACCRA);
    // Estimated in April, paid in June: one month, the visit's, with both.
    let one = budget_of(
        &store,
        BudgetFilter {
            exchange_id: Some(accra.clone()),
            ..Default::default()
        },
    );
    let start: NaiveDate = store
        .conn()
        .query_row(
            "SELECT start_date FROM exchanges WHERE id = ?1",
            [&accra],
            |r| r.get::<_, String>(0),
        )
        .unwrap()
        .parse()
        .unwrap();
    assert_eq!(one.by_month.len(), 1, "{:?}", one.by_month);
    assert_eq!(one.by_month[0].month, start.format("%Y-%m").to_string());
    let t = &one.by_month[0].row.compared;
    assert_eq!(
        (&*t.estimate.text, &*t.actual.text, &*t.variance.text),
        ("16427.58", "17115.48", "687.90")
    );

    let all = budget_of(&store, BudgetFilter::default());
    // Every breakdown's compared rows add up to the headline's paid comparison
    // (54,509.65 estimated, 56,587.23 paid over the three paid exchanges).
    let headline = &all.paid.totals;
    for (what, estimate, actual) in [
        (
            "category",
            all.by_category
                .iter()
                .map(|r| r.row.compared.estimate.minor)
                .sum::<i64>(),
            all.by_category
                .iter()
                .map(|r| r.row.compared.actual.minor)
                .sum::<i64>(),
        ),
        (
            "funder",
            all.by_funder
                .iter()
                .map(|r| r.row.compared.estimate.minor)
                .sum(),
            all.by_funder
                .iter()
                .map(|r| r.row.compared.actual.minor)
                .sum(),
        ),
        (
            "month",
            all.by_month
                .iter()
                .map(|r| r.row.compared.estimate.minor)
                .sum(),
            all.by_month
                .iter()
                .map(|r| r.row.compared.actual.minor)
                .sum(),
        ),
    ] {
        assert_eq!((estimate, actual), (5_450_965, 5_658_723), "by {what}");
        assert_eq!(estimate, headline.estimate.minor);
    }
    // The Monrovia visit, not paid yet, is in the totals but not in the comparison.
    let monrovia = all
        .by_exchange
        .iter()
        .find(|e| e.title == MONROVIA)
        .unwrap();
    assert!(!monrovia.paid);
    assert!(all.by_exchange.iter().filter(|e| e.paid).count() == 3);
    let month_of_monrovia = all
        .by_month
        .iter()
        .find(|m| {
            Some(m.month.as_str())
                == monrovia
                    .start_date
                    .map(|d| d.format("%Y-%m").to_string())
                    .as_deref()
        })
        .unwrap();
    assert!(month_of_monrovia.row.totals.estimate.minor > 0);
    assert_eq!(month_of_monrovia.row.compared.estimate.minor, 0);
    assert_eq!(month_of_monrovia.row.compared.variance_percent, None);
}

/// Issue 17: a save of cost lines brings the index up to date in place (only the changed
/// exchanges' lines are read again), and the result is always the plain SQL roll-up's — for
/// the writer's store and for a second, read-only store over the same file, through new
/// lines, changed amounts, funders and currencies never seen, deletions and dates in months
/// the index has no slot for (which rebuild instead).
#[test]
fn saves_of_cost_lines_patch_the_index_and_it_always_agrees_with_sql() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("pp.db");
    let mut store = Store::open(&path).unwrap();
    crate::demo::load(&mut store).unwrap();
    let reader = Store::open_read_only(&path).unwrap();
    let exchanges: Vec<String> = store
        .conn()
        .prepare("SELECT id FROM exchanges WHERE deleted_at IS NULL ORDER BY id")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<rusqlite::Result<_>>()
        .unwrap();
    let accra = exchange(&store, ACCRA);
    let filters = [
        BudgetFilter::default(),
        BudgetFilter {
            exchange_id: Some(accra.clone()),
            ..Default::default()
        },
        BudgetFilter {
            stage: Some(CostStage::Actual),
            funder: Some("network".into()),
            ..Default::default()
        },
    ];
    let agree = |store: &Store, what: &str| {
        for filter in &filters {
            let a = serde_json::to_value(budget(store, filter).unwrap()).unwrap();
            let b = serde_json::to_value(budget_without_index(store, filter).unwrap()).unwrap();
            for (key, value) in a.as_object().unwrap() {
                assert_eq!(value, &b[key], "{what}: {key} under {filter:?}");
            }
            assert_eq!(a, b, "{what}: {filter:?}");
        }
    };
    agree(&store, "before");
    agree(&reader, "before, reader");
    assert_eq!(store.cost_index().unwrap().patches, 0);

    // A small deterministic generator: the same hostile sequence on every run.
    let mut seed = 0x2545_f491_4f6c_dd1du64;
    let mut next = move |n: usize| {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        (seed % n as u64) as usize
    };
    let currencies = ["USD", "EUR", "GHS", "XOF", "TND", "JPY", "KES"];
    let funders = [
        "Network",
        "NETWORK",
        "Host member",
        "A donor never seen",
        "",
    ];
    // (line id, its exchange): a line stays on the exchange it was created on.
    let mut saved: Vec<(String, String)> = Vec::new();
    for step in 0..40 {
        let op = next(10);
        if op < 2 && !saved.is_empty() {
            let (id, _) = saved.swap_remove(next(saved.len()));
            store.delete_cost_line(&id).unwrap();
        } else {
            let currency = currencies[next(currencies.len())];
            let decimals = money::currency(currency).unwrap().minor_units as usize;
            let unit = if decimals == 0 {
                format!("{}", 1 + next(90_000))
            } else {
                format!("{}.{}", 1 + next(9_000), "5".repeat(decimals))
            };
            let stage = CostStage::ALL[next(3)];
            // Mostly dates in the index's months; sometimes one far away (a rebuild).
            let cost_date = match next(6) {
                0 => NaiveDate::from_ymd_opt(2031, 1 + next(12) as u32, 1),
                1 => None,
                _ => NaiveDate::from_ymd_opt(2025 + next(2) as i32, 1 + next(12) as u32, 15),
            };
            let data = CostLineData {
                exchange_id: exchanges[next(exchanges.len())].clone(),
                category: CostCategory::ALL[next(CostCategory::ALL.len())],
                description: format!("step {step}"),
                quantity: 1 + next(5) as i64,
                unit_amount: unit,
                currency: currency.into(),
                stage,
                funder: funders[next(funders.len())].into(),
                cost_date: if stage == CostStage::Actual {
                    cost_date.or(NaiveDate::from_ymd_opt(2026, 6, 20))
                } else {
                    cost_date
                },
                ..Default::default()
            };
            let existing = (op < 4 && !saved.is_empty()).then(|| saved[next(saved.len())].clone());
            let data = match &existing {
                Some((_, exchange_id)) => CostLineData {
                    exchange_id: exchange_id.clone(),
                    ..data
                },
                None => data,
            };
            let existing_id = existing.as_ref().map(|(id, _)| id.as_str());
            match store.save_cost_line(existing_id, data) {
                Ok(s) if existing.is_none() => saved.push((s.record.id, s.record.data.exchange_id)),
                Ok(_) => {}
                Err(e) => panic!("step {step}: {e}"),
            }
        }
        agree(&store, &format!("step {step}"));
        agree(&reader, &format!("step {step}, reader"));
    }
    // Most of those were patches, not rebuilds, in both stores.
    assert!(store.cost_index().unwrap().patches > 0);
    assert!(reader.cost_index().unwrap().patches > 0);

    // One saved line: exactly one patch, and the reader's index is a patch of its last one.
    let before = reader.cost_index().unwrap();
    store
        .save_cost_line(
            None,
            CostLineData {
                exchange_id: accra.clone(),
                category: CostCategory::Other,
                quantity: 1,
                unit_amount: "10.00".into(),
                currency: "USD".into(),
                stage: CostStage::Estimate,
                ..Default::default()
            },
        )
        .unwrap();
    let after = reader.cost_index().unwrap();
    assert_eq!(after.patches, before.patches + 1);
    agree(&reader, "one more line");

    // An exchange's start date moves every undated line of it: a whole rebuild.
    store
        .conn()
        .execute(
            "UPDATE exchanges SET start_date = '2026-07-01' WHERE id = ?1",
            [&accra],
        )
        .unwrap();
    assert_eq!(reader.cost_index().unwrap().patches, 0);
    agree(&reader, "after the exchange moved");
}

/// Issue 17: who pays. In the demo, the Accra visit's venue and local transport are the host's
/// (Ghana's) own budget, the rest the network's: hand-computed from the lines (each converted
/// line rounded, then summed). A payer from another partnership is refused, naming the field;
/// a deleted member's lines go back to the network.
#[test]
fn cost_shares_say_who_pays_per_member_and_partnership() {
    let mut store = demo();
    let accra = exchange(&store, ACCRA);
    let b = budget_of(
        &store,
        BudgetFilter {
            exchange_id: Some(accra.clone()),
            ..Default::default()
        },
    );
    let rows: Vec<(Option<&str>, &str, &str, Option<&str>)> = b
        .by_payer
        .iter()
        .map(|p| {
            (
                p.member_id.as_deref().map(|_| p.name.as_str()),
                p.row.totals.estimate.text.as_str(),
                p.row.totals.actual.text.as_str(),
                p.estimate_share.as_deref(),
            )
        })
        .collect();
    // Ghana: 43,500 + 9,800 GHS / 10.95 = 3,972.60 + 894.98 = 4,867.58 estimated;
    //        45,600 + 11,250 GHS / 10.4 = 4,384.62 + 1,081.73 = 5,466.35 paid.
    // Network: 16,427.58 − 4,867.58 = 11,560.00; 17,115.48 − 5,466.35 = 11,649.13.
    assert_eq!(
        rows,
        [
            (None, "11560.00", "11649.13", Some("70.4")),
            (Some("Ghana (GH)"), "4867.58", "5466.35", Some("29.6")),
        ]
    );
    let ghana = &b.by_payer[1];
    assert_eq!(ghana.actual_share.as_deref(), Some("31.9"));
    assert_eq!(
        ghana.partnership_title.as_deref(),
        Some("Ghana–Kenya peer learning on NAP monitoring and evaluation")
    );
    // The shares add up to the totals.
    let estimate: i64 = b.by_payer.iter().map(|p| p.row.totals.estimate.minor).sum();
    assert_eq!(estimate, b.totals.estimate.minor);

    // A member of another partnership cannot pay for this exchange.
    let other_member: String = store
        .conn()
        .query_row(
            "SELECT m.id FROM members m JOIN exchanges e ON e.id = ?1
              WHERE m.partnership_id <> e.partnership_id AND m.deleted_at IS NULL LIMIT 1",
            [&accra],
            |r| r.get(0),
        )
        .unwrap();
    let line = CostLineData {
        exchange_id: accra.clone(),
        category: CostCategory::Other,
        quantity: 1,
        unit_amount: "10.00".into(),
        currency: "USD".into(),
        paid_by_member_id: Some(other_member),
        ..Default::default()
    };
    let err = store.save_cost_line(None, line).unwrap_err();
    let text = err.to_string();
    assert!(
        text.contains("paid_by_member_id") || text.contains("member who pays"),
        "{text}"
    );
    // A member that pays one line and is then removed: the line stays, the network's now.
    let partnership: String = store
        .conn()
        .query_row(
            "SELECT partnership_id FROM exchanges WHERE id = ?1",
            [&accra],
            |r| r.get(0),
        )
        .unwrap();
    let togo = store
        .save_member(
            None,
            MemberData {
                partnership_id: partnership,
                country_code: "TG".into(),
                ..Default::default()
            },
        )
        .unwrap()
        .record
        .id;
    store
        .save_cost_line(
            None,
            CostLineData {
                exchange_id: accra.clone(),
                category: CostCategory::Other,
                quantity: 1,
                unit_amount: "100.00".into(),
                currency: "USD".into(),
                paid_by_member_id: Some(togo.clone()),
                ..Default::default()
            },
        )
        .unwrap();
    let of_accra = |store: &Store| {
        budget_of(
            store,
            BudgetFilter {
                exchange_id: Some(accra.clone()),
                ..Default::default()
            },
        )
    };
    let with_togo = of_accra(&store);
    assert_eq!(with_togo.by_payer.len(), 3);
    assert_eq!(
        with_togo.by_payer.last().unwrap().row.totals.estimate.text,
        "100.00"
    );
    store.delete_member(&togo).unwrap();
    let after = of_accra(&store);
    assert_eq!(after.by_payer.len(), 2, "{:?}", after.by_payer);
    assert_eq!(after.by_payer[0].row.totals.estimate.text, "11660.00");
}

/// A restore by another process (the CLI while the app is open) puts the change counter back:
/// the reader's index, built after the saves the restore undoes, must not survive it.
#[test]
fn a_restore_elsewhere_is_seen_by_a_readers_index() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("pp.db");
    let mut store = Store::open(&path).unwrap();
    crate::demo::load(&mut store).unwrap();
    let backup = crate::sync::backup::create(&store, "test").unwrap();
    let accra = exchange(&store, ACCRA);
    for amount in ["10.00", "20.00", "30.00"] {
        store
            .save_cost_line(
                None,
                CostLineData {
                    exchange_id: accra.clone(),
                    category: CostCategory::Other,
                    quantity: 1,
                    unit_amount: amount.into(),
                    currency: "USD".into(),
                    ..Default::default()
                },
            )
            .unwrap();
    }
    let reader = Store::open_read_only(&path).unwrap();
    budget(&reader, &BudgetFilter::default()).unwrap();
    let name = backup.file_name().unwrap().to_string_lossy().into_owned();
    crate::sync::backup::restore(&mut store, &name).unwrap();
    // As many new saves as the restore undid: the counter would be back where the reader's
    // index was built, with other lines.
    for amount in ["1.00", "2.00", "3.00"] {
        store
            .save_cost_line(
                None,
                CostLineData {
                    exchange_id: accra.clone(),
                    category: CostCategory::Other,
                    quantity: 1,
                    unit_amount: amount.into(),
                    currency: "USD".into(),
                    ..Default::default()
                },
            )
            .unwrap();
    }
    let a = serde_json::to_value(budget(&reader, &BudgetFilter::default()).unwrap()).unwrap();
    let b = serde_json::to_value(budget_without_index(&reader, &BudgetFilter::default()).unwrap())
        .unwrap();
    assert_eq!(a, b);
}
