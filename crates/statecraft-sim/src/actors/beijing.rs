//! Beijing. Each month it makes one move: approve or restrict imports of licensed US chips,
//! tighten or ease procurement guidance (a minimum domestic share), raise or cut subsidies for
//! domestic chips, crack down on smuggling at customs, tighten or ease rare-earth controls, or
//! escalate the antitrust case against a US vendor.
//!
//! It values compute added in China (domestic chips discounted for their software and power
//! penalty) and self-reliance: that domestic chips find buyers, so imports complement domestic
//! supply rather than displace it. It dislikes spending on subsidies, tension, dependence on
//! licensed US chips (counted per chip: weak chips carry the same "backdoor" risk as strong
//! ones), and the cost of its own rare-earth controls.

use bevy_ecs::prelude::*;
use serde::Serialize;
use statecraft_games::Stance;
use statecraft_scenario::{Antitrust, Beijing, RareEarths};

use super::{Decider, direction, reciprocity};
use crate::economy::Clearing;
use crate::state::{ImportPolicy, Relations, rare_earth_level};

#[derive(Component, Clone, Debug, Serialize)]
pub struct BeijingLeader {
    pub spec: Beijing,
}

moves! {
    HOLD = "hold": Neutral,
    APPROVE_IMPORTS = "approve_imports": Cooperative,
    RESTRICT_IMPORTS = "restrict_imports": Hostile,
    RAISE_DOMESTIC_RATIO = "raise_domestic_ratio": Neutral,
    LOWER_DOMESTIC_RATIO = "lower_domestic_ratio": Neutral,
    RAISE_SUBSIDY = "raise_subsidy": Neutral,
    CUT_SUBSIDY = "cut_subsidy": Neutral,
    CRACK_DOWN = "crack_down_on_smuggling": Neutral,
    RELAX_CUSTOMS = "relax_customs": Neutral,
    TIGHTEN_RARE_EARTHS = "tighten_rare_earths": Hostile,
    EASE_RARE_EARTHS = "ease_rare_earths": Cooperative,
    ANTITRUST_PROBE = "antitrust_probe": Hostile,
}

/// Beijing's levers: import policy and rare-earth controls.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Levers {
    pub import: ImportPolicy,
    pub rare_earths: RareEarths,
}

impl Levers {
    pub fn now(import: &ImportPolicy, relations: &Relations) -> Levers {
        Levers { import: *import, rare_earths: relations.rare_earths }
    }
}

fn harsher(r: RareEarths) -> Option<RareEarths> {
    match r {
        RareEarths::Open => Some(RareEarths::Licensing),
        RareEarths::Licensing => Some(RareEarths::Sweeping),
        RareEarths::Sweeping => None,
    }
}

pub fn milder(r: RareEarths) -> Option<RareEarths> {
    match r {
        RareEarths::Open => None,
        RareEarths::Licensing => Some(RareEarths::Open),
        RareEarths::Sweeping => Some(RareEarths::Licensing),
    }
}

fn escalate(a: Antitrust) -> Option<Antitrust> {
    match a {
        Antitrust::None => Some(Antitrust::Probe),
        Antitrust::Probe => Some(Antitrust::Finding),
        Antitrust::Finding => Some(Antitrust::Penalty),
        Antitrust::Penalty => None,
    }
}

/// 0 for no case, 1 probe, 2 finding, 3 penalty: multiplies the target's lost orders.
pub fn antitrust_level(a: Antitrust) -> f64 {
    match a {
        Antitrust::None => 0.0,
        Antitrust::Probe => 1.0,
        Antitrust::Finding => 2.0,
        Antitrust::Penalty => 3.0,
    }
}

