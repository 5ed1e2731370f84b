//! Replays: everything needed to run a scenario again — the resolved scenario with its seed —
//! and the digest of every month, so the second run can be checked tick by tick and a
//! divergence traced to the resource, actor and field where it starts.
//!
//! Each month records the digest of the whole state, a short digest of each part (resource or
//! actor), and a syndrome of the fields: 64 symbols of 16 bits that name up to 32 fields that
//! differ. Why it works: the month before the first divergence is the same state in both runs,
//! so both number its fields the same way; a field's number is its position in a Reed–Solomon
//! code over GF(2^16), and its value (a 16-bit hash) its symbol there. The difference of the
//! two runs' syndromes is the syndrome of the differing fields alone, which Berlekamp–Massey
//! decodes into their positions when there are at most 32 of them.

use std::path::Path;

use serde::{Deserialize, Serialize};
use statecraft_scenario::input::{self, read_bytes, utf8};
use statecraft_scenario::{Diagnostic, Diagnostics, Month, Scenario, Sources, parse_diagnostic};

use crate::digest::{TickDigest, digest};
use crate::run::{Options, Run, run};
use crate::setup::RunId;

/// The replay format this program writes.
pub const FORMAT: u32 = 2;
/// The replay formats this program reads.
pub const SUPPORTED: &[u32] = &[2];
/// How many differing fields a month's syndrome can name.
pub const NAMEABLE: usize = 32;

/// The largest replay file this program reads. A replay holds the resolved scenario (at most
/// [`statecraft_scenario::SCENARIO_LIMIT`]) and a line per month of about 7 bytes per part: the
/// longest run (1,200 months) of a scenario with 4,000 actors stays within it.
pub const REPLAY_LIMIT: u64 = 64 << 20;

/// Why a file is not a replay this program can read.
#[derive(Debug)]
pub enum ReadError {
    /// The file could not be read: why (no such file, too large, not UTF-8...).
    Unreadable(String),
    /// It is not a replay of a format this program reads: what it is, and what to do.
    Refused { message: String, hint: String },
    /// A syntax or type error in it, located.
    Invalid(Diagnostics),
}

/// Only the format version: read first, so that a replay from another version is refused
/// with a clear message rather than a type error in a field it may not have.
#[derive(Deserialize)]
struct Header {
    format: Option<u32>,
}

/// The text of the replay file at `path`, within [`REPLAY_LIMIT`].
pub fn read_text(path: &Path) -> Result<String, ReadError> {
    if path.is_dir() {
        let inside = path.join("replay.ron");
        let hint = if inside.is_file() { format!(": the run's replay is {}", inside.display()) } else { String::new() };
        return Err(ReadError::Unreadable(format!("it is a directory{hint}")));
    }
    let unreadable = |e: input::ReadError| ReadError::Unreadable(e.to_string());
    utf8(read_bytes(path, REPLAY_LIMIT).map_err(unreadable)?).map_err(unreadable)
}

/// Read a replay from its text (see [`read_text`]): its format, then its shape; `name` says
/// where it came from. It is not checked against its digest or its run: see
/// [`Replay::damage`] and [`Replay::verify`].
pub fn parse(name: &str, text: &str) -> Result<Replay, ReadError> {
    let mut sources = Sources::default();
    let id = sources.add(name, text);
    let invalid =
        |sources: &Sources, d: Diagnostic| ReadError::Invalid(Diagnostics { sources: sources.clone(), list: vec![d] });
    let tree = statecraft_scenario::ron::parse(text, id).map_err(|e| invalid(&sources, syntax(e)))?;
    let typed =
        |e: statecraft_scenario::ron::DeError| invalid(&sources, Diagnostic::new(e.message).at(e.span).hint(e.hint));
    let header: Header = statecraft_scenario::ron::from_node(&tree).map_err(typed)?;
    match header.format {
        Some(format) if SUPPORTED.contains(&format) => statecraft_scenario::ron::from_node(&tree).map_err(typed),
        Some(format) => Err(ReadError::Refused {
            message: format!(
                "`{name}` is replay format {format}; this program reads format{} {}",
                if SUPPORTED.len() > 1 { "s" } else { "" },
                SUPPORTED.iter().map(u32::to_string).collect::<Vec<_>>().join(", ")
            ),
            hint: "replay it with the statecraft version that wrote it".into(),
        }),
        None => Err(ReadError::Refused {
            message: format!("`{name}` is not a replay: it has no `format` field"),
            hint: format!("a replay is the `replay.ron` that `statecraft run` writes (format {FORMAT})"),
        }),
    }
}

