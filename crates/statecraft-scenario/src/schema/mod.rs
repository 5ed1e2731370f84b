//! The scenario schema: every field a scenario file may write, with its default.

pub mod actors;
pub mod bills;
pub mod chips;
pub mod events;
pub mod export_rules;
pub mod rules;
pub mod units;
pub mod world;

use serde::{Deserialize, Serialize};

pub use actors::*;
pub use bills::*;
pub use chips::*;
pub use events::*;
pub use export_rules::*;
pub use rules::*;
pub use units::*;
pub use world::*;

/// A fully resolved scenario: what one run needs, nothing left to `extends` or to files.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Scenario {
    pub name: String,
    pub description: String,
    /// The first simulated month.
    pub start: Month,
    pub months: Horizon,
    pub seed: u64,
    pub chips: Vec<Chip>,
    /// The US export-control rules the ladder's rungs are made of.
    pub export_rules: Vec<ExportRule>,
    /// The export-control ladder, from closed to most open.
    pub ceilings: Vec<Ceiling>,
    pub world: World,
    pub actors: Vec<Actor>,
    pub bills: Vec<Bill>,
    pub events: Vec<Event>,
    /// The uncertain parameters: the fields a scenario file writes as distributions, which a
    /// run draws from its seed (see `distribution::draw`). The fields themselves hold their
    /// medians, the central values a `--point` run uses.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub uncertain: Vec<crate::distribution::Uncertain>,
    /// In an ensemble or comparison, how many consecutive replicates share one draw of the
    /// uncertain parameters (each with its own seed for decisions and shocks): with more than
    /// one, the report splits each outcome's variance between parameters and seeds.
    #[serde(skip_serializing_if = "is_one")]
    pub replicates_per_draw: u32,
}

fn is_one(n: &u32) -> bool {
    *n == 1
}

impl Default for Scenario {
    fn default() -> Self {
        Scenario {
            name: String::new(),
            description: String::new(),
            start: Month::new(2025, 12).expect("valid month"),
            months: Horizon(60),
            seed: 1,
            chips: Vec::new(),
            export_rules: Vec::new(),
            ceilings: default_ceilings(),
            world: World::default(),
            actors: Vec::new(),
            bills: Vec::new(),
            events: Vec::new(),
            uncertain: Vec::new(),
            replicates_per_draw: 1,
        }
    }
}

impl Scenario {
    pub fn chip(&self, id: &str) -> Option<&Chip> {
        self.chips.iter().find(|c| c.id == id)
    }

    pub fn ceiling_index(&self, name: &str) -> Option<usize> {
        self.ceilings.iter().position(|c| c.name == name)
    }

    /// The rules in force at rung `rung` of the ladder, oldest first.
    pub fn rung_rules(&self, rung: usize) -> Vec<&ExportRule> {
        rung_rules(self.ceilings.get(rung), &self.export_rules)
    }

    pub fn actor(&self, id: &str) -> Option<&Actor> {
        self.actors.iter().find(|a| a.id() == id)
    }

    /// The month after the last simulated month.
    pub fn end(&self) -> Month {
        self.start.plus(self.months.0 as i32)
    }
}
