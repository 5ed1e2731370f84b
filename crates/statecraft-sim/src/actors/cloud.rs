//! A Chinese cloud provider (Alibaba, Tencent, Baidu, ByteDance). Each month it makes one move:
//! expand or cut its AI-chip budget, or switch its purchase plan between licensed foreign
//! chips, domestic chips and the grey market.
//!
//! It values the compute it buys (domestic chips discounted) net of what it pays, and dislikes
//! the legal risk of the grey market. Beijing's guidance binds its purchases in the market.

use bevy_ecs::prelude::*;
use serde::Serialize;
use statecraft_scenario::{CloudProvider, PurchasePlan};

use super::{ActorId, Decider, in_order};
use crate::economy::{BuyerFlow, Economy, Mix, Patch, Sources};
use crate::market::Market;
use crate::rng::ActorRng;
use crate::state::Calendar;

#[derive(Component, Clone, Debug, Serialize)]
pub struct Cloud {
    pub spec: CloudProvider,
    /// Index among buyers in the month's economy.
    pub market: usize,
    pub budget_usd: f64,
    /// The budget had the firm only followed demand growth.
    pub trend_usd: f64,
    pub plan: PurchasePlan,
    /// Compute owned, H100e, by how it reached China.
    pub stock: Sources,
}

moves! {
    HOLD = "hold": Neutral,
    EXPAND_CAPEX = "expand_capex": Neutral,
    CUT_CAPEX = "cut_capex": Neutral,
    PLAN_FOREIGN_FIRST = "plan_foreign_first": Neutral,
    PLAN_BALANCED = "plan_balanced": Neutral,
    PLAN_DOMESTIC_FIRST = "plan_domestic_first": Neutral,
    PLAN_GREY_MARKET = "plan_grey_market": Neutral,
}

/// The plans the moves `PLAN_FOREIGN_FIRST..=PLAN_GREY_MARKET` choose, in menu order.
pub const PLANS: [PurchasePlan; 4] =
    [PurchasePlan::ForeignFirst, PurchasePlan::Balanced, PurchasePlan::DomesticFirst, PurchasePlan::GreyMarket];

/// How each plan splits the budget (foreign, domestic, grey).
pub fn mix(plan: PurchasePlan) -> Mix {
    let (foreign, domestic, grey) = match plan {
        PurchasePlan::ForeignFirst => (0.7, 0.25, 0.05),
        PurchasePlan::Balanced => (0.45, 0.5, 0.05),
        PurchasePlan::DomesticFirst => (0.15, 0.8, 0.05),
        PurchasePlan::GreyMarket => (0.3, 0.4, 0.3),
    };
    Mix { foreign, domestic, grey }
}

impl Cloud {
    /// Budget and plan after a move.
    pub fn adjust(&self, action: usize, budget_usd: f64, plan: PurchasePlan) -> (f64, PurchasePlan) {
        let step = self.spec.capex_step.0;
        match action {
            EXPAND_CAPEX => (budget_usd * (1.0 + step), plan),
            CUT_CAPEX => (budget_usd * (1.0 - step), plan),
            PLAN_FOREIGN_FIRST..=PLAN_GREY_MARKET => (budget_usd, PLANS[action - PLAN_FOREIGN_FIRST]),
            _ => (budget_usd, plan),
        }
    }

    /// Every move but switching to the plan it already has.
    pub fn feasible(&self, action: usize) -> bool {
        match action {
            HOLD | EXPAND_CAPEX | CUT_CAPEX => true,
            PLAN_FOREIGN_FIRST..=PLAN_GREY_MARKET => PLANS[action - PLAN_FOREIGN_FIRST] != self.plan,
            _ => false,
        }
    }

    /// Utility of a month's purchases, $bn, when the budget is `budget_usd`: the value bought
    /// (training and inference, [`crate::market::value_h100e`]), domestic chips discounted.
    pub fn utility(&self, flow: &BuyerFlow, domestic_efficiency: f64, budget_usd: f64) -> f64 {
        let effective = flow.value.effective(domestic_efficiency);
        let excess = (budget_usd / self.trend_usd.max(1.0) - 1.0).max(0.0);
        let cost = flow.spend_usd.total() * (1.0 + self.spec.financing_cost.0 * excess);
        (self.spec.value_per_h100e_usd.0 * effective - cost) / 1e9 - self.spec.grey_risk * flow.spend_usd.grey / 1e9
    }

    pub fn payoffs(&self, economy: &Economy) -> Vec<f64> {
        let terms = economy.buyers[self.market];
        // Holding, or switching to the plan it already has, leaves the month as it stands.
        let hold =
            self.utility(&economy.clear().buyers[self.market], economy.params.domestic_efficiency, terms.budget_usd);
        (0..MOVES.len())
            .map(|action| {
                if action == HOLD || !self.feasible(action) {
                    return hold;
                }
                let (budget_usd, plan) = self.adjust(action, terms.budget_usd, self.plan);
                let patch = Patch {
                    buyer: Some((self.market, crate::economy::BuyerTerms { budget_usd, mix: mix(plan), ..terms })),
                    ..Patch::default()
                };
                let flow = economy.clear_with(&patch).buyers[self.market];
                self.utility(&flow, economy.params.domestic_efficiency, budget_usd)
            })
            .collect()
    }
}

/// Decide: each cloud in `ActorId` order.
pub fn decide(
    calendar: Res<Calendar>,
    market: Res<Market>,
    mut clouds: Query<(&ActorId, &Cloud, &mut Decider, &mut ActorRng)>,
) {
    for (_, cloud, mut decider, mut rng) in in_order(clouds.iter_mut()) {
        let feasible = (0..MOVES.len()).map(|a| cloud.feasible(a)).collect();
        decider.decide(calendar.month(), cloud.payoffs(&market.0), 1, feasible, &mut rng);
    }
}

/// Resolve: the chosen move takes effect.
pub fn enact(mut clouds: Query<(&mut Cloud, &Decider)>) {
    for (mut cloud, decider) in &mut clouds {
        if let Some(choice) = decider.choice {
            (cloud.budget_usd, cloud.plan) = cloud.adjust(choice.action, cloud.budget_usd, cloud.plan);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plans_split_the_whole_budget() {
        for plan in PLANS {
            let m = mix(plan);
            assert!((m.foreign + m.domestic + m.grey - 1.0).abs() < 1e-12, "{plan:?}");
        }
    }

    #[test]
    fn compute_is_worth_its_value_less_its_price_and_grey_risk() {
        let cloud = Cloud {
            spec: CloudProvider::default(),
            market: 0,
            budget_usd: 1e9,
            trend_usd: 1e9,
            plan: PurchasePlan::Balanced,
            stock: Sources::default(),
        };
        let value = cloud.spec.value_per_h100e_usd.0;
        let mut flow = BuyerFlow::default();
        flow.spend_usd.legal = 1e9;
        flow.value.legal = 2e9 / value;
        // Twice as much compute as the money would buy at its value: $1bn of surplus.
        assert!((cloud.utility(&flow, 0.6, 1e9) - 1.0).abs() < 1e-9);
        // At twice the trend budget every dollar costs two: the surplus is gone.
        assert!(cloud.utility(&flow, 0.6, 2e9).abs() < 1e-9);
        flow.spend_usd.grey = 1e9;
        flow.value.grey = 1e9 / value;
        assert!((cloud.utility(&flow, 0.6, 1e9) - 0.5).abs() < 1e-9);
    }
}