/// A syntax error in a replay. A replay is written whole by `statecraft run`: one whose text
/// ends early was cut short, and is said to be incomplete.
fn syntax(e: statecraft_scenario::ron::ParseError) -> Diagnostic {
    if e.truncated {
        Diagnostic::new(format!("the replay is incomplete: {}", e.message)).at(Some(e.span)).hint(Some(
            "the file was cut short (an interrupted copy or download?): copy it whole again, or make it again with `statecraft run`".into(),
        ))
    } else {
        parse_diagnostic(e)
    }
}

/// A replay file (`replay.ron`).
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Replay {
    pub format: u32,
    pub program: Program,
    /// FNV-1a of the whole file with this field empty: any edit or damage shows.
    pub digest: String,
    /// Which replicate of the scenario's seed this is (its random streams): 0 for `statecraft run`.
    pub run: u32,
    /// The command-line overrides the run was made with, as typed (the scenario below already
    /// includes them).
    pub overrides: Vec<String>,
    /// The scenario fully resolved, with the seed the run used.
    pub scenario: Scenario,
    /// The values the run drew for the scenario's uncertain parameters, by path (covered by
    /// the digest; absent without any).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub draws: Vec<(String, f64)>,
    /// The parts of the state, in digest order: resources, then actors.
    pub parts: Vec<String>,
    /// Per month: the date; the digest of the whole state; per part, in the order of `parts`,
    /// the first 6 hex digits of its digest, or `=` when it is as it was the month before; and
    /// the syndrome of its fields.
    pub ticks: Vec<(Month, String, String, String)>,
}

/// The program that made a replay.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Program {
    pub version: String,
    /// The source revision, when the build knew it; `-dirty` when it had uncommitted changes.
    pub revision: Option<String>,
}

/// Whether a replay reproduces.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Verdict {
    /// Every tick matched.
    Verified { ticks: usize },
    /// The file is not as this program's `run` writes it: edited or damaged. Says how.
    Tampered(String),
    /// The run differs from the replay, first at `tick`.
    Diverged(Divergence),
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Divergence {
    /// 0-based month index, and its date.
    pub tick: usize,
    pub month: Month,
    /// The parts that differ, in digest order, each with the fields the replay names.
    pub parts: Vec<(String, Vec<String>)>,
    pub naming: Naming,
}

/// How completely a divergence's fields are named.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Naming {
    /// Every differing field is named.
    Complete,
    /// More than [`NAMEABLE`] fields differ (or the state differs in shape): only parts are named.
    TooMany,
    /// The fields' 16-bit fingerprints happen to agree (about once in 65,536): only parts are named.
    Unseen,
}

const PART_DIGITS: usize = 6;

fn hex(x: u64) -> String {
    format!("{x:016x}")
}

impl Replay {
    /// The replay of a finished run, which must have been made with `Options { digests: true, .. }`.
    pub fn of(scenario: &Scenario, id: RunId, overrides: Vec<String>, program: Program, made: &Run) -> Replay {
        let parts = made.digests.first().map(|d| d.parts.iter().map(|p| p.name.clone()).collect()).unwrap_or_default();
        let ticks = made
            .months
            .iter()
            .zip(&made.digests)
            .enumerate()
            .map(|(i, (month, now))| {
                let before = &made.digests[i.saturating_sub(1)];
                let groups: Vec<String> = now
                    .parts
                    .iter()
                    .enumerate()
                    .map(|(j, part)| match before.parts.get(j) {
                        Some(old) if i > 0 && old.name == part.name && old.hash == part.hash => "=".into(),
                        _ => hex(part.hash)[..PART_DIGITS].to_string(),
                    })
                    .collect();
                (month.date, hex(now.total), groups.join(" "), syndrome::encode(&syndrome::of(now, before)))
            })
            .collect();
        let mut replay = Replay {
            format: FORMAT,
            program,
            digest: String::new(),
            run: id.run,
            overrides,
            scenario: Scenario { seed: id.seed, ..scenario.clone() },
            draws: made.names.draws.clone(),
            parts,
            ticks,
        };
        replay.digest = replay.content_digest();
        replay
    }

