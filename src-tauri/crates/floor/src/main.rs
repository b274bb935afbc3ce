//! The floor for PeerPlan's desktop benchmarks: the smallest Tauri v2 app on the same stack,
//! a window with one paragraph that reports its first paint on stderr.

#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

#[tauri::command]
fn ready() {
    eprintln!("peerplan-startup first-page");
}

fn main() {
    if let Err(error) = tauri::Builder::default()
        .invoke_handler(tauri::generate_handler![ready])
        .run(tauri::generate_context!())
    {
        eprintln!("floor: {error}");
        std::process::exit(1);
    }
}
