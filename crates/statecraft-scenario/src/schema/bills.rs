//! Bills before Congress: their stage, what they would do, and their base support.

use serde::{Deserialize, Serialize};

use super::actors::Chamber;
use super::units::{Amount, Fraction};

/// Where a bill stands. A bill moves one stage at a time: committee and floor in its chamber of
/// origin, then the other chamber, then the President, who signs or vetoes; a veto can be
/// overridden by two thirds of both chambers.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
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
}

impl Stage {
    pub const ALL: [Stage; 7] = [
        Stage::Introduced,
        Stage::Committee,
        Stage::PassedOrigin,
        Stage::PassedBoth,
        Stage::Vetoed,
        Stage::Enacted,
        Stage::Dead,
    ];

    /// A number for charts: 0 introduced … 4 enacted; vetoed sits below enacted, dead at −1.
    pub fn level(self) -> f64 {
        match self {
            Stage::Introduced => 0.0,
            Stage::Committee => 1.0,
            Stage::PassedOrigin => 2.0,
            Stage::PassedBoth => 3.0,
            Stage::Vetoed => 3.5,
            Stage::Enacted => 4.0,
            Stage::Dead => -1.0,
        }
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
