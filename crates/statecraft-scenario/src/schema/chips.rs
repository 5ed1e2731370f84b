//! The chip catalogue and the export-control ladder.

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
}

/// One rung of the export-control ladder: what a licence can cover at this level.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Ceiling {
    pub name: String,
    pub max_tpp: Amount,
    pub max_bandwidth_tbs: Amount,
    /// Architecture families that may be licensed at this level.
    pub families: Vec<String>,
    pub source: String,
}

impl Ceiling {
    pub fn allows(&self, chip: &Chip) -> bool {
        chip.origin == Origin::Us
            && chip.tpp.0 <= self.max_tpp.0
            && chip.bandwidth_tbs.0 <= self.max_bandwidth_tbs.0
            && self.families.contains(&chip.family)
    }
}

/// The ladder the US administration moves along, from closed to most open.
pub fn default_ceilings() -> Vec<Ceiling> {
    let level = |name: &str, max_tpp: f64, max_bandwidth_tbs: f64, families: &[&str], source: &str| Ceiling {
        name: name.into(),
        max_tpp: Amount(max_tpp),
        max_bandwidth_tbs: Amount(max_bandwidth_tbs),
        families: families.iter().map(|f| f.to_string()).collect(),
        source: source.into(),
    };
    vec![
        level("closed", 0.0, 0.0, &[], "April 2025: H20-class parts need a licence, none granted"),
        level(
            "H20-class",
            4800.0,
            5.5,
            &["Hopper", "CDNA3", "Gaudi"],
            "July/August 2025: H20 and MI308 licences resume with a 15% share; TPP 4,800 is the October 2022 threshold; the bandwidth bound admits the MI308X",
        ),
        level(
            "H200-class",
            21000.0,
            6.5,
            &["Hopper", "CDNA3", "Gaudi"],
            "BIS rule of January 2026: case-by-case review below TPP 21,000 and 6,500 GB/s; Blackwell excluded",
        ),
        level(
            "Blackwell-class",
            40000.0,
            8.0,
            &["Hopper", "Blackwell", "CDNA3", "Gaudi"],
            "hypothetical: Blackwell (B30A, B200) licensable",
        ),
    ]
}