    pub fn id(&self) -> RunId {
        RunId { seed: self.scenario.seed, run: self.run }
    }

    fn content_digest(&self) -> String {
        hex(digest(&Replay { digest: String::new(), ..self.clone() }))
    }

    /// How the file differs from one this program writes, if it does: its digest, its length
    /// and dates against its scenario's calendar, the shape of each month's line.
    pub fn damage(&self) -> Option<String> {
        let mut found = Vec::new();
        if self.digest != self.content_digest() {
            found.push("its content does not match its digest".to_string());
        }
        let draws = statecraft_scenario::distribution::draws(&self.scenario, self.scenario.seed);
        if self.draws != draws {
            found.push(format!(
                "its drawn parameters are not the ones its scenario draws from seed {}",
                self.scenario.seed
            ));
        }
        let months = self.scenario.months.0 as usize;
        if self.ticks.len() != months {
            found.push(format!("it records {} months, but its scenario runs {months}", self.ticks.len()));
        }
        for (i, (month, total, parts, fields)) in self.ticks.iter().enumerate() {
            let expected = self.scenario.start.plus(i as i32);
            let groups: Vec<&str> = parts.split(' ').collect();
            let hexadecimal = |s: &str, len: usize| s.len() == len && s.bytes().all(|b| b.is_ascii_hexdigit());
            if *month != expected {
                found.push(format!(
                    "month {} is dated {month}, but its scenario's calendar puts {expected} there",
                    i + 1
                ));
            } else if !hexadecimal(total, 16)
                || groups.len() != self.parts.len()
                || !groups.iter().all(|g| hexadecimal(g, PART_DIGITS) || (*g == "=" && i > 0))
                || syndrome::decode(fields).is_none()
            {
                found.push(format!("the digests of month {} ({month}) are malformed", i + 1));
            } else {
                continue;
            }
            break;
        }
        (!found.is_empty()).then(|| found.join("; "))
    }

    /// Check the file, run the scenario again and compare every tick. The run is returned for
    /// writing outputs. The scenario must be valid (as `statecraft_scenario::read` checks it).
    pub fn verify(&self) -> (Verdict, Option<Run>) {
        if let Some(damage) = self.damage() {
            return (Verdict::Tampered(damage), None);
        }
        let again = run(&self.scenario, self.id(), Options { digests: true, ..Options::default() });
        let verdict = match self.divergence(&again.digests) {
            None => Verdict::Verified { ticks: self.ticks.len() },
            Some(divergence) => Verdict::Diverged(divergence),
        };
        (verdict, Some(again))
    }

    /// Where a run's digests first differ from the replay's, if they do, over the months both
    /// have. (A run of another length differs from the first month: the horizon is in the
    /// calendar.) The replay must be undamaged (see [`Replay::damage`]).
    pub fn divergence(&self, digests: &[TickDigest]) -> Option<Divergence> {
        let mut recorded: Vec<&str> = Vec::new();
        for (tick, ((month, total, parts, fields), now)) in self.ticks.iter().zip(digests).enumerate() {
            for (i, group) in parts.split(' ').enumerate() {
                match recorded.get_mut(i) {
                    Some(_) if group == "=" => {}
                    Some(old) => *old = group,
                    None => recorded.push(group),
                }
            }
            if *total == hex(now.total) {
                continue;
            }
            let before = &digests[tick.saturating_sub(1)];
            let (named, naming) = match syndrome::decode(fields) {
                Some(fields) => syndrome::locate(&fields, now, before),
                None => (Vec::new(), Naming::TooMany),
            };
            let mut differing: Vec<(String, Vec<String>)> = Vec::new();
            for part in &now.parts {
                let was = self.parts.iter().position(|p| *p == part.name).and_then(|i| recorded.get(i));
                let fields: Vec<String> =
                    named.iter().filter(|(p, _)| *p == part.name).map(|(_, f)| f.clone()).collect();
                if was.copied() != Some(&hex(part.hash)[..PART_DIGITS]) || !fields.is_empty() {
                    differing.push((part.name.clone(), fields));
                }
            }
            for name in &self.parts {
                if !now.parts.iter().any(|p| p.name == *name) {
                    differing.push((name.clone(), Vec::new()));
                }
            }
            return Some(Divergence { tick, month: *month, parts: differing, naming });
        }
        None
    }
}

