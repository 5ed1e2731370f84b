//! What can go wrong when building or solving a game.

/// A game that cannot be built as asked.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum GameError {
    #[error("a game needs at least one action for every player")]
    NoActions,
    #[error("a game needs at least one player")]
    NoPlayers,
    #[error("expected {expected} payoffs for {what}, found {found}")]
    WrongPayoffCount { what: String, expected: usize, found: usize },
    #[error("payoff {} of {what} is not a finite number", index + 1)]
    NotFinite { what: String, index: usize },
    #[error("payoff {} of {what} is larger in magnitude than {:e}, the largest statecraft handles", index + 1, crate::normal_form::MAX_PAYOFF)]
    PayoffTooLarge { what: String, index: usize },
    #[error("a name of {chars} characters is longer than the {limit} statecraft allows")]
    NameTooLong { chars: usize, limit: usize },
    #[error("the game has {players} players, more than the {limit} statecraft handles")]
    TooManyPlayers { players: usize, limit: usize },
    #[error("the game has {} strategy profiles, more than the {limit} statecraft handles", profiles.map_or_else(|| "more than 2^64".to_string(), |p| p.to_string()))]
    TooLarge { profiles: Option<usize>, limit: usize },
}

/// A solver that could not answer.
#[derive(Clone, Debug, PartialEq, thiserror::Error)]
pub enum SolveError {
    #[error("starting label {label} is out of range: the game has {labels} labels (rows then columns)")]
    LabelOutOfRange { label: usize, labels: usize },
    #[error("{0}")]
    Game(#[from] GameError),
    #[error("the continuation lost the path at lambda = {lambda}: {reason}")]
    PathLost { lambda: f64, reason: String },
}
