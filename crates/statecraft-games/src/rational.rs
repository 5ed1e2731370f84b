//! Exact rational numbers: arbitrary-precision fractions that print and serialise as `"3/4"`.
//!
//! A thin newtype over [`num_rational::BigRational`]. The newtype exists so that serde writes a
//! fraction as one readable string (the JSON format of `statecraft solve`), and so that a game
//! read from a file keeps the exact value a person typed: `0.1` in a `.nfg` file is `1/10`, not
//! the nearest double.

use std::cmp::Ordering;
use std::fmt;
use std::iter::Sum;
use std::ops::{Add, AddAssign, Div, Mul, MulAssign, Neg, Sub, SubAssign};
use std::str::FromStr;

use num_bigint::BigInt;
use num_rational::BigRational;
use num_traits::{One, Signed, ToPrimitive, Zero};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// An exact fraction of two arbitrary-precision integers, always in lowest terms.
#[derive(Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Rational(pub BigRational);

impl Rational {
    /// `numerator / denominator`. Panics if `denominator` is zero.
    pub fn new(numerator: i64, denominator: i64) -> Self {
        Rational(BigRational::new(numerator.into(), denominator.into()))
    }

    /// An integer as a fraction.
    pub fn integer(value: i64) -> Self {
        Rational(BigRational::from_integer(value.into()))
    }

    /// The exact value of a finite double (every finite `f64` is a dyadic fraction);
    /// `None` for NaN and infinities.
    pub fn from_f64(value: f64) -> Option<Self> {
        BigRational::from_float(value).map(Rational)
    }

    /// The nearest double (ties and overflow as `num-rational` rounds them).
    pub fn to_f64(&self) -> f64 {
        self.0.to_f64().unwrap_or(f64::NAN)
    }

    pub fn numerator(&self) -> &BigInt {
        self.0.numer()
    }

    pub fn denominator(&self) -> &BigInt {
        self.0.denom()
    }

    pub fn is_zero(&self) -> bool {
        self.0.is_zero()
    }

    pub fn is_positive(&self) -> bool {
        self.0.is_positive()
    }

    pub fn is_negative(&self) -> bool {
        self.0.is_negative()
    }

    pub fn abs(&self) -> Self {
        Rational(self.0.abs())
    }
}

impl fmt::Display for Rational {
    /// `3/4`, or `3` when the value is an integer.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.0.is_integer() {
            write!(f, "{}", self.0.numer())
        } else {
            write!(f, "{}/{}", self.0.numer(), self.0.denom())
        }
    }
}

impl fmt::Debug for Rational {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(self, f)
    }
}

/// Why a string is not a number.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("`{text}` is not a number (expected an integer, a fraction like 3/4, or a decimal like 0.25 or 1e-3)")]
pub struct ParseRationalError {
    pub text: String,
}

impl FromStr for Rational {
    type Err = ParseRationalError;

    /// Accepts integers (`-3`), fractions (`3/4`), decimals (`0.25`, `.5`) and scientific
    /// notation (`1.5e-3`), all read exactly.
    fn from_str(text: &str) -> Result<Self, Self::Err> {
        let error = || ParseRationalError { text: text.to_string() };
        let text = text.trim();
        if let Some((numerator, denominator)) = text.split_once('/') {
            let numerator: BigInt = parse_integer(numerator).ok_or_else(error)?;
            let denominator: BigInt = parse_integer(denominator).ok_or_else(error)?;
            if denominator.is_zero() {
                return Err(error());
            }
            return Ok(Rational(BigRational::new(numerator, denominator)));
        }
        parse_decimal(text).ok_or_else(error)
    }
}

fn parse_integer(text: &str) -> Option<BigInt> {
    let digits = text.strip_prefix('+').unwrap_or(text);
    let unsigned = digits.strip_prefix('-').unwrap_or(digits);
    if unsigned.is_empty() || !unsigned.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    digits.parse().ok()
}

/// `[+-]digits[.digits][(e|E)[+-]digits]`, read exactly.
fn parse_decimal(text: &str) -> Option<Rational> {
    let (mantissa, exponent) = match text.find(['e', 'E']) {
        Some(at) => (&text[..at], text[at + 1..].parse::<i32>().ok()?),
        None => (text, 0),
    };
    let (negative, mantissa) = match mantissa.as_bytes().first() {
        Some(b'-') => (true, &mantissa[1..]),
        Some(b'+') => (false, &mantissa[1..]),
        _ => (false, mantissa),
    };
    let (whole, fraction) = mantissa.split_once('.').unwrap_or((mantissa, ""));
    let all_digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
    if (whole.is_empty() && fraction.is_empty()) || !all_digits(whole) || !all_digits(fraction) {
        return None;
    }
    if exponent.unsigned_abs() > 10_000 {
        return None; // refuse absurd exponents rather than allocate gigantic integers
    }
    let digits: BigInt = format!("{whole}{fraction}").parse().ok()?;
    let scale = exponent - i32::try_from(fraction.len()).ok()?;
    let ten = BigInt::from(10);
    let power = num_traits::pow(ten, scale.unsigned_abs() as usize);
    let magnitude =
        if scale >= 0 { BigRational::from_integer(digits * power) } else { BigRational::new(digits, power) };
    Some(Rational(if negative { -magnitude } else { magnitude }))
}

