//! An officer's day in the real desktop app, driven through its UI under WebDriver: create a
//! partnership and its members, hit a validation error and fix it, plan an exchange with ten
//! participants (one delegation over the norm), find the partnership with the global search,
//! then restart the app on the same data folder and find everything again. A second test
//! refuses a new partnership with two mistakes and checks that nothing typed is lost.
//!
//! Everything is done as a user would: clicks and typing into the inputs the UI shows. The
//! app's commands are called only to read back what the UI does not show (that a refused save
//! stored nothing). Screenshots of the key moments go to the artifacts folder
//! (`desktop_officer_*.png`). Needs a display and tauri-driver (see tests/src/desktop.rs);
//! run with `cargo build -p peerplan-app && xvfb-run -a -s "-screen 0 1366x768x24" cargo
//! test -p peerplan-tests --test desktop_officer -- --test-threads=1`.

use std::path::Path;
use std::time::Instant;

use fantoccini::elements::Element;
use fantoccini::Locator;
use peerplan_tests::desktop::{desktop_or_skip, Desktop, DesktopApp};
use peerplan_tests::officer::{Officer, WAIT};
use serde_json::{json, Value};

const TITLE: &str = "Mangrove restoration and blue carbon";
const TITLE_WORD: &str = "Mangrove";
const TOPIC: &str = "Coastal adaptation in the NAP";
const TOPIC_EDITED: &str = "Blue carbon in the NAP";
const OFFICER: &str = "Amina Diallo";
const START: &str = "2026-03-01";
const END: &str = "2027-02-28";
/// The edit that the core refuses: an end before the start.
const START_EDITED: &str = "2026-09-01";
const END_BEFORE_START: &str = "2026-06-30";
/// The fix.
const END_FIXED: &str = "2027-06-30";

const EXCHANGE: &str = "Coastal field visit to Mombasa";
const HOST: [(&str, &str); 3] = [
    ("Wanjiru Kamau", "Ministry of Environment"),
    ("Otieno Odhiambo", "Kenya Forest Service"),
    ("Achieng Njeri", "Mombasa County"),
];
const VISITORS: [(&str, &str); 7] = [
    ("Kwame Mensah", "Environmental Protection Agency"),
    ("Akosua Boateng", "Forestry Commission"),
    ("Kofi Owusu", "Ministry of Finance"),
    ("Ama Asante", "Volta Region"),
    ("Yaw Darko", "University of Cape Coast"),
    ("Efua Addo", "Ministry of Fisheries"),
    ("Kojo Appiah", "Ada East District"),
];
const DELEGATION_WARNING: &str =
    "the visiting delegation of Ghana (GH) has 7 people; the norm is up to 6";

/// The app on `data_dir`, with a fresh driver folder; `data_dir` outlives it.
async fn launch_on(desktop: &Desktop, data_dir: &Path) -> DesktopApp {
    let temp = tempfile::Builder::new()
        .prefix("peerplan-officer-driver-")
        .tempdir()
        .expect("a temporary folder");
    DesktopApp::launch_with(desktop, temp, data_dir.to_path_buf(), &[])
        .await
        .unwrap_or_else(|e| panic!("{e}"))
}

/// Reads a partnership back through the app's own command (what a refused save left stored).
async fn stored_partnership(app: &DesktopApp, id: &str) -> Result<Value, String> {
    let detail = app
        .invoke("get_partnership", json!({ "id": id }))
        .await
        .map_err(|e| format!("get_partnership rejected: {e}"))?;
    Ok(detail["partnership"].clone())
}

/// Waits for the core's `message` in the error slot of `field` in `form`, and checks that the
/// slot is in the same field (label, input, message) as the input named `field`. The first
/// letter may be shown capitalised (CSS), the rest is the core's text exactly.
async fn error_beside(
    ui: &Officer<'_>,
    form: &str,
    field: &str,
    message: &str,
) -> Result<Element, String> {
    let slot = format!("{form} .field-error[data-field={field}]");
    let tail: String = message.chars().skip(1).collect();
    let (error, text) = ui.visible_with(&slot, &[&tail]).await?;
    assert!(
        text.eq_ignore_ascii_case(message),
        "the message beside {field}: {text:?}, expected {message:?}"
    );
    let input = error
        .find(Locator::XPath(&format!(
            "./ancestor::div[contains(concat(' ', @class, ' '), ' field ')][1]\
             //*[@name='{field}']"
        )))
        .await;
    assert!(input.is_ok(), "the message about {field} sits in its field");
    Ok(error)
}

