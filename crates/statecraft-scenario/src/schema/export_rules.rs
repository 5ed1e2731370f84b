//! US export-control rules on AI chips, as the regulations write them: what a rule tests
//! (thresholds on the chip's metrics, joined by and/or), how licences for the chips it catches
//! are reviewed, how long a review takes, and from when it applies. The defaults are in
//! `assets/export-rules.ron`; the export ladder's rungs (`ceilings`) are sets of these rules.

use serde::{Deserialize, Serialize};

use super::chips::{Ceiling, Chip, Origin};
use super::units::{Amount, Month};

/// A quantity an export rule tests.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Metric {
    /// Total processing performance: dense TOPS × bit length (ECCN 3A090).
    Tpp,
    /// Performance density: TPP per mm² of die area (October 2023).
    PerformanceDensity,
    /// Bidirectional chip-to-chip interconnect bandwidth, GB/s (October 2022).
    InterconnectGbs,
    /// Total DRAM (memory) bandwidth, GB/s (April 2025, January 2026).
    MemoryBandwidthGbs,
    /// Memory-bandwidth density of one HBM stack, GB/s per mm² of its footprint (December 2024).
    HbmBandwidthDensity,
}

/// What a rule catches: thresholds on metrics, families, named parts, joined by and/or/not.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum Test {
    /// The metric is at least `value`.
    AtLeast { metric: Metric, value: Amount },
    /// The metric is below `value`.
    Below { metric: Metric, value: Amount },
    /// Every test holds.
    All(Vec<Test>),
    /// At least one test holds.
    Any(Vec<Test>),
    /// The test does not hold.
    Not(Box<Test>),
    /// The chip's architecture family is one of these.
    Families(Vec<String>),
    /// The chip is one of these catalogue parts, by id (a licence names parts; a chip designed
    /// during a run is none of them).
    Chips(Vec<String>),
}

/// How licence applications for the chips a rule catches are reviewed.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum Treatment {
    /// Licences are denied (the model grants none).
    #[default]
    PresumptionOfDenial,
    /// Licences are reviewed one by one and granted (after `review_months`).
    CaseByCase,
    /// A licence is required and granted (after `review_months`).
    LicenceRequired,
}

impl Treatment {
    /// Whether the model grants licences under this treatment.
    pub fn grants(self) -> bool {
        !matches!(self, Treatment::PresumptionOfDenial)
    }
}

/// What a rule governs: accelerators (whose licensability it decides) or HBM sold on its own.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum Scope {
    #[default]
    Accelerators,
    /// Stand-alone HBM stacks: a rule of this scope never decides whether a chip is licensable.
    Hbm,
}

/// One export-control rule.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct ExportRule {
    pub id: String,
    /// When the rule took (or would take) effect.
    pub effective: Option<Month>,
    pub scope: Scope,
    /// The chips it catches; `None` catches nothing.
    pub controls: Option<Test>,
    pub treatment: Treatment,
    /// Months from announcing a rung that adds this rule to the first licensed shipment.
    pub review_months: u32,
    /// Where the rule is written, by key of `docs/sources.md`.
    pub source: String,
}

/// The values of a chip's export metrics (also for a chip designed during a run).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Metrics {
    /// The catalogue id; empty for a chip designed during a run.
    pub id: String,
    pub origin: Origin,
    pub family: String,
    pub tpp: f64,
    pub die_area_mm2: f64,
    pub interconnect_gbs: f64,
    pub memory_bandwidth_gbs: f64,
    /// GB/s per mm² of one HBM stack (0 with no HBM).
    pub hbm_density: f64,
}

impl Metrics {
    pub fn of(chip: &Chip) -> Metrics {
        let per_stack =
            if chip.hbm_stacks > 0 { chip.bandwidth_tbs.0 * 1000.0 / f64::from(chip.hbm_stacks) } else { 0.0 };
        Metrics {
            id: chip.id.clone(),
            origin: chip.origin,
            family: chip.family.clone(),
            tpp: chip.tpp.0,
            die_area_mm2: chip.die_area_mm2.0,
            interconnect_gbs: chip.interconnect_gbs.0,
            memory_bandwidth_gbs: chip.bandwidth_tbs.0 * 1000.0,
            hbm_density: if chip.hbm_stack_mm2.0 > 0.0 { per_stack / chip.hbm_stack_mm2.0 } else { 0.0 },
        }
    }