impl Serialize for Rational {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Rational {
    /// Accepts a string (`"3/4"`, `"0.25"`) or a number (read exactly).
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        #[derive(Deserialize)]
        #[serde(untagged)]
        enum Repr {
            Text(String),
            Integer(i64),
            Float(f64),
        }
        match Repr::deserialize(deserializer)? {
            Repr::Text(text) => text.parse().map_err(serde::de::Error::custom),
            Repr::Integer(value) => Ok(Rational::integer(value)),
            Repr::Float(value) => Rational::from_f64(value)
                .ok_or_else(|| serde::de::Error::custom(format!("{value} is not a finite number"))),
        }
    }
}

impl From<i64> for Rational {
    fn from(value: i64) -> Self {
        Rational::integer(value)
    }
}

impl From<BigRational> for Rational {
    fn from(value: BigRational) -> Self {
        Rational(value)
    }
}

macro_rules! forward_binary {
    ($trait:ident, $method:ident, $assign_trait:ident, $assign_method:ident) => {
        impl $trait for Rational {
            type Output = Rational;
            fn $method(self, other: Rational) -> Rational {
                Rational(self.0.$method(other.0))
            }
        }
        impl<'a> $trait<&'a Rational> for Rational {
            type Output = Rational;
            fn $method(self, other: &'a Rational) -> Rational {
                Rational(self.0.$method(&other.0))
            }
        }
        impl<'a> $trait<&'a Rational> for &'a Rational {
            type Output = Rational;
            fn $method(self, other: &'a Rational) -> Rational {
                Rational((&self.0).$method(&other.0))
            }
        }
        impl $assign_trait for Rational {
            fn $assign_method(&mut self, other: Rational) {
                self.0.$assign_method(other.0);
            }
        }
    };
}

forward_binary!(Add, add, AddAssign, add_assign);
forward_binary!(Sub, sub, SubAssign, sub_assign);
forward_binary!(Mul, mul, MulAssign, mul_assign);

impl Div for Rational {
    type Output = Rational;
    /// Panics on division by zero, like integer division.
    fn div(self, other: Rational) -> Rational {
        Rational(self.0 / other.0)
    }
}

impl Neg for Rational {
    type Output = Rational;
    fn neg(self) -> Rational {
        Rational(-self.0)
    }
}

impl Sum for Rational {
    fn sum<I: Iterator<Item = Rational>>(iter: I) -> Rational {
        iter.fold(Rational::zero(), |acc, x| acc + x)
    }
}

impl Zero for Rational {
    fn zero() -> Self {
        Rational(BigRational::zero())
    }
    fn is_zero(&self) -> bool {
        self.0.is_zero()
    }
}

impl One for Rational {
    fn one() -> Self {
        Rational(BigRational::one())
    }
}

/// Compares a fraction with a double exactly (no rounding of either side).
pub fn compare_with_f64(exact: &Rational, value: f64) -> Option<Ordering> {
    Rational::from_f64(value).map(|v| exact.cmp(&v))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_integers_fractions_and_decimals_exactly() {
        assert_eq!("3/4".parse::<Rational>().unwrap(), Rational::new(3, 4));
        assert_eq!("-6/8".parse::<Rational>().unwrap(), Rational::new(-3, 4));
        assert_eq!("0.1".parse::<Rational>().unwrap(), Rational::new(1, 10));
        assert_eq!(".5".parse::<Rational>().unwrap(), Rational::new(1, 2));
        assert_eq!("-1.5e2".parse::<Rational>().unwrap(), Rational::integer(-150));
        assert_eq!("25e-2".parse::<Rational>().unwrap(), Rational::new(1, 4));
        assert_eq!("+7".parse::<Rational>().unwrap(), Rational::integer(7));
    }

    #[test]
    fn rejects_what_is_not_a_number() {
        for bad in ["", "abc", "1/0", "1.2.3", "--1", "1e", "3/x", ".", "1/-", "0x10"] {
            assert!(bad.parse::<Rational>().is_err(), "{bad:?} parsed");
        }
    }

    #[test]
    fn displays_lowest_terms_and_integers_plainly() {
        assert_eq!(Rational::new(6, 8).to_string(), "3/4");
        assert_eq!(Rational::new(4, 2).to_string(), "2");
        assert_eq!(Rational::new(1, -3).to_string(), "-1/3");
    }

    #[test]
    fn doubles_convert_exactly() {
        let tenth = Rational::from_f64(0.1).unwrap();
        assert_ne!(tenth, Rational::new(1, 10), "0.1 is not a double");
        assert_eq!(tenth.to_f64(), 0.1);
        assert!(Rational::from_f64(f64::NAN).is_none());
        assert_eq!(compare_with_f64(&Rational::new(1, 3), 0.3), Some(Ordering::Greater));
    }
}
