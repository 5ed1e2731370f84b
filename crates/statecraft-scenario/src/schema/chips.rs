//! The chip catalogue and the export-control ladder's rungs.

use serde::{Deserialize, Serialize};

use super::units::{Amount, Month};

/// Where a chip is designed: this decides who may export it and who profits.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum Origin {
    #[default]
    Us,
    China,
}

/// One accelerator, with the specifications the export rules test and the market prices.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Chip {
    pub id: String,
    /// The brand that sells it; vendor actors name the same brand.
    pub maker: String,
    /// The architecture family ("Hopper", "Blackwell", "Ascend"); export levels allow families.
    pub family: String,
    pub origin: Origin,
    /// Dense FP16/BF16 throughput in TFLOPS; H100-equivalents are this over the H100's 989.
    pub fp16_tflops: Amount,
    pub memory_gb: Amount,
    pub bandwidth_tbs: Amount,
    /// Total processing performance, the export-control metric (dense TOPS × bit length).
    pub tpp: Amount,
    /// Die area in mm² (all compute dies): performance density is TPP over it.
    pub die_area_mm2: Amount,
    /// Bidirectional chip-to-chip interconnect bandwidth, GB/s (NVLink and the like).
    pub interconnect_gbs: Amount,
    /// Footprint of one HBM stack, mm² (for the HBM rule's bandwidth density).
    pub hbm_stack_mm2: Amount,
    pub price_usd: Amount,
    /// First month it can ship, and the last (end of sale).
    pub available: Option<Month>,
    pub until: Option<Month>,
    /// Made only for China (H20, MI308): stock built for China is written off if banned.
    pub china_only: bool,
    /// Compute dies and HBM stacks per chip: what bounds domestic output.
    pub dies: u32,
    pub hbm_stacks: u32,
    /// Where the numbers come from.
    pub source: String,
    /// The fields whose values are assumptions (no source found), by name.
    pub assumed: Vec<String>,
}

/// One rung of the export-control ladder: the export rules in force at this level, oldest
/// first (ids of `export_rules`). What each chip may be licensed follows from applying them to
/// its metrics (see [`licensable`](super::export_rules::licensable)).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Ceiling {
    pub name: String,
    pub rules: Vec<String>,
    pub source: String,
    /// Removed (a rung is now a set of rules); kept only so that a scenario writing them gets
    /// an error with a hint.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub max_tpp: Option<Amount>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub max_bandwidth_tbs: Option<Amount>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub families: Option<Vec<String>>,
}

/// The ladder the US administration moves along, from closed to most open. Each rung is the
/// regime of a period: the rules in force then (`assets/export-rules.ron`).
pub fn default_ceilings() -> Vec<Ceiling> {
    let level = |name: &str, rules: &[&str], source: &str| Ceiling {
        name: name.into(),
        rules: rules.iter().map(|r| r.to_string()).collect(),
        source: source.into(),
        ..Ceiling::default()
    };
    const BASE: [&str; 4] = ["oct-2022", "oct-2023-3a090a", "oct-2023-3a090b", "dec-2024-hbm"];
    let with =
        |more: &[&'static str]| -> Vec<&'static str> { BASE.iter().copied().chain(more.iter().copied()).collect() };
    vec![
        level(
            "closed",
            &with(&["apr-2025-h20"]),
            "April to July 2025: H20-class parts need a licence, none granted [nvidia-8k-2025-04-15]",
        ),
        level(
            "H20-class",
            &with(&["apr-2025-h20", "aug-2025-h20-licences"]),
            "August 2025 to January 2026: H20 and MI308 licences granted with a 15% share [getquin-2025-08-h20] [paginasiete-2025-08-revenue-share]",
        ),
        level(
            "H200-class",
            &with(&["apr-2025-h20", "aug-2025-h20-licences", "jan-2026-h200"]),
            "from January 2026: case-by-case review below TPP 21,000 and 6,500 GB/s, Blackwell excluded [fr-2026-00789] [cov-2026-01]",
        ),
        level(
            "Blackwell-class",
            &with(&["apr-2025-h20", "aug-2025-h20-licences", "jan-2026-h200", "blackwell-hypothetical"]),
            "hypothetical: Blackwell (B30A, B200) licensable case by case",
        ),
    ]
}