    pub fn get(&self, metric: Metric) -> f64 {
        match metric {
            Metric::Tpp => self.tpp,
            Metric::PerformanceDensity => {
                if self.die_area_mm2 > 0.0 {
                    self.tpp / self.die_area_mm2
                } else {
                    0.0
                }
            }
            Metric::InterconnectGbs => self.interconnect_gbs,
            Metric::MemoryBandwidthGbs => self.memory_bandwidth_gbs,
            Metric::HbmBandwidthDensity => self.hbm_density,
        }
    }

    /// Set a metric (performance density through TPP, the die being what it is).
    pub fn set(&mut self, metric: Metric, value: f64) {
        match metric {
            Metric::Tpp => self.tpp = value,
            Metric::PerformanceDensity => self.tpp = value * self.die_area_mm2,
            Metric::InterconnectGbs => self.interconnect_gbs = value,
            Metric::MemoryBandwidthGbs => self.memory_bandwidth_gbs = value,
            Metric::HbmBandwidthDensity => self.hbm_density = value,
        }
    }
}

impl Test {
    pub fn holds(&self, m: &Metrics) -> bool {
        match self {
            Test::AtLeast { metric, value } => m.get(*metric) >= value.0,
            Test::Below { metric, value } => m.get(*metric) < value.0,
            Test::All(tests) => tests.iter().all(|t| t.holds(m)),
            Test::Any(tests) => tests.iter().any(|t| t.holds(m)),
            Test::Not(test) => !test.holds(m),
            Test::Families(families) => families.contains(&m.family),
            Test::Chips(ids) => !m.id.is_empty() && ids.contains(&m.id),
        }
    }

    /// Every threshold the test sets, by metric: where a design can sit just under it.
    pub fn thresholds(&self, out: &mut Vec<(Metric, f64)>) {
        match self {
            Test::AtLeast { metric, value } | Test::Below { metric, value } => out.push((*metric, value.0)),
            Test::All(tests) | Test::Any(tests) => tests.iter().for_each(|t| t.thresholds(out)),
            Test::Not(test) => test.thresholds(out),
            Test::Families(_) | Test::Chips(_) => {}
        }
    }
}

impl ExportRule {
    /// Whether the rule catches a chip with these metrics.
    pub fn catches(&self, m: &Metrics) -> bool {
        self.controls.as_ref().is_some_and(|t| t.holds(m))
    }
}

/// How a chip stands under a set of rules in force, listed oldest first: the latest rule of
/// accelerator scope that catches it decides its treatment; a chip no rule catches needs no
/// licence. `None` means uncontrolled.
pub fn treatment<'a>(m: &Metrics, rules: impl DoubleEndedIterator<Item = &'a ExportRule>) -> Option<Treatment> {
    rules.rev().find(|r| r.scope == Scope::Accelerators && r.catches(m)).map(|r| r.treatment)
}

/// Whether a chip with these metrics may be licensed (or needs no licence) for China under
/// the rules in force. Only US-designed chips are exported under US rules.
pub fn licensable<'a>(m: &Metrics, rules: impl DoubleEndedIterator<Item = &'a ExportRule>) -> bool {
    m.origin == Origin::Us && treatment(m, rules).is_none_or(Treatment::grants)
}

/// The rules a rung names, oldest first (names with no rule are skipped: validation reports them).
pub fn rung_rules<'a>(ceiling: Option<&Ceiling>, rules: &'a [ExportRule]) -> Vec<&'a ExportRule> {
    ceiling.map_or(Vec::new(), |c| c.rules.iter().filter_map(|id| rules.iter().find(|r| r.id == *id)).collect())
}
