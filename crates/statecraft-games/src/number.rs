//! The number types games are written in: `f64` for speed, [`Rational`] for exact answers.
//!
//! Every algorithm that does arithmetic on payoffs is generic over [`Number`], so one piece of
//! code runs in both. Comparisons go through [`Number::tolerance`]: zero for exact numbers, a
//! small absolute slack for doubles, so that a double computed as `0.30000000000000004` still
//! counts as a best response worth `0.3`.

use std::fmt::Debug;
use std::ops::{Add, Div, Mul, Neg, Sub};

use crate::rational::Rational;

/// A field the solvers can compute in.
pub trait Number:
    Clone
    + Debug
    + PartialEq
    + PartialOrd
    + Send
    + Sync
    + Add<Output = Self>
    + Sub<Output = Self>
    + Mul<Output = Self>
    + Div<Output = Self>
    + Neg<Output = Self>
    + 'static
{
    /// Whether arithmetic is exact (then `tolerance()` is zero and results are exact).
    const EXACT: bool;

    fn zero() -> Self;
    fn one() -> Self;
    fn from_i64(value: i64) -> Self;
    /// The exact value as a fraction; `None` for NaN or infinity.
    fn to_rational(&self) -> Option<Rational>;
    /// Back from a fraction (rounded to the nearest double for `f64`).
    fn from_rational(value: &Rational) -> Self;
    fn to_f64(&self) -> f64;
    /// Whether the value is a real number (false for NaN and infinities).
    fn is_finite(&self) -> bool;
    /// How far apart two values may be and still count as equal.
    fn tolerance() -> Self;

    /// `self > other` beyond tolerance.
    fn clearly_greater(&self, other: &Self) -> bool {
        self.clone() > other.clone() + Self::tolerance()
    }

    /// Whether a payoff of `self` is a best reply when the best available is `best`: within
    /// [`BEST_REPLY_TOLERANCE`] for doubles, exactly for fractions. Every "is this a best reply,
    /// is this an equilibrium" question of the project asks it here.
    fn is_best_reply(&self, best: &Self) -> bool;

    /// `self ≈ 0` within tolerance.
    fn is_negligible(&self) -> bool {
        let t = Self::tolerance();
        *self <= t && *self >= -t
    }

    /// The sum of a slice, left to right (sequential on purpose: reproducible in f64).
    fn sum_of(values: &[Self]) -> Self {
        values.iter().fold(Self::zero(), |acc, v| acc + v.clone())
    }

    /// `Σ a_i b_i`, left to right.
    fn dot(a: &[Self], b: &[Self]) -> Self {
        a.iter().zip(b).fold(Self::zero(), |acc, (x, y)| acc + x.clone() * y.clone())
    }
}

/// Absolute tolerance for comparisons of doubles, in payoff units.
pub const F64_TOLERANCE: f64 = 1e-9;

/// How far below the best a double payoff may be and still count as a best reply (in payoff
/// units): the rounding of a sum of a few dozen terms of order one, and far below any
/// difference the model or a game file means.
pub const BEST_REPLY_TOLERANCE: f64 = 1e-12;

impl Number for f64 {
    const EXACT: bool = false;

    fn zero() -> Self {
        0.0
    }
    fn one() -> Self {
        1.0
    }
    fn from_i64(value: i64) -> Self {
        value as f64
    }
    fn to_rational(&self) -> Option<Rational> {
        Rational::from_f64(*self)
    }
    fn from_rational(value: &Rational) -> Self {
        value.to_f64()
    }
    fn to_f64(&self) -> f64 {
        *self
    }
    fn is_finite(&self) -> bool {
        f64::is_finite(*self)
    }
    fn tolerance() -> Self {
        F64_TOLERANCE
    }
    fn is_best_reply(&self, best: &Self) -> bool {
        *self + BEST_REPLY_TOLERANCE >= *best
    }
}

impl Number for Rational {
    const EXACT: bool = true;

    fn zero() -> Self {
        <Rational as num_traits::Zero>::zero()
    }
    fn one() -> Self {
        <Rational as num_traits::One>::one()
    }
    fn from_i64(value: i64) -> Self {
        Rational::integer(value)
    }
    fn to_rational(&self) -> Option<Rational> {
        Some(self.clone())
    }
    fn from_rational(value: &Rational) -> Self {
        value.clone()
    }
    fn to_f64(&self) -> f64 {
        Rational::to_f64(self)
    }
    fn is_finite(&self) -> bool {
        true
    }
    fn tolerance() -> Self {
        <Rational as num_traits::Zero>::zero()
    }
    fn clearly_greater(&self, other: &Self) -> bool {
        self > other
    }
    fn is_best_reply(&self, best: &Self) -> bool {
        self >= best
    }
    fn is_negligible(&self) -> bool {
        Rational::is_zero(self)
    }
}