/// The syndrome of a month's fields, and how to turn the difference of two into field names.
mod syndrome {
    use std::collections::BTreeMap;
    use std::sync::LazyLock;

    use super::{NAMEABLE, Naming};
    use crate::digest::TickDigest;

    const SYMBOLS: usize = 2 * NAMEABLE;
    /// Nonzero elements of GF(2^16): positions of fields, and powers of α.
    const ORDER: usize = 65_535;
    /// x^16 + x^12 + x^3 + x + 1, a primitive polynomial: α = x generates every nonzero element.
    const POLYNOMIAL: u32 = 0x1_100b;

    /// Powers of α (twice over, so that sums of logarithms need no reduction) and logarithms.
    struct Tables {
        exp: Vec<u16>,
        log: Vec<u16>,
    }

    static TABLES: LazyLock<Tables> = LazyLock::new(|| {
        let mut exp = vec![0u16; 2 * ORDER];
        let mut log = vec![0u16; ORDER + 1];
        let mut x: u32 = 1;
        for i in 0..ORDER {
            exp[i] = x as u16;
            exp[i + ORDER] = x as u16;
            log[x as usize] = i as u16;
            x <<= 1;
            if x & 0x1_0000 != 0 {
                x ^= POLYNOMIAL;
            }
        }
        Tables { exp, log }
    });

    fn mul(a: u16, b: u16) -> u16 {
        if a == 0 || b == 0 {
            return 0;
        }
        let t = &*TABLES;
        t.exp[t.log[a as usize] as usize + t.log[b as usize] as usize]
    }

    fn div(a: u16, b: u16) -> u16 {
        if a == 0 {
            return 0;
        }
        let t = &*TABLES;
        t.exp[t.log[a as usize] as usize + ORDER - t.log[b as usize] as usize]
    }

    /// α^-position.
    fn inverse_locator(position: usize) -> u16 {
        TABLES.exp[(ORDER - position % ORDER) % ORDER]
    }

    /// The fields of a month, numbered in digest order: the positions of next month's fields.
    fn numbering(month: &TickDigest) -> BTreeMap<(&str, &str), usize> {
        let mut index = BTreeMap::new();
        let fields = month.parts.iter().flat_map(|p| p.fields.iter().map(move |f| (p.name.as_str(), f.path.as_str())));
        for (i, key) in fields.enumerate() {
            index.entry(key).or_insert(i % ORDER);
        }
        index
    }

    /// Every field of `now` at its position: its number among the fields of `before` (the
    /// month before, which is the same state in both runs up to the first divergence), or for
    /// a field new this month, its parent's. Both runs number alike, so the positions line up.
    fn positions(now: &TickDigest, before: &TickDigest) -> Vec<(usize, u16)> {
        let index = numbering(before);
        let mut out = Vec::new();
        for part in &now.parts {
            let mut placed: Vec<usize> = Vec::with_capacity(part.fields.len());
            for field in &part.fields {
                let position = match index.get(&(part.name.as_str(), field.path.as_str())) {
                    Some(&position) => position,
                    None if field.parent < placed.len() => placed[field.parent],
                    None => crate::digest::digest(&part.name) as usize % ORDER,
                };
                placed.push(position);
                out.push((position, field.hash as u16));
            }
        }
        out
    }

    /// S_j = Σ value · α^(j · position), j = 1..=64, over the month's fields.
    pub fn of(now: &TickDigest, before: &TickDigest) -> [u16; SYMBOLS] {
        let t = &*TABLES;
        let mut s = [0u16; SYMBOLS];
        for (position, value) in positions(now, before) {
            if value == 0 {
                continue;
            }
            let log = t.log[value as usize] as usize;
            for (j, symbol) in s.iter_mut().enumerate() {
                *symbol ^= t.exp[(log + (j + 1) * position) % ORDER];
            }
        }
        s
    }

