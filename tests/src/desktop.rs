//! Running the real desktop app under WebDriver: find the built app and `tauri-driver`, start
//! the driver on free ports, open a session that launches the app with its own temporary data
//! folder, take screenshots, and stop everything with SIGTERM.
//!
//! Tests call [`desktop_or_skip`] first. Without a display or a driver it prints
//! `skipped: no DISPLAY …` (or what else is missing) and the test returns; with
//! `PEERPLAN_REQUIRE_DESKTOP=1` (set by `.ci/run`) the same thing fails the test instead.
//!
//! Build the app before running these tests (`cargo build -p peerplan-app`): a test cannot
//! build it, since `cargo test` holds the build lock.

use std::io::Write;
use std::net::{Ipv4Addr, SocketAddr, TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use fantoccini::wd::Capabilities;
use fantoccini::{Client, ClientBuilder, Locator};
use serde_json::{json, Value};

/// `1` turns a missing display, driver or app binary into a test failure.
pub const REQUIRE_ENV: &str = "PEERPLAN_REQUIRE_DESKTOP";
/// The app binary to test, if not the debug build in the target folder.
pub const APP_BINARY_ENV: &str = "PEERPLAN_APP_BINARY";
/// Where screenshots and PDFs go, if not `<target>/desktop-artifacts`.
pub const ARTIFACTS_ENV: &str = "PEERPLAN_ARTIFACTS_DIR";

/// How long the driver may take to listen, and the app to open a session.
const START_TIMEOUT: Duration = Duration::from_secs(30);
/// How long the driver may take to exit after SIGTERM before the harness stops waiting.
const STOP_TIMEOUT: Duration = Duration::from_secs(10);

/// The workspace's root folder.
pub fn workspace_root() -> PathBuf {
    Path::new(&crate::manifest_dir())
        .parent()
        .expect("tests/ is inside the workspace")
        .to_path_buf()
}

/// Cargo's target folder: `CARGO_TARGET_DIR` (at run time, else as it was at build time),
/// else `target/` in the workspace.
pub fn target_dir() -> PathBuf {
    let chosen = std::env::var_os("CARGO_TARGET_DIR")
        .filter(|v| !v.is_empty())
        .map(PathBuf::from)
        .or_else(|| option_env!("CARGO_TARGET_DIR").map(PathBuf::from));
    match chosen {
        Some(dir) if dir.is_absolute() => dir,
        Some(dir) => workspace_root().join(dir),
        None => workspace_root().join("target"),
    }
}

/// The desktop app's binary: `PEERPLAN_APP_BINARY`, else the one built beside this test
/// (`<target>/<profile>/`, this test being in `<target>/<profile>/deps/`), else the debug
/// build in the target folder.
pub fn app_binary() -> PathBuf {
    if let Some(path) = std::env::var_os(APP_BINARY_ENV).filter(|v| !v.is_empty()) {
        return PathBuf::from(path);
    }
    let name = format!("peerplan-app{}", std::env::consts::EXE_SUFFIX);
    let beside_this_test = std::env::current_exe()
        .ok()
        .and_then(|exe| Some(exe.parent()?.parent()?.join(&name)))
        .filter(|path| path.is_file());
    beside_this_test.unwrap_or_else(|| target_dir().join("debug").join(name))
}

/// Where tests leave screenshots and PDFs for a person to look at.
pub fn artifacts_dir() -> PathBuf {
    std::env::var_os(ARTIFACTS_ENV)
        .filter(|v| !v.is_empty())
        .map(PathBuf::from)
        .unwrap_or_else(|| target_dir().join("desktop-artifacts"))
}

/// The first executable called `name` on `PATH`.
pub fn find_on_path(name: &str) -> Option<PathBuf> {
    let file = format!("{name}{}", std::env::consts::EXE_SUFFIX);
    std::env::split_paths(&std::env::var_os("PATH")?)
        .map(|dir| dir.join(&file))
        .find(|path| path.is_file())
}

/// `tauri-driver` on `PATH`, else in Cargo's bin folder (where `cargo install` puts it).
pub fn tauri_driver() -> Option<PathBuf> {
    let file = format!("tauri-driver{}", std::env::consts::EXE_SUFFIX);
    let cargo_home = std::env::var_os("CARGO_HOME")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|home| PathBuf::from(home).join(".cargo")));
    find_on_path("tauri-driver").or_else(|| {
        cargo_home
            .map(|home| home.join("bin").join(file))
            .filter(|p| p.is_file())
    })
}

