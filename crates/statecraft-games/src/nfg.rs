//! Gambit's `.nfg` format as Gambit reads it. After the title and the players come the
//! strategies, either named (`{ { "U" "D" } { "L" "R" } }`) or counted (`{ 2 2 }`), then an
//! optional comment (a quoted string), then the payoffs in either version, whatever the form
//! of the strategies: the payoff version (every player's payoff for each profile) or the
//! outcome version (`{ { "name" 1 2 } ... }` then an outcome number per profile, 0 for none).
//! Profiles run with the first player's strategy fastest. Numbers may be integers, decimals or
//! fractions, and are read exactly. A byte-order mark is skipped. Inside a quoted name `\"`
//! is a quote and any other backslash is kept, as in Gambit. Errors carry line and column.
//! Counted strategies are called `s1`, `s2`, ... (Gambit calls them `1`, `2`, ..., which would
//! read as numbers in "plays 2").
//!
//! Limits, checked where they are written: at most [`MAX_PROFILES`] profiles (refused before
//! anything is allocated), [`MAX_PLAYERS`] players, names of [`MAX_NAME_CHARS`] characters,
//! payoffs of magnitude [`MAX_PAYOFF`], numbers of [`MAX_NUMBER_CHARS`] characters. An
//! extensive-form file (`EFG`) gets an error that says so.

use crate::normal_form::{MAX_NAME_CHARS, MAX_PAYOFF, MAX_PLAYERS, MAX_PROFILES, NormalForm};
use crate::rational::Rational;

/// The longest number, in characters: longer ones are refused before they are parsed (a
/// fraction of huge integers costs time quadratic in its length).
pub const MAX_NUMBER_CHARS: usize = 1000;

/// How to bring payoffs within [`MAX_PAYOFF`] without changing what the game means.
pub const RESCALE_HINT: &str = "divide every payoff of a player by the same positive constant c: the Nash equilibria stay the same, and the logit QRE at lambda becomes the one at lambda * c";

/// At most 40 characters of a word, for messages.
fn excerpt(word: &str) -> String {
    match word.char_indices().nth(40) {
        Some((at, _)) => format!("{}...", &word[..at]),
        None => word.to_string(),
    }
}

fn quoted(names: &[String]) -> String {
    names.iter().map(|n| format!("`{n}`")).collect::<Vec<_>>().join(", ")
}

/// Where and why a game file could not be read.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{line}:{column}: {message}")]
pub struct ParseError {
    pub line: usize,
    pub column: usize,
    pub message: String,
    pub hint: String,
}

#[derive(Clone, Debug, PartialEq)]
enum Kind {
    Open,
    Close,
    Text(String),
    Word(String),
}

#[derive(Clone, Debug)]
struct Token {
    kind: Kind,
    line: usize,
    column: usize,
}

fn tokens(text: &str) -> Result<Vec<Token>, ParseError> {
    let mut out = Vec::new();
    let mut chars = text.chars().peekable();
    let (mut line, mut column) = (1, 1);
    let advance = |c: char, line: &mut usize, column: &mut usize| {
        if c == '\n' {
            *line += 1;
            *column = 1;
        } else {
            *column += 1;
        }
    };
    while let Some(&c) = chars.peek() {
        let (l, col) = (line, column);
        match c {
            c if c.is_whitespace() || c == ',' => {
                chars.next();
                advance(c, &mut line, &mut column);
            }
            '{' | '}' => {
                chars.next();
                advance(c, &mut line, &mut column);
                out.push(Token { kind: if c == '{' { Kind::Open } else { Kind::Close }, line: l, column: col });
            }
            '"' => {
                chars.next();
                advance(c, &mut line, &mut column);
                let mut s = String::new();
                let mut closed = false;
                while let Some(c) = chars.next() {
                    advance(c, &mut line, &mut column);
                    match c {
                        '\\' => {
                            if let Some(e) = chars.next() {
                                advance(e, &mut line, &mut column);
                                if e != '"' {
                                    s.push('\\');
                                }
                                s.push(e);
                            }
                        }
                        '"' => {
                            closed = true;
                            break;
                        }
                        c => s.push(c),
                    }
                }
                if !closed {
                    return Err(ParseError {
                        line: l,
                        column: col,
                        message: "unterminated string".into(),
                        hint: "close it with `\"`".into(),
                    });
                }
                out.push(Token { kind: Kind::Text(s), line: l, column: col });
            }
            _ => {
                let mut w = String::new();
                while let Some(&c) = chars.peek() {
                    if c.is_whitespace() || matches!(c, '{' | '}' | '"' | ',') {
                        break;
                    }
                    w.push(c);
                    chars.next();
                    advance(c, &mut line, &mut column);
                }
                out.push(Token { kind: Kind::Word(w), line: l, column: col });
            }
        }
    }
    Ok(out)
}

