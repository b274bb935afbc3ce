//! The example portfolio's logistics costs (issue 6): estimates and actuals of its exchanges,
//! dated rates, the rate table and a fixed budget rate.

use chrono::NaiveDate;
use rusqlite::OptionalExtension;

use super::*;

impl Demo<'_, '_> {
    /// Issue 6: rates, a rate table and the costs of four exchanges, reported in USD. The
    /// Accra study visit was estimated in April and paid in June (fares in KES, the venue in
    /// GHS: its rates change on 1 June); the Barcelona workshop has a fixed EUR budget rate;
    /// the Ibadan event paid a resource person from Dakar in XOF (no minor units); the
    /// Monrovia visit is only estimated, and its LRD line has no rate yet, so its totals are
    /// incomplete and say which rate is missing.
    pub(super) fn costs(&mut self) -> Result<()> {
        use CostCategory::*;
        use CostStage::*;
        self.w
            .set_setting(crate::store::costs::REPORTING_CURRENCY_KEY, "USD")?;
        for (day, from, to, rate, source) in [
            ((2025, 1, 2), "EUR", "USD", "1.035", "ECB reference rate"),
            ((2025, 7, 1), "EUR", "USD", "1.172", "ECB reference rate"),
            ((2026, 1, 2), "EUR", "USD", "1.16", "ECB reference rate"),
            (
                (2025, 1, 2),
                "USD",
                "NGN",
                "1545",
                "Central Bank of Nigeria",
            ),
            (
                (2025, 5, 1),
                "USD",
                "NGN",
                "1600",
                "Central Bank of Nigeria",
            ),
            ((2025, 1, 2), "USD", "XOF", "635", "BCEAO"),
            ((2026, 1, 2), "USD", "KES", "129.2", "Central Bank of Kenya"),
            ((2026, 1, 2), "USD", "GHS", "10.95", "Bank of Ghana"),
            ((2026, 6, 1), "USD", "GHS", "10.4", "Bank of Ghana"),
        ] {
            let data = ExchangeRateData {
                rate_date: date(day.0, day.1, day.2),
                from_currency: from.into(),
                to_currency: to.into(),
                rate: rate.into(),
                source: source.into(),
            };
            // Loaded a second time (`demo --yes`), the rates are already there.
            let known: bool = self.w.conn().query_row(
                "SELECT EXISTS (SELECT 1 FROM exchange_rates WHERE deleted_at IS NULL
                   AND rate_date = ?1 AND from_currency = ?2 AND to_currency = ?3)",
                rusqlite::params![data.rate_date.map(|d| d.to_string()), from, to],
                |r| r.get(0),
            )?;
            if !known {
                ensure_saved(self.w.save_exchange_rate(None, data)?.warnings)?;
            }
        }
        for (country, city, from, currency, night, day, fare) in [
            ("GH", "Accra", (2026, 1, 1), "USD", "145.00", "80.00", ""),
            ("KE", "", (2026, 1, 1), "USD", "120.00", "70.00", "950.00"),
            ("NG", "", (2025, 1, 1), "USD", "", "", "780.00"),
            (
                "NG",
                "Ibadan",
                (2025, 1, 1),
                "NGN",
                "95000.00",
                "45000.00",
                "",
            ),
            (
                "ES",
                "Barcelona",
                (2025, 1, 1),
                "EUR",
                "180.00",
                "95.00",
                "",
            ),
            ("US", "", (2025, 1, 1), "USD", "", "", "1100.00"),
            ("IE", "", (2026, 1, 1), "EUR", "", "", "1250.00"),
            ("LR", "Monrovia", (2026, 1, 1), "USD", "160.00", "90.00", ""),
        ] {
            let data = RateTableEntryData {
                country_code: country.into(),
                city: city.into(),
                valid_from: date(from.0, from.1, from.2),
                currency: currency.into(),
                nightly_accommodation: night.into(),
                daily_subsistence: day.into(),
                return_fare: fare.into(),
                note: String::new(),
            };
            let known: bool = self.w.conn().query_row(
                "SELECT EXISTS (SELECT 1 FROM rate_table WHERE deleted_at IS NULL
                   AND country_code = ?1 AND city = ?2 AND valid_from = ?3)",
                rusqlite::params![country, city, data.valid_from.map(|d| d.to_string())],
                |r| r.get(0),
            )?;
            if !known {
                ensure_saved(self.w.save_rate_table_entry(None, data)?.warnings)?;
            }
        }

        let accra = self.exchange_id("Study visit: Ghana's NAP indicator framework")?;
        let april = date(2026, 4, 15);
        let lines = [
            (
                InternationalTravel,
                "Return fares Nairobi–Accra, 5 delegates",
                None,
                5,
                "950.00",
                "USD",
                Estimate,
                "Network",
                april,
                "",
            ),
            (
                InternationalTravel,
                "Return fare Abuja–Accra, facilitator",
                None,
                1,
                "780.00",
                "USD",
                Estimate,
                "Network",
                april,
                "",
            ),
            (
                Accommodation,
                "6 travellers × 3 nights, Accra",
                None,
                18,
                "145.00",
                "USD",
                Estimate,
                "Network",
                april,
                "",
            ),
            (
                PerDiem,
                "6 travellers × 4 days",
                None,
                24,
                "80.00",
                "USD",
                Estimate,
                "Network",
                april,
                "",
            ),
            (
                VenueCatering,
                "Conference room B and lunches, 3 days",
                None,
                3,
                "14500.00",
                "GHS",
                Estimate,
                "Host member",
                april,
                "",
            ),
            (
                LocalTransport,
                "Airport transfers and site-visit bus",
                None,
                1,
                "9800.00",
                "GHS",
                Estimate,
                "Host member",
                april,
                "",
            ),
            (
                VisasInsurance,
                "Travel insurance",
                None,
                6,
                "25.00",
                "USD",
                Estimate,
                "Network",
                april,
                "",
            ),
            (
                Facilitation,
                "Facilitation, 3 days",
                None,
                3,
                "450.00",
                "USD",
                Estimate,
                "Network",
                april,
                "",
            ),
            (
                InternationalTravel,
                "Return fare NBO–ACC",
                Some("Wanjiru Kamau"),
                1,
                "118400.00",
                "KES",
                Actual,
                "Network",
                date(2026, 5, 20),
                "KQ e-ticket 706-2231",
            ),
            (
                InternationalTravel,
                "Return fare NBO–ACC",
                Some("Brian Otieno"),
                1,
                "118400.00",
                "KES",
                Actual,
                "Network",
                date(2026, 5, 20),
                "KQ e-ticket 706-2232",
            ),
            (
                InternationalTravel,
                "Return fare NBO–ACC",
                Some("Grace Achieng"),
                1,
                "118400.00",
                "KES",
                Actual,
                "Network",
                date(2026, 5, 20),
                "KQ e-ticket 706-2233",
            ),
            (
                InternationalTravel,
                "Return fare NBO–ACC (changed date)",
                Some("Peter Mutua"),
                1,
                "131150.00",
                "KES",
                Actual,
                "Network",
                date(2026, 5, 27),
                "KQ e-ticket 706-2290",
            ),
            (
                InternationalTravel,
                "Return fare NBO–ACC",
                Some("Lucy Njeri"),
                1,
                "118400.00",
                "KES",
                Actual,
                "Network",
                date(2026, 5, 20),
                "KQ e-ticket 706-2234",
            ),
            (
                InternationalTravel,
                "Return fare ABV–ACC",
                Some("Samuel Okafor"),
                1,
                "812.40",
                "USD",
                Actual,
                "Network",
                date(2026, 5, 22),
                "Receipt 2026-118",
            ),
            (
                Accommodation,
                "6 travellers × 3 nights, Accra",
                None,
                18,
                "152.00",
                "USD",
                Actual,
                "Network",
                date(2026, 6, 19),
                "Invoice AH-2291",
            ),
            (
                PerDiem,
                "6 travellers × 4 days",
                None,
                24,
                "80.00",
                "USD",
                Actual,
                "Network",
                date(2026, 6, 16),
                "Per diem sheet signed",
            ),
            (
                VenueCatering,
                "Conference room B and lunches, 3 days",
                None,
                3,
                "15200.00",
                "GHS",
                Actual,
                "Host member",
                date(2026, 6, 18),
                "EPA invoice 77/2026",
            ),
            (
                LocalTransport,
                "Airport transfers and site-visit bus",
                None,
                1,
                "11250.00",
                "GHS",
                Actual,
                "Host member",
                date(2026, 6, 18),
                "Receipt 0415",
            ),
            (
                VisasInsurance,
                "Travel insurance",
                None,
                6,
                "25.00",
                "USD",
                Actual,
                "Network",
                date(2026, 6, 1),
                "Policy TI-88120",
            ),
            (
                Facilitation,
                "Facilitation, 3 days",
                None,
                3,
                "450.00",
                "USD",
                Actual,
                "Network",
                date(2026, 6, 30),
                "Consultant invoice 14",
            ),
            (
                Communications,
                "Design and printing of the joint brief",
                None,
                1,
                "1200.00",
                "USD",
                Committed,
                "Network",
                date(2026, 7, 15),
                "PO 2026-031",
            ),
        ];
        for line in lines {
            self.cost(&accra, line)?;
        }

        let barcelona = self.exchange_id("Thematic workshop: superblocks and green corridors")?;
        let june = date(2025, 6, 2);
        let lines = [
            (
                InternationalTravel,
                "Return fares to Barcelona, 6 delegates",
                None,
                6,
                "1100.00",
                "USD",
                Estimate,
                "Visiting member",
                june,
                "",
            ),
            (
                Accommodation,
                "6 travellers × 3 nights",
                None,
                18,
                "180.00",
                "EUR",
                Estimate,
                "Network",
                june,
                "",
            ),
            (
                PerDiem,
                "6 travellers × 4 days",
                None,
                24,
                "95.00",
                "EUR",
                Estimate,
                "Network",
                june,
                "",
            ),
            (
                VenueCatering,
                "Workshop room and catering, 3 days",
                None,
                3,
                "2400.00",
                "EUR",
                Estimate,
                "Host member",
                june,
                "",
            ),
            (
                Interpretation,
                "Simultaneous interpretation EN–ES",
                None,
                2,
                "1800.00",
                "EUR",
                Estimate,
                "Network",
                june,
                "",
            ),
            (
                InternationalTravel,
                "Return fares to Barcelona, 6 delegates",
                None,
                6,
                "1032.60",
                "USD",
                Actual,
                "Visiting member",
                date(2025, 9, 12),
                "Travel agency statement 09/25",
            ),
            (
                Accommodation,
                "6 travellers × 3 nights",
                None,
                18,
                "171.50",
                "EUR",
                Actual,
                "Network",
                date(2025, 10, 10),
                "Hotel invoice 5521",
            ),
            (
                PerDiem,
                "6 travellers × 4 days",
                None,
                24,
                "95.00",
                "EUR",
                Actual,
                "Network",
                date(2025, 10, 7),
                "Per diem sheet signed",
            ),
            (
                VenueCatering,
                "Workshop room and catering, 3 days",
                None,
                3,
                "2650.00",
                "EUR",
                Actual,
                "Host member",
                date(2025, 10, 9),
                "Ajuntament invoice 2025/3381",
            ),
            (
                Interpretation,
                "Simultaneous interpretation EN–ES",
                None,
                2,
                "1800.00",
                "EUR",
                Actual,
                "Network",
                date(2025, 10, 9),
                "Invoice INT-207",
            ),
            (
                Communications,
                "Streaming for the online participants",
                None,
                1,
                "1350.00",
                "EUR",
                Actual,
                "Network",
                date(2025, 10, 9),
                "Invoice STR-88",
            ),
        ];
        for line in lines {
            self.cost(&barcelona, line)?;
        }
        // The grant budgeted this workshop's euros at a fixed 1.08 dollars.
        let budget = BudgetRateData {
            exchange_id: barcelona.clone(),
            currency: "EUR".into(),
            to_currency: "USD".into(),
            rate: "1.08".into(),
        };
        self.w.set_budget_rate(
            &budget.exchange_id,
            &budget.currency,
            &budget.to_currency,
            Some(&budget.rate),
        )?;

        let ibadan = self.exchange_id("Regional learning event on budget preparation")?;
        let march = date(2025, 3, 10);
        let lines = [
            (
                VenueCatering,
                "Hall and catering for 48, 2 days",
                None,
                2,
                "4800000.00",
                "NGN",
                Estimate,
                "Network",
                march,
                "",
            ),
            (
                LocalTransport,
                "Buses for the state delegations",
                None,
                1,
                "2400000.00",
                "NGN",
                Estimate,
                "Network",
                march,
                "",
            ),
            (
                Accommodation,
                "20 travellers × 2 nights, Ibadan",
                None,
                40,
                "95000.00",
                "NGN",
                Estimate,
                "Network",
                march,
                "",
            ),
            (
                PerDiem,
                "20 travellers × 3 days",
                None,
                60,
                "45000.00",
                "NGN",
                Estimate,
                "Network",
                march,
                "",
            ),
            (
                Facilitation,
                "Resource person from Dakar, fee for 2 days",
                None,
                2,
                "350000",
                "XOF",
                Estimate,
                "ECOWAS Commission",
                march,
                "",
            ),
            (
                InternationalTravel,
                "Return fare Dakar–Lagos, resource person",
                None,
                1,
                "780.00",
                "USD",
                Estimate,
                "ECOWAS Commission",
                march,
                "",
            ),
            (
                VenueCatering,
                "Hall and catering for 48, 2 days",
                None,
                2,
                "5150000.00",
                "NGN",
                Actual,
                "Network",
                date(2025, 5, 21),
                "Hotel invoice IB-1190",
            ),
            (
                LocalTransport,
                "Buses for the state delegations",
                None,
                1,
                "2250000.00",
                "NGN",
                Actual,
                "Network",
                date(2025, 5, 21),
                "Transport receipt 332",
            ),
            (
                Accommodation,
                "19 travellers × 2 nights, Ibadan",
                None,
                38,
                "95000.00",
                "NGN",
                Actual,
                "Network",
                date(2025, 5, 22),
                "Hotel invoice IB-1191",
            ),
            (
                PerDiem,
                "19 travellers × 3 days",
                None,
                57,
                "45000.00",
                "NGN",
                Actual,
                "Network",
                date(2025, 5, 20),
                "Per diem sheet signed",
            ),
            (
                Facilitation,
                "Resource person from Dakar, fee for 2 days",
                None,
                2,
                "350000",
                "XOF",
                Actual,
                "ECOWAS Commission",
                date(2025, 5, 21),
                "Fee note 2025-05",
            ),
            (
                InternationalTravel,
                "Return fare DSS–LOS, resource person",
                None,
                1,
                "742.30",
                "USD",
                Actual,
                "ECOWAS Commission",
                date(2025, 5, 2),
                "Air Côte d'Ivoire e-ticket",
            ),
        ];
        for line in lines {
            self.cost(&ibadan, line)?;
        }

        let monrovia = self.exchange_id("Scoping visit to Monrovia")?;
        let lines = [
            (
                InternationalTravel,
                "Return fares Dublin–Monrovia, 4 delegates",
                None,
                4,
                "1250.00",
                "EUR",
                Estimate,
                "Visiting member",
                None,
                "",
            ),
            (
                Accommodation,
                "4 travellers × 3 nights, Monrovia",
                None,
                12,
                "160.00",
                "USD",
                Estimate,
                "Network",
                None,
                "",
            ),
            (
                PerDiem,
                "4 travellers × 4 days",
                None,
                16,
                "90.00",
                "USD",
                Estimate,
                "Network",
                None,
                "",
            ),
            (
                VisasInsurance,
                "Liberian visas and travel insurance",
                None,
                4,
                "75.00",
                "USD",
                Estimate,
                "Visiting member",
                None,
                "",
            ),
            (
                LocalTransport,
                "Vehicle hire for the peace-hut visits",
                None,
                1,
                "95000.00",
                "LRD",
                Estimate,
                "Network",
                None,
                "",
            ),
        ];
        for line in lines {
            self.cost(&monrovia, line)?;
        }
        Ok(())
    }

    pub(super) fn exchange_id(&self, title: &str) -> Result<String> {
        Ok(self.w.conn().query_row(
            // The newest: `peerplan demo --yes` loads the portfolio beside an earlier copy.
            "SELECT id FROM exchanges WHERE title = ?1 AND deleted_at IS NULL
              ORDER BY rowid DESC LIMIT 1",
            [title],
            |r| r.get(0),
        )?)
    }

    #[allow(clippy::type_complexity)]
    pub(super) fn cost(
        &mut self,
        exchange: &str,
        line: (
            CostCategory,
            &str,
            Option<&str>,
            i64,
            &str,
            &str,
            CostStage,
            &str,
            Option<NaiveDate>,
            &str,
        ),
    ) -> Result<()> {
        let (
            category,
            description,
            traveller,
            quantity,
            unit,
            currency,
            stage,
            funder,
            day,
            reference,
        ) = line;
        let participant_id: Option<String> = match traveller {
            Some(name) => Some(self.w.conn().query_row(
                "SELECT x.id FROM participants x JOIN people p ON p.id = x.person_id
                  WHERE x.exchange_id = ?1 AND p.name = ?2 AND x.deleted_at IS NULL",
                [exchange, name],
                |r| r.get(0),
            )?),
            None => None,
        };
        // Who pays: "Host member" is the host's own budget; "Visiting member" the traveller's
        // member, else (a 1:1 partnership) the member that is not the host.
        let payer: Option<String> = match funder {
            "Host member" => self.w.conn().query_row(
                "SELECT host_member_id FROM exchanges WHERE id = ?1",
                [exchange],
                |r| r.get(0),
            )?,
            "Visiting member" => match &participant_id {
                Some(p) => self.w.conn().query_row(
                    "SELECT member_id FROM participants WHERE id = ?1",
                    [p],
                    |r| r.get(0),
                )?,
                None => self
                    .w
                    .conn()
                    .query_row(
                        "SELECT m.id FROM exchanges e JOIN members m
                             ON m.partnership_id = e.partnership_id AND m.deleted_at IS NULL
                          WHERE e.id = ?1 AND m.id IS NOT e.host_member_id
                            AND (SELECT count(*) FROM members x WHERE x.partnership_id = e.partnership_id
                                   AND x.deleted_at IS NULL) = 2",
                        [exchange],
                        |r| r.get(0),
                    )
                    .optional()?,
            },
            _ => None,
        };
        let participants: Vec<String> = participant_id.iter().cloned().collect();
        let data = CostLineData {
            exchange_id: exchange.into(),
            category,
            description: description.into(),
            participant_id,
            quantity,
            unit_amount: unit.into(),
            currency: currency.into(),
            stage,
            funder: funder.into(),
            cost_date: day,
            reference: reference.into(),
            paid_by_member_id: payer,
        };
        let _ = participants;
        ensure_saved(self.w.save_cost_line(None, data)?.warnings)
    }
}
