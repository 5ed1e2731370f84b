//! Logit quantal response equilibrium (McKelvey & Palfrey 1995): every player plays each action
//! with probability proportional to exp(λ · its expected payoff). At λ = 0 play is uniform; as
//! λ grows the equilibria approach Nash equilibria. The *principal branch* is the curve of
//! equilibria that starts at the uniform profile; for generic games it is a smooth curve that
//! leads to one Nash equilibrium, the one `gambit-logit` selects (Turocy 2005).
//!
//! The branch is traced as a curve, not as a function of λ: it may fold back, λ decreasing for a
//! while before it grows again, and a continuation in λ alone would jump off it at the fold. So
//! the unknowns are log-odds `z` (each action's log-probability minus that of a reference action
//! of the same player) together with λ, and the curve `F(z, λ) = 0` with
//! `F_pa = z_pa − λ (v_pa − v_pr)` is followed by pseudo-arclength continuation (Allgower &
//! Georg 1990, ch. 2): an Euler predictor along the unit tangent, then Newton's method on
//! `F = 0` together with the hyperplane through the prediction orthogonal to the tangent. Steps
//! shrink when the corrector struggles or the tangent turns too far, and grow when it does not.
//! Far out the branch becomes a straight ray (log-odds grow linearly in λ), so steps grow
//! geometrically and λ = 10⁶ takes a few dozen steps. Each player's reference action is kept
//! among its most probable ones, so that the log-odds that matter stay small numbers that
//! doubles hold precisely however large λ gets.
//!
//! Symmetric games can make the branch cross another curve of equilibria (a pitchfork: the
//! battle of the sexes does at λ ≈ 0.81). The tracer notices the crossing (the determinant of
//! the Jacobian bordered by the tangent changes sign) and, as Gambit does, makes every player
//! but the first a little less precise (λ(1 − 10⁻⁷)) for a short stretch, which carries it onto
//! the arm Gambit follows; if that leads back towards smaller λ (an arm rejoining the branch it
//! left, as in Shapley's game), the opposite perturbation leads on, as Gambit's tracer goes. At
//! a degenerate crossing that the perturbation does not resolve (the three-player game of
//! McKelvey & McLennan in Gambit's `contrib/games/2x2x2.nfg` at λ ≈ 0.597, `deg1.nfg` at
//! λ = 3) the tracer stops with an error; Gambit's stops there too. This is the method of
//! Gambit's `gambit-logit` (there with log-probabilities as unknowns); `tests/qre_reference.rs`
//! and `tests/reference.rs` check the answers against pygambit's on folding, random, textbook
//! and published games.
//!
//! The QRE "at λ" is where the branch first reaches λ, refined by Newton's method at that λ.
//! The answer is in floating point: `residual` says how far from a fixed point it is. The
//! Jacobian is dense, so this suits games with up to a few hundred actions in all.

use crate::error::SolveError;
use crate::normal_form::NormalForm;

/// One point of the logit equilibrium branch.
#[derive(Clone, Debug, PartialEq)]
pub struct QrePoint {
    pub lambda: f64,
    pub strategies: Vec<Vec<f64>>,
    /// The largest change one logit response would still make: ~0 at a fixed point.
    pub residual: f64,
}

/// Arc length of the first step.
const FIRST_STEP: f64 = 0.03;
/// Below this step length the branch is declared lost.
const MIN_STEP: f64 = 1e-10;
/// Step growth after an easy step.
const GROWTH: f64 = 1.5;
/// The corrector's first Newton step may move at most this far (in log-odds and λ)...
const MAX_CORRECTION: f64 = 0.4;
/// ... and each further step must shrink by at least this factor.
const MAX_CONTRACTION: f64 = 0.6;
/// The tangent may turn by at most about 18° over a step.
const MIN_COSINE: f64 = 0.95;
const CORRECTOR_ITERATIONS: usize = 12;
/// Steps the tracer may take before it gives up.
const MAX_STEPS: usize = 200_000;
/// Size of the perturbation past a bifurcation (Gambit's too)...
const PERTURBATION: f64 = 1e-7;
/// ... made ten times larger, up to this, whenever steps fall below `STUCK_STEP`.
const MAX_PERTURBATION: f64 = 1e-3;
const STUCK_STEP: f64 = 1e-8;

