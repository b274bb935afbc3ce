//! The Windows installer that `./tasks.sh package` cross-builds (issue 20), checked here on
//! Linux since nothing Windows can run on these machines: 7-Zip lists the app, the CLI, the
//! WebView2 loader and the uninstaller in it; the script NSIS compiled into it (its strings,
//! read from the installer's header) installs into the per-user programs folder, writes a
//! Start-menu entry, the `.peerplan` file type (opening with `peerplan-app.exe "%1"`) and the
//! uninstall entry, and names no data folder as a path to delete; the two programs inside are
//! PE32+ x86-64 binaries of the right subsystem (the app a GUI program, the CLI a console one).
//!
//! Runs only with PEERPLAN_PACKAGE_TESTS=1 after `./tasks.sh package` (`./tasks.sh
//! package-test`). PEERPLAN_NSIS=path chooses the installer (default: the newest in
//! `<target>/x86_64-pc-windows-gnu/release/bundle/nsis/`). Needs 7z (apt-get install
//! p7zip-full) and python3.

use std::path::{Path, PathBuf};
use std::process::Command;

use peerplan_tests::desktop::target_dir;
use peerplan_tests::launch::{note, run};

const ENABLE_ENV: &str = "PEERPLAN_PACKAGE_TESTS";

/// PE optional-header subsystems.
const WINDOWS_GUI: u16 = 2;
const WINDOWS_CUI: u16 = 3;
const AMD64: u16 = 0x8664;
const I386: u16 = 0x14c;

fn installer() -> Result<PathBuf, String> {
    if let Some(path) = std::env::var_os("PEERPLAN_NSIS").filter(|v| !v.is_empty()) {
        return Ok(PathBuf::from(path));
    }
    let dir = target_dir().join("x86_64-pc-windows-gnu/release/bundle/nsis");
    std::fs::read_dir(&dir)
        .map_err(|e| {
            format!(
                "{}: {e} (build it first: ./tasks.sh package)",
                dir.display()
            )
        })?
        .filter_map(|e| e.ok())
        .map(|e| e.path())
        .filter(|p| p.to_string_lossy().ends_with("-setup.exe"))
        .max_by_key(|p| p.metadata().and_then(|m| m.modified()).ok())
        .ok_or_else(|| format!("no *-setup.exe in {}", dir.display()))
}

/// What a PE file's headers say: (machine, optional-header magic, subsystem).
fn pe_headers(bytes: &[u8]) -> Result<(u16, u16, u16), String> {
    let u16_at = |at: usize| -> Result<u16, String> {
        bytes
            .get(at..at + 2)
            .map(|b| u16::from_le_bytes([b[0], b[1]]))
            .ok_or_else(|| format!("truncated at {at}"))
    };
    if bytes.get(..2) != Some(b"MZ") {
        return Err("no MZ header".into());
    }
    let pe = bytes
        .get(0x3c..0x40)
        .map(|b| u32::from_le_bytes([b[0], b[1], b[2], b[3]]) as usize)
        .ok_or("truncated DOS header")?;
    if bytes.get(pe..pe + 4) != Some(b"PE\0\0") {
        return Err("no PE signature".into());
    }
    let machine = u16_at(pe + 4)?;
    let optional = pe + 24;
    let magic = u16_at(optional)?;
    // Subsystem sits at offset 68 of the optional header in PE32 and PE32+ alike.
    let subsystem = u16_at(optional + 68)?;
    Ok((machine, magic, subsystem))
}

#[test]
fn pe_headers_read_a_minimal_header() {
    let mut exe = vec![0u8; 0x200];
    exe[..2].copy_from_slice(b"MZ");
    exe[0x3c..0x40].copy_from_slice(&0x80u32.to_le_bytes());
    exe[0x80..0x84].copy_from_slice(b"PE\0\0");
    exe[0x84..0x86].copy_from_slice(&AMD64.to_le_bytes());
    exe[0x98..0x9a].copy_from_slice(&0x20bu16.to_le_bytes());
    exe[0x98 + 68..0x98 + 70].copy_from_slice(&WINDOWS_CUI.to_le_bytes());
    assert_eq!(pe_headers(&exe), Ok((AMD64, 0x20b, WINDOWS_CUI)));
    assert!(pe_headers(b"#!/bin/sh\n").is_err());
}