impl BeijingLeader {
    /// Whether a move is possible now (a scripted event may hold a lever). Every move is named:
    /// a new move must say when it is feasible.
    pub fn feasible(&self, action: usize, l: &Levers) -> bool {
        let i = &l.import;
        let held = &i.holds;
        match action {
            HOLD => true,
            APPROVE_IMPORTS => !held.approval_rate.binds() && i.approval_rate < 1.0,
            RESTRICT_IMPORTS => !held.approval_rate.binds() && i.approval_rate > 0.0,
            RAISE_DOMESTIC_RATIO => !held.domestic_ratio.binds() && i.domestic_ratio < 1.0,
            LOWER_DOMESTIC_RATIO => !held.domestic_ratio.binds() && i.domestic_ratio > 0.0,
            RAISE_SUBSIDY => i.subsidy < 0.9,
            CUT_SUBSIDY => i.subsidy > 0.0,
            CRACK_DOWN => !held.customs_crackdown.binds() && i.customs_crackdown < 1.0,
            RELAX_CUSTOMS => !held.customs_crackdown.binds() && i.customs_crackdown > 0.0,
            TIGHTEN_RARE_EARTHS => !held.rare_earths.binds() && harsher(l.rare_earths).is_some(),
            EASE_RARE_EARTHS => !held.rare_earths.binds() && milder(l.rare_earths).is_some(),
            ANTITRUST_PROBE => !self.spec.antitrust_target.is_empty() && escalate(i.antitrust).is_some(),
            _ => false,
        }
    }

    pub fn apply(&self, action: usize, levers: &Levers) -> Levers {
        let mut l = *levers;
        if !self.feasible(action, levers) {
            return l;
        }
        let s = &self.spec;
        let i = &mut l.import;
        let up = |x: f64, step: f64, max: f64| (x + step).min(max);
        let down = |x: f64, step: f64| (x - step).max(0.0);
        match action {
            APPROVE_IMPORTS => i.approval_rate = up(i.approval_rate, s.approval_step.0, 1.0),
            RESTRICT_IMPORTS => i.approval_rate = down(i.approval_rate, s.approval_step.0),
            RAISE_DOMESTIC_RATIO => i.domestic_ratio = up(i.domestic_ratio, s.ratio_step.0, 1.0),
            LOWER_DOMESTIC_RATIO => i.domestic_ratio = down(i.domestic_ratio, s.ratio_step.0),
            RAISE_SUBSIDY => i.subsidy = up(i.subsidy, s.subsidy_step.0, 0.9),
            CUT_SUBSIDY => i.subsidy = down(i.subsidy, s.subsidy_step.0),
            CRACK_DOWN => i.customs_crackdown = up(i.customs_crackdown, s.crackdown_step.0, 1.0),
            RELAX_CUSTOMS => i.customs_crackdown = down(i.customs_crackdown, s.crackdown_step.0),
            TIGHTEN_RARE_EARTHS => l.rare_earths = harsher(l.rare_earths).unwrap_or(l.rare_earths),
            EASE_RARE_EARTHS => l.rare_earths = milder(l.rare_earths).unwrap_or(l.rare_earths),
            ANTITRUST_PROBE => i.antitrust = escalate(i.antitrust).unwrap_or(i.antitrust),
            _ => {}
        }
        l
    }

    /// Utility of a month's outcome.
    pub fn utility(&self, o: &BeijingOutcome) -> f64 {
        let w = &self.spec.weights;
        let c = o.clearing;
        w.capability * c.effective_h100e(o.domestic_efficiency) / 1e5 + w.self_reliance * c.domestic_fill()
            - w.spending * c.subsidy_usd / 1e9
            - w.tension * o.tension
            - w.security * o.security_multiplier * c.units.legal / 1e5
            - w.rare_earths * o.rare_earths
            - if o.moved { w.switching } else { 0.0 }
            + w.reciprocity * reciprocity(o.stance, o.counterpart_last)
    }
}

/// The stance of a change of Beijing's levers (a scripted event's, MODEL.md §15): that of its
/// own move on the lever that changed, in the direction it changed (`menu`); neutral if nothing
/// did. The state data-centre ban is not one of its moves (MODEL.md §8): imposing it is
/// hostile, lifting it cooperative.
pub fn changing(before: &Levers, after: &Levers) -> Stance {
    let (b, a) = (&before.import, &after.import);
    if a.state_dc_ban != b.state_dc_ban {
        return if a.state_dc_ban { Stance::Hostile } else { Stance::Cooperative };
    }
    let action = direction(b.approval_rate, a.approval_rate, APPROVE_IMPORTS, RESTRICT_IMPORTS)
        .or_else(|| direction(b.domestic_ratio, a.domestic_ratio, RAISE_DOMESTIC_RATIO, LOWER_DOMESTIC_RATIO))
        .or_else(|| direction(b.customs_crackdown, a.customs_crackdown, CRACK_DOWN, RELAX_CUSTOMS))
        .or_else(|| {
            direction(
                rare_earth_level(before.rare_earths),
                rare_earth_level(after.rare_earths),
                TIGHTEN_RARE_EARTHS,
                EASE_RARE_EARTHS,
            )
        })
        .unwrap_or(HOLD);
    menu()[action].stance
}

