//! Value types that check their own range when read, so a bad number is reported where it
//! was written: fractions in [0, 1], non-negative quantities, calendar months, horizons.

use std::fmt;

use serde::de::{self, Deserializer};
use serde::{Deserialize, Serialize, Serializer};

use crate::quote::excerpt;
use crate::ron::value_error;

fn finite<E: de::Error>(x: f64) -> Result<f64, E> {
    if x.is_finite() { Ok(x) } else { Err(E::custom(format!("expected a finite number, found {x}"))) }
}

/// A number in [0, 1]: a probability, a share, an intensity.
#[derive(Clone, Copy, Debug, Default, PartialEq, PartialOrd, Serialize)]
#[serde(transparent)]
pub struct Fraction(pub f64);

impl<'de> Deserialize<'de> for Fraction {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let x = finite(f64::deserialize(deserializer)?)?;
        if (0.0..=1.0).contains(&x) {
            Ok(Fraction(x))
        } else {
            Err(value_error(
                format!("expected a fraction between 0 and 1, found {x}"),
                "shares and probabilities are fractions: 25% is written 0.25",
            ))
        }
    }
}

/// A quantity that cannot be negative: money, chips, compute, months of delay.
#[derive(Clone, Copy, Debug, Default, PartialEq, PartialOrd, Serialize)]
#[serde(transparent)]
pub struct Amount(pub f64);

impl Amount {
    /// Far above any quantity of the model, and far enough below f64's range that sums and
    /// products of a run cannot overflow.
    pub const MAX: f64 = 1e15;
}

impl<'de> Deserialize<'de> for Amount {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let x = finite(f64::deserialize(deserializer)?)?;
        if x < 0.0 {
            Err(value_error(format!("expected a number ≥ 0, found {x}"), "this quantity cannot be negative"))
        } else if x > Amount::MAX {
            Err(value_error(
                format!("expected a number ≤ {:e}, found {x:e}", Amount::MAX),
                "no quantity of this model comes near it (money is in $bn or $, chips and compute in units)",
            ))
        } else {
            Ok(Amount(x))
        }
    }
}

/// How many months a run lasts: at least one, at most a century.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(transparent)]
pub struct Horizon(pub u32);

impl Horizon {
    pub const MAX: u32 = 1200;
}

impl<'de> Deserialize<'de> for Horizon {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let n = u32::deserialize(deserializer)?;
        if (1..=Self::MAX).contains(&n) {
            Ok(Horizon(n))
        } else {
            let hint = if n == 0 { "a run lasts at least one month" } else { "a run lasts at most a century" };
            Err(value_error(format!("expected between 1 and {} months, found {n}", Self::MAX), hint))
        }
    }
}

/// A calendar month, written "YYYY-MM".
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Month {
    /// Months since January of year 0: comparisons and arithmetic are plain integer ones.
    index: i32,
}

impl Month {
    pub fn new(year: i32, month: u32) -> Option<Month> {
        (1..=12).contains(&month).then(|| Month { index: year * 12 + month as i32 - 1 })
    }

    pub fn year(self) -> i32 {
        self.index.div_euclid(12)
    }

    /// 1 = January.
    pub fn month(self) -> u32 {
        self.index.rem_euclid(12) as u32 + 1
    }

    pub fn plus(self, months: i32) -> Month {
        Month { index: self.index + months }
    }

    /// Whole months from `earlier` to `self`.
    pub fn since(self, earlier: Month) -> i32 {
        self.index - earlier.index
    }

    pub fn parse(text: &str) -> Option<Month> {
        let (year, month) = text.split_once('-')?;
        if year.len() != 4 || month.len() != 2 {
            return None;
        }
        Month::new(year.parse().ok()?, month.parse().ok()?)
    }
}

impl fmt::Display for Month {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}", self.year(), self.month())
    }
}

impl Serialize for Month {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Month {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        Month::parse(&text).ok_or_else(|| {
            value_error(
                format!("expected a month written \"YYYY-MM\", found {:?}", excerpt(&text)),
                "for April 2026 write \"2026-04\"",
            )
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn months_parse_print_and_count() {
        let m = Month::parse("2025-12").unwrap();
        assert_eq!(m.to_string(), "2025-12");
        assert_eq!(m.plus(1).to_string(), "2026-01");
        assert_eq!(m.plus(-12).to_string(), "2024-12");
        assert_eq!(Month::parse("2026-04").unwrap().since(m), 4);
        for bad in ["2026-13", "2026-00", "26-04", "2026/04", "2026-4", "april"] {
            assert_eq!(Month::parse(bad), None, "{bad}");
        }
    }
}
