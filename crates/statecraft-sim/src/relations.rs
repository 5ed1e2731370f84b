//! How the month's moves change relations: tension, truces and summits. One function serves
//! the forecasts in decisions and the relate phase, so both sides foresee what happens.
//!
//! tension' = baseline + persistence × (tension − baseline)
//!          + hostile_step per hostile move − cooperative_step per cooperative move (the
//!            principals' own moves and the moves their scripted events stand for)
//!          + summit_failure if a truce is breached by a hostile move
//!          − summit_deal if a summit month passes with no hostile move (a deal: a truce of
//!            `truce_months` and rare-earth controls eased one level)
//!          + summit_failure if a summit month sees a hostile move,
//! clamped to [0, 1].

use statecraft_games::Stance;
use statecraft_scenario::{Month, RareEarths, Relations as RelationsSpec};

use crate::actors::beijing::milder;
use crate::state::{Relations, ScriptedStances};

/// How a side's month is perceived by the other: the stance of its own move and of the moves
/// its scripted events stood for. Hostile if any was, else cooperative if any was, else
/// neutral: what reciprocity answers.
pub fn perceived(own: Stance, scripted: &[Stance]) -> Stance {
    let all = || std::iter::once(own).chain(scripted.iter().copied());
    if all().any(|s| s == Stance::Hostile) {
        Stance::Hostile
    } else if all().any(|s| s == Stance::Cooperative) {
        Stance::Cooperative
    } else {
        Stance::Neutral
    }
}

/// The month's stances that count toward tension: the two principals' moves, then the moves
/// their scripted events stood for.
pub fn month_stances(us: Stance, beijing: Stance, scripted: &ScriptedStances) -> Vec<Stance> {
    [us, beijing].into_iter().chain(scripted.us.iter().copied()).chain(scripted.beijing.iter().copied()).collect()
}

/// Relations after a month in which the moves had `stances`.
pub fn settle(
    before: &Relations,
    spec: &RelationsSpec,
    stances: &[Stance],
    rare_earths: RareEarths,
    now: Month,
) -> Relations {
    let mut after = Relations { rare_earths, summit: false, ..*before };
    let baseline = spec.baseline.0;
    let mut tension = baseline + spec.persistence.0 * (before.tension - baseline);
    let hostile = stances.contains(&Stance::Hostile);
    for stance in stances {
        match *stance {
            Stance::Hostile => tension += spec.hostile_step.0,
            Stance::Cooperative => tension -= spec.cooperative_step.0,
            Stance::Neutral => {}
        }
    }
    if hostile && before.truce(now) {
        tension += spec.summit_failure.0;
        after.truce_until = None;
    }
    if before.summit {
        if hostile {
            tension += spec.summit_failure.0;
        } else {
            tension -= spec.summit_deal.0;
            after.truce_until = Some(now.plus(spec.truce_months as i32));
            after.rare_earths = milder(rare_earths).unwrap_or(rare_earths);
        }
        after.last_summit = Some((now, !hostile));
    }
    after.tension = tension.clamp(0.0, 1.0);
    after
}

#[cfg(test)]
mod tests {
    use super::*;
    use statecraft_scenario::Fraction;

    fn spec() -> RelationsSpec {
        RelationsSpec {
            tension: Fraction(0.5),
            baseline: Fraction(0.3),
            persistence: Fraction(0.5),
            ..RelationsSpec::default()
        }
    }

    fn before() -> Relations {
        Relations {
            tension: 0.5,
            rare_earths: RareEarths::Licensing,
            truce_until: None,
            summit: false,
            last_summit: None,
        }
    }

    fn now() -> Month {
        Month::new(2026, 4).unwrap()
    }

    #[test]
    fn tension_decays_toward_the_baseline() {
        let r = settle(&before(), &spec(), &[Stance::Neutral; 2], RareEarths::Licensing, now());
        assert!((r.tension - 0.4).abs() < 1e-12);
    }

    #[test]
    fn hostility_raises_and_cooperation_lowers_tension() {
        let s = spec();
        let hostile = settle(&before(), &s, &[Stance::Hostile, Stance::Neutral], RareEarths::Licensing, now());
        let friendly = settle(&before(), &s, &[Stance::Cooperative, Stance::Cooperative], RareEarths::Licensing, now());
        assert!((hostile.tension - (0.4 + s.hostile_step.0)).abs() < 1e-12);
        assert!((friendly.tension - (0.4 - 2.0 * s.cooperative_step.0)).abs() < 1e-12);
    }

    #[test]
    fn a_calm_summit_makes_a_deal_and_a_hostile_one_fails() {
        let s = spec();
        let summit = Relations { summit: true, ..before() };
        let deal = settle(&summit, &s, &[Stance::Neutral, Stance::Cooperative], RareEarths::Licensing, now());
        assert_eq!(deal.truce_until, Some(now().plus(12)));
        assert_eq!(deal.rare_earths, RareEarths::Open);
        assert_eq!(deal.last_summit, Some((now(), true)));
        let failure = settle(&summit, &s, &[Stance::Hostile, Stance::Neutral], RareEarths::Licensing, now());
        assert!(failure.tension > deal.tension + s.summit_deal.0);
        assert_eq!(failure.last_summit, Some((now(), false)));
    }

    #[test]
    fn hostility_during_a_truce_breaks_it() {
        let truce = Relations { truce_until: Some(now().plus(6)), ..before() };
        let broken = settle(&truce, &spec(), &[Stance::Neutral, Stance::Hostile], RareEarths::Sweeping, now());
        assert_eq!(broken.truce_until, None);
        let kept = settle(&truce, &spec(), &[Stance::Neutral, Stance::Neutral], RareEarths::Licensing, now());
        assert_eq!(kept.truce_until, truce.truce_until);
    }

    /// A scripted event's stance counts like a move: a hostile event with both sides holding
    /// raises tension as a hostile move would, and is what the other side perceives.
    #[test]
    fn scripted_stances_count_like_moves() {
        let s = spec();
        let scripted = ScriptedStances { us: vec![Stance::Hostile], beijing: vec![] };
        let stances = month_stances(Stance::Neutral, Stance::Neutral, &scripted);
        let by_event = settle(&before(), &s, &stances, RareEarths::Licensing, now());
        let by_move = settle(&before(), &s, &[Stance::Hostile, Stance::Neutral], RareEarths::Licensing, now());
        assert_eq!(by_event.tension, by_move.tension);
        assert!(by_event.tension > settle(&before(), &s, &[Stance::Neutral; 2], RareEarths::Licensing, now()).tension);
        assert_eq!(perceived(Stance::Neutral, &scripted.us), Stance::Hostile);
        assert_eq!(perceived(Stance::Cooperative, &[Stance::Hostile]), Stance::Hostile);
        assert_eq!(perceived(Stance::Neutral, &[Stance::Cooperative, Stance::Neutral]), Stance::Cooperative);
        assert_eq!(perceived(Stance::Neutral, &[]), Stance::Neutral);
    }
}
