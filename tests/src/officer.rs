//! The officer at the keyboard: waits, clicks, typing and reading through WebDriver, for the
//! `desktop_*.rs` tests. Every wait polls with a deadline (no fixed sleeps) and, when it gives
//! up, says what it waited for and what the page showed.

use std::path::PathBuf;
use std::time::{Duration, Instant};

use fantoccini::actions::{InputSource, KeyAction, KeyActions};
use fantoccini::elements::Element;
use fantoccini::key::Key;
use fantoccini::{Client, Locator};
use serde_json::{json, Value};

use crate::desktop::{artifacts_dir, DesktopApp};

/// How long any one thing the officer waits for may take (generous: CI has 2 slow cores).
pub const WAIT: Duration = Duration::from_secs(20);
/// How often a wait looks again.
pub const POLL: Duration = Duration::from_millis(100);

/// What the officer sees and does, through WebDriver.
pub struct Officer<'a> {
    app: &'a DesktopApp,
    /// Names this test's screenshots: `<test>_<name>.png`.
    test: &'static str,
}

impl<'a> Officer<'a> {
    pub fn new(app: &'a DesktopApp, test: &'static str) -> Self {
        Officer { app, test }
    }

    pub fn client(&self) -> &Client {
        &self.app.client
    }

    /// Looks again every [`POLL`] until `check` gives `Some`, for at most [`WAIT`].
    pub async fn until<T>(
        &self,
        what: &str,
        mut check: impl AsyncFnMut() -> Result<Option<T>, String>,
    ) -> Result<T, String> {
        let deadline = Instant::now() + WAIT;
        let mut last = String::new();
        loop {
            match check().await {
                Ok(Some(value)) => return Ok(value),
                Ok(None) => {}
                Err(e) => last = e,
            }
            if Instant::now() > deadline {
                let last = if last.is_empty() {
                    String::new()
                } else {
                    format!(" (last error: {last})")
                };
                return Err(format!(
                    "waited {}s for {what}{last}; the page says:\n{}",
                    WAIT.as_secs(),
                    self.page_text().await
                ));
            }
            tokio::time::sleep(POLL).await;
        }
    }

    /// The visible text of the page (its first 3,000 characters), for failure messages.
    pub async fn page_text(&self) -> String {
        let text = self
            .client()
            .execute(
                "return document.body ? document.body.innerText : '';",
                vec![],
            )
            .await;
        match text {
            Ok(Value::String(text)) => text.chars().take(3000).collect(),
            Ok(other) => format!("(no text: {other})"),
            Err(e) => format!("(could not read the page: {e})"),
        }
    }

    /// The elements matching `css` that are shown, with their visible text. An element
    /// re-drawn between finding it and reading it counts as not shown.
    pub async fn shown(&self, css: &str) -> Result<Vec<(Element, String)>, String> {
        let found = self
            .client()
            .find_all(Locator::Css(css))
            .await
            .map_err(|e| format!("{css}: {e}"))?;
        let mut shown = Vec::new();
        for element in found {
            if !element.is_displayed().await.unwrap_or(false) {
                continue;
            }
            if let Ok(text) = element.text().await {
                shown.push((element, text));
            }
        }
        Ok(shown)
    }

    /// Waits for a shown element matching `css`.
    pub async fn visible(&self, css: &str) -> Result<Element, String> {
        self.until(&format!("{css} to be shown"), async || {
            Ok(self.shown(css).await?.into_iter().next().map(|(e, _)| e))
        })
        .await
    }

    /// Waits for a shown element matching `css` whose visible text contains every one of
    /// `needles`; returns it and its text.
    pub async fn visible_with(
        &self,
        css: &str,
        needles: &[&str],
    ) -> Result<(Element, String), String> {
        self.until(&format!("{css} showing {needles:?}"), async || {
            Ok(self
                .shown(css)
                .await?
                .into_iter()
                .find(|(_, text)| needles.iter().all(|n| text.contains(n))))
        })
        .await
    }

    /// Waits until nothing matching `css` is shown.
    pub async fn gone(&self, css: &str) -> Result<(), String> {
        self.until(&format!("{css} to disappear"), async || {
            Ok(self.shown(css).await?.is_empty().then_some(()))
        })
        .await
    }

    /// Waits until the one shown element matching `css` reads exactly `expected`.
    pub async fn exact_text(&self, css: &str, expected: &str) -> Result<(), String> {
        self.until(&format!("{css} to read {expected:?}"), async || {
            let texts = self.texts(css).await?;
            Ok((texts == [expected]).then_some(()))
        })
        .await
    }

    /// The texts of the shown elements matching `css`, now.
    pub async fn texts(&self, css: &str) -> Result<Vec<String>, String> {
        Ok(self.shown(css).await?.into_iter().map(|(_, t)| t).collect())
    }

    /// Brings an element to the middle of the window (clear of the toasts in the corner).
    pub async fn scroll_to(&self, element: &Element) -> Result<(), String> {
        let element = serde_json::to_value(element).map_err(|e| e.to_string())?;
        self.client()
            .execute(
                "arguments[0].scrollIntoView({block: 'center', inline: 'nearest'});",
                vec![element],
            )
            .await
            .map(|_| ())
            .map_err(|e| format!("scrolling failed: {e}"))
    }

