//! China's domestic accelerator maker (Huawei designs, SMIC and a die bank supply the dies).
//! Output each month is the least of back-end capacity, good dies and HBM stacks: HBM and
//! yield, not design, are the bottleneck. Its levers: expand capacity (ready after a lag) or
//! move production to the next Ascend generation once it is available.
//!
//! It maximises profit: an expansion is worth the extra chips it could sell at its margin when
//! capacity binds and demand is unmet, less its cost spread over a year; a new generation is
//! worth the extra H100e it turns the same dies and HBM into.

use bevy_ecs::prelude::*;
use serde::Serialize;
use statecraft_scenario::{Chip, DomesticChipmaker, Month, Origin};

use super::{ActorId, Decider, in_order};
use crate::market::{Market, h100e};
use crate::rng::ActorRng;
use crate::state::{Calendar, ImportPolicy, Params};

#[derive(Component, Clone, Debug, Serialize)]
pub struct Chipmaker {
    pub spec: DomesticChipmaker,
    /// The chip in production (catalogue index).
    pub chip: usize,
    pub capacity: f64,
    /// Capacity under construction: (ready month, chips a month).
    pub expansions: Vec<(Month, f64)>,
    pub die_bank: f64,
    pub fab_dies: f64,
    pub hbm_stock: f64,
    pub hbm_per_month: f64,
    /// Chips made and not yet sold.
    pub inventory: f64,
    /// Chips made this month.
    pub produced: f64,
}

moves! {
    HOLD = "hold": Neutral,
    EXPAND_CAPACITY = "expand_capacity": Neutral,
    NEXT_GENERATION = "next_generation": Neutral,
}

impl Chipmaker {
    /// Chips it can make this month with `chip`, and which input binds.
    pub fn output(&self, chip: &Chip) -> (f64, Bottleneck) {
        let dies = (self.fab_dies + self.die_bank) / f64::from(chip.dies.max(1));
        let hbm = if chip.hbm_stacks == 0 {
            f64::INFINITY
        } else {
            (self.hbm_per_month + self.hbm_stock) / f64::from(chip.hbm_stacks)
        };
        let limits = [(self.capacity, Bottleneck::Capacity), (dies, Bottleneck::Dies), (hbm, Bottleneck::Hbm)];
        limits.into_iter().fold((f64::INFINITY, Bottleneck::Capacity), |best, l| if l.0 < best.0 { l } else { best })
    }

    /// Make this month's chips, using this month's dies and HBM before the stocks.
    pub fn produce(&mut self, chip: &Chip) -> f64 {
        let (units, _) = self.output(chip);
        let dies = units * f64::from(chip.dies);
        let from_fab = dies.min(self.fab_dies);
        self.die_bank = (self.die_bank - (dies - from_fab)).max(0.0);
        let stacks = units * f64::from(chip.hbm_stacks);
        let from_new = stacks.min(self.hbm_per_month);
        self.hbm_stock = (self.hbm_stock + self.hbm_per_month - from_new - (stacks - from_new)).max(0.0);
        self.inventory += units;
        self.produced = units;
        units
    }

    /// The newest available chip of its brand that yields more H100e per die.
    pub fn next_chip(&self, chips: &[Chip], now: Month) -> Option<usize> {
        let current = &chips[self.chip];
        let per_die = |c: &Chip| h100e(c) / f64::from(c.dies.max(1));
        chips
            .iter()
            .enumerate()
            .filter(|(_, c)| {
                c.maker == current.maker && c.origin == Origin::China && c.available.is_none_or(|a| a <= now)
            })
            .filter(|(_, c)| per_die(c) > per_die(current))
            .max_by(|a, b| per_die(a.1).total_cmp(&per_die(b.1)))
            .map(|(i, _)| i)
    }

    /// Utility of each move, $bn a month.
    pub fn payoffs(&self, chips: &[Chip], now: Month, unmet_demand: f64) -> Vec<f64> {
        let chip = &chips[self.chip];
        let margin = self.spec.gross_margin.0;
        let price = chip.price_usd.0 * self.spec.price_factor.0;
        let (units, bottleneck) = self.output(chip);
        let expand =
            if bottleneck == Bottleneck::Capacity { self.spec.expansion_step.0.min(unmet_demand) } else { 0.0 };
        let next = self.next_chip(chips, now).map_or(0.0, |n| {
            let next_chip = &chips[n];
            let (next_units, _) = self.output(next_chip);
            (next_units * h100e(next_chip) - units * h100e(chip)) * price / h100e(chip)
        });
        vec![0.0, (expand * price * margin) / 1e9 - self.spec.expansion_cost_usd_bn.0 / 12.0, next * margin / 1e9]
    }
}

/// What limits output.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub enum Bottleneck {
    Capacity,
    Dies,
    Hbm,
}

