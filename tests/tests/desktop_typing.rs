//! Forms never silently change what an officer typed (issue 16), in the real desktop app,
//! typed as an officer types: keys into fields and clicks.
//!
//! * Dates: on a laptop set to read dates month first, a day-first "15/01/2027" is refused
//!   beside the field with the text kept (it used to become 1 December 2027); ISO
//!   "2027-01-15" and "15 Jan 2028" are read and shown in words; an empty end date shows the
//!   expected order, not a date. Switched to day first, the same dates show day first.
//! * Text: a 2,000-character paste into a 200-character title is kept whole, the count says
//!   how far over it is, and the save is refused beside the field; nothing is stored.
//! * Times: "0830" and "8:30 pm" in the session form are read as 08:30 and 20:30; "25:00" is
//!   refused beside the field.
//!
//! Screenshots: `desktop_typing_*.png`. Run with `cargo build -p peerplan-app && xvfb-run -a -s
//! "-screen 0 1366x768x24" cargo test -p peerplan-tests --test desktop_typing --
//! --test-threads=1`.

use peerplan_tests::agenda::add_day;
use peerplan_tests::officer::{scenario, Officer, WAIT};
use serde_json::json;

const TITLE: &str = "Coastal wetlands and blue carbon";

async fn set_date_order(ui: &Officer<'_>, order: &str) -> Result<(), String> {
    ui.click("[data-testid=nav-settings]").await?;
    ui.on_page("Settings").await?;
    ui.choose_value("[data-testid=date-order]", order).await
}

/// The text shown beside a typed field (the date it read in words).
async fn words_beside(ui: &Officer<'_>, form: &str, name: &str) -> Result<String, String> {
    let css = format!("{form} .typed-words[data-for={name}]");
    ui.until(&format!("words beside {name}"), async || {
        let shown = ui.shown(&css).await?;
        Ok(shown
            .into_iter()
            .next()
            .map(|(_, t)| t)
            .filter(|t| !t.is_empty()))
    })
    .await
}