/// The logit QRE at each of `lambdas` (any order, each ≥ 0): the first point where the
/// principal branch reaches that λ. The answers come back in the order asked.
pub fn path(game: &NormalForm<f64>, lambdas: &[f64]) -> Result<Vec<QrePoint>, SolveError> {
    if let Some(&bad) = lambdas.iter().find(|l| !(l.is_finite() && **l >= 0.0)) {
        return Err(SolveError::PathLost { lambda: bad, reason: "lambda must be a finite number >= 0".into() });
    }
    let mut order: Vec<usize> = (0..lambdas.len()).collect();
    order.sort_by(|&a, &b| lambdas[a].total_cmp(&lambdas[b]));
    let mut found: Vec<Option<QrePoint>> = vec![None; lambdas.len()];
    let mut tracer = Tracer::start(game)?;
    for k in order {
        while tracer.lambda() < lambdas[k] {
            tracer.step()?;
        }
        // The last step reached the target (or λ = 0 at the start): refine at exactly it.
        found[k] = Some(tracer.point_at(lambdas[k])?);
    }
    // Every target was reached, in order, above.
    Ok(found.into_iter().flatten().collect())
}

/// The logit QRE at one `lambda`.
pub fn at(game: &NormalForm<f64>, lambda: f64) -> Result<QrePoint, SolveError> {
    Ok(path(game, &[lambda])?.remove(0))
}

/// The principal branch from λ = 0 until it first reaches `max_lambda`: every point the tracer
/// stepped to (λ may fall for a while where the branch folds back), ending exactly at
/// `max_lambda`.
pub fn branch(game: &NormalForm<f64>, max_lambda: f64) -> Result<Vec<QrePoint>, SolveError> {
    if !(max_lambda.is_finite() && max_lambda >= 0.0) {
        return Err(SolveError::PathLost { lambda: max_lambda, reason: "lambda must be a finite number >= 0".into() });
    }
    let mut tracer = Tracer::start(game)?;
    let mut points = vec![tracer.curve.point(&tracer.w)];
    while tracer.lambda() < max_lambda {
        tracer.step()?;
        if tracer.lambda() < max_lambda {
            points.push(tracer.curve.point(&tracer.w));
        }
    }
    if max_lambda > 0.0 {
        points.push(tracer.point_at(max_lambda)?);
    }
    Ok(points)
}

/// The curve `F(z, λ) = 0` of a game, with `w = (z, λ)`: for each player in turn, the log-odds
/// of its actions other than the reference, in order; λ last.
#[derive(Clone)]
struct Curve<'g> {
    game: &'g NormalForm<f64>,
    /// Each player's reference action.
    references: Vec<usize>,
    /// Where each player's log-odds start in `w`.
    offsets: Vec<usize>,
    /// Number of log-odds (the last entry of `w` is λ).
    size: usize,
    /// The largest payoff in absolute value.
    scale: f64,
}

impl<'g> Curve<'g> {
    fn new(game: &'g NormalForm<f64>) -> Self {
        let mut offsets = Vec::new();
        let mut size = 0;
        for n in game.actions() {
            offsets.push(size);
            size += n - 1;
        }
        let scale = game.payoffs.iter().flatten().fold(0.0, |m: f64, u| m.max(u.abs()));
        Curve { game, references: vec![0; game.player_count()], offsets, size, scale }
    }

    /// Where player `p`'s action `a` sits in `w` (`None` for the reference action).
    fn slot(&self, p: usize, a: usize) -> Option<usize> {
        let r = self.references[p];
        (a != r).then(|| self.offsets[p] + a - usize::from(a > r))
    }

    /// Player `p`'s log-odds, the reference's (zero) included.
    fn logits(&self, w: &[f64], p: usize) -> Vec<f64> {
        (0..self.game.strategies[p].len()).map(|a| self.slot(p, a).map_or(0.0, |k| w[k])).collect()
    }

    /// The same point (or direction: the map is linear) with other reference actions.
    fn rereferenced(&self, w: &[f64], references: &[usize]) -> Vec<f64> {
        let mut out = vec![0.0; w.len()];
        out[self.size] = w[self.size];
        let target = Curve { references: references.to_vec(), offsets: self.offsets.clone(), ..*self };
        for p in 0..self.game.player_count() {
            let logits = self.logits(w, p);
            for (a, l) in logits.iter().enumerate() {
                if let Some(k) = target.slot(p, a) {
                    out[k] = l - logits[references[p]];
                }
            }
        }
        out
    }

