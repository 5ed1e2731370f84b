//! Calibration by approximate Bayesian computation with sequential Monte Carlo: ABC-SMC in its
//! population Monte Carlo form (Beaumont, Cornuet, Marin and Robert, "Adaptive approximate
//! Bayesian computation", Biometrika 96, 2009; Toni et al., J. R. Soc. Interface 6, 2009).
//!
//! The model is a closure `Fn(&[f64], seed) -> distance`: it simulates at parameters θ with a
//! seed and returns the distance between its outputs and the observations (which distance —
//! say a normalised Euclidean distance between summary statistics — is the caller's choice
//! and must be named where the calibration is reported). The posterior is approximated by a
//! population of weighted particles, refined generation after generation:
//!
//! 1. Generation 0 draws N particles from the prior (independent distributions, one per
//!    parameter), all accepted, with equal weights.
//! 2. Each later generation's tolerance ε_t is the `quantile` (e.g. the median) of the previous
//!    population's distances, so the schedule decreases adaptively. A proposal picks a particle
//!    of the previous population with probability equal to its weight and perturbs each
//!    parameter with a Gaussian kernel whose variance is twice that parameter's weighted
//!    variance in the previous population (Beaumont et al.'s choice; per parameter, not the
//!    full covariance); it is accepted if its prior density is positive and its distance is at
//!    most ε_t (a NaN distance, a failed simulation, is rejected).
//! 3. An accepted θ gets the importance weight π(θ) / Σ_j w_j K(θ | θ_j), normalised; the
//!    effective sample size 1 / Σ w² says how many equally weighted particles it is worth.
//!
//! It stops after `generations` generations, once the tolerance reaches `tolerance`, or when the
//! next generation would exceed `max_simulations` (then the last complete population is the
//! answer, and [`Stop::Budget`] says so). Proposal k of generation t draws its numbers from a
//! stream seeded by (seed, t, k), proposals are simulated in parallel in batches and accepted
//! in k order, so the posterior is the same on any number of threads.
//!
//! Known answer (tested): n = 20 observations of N(μ, 1) with mean 0.8 and the prior
//! μ ~ N(0, 1) give the posterior N(16/21, 1/21), mean 0.762 and sd 0.218; under the prior
//! U(−5, 5) the posterior is (to within 10^-100) N(0.8, 1/20).

use rand::rngs::ChaCha8Rng;
use rand::{Rng, SeedableRng};
use rayon::prelude::*;
use statecraft_scenario::distribution::{Distribution, normal_pdf, normal_quantile};

use super::DesignError;
use crate::seeds::run_seed;

/// How to run ABC-SMC.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Settings {
    /// N, the particles in each population.
    pub particles: usize,
    /// The most generations after the prior's.
    pub generations: usize,
    /// Each tolerance is this quantile of the previous population's distances, in (0, 1).
    pub quantile: f64,
    /// Stop once the tolerance is at most this (0: run every generation).
    pub tolerance: f64,
    /// The most simulations in all.
    pub max_simulations: usize,
    pub seed: u64,
}

/// A weighted population of particles.
#[derive(Clone, Debug, PartialEq)]
pub struct Population {
    /// One vector of parameter values per particle.
    pub particles: Vec<Vec<f64>>,
    /// Normalised importance weights, summing to 1.
    pub weights: Vec<f64>,
    pub distances: Vec<f64>,
    /// The tolerance every particle met (infinite for the prior's).
    pub tolerance: f64,
    /// Simulations this generation took.
    pub simulations: usize,
}

/// Why the calibration stopped.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Stop {
    Generations,
    Tolerance,
    Budget,
}

/// The result: every generation's population, the last being the posterior.
#[derive(Clone, Debug, PartialEq)]
pub struct Calibration {
    pub populations: Vec<Population>,
    pub stop: Stop,
}