struct Parser {
    tokens: Vec<Token>,
    at: usize,
    end: (usize, usize),
}

impl Parser {
    fn fail<T>(&self, message: impl Into<String>, hint: impl Into<String>) -> Result<T, ParseError> {
        let (line, column) = self.tokens.get(self.at).map_or(self.end, |t| (t.line, t.column));
        Err(ParseError { line, column, message: message.into(), hint: hint.into() })
    }

    fn peek(&self) -> Option<&Kind> {
        self.tokens.get(self.at).map(|t| &t.kind)
    }

    fn next(&mut self) -> Option<Kind> {
        let t = self.tokens.get(self.at).map(|t| t.kind.clone());
        self.at += 1;
        t
    }

    fn expect(&mut self, kind: Kind, what: &str) -> Result<(), ParseError> {
        if self.peek() == Some(&kind) {
            self.at += 1;
            Ok(())
        } else {
            self.fail(
                format!("expected {what}"),
                "see Gambit's .nfg format: NFG 1 R \"title\" { \"Player 1\" \"Player 2\" } { 2 2 } then the payoffs",
            )
        }
    }

    fn text(&mut self, what: &str) -> Result<String, ParseError> {
        match self.peek() {
            Some(Kind::Text(s)) => {
                let s = s.clone();
                self.at += 1;
                Ok(s)
            }
            _ => self.fail(format!("expected {what} (a quoted string)"), "names are written in double quotes"),
        }
    }

    /// A player's or a strategy's name, at most [`MAX_NAME_CHARS`] long.
    fn name(&mut self, what: &str) -> Result<String, ParseError> {
        match self.peek() {
            Some(Kind::Text(s)) if s.chars().count() > MAX_NAME_CHARS => self.fail(
                format!(
                    "a name of {} characters ({what}), longer than the {MAX_NAME_CHARS} allowed",
                    s.chars().count()
                ),
                "shorten the name: names label the columns of tables",
            ),
            _ => self.text(what),
        }
    }

    fn texts(&mut self, what: &str) -> Result<Vec<String>, ParseError> {
        self.expect(Kind::Open, &format!("`{{` opening the {what}"))?;
        let mut out = Vec::new();
        while let Some(Kind::Text(_)) = self.peek() {
            out.push(self.name(what)?);
        }
        self.expect(Kind::Close, &format!("`}}` closing the {what}"))?;
        Ok(out)
    }

