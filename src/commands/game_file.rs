//! Game files for `solve`, `tournament`, `learn`, `evolve` and `moran`: Gambit's `.nfg` (both
//! versions) or RON, every error located at file:line:col with a hint.
//!
//! RON is read through the scenario crate's spanned tree (the one RON reader of the project),
//! walked here by hand, so that every payoff that is not a number, and every list of the wrong
//! length, is pointed at where it is written.

use std::io::Read;
use std::path::Path;

use statecraft_games::nfg::MAX_NUMBER_CHARS;
use statecraft_games::normal_form::{MAX_NAME_CHARS, MAX_PAYOFF, MAX_PLAYERS};
use statecraft_games::{NormalForm, Rational, nfg};
use statecraft_scenario::ron::{Node, Value, closest, parse};
use statecraft_scenario::{Diagnostic, Diagnostics, Sources};

use crate::failure::Failure;

/// What `solve --help` says about the RON format.
pub const RON_FORMAT: &str = "\
A game in RON names its players and their strategies and lists the payoffs of every profile,
the first player's strategy varying fastest (as in Gambit's .nfg), one payoff per player:

    Game(
        title: \"Prisoner's dilemma\",
        players: [\"Row\", \"Column\"],
        strategies: [[\"cooperate\", \"defect\"], [\"cooperate\", \"defect\"]],
        payoffs: [[3, 3], [5, 0], [0, 5], [1, 1]],
    )

Payoffs are numbers (read exactly as written: 0.1 is 1/10) or fractions in quotes (\"3/4\").";

/// The largest game file read, 16 MiB: a 1000 × 1000 bimatrix of small integers takes about
/// 6 MiB. Only this much (and one byte more, to notice) is ever read.
pub const MAX_GAME_FILE_BYTES: u64 = 16 << 20;

/// A file's text, at most [`MAX_GAME_FILE_BYTES`] of it, without a byte-order mark.
fn read_text(path: &Path, name: &str) -> Result<String, Failure> {
    let cannot = |e: std::io::Error| {
        Failure::Input(format!("error: cannot read `{name}`: {e}\nhelp: give a .nfg or .ron game file"))
    };
    let mut bytes = Vec::new();
    std::fs::File::open(path).and_then(|f| f.take(MAX_GAME_FILE_BYTES + 1).read_to_end(&mut bytes)).map_err(cannot)?;
    if bytes.len() as u64 > MAX_GAME_FILE_BYTES {
        return Err(Failure::Input(format!(
            "error: `{name}` is larger than {} MiB, the largest game file statecraft reads\nhelp: games have at most {} strategy profiles",
            MAX_GAME_FILE_BYTES >> 20,
            statecraft_games::normal_form::MAX_PROFILES
        )));
    }
    let text = String::from_utf8(bytes).map_err(|e| {
        let good = &e.as_bytes()[..e.utf8_error().valid_up_to()];
        let good = std::str::from_utf8(good).unwrap_or_default();
        let line = good.matches('\n').count() + 1;
        let column = good.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
        Failure::Input(format!(
            "{name}:{line}:{column}: error: the file is not UTF-8 text\nhelp: save it as UTF-8 (names may use any Unicode character)"
        ))
    })?;
    Ok(text.strip_prefix('\u{feff}').map(str::to_string).unwrap_or(text))
}

/// Read a game file: `.nfg` (or an `.efg`, to say it is not read) by its first word, RON
/// otherwise.
pub fn read_game(path: &Path) -> Result<NormalForm<Rational>, Failure> {
    let name = path.display().to_string();
    let text = read_text(path, &name)?;
    parse_game(&name, &text)
}

/// A game from the text of the file called `name`: `.nfg` (or `.efg`, refused) by its first
/// word, RON otherwise.
pub fn parse_game(name: &str, text: &str) -> Result<NormalForm<Rational>, Failure> {
    let name = name.to_string();
    if text.trim_start().starts_with("NFG") || text.trim_start().starts_with("EFG") {
        return nfg::parse(text).map_err(|e| {
            Failure::Input(format!("{name}:{}:{}: error: {}\nhelp: {}", e.line, e.column, e.message, e.hint))
        });
    }
    let mut sources = Sources::default();
    let id = sources.add(name, text);
    let fail = |d: Diagnostic| Failure::from(Diagnostics { sources: sources.clone(), list: vec![d] });
    let node = parse(text, id).map_err(|e| fail(Diagnostic::new(e.message).at(Some(e.span)).hint(e.hint)))?;
    Reader { text }.game(&node).map_err(fail)
}

/// A column heading per strategy of every player, `player:strategy`, for tables of mixes.
pub fn strategy_columns(game: &NormalForm<Rational>) -> Vec<String> {
    game.players.iter().zip(&game.strategies).flat_map(|(p, s)| s.iter().map(move |a| format!("{p}:{a}"))).collect()
}

struct Reader<'t> {
    text: &'t str,
}

fn error(node: &Node, message: impl Into<String>, hint: &str) -> Diagnostic {
    Diagnostic::new(message).at(Some(node.span)).hint(Some(hint.to_string()))
}

const FIELDS: [&str; 4] = ["title", "players", "strategies", "payoffs"];

impl Reader<'_> {
    fn game(&self, node: &Node) -> Result<NormalForm<Rational>, Diagnostic> {
        let fields = match &node.value {
            Value::Struct(name, fields) if name.as_ref().is_none_or(|n| n.name == "Game") => fields,
            _ => return Err(error(node, format!("expected `Game(...)`, found {}", node.describe()), RON_HINT)),
        };
        for (key, _) in fields {
            if !FIELDS.contains(&key.name.as_str()) {
                let hint = closest(&key.name, &FIELDS).map_or_else(
                    || "the fields are title, players, strategies and payoffs".to_string(),
                    |c| format!("did you mean `{c}`?"),
                );
                return Err(Diagnostic::new(format!("unknown field `{}`", key.name))
                    .at(Some(key.span))
                    .hint(Some(hint)));
            }
        }
        let field = |name: &str| fields.iter().find(|(k, _)| k.name == name).map(|(_, v)| v);
        let missing = |name: &str| {
            Diagnostic::new(format!("the game has no `{name}`")).at(Some(node.span)).hint(Some(RON_HINT.to_string()))
        };
        let title = match field("title") {
            Some(t) => self.text_of(t)?,
            None => String::new(),
        };
        let players_node = field("players").ok_or_else(|| missing("players"))?;
        let players = self.list(players_node)?.iter().map(|n| self.name(n)).collect::<Result<Vec<_>, _>>()?;
        if players.is_empty() {
            return Err(error(players_node, "a game needs at least one player", "name the players in quotes"));
        }
        if players.len() > MAX_PLAYERS {
            return Err(error(
                players_node,
                format!("{} players, more than the {MAX_PLAYERS} statecraft handles", players.len()),
                "mixed strategies cost players squared times profiles: reduce the players",
            ));
        }
        let strategies_node = field("strategies").ok_or_else(|| missing("strategies"))?;
        let lists = self.list(strategies_node)?;
        if lists.len() != players.len() {
            return Err(error(
                strategies_node,
                format!("{} lists of strategies for {} players", lists.len(), players.len()),
                "give one list of strategy names for each player, in the order of `players`",
            ));
        }
        let mut strategies = Vec::new();
        for (p, list) in lists.iter().enumerate() {
            let names = self.list(list)?.iter().map(|n| self.name(n)).collect::<Result<Vec<_>, _>>()?;
            if names.is_empty() {
                return Err(error(list, format!("player `{}` has no strategies", players[p]), "name at least one"));
            }
            strategies.push(names);
        }
        let profiles = strategies.iter().try_fold(1usize, |product, s| product.checked_mul(s.len()));
        if profiles.is_none_or(|k| k > statecraft_games::normal_form::MAX_PROFILES) {
            return Err(error(
                strategies_node,
                format!("more than {} strategy profiles", statecraft_games::normal_form::MAX_PROFILES),
                "every profile needs its payoffs in memory; reduce the strategies",
            ));
        }
        let profiles = profiles.unwrap_or_default();
        let payoffs_node = field("payoffs").ok_or_else(|| missing("payoffs"))?;
        let rows = self.list(payoffs_node)?;
        if rows.len() != profiles {
            let sizes: Vec<String> = strategies.iter().map(|s| s.len().to_string()).collect();
            let at = rows.get(profiles).unwrap_or(payoffs_node);
            return Err(error(
                at,
                format!("expected {profiles} profiles ({}), found {}", sizes.join(" x "), rows.len()),
                "one list of payoffs per profile, the first player's strategy varying fastest",
            ));
        }
        let mut payoffs = Vec::with_capacity(profiles);
        for row in rows {
            let values = self.list(row)?;
            if values.len() != players.len() {
                return Err(error(
                    row,
                    format!("expected {} payoffs (one per player), found {}", players.len(), values.len()),
                    "write one payoff per player, in the order of `players`",
                ));
            }
            payoffs.push(values.iter().map(|v| self.number(v)).collect::<Result<Vec<_>, _>>()?);
        }
        NormalForm::new(title, players, strategies, payoffs).map_err(|e| error(node, e.to_string(), RON_HINT))
    }

    fn list<'n>(&self, node: &'n Node) -> Result<&'n [Node], Diagnostic> {
        match &node.value {
            Value::List(items) => Ok(items),
            _ => Err(error(
                node,
                format!("expected a list `[...]`, found {}", node.describe()),
                "write a list in brackets",
            )),
        }
    }

    fn text_of(&self, node: &Node) -> Result<String, Diagnostic> {
        match &node.value {
            Value::Str(s) => Ok(s.clone()),
            _ => {
                Err(error(node, format!("expected a name in quotes, found {}", node.describe()), "e.g. \"cooperate\""))
            }
        }
    }

    /// A player's or strategy's name: at most `MAX_NAME_CHARS` characters.
    fn name(&self, node: &Node) -> Result<String, Diagnostic> {
        let name = self.text_of(node)?;
        let chars = name.chars().count();
        if chars > MAX_NAME_CHARS {
            return Err(error(
                node,
                format!("a name of {chars} characters, longer than the {MAX_NAME_CHARS} allowed"),
                "shorten the name: names label the columns of tables",
            ));
        }
        Ok(name)
    }

    /// A payoff exactly as written: the source text of a number, or a string holding one, of
    /// at most `MAX_NUMBER_CHARS` characters and `MAX_PAYOFF` in magnitude.
    fn number(&self, node: &Node) -> Result<Rational, Diagnostic> {
        let written = match &node.value {
            Value::Int(_) | Value::Float(_) => &self.text[node.span.range()],
            Value::Str(s) => s.as_str(),
            _ => "",
        };
        if written.chars().count() > MAX_NUMBER_CHARS {
            return Err(error(
                node,
                format!(
                    "a number of {} characters, longer than the {MAX_NUMBER_CHARS} allowed",
                    written.chars().count()
                ),
                "write payoffs with fewer digits",
            ));
        }
        let value: Rational = written.parse().map_err(|_| {
            error(
                node,
                format!("a payoff must be a number, found {}", node.describe()),
                "write a number (3, -0.5, 1e3) or a fraction in quotes (\"3/4\")",
            )
        })?;
        if value.to_f64().abs() > MAX_PAYOFF {
            return Err(error(
                node,
                format!("a payoff larger in magnitude than {MAX_PAYOFF:e}, the largest statecraft handles"),
                nfg::RESCALE_HINT,
            ));
        }
        Ok(value)
    }
}

const RON_HINT: &str = "see `statecraft solve --help` for the RON game format";
