//! Decision rules: how an actor turns the payoffs of its options into one action.
//!
//! Rules: fixed, scripted, best response, logit, fictitious play, regret matching,
//! reciprocity, ε-greedy.
//!
//! Every month an actor faces a [`Problem`]: a payoff for each of its own actions against each
//! action of its counterpart (one column when it has none), a mask of what is feasible now, and
//! a [`Stance`] for each action so that reciprocity knows which moves are hostile. A [`Rule`]
//! picks an action; a [`Memory`] carries what the rule learns between months.

use rand::Rng;

/// How an action reads to the other side: the vocabulary of reciprocity.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Stance {
    Cooperative,
    Neutral,
    Hostile,
}

/// A decision rule, classified as in the literature.
#[derive(Clone, Debug, PartialEq)]
pub enum Rule {
    /// Always the same action (if infeasible, the first feasible one).
    Fixed { action: usize },
    /// Given actions in given periods (numbered as the caller likes; statecraft counts months),
    /// otherwise the first action, which in every statecraft menu is `hold`. In a period it is
    /// the rule [`Rule::in_period`] returns: `Fixed` at that period's action.
    Scripted { moves: Vec<(i64, usize)> },
    /// Myopic best response to the counterpart's last action (Cournot adjustment); ties go to
    /// the lowest index, so the rule is deterministic.
    BestResponse,
    /// Logit quantal response: P(a) ∝ exp(λ·u(a)). λ = 0 is uniform play; λ → ∞ is best response.
    Logit { lambda: f64 },
    /// Best response to the empirical frequency of the counterpart's past actions (Brown 1951),
    /// starting from a uniform prior of one observation per action.
    FictitiousPlay,
    /// Regret matching (Hart & Mas-Colell 2000): play each action in proportion to its positive
    /// cumulative regret; uniform when no regret is positive.
    RegretMatching,
    /// Tit-for-tat over stances, best response within a stance: answer a hostile move with the
    /// best hostile action, except with probability `forgiveness`; otherwise play the best
    /// non-hostile action. Starts nice.
    Reciprocity { forgiveness: f64 },
    /// Best response, except with probability ε a uniformly random feasible action.
    EpsilonGreedy { epsilon: f64 },
}

/// One actor's choice this month. `payoffs` is row-major: `payoffs[own * columns + other]`.
#[derive(Clone, Copy, Debug)]
pub struct Problem<'a> {
    pub payoffs: &'a [f64],
    pub columns: usize,
    pub feasible: &'a [bool],
    pub stances: &'a [Stance],
}

impl<'a> Problem<'a> {
    /// A problem with no counterpart: one payoff per action.
    pub fn solo(payoffs: &'a [f64], feasible: &'a [bool], stances: &'a [Stance]) -> Self {
        Problem { payoffs, columns: 1, feasible, stances }
    }

    pub fn actions(&self) -> usize {
        self.feasible.len()
    }

    pub fn payoff(&self, own: usize, other: usize) -> f64 {
        self.payoffs[own * self.columns + other]
    }

    /// Expected payoff of each own action under a belief over the counterpart's actions.
    pub fn expected(&self, belief: &[f64]) -> Vec<f64> {
        (0..self.actions()).map(|own| (0..self.columns).map(|c| belief[c] * self.payoff(own, c)).sum()).collect()
    }

    fn check(&self) {
        assert_eq!(self.payoffs.len(), self.actions() * self.columns, "payoff matrix shape");
        assert_eq!(self.stances.len(), self.actions(), "one stance per action");
        assert!(self.feasible.iter().any(|&f| f), "at least one feasible action");
    }
}

/// What a rule remembers between months.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Memory {
    /// How often the counterpart played each action (fictitious play).
    pub counterpart_counts: Vec<u32>,
    /// The counterpart's last action and how it read.
    pub counterpart_last: Option<(usize, Stance)>,
    /// Cumulative regret of not having played each own action (regret matching).
    pub regrets: Vec<f64>,
}

