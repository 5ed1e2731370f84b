//! The phases of a month that are not one actor kind's: scripted events, trade, build,
//! relations, and the record.

pub mod build;
pub mod events;
pub mod record;
pub mod relate;
pub mod trade;