    /// Clicks the shown element matching `css` once it can be clicked (it may be re-drawn or
    /// briefly covered by a toast).
    pub async fn click(&self, css: &str) -> Result<(), String> {
        self.until(&format!("{css} to take a click"), async || {
            let Some((element, _)) = self.shown(css).await?.into_iter().next() else {
                return Ok(None);
            };
            self.scroll_to(&element).await?;
            element
                .click()
                .await
                .map(Some)
                .map_err(|e| format!("click on {css}: {e}"))
        })
        .await
    }

    /// Clicks the shown element matching `css` whose text contains `needle`.
    pub async fn click_text(&self, css: &str, needle: &str) -> Result<(), String> {
        self.until(
            &format!("{css} with {needle:?} to take a click"),
            async || {
                let Some((element, _)) = self
                    .shown(css)
                    .await?
                    .into_iter()
                    .find(|(_, text)| text.contains(needle))
                else {
                    return Ok(None);
                };
                self.scroll_to(&element).await?;
                element
                    .click()
                    .await
                    .map(Some)
                    .map_err(|e| format!("click on {css}: {e}"))
            },
        )
        .await
    }

    /// The current value of the (first) control matching `css`.
    pub async fn value(&self, css: &str) -> Result<String, String> {
        let element = self
            .client()
            .find(Locator::Css(css))
            .await
            .map_err(|e| format!("{css}: {e}"))?;
        element
            .prop("value")
            .await
            .map_err(|e| format!("{css}: {e}"))
            .map(Option::unwrap_or_default)
    }

    /// Replaces the text in the shown text box `css` by `text`, as typed.
    pub async fn fill(&self, css: &str, text: &str) -> Result<(), String> {
        self.until(&format!("{css} to take the text {text:?}"), async || {
            let Some((element, _)) = self.shown(css).await?.into_iter().next() else {
                return Ok(None);
            };
            element.clear().await.map_err(|e| format!("{css}: {e}"))?;
            element
                .send_keys(text)
                .await
                .map_err(|e| format!("{css}: {e}"))?;
            let value = element.prop("value").await.map_err(|e| e.to_string())?;
            Ok((value.as_deref() == Some(text)).then_some(()))
        })
        .await
    }

    /// Types the date `iso` (YYYY-MM-DD) into the date field `css` the way the officer does:
    /// as numbers in the order the field shows (its placeholder, "DD/MM/YYYY"). Checks that
    /// the field then read that date (its `data-value`).
    pub async fn type_date(&self, css: &str, iso: &str) -> Result<(), String> {
        let [year, month, day]: [&str; 3] = iso
            .split('-')
            .collect::<Vec<_>>()
            .try_into()
            .map_err(|_| format!("{iso} is not YYYY-MM-DD"))?;
        let element = self.visible(css).await?;
        let pattern = element
            .attr("placeholder")
            .await
            .map_err(|e| format!("{css}: {e}"))?
            .unwrap_or_default();
        let keys = match pattern.as_str() {
            "MM/DD/YYYY" => format!("{month}/{day}/{year}"),
            "YYYY-MM-DD" => iso.to_string(),
            _ => format!("{day}/{month}/{year}"),
        };
        self.fill(css, &keys).await?;
        self.field_reads(css, iso).await
    }

    /// Waits until the typed (date or time) field `css` has read `value` from its text.
    pub async fn field_reads(&self, css: &str, value: &str) -> Result<(), String> {
        self.until(&format!("{css} to read {value:?}"), async || {
            let Some((element, _)) = self.shown(css).await?.into_iter().next() else {
                return Ok(None);
            };
            let read = element
                .attr("data-value")
                .await
                .map_err(|e| format!("{css}: {e}"))?;
            Ok((read.as_deref() == Some(value)).then_some(()))
        })
        .await
    }

    /// Chooses the option of the select `css` whose label starts with `label` the way a
    /// keyboard user does: the select takes the focus and the label's first word is typed
    /// (type-ahead; it must single the option out).
    /// Unlike a WebDriver click on an `<option>`, which leaves the focus where it was, this
    /// puts the focus on the select as a real click or Tab would. Checks it is chosen.
    pub async fn choose(&self, css: &str, label: &str) -> Result<(), String> {
        let (select, wanted) = self
            .until(&format!("{css} to offer {label:?}"), async || {
                let Some((select, _)) = self.shown(css).await?.into_iter().next() else {
                    return Ok(None);
                };
                let value = self
                    .client()
                    .execute(
                        "const o = [...arguments[0].options].find(o => o.text.startsWith(arguments[1]));\
                         return o ? o.value : null;",
                        vec![
                            serde_json::to_value(&select).map_err(|e| e.to_string())?,
                            json!(label),
                        ],
                    )
                    .await
                    .map_err(|e| e.to_string())?;
                Ok(value.as_str().map(|v| (select, v.to_string())))
            })
            .await?;
        // The first word only: a space typed into a select may open its drop-down.
        let typed = label.split(' ').next().unwrap_or(label);
        select
            .send_keys(typed)
            .await
            .map_err(|e| format!("typing {typed:?} into {css}: {e}"))?;
        self.until(&format!("{css} to show {label:?}"), async || {
            let now = select.prop("value").await.map_err(|e| e.to_string())?;
            Ok((now.as_deref() == Some(wanted.as_str())).then_some(()))
        })
        .await
    }