/// IDs the first run learnt, for the run after the restart.
struct Created {
    partnership: String,
    exchange: String,
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_officer_plans_an_exchange_and_finds_it_all_again_after_a_restart() {
    let Some(desktop) = desktop_or_skip("desktop_officer") else {
        return;
    };
    let started = Instant::now();
    // The data folder outlives both runs of the app; the app creates it on the first.
    let data_root = tempfile::Builder::new()
        .prefix("peerplan-officer-data-")
        .tempdir()
        .expect("a temporary folder");
    let data_dir = data_root.path().join("data");

    let app = launch_on(&desktop, &data_dir).await;
    let first = first_run(&app).await;
    let closed = app.close().await;
    let created = first.unwrap_or_else(|e| panic!("first run: {e}"));
    closed.unwrap_or_else(|e| panic!("closing the first run: {e}"));
    let first_run_took = started.elapsed();

    let app = launch_on(&desktop, &data_dir).await;
    let second = after_restart(&app, &created).await;
    let closed = app.close().await;
    second.unwrap_or_else(|e| panic!("after the restart: {e}"));
    closed.unwrap_or_else(|e| panic!("closing the second run: {e}"));
    eprintln!(
        "desktop_officer: first run {:.1}s, whole test {:.1}s",
        first_run_took.as_secs_f64(),
        started.elapsed().as_secs_f64()
    );
}

async fn first_run(app: &DesktopApp) -> Result<Created, String> {
    let ui = Officer::new(app, "desktop_officer");
    app.wait_for_id("app", WAIT).await?;

    // ---- 1. A new partnership, and its two members ----
    ui.click("[data-testid=new-partnership]").await?;
    ui.on_page("New partnership").await?;
    let form = "[data-testid=partnership-form]";
    ui.fill(&format!("{form} input[name=title]"), TITLE).await?;
    ui.fill(&format!("{form} input[name=topic]"), TOPIC).await?;
    ui.fill(&format!("{form} input[name=officer]"), OFFICER)
        .await?;
    ui.type_date(&format!("{form} input[name=start_date]"), START)
        .await?;
    ui.type_date(&format!("{form} input[name=end_date]"), END)
        .await?;
    ui.click(&format!("{form} [data-testid=save]")).await?;
    ui.on_page(TITLE).await?;
    let partnership = ui.id_in_address("/partnerships/").await?;
    ui.visible_with("[data-testid=members-section]", &["No members yet"])
        .await?;

    for (code, label, role) in [
        ("KE", "Kenya (KE)", "Host"),
        ("GH", "Ghana (GH)", "Learning partner"),
    ] {
        ui.click("[data-testid=add-member]").await?;
        let member_form = "[data-testid=member-form]";
        ui.choose_value(&format!("{member_form} select[name=country_code]"), code)
            .await?;
        ui.fill(&format!("{member_form} input[name=role]"), role)
            .await?;
        ui.click(&format!("{member_form} [data-testid=save-member]"))
            .await?;
        ui.visible_with("[data-testid=member-table] tbody tr", &[label, role])
            .await?;
        // The saved member's form closes.
        ui.gone(member_form).await?;
    }
    let rows = ui.texts("[data-testid=member-table] tbody tr").await?;
    assert_eq!(rows.len(), 2, "two members listed: {rows:?}");

    // ---- 2. A refused save: the message beside the field, nothing typed is lost ----
    ui.fill(&format!("{form} input[name=topic]"), TOPIC_EDITED)
        .await?;
    ui.type_date(&format!("{form} input[name=start_date]"), START_EDITED)
        .await?;
    ui.type_date(&format!("{form} input[name=end_date]"), END_BEFORE_START)
        .await?;
    ui.click(&format!("{form} [data-testid=save]")).await?;
    let expected =
        format!("the end date {END_BEFORE_START} is before the start date {START_EDITED}");
    let end_error = format!("{form} .field-error[data-field=end_date]");
    let error = error_beside(&ui, form, "end_date", &expected).await?;
    let (_, summary) = ui
        .visible_with(
            &format!("{form} [data-testid=form-summary]"),
            &["Not saved"],
        )
        .await?;
    assert!(
        summary.contains("End date") && summary.contains("is before the start date"),
        "the summary names the field: {summary:?}"
    );
    // No other field is blamed.
    let errors = ui.texts(&format!("{form} .field-error")).await?;
    assert_eq!(errors.len(), 1, "one error shown: {errors:?}");
    // What was typed is still there, and still marked as unsaved.
    ui.field_reads(&format!("{form} input[name=start_date]"), START_EDITED)
        .await?;
    ui.field_reads(&format!("{form} input[name=end_date]"), END_BEFORE_START)
        .await?;
    assert_eq!(
        ui.value(&format!("{form} input[name=topic]")).await?,
        TOPIC_EDITED
    );
    assert_eq!(ui.value(&format!("{form} input[name=title]")).await?, TITLE);
    ui.visible_with(&format!("{form} .dirty-note"), &["Unsaved changes"])
        .await?;
    ui.scroll_to(&error).await?;
    ui.screenshot("1_validation_error").await?;
    // Nothing was stored.
    let stored = stored_partnership(app, &partnership).await?;
    assert_eq!(stored["start_date"], START, "{stored}");
    assert_eq!(stored["end_date"], END, "{stored}");
    assert_eq!(stored["topic"], TOPIC, "{stored}");

    // The fix: a later end date, saved; the message goes.
    ui.type_date(&format!("{form} input[name=end_date]"), END_FIXED)
        .await?;
    ui.click(&format!("{form} [data-testid=save]")).await?;
    ui.gone(&format!("{form} .dirty-note")).await?;
    ui.gone(&end_error).await?;
    ui.gone(&format!("{form} [data-testid=form-summary]"))
        .await?;
    ui.field_reads(&format!("{form} input[name=end_date]"), END_FIXED)
        .await?;
    let stored = stored_partnership(app, &partnership).await?;
    assert_eq!(stored["start_date"], START_EDITED, "{stored}");
    assert_eq!(stored["end_date"], END_FIXED, "{stored}");
    assert_eq!(stored["topic"], TOPIC_EDITED, "{stored}");

    // ---- 3. An exchange in Kenya, with ten participants ----
    ui.click("[data-testid=plan-exchange]").await?;
    ui.on_page("Plan an exchange").await?;
    let xform = "[data-testid=exchange-form]";
    // The member whose role says host is offered as the host, and in person is the default.
    assert_eq!(
        ui.chosen_label(&format!("{xform} select[name=host_member_id]"))
            .await?,
        "Kenya (KE)"
    );
    assert_eq!(
        ui.value(&format!("{xform} select[name=format]")).await?,
        "in_person"
    );
    ui.fill(&format!("{xform} input[name=title]"), EXCHANGE)
        .await?;
    ui.type_date(&format!("{xform} input[name=start_date]"), "2027-02-15")
        .await?;
    ui.type_date(&format!("{xform} input[name=end_date]"), "2027-02-19")
        .await?;
    ui.fill(&format!("{xform} input[name=time_zone]"), "Africa/Nairobi")
        .await?;
    ui.fill(&format!("{xform} input[name=city]"), "Mombasa")
        .await?;
    ui.click(&format!("{xform} [data-testid=save]")).await?;
    ui.on_page(EXCHANGE).await?;
    let exchange = ui.id_in_address("/exchanges/").await?;

    ui.click("[data-testid=add-participant]").await?;
    let pform = "[data-testid=participant-form]";
    ui.click(&format!("{pform} [data-testid=person-source-new]"))
        .await?;
    ui.visible(&format!("{pform} [data-testid=new-person-fields]"))
        .await?;

    // Each group's heading: the member, and its count against the norm.
    let group = "[data-testid=participant-group] .group-header";
    let new_country = format!("{pform} select[name=country_code]");
    ui.choose(&format!("{pform} select[name=member_id]"), "Kenya (KE)")
        .await?;
    // The role follows the member: the host's people are hosts; and so does a new person's
    // country.
    assert_eq!(
        ui.value(&format!("{pform} select[name=role]")).await?,
        "host"
    );
    assert_eq!(ui.chosen_label(&new_country).await?, "Kenya (KE)");
    for (i, (name, organisation)) in HOST.iter().enumerate() {
        add_new_participant(&ui, name, organisation).await?;
        let count = match i + 1 {
            1 => "Host · 1 person".to_string(),
            n => format!("Host · {n} people"),
        };
        ui.visible_with(group, &["Kenya (KE)", &count]).await?;
    }
    ui.visible_with(group, &["Kenya (KE)", "Host · 3 people"])
        .await?;

    ui.choose(&format!("{pform} select[name=member_id]"), "Ghana (GH)")
        .await?;
    assert_eq!(
        ui.value(&format!("{pform} select[name=role]")).await?,
        "visiting_delegate",
        "the role follows the member back to visiting delegate"
    );
    assert_eq!(ui.chosen_label(&new_country).await?, "Ghana (GH)");
    for (i, (name, organisation)) in VISITORS.iter().enumerate() {
        add_new_participant(&ui, name, organisation).await?;
        let count = format!("Visiting delegation · {} of up to 6", i + 1);
        ui.visible_with(group, &["Ghana (GH)", &count]).await?;
        if i + 1 == 6 {
            // Six is within the norm: no warning yet.
            let warnings = ui.texts("[data-testid=delegation-warning]").await?;
            assert!(warnings.is_empty(), "no warning at 6: {warnings:?}");
        }
    }
    let (warning, warning_text) = ui
        .visible_with(
            "[data-testid=delegation-warning]",
            &["visiting delegation of Ghana (GH) has 7 people; the norm is up to 6"],
        )
        .await?;
    assert!(
        warning_text.eq_ignore_ascii_case(DELEGATION_WARNING),
        "the core's sentence: {warning_text:?}"
    );
    let ghana = warning
        .find(Locator::XPath(
            "./ancestor::*[@data-testid='participant-group'][1]",
        ))
        .await
        .map_err(|e| format!("the warning is not inside a participant group: {e}"))?;
    let classes = ghana.attr("class").await.map_err(|e| e.to_string())?;
    assert!(
        classes
            .unwrap_or_default()
            .split_whitespace()
            .any(|c| c == "over-norm"),
        "Ghana's group is marked over the norm"
    );
    let heading = ghana
        .find(Locator::Css("h3"))
        .await
        .map_err(|e| e.to_string())?
        .text()
        .await
        .map_err(|e| e.to_string())?;
    assert_eq!(heading, "Ghana (GH)");
    // Only Ghana is over the norm.
    assert_eq!(ui.texts("[data-testid=delegation-warning]").await?.len(), 1);
    assert_eq!(ui.texts(".group.over-norm").await?.len(), 1);
    assert_eq!(participant_rows(&ui).await?.len(), 10);
    ui.visible_with("[data-testid=size-summary]", &["10 people coming"])
        .await?;
    // The sidebar counts the ten new people without a change of page.
    ui.exact_text(".sidebar [data-count=people]", "10").await?;
    ui.scroll_to(&ghana).await?;
    ui.screenshot("2_delegation_warning").await?;

    // ---- 4. The global search (Ctrl+K), from another page ----
    ui.click("[data-testid=cancel-participant]").await?;
    ui.click("[data-testid=nav-people]").await?;
    ui.on_page("People").await?;
    ui.press_ctrl('k').await?;
    ui.visible("[data-testid=search-input]").await?;
    ui.fill("[data-testid=search-input]", TITLE_WORD).await?;
    let hit =
        format!("[data-testid=search-result][data-kind=partnerships][data-id=\"{partnership}\"]");
    ui.visible_with(&hit, &[TITLE]).await?;
    ui.screenshot("3_search").await?;
    ui.click(&hit).await?;
    ui.on_page(TITLE).await?;
    ui.gone("[data-testid=search-input]").await?;
    assert_eq!(ui.id_in_address("/partnerships/").await?, partnership);
    ui.visible_with(
        "[data-testid=exchange-timeline] li",
        &[EXCHANGE, "10 participants"],
    )
    .await?;

    Ok(Created {
        partnership,
        exchange,
    })
}

/// Adds one new person to the exchange through the open participant form, for the member
/// and role chosen in it, and waits until the list shows them.
async fn add_new_participant(
    ui: &Officer<'_>,
    name: &str,
    organisation: &str,
) -> Result<(), String> {
    let pform = "[data-testid=participant-form]";
    let before = participant_rows(ui).await?.len();
    ui.fill(&format!("{pform} input[name=name]"), name).await?;
    ui.fill(&format!("{pform} input[name=organisation]"), organisation)
        .await?;
    ui.click(&format!("{pform} [data-testid=save-participant]"))
        .await?;
    ui.visible_with(
        "[data-testid=participant-group] tbody tr",
        &[name, organisation],
    )
    .await?;
    // Ready for the next one: the name box is empty again and Save can be pressed.
    ui.until(
        &format!("the form to be ready after adding {name}"),
        async || {
            let rows = participant_rows(ui).await?.len();
            let empty = ui
                .value(&format!("{pform} input[name=name]"))
                .await?
                .is_empty();
            let busy = ui
                .client()
                .find(Locator::Css(pform))
                .await
                .map_err(|e| e.to_string())?
                .attr("aria-busy")
                .await
                .map_err(|e| e.to_string())?
                .is_some();
            Ok((rows == before + 1 && empty && !busy).then_some(()))
        },
    )
    .await
}

/// The participants' rows shown on the exchange page.
async fn participant_rows(ui: &Officer<'_>) -> Result<Vec<String>, String> {
    ui.texts("[data-testid=participant-group] tbody tr").await
}

async fn after_restart(app: &DesktopApp, created: &Created) -> Result<(), String> {
    let ui = Officer::new(app, "desktop_officer");
    app.wait_for_id("app", WAIT).await?;

    // ---- 5. The partnership list, with its members ----
    ui.click("[data-testid=nav-partnerships]").await?;
    ui.on_page("Partnerships").await?;
    let row = format!(
        "[data-testid=partnership-table] tr[data-id=\"{}\"]",
        created.partnership
    );
    let (_, text) = ui
        .visible_with(&row, &[TITLE, "Kenya (KE)", "Ghana (GH)"])
        .await?;
    assert!(
        text.contains(TOPIC_EDITED),
        "the row shows the saved topic: {text:?}"
    );
    assert_eq!(
        ui.texts("[data-testid=partnership-table] tbody tr")
            .await?
            .len(),
        1,
        "one partnership"
    );
    for (count, n) in [("partnerships", "1"), ("exchanges", "1"), ("people", "10")] {
        ui.exact_text(&format!(".sidebar [data-count={count}]"), n)
            .await?;
    }
    ui.screenshot("4_after_restart_list").await?;

    // The global search finds it by a member's country, from the sidebar's search box.
    ui.click("[data-testid=open-search]").await?;
    ui.fill("[data-testid=search-input]", "Ghana").await?;
    let hit = format!(
        "[data-testid=search-result][data-kind=partnerships][data-id=\"{}\"]",
        created.partnership
    );
    ui.visible_with(&hit, &[TITLE]).await?;
    ui.click(&hit).await?;
    ui.on_page(TITLE).await?;

    let form = "[data-testid=partnership-form]";
    ui.field_reads(&format!("{form} input[name=start_date]"), START_EDITED)
        .await?;
    ui.field_reads(&format!("{form} input[name=end_date]"), END_FIXED)
        .await?;
    assert_eq!(
        ui.value(&format!("{form} input[name=topic]")).await?,
        TOPIC_EDITED
    );
    ui.visible_with(
        "[data-testid=member-table] tbody tr",
        &["Kenya (KE)", "Host"],
    )
    .await?;
    ui.visible_with(
        "[data-testid=member-table] tbody tr",
        &["Ghana (GH)", "Learning partner"],
    )
    .await?;
    assert_eq!(
        ui.texts("[data-testid=member-table] tbody tr").await?.len(),
        2
    );
    // The people who took part, each with the country of the member they came with.
    let people = "[data-testid=people-table] tbody tr";
    for (name, _) in HOST {
        ui.visible_with(people, &[name, "Kenya (KE)"]).await?;
    }
    for (name, _) in VISITORS {
        ui.visible_with(people, &[name, "Ghana (GH)"]).await?;
    }
    assert_eq!(ui.texts(people).await?.len(), 10);

    // ---- the exchange and its ten participants ----
    ui.click_text("[data-testid=exchange-timeline] li a", EXCHANGE)
        .await?;
    ui.on_page(EXCHANGE).await?;
    assert_eq!(ui.id_in_address("/exchanges/").await?, created.exchange);
    ui.visible_with("[data-testid=size-summary]", &["10 people coming"])
        .await?;
    let rows = participant_rows(&ui).await?;
    assert_eq!(rows.len(), 10, "{rows:?}");
    for (name, _) in HOST.iter().chain(VISITORS.iter()) {
        assert!(
            rows.iter().any(|r| r.contains(name)),
            "{name} is still a participant: {rows:?}"
        );
    }
    ui.visible_with(
        "[data-testid=participant-group]",
        &["Kenya (KE)", "Host · 3 people"],
    )
    .await?;
    let (warning, warning_text) = ui
        .visible_with(
            ".group.over-norm [data-testid=delegation-warning]",
            &["visiting delegation of Ghana (GH) has 7 people; the norm is up to 6"],
        )
        .await?;
    assert!(warning_text.eq_ignore_ascii_case(DELEGATION_WARNING));
    ui.scroll_to(&warning).await?;
    ui.screenshot("5_after_restart_exchange").await?;
    Ok(())
}

/// Creating a partnership with two mistakes at once: each message beside its own field, a
/// summary naming both, nothing created and nothing typed lost; fixed, it is created.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_refused_new_partnership_keeps_what_was_typed() {
    let Some(desktop) = desktop_or_skip("desktop_officer") else {
        return;
    };
    let app = DesktopApp::launch(&desktop)
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    let checks = refused_new_partnership(&app).await;
    let closed = app.close().await;
    checks.unwrap_or_else(|e| panic!("{e}"));
    closed.unwrap_or_else(|e| panic!("{e}"));
}

