//! Actors: what every actor has (an id, a menu of moves, a decision rule and its memory, a
//! random stream), and one module per kind with its state, levers, utility and systems.

/// One table per actor kind of its moves, in menu order: each move's constant (its index in the
/// menu), its name and its stance toward China (how Beijing, tension and reciprocity read it).
/// `MOVES` and `menu()` derive from it, so there is one list; each kind's `feasible` names every
/// constant, and an unknown index is infeasible.
macro_rules! moves {
    ($($konst:ident = $name:literal : $stance:ident),* $(,)?) => {
        moves!(@index 0usize; $($konst),*);
        /// The moves, in menu order: name and stance.
        pub const MOVES: &[(&str, statecraft_games::Stance)] = &[$(($name, statecraft_games::Stance::$stance)),*];
        pub fn menu() -> Vec<$crate::actors::Move> {
            MOVES.iter().map(|(name, stance)| $crate::actors::Move::new(name, *stance)).collect()
        }
    };
    (@index $i:expr; $head:ident $(, $tail:ident)*) => {
        pub const $head: usize = $i;
        moves!(@index $i + 1usize; $($tail),*);
    };
    (@index $i:expr;) => {};
}

pub mod beijing;
pub mod chipmaker;
pub mod cloud;
pub mod congress;
pub mod lab;
pub mod us_admin;
pub mod vendor;

use bevy_ecs::prelude::*;
use serde::Serialize;
use statecraft_games::{Memory, Problem, Rule, Stance};
use statecraft_scenario::Month;

use crate::rng::ActorRng;

/// Position in the scenario's `actors` list: the order of decisions and random streams.
#[derive(Component, Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct ActorId(pub u32);

/// Query items that start with an actor's id.
pub trait WithId {
    fn actor_id(&self) -> ActorId;
}

impl<A> WithId for (&ActorId, A) {
    fn actor_id(&self) -> ActorId {
        *self.0
    }
}

impl<A, B> WithId for (&ActorId, A, B) {
    fn actor_id(&self) -> ActorId {
        *self.0
    }
}

impl<A, B, C> WithId for (&ActorId, A, B, C) {
    fn actor_id(&self) -> ActorId {
        *self.0
    }
}

/// A query's items in `ActorId` order, wherever order matters (draws, float sums, records).
/// Collecting and sorting is much cheaper than bevy's `sort`, which rebuilds the query's
/// state on every call; ids are unique, so the order is total.
pub fn in_order<T: WithId>(items: impl Iterator<Item = T>) -> std::vec::IntoIter<T> {
    let mut items: Vec<T> = items.collect();
    items.sort_unstable_by_key(WithId::actor_id);
    items.into_iter()
}

/// The actor's id as written in the scenario ("us_admin").
#[derive(Component, Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ActorName(pub String);

/// One entry of an actor's menu.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Move {
    pub name: String,
    #[serde(serialize_with = "serialize_stance")]
    pub stance: Stance,
}

fn serialize_stance<S: serde::Serializer>(stance: &Stance, serializer: S) -> Result<S::Ok, S::Error> {
    serializer.serialize_u8(*stance as u8)
}

impl Move {
    pub fn new(name: &str, stance: Stance) -> Move {
        Move { name: name.to_string(), stance }
    }
}

/// What the actor chose this month, and the utility it expected.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct Choice {
    pub action: usize,
    pub utility: f64,
}

/// How an actor decides, and what it remembers. Every menu starts with `hold` (index 0), which
/// is also what a `Scripted` rule plays in months without a scripted move.
#[derive(Component, Clone, Debug, Serialize)]
pub struct Decider {
    pub kind: &'static str,
    pub menu: Vec<Move>,
    #[serde(serialize_with = "serialize_rule")]
    pub rule: Rule,
    pub rule_name: &'static str,
    /// Moves fixed by a `Scripted` rule: (month, action).
    pub script: Vec<(Month, usize)>,
    #[serde(serialize_with = "serialize_memory")]
    pub memory: Memory,
    /// This month's decision problem, kept so the rule can learn once the counterpart's move
    /// is known.
    pub payoffs: Vec<f64>,
    pub columns: usize,
    pub feasible: Vec<bool>,
    pub choice: Option<Choice>,
}

/// The rule with its parameters, as text: `Debug` prints floats exactly.
fn serialize_rule<S: serde::Serializer>(rule: &Rule, serializer: S) -> Result<S::Ok, S::Error> {
    serializer.serialize_str(&format!("{rule:?}"))
}

fn serialize_memory<S: serde::Serializer>(memory: &Memory, serializer: S) -> Result<S::Ok, S::Error> {
    let last = memory.counterpart_last.map(|(a, s)| (a, s as u8));
    (&memory.counterpart_counts, last, &memory.regrets).serialize(serializer)
}

impl Decider {
    pub fn action(&self, name: &str) -> Option<usize> {
        self.menu.iter().position(|m| m.name == name)
    }

    /// The chosen move's name (after `decide`).
    pub fn chosen(&self) -> &str {
        self.choice.map_or("none", |c| &self.menu[c.action].name)
    }

    pub fn chosen_stance(&self) -> Stance {
        self.choice.map_or(Stance::Neutral, |c| self.menu[c.action].stance)
    }

    /// Choose among the menu given payoffs (`columns` per move: one per counterpart move).
    pub fn decide(
        &mut self,
        now: Month,
        payoffs: Vec<f64>,
        columns: usize,
        feasible: Vec<bool>,
        rng: &mut ActorRng,
    ) -> Choice {
        let stances: Vec<Stance> = self.menu.iter().map(|m| m.stance).collect();
        // A scripted rule's periods are months since January of year 0 (see `setup::rule`).
        let rule = self.rule.in_period(i64::from(now.year()) * 12 + i64::from(now.month()) - 1);
        let problem = Problem { payoffs: &payoffs, columns, feasible: &feasible, stances: &stances };
        let decision = rule.decide(&self.memory, &problem, &mut rng.0);
        let choice = Choice { action: decision.action, utility: decision.utility };
        self.payoffs = payoffs;
        self.columns = columns;
        self.feasible = feasible;
        self.choice = Some(choice);
        choice
    }

    /// Learn from the month, once the counterpart's move (column) is known.
    pub fn learn(&mut self, counterpart: usize, stance: Stance) {
        let Some(choice) = self.choice else { return };
        let stances: Vec<Stance> = self.menu.iter().map(|m| m.stance).collect();
        let problem =
            Problem { payoffs: &self.payoffs, columns: self.columns, feasible: &self.feasible, stances: &stances };
        self.memory.observe(&problem, choice.action, counterpart, stance);
    }
}

/// The move that takes a lever from `before` to `after`: `up` if it rose, `down` if it fell,
/// none if it stayed (how a scripted event's change is read as a move, MODEL.md §15).
pub fn direction<T: PartialOrd>(before: T, after: T, up: usize, down: usize) -> Option<usize> {
    if after > before {
        Some(up)
    } else if after < before {
        Some(down)
    } else {
        None
    }
}

/// +1 for answering the counterpart's last move in kind, −1 for answering it against kind,
/// 0 when either move is neutral: the reciprocity term of US and Beijing utilities.
pub fn reciprocity(own: Stance, counterpart_last: Option<Stance>) -> f64 {
    match (own, counterpart_last) {
        (Stance::Hostile, Some(Stance::Hostile)) | (Stance::Cooperative, Some(Stance::Cooperative)) => 1.0,
        (Stance::Hostile, Some(Stance::Cooperative)) | (Stance::Cooperative, Some(Stance::Hostile)) => -1.0,
        _ => 0.0,
    }
}