    /// Tight bounds: how far from zero rounding alone keeps each equation, a few dozen ulps of
    /// its terms, and how small a Newton correction of each unknown counts as none.
    fn converged(&self, w: &[f64], f: &[f64], step: Option<&[f64]>) -> bool {
        let lambda_scale = w[self.size].abs() * self.scale;
        let residual_ok = f.iter().zip(w).all(|(r, z)| r.abs() <= 1e-14 * (1.0 + z.abs() + lambda_scale));
        let step_ok = step.is_some_and(|d| d.iter().zip(w).all(|(d, z)| d.abs() <= 1e-12 * (1.0 + z.abs())));
        residual_ok || step_ok
    }

    fn strategies(&self, w: &[f64]) -> Vec<Vec<f64>> {
        (0..self.game.player_count())
            .map(|p| {
                let logits = self.logits(w, p);
                let top = logits.iter().copied().fold(f64::NEG_INFINITY, f64::max);
                let weights: Vec<f64> = logits.iter().map(|l| libm::exp(l - top)).collect();
                let total: f64 = weights.iter().sum();
                weights.iter().map(|x| x / total).collect()
            })
            .collect()
    }

    fn point(&self, w: &[f64]) -> QrePoint {
        let lambda = w[self.size];
        let strategies = self.strategies(w);
        let residual = distance(&response(self.game, &strategies, lambda), &strategies);
        QrePoint { lambda, strategies, residual }
    }

    /// `F(w)` and its Jacobian, `size` rows of `size + 1` columns (the last is ∂F/∂λ), with
    /// every player but the first a little less precise, λ(1 − ε): the perturbation that
    /// carries the tracer past a bifurcation onto one arm (as Gambit's does).
    fn evaluate(&self, w: &[f64], perturbation: f64) -> (Vec<f64>, Vec<Vec<f64>>) {
        let game = self.game;
        let players = game.player_count();
        let actions = game.actions();
        let sigma = self.strategies(w);
        let values: Vec<Vec<f64>> = (0..players).map(|p| game.action_values(&sigma, p)).collect();
        // cross[p][q][a * n_q + b]: p's expected payoff when p plays a and q plays b.
        let mut cross: Vec<Vec<Vec<f64>>> =
            (0..players).map(|p| (0..players).map(|q| vec![0.0; actions[p] * actions[q]]).collect()).collect();
        if players > 1 {
            for k in 0..game.profile_count() {
                let s = game.profile(k);
                for p in 0..players {
                    let u = game.payoffs[k][p];
                    if u == 0.0 {
                        continue;
                    }
                    for q in (0..players).filter(|&q| q != p) {
                        let weight: f64 = (0..players).filter(|&r| r != p && r != q).map(|r| sigma[r][s[r]]).product();
                        cross[p][q][s[p] * actions[q] + s[q]] += weight * u;
                    }
                }
            }
        }
        let mut f = vec![0.0; self.size];
        let mut jacobian = vec![vec![0.0; self.size + 1]; self.size];
        for p in 0..players {
            let precision = if p == 0 { 1.0 } else { 1.0 - perturbation };
            let lambda = w[self.size] * precision;
            let r = self.references[p];
            for a in (0..actions[p]).filter(|&a| a != r) {
                let row = self.slot(p, a).expect("not the reference");
                f[row] = w[row] - lambda * (values[p][a] - values[p][r]);
                jacobian[row][row] = 1.0;
                for q in (0..players).filter(|&q| q != p) {
                    let n = actions[q];
                    for b in 0..n {
                        let Some(column) = self.slot(q, b) else { continue };
                        let da = cross[p][q][a * n + b] - values[p][a];
                        let dr = cross[p][q][r * n + b] - values[p][r];
                        jacobian[row][column] -= lambda * sigma[q][b] * (da - dr);
                    }
                }
                jacobian[row][self.size] = -(values[p][a] - values[p][r]) * precision;
            }
        }
        (f, jacobian)
    }

