//! Pure game theory for statecraft: decision rules the actors use, normal-form games and their
//! equilibria, learning dynamics and repeated-game strategies.
//!
//! This crate knows nothing of bevy, files or clocks: every function takes plain data and,
//! where it is random, an explicit RNG.

pub mod bimatrix;
pub mod decision;
pub mod enumeration;
pub mod equilibrium;
pub mod error;
pub mod lemke_howson;
pub mod number;
pub mod rational;
mod tableau;

pub use bimatrix::{Bimatrix, is_distribution};
pub use decision::{Decision, Memory, Problem, Rule, Stance};
pub use enumeration::all_equilibria;
pub use equilibrium::{Equilibria, Equilibrium};
pub use error::{GameError, SolveError};
pub use lemke_howson::lemke_howson;
pub use number::Number;
pub use rational::Rational;
