//! The statecraft world: actors and state in a bevy_ecs `World`, advanced one month at a time
//! by one `Schedule` of chained phases (see `schedule`), with one random stream per actor.
//!
//! Use [`run`] for a whole run, or [`Simulation`] to step month by month. The scenario must
//! have passed the scenario crate's validation and [`check`].

// Systems are plain functions whose parameters say what they read and write; bevy encourages
// many parameters and nested query types, so these lints would only obscure that.
#![allow(clippy::too_many_arguments, clippy::type_complexity)]

pub mod actors;
pub mod dictionary;
pub mod digest;
pub mod economy;
pub mod market;
pub mod output;
pub mod phases;
pub mod relations;
pub mod replay;
pub mod rng;
mod run;
pub mod schedule;
pub mod setup;
pub mod stage_game;
pub mod state;

pub use output::{Metrics, Summary, Table};
pub use replay::{Program, Replay, Verdict};
pub use run::{ActorNames, Names, Options, Run, Runner, Simulation, StageGameView, run, stage_game_at};
pub use setup::{RunId, check, menu};
