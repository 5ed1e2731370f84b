//! Strategy profiles and the answers solvers give.

use serde::{Deserialize, Serialize};

use crate::number::Number;
use crate::rational::Rational;

/// A mixed-strategy profile with the expected payoff of each player: one probability vector per
/// player (`strategies[p][a]` is the probability player `p` plays action `a`).
///
/// Solvers return it for equilibria; for a bimatrix game `strategies[0]` is the row player's.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Equilibrium<T> {
    pub strategies: Vec<Vec<T>>,
    pub payoffs: Vec<T>,
}

impl<T: Number> Equilibrium<T> {
    /// The row player's strategy (player 0).
    pub fn row(&self) -> &[T] {
        &self.strategies[0]
    }

    /// The column player's strategy (player 1).
    pub fn col(&self) -> &[T] {
        &self.strategies[1]
    }

    /// The actions each player plays with positive probability.
    pub fn supports(&self) -> Vec<Vec<usize>> {
        self.strategies.iter().map(|s| (0..s.len()).filter(|&a| s[a].clearly_greater(&T::zero())).collect()).collect()
    }

    /// Whether every player puts all weight on one action; returns those actions.
    pub fn as_pure(&self) -> Option<Vec<usize>> {
        self.strategies
            .iter()
            .map(|s| {
                let support: Vec<usize> = (0..s.len()).filter(|&a| !s[a].is_negligible()).collect();
                (support.len() == 1).then(|| support[0])
            })
            .collect()
    }

    /// The same profile in doubles.
    pub fn to_f64(&self) -> Equilibrium<f64> {
        Equilibrium {
            strategies: self.strategies.iter().map(|s| s.iter().map(Number::to_f64).collect()).collect(),
            payoffs: self.payoffs.iter().map(Number::to_f64).collect(),
        }
    }

    /// Largest absolute difference between the probabilities of two profiles of the same shape.
    pub fn distance(&self, other: &Equilibrium<T>) -> f64 {
        self.strategies
            .iter()
            .flatten()
            .zip(other.strategies.iter().flatten())
            .map(|(a, b)| (a.to_f64() - b.to_f64()).abs())
            .fold(0.0, f64::max)
    }
}

impl Equilibrium<Rational> {
    /// Whether two exact profiles are the same point.
    pub fn same_point(&self, other: &Self) -> bool {
        self.strategies == other.strategies
    }
}

/// Every equilibrium a complete method found.
///
/// For a nondegenerate game the profiles are all its equilibria (an odd number, by Lemke &
/// Howson 1964). For a degenerate game (`degenerate: true`) equilibria may form connected
/// components; the profiles are then the extreme points of those components (the "extreme
/// equilibria" of Avis, Rosenberg, Savani & von Stengel 2010), and every equilibrium is a convex
/// combination of extreme equilibria lying in a common component.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Equilibria<T> {
    pub degenerate: bool,
    pub profiles: Vec<Equilibrium<T>>,
}