/// What Beijing weighs when it judges a month.
pub struct BeijingOutcome<'a> {
    pub clearing: &'a Clearing,
    pub domestic_efficiency: f64,
    pub tension: f64,
    pub rare_earths: f64,
    /// 1, plus the "backdoor" concern of location-verification laws in force.
    pub security_multiplier: f64,
    pub moved: bool,
    pub stance: Stance,
    pub counterpart_last: Option<Stance>,
}

/// Resolve: the chosen move takes effect.
pub fn enact(
    mut import: ResMut<ImportPolicy>,
    mut relations: ResMut<Relations>,
    leaders: Query<(&BeijingLeader, &Decider)>,
) {
    for (leader, decider) in &leaders {
        if let Some(choice) = decider.choice {
            let levers = leader.apply(choice.action, &Levers::now(&import, &relations));
            *import = levers.import;
            relations.rare_earths = levers.rare_earths;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::economy::Economy;

    fn leader() -> BeijingLeader {
        BeijingLeader { spec: Beijing::default() }
    }

    fn levers() -> Levers {
        Levers {
            import: ImportPolicy { approval_rate: 0.5, domestic_ratio: 0.3, ..ImportPolicy::default() },
            rare_earths: RareEarths::Licensing,
        }
    }

    #[test]
    fn moves_change_their_lever_within_bounds() {
        let b = leader();
        assert_eq!(b.apply(APPROVE_IMPORTS, &levers()).import.approval_rate, 0.75);
        assert_eq!(b.apply(RESTRICT_IMPORTS, &levers()).import.approval_rate, 0.25);
        assert_eq!(b.apply(TIGHTEN_RARE_EARTHS, &levers()).rare_earths, RareEarths::Sweeping);
        assert_eq!(b.apply(EASE_RARE_EARTHS, &levers()).rare_earths, RareEarths::Open);
        assert_eq!(b.apply(ANTITRUST_PROBE, &levers()).import.antitrust, Antitrust::Probe);
        let wide_open = Levers { import: ImportPolicy { approval_rate: 1.0, ..levers().import }, ..levers() };
        assert!(!b.feasible(APPROVE_IMPORTS, &wide_open));
        assert_eq!(b.apply(APPROVE_IMPORTS, &wide_open), wide_open);
    }

    #[test]
    fn self_reliance_rewards_selling_domestic_supply() {
        let mut c = Economy::default().clear();
        c.h100e.domestic = 1e5;
        c.units.domestic = 1e5;
        c.domestic_supply = 1e5;
        fn outcome(c: &Clearing) -> BeijingOutcome<'_> {
            BeijingOutcome {
                clearing: c,
                domestic_efficiency: 0.5,
                tension: 0.0,
                rare_earths: 0.0,
                security_multiplier: 1.0,
                moved: false,
                stance: Stance::Neutral,
                counterpart_last: None,
            }
        }
        let all_domestic = leader().utility(&outcome(&c));
        let w = Beijing::default().weights;
        assert!((all_domestic - (w.capability * 0.5 + w.self_reliance)).abs() < 1e-12);
        // Imports that displace half the domestic sales: more compute, less self-reliance, more dependence.
        let mut displaced = c;
        displaced.h100e.domestic = 0.5e5;
        displaced.units.domestic = 0.5e5;
        displaced.h100e.legal = 1e5;
        displaced.units.legal = 1e5;
        let expected = w.capability * 1.25 + w.self_reliance * 0.5 - w.security * 1.0;
        let got = leader().utility(&outcome(&displaced));
        assert!((got - expected).abs() < 1e-12, "{got} vs {expected}");
    }
}
