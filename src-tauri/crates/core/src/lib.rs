//! PeerPlan's core: the domain of peer-learning partnerships, its validation rules, and the
//! SQLite store. It has no desktop dependency, so the `peerplan` CLI, the Tauri shell and the
//! tests all share it. See docs/ARCHITECTURE.md for the map and the invariants.

pub mod agenda;
pub mod check;
pub mod costs;
pub mod countries;
pub mod dates;
pub mod demo;
mod error;
pub mod export;
pub mod hlc;
pub mod label;
pub mod model;
pub mod money;
pub mod paths;
pub mod queries;
pub mod reflection;
pub mod signals;
pub mod store;
pub mod sync;
pub mod synthetic;
mod translated_names;
pub mod typed;
pub mod validate;

pub use error::{Error, Result, ERROR_KEYS};
pub use store::{Saved, Store};

/// A new record id: a UUIDv7, so ids sort by creation time and never collide across
/// installations.
pub fn new_id() -> String {
    uuid::Uuid::now_v7().to_string()
}