    fn number(&mut self, what: &str) -> Result<Rational, ParseError> {
        match self.peek() {
            Some(Kind::Word(w)) if w.chars().count() > MAX_NUMBER_CHARS => self.fail(
                format!(
                    "a number of {} characters ({what}), longer than the {MAX_NUMBER_CHARS} allowed",
                    w.chars().count()
                ),
                "write payoffs with fewer digits",
            ),
            Some(Kind::Word(w)) => match w.parse::<Rational>() {
                Ok(r) if r.to_f64().abs() > MAX_PAYOFF => self.fail(
                    format!(
                        "`{}` ({what}) is larger in magnitude than {MAX_PAYOFF:e}, the largest statecraft handles",
                        excerpt(w)
                    ),
                    RESCALE_HINT,
                ),
                // A decimal is held, and written back, as a fraction: 0.333…3 of 600 digits is
                // 333…3/1000…0 of 1,202 characters. The limit holds for the form written too.
                Ok(r) if r.to_string().len() > MAX_NUMBER_CHARS => self.fail(
                    format!(
                        "`{}` ({what}) is, as an exact fraction, {} characters, longer than the {MAX_NUMBER_CHARS} allowed",
                        excerpt(w),
                        r.to_string().len()
                    ),
                    "write payoffs with fewer digits",
                ),
                Ok(r) => {
                    self.at += 1;
                    Ok(r)
                }
                Err(_) => self.fail(
                    format!("`{}` is not a number ({what})", excerpt(w)),
                    "payoffs are integers, decimals or fractions such as 3/4",
                ),
            },
            None => self.fail(format!("the file ends where {what} was expected"), "is a payoff missing?"),
            _ => self.fail(format!("expected {what}"), "payoffs are integers, decimals or fractions such as 3/4"),
        }
    }

    fn count(&mut self, what: &str) -> Result<usize, ParseError> {
        match self.peek() {
            Some(Kind::Word(w)) => match w.parse::<usize>() {
                Ok(n) if n > 0 => {
                    self.at += 1;
                    Ok(n)
                }
                _ => self.fail(
                    format!("`{}` is not a positive whole number ({what})", excerpt(w)),
                    "each player needs at least one strategy",
                ),
            },
            _ => self.fail(format!("expected {what}"), "write the number of strategies of each player, e.g. { 2 3 }"),
        }
    }
}

/// The error for an extensive-form file.
pub const EXTENSIVE_FORM: &str = "this is an extensive-form game (.efg), which statecraft does not read";
/// How to turn one into a file statecraft reads.
pub const EXTENSIVE_FORM_HINT: &str = "convert it to its strategic form with pygambit 16: `pygambit.read_efg(\"game.efg\").to_nfg(\"game.nfg\")` writes the reduced strategic form as a .nfg file, which statecraft reads";

