//! Agenda builder steps an officer takes in the desktop app, shared by the desktop agenda
//! tests: add a day, add a session through its form, read the sessions as shown.

use crate::officer::Officer;

/// Types `time` into the time field `css` as the officer does, and waits until the field
/// has read it (a time typed "0830" reads as "08:30").
pub async fn type_time(officer: &Officer<'_>, css: &str, time: &str) -> Result<(), String> {
    officer.fill(css, time).await?;
    let read = peerplan_core::typed::read_time(time)
        .map_err(|e| format!("{time:?} is not a time the test can type: {e}"))?;
    officer
        .field_reads(css, &read.format("%H:%M").to_string())
        .await
}

/// Adds a session to the day with this `data-day-id`, through the session form.
pub async fn add_session(
    officer: &Officer<'_>,
    day: &str,
    times: Option<(&str, &str)>,
    title: &str,
    kind: &str,
    leads: &[&str],
) -> Result<(), String> {
    officer
        .click(&format!(
            "[data-testid=agenda-day][data-day-id=\"{day}\"] [data-testid=add-session]"
        ))
        .await?;
    let form = "[data-testid=session-form]";
    if let Some((start, end)) = times {
        type_time(officer, &format!("{form} input[name=start_time]"), start).await?;
        type_time(officer, &format!("{form} input[name=end_time]"), end).await?;
    }
    officer
        .fill(&format!("{form} input[name=title]"), title)
        .await?;
    officer
        .choose(&format!("{form} select[name=kind]"), kind)
        .await?;
    // Who leads: the members' boxes, ticked by their labels.
    for lead in leads {
        officer
            .click_text(&format!("{form} [data-testid=session-leads] label"), lead)
            .await?;
    }
    officer.click("[data-testid=save-session]").await?;
    officer.gone(form).await?;
    officer
        .until(&format!("the session {title:?} in the list"), async || {
            let titles = officer.texts("[data-testid=session-title]").await?;
            Ok(titles.iter().any(|t| t == title).then_some(()))
        })
        .await
}

/// "start–end title" of each session, in the order shown.
pub async fn shown_sessions(officer: &Officer<'_>, day: &str) -> Result<Vec<String>, String> {
    let css =
        format!("[data-testid=agenda-day][data-day-id=\"{day}\"] [data-testid=agenda-session]");
    let rows = officer.shown(&css).await?;
    let mut out = Vec::new();
    for (row, _) in rows {
        let time = row
            .find(fantoccini::Locator::Css("[data-testid=session-time]"))
            .await
            .map_err(|e| e.to_string())?
            .text()
            .await
            .map_err(|e| e.to_string())?;
        let title = row
            .find(fantoccini::Locator::Css("[data-testid=session-title]"))
            .await
            .map_err(|e| e.to_string())?
            .text()
            .await
            .map_err(|e| e.to_string())?;
        let time = time.lines().next().unwrap_or_default().to_string();
        out.push(format!("{time} {title}"));
    }
    Ok(out)
}

/// Adds a day through the day form (the day after the last one is offered, or the exchange's
/// first day) with `title`, and returns the new day's `data-day-id`.
pub async fn add_day(officer: &Officer<'_>, title: &str) -> Result<String, String> {
    let before = officer.shown("[data-testid=agenda-day]").await?.len();
    officer.click("[data-testid=add-day]").await?;
    if !title.is_empty() {
        officer
            .fill("[data-testid=day-form] input[name=title]", title)
            .await?;
    }
    officer.click("[data-testid=save-day]").await?;
    officer
        .until(&format!("day {}", before + 1), async || {
            let days = officer.shown("[data-testid=agenda-day]").await?;
            match days.get(before) {
                Some((el, _)) => Ok(el.attr("data-day-id").await.map_err(|e| e.to_string())?),
                None => Ok(None),
            }
        })
        .await
}
