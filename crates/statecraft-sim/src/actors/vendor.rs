//! A US chip vendor (Nvidia, AMD, Intel). Each month it makes one move: expand or cut the
//! chips it allocates to China, raise or cut its price, lobby Washington, or design a chip
//! just under the current export threshold (the A800/H800/H20 pattern).
//!
//! It maximises this month's China profit: revenue net of the revenue share, the cost of goods
//! and compliance costs; lobbying is worth its expected effect (the chance it moves the
//! administration one rung, times the profit at that rung); a design is worth its extra profit,
//! its cost spread over a year.

use bevy_ecs::prelude::*;
use serde::Serialize;
use statecraft_scenario::{ChipVendor, Month};

use super::{ActorId, Decider, in_order};
use crate::economy::{Economy, Patch, Product, VendorTerms, best_offer};
use crate::market::{Market, allowed_mask, design_under};
use crate::rng::ActorRng;
use crate::state::{Calendar, ExportPolicy, Params};

#[derive(Component, Clone, Debug, Serialize)]
pub struct Vendor {
    pub spec: ChipVendor,
    /// Index among vendors in the month's economy.
    pub market: usize,
    pub allocation: f64,
    pub price_factor: f64,
    pub lobbying: f64,
    /// A chip designed to the threshold, on the market.
    pub design: Option<Product>,
    /// A design under way, and the month it is ready.
    pub designing: Option<(Product, Month)>,
    /// Last month's offer and shipments: what a ban would strand.
    pub last_product: Option<Product>,
    pub last_shipped: f64,
}

moves! {
    HOLD = "hold": Neutral,
    EXPAND_ALLOCATION = "expand_allocation": Neutral,
    CUT_ALLOCATION = "cut_allocation": Neutral,
    RAISE_PRICE = "raise_price": Neutral,
    CUT_PRICE = "cut_price": Neutral,
    LOBBY = "lobby": Neutral,
    DESIGN_TO_THRESHOLD = "design_to_threshold": Neutral,
}

/// Price factors stay within this band of the list price.
const PRICE_BAND: (f64, f64) = (0.5, 2.0);
/// A design is worth making only if buyers value it this many times the best licensable chip.
const DESIGN_GAIN: f64 = 1.2;

impl Vendor {
    /// A chip just under the thresholds of the rules at `rung`, designed from the vendor's most
    /// capable chip on sale ([`design_under`]); worth making only if buyers value it
    /// `DESIGN_GAIN` times the best chip it may sell there now.
    pub fn design_for(&self, economy: &Economy, params: &Params, rung: usize) -> Option<Product> {
        let terms = economy.vendors[self.market];
        let products = &economy.products[self.market];
        let full = products.iter().filter(|p| p.chip != usize::MAX).max_by(|a, b| a.h100e.total_cmp(&b.h100e))?;
        let chip = &params.chips[full.chip];
        let design = design_under(chip, &params.rung_rules(rung), params.world.market.inference_share.0)?;
        let now = best_offer(products, terms.design, rung).map_or(0.0, |p| p.value);
        if design.value < DESIGN_GAIN * now {
            return None;
        }
        Some(Product {
            chip: usize::MAX,
            h100e: design.h100e,
            value: design.value,
            // The same silicon and memory, derated: priced at the full chip's price per unit of
            // what buyers value (an assumption; the memory it keeps is most of its cost).
            price_usd: full.price_usd * design.value / full.value,
            tpp: design.metrics.tpp,
            allowed: allowed_mask(&design.metrics, params),
            china_only: true,
        })
    }

    pub fn feasible(&self, action: usize, economy: &Economy, params: &Params) -> bool {
        match action {
            EXPAND_ALLOCATION => self.allocation < self.spec.max_allocation.0,
            CUT_ALLOCATION => self.allocation > 1.0,
            RAISE_PRICE => self.price_factor < PRICE_BAND.1,
            CUT_PRICE => self.price_factor > PRICE_BAND.0,
            DESIGN_TO_THRESHOLD => {
                self.designing.is_none() && self.design_for(economy, params, economy.export.ceiling).is_some()
            }
            HOLD | LOBBY => true,
            _ => false,
        }
    }