    /// Chooses the option with this value (for the long country list).
    pub async fn choose_value(&self, css: &str, value: &str) -> Result<(), String> {
        self.until(&format!("{css} to take {value:?}"), async || {
            let Some((select, _)) = self.shown(css).await?.into_iter().next() else {
                return Ok(None);
            };
            select
                .select_by_value(value)
                .await
                .map_err(|e| format!("{css}: {e}"))?;
            let now = select.prop("value").await.map_err(|e| e.to_string())?;
            Ok((now.as_deref() == Some(value)).then_some(()))
        })
        .await
    }

    /// The text of the option chosen in the select `css`.
    pub async fn chosen_label(&self, css: &str) -> Result<String, String> {
        let value = self
            .client()
            .execute(
                "const s = document.querySelector(arguments[0]);\
                 return s && s.selectedIndex >= 0 ? s.options[s.selectedIndex].text : null;",
                vec![json!(css)],
            )
            .await
            .map_err(|e| format!("{css}: {e}"))?;
        value
            .as_str()
            .map(str::to_string)
            .ok_or_else(|| format!("{css} has no chosen option"))
    }

    /// Presses Ctrl+`key` (real key presses, through WebDriver's actions).
    pub async fn press_ctrl(&self, key: char) -> Result<(), String> {
        let keys = KeyActions::new("keyboard".into())
            .then(KeyAction::Down {
                value: Key::Control.into(),
            })
            .then(KeyAction::Down { value: key })
            .then(KeyAction::Up { value: key })
            .then(KeyAction::Up {
                value: Key::Control.into(),
            });
        self.client()
            .perform_actions(keys)
            .await
            .map_err(|e| format!("Ctrl+{key}: {e}"))
    }

    /// The id in the address of the page shown (`#/partnerships/ID` → ID).
    pub async fn id_in_address(&self, prefix: &str) -> Result<String, String> {
        self.until(&format!("an address under {prefix}"), async || {
            let url = self
                .client()
                .current_url()
                .await
                .map_err(|e| e.to_string())?;
            Ok(url
                .fragment()
                .and_then(|f| f.strip_prefix(prefix))
                .map(|rest| {
                    rest.split(['?', '/'])
                        .next()
                        .unwrap_or_default()
                        .to_string()
                })
                .filter(|id| !id.is_empty() && id != "new"))
        })
        .await
    }

    /// Waits for the page whose heading is `title`.
    pub async fn on_page(&self, title: &str) -> Result<(), String> {
        self.until(&format!("the page {title:?}"), async || {
            let headings = self.texts("#app h1").await?;
            Ok(headings.iter().any(|h| h == title).then_some(()))
        })
        .await
    }

    /// A screenshot of what the window shows, into the artifacts folder.
    pub async fn screenshot(&self, name: &str) -> Result<PathBuf, String> {
        let path = artifacts_dir().join(format!("{}_{name}.png", self.test));
        let (width, height) = self.app.screenshot(&path).await?;
        eprintln!(
            "{}: screenshot {} ({width}x{height})",
            self.test,
            path.display()
        );
        Ok(path)
    }
}

/// Runs one desktop scenario: launches the app (or skips, see `desktop_or_skip`), lets the
/// officer act, takes `<test>_failure.png` if a step fails, closes the app and then fails the
/// test with the step's message.
pub async fn scenario(
    test: &'static str,
    steps: impl AsyncFnOnce(&DesktopApp, &Officer<'_>) -> Result<(), String>,
) {
    scenario_in_locale(test, crate::desktop::ENGLISH_LOCALE, steps).await
}

/// [`scenario`] on a laptop whose system locale is `locale` ("fr_FR.UTF-8").
pub async fn scenario_in_locale(
    test: &'static str,
    locale: &str,
    steps: impl AsyncFnOnce(&DesktopApp, &Officer<'_>) -> Result<(), String>,
) {
    let Some(desktop) = crate::desktop::desktop_or_skip(test) else {
        return;
    };
    let temp = tempfile::Builder::new()
        .prefix("peerplan-desktop-")
        .tempdir()
        .unwrap_or_else(|e| panic!("{e}"));
    let data_dir = temp.path().join("data");
    let profile = temp.path().to_path_buf();
    let app = DesktopApp::launch_in_locale(&desktop, temp, &profile, data_dir, &[], locale)
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    let officer = Officer::new(&app, test);
    let result = steps(&app, &officer).await;
    if result.is_err() {
        let _ = officer.screenshot("failure").await;
    }
    app.close().await.unwrap_or_else(|e| panic!("{e}"));
    if let Err(e) = result {
        panic!("{e}");
    }
}