    pub fn encode(s: &[u16; SYMBOLS]) -> String {
        s.iter().map(|x| format!("{x:04x}")).collect()
    }

    pub fn decode(text: &str) -> Option<[u16; SYMBOLS]> {
        if text.len() != 4 * SYMBOLS || !text.is_ascii() {
            return None;
        }
        let mut s = [0u16; SYMBOLS];
        for (i, symbol) in s.iter_mut().enumerate() {
            *symbol = u16::from_str_radix(&text[4 * i..4 * i + 4], 16).ok()?;
        }
        Some(s)
    }

    /// The error locator of a syndrome (Berlekamp–Massey): Λ with Λ(α^-p) = 0 at every
    /// position p that differs, if at most [`NAMEABLE`] do.
    fn locator(s: &[u16; SYMBOLS]) -> Option<Vec<u16>> {
        let (mut c, mut b) = (vec![0u16; SYMBOLS + 1], vec![0u16; SYMBOLS + 1]);
        (c[0], b[0]) = (1, 1);
        let (mut errors, mut shift, mut last) = (0usize, 1usize, 1u16);
        for n in 0..SYMBOLS {
            let mut discrepancy = s[n];
            for i in 1..=errors {
                discrepancy ^= mul(c[i], s[n - i]);
            }
            if discrepancy == 0 {
                shift += 1;
                continue;
            }
            let factor = div(discrepancy, last);
            let previous = c.clone();
            for i in shift..=SYMBOLS {
                c[i] ^= mul(factor, b[i - shift]);
            }
            if 2 * errors <= n {
                errors = n + 1 - errors;
                b = previous;
                last = discrepancy;
                shift = 1;
            } else {
                shift += 1;
            }
        }
        let degree = c.iter().rposition(|&x| x != 0).unwrap_or(0);
        (errors <= NAMEABLE && degree == errors).then(|| {
            c.truncate(errors + 1);
            c
        })
    }

    fn evaluate(polynomial: &[u16], x: u16) -> u16 {
        polynomial.iter().rev().fold(0, |acc, &c| mul(acc, x) ^ c)
    }

    /// The fields, as `(part, path)`, at which `now` differs from the month whose syndrome is
    /// `recorded`; `before` is the run's previous month.
    pub fn locate(recorded: &[u16; SYMBOLS], now: &TickDigest, before: &TickDigest) -> (Vec<(String, String)>, Naming) {
        let mine = of(now, before);
        let difference: [u16; SYMBOLS] = std::array::from_fn(|j| recorded[j] ^ mine[j]);
        if difference.iter().all(|&x| x == 0) {
            return (Vec::new(), Naming::Unseen);
        }
        let Some(locator) = locator(&difference) else { return (Vec::new(), Naming::TooMany) };
        let mut named: Vec<(usize, String, String)> = numbering(before)
            .into_iter()
            .filter(|(_, position)| evaluate(&locator, inverse_locator(*position)) == 0)
            .map(|((part, path), position)| (position, part.to_string(), path.to_string()))
            .collect();
        // Roots that are not all known positions mean too many differences, misread as fewer.
        if named.len() != locator.len() - 1 {
            return (Vec::new(), Naming::TooMany);
        }
        named.sort();
        (named.into_iter().map(|(_, part, path)| (part, path)).collect(), Naming::Complete)
    }

    #[cfg(test)]
    mod tests {
        use super::*;

        #[test]
        fn alpha_generates_the_whole_field() {
            let t = &*TABLES;
            let mut seen = vec![false; ORDER + 1];
            for &x in &t.exp[..ORDER] {
                assert!(x != 0 && !seen[x as usize], "α has order below 65,535");
                seen[x as usize] = true;
            }
            assert_eq!(mul(div(12345, 678), 678), 12345);
        }

