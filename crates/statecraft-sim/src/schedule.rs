//! One month is one run of this schedule: eight phases in a fixed order, each a chain of
//! systems, on the single-threaded executor, with ambiguity detection set to fail the build.

use bevy_ecs::prelude::*;
use bevy_ecs::schedule::{LogLevel, ScheduleBuildSettings, SingleThreadedExecutor};

use crate::actors::{beijing, chipmaker, cloud, congress, lab, us_admin, vendor};
use crate::phases::{build, events, record, relate, trade};
use crate::{digest, market, stage_game};

#[derive(SystemSet, Debug, Clone, PartialEq, Eq, Hash)]
pub enum Phase {
    /// Scripted events; licences catch up; a new Congress opens.
    Events,
    /// Moods swing, lobbying fades, designs mature; the month's economy and signals are read.
    Sense,
    /// Every actor chooses one move with its decision rule.
    Decide,
    /// Moves take effect: the administration, then Congress (which can override it), then
    /// Beijing, firms and labs.
    Resolve,
    /// The chip market clears.
    Trade,
    /// Stocks depreciate and grow; compute becomes capability.
    Build,
    /// Tension, truces and summits settle; rules learn.
    Relate,
    /// The month is recorded and the calendar moves on.
    Record,
}

/// Whether `month` honours a shuffle seed (built with the `debug` feature).
pub const SHUFFLE_SUPPORTED: bool = cfg!(feature = "debug");

/// The monthly schedule. `digests` adds the state digest to the record; `shuffle` reorders
/// systems within their constraints (bevy's `debug` feature), to test that order is pinned.
pub fn month(digests: bool, shuffle: Option<u64>) -> Schedule {
    let mut schedule = Schedule::default();
    schedule.set_executor(SingleThreadedExecutor::new());
    #[allow(unused_mut)]
    let mut settings = ScheduleBuildSettings { ambiguity_detection: LogLevel::Error, ..Default::default() };
    #[cfg(feature = "debug")]
    {
        settings.shuffle_seed = shuffle;
    }
    #[cfg(not(feature = "debug"))]
    let _ = shuffle;
    schedule.set_build_settings(settings);
    schedule.configure_sets(
        (
            Phase::Events,
            Phase::Sense,
            Phase::Decide,
            Phase::Resolve,
            Phase::Trade,
            Phase::Build,
            Phase::Relate,
            Phase::Record,
        )
            .chain(),
    );
    schedule.add_systems(
        (congress::new_congress, events::licences_catch_up, events::apply_scripted).chain().in_set(Phase::Events),
    );
    schedule.add_systems(
        (us_admin::swing_mood, vendor::age, market::sense_market, market::sense_signals).chain().in_set(Phase::Sense),
    );
    schedule.add_systems(
        (stage_game::decide, congress::decide, vendor::decide, cloud::decide, lab::decide, chipmaker::decide)
            .chain()
            .in_set(Phase::Decide),
    );
    schedule.add_systems(
        (us_admin::enact, congress::enact, beijing::enact, vendor::enact, cloud::enact, lab::enact, chipmaker::enact)
            .chain()
            .in_set(Phase::Resolve),
    );
    schedule.add_systems(trade::trade.in_set(Phase::Trade));
    schedule.add_systems(
        (build::depreciate_and_grow, chipmaker::grow, build::advance_capability).chain().in_set(Phase::Build),
    );
    schedule.add_systems((relate::relate, stage_game::learn, relate::learn_alone).chain().in_set(Phase::Relate));
    if digests {
        schedule.add_systems((record::record, digest::record_digest, record::next_month).chain().in_set(Phase::Record));
    } else {
        schedule.add_systems((record::record, record::next_month).chain().in_set(Phase::Record));
    }
    schedule
}
