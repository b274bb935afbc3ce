//! The read models documents are made from, as plain data: the one-page partnership summary
//! (`summary`), an exchange's agenda (`agenda`, worded in three languages by
//! `agenda::labels`) and the follow-up reminders (`reminders`). The writers (PDF, Word, HTML,
//! iCalendar, CSV, Excel) are the `peerplan-docs` crate; the core depends on none of their
//! libraries. Files are written with `write_atomically`, so a reader never sees half a file.

pub mod agenda;
pub mod reminders;
pub mod summary;

use std::io::Write;
use std::path::Path;

use crate::model::*;
use crate::store::records;
use crate::store::records::Entity;
use crate::store::Store;
use crate::{Error, Result};

/// Writes `bytes` to a temporary file in `path`'s folder, flushes it to disk and renames it
/// over `path`: readers see the old file or the whole new one, never a partial write.
pub fn write_atomically(path: &Path, bytes: &[u8]) -> Result<()> {
    let io = |context: String| move |source| Error::Io { context, source };
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => std::path::PathBuf::from("."),
    };
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "export".to_string());
    let tmp = dir.join(format!(".{name}.{}.tmp", std::process::id()));
    let result = (|| {
        let mut file = std::fs::File::create(&tmp)
            .map_err(io(format!("Could not create {}", tmp.display())))?;
        file.write_all(bytes)
            .and_then(|_| file.sync_all())
            .map_err(io(format!("Could not write {}", tmp.display())))?;
        std::fs::rename(&tmp, path).map_err(io(format!("Could not write {}", path.display())))
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    result
}

/// What a reference to a record (its id or a piece of its title) points at.
#[derive(Debug, Clone)]
pub enum Match<T> {
    One(Box<Record<T>>),
    None,
    /// Several titles contain the text: (id, title) of each, by title.
    Many(Vec<(String, String)>),
}

pub type PartnershipMatch = Match<PartnershipData>;
pub type ExchangeMatch = Match<ExchangeData>;

/// Finds a live partnership by its exact id, else by a case-insensitive piece of its title
/// (an exact title wins over titles that merely contain it).
pub fn find_partnership(store: &Store, reference: &str) -> Result<PartnershipMatch> {
    find_by_title(store, reference, |p: &PartnershipData| &p.title)
}

/// Finds a live exchange the same way (`peerplan agenda EXCHANGE`).
pub fn find_exchange(store: &Store, reference: &str) -> Result<ExchangeMatch> {
    find_by_title(store, reference, |e: &ExchangeData| &e.title)
}

fn find_by_title<T: Entity>(
    store: &Store,
    reference: &str,
    title: fn(&T) -> &str,
) -> Result<Match<T>> {
    let reference = reference.trim();
    if reference.is_empty() {
        return Ok(Match::None);
    }
    if let Some(r) = records::find::<T>(store.conn(), reference)? {
        if !r.is_deleted() {
            return Ok(Match::One(Box::new(r)));
        }
    }
    let needle = reference.to_lowercase();
    let mut hits: Vec<Record<T>> = records::list::<T>(store.conn(), "1 = 1", &[], "t.id")?
        .into_iter()
        .filter(|r| title(&r.data).to_lowercase().contains(&needle))
        .collect();
    hits.sort_by_key(|r| title(&r.data).to_lowercase());
    let exact: Vec<usize> = hits
        .iter()
        .enumerate()
        .filter(|(_, r)| title(&r.data).trim().to_lowercase() == needle)
        .map(|(i, _)| i)
        .collect();
    if let [i] = exact[..] {
        return Ok(Match::One(Box::new(hits.swap_remove(i))));
    }
    Ok(match hits.len() {
        0 => Match::None,
        1 => Match::One(Box::new(hits.remove(0))),
        _ => Match::Many(
            hits.into_iter()
                .map(|r| (r.id.clone(), title(&r.data).to_string()))
                .collect(),
        ),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_partnership_is_found_by_id_or_unique_title_fragment() {
        let mut store = Store::open_in_memory().unwrap();
        crate::demo::load(&mut store).unwrap();
        let title = |m: PartnershipMatch| match m {
            PartnershipMatch::One(p) => p.data.title,
            other => panic!("{other:?}"),
        };
        let nap = title(find_partnership(&store, "nap monitoring").unwrap());
        assert!(nap.starts_with("Ghana–Kenya"));
        let id = match find_partnership(&store, "NAP").unwrap() {
            PartnershipMatch::One(p) => p.id,
            other => panic!("{other:?}"),
        };
        assert_eq!(title(find_partnership(&store, &id).unwrap()), nap);
        match find_partnership(&store, "on").unwrap() {
            PartnershipMatch::Many(c) => assert_eq!(c.len(), 5),
            other => panic!("{other:?}"),
        }
        assert!(matches!(
            find_partnership(&store, "no such").unwrap(),
            PartnershipMatch::None
        ));
        assert!(matches!(
            find_partnership(&store, "  ").unwrap(),
            PartnershipMatch::None
        ));
    }

    #[test]
    fn files_are_replaced_whole_and_no_temporary_file_remains() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("out.ics");
        std::fs::write(&path, "old").unwrap();
        write_atomically(&path, b"new").unwrap();
        assert_eq!(std::fs::read(&path).unwrap(), b"new");
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
        let missing = dir.path().join("no-such-folder").join("out.ics");
        assert!(write_atomically(&missing, b"x").is_err());
    }
}
