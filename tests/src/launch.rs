//! Launching any PeerPlan binary under WebDriver the way an officer's desktop does: no
//! `--data-dir` (the app finds its default data folder, here inside the session's temporary
//! XDG folders, and takes part in the single-instance check), with the arguments of the
//! test's choosing (a `.peerplan` file). For the installed package (`package_linux.rs`) and
//! for opening files (`desktop_open_file.rs`); [`crate::desktop::DesktopApp`] covers the
//! usual case of a debug build on a fresh `--data-dir`.
//!
//! [`SessionBus`] is a private D-Bus session bus, which the single-instance plugin needs to
//! find the running app: a second launch then hands its arguments over and exits.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use fantoccini::wd::Capabilities;
use fantoccini::{Client, ClientBuilder, Locator};
use serde_json::{json, Value};

use crate::desktop::Driver;

/// How long the app may take to show what a test waits for (CI has 2 slow cores).
pub const WAIT: Duration = Duration::from_secs(30);

/// A WebDriver session on `app`, launched by tauri-driver with `args` and nothing else.
pub struct AppSession {
    pub client: Client,
    driver: Driver,
}

impl AppSession {
    /// Starts a driver whose XDG folders are under `profile` (the app's default data folder
    /// is then `profile/data-home/peerplan`) and opens a session that launches `app`.
    pub async fn start(
        driver: &Path,
        profile: &Path,
        app: &Path,
        args: &[String],
    ) -> Result<AppSession, String> {
        std::fs::create_dir_all(profile).map_err(|e| format!("{}: {e}", profile.display()))?;
        let driver = Driver::start(driver, profile)?;
        let mut capabilities = Capabilities::new();
        capabilities.insert("browserName".into(), json!("wry"));
        capabilities.insert(
            "tauri:options".into(),
            json!({ "application": app, "args": args }),
        );
        // As in DesktopApp: the first request can come before WebKitWebDriver listens.
        let deadline = Instant::now() + Duration::from_secs(30);
        let client = loop {
            let connector = hyper_util::client::legacy::connect::HttpConnector::new();
            match ClientBuilder::new(connector)
                .capabilities(capabilities.clone())
                .connect(&driver.url())
                .await
            {
                Ok(client) => break client,
                Err(error) => {
                    let refused = error.to_string().contains("tcp connect error")
                        || driver.log_text().contains("tcp connect error");
                    if !refused || Instant::now() > deadline {
                        return Err(format!(
                            "could not open a WebDriver session with {}: {error}\n{}",
                            app.display(),
                            driver.log_text()
                        ));
                    }
                    tokio::time::sleep(Duration::from_millis(500)).await;
                }
            }
        };
        Ok(AppSession { client, driver })
    }

    /// The visible text of the page (its first 3,000 characters), for failure messages.
    pub async fn page_text(&self) -> String {
        match self
            .client
            .execute(
                "return document.body ? document.body.innerText : '';",
                vec![],
            )
            .await
        {
            Ok(Value::String(text)) => text.chars().take(3000).collect(),
            Ok(other) => format!("(no text: {other})"),
            Err(e) => format!("(could not read the page: {e})"),
        }
    }

