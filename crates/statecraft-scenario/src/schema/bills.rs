//! Bills before Congress: their stage, what they would do, and their base support.

use serde::{Deserialize, Serialize};

use super::actors::Chamber;
use super::units::{Amount, Fraction};

/// Where a bill stands. A bill moves one stage at a time: committee and floor in its chamber of
/// origin, then the other chamber, then the President, who signs or vetoes; a veto can be
/// overridden by two thirds of both chambers. A bill may also start `NotIntroduced`: inert (no
/// votes, no pressure, no effect) until a scripted `BillStage` event introduces it.
///
/// The variants' order is their code in the tables' numbers and in the state digest, so a new
/// stage is appended; stages compare by how far a bill has gone (`NotIntroduced` first).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum Stage {
    #[default]
    Introduced,
    /// Reported by committee in the chamber of origin.
    Committee,
    /// Passed the chamber of origin.
    PassedOrigin,
    /// Passed both chambers: on the President's desk.
    PassedBoth,
    Vetoed,
    Enacted,
    Dead,
    /// Not yet introduced: no chamber can act on it until an event moves it to a stage.
    NotIntroduced,
}

impl Stage {
    pub const ALL: [Stage; 8] = [
        Stage::NotIntroduced,
        Stage::Introduced,
        Stage::Committee,
        Stage::PassedOrigin,
        Stage::PassedBoth,
        Stage::Vetoed,
        Stage::Enacted,
        Stage::Dead,
    ];

    /// A number for charts: 0 introduced … 4 enacted; vetoed sits below enacted, not introduced
    /// at −½, dead at −1.
    pub fn level(self) -> f64 {
        match self {
            Stage::NotIntroduced => -0.5,
            Stage::Introduced => 0.0,
            Stage::Committee => 1.0,
            Stage::PassedOrigin => 2.0,
            Stage::PassedBoth => 3.0,
            Stage::Vetoed => 3.5,
            Stage::Enacted => 4.0,
            Stage::Dead => -1.0,
        }
    }

    /// Rank by how far a bill has gone: not introduced, then the order of the variants.
    fn rank(self) -> u8 {
        match self {
            Stage::NotIntroduced => 0,
            stage => stage as u8 + 1,
        }
    }
}

impl PartialOrd for Stage {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Stage {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        self.rank().cmp(&other.rank())
    }
}

/// What a bill does once enacted.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum BillEffect {
    /// Licences above `ceiling` are denied for `months` (SAFE Chips Act: 30 months).
    FreezeCeiling { ceiling: String, months: u32 },
    /// Congress reviews licences before they take effect (AI OVERWATCH Act: 30 days).
    CongressionalReview { months: u32 },
    /// Exported chips must verify their location (Chip Security Act): harder to divert, a
    /// compliance cost for vendors, and a reason for Beijing to fear "backdoors".
    LocationVerification { grey_cut: Fraction, vendor_cost: Fraction, beijing_security: Amount },
    /// US buyers get first refusal (GAIN AI Act): less supply left for China.
    RightOfFirstRefusal { china_supply_cut: Fraction },
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Bill {
    pub id: String,
    pub name: String,
    pub origin: Chamber,
    pub stage: Stage,
    pub effect: BillEffect,
    /// Share of members who would vote for it with no alarm and no presidential opposition.
    pub support: Fraction,
    pub source: String,
}

impl Default for Bill {
    fn default() -> Self {
        Bill {
            id: "bill".into(),
            name: String::new(),
            origin: Chamber::Senate,
            stage: Stage::Introduced,
            effect: BillEffect::CongressionalReview { months: 1 },
            support: Fraction(0.45),
            source: String::new(),
        }
    }
}
