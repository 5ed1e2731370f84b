//! The initial state of the world and the parameters of its mechanisms. Every default here is
//! listed, with its source or as an assumption, in MODEL.md.

use serde::{Deserialize, Serialize};

use super::units::{Amount, Fraction, Month};

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct World {
    pub relations: Relations,
    pub compute: Compute,
    pub market: Market,
    pub grey_market: GreyMarket,
    pub capability: Capability,
}

/// China's rare-earth export controls, by severity.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub enum RareEarths {
    /// No controls aimed at the US.
    Open,
    /// Case-by-case licensing of medium and heavy rare earths (April 2025 regime).
    #[default]
    Licensing,
    /// The October 2025 measures: equipment, technologies, extraterritorial 0.1% rule.
    Sweeping,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Relations {
    /// US–China tension, 0 (détente) to 1 (open economic war).
    pub tension: Fraction,
    /// Where tension drifts absent new moves.
    pub baseline: Fraction,
    /// Share of tension's distance from the baseline that survives a month.
    pub persistence: Fraction,
    pub rare_earths: RareEarths,
    /// While a truce holds, neither side may tighten rare-earth or chip controls without
    /// breaking it; the first breach ends it.
    pub truce_until: Option<Month>,
    /// Tension added by a hostile move and removed by a cooperative one.
    pub hostile_step: Fraction,
    pub cooperative_step: Fraction,
    /// Tension removed when a summit ends in a deal; added when it fails.
    pub summit_deal: Fraction,
    pub summit_failure: Fraction,
    /// Months a summit truce lasts.
    pub truce_months: u32,
}

impl Default for Relations {
    fn default() -> Self {
        Relations {
            tension: Fraction(0.45),
            baseline: Fraction(0.35),
            persistence: Fraction(0.85),
            rare_earths: RareEarths::Licensing,
            truce_until: Month::new(2026, 11),
            hostile_step: Fraction(0.06),
            cooperative_step: Fraction(0.03),
            summit_deal: Fraction(0.12),
            summit_failure: Fraction(0.05),
            truce_months: 12,
        }
    }
}

/// Compute stocks in H100-equivalents (dense FP16 throughput relative to an H100 SXM).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Compute {
    pub us_stock_h100e: Amount,
    /// US additions in the first month, H100e.
    pub us_additions_h100e: Amount,
    /// Monthly growth of US additions.
    pub us_additions_growth: Fraction,
    /// China's stock outside the cloud actors (state data centres, other firms, labs' own).
    pub china_other_stock: Stock,
    /// Average service life: every stock depreciates by 1/lifetime a month.
    pub lifetime_months: Amount,
    /// A domestic chip's H100e counted at this fraction for training and serving: software
    /// maturity, interconnect and power (CloudMatrix: 2.3× the energy per FLOP).
    pub domestic_efficiency: Fraction,
}

impl Default for Compute {
    fn default() -> Self {
        Compute {
            us_stock_h100e: Amount(12.5e6),
            us_additions_h100e: Amount(1.3e6),
            us_additions_growth: Fraction(0.025),
            china_other_stock: Stock { legal: Amount(100_000.0), domestic: Amount(80_000.0), grey: Amount(60_000.0) },
            lifetime_months: Amount(48.0),
            domestic_efficiency: Fraction(0.6),
        }
    }
}

/// A compute stock by how it reached China.
#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Stock {
    pub legal: Amount,
    pub domestic: Amount,
    pub grey: Amount,
}

/// Chinese demand outside the cloud actors, and how buyers choose between foreign chips.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Market {
    /// Monthly AI-chip spending of buyers that are not cloud actors, $bn.
    pub other_buyers_usd_bn: Amount,
    /// Share of that spending by state-funded data centres (bound by the state data-centre ban).
    pub state_funded_share: Fraction,
    /// Monthly growth of all Chinese AI-chip budgets.
    pub demand_growth: Fraction,
    /// How strongly buyers prefer the foreign chip with more H100e per dollar (exponent of the
    /// value ratio when splitting a foreign budget between vendors).
    pub value_elasticity: Amount,
    /// Share of buyers' demand that is inference (serving models) rather than training: a
    /// chip's value weighs its inference capacity by it and its training compute by the rest.
    pub inference_share: Fraction,
    /// Of the foreign budget left unspent (not approved, not licensed, not supplied), the
    /// share redirected to domestic chips and to the grey market the same month.
    pub spill_to_domestic: Fraction,
    pub spill_to_grey: Fraction,
}

impl Default for Market {
    fn default() -> Self {
        Market {
            other_buyers_usd_bn: Amount(1.2),
            state_funded_share: Fraction(0.7),
            demand_growth: Fraction(0.026),
            value_elasticity: Amount(4.0),
            inference_share: Fraction(0.5),
            spill_to_domestic: Fraction(0.5),
            spill_to_grey: Fraction(0.1),
        }
    }
}

/// Smuggling and diversion of controlled US chips.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct GreyMarket {
    /// Chips a month the networks could move with no enforcement at all.
    pub capacity_chips: Amount,
    /// Price premium over list price.
    pub premium: Fraction,
    /// Share of capacity removed by full US enforcement (enforcement = 1).
    pub us_enforcement_effect: Fraction,
    /// Share of capacity removed by a full Chinese customs crackdown.
    pub customs_effect: Fraction,
    /// Month-to-month noise of capacity: standard deviation of its logarithm.
    pub volatility: Amount,
}

impl Default for GreyMarket {
    fn default() -> Self {
        GreyMarket {
            capacity_chips: Amount(20_000.0),
            premium: Fraction(0.4),
            us_enforcement_effect: Fraction(0.6),
            customs_effect: Fraction(0.3),
            volatility: Amount(0.3),
        }
    }
}

/// How compute and research turn into capability.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Capability {
    /// Algorithmic progress at the frontier, in doublings of effective compute per month.
    pub algorithmic_progress: Amount,
    /// Share of the US stock the leading US lab can train with.
    pub us_frontier_share: Fraction,
    /// Monthly share of a lab's capability gap closed by diffusion of published ideas, for a
    /// lab with as much compute as the frontier lab.
    pub catch_up_rate: Fraction,
    /// How much a lab's catch-up depends on its compute: the rate is scaled by (lab compute /
    /// frontier compute)^compute_elasticity, since following fast (distilling, reproducing,
    /// experimenting) takes compute too.
    pub compute_elasticity: Amount,
    /// Months behind the frontier that catching up cannot close: followers learn from what
    /// the frontier has released, which takes months to reproduce.
    pub release_lag_months: Amount,
}

impl Default for Capability {
    fn default() -> Self {
        Capability {
            algorithmic_progress: Amount(0.132),
            us_frontier_share: Fraction(0.1),
            catch_up_rate: Fraction(0.06),
            compute_elasticity: Amount(0.3),
            release_lag_months: Amount(2.0),
        }
    }
}