/// What a desktop test needs, found.
#[derive(Debug, Clone)]
pub struct Desktop {
    pub app: PathBuf,
    pub driver: PathBuf,
}

/// Why desktop tests cannot run here, if they cannot.
pub fn desktop() -> Result<Desktop, String> {
    if cfg!(target_os = "linux") {
        if std::env::var_os("DISPLAY").is_none_or(|d| d.is_empty()) {
            return Err(
                "no DISPLAY (run the tests under xvfb-run -a -s \"-screen 0 1366x768x24\")".into(),
            );
        }
        if find_on_path("WebKitWebDriver").is_none() {
            return Err(
                "no WebKitWebDriver on PATH (apt-get install webkit2gtk-driver; see .ci/desktop-setup.sh)"
                    .into(),
            );
        }
    } else if !cfg!(target_os = "windows") {
        return Err("tauri-driver supports only Linux and Windows".into());
    }
    let driver = tauri_driver().ok_or(
        "no tauri-driver on PATH or in ~/.cargo/bin (cargo install tauri-driver --locked --version ^2)",
    )?;
    let app = app_binary();
    if !app.is_file() {
        return Err(format!(
            "no app binary at {} (build it first: cargo build -p peerplan-app)",
            app.display()
        ));
    }
    Ok(Desktop { app, driver })
}

/// The desktop, or `None` after printing `skipped: <why>` for `test`. Panics instead of
/// skipping when `PEERPLAN_REQUIRE_DESKTOP=1`.
pub fn desktop_or_skip(test: &str) -> Option<Desktop> {
    match desktop() {
        Ok(desktop) => Some(desktop),
        Err(why) if std::env::var(REQUIRE_ENV).is_ok_and(|v| v == "1") => {
            panic!("{test}: {REQUIRE_ENV}=1 but the desktop tests cannot run: {why}")
        }
        Err(why) => {
            // Straight to stderr: the test harness would capture println!.
            let _ = writeln!(std::io::stderr(), "skipped: {why} [{test}]");
            None
        }
    }
}

/// Two free neighbouring ports on localhost: the driver's and its native driver's.
fn free_port_pair() -> std::io::Result<u16> {
    for _ in 0..50 {
        let first = TcpListener::bind((Ipv4Addr::LOCALHOST, 0))?;
        let port = first.local_addr()?.port();
        if port < u16::MAX && TcpListener::bind((Ipv4Addr::LOCALHOST, port + 1)).is_ok() {
            return Ok(port);
        }
    }
    Err(std::io::Error::other("no two free neighbouring ports"))
}

/// The system locale of a test laptop unless a test chooses another: the app speaks English.
pub const ENGLISH_LOCALE: &str = "C.UTF-8";

/// A running `tauri-driver`, stopped with SIGTERM when dropped.
pub struct Driver {
    child: Option<Child>,
    pub port: u16,
    pub log: PathBuf,
}

impl Driver {
    /// Starts `tauri-driver --port P --native-port P+1` on free ports and waits until it
    /// listens. The driver (and so WebKitWebDriver and the app) gets its own XDG folders in
    /// `home`, so the app's caches and settings never touch the user's.
    pub fn start(driver: &Path, home: &Path) -> Result<Driver, String> {
        Driver::start_in_locale(driver, home, ENGLISH_LOCALE)
    }

    /// [`Driver::start`] with the app's system locale (`LANG`) set to `locale`, as on a
    /// laptop set to that language ("fr_FR.UTF-8"). `LANGUAGE`, `LC_ALL` and `LC_MESSAGES`
    /// are cleared so the developer's own settings never decide the language of a test.
    pub fn start_in_locale(driver: &Path, home: &Path, locale: &str) -> Result<Driver, String> {
        let port = free_port_pair().map_err(|e| format!("no free port: {e}"))?;
        let log = home.join("tauri-driver.log");
        let log_file =
            std::fs::File::create(&log).map_err(|e| format!("{}: {e}", log.display()))?;
        let err_file = log_file.try_clone().map_err(|e| e.to_string())?;
        let mut command = Command::new(driver);
        command
            .arg("--port")
            .arg(port.to_string())
            .arg("--native-port")
            .arg((port + 1).to_string())
            .stdin(Stdio::null())
            .stdout(Stdio::from(log_file))
            .stderr(Stdio::from(err_file))
            .env_remove("LANGUAGE")
            .env_remove("LC_ALL")
            .env_remove("LC_MESSAGES")
            .env("LANG", locale);
        for (var, dir) in [
            ("XDG_CONFIG_HOME", "config"),
            ("XDG_DATA_HOME", "data-home"),
            ("XDG_CACHE_HOME", "cache"),
            ("XDG_STATE_HOME", "state"),
        ] {
            let path = home.join(dir);
            std::fs::create_dir_all(&path).map_err(|e| format!("{}: {e}", path.display()))?;
            command.env(var, path);
        }
        let child = command
            .spawn()
            .map_err(|e| format!("could not start {}: {e}", driver.display()))?;
        let mut driver = Driver {
            child: Some(child),
            port,
            log,
        };
        driver.wait_until_listening()?;
        Ok(driver)
    }