impl Population {
    /// The effective sample size, 1 / Σ w².
    pub fn effective_size(&self) -> f64 {
        1.0 / self.weights.iter().map(|w| w * w).sum::<f64>()
    }

    /// The weighted mean of parameter `i`.
    pub fn mean(&self, i: usize) -> f64 {
        self.particles.iter().zip(&self.weights).map(|(p, w)| w * p[i]).sum()
    }

    /// The weighted variance of parameter `i` (of the weighted sample, not unbiased).
    pub fn variance(&self, i: usize) -> f64 {
        let mean = self.mean(i);
        self.particles.iter().zip(&self.weights).map(|(p, w)| w * (p[i] - mean) * (p[i] - mean)).sum()
    }

    pub fn acceptance(&self) -> f64 {
        self.particles.len() as f64 / self.simulations as f64
    }
}

impl Calibration {
    pub fn posterior(&self) -> &Population {
        self.populations.last().expect("a calibration has the prior's population at least")
    }
}

/// A proposal: its parameters, and its distance once simulated (infinite if it was not).
struct Proposal {
    theta: Vec<f64>,
    distance: f64,
}

/// Calibrates the parameters with `priors` against a model returning distances.
pub fn abc_smc<M>(priors: &[Distribution], model: M, settings: &Settings) -> Result<Calibration, DesignError>
where
    M: Fn(&[f64], u64) -> f64 + Sync,
{
    check(priors, settings)?;
    let n = settings.particles;
    let prior_density =
        |theta: &[f64]| -> f64 { priors.iter().zip(theta).map(|(p, &x)| p.density(x).unwrap_or(0.0)).product() };

    // Generation 0: the prior, every draw accepted.
    let first: Vec<Proposal> = (0..n)
        .into_par_iter()
        .map(|k| {
            let mut rng = stream(settings.seed, 0, k);
            let theta: Vec<f64> = priors.iter().map(|p| p.quantile(uniform(&mut rng))).collect();
            let distance = model(&theta, rng.next_u64());
            Proposal { theta, distance }
        })
        .collect();
    let mut populations = vec![Population {
        weights: vec![1.0 / n as f64; n],
        distances: first.iter().map(|p| p.distance).collect(),
        particles: first.into_iter().map(|p| p.theta).collect(),
        tolerance: f64::INFINITY,
        simulations: n,
    }];
    let mut spent = n;

    for generation in 1..=settings.generations {
        let last = populations.last().expect("the prior's population is there");
        if last.tolerance <= settings.tolerance {
            return Ok(Calibration { populations, stop: Stop::Tolerance });
        }
        let tolerance = quantile(&last.distances, settings.quantile);
        let scale: Vec<f64> = (0..priors.len()).map(|i| (2.0 * last.variance(i)).sqrt()).collect();
        if let Some(i) = scale.iter().position(|&s| !(s > 0.0 && s.is_finite())) {
            return Err(DesignError(format!(
                "generation {}: the particles of parameter {i} no longer vary (spread {}), so the kernel cannot perturb them",
                generation - 1,
                scale[i]
            )));
        }
        let cumulative: Vec<f64> = last
            .weights
            .iter()
            .scan(0.0, |sum, w| {
                *sum += w;
                Some(*sum)
            })
            .collect();
        let propose = |k: usize| -> Proposal {
            let mut rng = stream(settings.seed, generation, k);
            let u = uniform(&mut rng) * cumulative[n - 1];
            let ancestor = cumulative.partition_point(|&c| c < u).min(n - 1);
            let theta: Vec<f64> = last.particles[ancestor]
                .iter()
                .zip(&scale)
                .map(|(x, s)| x + s * normal_quantile(uniform(&mut rng)))
                .collect();
            let seed = rng.next_u64();
            let distance = if prior_density(&theta) > 0.0 { model(&theta, seed) } else { f64::INFINITY };
            Proposal { theta, distance }
        };
        let mut accepted: Vec<Proposal> = Vec::with_capacity(n);
        let mut simulations = 0;
        while accepted.len() < n {
            if spent + simulations + n > settings.max_simulations {
                return Ok(Calibration { populations, stop: Stop::Budget });
            }
            let batch: Vec<Proposal> = (simulations..simulations + n).into_par_iter().map(propose).collect();
            simulations += n;
            let room = n - accepted.len();
            accepted.extend(batch.into_iter().filter(|p| p.distance <= tolerance).take(room));
        }
        spent += simulations;
        let weights: Vec<f64> = accepted
            .par_iter()
            .map(|p| {
                let kernel: f64 = last
                    .particles
                    .iter()
                    .zip(&last.weights)
                    .map(|(q, w)| {
                        w * p
                            .theta
                            .iter()
                            .zip(q)
                            .zip(&scale)
                            .map(|((x, y), s)| normal_pdf((x - y) / s) / s)
                            .product::<f64>()
                    })
                    .sum();
                prior_density(&p.theta) / kernel
            })
            .collect();
        let total: f64 = weights.iter().sum();
        populations.push(Population {
            weights: weights.iter().map(|w| w / total).collect(),
            distances: accepted.iter().map(|p| p.distance).collect(),
            particles: accepted.into_iter().map(|p| p.theta).collect(),
            tolerance,
            simulations,
        });
    }
    let stop = if populations.last().is_some_and(|p| p.tolerance <= settings.tolerance) {
        Stop::Tolerance
    } else {
        Stop::Generations
    };
    Ok(Calibration { populations, stop })
}

