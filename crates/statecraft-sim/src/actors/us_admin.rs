//! The US administration. Each month it makes one move on export controls: the ceiling on the
//! export ladder, the revenue share, a per-buyer licence cap, or enforcement against smuggling.
//!
//! It values Treasury income from the share, US vendors' China revenue (more so when they
//! lobby), and calm relations and rare-earth supply; it fears US compute reaching China (four
//! times as much when its mood is hawkish) and Congress's anger at an open ceiling. A
//! dealmaking President turns hawkish at random (`volatility` a month) for a spell of a few
//! months (`hawk_spell_months` on average): the source of abrupt reversals.

use bevy_ecs::prelude::*;
use serde::Serialize;
use statecraft_games::Stance;
use statecraft_games::decision::unit;
use statecraft_scenario::{Month, Mood, UsAdministration};

use super::{ActorId, Decider, direction, in_order, reciprocity};
use crate::economy::Clearing;
use crate::rng::ActorRng;
use crate::state::{Calendar, ExportPolicy, Params};

#[derive(Component, Clone, Debug, Serialize)]
pub struct UsAdmin {
    pub spec: UsAdministration,
    pub mood: Mood,
}

moves! {
    HOLD = "hold": Neutral,
    TIGHTEN_CEILING = "tighten_ceiling": Hostile,
    LOOSEN_CEILING = "loosen_ceiling": Cooperative,
    RAISE_SHARE = "raise_share": Neutral,
    CUT_SHARE = "cut_share": Neutral,
    CAP_LICENCES = "cap_licences": Hostile,
    LIFT_CAP = "lift_cap": Cooperative,
    STEP_UP_ENFORCEMENT = "step_up_enforcement": Hostile,
    EASE_ENFORCEMENT = "ease_enforcement": Cooperative,
}

impl UsAdmin {
    fn next_share(&self, share: f64, up: bool) -> Option<f64> {
        let steps = self.spec.share_steps.iter().map(|f| f.0);
        if up {
            steps.filter(|s| *s > share + 1e-12).reduce(f64::min)
        } else {
            steps.filter(|s| *s < share - 1e-12).reduce(f64::max)
        }
    }

    /// Whether a move is possible now (a freeze caps loosening; a scripted event may hold a
    /// lever). Every move is named: a new move must say when it is feasible.
    pub fn feasible(&self, action: usize, policy: &ExportPolicy, now: Month, rungs: usize) -> bool {
        let held = &policy.holds;
        match action {
            HOLD => true,
            TIGHTEN_CEILING => !held.ceiling.binds() && policy.ceiling > 0,
            LOOSEN_CEILING => !held.ceiling.binds() && policy.ceiling < policy.max_rung(now, rungs),
            RAISE_SHARE => !held.share.binds() && self.next_share(policy.share, true).is_some(),
            CUT_SHARE => !held.share.binds() && self.next_share(policy.share, false).is_some(),
            CAP_LICENCES => !held.licence_cap.binds() && policy.licence_cap.is_none(),
            LIFT_CAP => !held.licence_cap.binds() && policy.licence_cap.is_some(),
            STEP_UP_ENFORCEMENT => !held.enforcement.binds() && policy.enforcement < 1.0,
            EASE_ENFORCEMENT => !held.enforcement.binds() && policy.enforcement > 0.0,
            _ => false,
        }
    }

    /// The policy after a move.
    pub fn apply(&self, action: usize, policy: &ExportPolicy, now: Month, rungs: usize) -> ExportPolicy {
        let mut p = *policy;
        if !self.feasible(action, policy, now, rungs) {
            return p;
        }
        let step = self.spec.enforcement_step.0;
        match action {
            TIGHTEN_CEILING => p.set_ceiling(p.ceiling - 1, now),
            LOOSEN_CEILING => p.set_ceiling(p.ceiling + 1, now),
            RAISE_SHARE => p.share = self.next_share(p.share, true).unwrap_or(p.share),
            CUT_SHARE => p.share = self.next_share(p.share, false).unwrap_or(p.share),
            CAP_LICENCES => p.licence_cap = Some(self.spec.cap_step.0),
            LIFT_CAP => p.licence_cap = None,
            STEP_UP_ENFORCEMENT => p.enforcement = (p.enforcement + step).min(1.0),
            EASE_ENFORCEMENT => p.enforcement = (p.enforcement - step).max(0.0),
            _ => {}
        }
        p
    }

