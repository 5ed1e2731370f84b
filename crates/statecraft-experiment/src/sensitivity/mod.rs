//! Global sensitivity analysis and calibration as pure functions over a model given as numbers
//! in, numbers out: designs that are deterministic lists of points indexable by number (so any
//! block or shard of an experiment computes its own points), and estimators over the outputs.
//! Nothing here knows the simulator; the tests check every method on analytic functions.
//!
//! - `sobol_sequence`: the scrambled Sobol low-discrepancy sequence (Joe–Kuo direction numbers
//!   in `joe_kuo`).
//! - `saltelli`: Saltelli's design and the first-order (Saltelli 2010) and total (Jansen 1999)
//!   Sobol indices, with bootstrap intervals and replicates per point; known answers: the
//!   Ishigami and Sobol G functions.
//! - `morris`: Morris's elementary effects (μ, μ*, σ) on r trajectories of a p-level grid.
//! - `nested`: the split of an outcome's variance between uncertain parameters and seeds in a
//!   nested design (K draws × R replicates), by the law of total variance.
//! - `abc`: approximate Bayesian computation by sequential Monte Carlo (population Monte
//!   Carlo); known answer: a normal mean under a normal or a uniform prior.
//!
//! Points live in the unit cube; a parameter's value is its distribution's quantile of the
//! coordinate (`statecraft_scenario::distribution`).

pub mod abc;
mod joe_kuo;
pub mod morris;
pub mod nested;
pub mod saltelli;
pub mod sobol_sequence;

/// A design or an analysis that cannot be made as asked (too many dimensions, too few
/// samples, outputs of the wrong length): the message says which and why.
#[derive(Clone, Debug, PartialEq, thiserror::Error)]
#[error("{0}")]
pub struct DesignError(pub String);

/// Checks that `outputs` holds `replicates` finite values for each of a design's `points`.
fn check_outputs(points: usize, outputs: &[f64], replicates: usize) -> Result<(), DesignError> {
    if replicates == 0 || outputs.len() != points * replicates {
        return Err(DesignError(format!(
            "the design has {points} points; with {replicates} replicates it needs {} outputs, not {}",
            points * replicates,
            outputs.len()
        )));
    }
    match outputs.iter().position(|y| !y.is_finite()) {
        Some(p) => Err(DesignError(format!("output {p} is {}, not a finite number", outputs[p]))),
        None => Ok(()),
    }
}