/// Decide: each chipmaker in `ActorId` order.
pub fn decide(
    calendar: Res<Calendar>,
    params: Res<Params>,
    market: Res<Market>,
    mut makers: Query<(&ActorId, &Chipmaker, &mut Decider, &mut ActorRng)>,
) {
    let clearing = market.0.clear();
    let unmet = (clearing.domestic_demand - clearing.units.domestic).max(0.0);
    let now = calendar.month();
    for (_, maker, mut decider, mut rng) in in_order(makers.iter_mut()) {
        let payoffs = maker.payoffs(&params.chips, now, unmet);
        let feasible = vec![true, true, maker.next_chip(&params.chips, now).is_some()];
        decider.decide(now, payoffs, 1, feasible, &mut rng);
    }
}

/// Resolve: expansions start; a new generation replaces the old.
pub fn enact(calendar: Res<Calendar>, params: Res<Params>, mut makers: Query<(&mut Chipmaker, &Decider)>) {
    let now = calendar.month();
    for (mut maker, decider) in &mut makers {
        match decider.choice.map(|c| c.action) {
            Some(EXPAND_CAPACITY) => {
                let ready = now.plus(maker.spec.expansion_lag_months as i32);
                let step = maker.spec.expansion_step.0;
                maker.expansions.push((ready, step));
            }
            Some(NEXT_GENERATION) => {
                if let Some(next) = maker.next_chip(&params.chips, now) {
                    maker.chip = next;
                }
            }
            _ => {}
        }
    }
}

/// Build: capacity under construction comes on line; fabs and HBM lines grow, faster with
/// Beijing's support.
pub fn grow(calendar: Res<Calendar>, import: Res<ImportPolicy>, mut makers: Query<&mut Chipmaker>) {
    let now = calendar.month();
    for mut maker in &mut makers {
        let ready: f64 = maker.expansions.iter().filter(|(at, _)| *at <= now).map(|(_, n)| n).sum();
        maker.capacity += ready;
        maker.expansions.retain(|(at, _)| *at > now);
        let support = 1.0 + maker.spec.state_support.0 * import.subsidy;
        maker.fab_dies *= 1.0 + maker.spec.fab_growth.0 * support;
        maker.hbm_per_month *= 1.0 + maker.spec.hbm_growth.0 * support;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use statecraft_scenario::Amount;

    fn chip(tflops: f64, dies: u32, stacks: u32) -> Chip {
        Chip {
            maker: "Huawei".into(),
            origin: Origin::China,
            fp16_tflops: Amount(tflops),
            dies,
            hbm_stacks: stacks,
            price_usd: Amount(20_000.0),
            ..Chip::default()
        }
    }

    fn maker() -> Chipmaker {
        Chipmaker {
            spec: DomesticChipmaker::default(),
            chip: 0,
            capacity: 100.0,
            expansions: Vec::new(),
            die_bank: 50.0,
            fab_dies: 100.0,
            hbm_stock: 400.0,
            hbm_per_month: 400.0,
            inventory: 0.0,
            produced: 0.0,
        }
    }

    #[test]
    fn output_is_the_least_of_capacity_dies_and_hbm() {
        let m = maker();
        assert_eq!(m.output(&chip(780.0, 1, 1)), (100.0, Bottleneck::Capacity));
        assert_eq!(m.output(&chip(780.0, 2, 1)), (75.0, Bottleneck::Dies));
        assert_eq!(m.output(&chip(780.0, 1, 16)), (50.0, Bottleneck::Hbm));
    }

    #[test]
    fn production_uses_new_inputs_before_stocks() {
        let mut m = maker();
        let made = m.produce(&chip(780.0, 2, 8));
        assert_eq!(made, 75.0);
        assert_eq!(m.die_bank, 0.0, "150 dies: 100 new, 50 banked");
        assert_eq!(m.hbm_stock, 200.0, "600 stacks: 400 new, 200 stocked");
        assert_eq!(m.inventory, 75.0);
    }

    #[test]
    fn expansion_pays_only_when_capacity_binds_and_demand_is_unmet() {
        let chips = [chip(780.0, 1, 1)];
        let now = Month::new(2026, 1).unwrap();
        let m = Chipmaker { capacity: 10.0, ..maker() };
        let with_demand = m.payoffs(&chips, now, 1e6)[EXPAND_CAPACITY];
        let without = m.payoffs(&chips, now, 0.0)[EXPAND_CAPACITY];
        assert!(with_demand > without);
        assert!(without < 0.0, "an idle expansion only costs");
    }

    #[test]
    fn the_next_generation_is_the_best_available_per_die() {
        let now = Month::new(2026, 1).unwrap();
        let mut later = chip(500.0, 1, 4);
        later.available = Month::new(2026, 10);
        let chips = [chip(780.0, 2, 8), later];
        let m = maker();
        assert_eq!(m.next_chip(&chips, now), None);
        assert_eq!(m.next_chip(&chips, now.plus(9)), Some(1));
    }
}
