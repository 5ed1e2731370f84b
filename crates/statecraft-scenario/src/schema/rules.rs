//! How an actor decides, as written in a scenario.

use serde::{Deserialize, Serialize};

use super::units::{Fraction, Month};

/// A decision rule. Action names are the actor kind's levers (`statecraft list` shows them).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum RuleSpec {
    /// Always the same action, e.g. `Fixed("hold")`.
    Fixed(String),
    /// Given actions in given months, otherwise `hold`.
    Scripted(Vec<ScriptedMove>),
    /// Myopic best response to the current state and the counterpart's last move.
    BestResponse,
    /// Logit quantal response with rationality `lambda` (per unit of the actor's utility).
    Logit { lambda: f64 },
    /// Best response to the empirical frequency of the counterpart's moves.
    FictitiousPlay,
    /// Play in proportion to positive cumulative regret.
    RegretMatching,
    /// Tit-for-tat over hostile and cooperative moves, forgiving with this probability.
    Reciprocity { forgiveness: Fraction },
    /// Best response, exploring a random action with probability `epsilon`.
    EpsilonGreedy { epsilon: Fraction },
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ScriptedMove {
    pub at: Month,
    pub action: String,
}

impl RuleSpec {
    /// The rule's name as `statecraft list` prints it.
    pub fn name(&self) -> &'static str {
        match self {
            RuleSpec::Fixed(_) => "Fixed",
            RuleSpec::Scripted(_) => "Scripted",
            RuleSpec::BestResponse => "BestResponse",
            RuleSpec::Logit { .. } => "Logit",
            RuleSpec::FictitiousPlay => "FictitiousPlay",
            RuleSpec::RegretMatching => "RegretMatching",
            RuleSpec::Reciprocity { .. } => "Reciprocity",
            RuleSpec::EpsilonGreedy { .. } => "EpsilonGreedy",
        }
    }
}

/// Every rule with an example, for `statecraft list`.
pub const RULE_EXAMPLES: &[(&str, &str)] = &[
    ("Fixed(\"hold\")", "always the same action"),
    ("Scripted([(at: \"2026-04\", action: \"loosen_ceiling\")])", "given actions in given months, otherwise hold"),
    ("BestResponse", "myopic best response to the state and the counterpart's last move"),
    ("Logit(lambda: 4.0)", "logit quantal response; larger lambda is more rational"),
    ("FictitiousPlay", "best response to the counterpart's empirical mix of moves"),
    ("RegretMatching", "play in proportion to positive cumulative regret"),
    ("Reciprocity(forgiveness: 0.1)", "tit-for-tat over hostile/cooperative moves, with forgiveness"),
    ("EpsilonGreedy(epsilon: 0.1)", "best response, exploring at random with probability epsilon"),
];