impl Memory {
    /// The belief the rule holds about the counterpart's next action.
    pub fn belief(&self, rule: &Rule, columns: usize) -> Vec<f64> {
        let mut belief = vec![0.0; columns];
        match (rule, self.counterpart_last) {
            (Rule::FictitiousPlay, _) => {
                let counts = |c: usize| 1.0 + f64::from(self.counterpart_counts.get(c).copied().unwrap_or(0));
                let total: f64 = (0..columns).map(counts).sum();
                for (c, b) in belief.iter_mut().enumerate() {
                    *b = counts(c) / total;
                }
            }
            (_, Some((last, _))) if last < columns => belief[last] = 1.0,
            _ => belief.fill(1.0 / columns as f64),
        }
        belief
    }

    /// Learn from a month: the actor played `own`, the counterpart played `other` with `stance`.
    pub fn observe(&mut self, problem: &Problem, own: usize, other: usize, stance: Stance) {
        if self.counterpart_counts.len() < problem.columns {
            self.counterpart_counts.resize(problem.columns, 0);
        }
        self.counterpart_counts[other] += 1;
        self.counterpart_last = Some((other, stance));
        if self.regrets.len() < problem.actions() {
            self.regrets.resize(problem.actions(), 0.0);
        }
        let realised = problem.payoff(own, other);
        for a in 0..problem.actions() {
            if problem.feasible[a] {
                self.regrets[a] += problem.payoff(a, other) - realised;
            }
        }
    }
}

/// The chosen action and its expected utility under the rule's belief.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Decision {
    pub action: usize,
    pub utility: f64,
}

impl Rule {
    /// The rule in force in `period`: a script's move for that period (or the first action) as
    /// a `Fixed` rule; any other rule is itself.
    pub fn in_period(&self, period: i64) -> Rule {
        match self {
            Rule::Scripted { moves } => {
                let action = moves.iter().find(|(p, _)| *p == period).map_or(0, |(_, a)| *a);
                Rule::Fixed { action }
            }
            rule => rule.clone(),
        }
    }

    /// Pick an action. Draws from `rng` only when the rule is stochastic. A script decides as
    /// in a period without a scripted move; use [`Rule::in_period`] first.
    pub fn decide<R: Rng + ?Sized>(&self, memory: &Memory, problem: &Problem, rng: &mut R) -> Decision {
        problem.check();
        let values = problem.expected(&memory.belief(self, problem.columns));
        let action = match *self {
            Rule::Scripted { .. } => return Rule::Fixed { action: 0 }.decide(memory, problem, rng),
            Rule::Fixed { action } => {
                if problem.feasible.get(action).copied().unwrap_or(false) {
                    action
                } else {
                    first_feasible(problem.feasible)
                }
            }
            Rule::BestResponse | Rule::FictitiousPlay => best(&values, problem.feasible, |_| true),
            Rule::Logit { lambda } => sample(&logit(&values, problem.feasible, lambda), rng),
            Rule::RegretMatching => {
                let weights: Vec<f64> = (0..problem.actions())
                    .map(|a| match problem.feasible[a] {
                        true => memory.regrets.get(a).copied().unwrap_or(0.0).max(0.0),
                        false => 0.0,
                    })
                    .collect();
                let total: f64 = weights.iter().sum();
                if total > 0.0 {
                    sample(&weights.iter().map(|w| w / total).collect::<Vec<_>>(), rng)
                } else {
                    sample(&uniform(problem.feasible), rng)
                }
            }
            Rule::Reciprocity { forgiveness } => {
                let provoked = matches!(memory.counterpart_last, Some((_, Stance::Hostile)));
                let retaliate = provoked && unit(rng) >= forgiveness;
                let hostile = |a: usize| problem.stances[a] == Stance::Hostile;
                let has_hostile = (0..problem.actions()).any(|a| problem.feasible[a] && hostile(a));
                if retaliate && has_hostile {
                    best(&values, problem.feasible, hostile)
                } else {
                    let calm = |a: usize| !hostile(a);
                    let has_calm = (0..problem.actions()).any(|a| problem.feasible[a] && calm(a));
                    if has_calm {
                        best(&values, problem.feasible, calm)
                    } else {
                        best(&values, problem.feasible, |_| true)
                    }
                }
            }
            Rule::EpsilonGreedy { epsilon } => {
                if unit(rng) < epsilon {
                    sample(&uniform(problem.feasible), rng)
                } else {
                    best(&values, problem.feasible, |_| true)
                }
            }
        };
        Decision { action, utility: values[action] }
    }

