//! The Linux package as an officer's IT staff would use it (issue 20): the `.deb` that
//! `./tasks.sh package` builds is installed on this machine with apt-get; the installed
//! `peerplan --version` and `peerplan demo` run on a fresh home; the installed app starts
//! under Xvfb as a desktop would start it (no options, its default data folder) and shows the
//! partnership list; a colleague's `.peerplan` file opened through the desktop (GIO: the MIME
//! type the package installs, its desktop entry's `%f`) reaches the running app's merge
//! preview; then the package is removed and purged, and the officer's data folder is still
//! there.
//!
//! The `.rpm` is listed (`rpm -qlp`) for the same files; it is not installed here.
//!
//! It installs and removes a system package, so it runs only with PEERPLAN_PACKAGE_TESTS=1,
//! as root, after `./tasks.sh package` (`./tasks.sh package-test` runs it; CI's last step).
//! PEERPLAN_DEB=path and PEERPLAN_RPM=path choose the packages (default: the newest in
//! `<target>/release/bundle/deb/` and `…/rpm/`).

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use peerplan_tests::desktop::{artifacts_dir, desktop, target_dir, REQUIRE_ENV};
use peerplan_tests::launch::{note, profile_env, run, AppSession, SessionBus};

/// `1` runs the package tests (they install and remove system packages).
pub const ENABLE_ENV: &str = "PEERPLAN_PACKAGE_TESTS";

fn enabled(test: &str) -> bool {
    if std::env::var(ENABLE_ENV).is_ok_and(|v| v == "1") {
        return true;
    }
    note(&format!(
        "skipped: set {ENABLE_ENV}=1 (as root, after ./tasks.sh package) to install and test the package [{test}]"
    ));
    false
}

/// The newest file ending in `suffix` in `dir`.
fn newest(dir: &Path, suffix: &str) -> Result<PathBuf, String> {
    let entries = std::fs::read_dir(dir).map_err(|e| {
        format!(
            "{}: {e} (build the packages first: ./tasks.sh package)",
            dir.display()
        )
    })?;
    entries
        .filter_map(|e| e.ok())
        .map(|e| e.path())
        .filter(|p| p.to_string_lossy().ends_with(suffix))
        .max_by_key(|p| p.metadata().and_then(|m| m.modified()).ok())
        .ok_or_else(|| format!("no *{suffix} in {}", dir.display()))
}

fn deb() -> Result<PathBuf, String> {
    match std::env::var_os("PEERPLAN_DEB").filter(|v| !v.is_empty()) {
        Some(path) => Ok(PathBuf::from(path)),
        None => newest(&target_dir().join("release/bundle/deb"), ".deb"),
    }
}

fn dpkg_field(deb: &Path, field: &str) -> Result<String, String> {
    Ok(run(Command::new("dpkg-deb").arg("-f").arg(deb).arg(field))?
        .trim()
        .to_string())
}

fn installed(package: &str) -> bool {
    Command::new("dpkg-query")
        .args(["-W", "-f=${Status}", package])
        .output()
        .is_ok_and(|o| String::from_utf8_lossy(&o.stdout).contains("install ok installed"))
}

fn apt_get(args: &[&str]) -> Result<String, String> {
    run(Command::new("apt-get")
        .args(args)
        .env("DEBIAN_FRONTEND", "noninteractive"))
}

/// Removes the package when the test ends however it ends, so a failed run leaves no
/// PeerPlan installed on the machine.
struct Uninstall(String);

impl Drop for Uninstall {
    fn drop(&mut self) {
        if installed(&self.0) {
            let _ = run(Command::new("dpkg").args(["--purge", &self.0]));
        }
    }
}

