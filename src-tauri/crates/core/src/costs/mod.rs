//! Logistics costs and budgets (issue 6), read side: one exchange's cost view, the portfolio
//! budget roll-up under filters, and "estimate from delegation". Writes are in
//! `store::costs`; money arithmetic and the one rounding rule are in `money`.
//!
//! Conversion rule: a line is converted to the reporting currency at the exchange's fixed
//! budget rate for its currency when one is set, else at the officer's rate in force on the
//! line's date (the latest rate of the pair dated on or before it; a rate entered the other
//! way round is divided by). An undated line (an early estimate) uses the exchange's start
//! date, and with no date at all the latest rate. No rate: the line is left out of the
//! converted totals, which are marked incomplete and list the missing rates — never guessed.
//! Each converted line is rounded half away from zero to the reporting currency's minor
//! units; every total is the sum of its rounded lines.

use std::collections::HashMap;
use std::sync::Arc;

use chrono::{Datelike, NaiveDate};
use rusqlite::types::Value;
use rusqlite::{params_from_iter, Connection};
use serde::{Deserialize, Serialize};

use crate::model::*;
use crate::money::{self, Direction, Rate};
use crate::store::records::{self, select_columns, Entity};
use crate::store::Store;
use crate::Result;

mod budget;
mod estimate;
mod exchange_view;
mod index;
mod rates;
#[cfg(test)]
mod tests;
mod totals;

pub use budget::*;
pub use estimate::*;
pub use exchange_view::*;
pub use index::*;
pub use rates::*;
pub use totals::*;
#[allow(unused_imports)]
use {budget::*, estimate::*, exchange_view::*, index::*, rates::*, totals::*};