    /// Utility of a month's outcome, in $bn-equivalents.
    pub fn utility(&self, outcome: &AdminOutcome) -> f64 {
        let w = &self.spec.weights;
        let hawk = if self.mood == Mood::Hawk { w.hawk_multiplier } else { 1.0 };
        let c = outcome.clearing;
        w.treasury * c.share_paid_usd() / 1e9
            + w.industry * (1.0 + w.lobbying_influence * outcome.lobbying) * c.vendor_revenue_usd() / 1e9
            - w.security * hawk * c.us_chip_h100e() / 1e5
            - w.congress * outcome.congress_pressure * outcome.openness
            - w.tension * outcome.tension
            - w.rare_earths * outcome.rare_earths
            - if outcome.moved { w.switching } else { 0.0 }
            + w.reciprocity * reciprocity(outcome.stance, outcome.counterpart_last)
    }
}

/// The stance of a change of export policy (a scripted event's, MODEL.md §15): that of the
/// administration's own move on the lever that changed, in the direction it changed (`menu`);
/// neutral if nothing did.
pub fn changing(before: &ExportPolicy, after: &ExportPolicy) -> Stance {
    let (b, a) = (before, after);
    let cap = |c: Option<f64>| c.unwrap_or(f64::INFINITY);
    let action = direction(b.ceiling, a.ceiling, LOOSEN_CEILING, TIGHTEN_CEILING)
        .or_else(|| direction(b.share, a.share, RAISE_SHARE, CUT_SHARE))
        .or_else(|| direction(cap(b.licence_cap), cap(a.licence_cap), LIFT_CAP, CAP_LICENCES))
        .or_else(|| direction(b.enforcement, a.enforcement, STEP_UP_ENFORCEMENT, EASE_ENFORCEMENT));
    menu()[action.unwrap_or(HOLD)].stance
}

/// What the administration weighs when it judges a month.
pub struct AdminOutcome<'a> {
    pub clearing: &'a Clearing,
    /// Rung of the ceiling over the top rung: 0 closed, 1 fully open.
    pub openness: f64,
    pub congress_pressure: f64,
    pub lobbying: f64,
    pub tension: f64,
    pub rare_earths: f64,
    pub moved: bool,
    pub stance: Stance,
    pub counterpart_last: Option<Stance>,
}

/// Sense: a dealmaker turns hawkish with probability `volatility`; a hawkish spell ends with
/// probability 1 / `hawk_spell_months`.
pub fn swing_mood(mut admins: Query<(&ActorId, &mut UsAdmin, &mut ActorRng)>) {
    for (_, mut admin, mut rng) in in_order(admins.iter_mut()) {
        let (flip, other) = match admin.mood {
            Mood::Dealmaker => (admin.spec.volatility.0, Mood::Hawk),
            Mood::Hawk => (1.0 / admin.spec.hawk_spell_months.0.max(1.0), Mood::Dealmaker),
        };
        if unit(&mut rng.0) < flip {
            admin.mood = other;
        }
    }
}