/// Read a `.nfg` file's text.
pub fn parse(text: &str) -> Result<NormalForm<Rational>, ParseError> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    if text.trim_start().starts_with("EFG") {
        let column = text.lines().next().map_or(0, |l| l.chars().count() - l.trim_start().chars().count());
        return Err(ParseError {
            line: 1,
            column: column + 1,
            message: EXTENSIVE_FORM.into(),
            hint: EXTENSIVE_FORM_HINT.into(),
        });
    }
    let tokens = tokens(text)?;
    let lines: Vec<&str> = text.lines().collect();
    let end = (lines.len().max(1), lines.last().map_or(1, |l| l.chars().count() + 1));
    let mut p = Parser { tokens, at: 0, end };
    for (word, what) in [("NFG", "`NFG` at the start"), ("1", "version `1`")] {
        match p.next() {
            Some(Kind::Word(w)) if w == word => {}
            _ => {
                p.at -= 1;
                return p.fail(format!("expected {what}"), "a Gambit strategic-form file starts with `NFG 1 R`");
            }
        }
    }
    match p.next() {
        Some(Kind::Word(w)) if w == "R" || w == "D" => {}
        _ => {
            p.at -= 1;
            return p.fail(
                "expected `R` (rational) or `D` (decimal)",
                "a Gambit strategic-form file starts with `NFG 1 R`",
            );
        }
    }
    let title = p.text("the game's title")?;
    let players_at = p.at;
    let players = p.texts("player names")?;
    if players.is_empty() {
        return p.fail("a game needs at least one player", "list the players' names in quotes");
    }
    if players.len() > MAX_PLAYERS {
        p.at = players_at;
        return p.fail(
            format!("{} players, more than the {MAX_PLAYERS} statecraft handles", players.len()),
            "mixed strategies cost players squared times profiles: reduce the players",
        );
    }
    p.expect(Kind::Open, "`{` opening the strategies")?;
    let named = p.peek() == Some(&Kind::Open);
    // Where each player's strategies are written (a token index), for the messages.
    let mut places = Vec::new();
    let mut names: Vec<Vec<String>> = Vec::new();
    let mut sizes = Vec::new();
    if named {
        while p.peek() == Some(&Kind::Open) {
            places.push(p.at);
            names.push(p.texts("strategy names")?);
            sizes.push(names.last().map_or(0, Vec::len));
        }
        places.push(p.at);
        p.expect(Kind::Close, "`}` closing the strategies")?;
    } else {
        while let Some(Kind::Word(_)) = p.peek() {
            places.push(p.at);
            sizes.push(p.count("a number of strategies")?);
        }
        places.push(p.at);
        p.expect(Kind::Close, "`}` closing the numbers of strategies")?;
    }
    let after_strategies = p.at;
    if sizes.len() != players.len() {
        // Point at the first list too many, or at the `}` where one is missing.
        p.at = places[sizes.len().min(players.len())];
        let what = if named { "lists of strategy names" } else { "numbers of strategies" };
        return p.fail(
            format!("{} {what} for {} players", sizes.len(), players.len()),
            format!("give one for each player, in the order of the player names: {}", quoted(&players)),
        );
    }
    if let Some(empty) = sizes.iter().position(|&n| n == 0) {
        p.at = places[empty];
        return p.fail(
            format!("player {} (`{}`) has no strategies", empty + 1, players[empty]),
            "give every player at least one strategy name in quotes",
        );
    }
    let profiles = sizes.iter().try_fold(1usize, |product, &n| product.checked_mul(n));
    if profiles.is_none_or(|k| k > MAX_PROFILES) {
        p.at = places[0];
        let sizes: Vec<String> = sizes.iter().map(ToString::to_string).collect();
        return p.fail(
            format!(
                "the game has {} strategy profiles ({}), more than the {MAX_PROFILES} statecraft handles",
                profiles.map_or_else(|| "more than 2^64".to_string(), |k| k.to_string()),
                sizes.join(" x ")
            ),
            "every profile needs its payoffs in memory; reduce the strategies",
        );
    }
    p.at = after_strategies;
    let strategies: Vec<Vec<String>> = if named {
        names
    } else {
        // Named `s1`, `s2`...: a bare `2` would read as a number in "plays 2".
        sizes.iter().map(|&n| (1..=n).map(|i| format!("s{i}")).collect()).collect()
    };
    if let Some(Kind::Text(_)) = p.peek() {
        p.at += 1; // the comment
    }
    // The body's version shows in its first token, as Gambit tells them apart.
    let outcome_version = match p.peek() {
        Some(Kind::Open) => true,
        Some(Kind::Word(_)) => false,
        None => return p.fail("the file ends where the payoffs were expected", "is the body of the game missing?"),
        _ => {
            return p.fail(
                "expected the payoffs (numbers) or `{` opening the outcomes",
                "after the strategies and an optional comment in quotes come the payoffs",
            );
        }
    };
    let n = players.len();
    let profiles: usize = strategies.iter().map(Vec::len).product();
    let payoffs = if outcome_version {
        p.expect(Kind::Open, "`{` opening the outcomes")?;
        let mut outcomes = Vec::new();
        while p.peek() == Some(&Kind::Open) {
            p.at += 1;
            p.text("an outcome's name")?;
            let mut values = Vec::new();
            for k in 0..n {
                values.push(p.number(&format!("payoff {} of outcome {}", k + 1, outcomes.len() + 1))?);
            }
            p.expect(Kind::Close, &format!("`}}` after the {n} payoffs of outcome {}", outcomes.len() + 1))?;
            outcomes.push(values);
        }
        p.expect(Kind::Close, "`}` closing the outcomes")?;
        let mut payoffs = Vec::with_capacity(profiles);
        for k in 0..profiles {
            let index = match p.peek() {
                Some(Kind::Word(w)) => w.parse::<usize>().ok(),
                _ => None,
            };
            let Some(index) = index else {
                return p.fail(
                    format!("expected the outcome of profile {} (a whole number)", k + 1),
                    "after the outcomes, list one outcome number per profile (0 for none)",
                );
            };
            if index > outcomes.len() {
                return p.fail(
                    format!("outcome {index} does not exist (there are {})", outcomes.len()),
                    "0 is the null outcome",
                );
            }
            p.at += 1;
            payoffs.push(if index == 0 { vec![Rational::integer(0); n] } else { outcomes[index - 1].clone() });
        }
        payoffs
    } else {
        let mut payoffs = Vec::with_capacity(profiles);
        for k in 0..profiles {
            let mut row = Vec::with_capacity(n);
            for q in 0..n {
                if p.peek().is_none() {
                    return p.fail(
                        format!(
                            "expected {} payoffs ({} profiles x {n} players), found {}",
                            profiles * n,
                            profiles,
                            k * n + q
                        ),
                        "every profile needs one payoff per player",
                    );
                }
                row.push(p.number(&format!("payoff of player {} at profile {}", q + 1, k + 1))?);
            }
            payoffs.push(row);
        }
        payoffs
    };
    if p.peek().is_some() {
        return p.fail(
            format!("more numbers than the {} profiles x {n} players need", profiles),
            "check the numbers of strategies and the payoff count",
        );
    }
    NormalForm::new(title, players, strategies, payoffs).map_err(|e| ParseError {
        line: 1,
        column: 1,
        message: e.to_string(),
        hint: String::new(),
    })
}