    /// Whether the rule ever draws random numbers.
    pub fn is_stochastic(&self) -> bool {
        match *self {
            Rule::Fixed { .. } | Rule::Scripted { .. } | Rule::BestResponse | Rule::FictitiousPlay => false,
            Rule::Logit { lambda } => lambda.is_finite(),
            Rule::RegretMatching => true,
            Rule::Reciprocity { forgiveness } => forgiveness > 0.0,
            Rule::EpsilonGreedy { epsilon } => epsilon > 0.0,
        }
    }
}

/// Logit (softmax) choice probabilities over the feasible actions, computed stably.
pub fn logit(values: &[f64], feasible: &[bool], lambda: f64) -> Vec<f64> {
    let top = values.iter().zip(feasible).filter(|(_, f)| **f).map(|(v, _)| *v).fold(f64::NEG_INFINITY, f64::max);
    let weights: Vec<f64> =
        values.iter().zip(feasible).map(|(v, f)| if *f { libm::exp(lambda * (v - top)) } else { 0.0 }).collect();
    let total: f64 = weights.iter().sum();
    weights.into_iter().map(|w| w / total).collect()
}

/// The highest-value feasible action among those `allowed`; ties go to the lowest index.
fn best(values: &[f64], feasible: &[bool], allowed: impl Fn(usize) -> bool) -> usize {
    let mut choice: Option<usize> = None;
    for a in (0..values.len()).filter(|&a| feasible[a] && allowed(a)) {
        if choice.is_none_or(|c| values[a] > values[c]) {
            choice = Some(a);
        }
    }
    choice.unwrap_or_else(|| first_feasible(feasible))
}

fn first_feasible(feasible: &[bool]) -> usize {
    feasible.iter().position(|&f| f).expect("at least one feasible action")
}

fn uniform(feasible: &[bool]) -> Vec<f64> {
    let n = feasible.iter().filter(|&&f| f).count() as f64;
    feasible.iter().map(|&f| if f { 1.0 / n } else { 0.0 }).collect()
}

/// A uniform draw in [0, 1) from the top 53 bits of one `u64`: value-stable across rand releases.
pub fn unit<R: Rng + ?Sized>(rng: &mut R) -> f64 {
    (rng.next_u64() >> 11) as f64 * (1.0 / (1u64 << 53) as f64)
}