/// The error shown beside field `name` of `form`, once it contains `needle`.
async fn error_beside(
    ui: &Officer<'_>,
    form: &str,
    name: &str,
    needle: &str,
) -> Result<String, String> {
    let css = format!("{form} .field-error[data-field={name}]");
    Ok(ui.visible_with(&css, &[needle]).await?.1)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn dates_times_and_long_texts_are_read_as_typed_or_refused_beside_the_field() {
    scenario("desktop_typing", async |app, ui| {
        app.wait_for_id("app", WAIT).await?;
        set_date_order(ui, "month_first").await?;

        // ---- a new partnership: a pasted title far over the limit, a day-first date ----
        ui.click("[data-testid=nav-partnerships]").await?;
        ui.click("[data-testid=new-partnership]").await?;
        ui.on_page("New partnership").await?;
        let form = "[data-testid=partnership-form]";
        let title = format!("{form} input[name=title]");
        let pasted: String = "Peer learning on coastal wetlands. "
            .repeat(60)
            .chars()
            .take(2000)
            .collect();
        ui.fill(&title, &pasted).await?;
        assert_eq!(ui.value(&title).await?.chars().count(), 2000, "nothing cut");
        let (_, count) = ui
            .visible_with(
                &format!("{form} [data-testid=char-count][data-for=title]"),
                &["over the limit of 200"],
            )
            .await?;
        // The figures as the laptop's locale groups them ("2,000", "2 000" or "2000").
        let count: String = count
            .chars()
            .filter(|c| !matches!(c, ',' | '.' | '\u{a0}' | '\u{202f}'))
            .collect();
        assert!(
            count.contains("2000 characters") && count.contains("1800 over"),
            "{count}"
        );
        let start = format!("{form} input[name=start_date]");
        let end = format!("{form} input[name=end_date]");
        // The empty end date shows the order it expects, not a date.
        assert_eq!(ui.value(&end).await?, "");
        let placeholder = ui
            .visible(&end)
            .await?
            .attr("placeholder")
            .await
            .map_err(|e| e.to_string())?;
        assert_eq!(placeholder.as_deref(), Some("MM/DD/YYYY"));
        ui.fill(&start, "15/01/2027").await?;
        ui.fill(&end, "15 Jan 2028").await?;
        // Leaving the start date: why it cannot be read, beside it.
        let message = error_beside(ui, form, "start_date", "no month 15").await?;
        assert!(message.contains("MM/DD/YYYY"), "{message}");
        assert_eq!(words_beside(ui, form, "end_date").await?, "Saturday 15 January 2028");
        ui.click(&format!("{form} [data-testid=save]")).await?;
        ui.visible_with(&format!("{form} [data-testid=form-summary]"), &["Not saved"])
            .await?;
        error_beside(ui, form, "start_date", "no month 15").await?;
        error_beside(ui, form, "title", "the limit is 200").await?;
        // Everything typed is still there; nothing was stored.
        assert_eq!(ui.value(&start).await?, "15/01/2027");
        assert_eq!(ui.value(&title).await?.chars().count(), 2000);
        ui.screenshot("1_refused").await?;
        let stored = app
            .call("list_partnerships", json!({ "query": { "include_archived": true } }))
            .await?;
        assert_eq!(stored["total"], 0, "{stored}");

        // ---- fixed: the ISO date is read and shown in words; the save goes through ----
        ui.fill(&title, TITLE).await?;
        ui.gone(&format!("{form} [data-testid=char-count][data-for=title]"))
            .await?;
        ui.fill(&start, "2027-01-15").await?;
        assert_eq!(words_beside(ui, form, "start_date").await?, "Friday 15 January 2027");
        ui.click(&format!("{form} [data-testid=save]")).await?;
        ui.on_page(TITLE).await?;
        let id = ui.id_in_address("/partnerships/").await?;
        let stored = app.call("get_partnership", json!({ "id": id })).await?;
        assert_eq!(stored["partnership"]["start_date"], "2027-01-15", "{stored}");
        assert_eq!(stored["partnership"]["end_date"], "2028-01-15", "{stored}");
        // Shown back in the field's order, with the words.
        assert_eq!(ui.value(&start).await?, "01/15/2027");
        assert_eq!(words_beside(ui, form, "start_date").await?, "Friday 15 January 2027");
        ui.screenshot("2_saved").await?;

        // ---- a day-first laptop: the same dates, day first ----
        set_date_order(ui, "day_first").await?;
        app.run_async(
            "location.hash = arguments[0]; done(true);",
            vec![json!(format!("#/partnerships/{id}"))],
        )
        .await?;
        ui.on_page(TITLE).await?;
        assert_eq!(ui.value(&start).await?, "15/01/2027");
        assert_eq!(ui.value(&end).await?, "15/01/2028");

        // The host member (the member form is not what this test is about).
        app.call(
                "save_member",
                json!({ "id": null, "data": { "partnership_id": id, "country_code": "GH", "role": "Host" } }),
            )
            .await?;
        // ---- a new exchange: the zone follows the venue, and says which and why ----
        app.run_async(
            "location.hash = arguments[0]; done(true);",
            vec![json!(format!("#/partnerships/{id}"))],
        )
        .await?;
        ui.on_page(TITLE).await?;
        ui.click("[data-testid=plan-exchange]").await?;
        ui.on_page("Plan an exchange").await?;
        let xform = "[data-testid=exchange-form]";
        let zone = format!("{xform} input[name=time_zone]");
        let note = format!("{xform} [data-testid=zone-note]");
        ui.fill(&format!("{xform} input[name=title]"), "Keta lagoon visit")
            .await?;
        // The host's country is filled in, and its zone with it (not the laptop's).
        ui.visible_with(&note, &["Africa/Accra", "Ghana has one time zone"])
            .await?;
        ui.fill(&format!("{xform} input[name=city]"), "Boston").await?;
        ui.choose_value(&format!("{xform} select[name=country_code]"), "US")
            .await?;
        ui.visible_with(&note, &["America/New_York", "Boston"]).await?;
        assert_eq!(ui.value(&zone).await?, "America/New_York");
        // A city PeerPlan does not know in a country of several zones: it says to check.
        ui.fill(&format!("{xform} input[name=city]"), "Tulsa").await?;
        ui.click(&format!("{xform} input[name=title]")).await?;
        ui.visible_with(&note, &["several time zones", "check it for Tulsa"])
            .await?;
        ui.fill(&format!("{xform} input[name=city]"), "Keta").await?;
        ui.choose_value(&format!("{xform} select[name=country_code]"), "GH")
            .await?;
        ui.visible_with(&note, &["Africa/Accra", "Ghana has one time zone"])
            .await?;
        assert_eq!(ui.value(&zone).await?, "Africa/Accra");
        ui.choose(&format!("{xform} select[name=host_member_id]"), "Ghana")
            .await?;
        // Day first now: 02/03/2027 is 2 March.
        ui.fill(&format!("{xform} input[name=start_date]"), "02/03/2027")
            .await?;
        assert_eq!(
            words_beside(ui, xform, "start_date").await?,
            "Tuesday 2 March 2027"
        );
        ui.fill(&format!("{xform} input[name=end_date]"), "3 mars 2027")
            .await?;
        assert_eq!(
            words_beside(ui, xform, "end_date").await?,
            "Wednesday 3 March 2027"
        );
        ui.screenshot("4_exchange_zone").await?;
        ui.click(&format!("{xform} [data-testid=save]")).await?;
        ui.on_page("Keta lagoon visit").await?;
        let exchange = ui.id_in_address("/exchanges/").await?;
        let stored = app.call("get_exchange", json!({ "id": exchange })).await?;
        assert_eq!(stored["exchange"]["time_zone"], "Africa/Accra", "{stored}");
        assert_eq!(stored["exchange"]["start_date"], "2027-03-02", "{stored}");
        // ---- times in the session form ----
        app.run_async(
            "location.hash = arguments[0]; done(true);",
            vec![json!(format!("#/exchanges/{exchange}/agenda"))],
        )
        .await?;
        ui.on_page("Agenda: Keta lagoon visit").await?;
        let day = add_day(ui, "").await?;
        ui.click(&format!(
            "[data-testid=agenda-day][data-day-id=\"{day}\"] [data-testid=add-session]"
        ))
        .await?;
        let session = "[data-testid=session-form]";
        let starts = format!("{session} input[name=start_time]");
        let ends = format!("{session} input[name=end_time]");
        ui.fill(&starts, "0830").await?;
        ui.fill(&ends, "25:00").await?;
        ui.fill(&format!("{session} input[name=title]"), "Mangrove walk")
            .await?;
        error_beside(ui, session, "end_time", "00 to 23").await?;
        ui.field_reads(&starts, "08:30").await?;
        ui.click("[data-testid=save-session]").await?;
        error_beside(ui, session, "end_time", "00 to 23").await?;
        assert_eq!(ui.value(&ends).await?, "25:00", "the text is kept");
        ui.screenshot("3_time_refused").await?;
        ui.fill(&ends, "8:30 pm").await?;
        ui.field_reads(&ends, "20:30").await?;
        ui.click("[data-testid=save-session]").await?;
        ui.gone(session).await?;
        let agenda = app.call("get_agenda", json!({ "exchange_id": exchange })).await?;
        let stored = &agenda["days"][0]["sessions"][0];
        assert_eq!(stored["start_time"], "08:30", "{agenda}");
        assert_eq!(stored["end_time"], "20:30", "{agenda}");

        // ---- amounts typed the European way ----
        app.run_async(
            "location.hash = arguments[0]; done(true);",
            vec![json!(format!("#/exchanges/{exchange}/costs"))],
        )
        .await?;
        ui.click("[data-testid=add-cost-line]").await?;
        let cform = "[data-testid=cost-line-form]";
        ui.choose_value(&format!("{cform} select[name=category]"), "venue_catering")
            .await?;
        ui.fill(&format!("{cform} input[name=description]"), "Boat hire")
            .await?;
        ui.fill(&format!("{cform} input[name=quantity]"), "1").await?;
        ui.choose_value(&format!("{cform} select[name=currency]"), "EUR")
            .await?;
        // "1,250": a thousand two hundred and fifty, or one and a quarter? Refused, kept.
        ui.fill(&format!("{cform} input[name=unit_amount]"), "1,250")
            .await?;
        ui.click("[data-testid=save-cost-line]").await?;
        error_beside(ui, cform, "unit_amount", "could be read two ways").await?;
        assert_eq!(
            ui.value(&format!("{cform} input[name=unit_amount]")).await?,
            "1,250"
        );
        ui.fill(&format!("{cform} input[name=unit_amount]"), "1.234,56")
            .await?;
        ui.click("[data-testid=save-cost-line]").await?;
        ui.gone(cform).await?;
        let costs = app
            .call("get_exchange_costs", json!({ "exchange_id": exchange }))
            .await?;
        let line = costs.to_string();
        assert!(line.contains("1234.56"), "{line}");
        Ok(())
    })
    .await;
}