/// A game as a `.nfg` file (the outcome version, which keeps the strategies' names), exactly:
/// [`parse`] reads back the same game.
pub fn write(game: &NormalForm<Rational>) -> String {
    // Gambit reads `\"` as a quote and keeps every other backslash.
    let quote = |s: &str| format!("\"{}\"", s.replace('"', "\\\""));
    let names = |list: &[String]| list.iter().map(|s| quote(s)).collect::<Vec<_>>().join(" ");
    let mut out = format!("NFG 1 R {} {{ {} }}\n\n{{\n", quote(&game.title), names(&game.players));
    for strategies in &game.strategies {
        out.push_str(&format!("{{ {} }}\n", names(strategies)));
    }
    out.push_str("}\n\"\"\n\n{\n");
    for payoffs in &game.payoffs {
        let values: Vec<String> = payoffs.iter().map(ToString::to_string).collect();
        out.push_str(&format!("{{ \"\" {} }}\n", values.join(", ")));
    }
    out.push_str("}\n");
    let indices: Vec<String> = (1..=game.payoffs.len()).map(|k| k.to_string()).collect();
    out.push_str(&indices.join(" "));
    out.push('\n');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const PRISONERS: &str = r#"NFG 1 R "Prisoner's dilemma" { "Row" "Column" } { 2 2 }
3 3 5 0 0 5 1 1
"#;

    #[test]
    fn reads_the_payoff_version() {
        let game = parse(PRISONERS).unwrap();
        assert_eq!(game.players, vec!["Row", "Column"]);
        // Profiles run first player fastest: (1,1), (2,1), (1,2), (2,2).
        assert_eq!(game.payoff(&[1, 0], 0), &Rational::integer(5));
        assert_eq!(game.payoff(&[1, 0], 1), &Rational::integer(0));
        assert_eq!(game.pure_equilibria(), vec![vec![1, 1]]);
    }

    #[test]
    fn reads_the_outcome_version_with_fractions() {
        let text = r#"NFG 1 R "Battle" { "Her" "Him" }
{ { "Opera" "Fight" } { "Opera" "Fight" } }
"a comment"
{
{ "both opera" 2, 1 }
{ "both fight" 1, 2 }
{ "apart" 0, 1/2 }
}
1 3 0 2
"#;
        let game = parse(text).unwrap();
        assert_eq!(game.strategies[0], vec!["Opera", "Fight"]);
        assert_eq!(game.payoff(&[0, 0], 0), &Rational::integer(2));
        assert_eq!(game.payoff(&[1, 0], 1), &Rational::new(1, 2));
        assert_eq!(game.payoff(&[0, 1], 1), &Rational::integer(0));
        assert_eq!(game.pure_equilibria(), vec![vec![0, 0], vec![1, 1]]);
    }

    #[test]
    fn errors_say_where() {
        let missing = parse("NFG 1 R \"g\" { \"a\" \"b\" } { 2 2 }\n1 2 3 4 5 6 7\n").unwrap_err();
        assert!(missing.message.contains("expected 8 payoffs"), "{missing:?}");
        let word = parse("NFG 1 R \"g\" { \"a\" \"b\" } { 2 2 }\n1 2 x 4 5 6 7 8\n").unwrap_err();
        assert_eq!((word.line, word.column), (2, 5));
        assert!(word.message.contains("`x` is not a number"));
        let extra = parse("NFG 1 R \"g\" { \"a\" } { 2 }\n1 2 3\n").unwrap_err();
        assert!(extra.message.contains("more numbers"), "{extra:?}");
        assert!(parse("EFG 2 R \"tree\"").is_err());
        assert!(parse("NFG 1 R \"g\" { \"a\" \"b\" } { 2 0 }\n").is_err());
        assert!(parse("NFG 1 R \"unterminated").is_err());
    }

    #[test]
    fn strategy_counts_and_lists_that_do_not_match_the_players() {
        let three = parse("NFG 1 R \"g\" { \"a\" \"b\" }\n{ 2 2 3 }\n").unwrap_err();
        assert_eq!((three.line, three.column), (2, 7), "{three:?}");
        assert_eq!(three.message, "3 numbers of strategies for 2 players");
        let one = parse("NFG 1 R \"g\" { \"a\" \"b\" } { 2 }\n1 2").unwrap_err();
        assert_eq!(one.message, "1 numbers of strategies for 2 players");
        assert_eq!((one.line, one.column), (1, 29), "{one:?}");
        let empty = parse("NFG 1 R \"g\" { \"a\" \"b\" }\n{ { } { \"x\" } }\n").unwrap_err();
        assert_eq!(empty.message, "player 1 (`a`) has no strategies");
        assert_eq!((empty.line, empty.column), (2, 3), "{empty:?}");
    }

    #[test]
    fn huge_games_are_refused_before_anything_is_allocated() {
        let huge = parse("NFG 1 R \"t\" { \"a\" \"b\" } { 100000 100000 }").unwrap_err();
        assert!(huge.message.contains("10000000000 strategy profiles (100000 x 100000)"), "{huge:?}");
        let overflow = parse("NFG 1 R \"t\" { \"a\" \"b\" \"c\" } { 4294967296 4294967296 4294967296 }").unwrap_err();
        assert!(overflow.message.contains("more than 2^64"), "{overflow:?}");
    }

    #[test]
    fn what_is_written_reads_back_the_same() {
        let mut game = parse(PRISONERS).unwrap();
        game.title = "quotes \" and \\ survive".into();
        game.strategies[1][0] = "a \\ b".into();
        game.payoffs[2][1] = Rational::new(-7, 3);
        assert_eq!(parse(&write(&game)).unwrap(), game);
    }

    #[test]
    fn either_form_of_strategies_goes_with_either_version_of_payoffs() {
        // Names with the payoff version: what pygambit's `to_nfg()` writes.
        let names_payoffs =
            "NFG 1 R \"g\" { \"A\" \"B\" }\n{ { \"U\" \"D\" } { \"L\" \"R\" } }\n\"\"\n3 3 5 0 0 5 1 1\n";
        let game = parse(names_payoffs).unwrap();
        assert_eq!(game.strategies, vec![vec!["U", "D"], vec!["L", "R"]]);
        assert_eq!(game.payoff(&[1, 0], 0), &Rational::integer(5));
        // Counts with the outcome version.
        let counts_outcomes = "NFG 1 R \"g\" { \"A\" \"B\" } { 2 2 }\n{ { \"\" 3, 3 } { \"x\" 5 0 } { \"y\" 0 5 } { \"z\" 1 1 } }\n1 2 3 4\n";
        let other = parse(counts_outcomes).unwrap();
        assert_eq!(other.payoffs, game.payoffs);
        assert_eq!(other.strategies[0], vec!["s1", "s2"]);
    }

    #[test]
    fn a_byte_order_mark_is_skipped_and_an_extensive_form_named() {
        assert_eq!(parse(&format!("\u{feff}{PRISONERS}")).unwrap(), parse(PRISONERS).unwrap());
        let efg = parse("EFG 2 R \"tree\" { \"1\" \"2\" }\n").unwrap_err();
        assert!(efg.message.contains("extensive-form game (.efg)"), "{efg:?}");
        assert!(efg.hint.contains("to_nfg"), "{efg:?}");
    }

    #[test]
    fn names_payoffs_and_numbers_beyond_the_limits_are_refused_where_written() {
        let long = format!("NFG 1 R \"g\" {{ \"a\" \"{}\" }} {{ 1 1 }}\n0 0\n", "n".repeat(MAX_NAME_CHARS + 1));
        let e = parse(&long).unwrap_err();
        assert_eq!((e.line, e.column), (1, 19), "{e:?}");
        assert!(e.message.contains("257 characters") && e.message.contains("256"), "{e:?}");
        let at_limit = format!("NFG 1 R \"g\" {{ \"a\" \"{}\" }} {{ 1 1 }}\n0 0\n", "n".repeat(MAX_NAME_CHARS));
        assert!(parse(&at_limit).is_ok());
        for (payoff, column) in [("1e400", 3), ("-1e101", 3)] {
            let e = parse(&format!("NFG 1 R \"g\" {{ \"a\" \"b\" }} {{ 1 1 }}\n0 {payoff}\n")).unwrap_err();
            assert_eq!((e.line, e.column), (2, column), "{e:?}");
            assert!(e.message.contains("larger in magnitude than 1e100"), "{e:?}");
            assert!(e.hint.contains("lambda * c"), "{e:?}");
        }
        assert!(parse("NFG 1 R \"g\" { \"a\" \"b\" } { 1 1 }\n0 1e100\n").is_ok());
        let digits = format!("NFG 1 R \"g\" {{ \"a\" }} {{ 1 }}\n0.{}\n", "3".repeat(MAX_NUMBER_CHARS));
        let e = parse(&digits).unwrap_err();
        assert!(e.message.contains("1002 characters") && e.message.len() < 200, "{e:?}");
        // Found by the `nfg` fuzz target: 600 digits read, but as the fraction written back
        // (333…3/10^600) they are 1,202 characters, which did not read again.
        let long = format!("NFG 1 R \"g\" {{ \"a\" }} {{ 1 }}\n0.{}\n", "3".repeat(600));
        let e = parse(&long).unwrap_err();
        assert!(e.message.contains("as an exact fraction, 1202 characters") && e.message.len() < 300, "{e:?}");
        let fits = format!("NFG 1 R \"g\" {{ \"a\" }} {{ 1 }}\n0.{}\n", "3".repeat(400));
        let game = parse(&fits).unwrap();
        assert_eq!(parse(&write(&game)), Ok(game), "what reads is written so that it reads again");
        let crowd: Vec<String> = (0..=MAX_PLAYERS).map(|p| format!("\"p{p}\"")).collect();
        let ones = vec!["1"; MAX_PLAYERS + 1].join(" ");
        let zeros = vec!["0"; MAX_PLAYERS + 1].join(" ");
        let e = parse(&format!("NFG 1 R \"g\" {{ {} }} {{ {ones} }}\n{zeros}\n", crowd.join(" "))).unwrap_err();
        assert_eq!(e.message, "101 players, more than the 100 statecraft handles");
    }

    #[test]
    fn backslashes_are_read_as_gambit_reads_them() {
        let game = parse("NFG 1 R \"a \\\"b\\\" c\\d\" { \"x\" } { 1 }\n0\n").unwrap();
        assert_eq!(game.title, "a \"b\" c\\d");
    }

    #[test]
    fn payoff_version_strategies_have_names_that_are_not_numbers() {
        assert_eq!(parse(PRISONERS).unwrap().strategies[0], vec!["s1", "s2"]);
    }
}
