//! Congress, as one bloc per chamber. Each month a bloc may push one bill a stage further:
//! through committee and the floor of its chamber of origin, through the other chamber, and —
//! after a veto — to an override vote.
//!
//! A bloc values what a bill would do for security (the US compute it would keep from China)
//! and the alarm of the moment, in proportion to its hawkishness; it pays in loyalty for
//! pushing a bill the President opposes, and a little effort for any push.
//!
//! Whether a push succeeds: the leadership gives floor time with probability `floor_time`;
//! the vote then passes with probability logistic((support − threshold) / vote_noise), where
//! support = the bill's base support + alarm × hawkishness × 0.3 − loyalty × 0.4 if the
//! President opposes. Committee needs 40% (members self-select as hawks), the floor 50%, an
//! override two thirds of both chambers. The President signs a bill that reaches him unless he
//! opposes it, and vetoes it otherwise. Bills not enacted when a new Congress opens (January of
//! odd years) start again from introduction. A bill written `NotIntroduced` is inert — no
//! chamber can push it, it adds nothing to Congress's pressure on the President and has no
//! effect — until a scripted `BillStage` event moves it to a stage; a new Congress leaves it
//! where it is.

use bevy_ecs::prelude::*;
use serde::Serialize;
use statecraft_games::Stance;
use statecraft_games::decision::unit;
use statecraft_scenario::{BillEffect, Chamber, CongressBloc, Stage};

use super::{ActorId, Decider, Move, in_order};
use crate::rng::ActorRng;
use crate::state::{Bills, Calendar, ExportPolicy, Params, Signals};

#[derive(Component, Clone, Debug, Serialize)]
pub struct Bloc {
    pub spec: CongressBloc,
}

pub const HOLD: usize = 0;
/// Support gained per unit of alarm times hawkishness, and lost per unit of loyalty when the
/// President opposes (assumptions; see MODEL.md).
const ALARM_SUPPORT: f64 = 0.3;
const LOYALTY_COST: f64 = 0.4;
const COMMITTEE_THRESHOLD: f64 = 0.4;
const FLOOR_THRESHOLD: f64 = 0.5;
const OVERRIDE_THRESHOLD: f64 = 2.0 / 3.0;

/// `hold`, then `advance:<bill>` for each bill.
pub fn menu(bill_ids: &[String]) -> Vec<Move> {
    let mut menu = vec![Move::new("hold", Stance::Neutral)];
    menu.extend(bill_ids.iter().map(|id| Move::new(&format!("advance:{id}"), Stance::Neutral)));
    menu
}

/// Whether `chamber` can act on a bill at this stage.
pub fn can_act(chamber: Chamber, origin: Chamber, stage: Stage) -> bool {
    match stage {
        Stage::Introduced | Stage::Committee => chamber == origin,
        Stage::PassedOrigin => chamber != origin,
        Stage::Vetoed => true,
        Stage::PassedBoth | Stage::Enacted | Stage::Dead | Stage::NotIntroduced => false,
    }
}

impl Bloc {
    /// Share of the chamber voting for a bill.
    pub fn support(&self, base: f64, alarm: f64, president_opposes: bool) -> f64 {
        let loyalty = if president_opposes { LOYALTY_COST * self.spec.loyalty.0 } else { 0.0 };
        (base + ALARM_SUPPORT * alarm * self.spec.hawkishness.0 - loyalty).clamp(0.0, 1.0)
    }

    /// Probability that the chamber passes a vote needing `threshold`.
    pub fn passes(&self, support: f64, threshold: f64) -> f64 {
        1.0 / (1.0 + libm::exp(-(support - threshold) / self.spec.vote_noise.0.max(1e-6)))
    }

    pub fn payoffs(&self, bills: &Bills, signals: &Signals) -> Vec<f64> {
        let h = self.spec.hawkishness.0;
        let mut payoffs = vec![0.0];
        payoffs.extend(bills.0.iter().enumerate().map(|(b, _)| {
            let opposed = signals.president_opposes.get(b).copied().unwrap_or(false);
            h * (signals.alarm + signals.security_gain.get(b).copied().unwrap_or(0.0))
                - if opposed { self.spec.loyalty.0 } else { 0.0 }
                - self.spec.effort
        }));
        payoffs
    }
}

/// Decide: each bloc in `ActorId` order.
pub fn decide(
    calendar: Res<Calendar>,
    bills: Res<Bills>,
    signals: Res<Signals>,
    mut blocs: Query<(&ActorId, &Bloc, &mut Decider, &mut ActorRng)>,
) {
    for (_, bloc, mut decider, mut rng) in in_order(blocs.iter_mut()) {
        let mut feasible = vec![true];
        feasible.extend(bills.0.iter().map(|b| can_act(bloc.spec.chamber, b.bill.origin, b.stage)));
        decider.decide(calendar.month(), bloc.payoffs(&bills, &signals), 1, feasible, &mut rng);
    }
}