    fn wait_until_listening(&mut self) -> Result<(), String> {
        let address = SocketAddr::from((Ipv4Addr::LOCALHOST, self.port));
        let deadline = Instant::now() + START_TIMEOUT;
        loop {
            if TcpStream::connect_timeout(&address, Duration::from_millis(200)).is_ok() {
                return Ok(());
            }
            if let Some(child) = self.child.as_mut() {
                if let Ok(Some(status)) = child.try_wait() {
                    self.child = None;
                    return Err(format!(
                        "tauri-driver exited ({status}) before listening: {}",
                        self.log_text()
                    ));
                }
            }
            if Instant::now() > deadline {
                return Err(format!(
                    "tauri-driver did not listen on port {} within {}s: {}",
                    self.port,
                    START_TIMEOUT.as_secs(),
                    self.log_text()
                ));
            }
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    pub fn url(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }

    /// What the driver has printed so far.
    pub fn log_text(&self) -> String {
        std::fs::read_to_string(&self.log).unwrap_or_default()
    }

    /// Sends SIGTERM (never SIGKILL: the driver must stop WebKitWebDriver itself, or that is
    /// orphaned and keeps its port) and waits for the driver to exit.
    pub fn stop(&mut self) {
        let Some(mut child) = self.child.take() else {
            return;
        };
        terminate(&child);
        let deadline = Instant::now() + STOP_TIMEOUT;
        loop {
            match child.try_wait() {
                Ok(Some(_)) | Err(_) => return,
                Ok(None) if Instant::now() > deadline => {
                    let _ = writeln!(
                        std::io::stderr(),
                        "tauri-driver (pid {}) did not exit within {}s of SIGTERM",
                        child.id(),
                        STOP_TIMEOUT.as_secs()
                    );
                    return;
                }
                Ok(None) => std::thread::sleep(Duration::from_millis(50)),
            }
        }
    }
}

impl Drop for Driver {
    fn drop(&mut self) {
        self.stop();
    }
}

#[cfg(unix)]
fn terminate(child: &Child) {
    let Ok(pid) = libc::pid_t::try_from(child.id()) else {
        return;
    };
    // SAFETY: kill(2) with a pid we spawned and have not yet reaped, so it is still ours.
    unsafe {
        libc::kill(pid, libc::SIGTERM);
    }
}

#[cfg(not(unix))]
fn terminate(child: &Child) {
    // Windows has no SIGTERM; taskkill without /F asks the process to close.
    let _ = Command::new("taskkill")
        .args(["/PID", &child.id().to_string(), "/T"])
        .status();
}

/// The app, launched through WebDriver with a fresh temporary data folder.
pub struct DesktopApp {
    pub client: Client,
    /// The folder passed as `--data-dir` (not created beforehand: the app must create it).
    pub data_dir: PathBuf,
    driver: Driver,
    // Last, so the folders outlive the driver and the app.
    temp: tempfile::TempDir,
}

impl DesktopApp {
    /// Starts a driver and opens a session that launches the app with `--data-dir` in a new
    /// temporary folder.
    pub async fn launch(desktop: &Desktop) -> Result<DesktopApp, String> {
        let temp = tempfile::Builder::new()
            .prefix("peerplan-desktop-")
            .tempdir()
            .map_err(|e| e.to_string())?;
        let data_dir = temp.path().join("data");
        Self::launch_with(desktop, temp, data_dir, &[]).await
    }

    /// Like [`DesktopApp::launch`], with a data folder and extra app arguments of the test's
    /// choosing; `temp` holds the driver's folders and is removed when the app is closed.
    pub async fn launch_with(
        desktop: &Desktop,
        temp: tempfile::TempDir,
        data_dir: PathBuf,
        extra_args: &[&str],
    ) -> Result<DesktopApp, String> {
        let home = temp.path().to_path_buf();
        Self::launch_in(desktop, temp, &home, data_dir, extra_args).await
    }

    /// Like [`DesktopApp::launch_with`], with the webview's profile (XDG folders: its local
    /// storage, caches) in `profile`, which the caller keeps: a second launch with the same
    /// profile is the same laptop opening PeerPlan again, on whatever data folder.
    pub async fn launch_in(
        desktop: &Desktop,
        temp: tempfile::TempDir,
        profile: &Path,
        data_dir: PathBuf,
        extra_args: &[&str],
    ) -> Result<DesktopApp, String> {
        Self::launch_in_locale(desktop, temp, profile, data_dir, extra_args, ENGLISH_LOCALE).await
    }

    /// Like [`DesktopApp::launch_in`], on a laptop whose system locale is `locale`
    /// ("fr_FR.UTF-8"): the app first speaks that language.
    pub async fn launch_in_locale(
        desktop: &Desktop,
        temp: tempfile::TempDir,
        profile: &Path,
        data_dir: PathBuf,
        extra_args: &[&str],
        locale: &str,
    ) -> Result<DesktopApp, String> {
        let driver = Driver::start_in_locale(&desktop.driver, profile, locale)?;
        let mut args = vec!["--data-dir".to_string(), data_dir.display().to_string()];
        args.extend(extra_args.iter().map(|a| a.to_string()));
        let mut capabilities = Capabilities::new();
        capabilities.insert("browserName".into(), json!("wry"));
        capabilities.insert(
            "tauri:options".into(),
            json!({ "application": desktop.app, "args": args }),
        );
        // tauri-driver answers before WebKitWebDriver (which it starts) listens; on a loaded
        // machine the first session request can then fail to connect. Such a failure is
        // retried for a while; any other is reported at once.
        let deadline = Instant::now() + START_TIMEOUT;
        let client = loop {
            let connector = hyper_util::client::legacy::connect::HttpConnector::new();
            let connecting = ClientBuilder::new(connector)
                .capabilities(capabilities.clone())
                .connect(&driver.url())
                .await;
            match connecting {
                Ok(client) => break client,
                Err(error) => {
                    // The refusal shows either in the client's error or, when tauri-driver
                    // answered and then could not reach WebKitWebDriver, only in its log.
                    let refused = error.to_string().contains("tcp connect error")
                        || driver.log_text().contains("tcp connect error");
                    if !refused || Instant::now() > deadline {
                        return Err(format!(
                            "could not open a WebDriver session with {}: {error}\n{}",
                            desktop.app.display(),
                            driver.log_text()
                        ));
                    }
                    tokio::time::sleep(Duration::from_millis(500)).await;
                }
            }
        };
        Ok(DesktopApp {
            client,
            data_dir,
            driver,
            temp,
        })
    }

    /// The temporary folder of this run (driver log, XDG folders, the data folder).
    pub fn temp_dir(&self) -> &Path {
        self.temp.path()
    }

    /// Waits until the page has an element with this id.
    pub async fn wait_for_id(&self, id: &str, timeout: Duration) -> Result<(), String> {
        self.client
            .wait()
            .at_most(timeout)
            .for_element(Locator::Id(id))
            .await
            .map(|_| ())
            .map_err(|e| format!("no element #{id} within {}s: {e}", timeout.as_secs()))
    }

    /// Runs `body` as the inside of an async function with `done` as its callback, e.g.
    /// `"done(document.title)"`; `args` are `arguments[0..]`.
    pub async fn run_async(&self, body: &str, args: Vec<Value>) -> Result<Value, String> {
        let script = format!(
            "const done = arguments[arguments.length - 1];\n\
             try {{ {body} }} catch (e) {{ done({{__peerplan_error: String(e)}}); }}"
        );
        let value = self
            .client
            .execute_async(&script, args)
            .await
            .map_err(|e| format!("script failed: {e}"))?;
        match value.get("__peerplan_error") {
            Some(error) => Err(format!("script threw: {error}")),
            None => Ok(value),
        }
    }

    /// Calls one of the app's commands through `window.__TAURI__.core.invoke`; `Err` holds
    /// what the command rejected with.
    pub async fn invoke(&self, command: &str, args: Value) -> Result<Value, Value> {
        let result = self
            .run_async(
                "window.__TAURI__.core.invoke(arguments[0], arguments[1]).then(\
                   value => done({ok: value === undefined ? null : value}),\
                   error => done({err: error}));",
                vec![json!(command), args],
            )
            .await
            .map_err(|e| json!({"code": "harness", "message": e}))?;
        match (result.get("ok"), result.get("err")) {
            (Some(ok), _) => Ok(ok.clone()),
            (_, Some(err)) => Err(err.clone()),
            _ => Err(json!({"code": "harness", "message": format!("odd result {result}")})),
        }
    }

    /// Like `invoke`, for steps that expect the command to succeed: a rejection becomes the
    /// step's error message, naming the command.
    pub async fn call(&self, command: &str, args: Value) -> Result<Value, String> {
        self.invoke(command, args)
            .await
            .map_err(|e| format!("{command} rejected: {e}"))
    }

    /// The native window's title (not the document's).
    pub async fn window_title(&self) -> Result<String, String> {
        let value = self
            .run_async(
                "window.__TAURI__.window.getCurrentWindow().title().then(done, \
                   e => done({__peerplan_error: String(e)}));",
                vec![],
            )
            .await?;
        value
            .as_str()
            .map(str::to_string)
            .ok_or_else(|| format!("the title is not a string: {value}"))
    }

    /// Waits until the page has loaded (styles, scripts, images) and painted twice since.
    pub async fn wait_until_painted(&self) -> Result<(), String> {
        self.run_async(
            "const painted = () => requestAnimationFrame(() => requestAnimationFrame(() => done(true)));\n\
             if (document.readyState === 'complete') painted();\n\
             else window.addEventListener('load', painted, {once: true});",
            vec![],
        )
        .await
        .map(|_| ())
    }

    /// Saves a PNG of the webview's visible area at `path` (folders created), once the page has
    /// painted, and returns its size in pixels.
    pub async fn screenshot(&self, path: &Path) -> Result<(u32, u32), String> {
        self.wait_until_painted().await?;
        let png = self
            .client
            .screenshot()
            .await
            .map_err(|e| format!("screenshot failed: {e}"))?;
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).map_err(|e| format!("{}: {e}", parent.display()))?;
        }
        std::fs::write(path, &png).map_err(|e| format!("{}: {e}", path.display()))?;
        png_size(&png).ok_or_else(|| format!("{} is not a PNG", path.display()))
    }