/// Draw an index from a probability vector with one uniform number (inverse CDF).
pub fn sample<R: Rng + ?Sized>(probabilities: &[f64], rng: &mut R) -> usize {
    let u = unit(rng);
    let mut cumulative = 0.0;
    let mut last_positive = 0;
    for (i, p) in probabilities.iter().enumerate() {
        if *p > 0.0 {
            last_positive = i;
            cumulative += p;
            if u < cumulative {
                return i;
            }
        }
    }
    last_positive
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::SeedableRng;
    use rand::rngs::ChaCha8Rng;

    const NEUTRAL3: [Stance; 3] = [Stance::Neutral; 3];
    const ALL3: [bool; 3] = [true; 3];

    fn rng() -> ChaCha8Rng {
        ChaCha8Rng::seed_from_u64(7)
    }

    #[test]
    fn best_response_picks_the_maximum_feasible_action() {
        let payoffs = [1.0, 3.0, 2.0];
        let problem = Problem::solo(&payoffs, &ALL3, &NEUTRAL3);
        let d = Rule::BestResponse.decide(&Memory::default(), &problem, &mut rng());
        assert_eq!(d, Decision { action: 1, utility: 3.0 });
        let feasible = [true, false, true];
        let problem = Problem::solo(&payoffs, &feasible, &NEUTRAL3);
        assert_eq!(Rule::BestResponse.decide(&Memory::default(), &problem, &mut rng()).action, 2);
    }

    #[test]
    fn best_response_answers_the_counterparts_last_move() {
        // Matching pennies for the row player: match the counterpart.
        let payoffs = [1.0, -1.0, -1.0, 1.0];
        let stances = [Stance::Neutral; 2];
        let feasible = [true; 2];
        let problem = Problem { payoffs: &payoffs, columns: 2, feasible: &feasible, stances: &stances };
        let memory = Memory { counterpart_last: Some((1, Stance::Neutral)), ..Memory::default() };
        assert_eq!(Rule::BestResponse.decide(&memory, &problem, &mut rng()).action, 1);
    }

    #[test]
    fn logit_probabilities_sum_to_one_and_order_by_value() {
        let p = logit(&[0.0, 1.0, 2.0], &ALL3, 1.5);
        assert!((p.iter().sum::<f64>() - 1.0).abs() < 1e-12);
        assert!(p[0] < p[1] && p[1] < p[2]);
        let uniform = logit(&[0.0, 1.0, 2.0], &ALL3, 0.0);
        assert!(uniform.iter().all(|q| (q - 1.0 / 3.0).abs() < 1e-12));
        let masked = logit(&[5.0, 1.0, 2.0], &[false, true, true], 1.0);
        assert_eq!(masked[0], 0.0);
    }

    #[test]
    fn logit_with_huge_lambda_is_best_response_and_does_not_overflow() {
        let p = logit(&[0.0, 1000.0, 999.0], &ALL3, 1e6);
        assert_eq!(p, vec![0.0, 1.0, 0.0]);
    }

    #[test]
    fn logit_choice_frequencies_match_probabilities() {
        let payoffs = [0.0, 1.0, 2.0];
        let problem = Problem::solo(&payoffs, &ALL3, &NEUTRAL3);
        let rule = Rule::Logit { lambda: 1.0 };
        let mut counts = [0u32; 3];
        let mut r = rng();
        let n = 20_000;
        for _ in 0..n {
            counts[rule.decide(&Memory::default(), &problem, &mut r).action] += 1;
        }
        let p = logit(&payoffs, &ALL3, 1.0);
        for a in 0..3 {
            let freq = f64::from(counts[a]) / f64::from(n);
            assert!((freq - p[a]).abs() < 0.015, "action {a}: {freq} vs {}", p[a]);
        }
    }

    #[test]
    fn fictitious_play_answers_the_empirical_mix() {
        // Row payoffs against columns L, R: action 0 is good against L, action 1 against R.
        let payoffs = [3.0, 0.0, 0.0, 2.0];
        let stances = [Stance::Neutral; 2];
        let feasible = [true; 2];
        let problem = Problem { payoffs: &payoffs, columns: 2, feasible: &feasible, stances: &stances };
        let mut memory = Memory::default();
        // Counterpart played R three times, L once; last move L.
        for other in [1, 1, 1, 0] {
            memory.observe(&problem, 0, other, Stance::Neutral);
        }
        // Belief with prior: L = 2/6, R = 4/6 -> action 0: 1.0, action 1: 1.333.
        assert_eq!(Rule::FictitiousPlay.decide(&memory, &problem, &mut rng()).action, 1);
        // Best response looks only at the last move (L).
        assert_eq!(Rule::BestResponse.decide(&memory, &problem, &mut rng()).action, 0);
    }

    #[test]
    fn regret_matching_never_plays_an_action_without_positive_regret() {
        let payoffs = [3.0, 0.0, 0.0, 2.0];
        let stances = [Stance::Neutral; 2];
        let feasible = [true; 2];
        let problem = Problem { payoffs: &payoffs, columns: 2, feasible: &feasible, stances: &stances };
        let mut memory = Memory::default();
        memory.observe(&problem, 1, 0, Stance::Neutral); // played 1 against L: regret for 0 is 3.
        let mut r = rng();
        for _ in 0..100 {
            assert_eq!(Rule::RegretMatching.decide(&memory, &problem, &mut r).action, 0);
        }
    }

    #[test]
    fn reciprocity_retaliates_against_hostility_and_rewards_cooperation() {
        let payoffs = [1.0, 0.5, 0.2];
        let stances = [Stance::Cooperative, Stance::Neutral, Stance::Hostile];
        let problem = Problem::solo(&payoffs, &ALL3, &stances);
        let strict = Rule::Reciprocity { forgiveness: 0.0 };
        let provoked = Memory { counterpart_last: Some((0, Stance::Hostile)), ..Memory::default() };
        assert_eq!(strict.decide(&provoked, &problem, &mut rng()).action, 2);
        let calm = Memory { counterpart_last: Some((0, Stance::Cooperative)), ..Memory::default() };
        assert_eq!(strict.decide(&calm, &problem, &mut rng()).action, 0);
        assert_eq!(strict.decide(&Memory::default(), &problem, &mut rng()).action, 0, "starts nice");
        let saint = Rule::Reciprocity { forgiveness: 1.0 };
        assert_eq!(saint.decide(&provoked, &problem, &mut rng()).action, 0);
    }

    #[test]
    fn epsilon_greedy_explores_at_rate_epsilon() {
        let payoffs = [0.0, 1.0, 0.0];
        let problem = Problem::solo(&payoffs, &ALL3, &NEUTRAL3);
        let rule = Rule::EpsilonGreedy { epsilon: 0.3 };
        let mut r = rng();
        let n = 20_000;
        let off_best = (0..n).filter(|_| rule.decide(&Memory::default(), &problem, &mut r).action != 1).count();
        // Off-best only when exploring and the draw lands elsewhere: 0.3 * 2/3 = 0.2.
        let rate = off_best as f64 / f64::from(n);
        assert!((rate - 0.2).abs() < 0.015, "{rate}");
    }

    #[test]
    fn fixed_falls_back_to_a_feasible_action() {
        let payoffs = [0.0, 1.0, 0.0];
        let feasible = [true, false, true];
        let problem = Problem::solo(&payoffs, &feasible, &NEUTRAL3);
        assert_eq!(Rule::Fixed { action: 2 }.decide(&Memory::default(), &problem, &mut rng()).action, 2);
        assert_eq!(Rule::Fixed { action: 1 }.decide(&Memory::default(), &problem, &mut rng()).action, 0);
    }

    #[test]
    fn scripts_play_their_moves_in_their_periods_and_hold_otherwise() {
        let payoffs = [0.0, 1.0, 0.0];
        let feasible = [true, true, false];
        let problem = Problem::solo(&payoffs, &feasible, &NEUTRAL3);
        let script = Rule::Scripted { moves: vec![(24_316, 1), (24_318, 2)] };
        assert_eq!(script.in_period(24_316), Rule::Fixed { action: 1 });
        assert_eq!(script.in_period(24_317), Rule::Fixed { action: 0 });
        let play = |period| script.in_period(period).decide(&Memory::default(), &problem, &mut rng()).action;
        assert_eq!((play(24_316), play(24_317)), (1, 0));
        assert_eq!(play(24_318), 0, "an infeasible scripted move falls back to the first feasible one");
        assert_eq!(script.decide(&Memory::default(), &problem, &mut rng()).action, 0);
        assert!(!script.is_stochastic());
        assert_eq!(Rule::BestResponse.in_period(3), Rule::BestResponse);
    }

    #[test]
    fn deterministic_rules_draw_nothing() {
        let payoffs = [0.0, 1.0, 0.0];
        let problem = Problem::solo(&payoffs, &ALL3, &NEUTRAL3);
        for rule in [Rule::BestResponse, Rule::FictitiousPlay, Rule::Fixed { action: 0 }] {
            let mut a = rng();
            rule.decide(&Memory::default(), &problem, &mut a);
            assert_eq!(a.next_u64(), rng().next_u64(), "{rule:?} consumed randomness");
            assert!(!rule.is_stochastic());
        }
    }

    #[test]
    fn unit_draws_are_in_range() {
        let mut r = rng();
        for _ in 0..1000 {
            let u = unit(&mut r);
            assert!((0.0..1.0).contains(&u));
        }
    }
}