/// Resolve: the chosen move takes effect.
pub fn enact(
    calendar: Res<Calendar>,
    params: Res<Params>,
    mut policy: ResMut<ExportPolicy>,
    admins: Query<(&UsAdmin, &Decider)>,
) {
    for (admin, decider) in &admins {
        if let Some(choice) = decider.choice {
            *policy = admin.apply(choice.action, &policy, calendar.month(), params.ceilings.len());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn admin() -> UsAdmin {
        UsAdmin { spec: UsAdministration::default(), mood: Mood::Dealmaker }
    }

    fn policy() -> ExportPolicy {
        ExportPolicy {
            ceiling: 2,
            licensed: 2,
            share: 0.25,
            enforcement: 0.5,
            review_months: 3,
            ..ExportPolicy::default()
        }
    }

    fn now() -> Month {
        Month::new(2026, 1).unwrap()
    }

    #[test]
    fn loosening_waits_for_licence_review_and_tightening_does_not() {
        let a = admin();
        let looser = a.apply(LOOSEN_CEILING, &policy(), now(), 4);
        assert_eq!((looser.ceiling, looser.licensed), (3, 2));
        assert_eq!(looser.pending, Some((3, now().plus(3))));
        let tighter = a.apply(TIGHTEN_CEILING, &policy(), now(), 4);
        assert_eq!((tighter.ceiling, tighter.licensed), (1, 1));
    }

    #[test]
    fn shares_move_along_the_steps() {
        let mut a = admin();
        a.spec.share_steps = [0.0, 0.15, 0.25, 0.5].map(statecraft_scenario::Fraction).to_vec();
        assert_eq!(a.apply(RAISE_SHARE, &policy(), now(), 4).share, 0.5);
        assert_eq!(a.apply(CUT_SHARE, &policy(), now(), 4).share, 0.15);
        let top = ExportPolicy { share: 0.5, ..policy() };
        assert!(!a.feasible(RAISE_SHARE, &top, now(), 4));
    }

    #[test]
    fn a_freeze_blocks_loosening_until_it_expires() {
        let a = admin();
        let frozen = ExportPolicy { ceiling: 1, licensed: 1, frozen: Some((1, now().plus(30))), ..policy() };
        assert!(!a.feasible(LOOSEN_CEILING, &frozen, now(), 4));
        assert!(a.feasible(LOOSEN_CEILING, &frozen, now().plus(30), 4));
    }

    #[test]
    fn every_move_is_infeasible_at_its_bound_and_then_changes_nothing() {
        let a = admin();
        let closed = ExportPolicy { ceiling: 0, licensed: 0, enforcement: 1.0, ..policy() };
        assert!(!a.feasible(TIGHTEN_CEILING, &closed, now(), 4));
        assert!(!a.feasible(STEP_UP_ENFORCEMENT, &closed, now(), 4));
        assert_eq!(a.apply(TIGHTEN_CEILING, &closed, now(), 4), closed);
    }

    #[test]
    fn a_hawkish_mood_weighs_security_more() {
        let clearing = crate::economy::Economy::default().clear();
        let mut c = clearing;
        c.h100e.legal = 1e5;
        let outcome = AdminOutcome {
            clearing: &c,
            openness: 0.5,
            congress_pressure: 0.0,
            lobbying: 0.0,
            tension: 0.0,
            rare_earths: 0.0,
            moved: false,
            stance: Stance::Neutral,
            counterpart_last: None,
        };
        let dealmaker = admin().utility(&outcome);
        let hawk = UsAdmin { mood: Mood::Hawk, ..admin() }.utility(&outcome);
        let w = UsAdministration::default().weights;
        assert_eq!(dealmaker, -w.security);
        assert_eq!(hawk, -w.security * w.hawk_multiplier);
    }

    /// A change of policy reads as the move that makes it, with that move's stance; a held
    /// lever's moves are infeasible and the others are not.
    #[test]
    fn changes_read_as_moves_and_holds_bind() {
        let p = policy();
        assert_eq!(changing(&p, &p), Stance::Neutral);
        assert_eq!(changing(&p, &ExportPolicy { ceiling: 1, ..p }), Stance::Hostile);
        assert_eq!(changing(&p, &ExportPolicy { ceiling: 3, ..p }), Stance::Cooperative);
        assert_eq!(changing(&p, &ExportPolicy { share: 0.15, ..p }), Stance::Neutral);
        assert_eq!(changing(&p, &ExportPolicy { licence_cap: Some(100.0), ..p }), Stance::Hostile);
        let capped = ExportPolicy { licence_cap: Some(100.0), ..p };
        assert_eq!(changing(&capped, &ExportPolicy { licence_cap: Some(50.0), ..p }), Stance::Hostile);
        assert_eq!(changing(&capped, &p), Stance::Cooperative);
        assert_eq!(changing(&p, &ExportPolicy { enforcement: 0.75, ..p }), Stance::Hostile);
        let a = admin();
        let held = ExportPolicy {
            holds: crate::state::ExportHolds { ceiling: crate::state::Hold(2), ..Default::default() },
            ..p
        };
        assert!(a.feasible(TIGHTEN_CEILING, &p, now(), 5) && a.feasible(LOOSEN_CEILING, &p, now(), 5));
        assert!(!a.feasible(TIGHTEN_CEILING, &held, now(), 5) && !a.feasible(LOOSEN_CEILING, &held, now(), 5));
        assert!(a.feasible(STEP_UP_ENFORCEMENT, &held, now(), 5), "other levers stay free");
        assert_eq!(a.apply(TIGHTEN_CEILING, &held, now(), 5), held, "a held lever does not move");
        assert!(!a.feasible(menu().len(), &p, now(), 5), "an unknown move is infeasible");
    }
}