    /// Waits until an element matches `css` and shows text, and returns that text; on a
    /// timeout, says what it waited for and what the page showed.
    pub async fn text_of(&self, css: &str) -> Result<String, String> {
        let deadline = Instant::now() + WAIT;
        loop {
            if let Ok(element) = self.client.find(Locator::Css(css)).await {
                if let Ok(text) = element.text().await {
                    if !text.trim().is_empty() {
                        return Ok(text);
                    }
                }
            }
            if Instant::now() > deadline {
                return Err(format!(
                    "waited {}s for {css}; the page says:\n{}",
                    WAIT.as_secs(),
                    self.page_text().await
                ));
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    /// The page's address after `#`, e.g. `/sync/merge?file=…`.
    pub async fn hash(&self) -> Result<String, String> {
        let value = self
            .client
            .execute("return location.hash;", vec![])
            .await
            .map_err(|e| e.to_string())?;
        Ok(value.as_str().unwrap_or_default().to_string())
    }

    /// Saves a PNG of the window at `path` (folders created), once the page has painted what
    /// it holds (WebKit's screenshot is the last painted frame).
    pub async fn screenshot(&self, path: &Path) -> Result<(), String> {
        self.client
            .execute_async(
                "const done = arguments[arguments.length - 1];\n\
                 requestAnimationFrame(() => requestAnimationFrame(() => done(true)));",
                vec![],
            )
            .await
            .map_err(|e| format!("waiting for a paint: {e}"))?;
        let png = self
            .client
            .screenshot()
            .await
            .map_err(|e| format!("screenshot failed: {e}"))?;
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).map_err(|e| format!("{}: {e}", parent.display()))?;
        }
        std::fs::write(path, png).map_err(|e| format!("{}: {e}", path.display()))
    }

    /// Ends the session (which closes the app) and stops the driver.
    pub async fn close(self) -> Result<(), String> {
        let AppSession { client, mut driver } = self;
        let closed = client.close().await;
        driver.stop();
        closed.map_err(|e| format!("closing the session failed: {e}"))
    }
}

/// A private D-Bus session bus (`dbus-daemon --session`), stopped with SIGTERM when dropped.
pub struct SessionBus {
    child: Option<Child>,
    /// What goes in `DBUS_SESSION_BUS_ADDRESS`.
    pub address: String,
}

impl SessionBus {
    /// Starts `dbus-daemon` listening on a socket in `dir`; `Err` says why it cannot (e.g.
    /// no dbus-daemon: apt-get install dbus-daemon).
    pub fn start(dir: &Path) -> Result<SessionBus, String> {
        let socket = dir.join("bus");
        let address = format!("unix:path={}", socket.display());
        let child = Command::new("dbus-daemon")
            .args(["--session", "--nofork", "--nopidfile"])
            .arg(format!("--address={address}"))
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            // It says it cannot raise its file limit, and which services it starts (the
            // accessibility bus GTK asks for): nothing a test needs.
            .stderr(Stdio::null())
            .spawn()
            .map_err(|e| format!("could not start dbus-daemon: {e}"))?;
        let mut bus = SessionBus {
            child: Some(child),
            address,
        };
        let deadline = Instant::now() + Duration::from_secs(10);
        while !socket.exists() {
            if let Some(child) = bus.child.as_mut() {
                if let Ok(Some(status)) = child.try_wait() {
                    bus.child = None;
                    return Err(format!("dbus-daemon exited at once ({status})"));
                }
            }
            if Instant::now() > deadline {
                return Err(format!(
                    "dbus-daemon made no socket at {}",
                    socket.display()
                ));
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        Ok(bus)
    }
}

impl Drop for SessionBus {
    fn drop(&mut self) {
        if let Some(mut child) = self.child.take() {
            if let Ok(pid) = libc::pid_t::try_from(child.id()) {
                // SAFETY: kill(2) on the daemon we spawned and have not reaped yet.
                unsafe {
                    libc::kill(pid, libc::SIGTERM);
                }
            }
            let _ = child.wait();
        }
    }
}

/// The XDG folders [`Driver::start`] gives the app under `profile`, as environment variables,
/// for other processes that must see the same per-user folders (the installed CLI, a second
/// launch of the app).
pub fn profile_env(profile: &Path) -> Vec<(&'static str, PathBuf)> {
    vec![
        ("HOME", profile.to_path_buf()),
        ("XDG_CONFIG_HOME", profile.join("config")),
        ("XDG_DATA_HOME", profile.join("data-home")),
        ("XDG_CACHE_HOME", profile.join("cache")),
        ("XDG_STATE_HOME", profile.join("state")),
    ]
}

/// Runs `command`, and returns its stdout; `Err` shows the command, its status and output.
pub fn run(command: &mut Command) -> Result<String, String> {
    let shown = format!("{command:?}");
    let output = command
        .stdin(Stdio::null())
        .output()
        .map_err(|e| format!("{shown}: {e}"))?;
    let stdout = String::from_utf8_lossy(&output.stdout).into_owned();
    if !output.status.success() {
        return Err(format!(
            "{shown} failed ({}):\n{stdout}\n{}",
            output.status,
            String::from_utf8_lossy(&output.stderr)
        ));
    }
    Ok(stdout)
}

/// Prints a line of progress to stderr (the harness captures println!).
pub fn note(text: &str) {
    let _ = writeln!(std::io::stderr(), "{text}");
}
