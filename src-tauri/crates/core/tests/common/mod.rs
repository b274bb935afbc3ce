//! Laptops for the sync tests: each its own database in its own folder, exporting to and
//! merging from a shared folder, as officers do.
#![allow(dead_code)]

use std::path::{Path, PathBuf};

use peerplan_core::model::*;
use peerplan_core::sync::{self, MergeOptions, MergeReport};
use peerplan_core::{Result, Store};

pub struct Laptop {
    pub dir: tempfile::TempDir,
    pub store: Store,
    pub name: String,
}

impl Laptop {
    pub fn new(name: &str) -> Laptop {
        let dir = tempfile::tempdir().unwrap();
        let mut store = Store::open(&dir.path().join("peerplan.sqlite3")).unwrap();
        store.set_installation_name(name).unwrap();
        Laptop {
            dir,
            store,
            name: name.to_string(),
        }
    }

    pub fn db_path(&self) -> PathBuf {
        self.dir.path().join("peerplan.sqlite3")
    }

    /// Exports to `<share>/<name>.peerplan` and returns the path.
    pub fn export_to(&mut self, share: &Path) -> PathBuf {
        let path = share.join(format!("{}.peerplan", self.name));
        sync::export(&mut self.store, &path).unwrap();
        path
    }

    pub fn merge(&mut self, file: &Path) -> Result<MergeReport> {
        sync::merge_file(&mut self.store, file, MergeOptions::default())
    }

    pub fn preview(&mut self, file: &Path) -> Result<MergeReport> {
        sync::merge_file(
            &mut self.store,
            file,
            MergeOptions {
                dry_run: true,
                ..MergeOptions::default()
            },
        )
    }

    /// Exports `other` and merges it here.
    pub fn merge_from(&mut self, other: &mut Laptop) -> MergeReport {
        let share = tempfile::tempdir().unwrap();
        let file = other.export_to(share.path());
        self.merge(&file).unwrap()
    }

    pub fn dump(&self) -> String {
        sync::canonical_dump(self.store.conn()).unwrap()
    }

    /// The database file's bytes after folding the WAL in: equal before and after means the
    /// database was not written at all.
    pub fn bytes(&self) -> Vec<u8> {
        self.store
            .conn()
            .query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |_| Ok(()))
            .unwrap();
        std::fs::read(self.db_path()).unwrap()
    }

    pub fn partnership(&mut self, title: &str) -> String {
        self.store
            .save_partnership(
                None,
                PartnershipData {
                    title: title.into(),
                    topic: "NAP M&E".into(),
                    ..Default::default()
                },
            )
            .unwrap()
            .record
            .id
    }

    pub fn get_partnership(&self, id: &str) -> Record<PartnershipData> {
        peerplan_core::store::records::get::<PartnershipData>(self.store.conn(), id).unwrap()
    }

    pub fn edit_partnership(&mut self, id: &str, change: impl FnOnce(&mut PartnershipData)) {
        let mut data = self.get_partnership(id).data;
        change(&mut data);
        self.store.save_partnership(Some(id), data).unwrap();
    }

    /// A partnership with two members and an exchange; returns (partnership, exchange).
    pub fn exchange(&mut self, title: &str) -> (String, String) {
        let p = self.partnership(title);
        for code in ["KE", "GH"] {
            self.store
                .save_member(
                    None,
                    MemberData {
                        partnership_id: p.clone(),
                        country_code: code.into(),
                        ..Default::default()
                    },
                )
                .unwrap();
        }
        let e = self
            .store
            .save_exchange(
                None,
                ExchangeData {
                    partnership_id: p.clone(),
                    title: format!("{title} study visit"),
                    start_date: Some("2027-03-01".parse().unwrap()),
                    end_date: Some("2027-03-03".parse().unwrap()),
                    ..Default::default()
                },
            )
            .unwrap()
            .record
            .id;
        (p, e)
    }

    pub fn cost_line(&mut self, exchange: &str, amount: &str, currency: &str) -> String {
        self.store
            .save_cost_line(
                None,
                CostLineData {
                    exchange_id: exchange.into(),
                    category: CostCategory::Accommodation,
                    description: "Hotel".into(),
                    quantity: 1,
                    unit_amount: amount.into(),
                    currency: currency.into(),
                    ..Default::default()
                },
            )
            .unwrap()
            .record
            .id
    }

    pub fn edit_cost_line(&mut self, id: &str, amount: &str, currency: &str) {
        let mut data = peerplan_core::store::records::get::<CostLineData>(self.store.conn(), id)
            .unwrap()
            .data;
        data.unit_amount = amount.into();
        data.currency = currency.into();
        self.store.save_cost_line(Some(id), data).unwrap();
    }

    pub fn open_conflicts(&self) -> Vec<sync::conflicts::ConflictView> {
        sync::conflicts::open(&self.store).unwrap()
    }
}
