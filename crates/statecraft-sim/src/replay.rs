//! Replays: everything needed to run a scenario again — the resolved scenario, the seed — and
//! the digest of every month, so the second run can be checked tick by tick and a divergence
//! traced to the resource, actor and field where it starts.

use serde::{Deserialize, Serialize};
use statecraft_scenario::{Month, Scenario};

use crate::digest::{TickDigest, digest};
use crate::run::{Options, Run, run};
use crate::setup::RunId;

/// The replay format this program writes.
pub const FORMAT: u32 = 1;
/// The replay formats this program reads.
pub const SUPPORTED: &[u32] = &[1];

/// A replay file (`replay.ron`).
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Replay {
    pub format: u32,
    pub program: Program,
    pub seed: u64,
    pub run: u32,
    /// The command-line overrides the run was made with, for the reader (the scenario below
    /// already includes them).
    pub overrides: Vec<String>,
    /// FNV-1a of the scenario as serialised: a scenario edited by hand no longer matches.
    pub scenario_digest: String,
    pub scenario: Scenario,
    /// The parts of the state, in digest order, each with every field path it has had
    /// (space-separated).
    pub parts: Vec<(String, String)>,
    /// Per month: the date, the digest of the whole state, and one group per part, in the
    /// order of `parts`: 6 hex digits of the part's hash, a `/`, then one hex digit per field
    /// (a four-bit fingerprint; `-` where the field was absent that month); or `=` when the
    /// part is as it was the month before.
    pub ticks: Vec<(Month, String, String)>,
}

/// The program that made a replay.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Program {
    pub version: String,
    /// The source revision, when the build knew it.
    pub revision: Option<String>,
}

/// Why a replay does not reproduce.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Verdict {
    /// Every tick matched.
    Verified { ticks: usize },
    /// The scenario no longer matches its digest: the file was edited.
    Tampered { expected: String, found: String },
    /// The run differs from the replay, first at `tick`.
    Diverged(Divergence),
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Divergence {
    /// 0-based month index, and its date when the replay has it.
    pub tick: usize,
    pub month: Option<Month>,
    /// What differs: `(part, fields)`, parts in digest order; fields may be empty when only
    /// the part's hash tells (fingerprints are one byte and can collide), and a part named
    /// `"(months)"` means the runs have different lengths.
    pub parts: Vec<(String, Vec<String>)>,
}

fn hex(x: u64) -> String {
    format!("{x:016x}")
}

/// The digest of a scenario, as a replay records it.
pub fn scenario_digest(scenario: &Scenario) -> String {
    hex(digest(scenario))
}

impl Replay {
    /// The replay of a finished run (which must have been made with `Options { digests: true, .. }`).
    pub fn of(scenario: &Scenario, id: RunId, overrides: Vec<String>, program: Program, made: &Run) -> Replay {
        let mut parts: Vec<(String, Vec<String>)> = Vec::new();
        for tick in &made.digests {
            for (i, part) in tick.parts.iter().enumerate() {
                if parts.len() <= i {
                    parts.push((part.name.clone(), Vec::new()));
                }
                let known = &mut parts[i].1;
                for (path, _) in &part.fields {
                    if let Err(at) = known.binary_search(path) {
                        known.insert(at, path.clone());
                    }
                }
            }
        }
        let ticks = made
            .months
            .iter()
            .zip(&made.digests)
            .map(|(month, tick)| {
                let groups: Vec<String> =
                    tick.parts.iter().zip(&parts).map(|(p, (_, fields))| encode(p, fields)).collect();
                (month.date, hex(tick.total), groups)
            })
            .scan(Vec::<String>::new(), |previous, (date, total, groups)| {
                let short: Vec<&str> =
                    groups.iter().enumerate().map(|(i, g)| if previous.get(i) == Some(g) { "=" } else { g }).collect();
                let line = (date, total, short.join(" "));
                *previous = groups;
                Some(line)
            })
            .collect();
        let parts = parts.into_iter().map(|(name, fields)| (name, fields.join(" "))).collect();
        Replay {
            format: FORMAT,
            program,
            seed: id.seed,
            run: id.run,
            overrides,
            scenario_digest: scenario_digest(scenario),
            scenario: scenario.clone(),
            parts,
            ticks,
        }
    }