async fn refused_new_partnership(app: &DesktopApp) -> Result<(), String> {
    let ui = Officer::new(app, "desktop_officer");
    app.wait_for_id("app", WAIT).await?;
    // A fresh database: the list offers to create the first partnership.
    ui.click("[data-testid=empty-new-partnership]").await?;
    ui.on_page("New partnership").await?;
    let form = "[data-testid=partnership-form]";
    // No title, and the dates the wrong way round.
    ui.fill(&format!("{form} input[name=topic]"), TOPIC).await?;
    ui.fill(&format!("{form} input[name=officer]"), OFFICER)
        .await?;
    ui.type_date(&format!("{form} input[name=start_date]"), START_EDITED)
        .await?;
    ui.type_date(&format!("{form} input[name=end_date]"), END_BEFORE_START)
        .await?;
    ui.click(&format!("{form} [data-testid=save]")).await?;

    let title_error = error_beside(&ui, form, "title", "A title is required").await?;
    error_beside(
        &ui,
        form,
        "end_date",
        &format!("the end date {END_BEFORE_START} is before the start date {START_EDITED}"),
    )
    .await?;
    let (_, summary) = ui
        .visible_with(
            &format!("{form} [data-testid=form-summary]"),
            &["Not saved: 2 things need your attention."],
        )
        .await?;
    assert!(
        summary.contains("Title") && summary.contains("End date"),
        "the summary names both fields: {summary:?}"
    );
    assert_eq!(ui.texts(&format!("{form} .field-error")).await?.len(), 2);
    // The focus goes to the first problem, so the officer can type the title straight away.
    let focused = ui
        .client()
        .active_element()
        .await
        .map_err(|e| e.to_string())?
        .attr("name")
        .await
        .map_err(|e| e.to_string())?;
    assert_eq!(
        focused.as_deref(),
        Some("title"),
        "the title box has the focus"
    );
    // Still the new partnership's page, with everything typed in place; nothing created.
    ui.on_page("New partnership").await?;
    assert_eq!(ui.value(&format!("{form} input[name=topic]")).await?, TOPIC);
    assert_eq!(
        ui.value(&format!("{form} input[name=officer]")).await?,
        OFFICER
    );
    ui.field_reads(&format!("{form} input[name=start_date]"), START_EDITED)
        .await?;
    ui.field_reads(&format!("{form} input[name=end_date]"), END_BEFORE_START)
        .await?;
    ui.exact_text(".sidebar [data-count=partnerships]", "0")
        .await?;
    ui.scroll_to(&title_error).await?;
    ui.screenshot("6_refused_new_partnership").await?;

    // Fixed, it is created, and the page it opens shows what was typed.
    ui.fill(&format!("{form} input[name=title]"), TITLE).await?;
    ui.type_date(&format!("{form} input[name=end_date]"), END_FIXED)
        .await?;
    ui.click(&format!("{form} [data-testid=save]")).await?;
    ui.on_page(TITLE).await?;
    ui.id_in_address("/partnerships/").await?;
    assert_eq!(ui.texts(&format!("{form} .field-error")).await?.len(), 0);
    assert_eq!(ui.value(&format!("{form} input[name=topic]")).await?, TOPIC);
    ui.field_reads(&format!("{form} input[name=start_date]"), START_EDITED)
        .await?;
    ui.field_reads(&format!("{form} input[name=end_date]"), END_FIXED)
        .await?;
    ui.exact_text(".sidebar [data-count=partnerships]", "1")
        .await?;
    Ok(())
}