fn check(priors: &[Distribution], settings: &Settings) -> Result<(), DesignError> {
    if priors.is_empty() {
        return Err(DesignError("ABC-SMC needs at least one parameter".into()));
    }
    for (i, prior) in priors.iter().enumerate() {
        prior.validate().map_err(|e| DesignError(format!("prior {i}: {e}")))?;
        if prior.density(prior.median()).is_none() {
            return Err(DesignError(format!(
                "prior {i} is a Choice, which has no density for the importance weights; ABC-SMC calibrates continuous parameters"
            )));
        }
    }
    if settings.particles < 2 {
        return Err(DesignError(format!("ABC-SMC needs at least 2 particles, not {}", settings.particles)));
    }
    if !(settings.quantile > 0.0 && settings.quantile < 1.0) {
        return Err(DesignError(format!("the tolerance quantile must lie in (0, 1), not {}", settings.quantile)));
    }
    if settings.max_simulations < settings.particles {
        return Err(DesignError(format!(
            "a budget of {} simulations cannot even draw the prior's {} particles",
            settings.max_simulations, settings.particles
        )));
    }
    Ok(())
}

/// The stream of proposal `k` in generation `generation`.
fn stream(seed: u64, generation: usize, k: usize) -> ChaCha8Rng {
    ChaCha8Rng::seed_from_u64(run_seed(seed, generation as u64, k as u64, 0))
}

/// A uniform number in (0, 1), never 0 or 1, where a quantile may be infinite.
fn uniform(rng: &mut ChaCha8Rng) -> f64 {
    ((rng.next_u64() >> 11) as f64 + 0.5) / (1u64 << 53) as f64
}