    /// The unit tangent at a point with this Jacobian, oriented to make an acute angle with
    /// `previous`, and the sign of the determinant of the Jacobian bordered by it. Along a
    /// regular curve the sign stays the same; it changes where the curve crosses another (a
    /// bifurcation).
    fn tangent(&self, jacobian: &[Vec<f64>], previous: &[f64]) -> Option<(Vec<f64>, bool)> {
        let mut system = jacobian.to_vec();
        system.push(previous.to_vec());
        let mut rhs = vec![0.0; self.size + 1];
        rhs[self.size] = 1.0;
        // `previous` is τ/|τ|² plus a combination of J's rows, so det [J; previousᵀ] has the
        // sign of det [J; τᵀ].
        let (t, positive) = linear_solve_signed(system, rhs)?;
        let length = norm2(&t);
        (length.is_finite() && length > 0.0).then(|| (t.iter().map(|x| x / length).collect(), positive))
    }
}

/// The state of the continuation: the current point, the one before, and the tangent.
#[derive(Clone)]
struct Tracer<'g> {
    curve: Curve<'g>,
    w: Vec<f64>,
    previous: Vec<f64>,
    tangent: Vec<f64>,
    /// The sign of the bordered Jacobian's determinant, to notice bifurcations.
    orientation: bool,
    step: f64,
    steps: usize,
    /// Past a bifurcation: the perturbation in force (its sign says which way) and how much
    /// longer (in arc length).
    perturbation: f64,
    countdown: f64,
    /// The tracer as it was before the bifurcation, while the perturbation is in force.
    before_crossing: Option<Box<Tracer<'g>>>,
}

