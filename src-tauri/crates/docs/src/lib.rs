//! PeerPlan's documents, written without a browser from the core's read models: the one-page
//! partnership summary (`pdf`), an exchange's agenda as PDF, Word, HTML and iCalendar
//! (`agenda`), follow-up reminders as iCalendar (`reminders`) and costs as CSV and Excel
//! (`costs`). Every writer returns bytes or writes a file through
//! `peerplan_core::export::write_atomically`, so a reader never sees half a file.
//!
//! Each document is written in a language chosen for it (`words::Lang`: English, French or
//! Spanish), independently of the screens' language: its words come from the catalog the UI
//! shares (`ui/i18n`), countries and currencies are named from Debian iso-codes'
//! translations. The English documents are exactly what they were before there was a choice.
//!
//! Depends on the core; the core does not depend on it (docs/ARCHITECTURE.md).

pub mod agenda;
pub mod costs;
pub mod lists;
pub mod pdf;
pub mod reminders;
pub mod words;