#[test]
fn the_rpm_holds_the_app_the_cli_the_desktop_entry_and_the_file_type() {
    if !enabled("package_linux_rpm") {
        return;
    }
    let check = || -> Result<(), String> {
        let rpm = match std::env::var_os("PEERPLAN_RPM").filter(|v| !v.is_empty()) {
            Some(path) => PathBuf::from(path),
            None => newest(&target_dir().join("release/bundle/rpm"), ".rpm")?,
        };
        let files = run(Command::new("rpm").arg("-qlp").arg(&rpm))?;
        for wanted in [
            "/usr/bin/peerplan-app",
            "/usr/bin/peerplan",
            "/usr/share/applications/PeerPlan.desktop",
            "/usr/share/mime/packages/peerplan.xml",
            "/usr/share/icons/hicolor/128x128/apps/peerplan-app.png",
        ] {
            if !files.lines().any(|l| l == wanted) {
                return Err(format!(
                    "{} installs {wanted}; it has:\n{files}",
                    rpm.display()
                ));
            }
        }
        // The smaller download: xz, not the bundler's default gzip (tauri.release.conf.json).
        let compressor = run(Command::new("rpm")
            .args(["-qp", "--queryformat", "%{PAYLOADCOMPRESSOR}"])
            .arg(&rpm))?;
        if compressor.trim() != "xz" {
            return Err(format!(
                "the .rpm's files are compressed with xz; they are compressed with {compressor:?}"
            ));
        }
        let requires = run(Command::new("rpm").args(["-qp", "--requires"]).arg(&rpm))?;
        if !requires.contains("libwebkit2gtk-4.1.so.0") {
            return Err(format!("the .rpm requires WebKitGTK 4.1: {requires}"));
        }
        note(&format!(
            "package_linux_rpm: {} ({} bytes) holds the app, the CLI, the desktop entry and the MIME type",
            rpm.display(),
            rpm.metadata().map_err(|e| e.to_string())?.len()
        ));
        Ok(())
    };
    check().unwrap_or_else(|e| panic!("{e}"));
}

