//! Pure game theory for statecraft: decision rules the actors use, normal-form games and their
//! equilibria, learning dynamics and repeated-game strategies.
//!
//! This crate knows nothing of bevy, files or clocks: every function takes plain data and,
//! where it is random, an explicit RNG.
//!
//! - `decision`: the rules actors decide by (fixed, scripted, best response, logit, fictitious
//!   play, regret matching, reciprocity, ε-greedy).
//! - Two players: `bimatrix` (games, pure equilibria, regrets), `enumeration` (all equilibria,
//!   exactly, degenerate games included; degeneracy), `lemke_howson` (one equilibrium from any
//!   label, exact, fast on large games), `zero_sum` (value and optimal strategies).
//! - Any number of players: `normal_form` (games, pure equilibria, regret), `nfg` (Gambit's
//!   file format, read and written), `dominance` (iterated strict dominance, by mixed
//!   strategies too), `qre` (logit quantal response equilibria along the principal branch,
//!   folds included; as λ grows, one Nash equilibrium). Limits: mixed equilibria of games with
//!   three or more players are approximated by the logit branch (one equilibrium, to the
//!   residual it reports), not enumerated; payoffs are tabulated for every profile, so games
//!   have at most [`normal_form::MAX_PROFILES`] (10⁶) profiles.
//! - `learning` (fictitious play, regret matching), `evolution` (replicator dynamics, one and
//!   two populations, continuous and discrete; Moran fixation probabilities).
//! - `repeated` (classic strategies, matches with noise), `tournament` (round robins).
//! - Numbers: `rational` (exact), `number` (the arithmetic solvers are generic over).

pub mod bimatrix;
pub mod decision;
pub mod dominance;
pub mod enumeration;
pub mod equilibrium;
pub mod error;
pub mod evolution;
pub mod learning;
pub mod lemke_howson;
pub mod nfg;
pub mod normal_form;
pub mod number;
pub mod qre;
pub mod rational;
pub mod repeated;
mod tableau;
pub mod tournament;
pub mod zero_sum;

pub use bimatrix::{Bimatrix, is_distribution};
pub use decision::{Decision, Memory, Problem, Rule, Stance};
pub use enumeration::{all_equilibria, degeneracy};
pub use equilibrium::{Equilibria, Equilibrium};
pub use error::{GameError, SolveError};
pub use lemke_howson::lemke_howson;
pub use normal_form::NormalForm;
pub use number::Number;
pub use rational::Rational;
