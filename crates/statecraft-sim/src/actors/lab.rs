//! A Chinese AI lab (DeepSeek, Qwen, Kimi). Its compute comes through cloud actors and China's
//! other stock; its one lever is how much research goes into efficiency.
//!
//! Capability is log2(compute) plus algorithmic efficiency, in doublings of effective compute.
//! Efficiency grows with the frontier's algorithmic progress, and closes a share of the gap to
//! the US frontier each month: `catch_up_rate` by diffusion of published ideas, plus
//! `effort_catch_up` × effort × (1 + `scarcity_bonus` × scarcity) by the lab's own efficiency
//! work, whose return rises with compute scarcity; both scaled by (lab compute / frontier
//! compute)^`compute_elasticity`, because following fast takes compute too. Catching up stops
//! `release_lag_months` behind the frontier (followers learn from what it has released). A lab
//! can close the gap, never overtake:
//! what it invents diffuses to the frontier too.

use bevy_ecs::prelude::*;
use serde::Serialize;
use statecraft_scenario::{Effort, Lab};

use super::{ActorId, Decider, in_order};
use crate::rng::ActorRng;
use crate::state::{Calendar, Frontier, Params};

#[derive(Component, Clone, Debug, Serialize)]
pub struct LabState {
    pub spec: Lab,
    pub effort: Effort,
    /// Algorithmic efficiency, doublings.
    pub efficiency: f64,
    /// Effective compute reachable, H100e.
    pub compute: f64,
    /// log2(compute) + efficiency.
    pub capability: f64,
}

moves! {
    HOLD = "hold": Neutral,
    EFFORT_LOW = "effort_low": Neutral,
    EFFORT_MEDIUM = "effort_medium": Neutral,
    EFFORT_HIGH = "effort_high": Neutral,
}

/// The effort each move after `hold` sets, in menu order.
const LEVELS: [Effort; 3] = [Effort::Low, Effort::Medium, Effort::High];

/// Share of full effort.
pub fn intensity(effort: Effort) -> f64 {
    match effort {
        Effort::Low => 0.0,
        Effort::Medium => 0.5,
        Effort::High => 1.0,
    }
}

/// How much of the catch-up a lab's compute lets it realise: (lab / frontier compute)^elasticity,
/// at most 1.
pub fn absorption(lab_compute: f64, frontier_compute: f64, elasticity: f64) -> f64 {
    libm::pow((lab_compute.max(1.0) / frontier_compute.max(1.0)).min(1.0), elasticity)
}

/// Doublings between the US frontier's compute and the lab's, over ten, within [0, 1].
pub fn scarcity(lab_compute: f64, frontier_compute: f64) -> f64 {
    (libm::log2(frontier_compute.max(1.0) / lab_compute.max(1.0)) / 10.0).clamp(0.0, 1.0)
}

impl LabState {
    pub fn effort_after(&self, action: usize) -> Effort {
        if action == HOLD { self.effort } else { LEVELS[action - EFFORT_LOW] }
    }

    /// Share of the gap closed a month by effort.
    pub fn effort_rate(&self, effort: Effort, scarcity: f64) -> f64 {
        intensity(effort) * self.spec.effort_catch_up.0 * (1.0 + self.spec.scarcity_bonus.0 * scarcity)
    }

    /// Utility: the gap closed by effort net of its cost, in doublings, given the gap now.
    pub fn payoffs(&self, scarcity: f64, absorption: f64, gap: f64) -> Vec<f64> {
        (0..MOVES.len())
            .map(|a| {
                let effort = self.effort_after(a);
                self.effort_rate(effort, scarcity) * absorption * gap.max(0.0)
                    - intensity(effort) * self.spec.effort_cost.0
            })
            .collect()
    }
}

/// Decide: each lab in `ActorId` order.
pub fn decide(
    calendar: Res<Calendar>,
    params: Res<Params>,
    frontier: Res<Frontier>,
    mut labs: Query<(&ActorId, &LabState, &mut Decider, &mut ActorRng)>,
) {
    for (_, lab, mut decider, mut rng) in in_order(labs.iter_mut()) {
        let cap = &params.world.capability;
        let absorbed = absorption(lab.compute, frontier.compute, cap.compute_elasticity.0);
        let closable = frontier.capability - cap.release_lag_months.0 * frontier.pace - lab.capability;
        let payoffs = lab.payoffs(scarcity(lab.compute, frontier.compute), absorbed, closable);
        let feasible = (0..payoffs.len()).map(|a| a == HOLD || lab.effort_after(a) != lab.effort).collect();
        decider.decide(calendar.month(), payoffs, 1, feasible, &mut rng);
    }
}

/// Resolve: the chosen effort takes effect.
pub fn enact(mut labs: Query<(&mut LabState, &Decider)>) {
    for (mut lab, decider) in &mut labs {
        if let Some(choice) = decider.choice {
            lab.effort = lab.effort_after(choice.action);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lab() -> LabState {
        LabState { spec: Lab::default(), effort: Effort::Medium, efficiency: 0.0, compute: 1e5, capability: 0.0 }
    }

    #[test]
    fn scarcity_grows_with_the_compute_gap() {
        assert_eq!(scarcity(1e6, 1e6), 0.0);
        assert!((scarcity(1e3, 1e6) - libm::log2(1e3) / 10.0).abs() < 1e-12);
        assert_eq!(scarcity(1.0, 1e12), 1.0);
        assert_eq!(scarcity(1e7, 1e6), 0.0);
    }

    #[test]
    fn scarce_compute_makes_high_effort_pay() {
        let best = |s: f64| {
            let p = lab().payoffs(s, 1.0, 0.25);
            (1..p.len()).max_by(|a, b| p[*a].total_cmp(&p[*b])).unwrap()
        };
        assert_eq!(lab().effort_after(best(0.0)), Effort::Low, "plentiful compute: effort does not pay");
        assert_eq!(lab().effort_after(best(1.0)), Effort::High, "scarce compute: it does");
    }

    #[test]
    fn effort_does_not_pay_without_a_gap() {
        let p = lab().payoffs(1.0, 1.0, 0.0);
        assert!(p[1] > p[3], "at the frontier, low effort beats high");
    }
}