/// Resolve: pushes become votes, in `ActorId` order; then the President signs or vetoes what
/// reached him, and enacted bills take effect.
pub fn enact(
    calendar: Res<Calendar>,
    params: Res<Params>,
    signals: Res<Signals>,
    mut bills: ResMut<Bills>,
    mut export: ResMut<ExportPolicy>,
    mut blocs: Query<(&ActorId, &Bloc, &Decider, &mut ActorRng)>,
) {
    let now = calendar.month();
    let chamber_support = |blocs: &[(Chamber, Bloc)], chamber: Chamber, base: f64, opposed: bool| {
        blocs.iter().find(|(c, _)| *c == chamber).map_or(base, |(_, b)| b.support(base, signals.alarm, opposed))
    };
    let roster: Vec<(Chamber, Bloc)> = in_order(blocs.iter()).map(|(_, b, _, _)| (b.spec.chamber, b.clone())).collect();
    for (_, bloc, decider, mut rng) in in_order(blocs.iter_mut()) {
        let Some(choice) = decider.choice.filter(|c| c.action != HOLD) else {
            continue;
        };
        let b = choice.action - 1;
        let state = &mut bills.0[b];
        if !can_act(bloc.spec.chamber, state.bill.origin, state.stage) {
            continue;
        }
        let opposed = signals.president_opposes.get(b).copied().unwrap_or(false);
        let base = state.bill.support.0;
        let scheduled = unit(&mut rng.0) < bloc.spec.floor_time.0;
        let draw = unit(&mut rng.0);
        if !scheduled {
            continue;
        }
        let (support, threshold) = match state.stage {
            Stage::Introduced => (bloc.support(base, signals.alarm, opposed), COMMITTEE_THRESHOLD),
            Stage::Vetoed => {
                let senate = chamber_support(&roster, Chamber::Senate, base, opposed);
                let house = chamber_support(&roster, Chamber::House, base, opposed);
                (senate.min(house), OVERRIDE_THRESHOLD)
            }
            _ => (bloc.support(base, signals.alarm, opposed), FLOOR_THRESHOLD),
        };
        let passed = draw < bloc.passes(support, threshold);
        state.stage = match (state.stage, passed) {
            (Stage::Introduced, true) => Stage::Committee,
            (Stage::Committee, true) => Stage::PassedOrigin,
            (Stage::PassedOrigin, true) => Stage::PassedBoth,
            (Stage::Vetoed, true) => Stage::Enacted,
            (Stage::Vetoed, false) => Stage::Dead,
            (stage, _) => stage,
        };
        if state.stage == Stage::Enacted {
            state.enacted = Some(now);
        }
    }
    for (b, state) in bills.0.iter_mut().enumerate() {
        if state.stage == Stage::PassedBoth {
            if signals.president_opposes.get(b).copied().unwrap_or(false) {
                state.stage = Stage::Vetoed;
            } else {
                state.stage = Stage::Enacted;
                state.enacted = Some(now);
            }
        }
        if state.enacted == Some(now) {
            take_effect(&state.bill.effect, &params, &mut export, now);
        }
    }
}

/// What an enacted bill does to export policy at once (other effects work through the market).
pub fn take_effect(effect: &BillEffect, params: &Params, export: &mut ExportPolicy, now: statecraft_scenario::Month) {
    match effect {
        BillEffect::FreezeCeiling { ceiling, months } => {
            let rung = params.ceilings.iter().position(|c| c.name == *ceiling).unwrap_or(0);
            export.frozen = Some((rung, now.plus(*months as i32)));
            if export.ceiling > rung {
                export.set_ceiling(rung, now);
            }
        }
        BillEffect::CongressionalReview { months } => export.review_months += months,
        BillEffect::LocationVerification { .. } | BillEffect::RightOfFirstRefusal { .. } => {}
    }
}

/// Events: a new Congress opens every January of an odd year, and bills introduced but not
/// enacted start over (a bill not yet introduced stays so).
pub fn new_congress(calendar: Res<Calendar>, mut bills: ResMut<Bills>) {
    let now = calendar.month();
    if calendar.tick > 0 && now.month() == 1 && now.year() % 2 == 1 {
        for state in bills.0.iter_mut().filter(|s| !matches!(s.stage, Stage::Enacted | Stage::NotIntroduced)) {
            state.stage = Stage::Introduced;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn bloc(loyalty: f64) -> Bloc {
        Bloc {
            spec: CongressBloc {
                hawkishness: statecraft_scenario::Fraction(0.6),
                loyalty: statecraft_scenario::Fraction(loyalty),
                ..CongressBloc::default()
            },
        }
    }

    #[test]
    fn chambers_act_on_their_stages() {
        assert!(can_act(Chamber::Senate, Chamber::Senate, Stage::Introduced));
        assert!(!can_act(Chamber::House, Chamber::Senate, Stage::Committee));
        assert!(can_act(Chamber::House, Chamber::Senate, Stage::PassedOrigin));
        assert!(can_act(Chamber::House, Chamber::Senate, Stage::Vetoed));
        assert!(!can_act(Chamber::Senate, Chamber::Senate, Stage::Enacted));
        assert!(!can_act(Chamber::Senate, Chamber::Senate, Stage::NotIntroduced));
        assert!(!can_act(Chamber::House, Chamber::Senate, Stage::NotIntroduced));
    }

    #[test]
    fn loyalty_lowers_support_only_when_the_president_opposes() {
        let b = bloc(0.5);
        assert!((b.support(0.45, 0.5, false) - (0.45 + 0.3 * 0.5 * 0.6)).abs() < 1e-12);
        assert!((b.support(0.45, 0.5, true) - (0.45 + 0.09 - 0.2)).abs() < 1e-12);
        assert_eq!(b.support(0.9, 1.0, false), 1.0);
    }

    #[test]
    fn votes_pass_more_often_the_further_support_clears_the_bar() {
        let b = bloc(0.5);
        assert!((b.passes(0.5, 0.5) - 0.5).abs() < 1e-12);
        assert!(b.passes(0.6, 0.5) > 0.85);
        assert!(b.passes(0.4, 0.5) < 0.15);
        assert!(b.passes(0.6, 2.0 / 3.0) < 0.3, "a 60% chamber rarely overrides");
    }
}