/// The `q` quantile of distances (by rank; NaN sorts last).
fn quantile(distances: &[f64], q: f64) -> f64 {
    let mut sorted = distances.to_vec();
    sorted.sort_by(f64::total_cmp);
    sorted[((q * sorted.len() as f64) as usize).min(sorted.len() - 1)]
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The mean of 20 draws of N(μ, 1), simulated exactly (it is N(μ, 1/20)), against 0.8.
    fn normal_mean(theta: &[f64], seed: u64) -> f64 {
        let mut rng = ChaCha8Rng::seed_from_u64(seed);
        let simulated = theta[0] + normal_quantile(uniform(&mut rng)) / 20f64.sqrt();
        (simulated - 0.8).abs()
    }

    fn settings() -> Settings {
        Settings { particles: 1000, generations: 8, quantile: 0.5, tolerance: 0.0, max_simulations: 400_000, seed: 4 }
    }

    #[test]
    fn recovers_the_posterior_of_a_normal_mean_under_a_normal_prior() {
        let prior = [Distribution::Normal { mean: 0.0, sd: 1.0, lo: None, hi: None }];
        let calibration = abc_smc(&prior, normal_mean, &settings()).unwrap();
        let posterior = calibration.posterior();
        let (mean, sd) = (posterior.mean(0), posterior.variance(0).sqrt());
        // Analytic: N(16/21, 1/21). Tolerance: a few standard errors of the weighted mean.
        assert!((mean - 16.0 / 21.0).abs() < 0.03, "posterior mean {mean}");
        assert!((sd / (1.0f64 / 21.0).sqrt() - 1.0).abs() < 0.1, "posterior sd {sd}");
        assert!(posterior.tolerance < 0.01, "final tolerance {}", posterior.tolerance);
        assert!(posterior.effective_size() > 300.0, "ESS {}", posterior.effective_size());
        // The tolerances decrease.
        let tolerances: Vec<f64> = calibration.populations.iter().map(|p| p.tolerance).collect();
        assert!(tolerances.windows(2).all(|w| w[1] < w[0]), "{tolerances:?}");
        assert_eq!(calibration.stop, Stop::Generations);
    }

    #[test]
    fn recovers_the_likelihood_under_a_uniform_prior() {
        let prior = [Distribution::Uniform { lo: -5.0, hi: 5.0 }];
        let posterior = abc_smc(&prior, normal_mean, &settings()).unwrap().posterior().clone();
        let (mean, sd) = (posterior.mean(0), posterior.variance(0).sqrt());
        assert!((mean - 0.8).abs() < 0.03, "posterior mean {mean}");
        assert!((sd / (1.0f64 / 20.0).sqrt() - 1.0).abs() < 0.1, "posterior sd {sd}");
        assert!(posterior.particles.iter().all(|p| (-5.0..=5.0).contains(&p[0])));
    }

    #[test]
    fn is_the_same_on_any_number_of_threads_and_keeps_to_its_budget() {
        let prior = [
            Distribution::Normal { mean: 0.0, sd: 1.0, lo: None, hi: None },
            Distribution::Uniform { lo: 0.0, hi: 1.0 },
        ];
        let model = |theta: &[f64], seed: u64| normal_mean(theta, seed) + theta[1];
        let small = Settings { particles: 200, generations: 4, max_simulations: 20_000, ..settings() };
        let on = |threads| {
            rayon::ThreadPoolBuilder::new()
                .num_threads(threads)
                .build()
                .unwrap()
                .install(|| abc_smc(&prior, model, &small).unwrap())
        };
        assert_eq!(on(1), on(3));
        let tight = Settings { max_simulations: 1000, ..small };
        let stopped = abc_smc(&prior, model, &tight).unwrap();
        assert_eq!(stopped.stop, Stop::Budget);
        assert!(stopped.populations.iter().map(|p| p.simulations).sum::<usize>() <= 1000);
    }

    #[test]
    fn refuses_what_it_cannot_do() {
        let choice = [Distribution::Choice { values: vec![1.0, 2.0] }];
        let error = abc_smc(&choice, normal_mean, &settings()).unwrap_err().to_string();
        assert!(error.contains("Choice"), "{error}");
        let bad = Settings { quantile: 1.0, ..settings() };
        assert!(abc_smc(&[Distribution::Uniform { lo: 0.0, hi: 1.0 }], normal_mean, &bad).is_err());
        assert!(
            abc_smc(&[Distribution::Uniform { lo: 1.0, hi: 0.0 }], normal_mean, &settings())
                .unwrap_err()
                .to_string()
                .contains("prior 0")
        );
    }
}
