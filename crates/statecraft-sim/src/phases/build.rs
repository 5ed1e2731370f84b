//! Build: stocks depreciate and grow, budgets follow demand, and compute becomes capability.

use bevy_ecs::prelude::*;

use crate::actors::cloud::Cloud;
use crate::actors::lab::{LabState, absorption, scarcity};
use crate::actors::{ActorId, ActorName, in_order};
use crate::economy::Sources;
use crate::state::{Compute, Frontier, Params};

fn scale(stock: &mut Sources, factor: f64) {
    stock.legal *= factor;
    stock.domestic *= factor;
    stock.grey *= factor;
}

/// Depreciation at 1/lifetime a month; US additions and Chinese budgets grow.
pub fn depreciate_and_grow(params: Res<Params>, mut compute: ResMut<Compute>, mut clouds: Query<&mut Cloud>) {
    let world = &params.world;
    let keep = 1.0 - 1.0 / world.compute.lifetime_months.0.max(1.0);
    let growth = 1.0 + world.market.demand_growth.0;
    for mut cloud in &mut clouds {
        scale(&mut cloud.stock, keep);
        cloud.budget_usd *= growth;
        cloud.trend_usd *= growth;
    }
    scale(&mut compute.china_other, keep);
    compute.other_budget_usd *= growth;
    compute.us_stock = compute.us_stock * keep + compute.us_additions;
    compute.us_additions *= 1.0 + world.compute.us_additions_growth.0;
}

/// The frontier advances; each lab's compute and efficiency set its capability.
pub fn advance_capability(
    params: Res<Params>,
    compute: Res<Compute>,
    mut frontier: ResMut<Frontier>,
    clouds: Query<(&ActorName, &Cloud)>,
    mut labs: Query<(&ActorId, &mut LabState)>,
) {
    let cap = &params.world.capability;
    let efficiency = params.world.compute.domestic_efficiency.0;
    let before = frontier.capability;
    frontier.compute = cap.us_frontier_share.0 * compute.us_stock;
    frontier.efficiency += cap.algorithmic_progress.0;
    frontier.capability = libm::log2(frontier.compute.max(1.0)) + frontier.efficiency;
    frontier.pace = (frontier.capability - before).max(cap.algorithmic_progress.0);
    let source = |name: &str| -> f64 {
        if name == "other" {
            return compute.china_other.effective(efficiency);
        }
        clouds.iter().find(|(n, _)| n.0 == name).map_or(0.0, |(_, c)| c.stock.effective(efficiency))
    };
    for (_, mut lab) in in_order(labs.iter_mut()) {
        lab.compute = lab.spec.access.iter().map(|a| a.share.0 * source(&a.from)).sum();
        lab.efficiency += cap.algorithmic_progress.0;
        let reach = libm::log2(lab.compute.max(1.0)) + lab.efficiency;
        let rate = (cap.catch_up_rate.0 + lab.effort_rate(lab.effort, scarcity(lab.compute, frontier.compute)))
            * absorption(lab.compute, frontier.compute, cap.compute_elasticity.0);
        let release_lag = cap.release_lag_months.0 * frontier.pace;
        lab.efficiency += rate.min(1.0) * (frontier.capability - release_lag - reach).max(0.0);
        // A lab can close the gap, not overtake: what it invents diffuses to the frontier too.
        lab.capability = (libm::log2(lab.compute.max(1.0)) + lab.efficiency).min(frontier.capability);
    }
}