        #[test]
        fn up_to_32_differences_are_located_exactly_and_more_are_not_misnamed() {
            for errors in [1, 2, 5, 17, 32, 33, 40, 200] {
                let mut s = [0u16; SYMBOLS];
                let mut positions = Vec::new();
                for e in 0..errors {
                    let position = (e * 7919 + 13) % 4000;
                    let value = (e as u16).wrapping_mul(40503) | 1;
                    positions.push(position);
                    let log = TABLES.log[value as usize] as usize;
                    for (j, symbol) in s.iter_mut().enumerate() {
                        *symbol ^= TABLES.exp[(log + (j + 1) * position) % ORDER];
                    }
                }
                positions.sort();
                let roots = locator(&s).map(|locator| {
                    let roots: Vec<usize> =
                        (0..4000).filter(|&p| evaluate(&locator, inverse_locator(p)) == 0).collect();
                    (roots.len() == locator.len() - 1).then_some(roots)
                });
                if errors <= NAMEABLE {
                    assert_eq!(roots, Some(Some(positions)), "{errors} errors");
                } else {
                    assert!(matches!(roots, None | Some(None)), "{errors} errors taken for {roots:?}");
                }
            }
        }
    }
}

#[cfg(test)]
mod reading {
    use super::*;

    fn refused(text: &str) -> String {
        match parse("replay.ron", text) {
            Ok(_) => panic!("{text:.60} was read"),
            Err(ReadError::Invalid(d)) => format!("{}: {}", d.first_location().unwrap_or_default(), d.render(false)),
            Err(ReadError::Refused { message, hint }) => format!("{message}\n{hint}"),
            Err(ReadError::Unreadable(why)) => why,
        }
    }

    #[test]
    fn deep_nesting_in_a_replay_is_an_error_not_a_stack_overflow() {
        let deep = format!("Replay(format: 2, program: {})", "[".repeat(11_000));
        let message = refused(&deep);
        assert!(message.starts_with("replay.ron:1:"), "{message}");
        assert!(message.contains("values nest more than 128 levels deep"), "{message}");
    }

    #[test]
    fn a_truncated_replay_is_called_incomplete() {
        for cut in ["Replay(format: 2, digest: \"00ab", "Replay(format: 2, ticks: [(\"2026-01\", ", "Replay(format: 2,"]
        {
            let message = refused(cut);
            assert!(message.contains("the replay is incomplete"), "{message}");
            assert!(message.contains("copy it whole again"), "{message}");
            assert!(!message.contains("close it with"), "{message}");
        }
    }

    #[test]
    fn other_formats_and_other_files_are_refused_by_name() {
        assert!(
            refused("Replay(format: 1)").starts_with("`replay.ron` is replay format 1; this program reads format 2")
        );
        assert!(refused("Scenario(name: \"x\")").starts_with("`replay.ron` is not a replay"));
        assert!(refused("(x: 1)").starts_with("`replay.ron` is not a replay: it has no `format` field"));
    }

    #[test]
    fn replay_files_are_read_up_to_the_limit() {
        let path = std::env::temp_dir().join(format!("statecraft-replay-{}.ron", std::process::id()));
        let file = std::fs::File::create(&path).unwrap();
        file.set_len(REPLAY_LIMIT + 1).unwrap();
        let Err(ReadError::Unreadable(why)) = read_text(&path) else { panic!("an oversized replay was read") };
        assert_eq!(why, "it is larger than 64 MiB");
        std::fs::write(&path, b"Replay(\xff)").unwrap();
        let Err(ReadError::Unreadable(why)) = read_text(&path) else { panic!("invalid UTF-8 was read") };
        assert_eq!(why, "it is not UTF-8 text from line 1, column 8 (byte 7) on");
        std::fs::remove_file(&path).unwrap();
        let run = std::env::temp_dir().join(format!("statecraft-run-{}", std::process::id()));
        std::fs::create_dir_all(&run).unwrap();
        std::fs::write(run.join("replay.ron"), "Replay()").unwrap();
        let Err(ReadError::Unreadable(why)) = read_text(&run) else { panic!("a directory was read") };
        assert_eq!(why, format!("it is a directory: the run's replay is {}", run.join("replay.ron").display()));
        std::fs::remove_dir_all(&run).unwrap();
        if Path::new("/dev/zero").exists() {
            let Err(ReadError::Unreadable(why)) = read_text(Path::new("/dev/zero")) else { panic!() };
            assert_eq!(why, "it is larger than 64 MiB");
        }
    }
}
