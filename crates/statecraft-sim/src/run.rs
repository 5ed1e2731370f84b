//! Running a scenario month by month, and what a run leaves behind.

use std::borrow::Cow;

use bevy_ecs::prelude::*;
use statecraft_scenario::{Actor, Month, Scenario};

use crate::digest::TickDigest;
use bevy_ecs::system::RunSystemOnce;

use crate::actors::ActorId;
use crate::phases::record::{self, ActionRecord, MonthRecord, Recorder};
use crate::schedule;
use crate::setup::{RunId, menu, world};

/// What to record besides the tables.
#[derive(Clone, Copy, Debug, Default)]
pub struct Options {
    /// Compute the state digest every month (for replays; costs time in large ensembles).
    pub digests: bool,
    /// Shuffle unordered systems (needs the `debug` feature; a test of determinism).
    pub shuffle: Option<u64>,
}

/// The names behind the indices in the records.
#[derive(Clone, Debug, Default)]
pub struct Names {
    pub scenario: String,
    pub seed: u64,
    pub start: Option<Month>,
    /// Per actor, in `ActorId` order.
    pub actors: Vec<ActorNames>,
    pub ceilings: Vec<String>,
    pub chips: Vec<String>,
    pub vendors: Vec<String>,
    pub bills: Vec<String>,
    pub labs: Vec<String>,
    pub clouds: Vec<String>,
    /// The uncertain parameters' values in this run, by path, in the scenario's order.
    pub draws: Vec<(String, f64)>,
}

impl Names {
    fn of(scenario: &Scenario, seed: u64, draws: Vec<(String, f64)>) -> Names {
        let ids =
            |kind: &str| scenario.actors.iter().filter(|a| a.kind() == kind).map(|a| a.id().to_string()).collect();
        Names {
            scenario: scenario.name.clone(),
            seed,
            start: Some(scenario.start),
            actors: scenario
                .actors
                .iter()
                .map(|a: &Actor| ActorNames {
                    id: a.id().to_string(),
                    kind: a.kind(),
                    rule: a.rule().name(),
                    menu: menu(a, scenario).into_iter().map(|m| m.name).collect(),
                })
                .collect(),
            ceilings: scenario.ceilings.iter().map(|c| c.name.clone()).collect(),
            chips: scenario.chips.iter().map(|c| c.id.clone()).collect(),
            vendors: ids("ChipVendor"),
            bills: scenario.bills.iter().map(|b| b.id.clone()).collect(),
            labs: ids("Lab"),
            clouds: ids("CloudProvider"),
            draws,
        }
    }

    pub fn chip(&self, chip: Option<usize>) -> &str {
        match chip {
            None => "",
            Some(usize::MAX) => "designed",
            Some(i) => self.chips.get(i).map_or("?", String::as_str),
        }
    }
}

#[derive(Clone, Debug, Default)]
pub struct ActorNames {
    pub id: String,
    pub kind: &'static str,
    pub rule: &'static str,
    pub menu: Vec<String>,
}

/// The scenario a run simulates: `scenario` itself when it has no uncertain parameters, else
/// with each drawn from `draw_seed` (see `statecraft_scenario::distribution::draw`); and the
/// values drawn.
pub fn drawn(scenario: &Scenario, draw_seed: u64) -> (Cow<'_, Scenario>, Vec<(String, f64)>) {
    if scenario.uncertain.is_empty() {
        return (Cow::Borrowed(scenario), Vec::new());
    }
    let (drawn, values) = statecraft_scenario::distribution::draw(scenario, draw_seed)
        .expect("a loaded scenario's distributions fit their fields (checked at load)");
    (Cow::Owned(drawn), values)
}

/// One run in progress.
pub struct Simulation {
    world: World,
    schedule: Schedule,
    months: u32,
    names: Names,
    initial: MonthRecord,
}

impl Simulation {
    /// A run of `scenario` with the random streams of `id`, its uncertain parameters drawn from
    /// `id.seed`. The scenario must be valid.
    pub fn new(scenario: &Scenario, id: RunId, options: Options) -> Simulation {
        let (scenario, draws) = drawn(scenario, id.seed);
        let scenario = scenario.as_ref();
        let mut world = world(scenario, id);
        let mut schedule = schedule::month(options.digests, options.shuffle);
        schedule.initialize(&mut world).expect("the monthly schedule is unambiguous");
        let initial = world.run_system_once(record::initial).expect("the world has every resource a row reads");
        Simulation { world, schedule, months: scenario.months.0, names: Names::of(scenario, id.seed, draws), initial }
    }

    /// Advance one month.
    pub fn step(&mut self) {
        self.schedule.run(&mut self.world);
    }

    pub fn world(&self) -> &World {
        &self.world
    }

    pub fn world_mut(&mut self) -> &mut World {
        &mut self.world
    }