    /// Ends the session (which closes the app) and stops the driver.
    pub async fn close(self) -> Result<(), String> {
        let DesktopApp {
            client,
            mut driver,
            temp,
            ..
        } = self;
        let closed = client.close().await;
        driver.stop();
        drop(temp);
        closed.map_err(|e| format!("closing the session failed: {e}"))
    }
}

/// Width and height from a PNG's header.
pub fn png_size(png: &[u8]) -> Option<(u32, u32)> {
    const SIGNATURE: &[u8] = b"\x89PNG\r\n\x1a\n";
    if png.len() < 24 || &png[..8] != SIGNATURE || &png[12..16] != b"IHDR" {
        return None;
    }
    let width = u32::from_be_bytes(png[16..20].try_into().ok()?);
    let height = u32::from_be_bytes(png[20..24].try_into().ok()?);
    Some((width, height))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn png_size_reads_the_header() {
        let mut png = b"\x89PNG\r\n\x1a\n\0\0\0\x0dIHDR".to_vec();
        png.extend_from_slice(&1366u32.to_be_bytes());
        png.extend_from_slice(&768u32.to_be_bytes());
        assert_eq!(png_size(&png), Some((1366, 768)));
        assert_eq!(png_size(b"GIF89a"), None);
    }

    #[test]
    fn the_app_binary_is_a_debug_build_by_default() {
        if std::env::var_os(APP_BINARY_ENV).is_none() {
            let app = app_binary();
            let name = format!("peerplan-app{}", std::env::consts::EXE_SUFFIX);
            assert!(app.ends_with(format!("debug/{name}")), "{}", app.display());
        }
    }

    #[test]
    fn free_ports_come_in_pairs() {
        let port = free_port_pair().unwrap();
        assert!(TcpListener::bind((Ipv4Addr::LOCALHOST, port)).is_ok());
        assert!(TcpListener::bind((Ipv4Addr::LOCALHOST, port + 1)).is_ok());
    }
}
