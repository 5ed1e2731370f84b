//! Scripted events: what happens in a given month whatever the actors decide.

use serde::{Deserialize, Serialize};

use super::actors::Mood;
use super::bills::Stage;
use super::units::{Amount, Fraction, Month};
use super::world::RareEarths;

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Event {
    pub at: Month,
    pub event: EventKind,
    #[serde(default)]
    pub note: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum EventKind {
    /// A leaders' summit: a deal (tension down, a truce) if neither side moves against the
    /// other that month, a failure (tension up) otherwise.
    Summit,
    SetCeiling(String),
    SetShare(Fraction),
    SetLicenceCap(Option<Amount>),
    SetEnforcement(Fraction),
    SetApprovalRate(Fraction),
    SetDomesticRatio(Fraction),
    StateDataCentreBan(bool),
    SetCustomsCrackdown(Fraction),
    SetRareEarths(RareEarths),
    /// A truce for this many months from now.
    Truce(u32),
    /// A bill reaches a stage (by its id).
    BillStage {
        bill: String,
        stage: Stage,
    },
    /// Tension jumps by this much (negative to ease), clamped to [0, 1].
    TensionShock(f64),
    SetMood(Mood),
}