#[test]
fn the_windows_installer_holds_the_app_the_cli_the_file_type_and_an_uninstaller() {
    if !std::env::var(ENABLE_ENV).is_ok_and(|v| v == "1") {
        note(&format!(
            "skipped: set {ENABLE_ENV}=1 (after ./tasks.sh package) to check the Windows installer [package_windows]"
        ));
        return;
    }
    check_installer().unwrap_or_else(|e| panic!("{e}"));
}

fn check_installer() -> Result<(), String> {
    let installer = installer()?;
    let bytes = std::fs::read(&installer).map_err(|e| e.to_string())?;
    note(&format!(
        "package_windows: {} ({} bytes)",
        installer.display(),
        bytes.len()
    ));
    // The installer itself: NSIS's 32-bit x86 GUI stub.
    let (machine, _, subsystem) = pe_headers(&bytes)?;
    if (machine, subsystem) != (I386, WINDOWS_GUI) {
        return Err(format!(
            "the installer is a GUI program: machine {machine:#x}, subsystem {subsystem}"
        ));
    }

    // ---- what is inside ----
    let listing = run(Command::new("7z").args(["l", "-slt"]).arg(&installer))?;
    let paths: Vec<&str> = listing
        .lines()
        .filter_map(|l| l.strip_prefix("Path = "))
        .collect();
    for wanted in [
        "peerplan-app.exe",
        "peerplan.exe",
        "WebView2Loader.dll",
        "uninstall.exe",
    ] {
        if !paths.iter().any(|p| p.eq_ignore_ascii_case(wanted)) {
            return Err(format!("the installer holds {wanted}; it has {paths:?}"));
        }
    }

    // ---- what it does: the strings of the scripts NSIS compiled in ----
    let strings = script_strings(&installer)?;
    let check = |kind: &str, list: &[String], wanted: &[&str]| -> Result<(), String> {
        for wanted in wanted {
            if !list.iter().any(|s| s.contains(wanted)) {
                return Err(format!(
                    "the {kind}'s script has {wanted:?}; its strings:\n{}",
                    list.join("\n")
                ));
            }
        }
        Ok(())
    };
    check(
        "installer",
        &strings.installer,
        &[
            // Per-user, into the per-user programs folder ($LOCALAPPDATA\Programs\PeerPlan).
            r"\Programs\PeerPlan",
            // The Start-menu entry ($SMPROGRAMS\PeerPlan.lnk).
            r"\PeerPlan.lnk",
            // The .peerplan file type, opened by the app with the file.
            r"Software\Classes\.peerplan",
            r"Software\Classes\PeerPlan.Database\shell\open\command",
            r#"\peerplan-app.exe" "%1""#,
            "application/x-peerplan",
            // Settings › Apps.
            r"Software\Microsoft\Windows\CurrentVersion\Uninstall\org.peerplan.PeerPlan",
            "UninstallString",
        ],
    )?;
    // The uninstaller takes back what the installer put in place…
    check(
        "uninstaller",
        &strings.uninstaller,
        &[
            r"\peerplan-app.exe",
            r"\peerplan.exe",
            r"\PeerPlan.lnk",
            r"Software\Classes\PeerPlan.Database",
            r"Software\Microsoft\Windows\CurrentVersion\Uninstall\org.peerplan.PeerPlan",
        ],
    )?;
    // …and names the officer's data folder (%APPDATA%\peerplan\PeerPlan\data) and the
    // webview's (%LOCALAPPDATA%\org.peerplan.PeerPlan) only inside sentences: no path for a
    // Delete or an RMDir to act on. Neither does the installer.
    for (kind, list) in [
        ("installer", &strings.installer),
        ("uninstaller", &strings.uninstaller),
    ] {
        if let Some(path) = list.iter().find(|s| {
            // (Registry keys name the app's id too: Software\…\Uninstall\org.peerplan.PeerPlan;
            // the programs folder is \Programs\PeerPlan, capitalised.)
            !s.starts_with("Software\\")
                && (s.ends_with("\\peerplan")
                    || s.ends_with("\\peerplan\\PeerPlan")
                    || s.contains("\\PeerPlan\\data")
                    || s.ends_with("\\org.peerplan.PeerPlan"))
        }) {
            return Err(format!(
                "the {kind} names a data folder as a path: {path:?}"
            ));
        }
    }

    // ---- the programs inside ----
    let out = tempfile::tempdir().map_err(|e| e.to_string())?;
    run(Command::new("7z")
        .args(["x", "-y"])
        .arg(format!("-o{}", out.path().display()))
        .arg(&installer)
        .args(["peerplan-app.exe", "peerplan.exe"]))?;
    for (exe, want, kind) in [
        ("peerplan-app.exe", WINDOWS_GUI, "GUI"),
        ("peerplan.exe", WINDOWS_CUI, "console"),
    ] {
        let path = find(out.path(), exe)?;
        let bytes = std::fs::read(&path).map_err(|e| e.to_string())?;
        let (machine, magic, subsystem) = pe_headers(&bytes).map_err(|e| format!("{exe}: {e}"))?;
        if (machine, magic, subsystem) != (AMD64, 0x20b, want) {
            return Err(format!(
                "{exe} is a PE32+ x86-64 {kind} program: machine {machine:#x}, magic {magic:#x}, subsystem {subsystem}"
            ));
        }
        note(&format!(
            "package_windows: {exe}: PE32+ x86-64, {kind} (subsystem {subsystem}), {} bytes",
            bytes.len()
        ));
    }
    Ok(())
}