    /// Allocation and price factor after a move (lobbying and designs change neither).
    fn adjust(&self, action: usize, allocation: f64, price_factor: f64) -> (f64, f64) {
        let (step, price) = (self.spec.allocation_step.0, self.spec.price_step.0);
        match action {
            EXPAND_ALLOCATION => ((allocation * (1.0 + step)).min(self.spec.max_allocation.0), price_factor),
            CUT_ALLOCATION => (allocation * (1.0 - step), price_factor),
            RAISE_PRICE => (allocation, (price_factor * (1.0 + price)).min(PRICE_BAND.1)),
            CUT_PRICE => (allocation, (price_factor * (1.0 - price)).max(PRICE_BAND.0)),
            _ => (allocation, price_factor),
        }
    }

    fn profit(&self, economy: &Economy, export: ExportPolicy, terms: VendorTerms) -> f64 {
        let flow = if export == economy.export && terms == economy.vendors[self.market] {
            // Nothing changes: the month as it stands, already cleared.
            economy.clear().vendors[self.market]
        } else {
            let patch = Patch { export: Some(export), vendor: Some((self.market, terms)), ..Patch::default() };
            economy.clear_with(&patch).vendors[self.market]
        };
        flow.profit_usd / 1e9
    }

    /// Utility of each move, $bn this month.
    pub fn payoffs(&self, economy: &Economy, params: &Params) -> Vec<f64> {
        let export = economy.export.run_rate();
        let terms = economy.vendors[self.market];
        let now = self.profit(economy, export, terms);
        (0..MOVES.len())
            .map(|action| match action {
                LOBBY => {
                    let looser = ExportPolicy { ceiling: export.ceiling + 1, licensed: export.ceiling + 1, ..export };
                    let gain = if looser.ceiling < params.ceilings.len() {
                        self.profit(economy, looser, terms) - now
                    } else {
                        0.0
                    };
                    now + self.spec.lobbying_effectiveness.0 * gain.max(0.0) - self.spec.lobbying_cost_usd_bn.0
                }
                DESIGN_TO_THRESHOLD => match self.design_for(economy, params, export.ceiling) {
                    Some(design) => {
                        self.profit(economy, export, VendorTerms { design: Some(design), ..terms })
                            - self.spec.design_cost_usd_bn.0 / 12.0
                    }
                    None => now,
                },
                _ => {
                    let (allocation, price_factor) = self.adjust(action, terms.allocation, terms.price_factor);
                    if (allocation, price_factor) == (terms.allocation, terms.price_factor) {
                        // Holding, or a move already at its bound: the month as it stands.
                        now
                    } else {
                        self.profit(economy, export, VendorTerms { allocation, price_factor, ..terms })
                    }
                }
            })
            .collect()
    }
}

/// Sense: lobbying fades unless renewed; designs reach the market when ready.
pub fn age(calendar: Res<Calendar>, mut vendors: Query<&mut Vendor>) {
    let now = calendar.month();
    for mut v in &mut vendors {
        v.lobbying *= 1.0 - v.spec.lobbying_decay.0;
        if let Some((product, ready)) = v.designing
            && now >= ready
        {
            v.design = Some(product);
            v.designing = None;
        }
    }
}

/// Decide: each vendor in `ActorId` order.
pub fn decide(
    calendar: Res<Calendar>,
    params: Res<Params>,
    market: Res<Market>,
    mut vendors: Query<(&ActorId, &Vendor, &mut Decider, &mut ActorRng)>,
) {
    for (_, vendor, mut decider, mut rng) in in_order(vendors.iter_mut()) {
        let payoffs = vendor.payoffs(&market.0, &params);
        let feasible = (0..payoffs.len()).map(|a| vendor.feasible(a, &market.0, &params)).collect();
        decider.decide(calendar.month(), payoffs, 1, feasible, &mut rng);
    }
}

/// Resolve: the chosen move takes effect.
pub fn enact(
    calendar: Res<Calendar>,
    params: Res<Params>,
    market: Res<Market>,
    mut vendors: Query<(&mut Vendor, &Decider)>,
) {
    for (mut v, decider) in &mut vendors {
        let Some(choice) = decider.choice else {
            continue;
        };
        (v.allocation, v.price_factor) = v.adjust(choice.action, v.allocation, v.price_factor);
        match choice.action {
            LOBBY => v.lobbying = 1.0,
            DESIGN_TO_THRESHOLD => {
                if let Some(design) = v.design_for(&market.0, &params, market.0.export.ceiling) {
                    v.designing = Some((design, calendar.month().plus(v.spec.design_lag_months as i32)));
                }
            }
            _ => {}
        }
    }
}
