//! Person pickers in the real desktop app (issue 16, points 5 and 6), typed as an officer
//! types: Enter picks from the results of what is typed now, never from the previous search;
//! someone not in the directory is added in place ("Add ‹name› as a new person") from the
//! member form's focal point and from the exchange's participant form.
//!
//! Screenshots: `desktop_pickers_*.png`. Run with `cargo build -p peerplan-app && xvfb-run -a
//! -s "-screen 0 1366x768x24" cargo test -p peerplan-tests --test desktop_pickers --
//! --test-threads=1`.

use peerplan_tests::officer::{scenario, WAIT};
use serde_json::json;

const PARTNERSHIP: &str = "Ghana–Kenya peer learning on NAP monitoring and evaluation";

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn enter_picks_what_is_typed_now_and_a_new_person_is_added_in_place() {
    scenario("desktop_pickers", async |app, ui| {
        app.wait_for_id("app", WAIT).await?;
        app.call("load_example_data", json!({ "confirm": true }))
            .await?;
        let people_before = app
            .call("list_people", json!({ "query": { "limit": 1 } }))
            .await?["total"]
            .as_i64()
            .ok_or("a count of people")?;
        let page = app
            .call("list_partnerships", json!({ "query": { "text": "NAP monitoring" } }))
            .await?;
        let pid = page["rows"][0]["id"]
            .as_str()
            .ok_or("the NAP partnership")?
            .to_string();
        app.run_async(
            "location.hash = arguments[0]; done(true);",
            vec![json!(format!("#/partnerships/{pid}"))],
        )
        .await?;
        ui.on_page(PARTNERSHIP).await?;

        // ---- the focal point of Kenya: a first search, then another name and Enter at once ----
        let kenya = app
            .run_async(
                "const row = [...document.querySelectorAll('[data-testid=member-table] tbody tr')]\
                   .find((r) => r.textContent.includes('Kenya (KE)')); done(row ? row.dataset.id : null);",
                vec![],
            )
            .await?;
        let kenya = kenya.as_str().ok_or("Kenya's row")?.to_string();
        ui.click(&format!(
            "[data-testid=member-table] tr[data-id=\"{kenya}\"] [data-testid=edit-member]"
        ))
        .await?;
        let form = "[data-testid=member-form]";
        let search = format!("{form} [data-testid=person-search]");
        ui.fill(&search, "Kofi").await?;
        ui.visible_with(&format!("{form} [data-testid=person-option]"), &["Kofi"])
            .await?;
        // The officer types the next name and presses Enter straight away: the results on
        // screen are still Kofi's.
        let element = ui.visible(&search).await?;
        element.clear().await.map_err(|e| e.to_string())?;
        element
            .send_keys("Wanjiru Kamau\u{e007}")
            .await
            .map_err(|e| e.to_string())?;
        ui.visible_with(&format!("{form} [data-testid=picked-person]"), &["Wanjiru Kamau"])
            .await?;

        // ---- someone not in the directory: added in place, then chosen ----
        ui.fill(&search, "Amani Otieno").await?;
        ui.visible_with(
            &format!("{form} [data-testid=add-new-person]"),
            &["Add “Amani Otieno” as a new person"],
        )
        .await?;
        ui.visible_with(&format!("{form} .picker-results"), &["Nobody found"])
            .await?;
        ui.click(&format!("{form} [data-testid=add-new-person]"))
            .await?;
        let adder = format!("{form} [data-testid=new-person-inline]");
        assert_eq!(
            ui.value(&format!("{adder} input[name=new_name]")).await?,
            "Amani Otieno"
        );
        ui.fill(
            &format!("{adder} input[name=new_organisation]"),
            "Kenya Meteorological Department",
        )
        .await?;
        ui.choose_value(&format!("{adder} select[name=new_country_code]"), "KE")
            .await?;
        ui.screenshot("1_add_in_place").await?;
        ui.click(&format!("{adder} [data-testid=save-new-person]"))
            .await?;
        ui.visible_with(&format!("{form} [data-testid=picked-person]"), &["Amani Otieno"])
            .await?;
        ui.click(&format!("{form} [data-testid=save-member]")).await?;
        ui.visible_with("[data-testid=member-table]", &["Amani Otieno"])
            .await?;
        let people_after = app
            .call("list_people", json!({ "query": { "limit": 1 } }))
            .await?["total"]
            .as_i64()
            .ok_or("a count of people")?;
        assert_eq!(people_after, people_before + 1, "one person added, once");
        let found = app
            .call("list_people", json!({ "query": { "text": "Amani Otieno" } }))
            .await?;
        assert_eq!(found["rows"][0]["organisation"], "Kenya Meteorological Department");

        // ---- the participant form: the typed name goes to the new-person fields ----
        let exchanges = app
            .call(
                "list_exchanges",
                json!({ "query": { "partnership_id": pid, "when": "all" } }),
            )
            .await?;
        let exchange = exchanges["rows"][0]["id"]
            .as_str()
            .ok_or("an exchange")?
            .to_string();
        app.run_async(
            "location.hash = arguments[0]; done(true);",
            vec![json!(format!("#/exchanges/{exchange}"))],
        )
        .await?;
        ui.click("[data-testid=add-participant]").await?;
        let pform = "[data-testid=participant-form]";
        let psearch = format!("{pform} [data-testid=person-search]");
        let element = ui.visible(&psearch).await?;
        element
            .send_keys("Zawadi Mwangi\u{e007}")
            .await
            .map_err(|e| e.to_string())?;
        // Nobody by that name: Enter takes the offer to add her.
        ui.visible(&format!("{pform} [data-testid=new-person-fields]"))
            .await?;
        assert_eq!(
            ui.value(&format!("{pform} [data-testid=new-person-fields] input[name=name]"))
                .await?,
            "Zawadi Mwangi"
        );
        ui.screenshot("2_participant_new").await?;
        Ok(())
    })
    .await;
}
