//! An exchange's agenda (`peerplan_core::export::agenda::AgendaDoc`, worded by its `labels`)
//! as a PDF (`pdf`, on the summary's layout engine), a Word document (`docx`), a standalone
//! web page (`html`) and an iCalendar file (`ics`); `sample` builds a large agenda for the
//! benchmark and the tests.

pub mod docx;
pub mod html;
pub mod ics;
pub mod pdf;
pub mod sample;