/// The installed `peerplan` in the fresh home `profile`.
fn cli(profile: &Path) -> Command {
    let mut command = Command::new("/usr/bin/peerplan");
    command
        .envs(profile_env(profile))
        .env_remove("PEERPLAN_DATA_DIR");
    command
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_deb_installs_runs_opens_files_and_leaves_the_data_when_removed() {
    let test = "package_linux";
    if !enabled(test) {
        return;
    }
    let result = install_run_remove(test).await;
    result.unwrap_or_else(|e| panic!("{e}"));
}

async fn install_run_remove(test: &str) -> Result<(), String> {
    // SAFETY: geteuid has no preconditions.
    if unsafe { libc::geteuid() } != 0 {
        return Err("installing a package needs root".into());
    }
    let desktop = desktop().map_err(|why| format!("{REQUIRE_ENV}: {why}"))?;
    let deb = deb()?;
    let package = dpkg_field(&deb, "Package")?;
    let version = dpkg_field(&deb, "Version")?;
    let size = deb.metadata().map_err(|e| e.to_string())?.len();
    note(&format!(
        "{test}: {} ({package} {version}, {size} bytes)",
        deb.display()
    ));

    // The smaller download: src-tauri/packaging/linux/recompress-deb.sh rewrote the bundler's gzip.
    let members = run(Command::new("ar").arg("t").arg(&deb))?;
    if !members.lines().any(|m| m == "data.tar.xz") {
        return Err(format!(
            "the .deb's files are in an xz tar (data.tar.xz); it has: {}",
            members.replace('\n', " ")
        ));
    }

    // ---- install ----
    let _uninstall = Uninstall(package.clone());
    let started = Instant::now();
    apt_get(&["install", "-y", "-qq", &deb.display().to_string()])?;
    note(&format!(
        "{test}: installed in {:.1} s",
        started.elapsed().as_secs_f64()
    ));
    let files = run(Command::new("dpkg").args(["-L", &package]))?;
    for wanted in [
        "/usr/bin/peerplan-app",
        "/usr/bin/peerplan",
        "/usr/share/applications/PeerPlan.desktop",
        "/usr/share/mime/packages/peerplan.xml",
        "/usr/share/icons/hicolor/128x128/apps/peerplan-app.png",
    ] {
        if !files.lines().any(|l| l == wanted) {
            return Err(format!("the package installs {wanted}; it has:\n{files}"));
        }
    }
    let entry = std::fs::read_to_string("/usr/share/applications/PeerPlan.desktop")
        .map_err(|e| e.to_string())?;
    for wanted in [
        "Exec=peerplan-app %f",
        "MimeType=application/x-peerplan",
        "Icon=peerplan-app",
    ] {
        if !entry.lines().any(|l| l == wanted) {
            return Err(format!("the desktop entry has {wanted:?}:\n{entry}"));
        }
    }

    // ---- the installed CLI, on a fresh home ----
    let temp = tempfile::Builder::new()
        .prefix("peerplan-package-")
        .tempdir()
        .map_err(|e| e.to_string())?;
    let profile = temp.path().join("home");
    std::fs::create_dir_all(&profile).map_err(|e| e.to_string())?;
    let version_line = run(cli(&profile).arg("--version"))?;
    let expected = format!("peerplan {version} (commit ");
    if !(version_line.starts_with(&expected) && version_line.contains(", database schema ")) {
        return Err(format!(
            "peerplan --version names the version, commit and schema: {version_line:?}"
        ));
    }
    note(&format!("{test}: {}", version_line.trim()));
    run(cli(&profile).arg("demo"))?;
    let data_dir = profile.join("data-home/peerplan");
    let database = data_dir.join("peerplan.sqlite3");
    if !database.is_file() {
        return Err(format!(
            "peerplan demo wrote the default database {}",
            database.display()
        ));
    }
    let stats: serde_json::Value =
        serde_json::from_str(&run(cli(&profile).args(["stats", "--json"]))?)
            .map_err(|e| e.to_string())?;
    if stats["counts"]["partnerships"] != 5 {
        return Err(format!(
            "the example portfolio has five partnerships: {stats}"
        ));
    }
    // A colleague's file, exported by the installed CLI from another database.
    let jon_db = temp.path().join("jon.sqlite3");
    let jon_file = temp.path().join("Jon Berg.peerplan");
    run(cli(&profile).arg("--db").arg(&jon_db).arg("demo"))?;
    run(cli(&profile)
        .arg("--db")
        .arg(&jon_db)
        .args(["rename", "Jon's laptop"]))?;
    run(cli(&profile)
        .arg("--db")
        .arg(&jon_db)
        .arg("export")
        .arg(&jon_file))?;

    // ---- the desktop sees the file type ----
    let content_type = run(Command::new("gio")
        .args(["info", "-a", "standard::content-type"])
        .arg(&jon_file)
        .envs(profile_env(&profile)))?;
    if !content_type.contains("application/x-peerplan") {
        return Err(format!(
            "the desktop knows .peerplan files as application/x-peerplan: {content_type}"
        ));
    }
    let handler = run(Command::new("xdg-mime")
        .args(["query", "default", "application/x-peerplan"])
        .envs(profile_env(&profile)))?;
    if handler.trim() != "PeerPlan.desktop" {
        return Err(format!(
            "PeerPlan opens application/x-peerplan files: {handler:?}"
        ));
    }

    // ---- the installed app, started as a desktop starts it ----
    let bus = SessionBus::start(temp.path())?;
    // tauri-driver, WebKitWebDriver and the app inherit these: the fresh home, the private
    // bus (the single-instance hand-over), no data folder chosen.
    std::env::set_var("HOME", &profile);
    std::env::set_var("DBUS_SESSION_BUS_ADDRESS", &bus.address);
    std::env::remove_var("PEERPLAN_DATA_DIR");
    let app = Path::new("/usr/bin/peerplan-app");
    let started = Instant::now();
    let session = AppSession::start(&desktop.driver, &profile, app, &[]).await?;
    let checks = async {
        session
            .text_of("[data-testid=partnership-table] tbody tr")
            .await?;
        note(&format!(
            "{test}: the installed app showed the partnership list {:.1} s after launch",
            started.elapsed().as_secs_f64()
        ));
        let rows = session
            .client
            .find_all(fantoccini::Locator::Css(
                "[data-testid=partnership-table] tbody tr",
            ))
            .await
            .map_err(|e| e.to_string())?;
        if rows.len() != 5 {
            return Err(format!(
                "the list shows the five partnerships peerplan demo loaded: {}\n{}",
                rows.len(),
                session.page_text().await
            ));
        }
        session
            .screenshot(&artifacts_dir().join(format!("{test}_list.png")))
            .await?;

        // Opening the colleague's file the way a file manager does (GIO: its MIME type, the
        // desktop entry, `peerplan-app %f`): a second launch, handed to the running app.
        let opened = Instant::now();
        let mut gio = Command::new("gio")
            .arg("open")
            .arg(&jon_file)
            .envs(profile_env(&profile))
            .env("DBUS_SESSION_BUS_ADDRESS", &bus.address)
            .stdin(Stdio::null())
            .spawn()
            .map_err(|e| format!("gio open: {e}"))?;
        let status = gio.wait().map_err(|e| e.to_string())?;
        if !status.success() {
            return Err(format!(
                "gio open {} exited with {status}",
                jon_file.display()
            ));
        }
        let summary = session.text_of("[data-testid=merge-summary]").await?;
        if !summary.contains("From Jon's laptop") {
            return Err(format!("the preview says who the file is from: {summary}"));
        }
        let shown = session.text_of("[data-testid=merge-file-path]").await?;
        if shown != jon_file.display().to_string() {
            return Err(format!(
                "the preview names {}: {shown:?}",
                jon_file.display()
            ));
        }
        note(&format!(
            "{test}: the opened file's merge preview showed in {:.1} s",
            opened.elapsed().as_secs_f64()
        ));
        session
            .screenshot(&artifacts_dir().join(format!("{test}_opened_file.png")))
            .await?;
        Ok::<(), String>(())
    }
    .await;
    if checks.is_err() {
        let _ = session
            .screenshot(&artifacts_dir().join(format!("{test}_failure.png")))
            .await;
    }
    let closed = session.close().await;
    drop(bus);
    checks?;
    closed?;
    // The app has exited: no second instance left waiting for the bus.
    wait_for_no_process("/usr/bin/peerplan-app", Duration::from_secs(10));

    // ---- remove, purge: the data stays ----
    apt_get(&["remove", "-y", "-qq", &package])?;
    for gone in ["/usr/bin/peerplan-app", "/usr/bin/peerplan"] {
        if Path::new(gone).exists() {
            return Err(format!("apt-get remove left {gone}"));
        }
    }
    check_data_kept(&database, "apt-get remove")?;
    // apt knows a package installed from a file only while dpkg does: purge through dpkg.
    run(Command::new("dpkg").args(["--purge", &package]))?;
    check_data_kept(&database, "dpkg --purge")?;
    note(&format!(
        "{test}: removed and purged; {} is still there",
        data_dir.display()
    ));
    Ok(())
}

/// The database is still there and still opens, with the example portfolio in it.
fn check_data_kept(database: &Path, after: &str) -> Result<(), String> {
    if !database.is_file() {
        return Err(format!(
            "{after} removed the officer's {}",
            database.display()
        ));
    }
    let store = peerplan_core::Store::open(database).map_err(|e| format!("{after}: {e}"))?;
    let counts = peerplan_core::queries::counts(store.conn()).map_err(|e| e.to_string())?;
    if counts.partnerships != 5 {
        return Err(format!(
            "{after}: the database lost partnerships: {counts:?}"
        ));
    }
    Ok(())
}

/// Waits (bounded) until no process runs `exe`, so removing the package never races it.
fn wait_for_no_process(exe: &str, timeout: Duration) {
    let deadline = Instant::now() + timeout;
    while Instant::now() < deadline {
        let running = std::fs::read_dir("/proc")
            .into_iter()
            .flatten()
            .filter_map(|e| e.ok())
            .any(|e| {
                std::fs::read_link(e.path().join("exe"))
                    .is_ok_and(|p| p.to_string_lossy().starts_with(exe))
            });
        if !running {
            return;
        }
        std::thread::sleep(Duration::from_millis(100));
    }
}