    pub fn id(&self) -> RunId {
        RunId { seed: self.seed, run: self.run }
    }

    /// Run the scenario again and compare every tick. The run is returned for writing outputs.
    pub fn verify(&self) -> (Verdict, Option<Run>) {
        let found = scenario_digest(&self.scenario);
        if found != self.scenario_digest {
            return (Verdict::Tampered { expected: self.scenario_digest.clone(), found }, None);
        }
        let again = run(&self.scenario, self.id(), Options { digests: true, ..Options::default() });
        let verdict = match self.divergence(&again.digests) {
            None => Verdict::Verified { ticks: self.ticks.len() },
            Some(divergence) => Verdict::Diverged(divergence),
        };
        (verdict, Some(again))
    }

    /// Where a run's digests first differ from the replay's, if they do.
    pub fn divergence(&self, digests: &[TickDigest]) -> Option<Divergence> {
        let fields: Vec<Vec<String>> =
            self.parts.iter().map(|(_, f)| f.split_whitespace().map(String::from).collect()).collect();
        let mut previous: Vec<&str> = Vec::new();
        for (tick, ((month, total, recorded), now)) in self.ticks.iter().zip(digests).enumerate() {
            let recorded: Vec<&str> = recorded
                .split_whitespace()
                .enumerate()
                .map(|(i, g)| if g == "=" { previous.get(i).copied().unwrap_or(g) } else { g })
                .collect();
            previous.clone_from(&recorded);
            let expected: Vec<String> =
                now.parts.iter().zip(&fields).map(|(part, fields)| encode(part, fields)).collect();
            if *total == hex(now.total) && recorded.len() == now.parts.len() && recorded.iter().eq(expected.iter()) {
                continue;
            }
            let mut parts = Vec::new();
            for (i, now_part) in now.parts.iter().enumerate() {
                let (Some((name, _)), Some(text), Some(expected)) =
                    (self.parts.get(i), recorded.get(i), expected.get(i))
                else {
                    parts.push((now_part.name.clone(), Vec::new()));
                    continue;
                };
                if *name != now_part.name || text != expected {
                    parts.push((now_part.name.clone(), differing_fields(text, expected, &fields[i])));
                }
            }
            if parts.is_empty() {
                // The parts agree but the total does not: the total itself was edited.
                parts.push(("(total)".into(), Vec::new()));
            }
            return Some(Divergence { tick, month: Some(*month), parts });
        }
        (self.ticks.len() != digests.len()).then(|| Divergence {
            tick: self.ticks.len().min(digests.len()),
            month: self.ticks.get(digests.len()).map(|t| t.0),
            parts: vec![(
                "(months)".into(),
                vec![format!("replay has {}, run has {}", self.ticks.len(), digests.len())],
            )],
        })
    }
}

/// `HASH/FINGERPRINTS` for one part against the field list `fields`.
fn encode(part: &crate::digest::PartDigest, fields: &[String]) -> String {
    let mut out = format!("{:06x}/", part.hash >> 40);
    for field in fields {
        match part.fields.binary_search_by(|(path, _)| path.cmp(field)) {
            Ok(at) => out.push(char::from_digit(u32::from(part.fields[at].1), 16).unwrap_or('?')),
            Err(_) => out.push('-'),
        }
    }
    out
}

fn differing_fields(recorded: &str, now: &str, fields: &[String]) -> Vec<String> {
    let prints = |s: &str| s.split_once('/').map_or(String::new(), |(_, f)| f.to_string());
    let (a, b) = (prints(recorded), prints(now));
    fields.iter().enumerate().filter(|(i, _)| a.get(*i..i + 1) != b.get(*i..i + 1)).map(|(_, f)| f.clone()).collect()
}