impl<'g> Tracer<'g> {
    /// At λ = 0 play is uniform (all log-odds zero); the branch leaves towards growing λ.
    fn start(game: &'g NormalForm<f64>) -> Result<Tracer<'g>, SolveError> {
        let curve = Curve::new(game);
        let w = vec![0.0; curve.size + 1];
        let mut up = vec![0.0; curve.size + 1];
        up[curve.size] = 1.0;
        let (_, jacobian) = curve.evaluate(&w, 0.0);
        // At λ = 0 the log-odds block of the Jacobian is the identity: never singular, unless
        // payoffs too large for doubles (beyond `MAX_PAYOFF`, which games refuse) overflow it.
        let Some((tangent, orientation)) = curve.tangent(&jacobian, &up) else {
            return Err(SolveError::PathLost {
                lambda: 0.0,
                reason: format!(
                    "the payoffs (up to {:e}) overflow the tracer's arithmetic; divide them by a constant c and multiply lambda by c",
                    curve.scale
                ),
            });
        };
        Ok(Tracer {
            curve,
            previous: w.clone(),
            w,
            tangent,
            orientation,
            step: FIRST_STEP,
            steps: 0,
            perturbation: 0.0,
            countdown: 0.0,
            before_crossing: None,
        })
    }

    fn lambda(&self) -> f64 {
        self.w[self.curve.size]
    }

    fn lost(&self, reason: &str) -> SolveError {
        SolveError::PathLost { lambda: self.lambda(), reason: reason.into() }
    }

    /// One accepted predictor–corrector step along the branch.
    fn step(&mut self) -> Result<(), SolveError> {
        loop {
            if self.step < STUCK_STEP && self.perturbation.abs() < MAX_PERTURBATION {
                // Stuck near a crossing: a larger perturbation unfolds it more smoothly.
                let sign = if self.perturbation < 0.0 { -1.0 } else { 1.0 };
                self.perturbation = sign * (self.perturbation.abs() * 10.0).max(PERTURBATION);
                self.countdown = self.countdown.max(1e-3);
                self.step = 1e-4;
            }
            if self.step < MIN_STEP {
                return Err(self.lost("the step length fell below 1e-10 (the branch may bifurcate here)"));
            }
            self.steps += 1;
            if self.steps > MAX_STEPS {
                return Err(self.lost("too many steps"));
            }
            let Some((w, tangent, orientation, easy)) = self.try_step() else {
                self.step /= 2.0;
                continue;
            };
            if orientation != self.orientation {
                // The step crossed a bifurcation, or jumped to another part of the curve. Take
                // it again, shorter, on the perturbed curve: that one does not cross itself but
                // turns onto one arm, and short enough steps follow the turn.
                if self.perturbation == 0.0 {
                    self.before_crossing = Some(Box::new(self.clone()));
                    self.perturbation = PERTURBATION;
                    self.countdown = 2.0 * self.step;
                }
                self.step /= 2.0;
                continue;
            }
            self.previous = std::mem::replace(&mut self.w, w);
            self.tangent = tangent;
            if self.perturbation != 0.0 {
                self.countdown -= self.step;
                if self.countdown < 0.0 {
                    self.perturbation = 0.0;
                    self.reorient()?;
                    if let Some(before) = self.before_crossing.take() {
                        let size = self.curve.size;
                        if self.tangent[size] < 0.0 && before.tangent[size] > 0.0 {
                            // The perturbation led back towards smaller λ (where an arm
                            // rejoins the branch it left); the other sign leads on.
                            *self = Tracer { perturbation: -PERTURBATION, countdown: 2.0 * before.step, ..*before };
                            self.step /= 2.0;
                            continue;
                        }
                    }
                }
            }
            self.rereference()?;
            if easy {
                self.step *= GROWTH;
            }
            return Ok(());
        }
    }

    /// The tangent and orientation of the unperturbed curve at the current point.
    fn reorient(&mut self) -> Result<(), SolveError> {
        let (_, jacobian) = self.curve.evaluate(&self.w, self.perturbation);
        let (tangent, orientation) =
            self.curve.tangent(&jacobian, &self.tangent).ok_or_else(|| self.lost("singular Jacobian"))?;
        self.tangent = tangent;
        self.orientation = orientation;
        Ok(())
    }

    /// Makes each player's most probable action its reference once the current reference is
    /// less than half as likely.
    fn rereference(&mut self) -> Result<(), SolveError> {
        let sigma = self.curve.strategies(&self.w);
        let references: Vec<usize> = sigma
            .iter()
            .zip(&self.curve.references)
            .map(|(s, &r)| {
                let best = (0..s.len()).fold(0, |b, a| if s[a] > s[b] { a } else { b });
                if s[r] < 0.5 * s[best] { best } else { r }
            })
            .collect();
        if references == self.curve.references {
            return Ok(());
        }
        self.w = self.curve.rereferenced(&self.w, &references);
        self.previous = self.curve.rereferenced(&self.previous, &references);
        let direction = self.curve.rereferenced(&self.tangent, &references);
        let length = norm2(&direction);
        self.curve.references = references;
        self.tangent = direction.iter().map(|x| x / length).collect();
        self.reorient()
    }

    /// Predict along the tangent, correct onto the curve; `None` if the step was too long.
    /// Returns the new point, its tangent and orientation, and whether the step was easy.
    fn try_step(&self) -> Option<(Vec<f64>, Vec<f64>, bool, bool)> {
        let curve = &self.curve;
        let predicted: Vec<f64> = self.w.iter().zip(&self.tangent).map(|(x, t)| x + self.step * t).collect();
        let mut y = predicted.clone();
        let mut last: Option<Vec<f64>> = None;
        for iteration in 0..=CORRECTOR_ITERATIONS {
            let (f, jacobian) = curve.evaluate(&y, self.perturbation);
            if iteration > 0 && curve.converged(&y, &f, last.as_deref()) {
                let (tangent, orientation) = curve.tangent(&jacobian, &self.tangent)?;
                let cosine = dot(&tangent, &self.tangent);
                if cosine < MIN_COSINE || y[curve.size] < 0.0 {
                    return None;
                }
                return Some((y, tangent, orientation, iteration <= 3 && cosine > 0.999));
            }
            if iteration == CORRECTOR_ITERATIONS {
                return None;
            }
            let mut system = jacobian;
            system.push(self.tangent.clone());
            let mut rhs: Vec<f64> = f.iter().map(|x| -x).collect();
            rhs.push(-dot(&self.tangent, &y.iter().zip(&predicted).map(|(a, b)| a - b).collect::<Vec<_>>()));
            let delta = linear_solve(system, rhs)?;
            let size = norm2(&delta);
            let before = last.as_deref().map_or(f64::INFINITY, norm2);
            if !size.is_finite() || (iteration == 0 && size > MAX_CORRECTION) || size > MAX_CONTRACTION * before {
                return None;
            }
            for (x, d) in y.iter_mut().zip(&delta) {
                *x += d;
            }
            last = Some(delta);
        }
        None
    }

    /// The point of the branch at exactly `lambda`, which the last step reached: Newton's
    /// method in the log-odds at that λ, from the point interpolated on the step.
    fn point_at(&self, lambda: f64) -> Result<QrePoint, SolveError> {
        let curve = &self.curve;
        let (from, to) = (&self.previous, &self.w);
        let (l0, l1) = (from[curve.size], to[curve.size]);
        let share = if l1 > l0 { ((lambda - l0) / (l1 - l0)).clamp(0.0, 1.0) } else { 1.0 };
        let mut w: Vec<f64> = from.iter().zip(to).map(|(a, b)| a + share * (b - a)).collect();
        w[curve.size] = lambda;
        let mut last: Option<Vec<f64>> = None;
        for _ in 0..50 {
            let (f, jacobian) = curve.evaluate(&w, 0.0);
            if curve.converged(&w, &f, last.as_deref()) {
                return Ok(curve.point(&w));
            }
            let square: Vec<Vec<f64>> = jacobian
                .into_iter()
                .map(|mut r| {
                    r.pop();
                    r
                })
                .collect();
            let Some(mut step) = linear_solve(square, f.iter().map(|x| -x).collect()) else { break };
            step.push(0.0);
            // Damped: halve the step until the residual falls.
            let mut t = 1.0;
            loop {
                let trial: Vec<f64> = w.iter().zip(&step).map(|(x, d)| x + t * d).collect();
                if norm_inf(&curve.evaluate(&trial, 0.0).0) < norm_inf(&f) || t < 1e-6 {
                    w = trial;
                    break;
                }
                t /= 2.0;
            }
            last = Some(step.iter().map(|d| t * d).collect());
        }
        Err(SolveError::PathLost { lambda, reason: "Newton's method did not converge at this lambda".into() })
    }
}

fn response(game: &NormalForm<f64>, sigma: &[Vec<f64>], lambda: f64) -> Vec<Vec<f64>> {
    (0..game.player_count())
        .map(|p| {
            let values = game.action_values(sigma, p);
            let top = values.iter().copied().fold(f64::NEG_INFINITY, f64::max);
            let weights: Vec<f64> = values.iter().map(|v| libm::exp(lambda * (v - top))).collect();
            let total: f64 = weights.iter().sum();
            weights.iter().map(|w| w / total).collect()
        })
        .collect()
}

fn distance(a: &[Vec<f64>], b: &[Vec<f64>]) -> f64 {
    a.iter().flatten().zip(b.iter().flatten()).map(|(x, y)| (x - y).abs()).fold(0.0, f64::max)
}

fn dot(a: &[f64], b: &[f64]) -> f64 {
    a.iter().zip(b).map(|(x, y)| x * y).sum()
}

fn norm2(v: &[f64]) -> f64 {
    libm::sqrt(dot(v, v))
}

fn norm_inf(v: &[f64]) -> f64 {
    v.iter().map(|x| x.abs()).fold(0.0, f64::max)
}

/// Solve `j · x = b` by Gaussian elimination with partial pivoting; `None` if singular.
fn linear_solve(j: Vec<Vec<f64>>, b: Vec<f64>) -> Option<Vec<f64>> {
    linear_solve_signed(j, b).map(|(x, _)| x)
}

/// [`linear_solve`], also returning whether `det j` is positive.
fn linear_solve_signed(mut j: Vec<Vec<f64>>, mut b: Vec<f64>) -> Option<(Vec<f64>, bool)> {
    let n = b.len();
    let mut positive = true;
    for c in 0..n {
        let pivot = (c..n).max_by(|&x, &y| j[x][c].abs().total_cmp(&j[y][c].abs()))?;
        if j[pivot][c] == 0.0 || !j[pivot][c].is_finite() {
            return None;
        }
        if pivot != c {
            positive = !positive;
        }
        if j[pivot][c] < 0.0 {
            positive = !positive;
        }
        j.swap(c, pivot);
        b.swap(c, pivot);
        let (top, rest) = j.split_at_mut(c + 1);
        let pivot_row = &top[c];
        for (r, row) in rest.iter_mut().enumerate() {
            let f = row[c] / pivot_row[c];
            if f != 0.0 {
                for (x, p) in row[c..].iter_mut().zip(&pivot_row[c..]) {
                    *x -= f * p;
                }
                b[c + 1 + r] -= f * b[c];
            }
        }
    }
    let mut x = vec![0.0; n];
    for r in (0..n).rev() {
        x[r] = (b[r] - (r + 1..n).map(|k| j[r][k] * x[k]).sum::<f64>()) / j[r][r];
    }
    Some((x, positive))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn bimatrix(m: usize, n: usize, a: &[f64], b: &[f64]) -> NormalForm<f64> {
        // a, b row-major; profiles first player fastest.
        let payoffs = (0..m * n).map(|k| {
            let (i, j) = (k % m, k / m);
            vec![a[i * n + j], b[i * n + j]]
        });
        let names = |k: usize| (1..=k).map(|i| format!("s{i}")).collect();
        NormalForm::new(String::new(), vec!["row".into(), "col".into()], vec![names(m), names(n)], payoffs.collect())
            .unwrap()
    }

    #[test]
    fn probabilities_sum_to_one_and_lambda_zero_is_uniform() {
        let g = bimatrix(2, 2, &[3.0, 0.0, 5.0, 1.0], &[3.0, 5.0, 0.0, 1.0]);
        let p = at(&g, 0.0).unwrap();
        assert_eq!(p.strategies, vec![vec![0.5, 0.5]; 2]);
        for point in path(&g, &[0.5, 1.0, 5.0, 20.0]).unwrap() {
            for s in &point.strategies {
                assert!((s.iter().sum::<f64>() - 1.0).abs() < 1e-12);
            }
            assert!(point.residual < 1e-9);
        }
    }

    #[test]
    fn a_fixed_point_of_the_logit_response() {
        let g = bimatrix(2, 2, &[2.0, 0.0, 0.0, 1.0], &[1.0, 0.0, 0.0, 2.0]);
        let p = at(&g, 3.0).unwrap();
        let r = response(&g, &p.strategies, 3.0);
        assert!(distance(&r, &p.strategies) < 1e-9);
    }

    #[test]
    fn points_are_labelled_by_their_own_lambda_in_any_order() {
        let g = bimatrix(2, 2, &[2.0, 0.0, 0.0, 1.0], &[1.0, 0.0, 0.0, 2.0]);
        let asked = path(&g, &[5.0, 1.0, 3.0]).unwrap();
        assert_eq!(asked.iter().map(|p| p.lambda).collect::<Vec<_>>(), vec![5.0, 1.0, 3.0]);
        for p in &asked {
            assert_eq!(p, &at(&g, p.lambda).unwrap());
            assert!(distance(&response(&g, &p.strategies, p.lambda), &p.strategies) < 1e-9);
        }
        assert!(path(&g, &[-1.0]).is_err() && path(&g, &[f64::NAN]).is_err());
    }

    #[test]
    fn large_lambda_approaches_nash() {
        // The prisoner's dilemma: defection (action 2) as λ grows.
        let pd = bimatrix(2, 2, &[3.0, 0.0, 5.0, 1.0], &[3.0, 5.0, 0.0, 1.0]);
        let p = at(&pd, 30.0).unwrap();
        assert!(p.strategies[0][1] > 0.999 && p.strategies[1][1] > 0.999);
        // Matching pennies stays at one half whatever λ.
        let mp = bimatrix(2, 2, &[1.0, -1.0, -1.0, 1.0], &[-1.0, 1.0, 1.0, -1.0]);
        let p = at(&mp, 50.0).unwrap();
        assert!((p.strategies[0][0] - 0.5).abs() < 1e-9);
        // An asymmetric matching pennies (row wins 9 on (1,1)): the QRE approaches the Nash
        // mix, in which the column player plays its first action with probability 1/10 and
        // the row player mixes 1/2 by the column player's indifference.
        let amp = bimatrix(2, 2, &[9.0, 0.0, 0.0, 1.0], &[0.0, 1.0, 1.0, 0.0]);
        let p = at(&amp, 1e4).unwrap();
        assert!((p.strategies[1][0] - 0.1).abs() < 1e-3, "{:?}", p.strategies);
        assert!((p.strategies[0][0] - 0.5).abs() < 1e-3, "{:?}", p.strategies);
    }

    #[test]
    fn huge_lambda_takes_few_steps() {
        // Battle of the sexes: the branch is symmetric until it bifurcates (λ ≈ 0.81); the
        // perturbation carries it onto the arm Gambit follows, to (top, left), and λ = 10⁶ is
        // reached along an almost straight ray.
        let bos = bimatrix(2, 2, &[3.0, 0.0, 0.0, 2.0], &[2.0, 0.0, 0.0, 3.0]);
        let mut tracer = Tracer::start(&bos).unwrap();
        while tracer.lambda() < 1e6 {
            tracer.step().unwrap();
        }
        assert!(tracer.steps < 300, "{} steps", tracer.steps);
        let p = at(&bos, 1e6).unwrap();
        assert!(p.residual < 1e-9, "{p:?}");
        assert_eq!(p.strategies, vec![vec![1.0, 0.0], vec![1.0, 0.0]]);
        // pygambit 16.7: logit_solve_lambda(BoS, 1.0) = (0.88328, 0.80477) for the first actions.
        let one = at(&bos, 1.0).unwrap();
        assert!((one.strategies[0][0] - 0.8832805).abs() < 1e-6 && (one.strategies[1][0] - 0.8047738).abs() < 1e-6);
    }

    #[test]
    fn the_branch_is_followed_around_a_fold() {
        // A 3×3 game whose principal branch folds back between λ ≈ 2.07 and λ ≈ 1.61 (found by
        // pygambit; `tests/fixtures/qre` holds its answers).
        let a = [1.0, 1.0, 2.0, 9.0, 1.0, 9.0, 7.0, 1.0, 1.0];
        let b = [1.0, 8.0, 5.0, 6.0, 6.0, 3.0, 5.0, 7.0, 8.0];
        let g = bimatrix(3, 3, &a, &b);
        let points = branch(&g, 5.0).unwrap();
        let lambdas: Vec<f64> = points.iter().map(|p| p.lambda).collect();
        let fold = (1..lambdas.len()).find(|&k| lambdas[k] < lambdas[k - 1]).expect("λ falls somewhere") - 1;
        let (top, bottom) = (lambdas[fold], lambdas[fold..].iter().copied().fold(f64::INFINITY, f64::min));
        assert!((top - 2.0743).abs() < 0.01 && (bottom - 1.6083).abs() < 0.01, "fold from {top} to {bottom}");
        assert!(points.iter().all(|p| p.residual < 1e-8));
        assert_eq!(points.last().unwrap().lambda, 5.0);
        // At a λ inside the fold the first crossing (before the fold) is returned.
        let inside = at(&g, 1.8).unwrap();
        let before = points[..=fold].iter().min_by(|p, q| (p.lambda - 1.8).abs().total_cmp(&(q.lambda - 1.8).abs()));
        assert!(distance(&inside.strategies, &before.unwrap().strategies) < 0.05);
    }

    #[test]
    fn three_players() {
        // Everyone gets 1 if all choose the same action, and the first action pays double:
        // the branch goes to everyone playing it.
        let strategies = vec![vec!["a".to_string(), "b".to_string()]; 3];
        let mut game = NormalForm {
            title: String::new(),
            players: vec!["1".into(), "2".into(), "3".into()],
            strategies,
            payoffs: Vec::new(),
        };
        game.payoffs = (0..8)
            .map(|k| {
                let p = game.profile(k);
                let v = match p.as_slice() {
                    [0, 0, 0] => 2.0,
                    [1, 1, 1] => 1.0,
                    _ => 0.0,
                };
                vec![v; 3]
            })
            .collect();
        let p = at(&game, 40.0).unwrap();
        assert!(p.residual < 1e-9);
        assert!(p.strategies.iter().all(|s| s[0] > 0.99), "{p:?}");
        // The analytic Jacobian agrees with finite differences.
        let curve = Curve::new(&game);
        let w = [0.3, -0.7, 1.1, 2.5];
        let (f, jacobian) = curve.evaluate(&w, 0.0);
        for k in 0..4 {
            let mut moved = w;
            moved[k] += 1e-7;
            let (g, _) = curve.evaluate(&moved, 0.0);
            for r in 0..3 {
                assert!(((g[r] - f[r]) / 1e-7 - jacobian[r][k]).abs() < 1e-5, "row {r} column {k}");
            }
        }
    }
}