/// The text strings of the installer's compiled script and of its uninstaller's, one per run
/// of printable characters (the scripts' variables, $INSTDIR…, are codes between them).
/// NSIS writes a first header ("NullsoftInst") then, here, one solid LZMA stream whose first
/// block is the script; the uninstaller's first header and compressed script are a block
/// further on in that stream. Read with Python's lzma module.
fn script_strings(installer: &Path) -> Result<Strings, String> {
    const READ_SCRIPTS: &str = r#"
import lzma, re, struct, sys
SIGNATURE = b'\xef\xbe\xad\xdeNullsoftInst'
def unpack(data, at):
    props = data[at + 28:at + 33]
    d = props[0]
    lzma1 = {'id': lzma.FILTER_LZMA1, 'dict_size': struct.unpack('<I', props[1:5])[0],
             'lc': d % 9, 'lp': (d // 9) % 5, 'pb': d // 45}
    return lzma.LZMADecompressor(format=lzma.FORMAT_RAW, filters=[lzma1]).decompress(data[at + 33:])
def strings(stream):
    size = struct.unpack_from('<I', stream, 0)[0]
    return [r.decode('utf-16le') for r in re.findall(rb'(?:[\x20-\x7e]\x00){3,}', stream[4:4 + size])]
data = open(sys.argv[1], 'rb').read()
at = data.find(SIGNATURE) - 4
if at < 0:
    sys.exit('no NSIS first header')
stream = unpack(data, at)
inner = stream.find(SIGNATURE) - 4
if inner < 0:
    sys.exit('no uninstaller in the installer')
for kind, text in [('installer', strings(stream)), ('uninstaller', strings(unpack(stream, inner)))]:
    for s in text:
        print(kind + '\t' + s)
"#;
    let text = run(Command::new("python3")
        .arg("-c")
        .arg(READ_SCRIPTS)
        .arg(installer))?;
    let mut strings = Strings::default();
    for line in text.lines() {
        match line.split_once('\t') {
            Some(("installer", s)) => strings.installer.push(s.to_string()),
            Some(("uninstaller", s)) => strings.uninstaller.push(s.to_string()),
            _ => return Err(format!("odd line from the script reader: {line:?}")),
        }
    }
    Ok(strings)
}

#[derive(Default)]
struct Strings {
    installer: Vec<String>,
    uninstaller: Vec<String>,
}

/// `name` anywhere under `dir` (7-Zip may keep the `$INSTDIR` folder).
fn find(dir: &Path, name: &str) -> Result<PathBuf, String> {
    let mut stack = vec![dir.to_path_buf()];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).map_err(|e| e.to_string())? {
            let path = entry.map_err(|e| e.to_string())?.path();
            if path.is_dir() {
                stack.push(path);
            } else if path.file_name().is_some_and(|f| f == name) {
                return Ok(path);
            }
        }
    }
    Err(format!("{name} was not extracted into {}", dir.display()))
}