    /// Run the remaining months and hand over the records.
    pub fn finish(mut self) -> Run {
        while self.world.resource::<crate::state::Calendar>().tick < self.months {
            self.step();
        }
        let recorder = self.world.remove_resource::<Recorder>().unwrap_or_default();
        Run {
            names: self.names,
            initial: self.initial,
            months: recorder.months,
            actions: recorder.actions,
            digests: recorder.digests,
        }
    }
}

/// Run a scenario to its horizon.
pub fn run(scenario: &Scenario, id: RunId, options: Options) -> Run {
    Simulation::new(scenario, id, options).finish()
}

/// Runs one after another, as [`run`] would make them, but building the monthly schedule
/// (most of what a new `Simulation` costs) only once: each run refills the same world. Keep one
/// per thread in a long ensemble.
pub struct Runner {
    world: World,
    schedule: Schedule,
}

impl Runner {
    pub fn new(options: Options) -> Runner {
        let mut world = World::new();
        let mut schedule = schedule::month(options.digests, options.shuffle);
        schedule.initialize(&mut world).expect("the monthly schedule is unambiguous");
        Runner { world, schedule }
    }

    /// The world as the last run left it.
    pub fn world(&self) -> &World {
        &self.world
    }

    /// A run of `scenario` with the random streams of `id`, its uncertain parameters drawn from
    /// `id.seed`, as [`run`] makes it.
    pub fn run(&mut self, scenario: &Scenario, id: RunId) -> Run {
        self.run_drawn(scenario, id, id.seed)
    }

    /// A run whose uncertain parameters are drawn from `draw_seed` rather than from its own
    /// seed: the replicates of one parameter draw in a nested design share it.
    pub fn run_drawn(&mut self, scenario: &Scenario, id: RunId, draw_seed: u64) -> Run {
        let (scenario, draws) = drawn(scenario, draw_seed);
        let scenario = scenario.as_ref();
        // Resources are replaced by `populate`; actors are spawned anew.
        let actors: Vec<Entity> = self.world.query_filtered::<Entity, With<ActorId>>().iter(&self.world).collect();
        for actor in actors {
            self.world.despawn(actor);
        }
        // Despawning leaves removal events; unread, they would pile up run after run.
        self.world.clear_trackers();
        crate::setup::populate(&mut self.world, scenario, id);
        let initial = self.world.run_system_once(record::initial).expect("the world has every resource a row reads");
        let names = Names::of(scenario, id.seed, draws);
        for _ in 0..scenario.months.0 {
            self.schedule.run(&mut self.world);
        }
        let recorder = std::mem::take(&mut *self.world.resource_mut::<Recorder>());
        Run { names, initial, months: recorder.months, actions: recorder.actions, digests: recorder.digests }
    }
}

/// Everything a run recorded.
#[derive(Clone, Debug)]
pub struct Run {
    pub names: Names,
    /// The world as the scenario starts it, before the first month.
    pub initial: MonthRecord,
    /// The world at the end of each month.
    pub months: Vec<MonthRecord>,
    pub actions: Vec<ActionRecord>,
    pub digests: Vec<TickDigest>,
}

/// The stage game Washington and Beijing faced in one month of a run, as they saw it: only the
/// moves each side could make, named.
#[derive(Clone, Debug)]
pub struct StageGameView {
    pub month: Month,
    pub row_player: String,
    pub col_player: String,
    pub row_actions: Vec<String>,
    pub col_actions: Vec<String>,
    pub game: statecraft_games::Bimatrix<f64>,
}

/// Re-run `scenario` to `month` and return that month's stage game; `None` when the month is
/// outside the run or the scenario has no US administration or no Beijing; an error when a
/// payoff of the game is not a finite number.
pub fn stage_game_at(
    scenario: &Scenario,
    id: RunId,
    month: Month,
) -> Result<Option<StageGameView>, statecraft_games::GameError> {
    let Some(index) = u32::try_from(month.since(scenario.start)).ok().filter(|&i| i < scenario.months.0) else {
        return Ok(None);
    };
    let mut simulation = Simulation::new(scenario, id, Options::default());
    for _ in 0..=index {
        simulation.step();
    }
    let stage = simulation.world.resource::<crate::stage_game::StageGame>();
    if stage.rows == 0 {
        return Ok(None);
    }
    let (game, rows, cols) = stage.feasible_game()?;
    let actor = |kind: &str| simulation.names.actors.iter().find(|a| a.kind == kind);
    let (Some(us), Some(beijing)) = (actor("UsAdministration"), actor("Beijing")) else { return Ok(None) };
    let named = |menu: &[String], picked: &[usize]| picked.iter().map(|&i| menu[i].clone()).collect();
    Ok(Some(StageGameView {
        month,
        row_player: us.id.clone(),
        col_player: beijing.id.clone(),
        row_actions: named(&us.menu, &rows),
        col_actions: named(&beijing.menu, &cols),
        game,
    }))
}
