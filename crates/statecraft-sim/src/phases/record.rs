//! Record: one row of numbers per month and one row per actor decision, kept in memory; the
//! tables and the summary are made from them at the end of a run.

use bevy_ecs::prelude::*;
use bevy_ecs::system::SystemParam;
use serde::Serialize;
use statecraft_scenario::{Effort, Month, Mood, PurchasePlan, RareEarths, Stage};

use crate::actors::chipmaker::Chipmaker;
use crate::actors::cloud::Cloud;
use crate::actors::lab::LabState;
use crate::actors::us_admin::UsAdmin;
use crate::actors::vendor::Vendor;
use crate::actors::{ActorId, Decider, in_order};
use crate::economy::Sources;
use crate::stage_game::{Solution, StageGame, is_equilibrium};
use crate::state::{Bills, Calendar, Compute, ExportPolicy, Frontier, ImportPolicy, Ledger, Params, Relations, Trade};

/// One actor's decision in one month. Names are looked up in the run's tables.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct ActionRecord {
    pub tick: u32,
    pub actor: u32,
    pub action: u32,
    pub utility: f64,
}

#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct VendorRecord {
    /// Catalogue index of the chip offered; `usize::MAX` for a chip designed in the run.
    pub chip: Option<usize>,
    pub orders: f64,
    pub approved: f64,
    pub shipped: f64,
    pub revenue_usd: f64,
}

#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct LabRecord {
    pub capability: f64,
    pub gap_months: f64,
    pub effort: Effort,
}

#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct CloudRecord {
    pub budget_usd: f64,
    pub plan: PurchasePlan,
    pub compute_h100e: f64,
}

/// The state of the world at the end of one month.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct MonthRecord {
    pub date: Month,
    pub export_ceiling: usize,
    pub licensed_ceiling: usize,
    pub revenue_share: f64,
    pub licence_cap: Option<f64>,
    pub us_enforcement: f64,
    pub admin_mood: Mood,
    pub import: ImportPolicy,
    pub rare_earths: RareEarths,
    pub truce: bool,
    /// A summit this month, and whether it made a deal.
    pub summit: Option<bool>,
    pub tension: f64,
    pub us_compute_h100e: f64,
    /// China's stock by source, H100e.
    pub china: Sources,
    pub china_effective_h100e: f64,
    /// Effective compute added in China this month, and the domestic share of it.
    pub china_added_h100e: f64,
    pub china_domestic_share_of_added: f64,
    pub frontier_capability: f64,
    pub frontier_pace: f64,
    pub china_capability: f64,
    pub capability_gap_months: f64,
    pub vendors: Vec<VendorRecord>,
    pub share_paid_usd: f64,
    pub ledger: Ledger,
    pub domestic_output: f64,
    pub domestic_sales: f64,
    pub hbm_stock: f64,
    pub grey_units: f64,
    pub grey_spend_usd: f64,
    pub bills: Vec<Stage>,
    pub labs: Vec<LabRecord>,
    pub clouds: Vec<CloudRecord>,
    /// The principals' moves (US, Beijing) and whether they were a pure equilibrium.
    pub stage_moves: (usize, usize),
    pub stage_equilibrium: bool,
    /// What the stage game predicted (see `StageGame::solve`).
    pub stage_solution: Option<Solution>,
}

/// What the run has recorded so far.
#[derive(Resource, Clone, Debug, Default)]
pub struct Recorder {
    pub months: Vec<MonthRecord>,
    pub actions: Vec<ActionRecord>,
    pub digests: Vec<crate::digest::TickDigest>,
}

#[derive(SystemParam)]
pub struct State<'w> {
    calendar: Res<'w, Calendar>,
    params: Res<'w, Params>,
    export: Res<'w, ExportPolicy>,
    import: Res<'w, ImportPolicy>,
    relations: Res<'w, Relations>,
    compute: Res<'w, Compute>,
    frontier: Res<'w, Frontier>,
    ledger: Res<'w, Ledger>,
    trade: Res<'w, Trade>,
    bills: Res<'w, Bills>,
    stage: Res<'w, StageGame>,
}

/// The actors a month's row reads.
#[derive(SystemParam)]
pub struct Actors<'w, 's> {
    admins: Query<'w, 's, (&'static UsAdmin, &'static Decider)>,
    vendors: Query<'w, 's, (&'static ActorId, &'static Vendor)>,
    clouds: Query<'w, 's, (&'static ActorId, &'static Cloud)>,
    labs: Query<'w, 's, (&'static ActorId, &'static LabState)>,
    makers: Query<'w, 's, &'static Chipmaker>,
    leaders: Query<'w, 's, &'static Decider, With<crate::actors::beijing::BeijingLeader>>,
}

/// Record: the month's row, and a row per decision.
pub fn record(state: State, actors: Actors, mut recorder: ResMut<Recorder>, deciders: Query<(&ActorId, &Decider)>) {
    let tick = state.calendar.tick;
    for (id, decider) in in_order(deciders.iter()) {
        if let Some(choice) = decider.choice {
            recorder.actions.push(ActionRecord {
                tick,
                actor: id.0,
                action: choice.action as u32,
                utility: choice.utility,
            });
        }
    }
    recorder.months.push(row(&state, &actors));
}

/// The world as a scenario starts it, before the first month runs (no trade, no moves yet).
pub fn initial(state: State, actors: Actors) -> MonthRecord {
    row(&state, &actors)
}

fn row(s: &State, a: &Actors) -> MonthRecord {
    let efficiency = s.params.world.compute.domestic_efficiency.0;
    let clearing = &s.trade.0;
    let mut china = s.compute.china_other;
    for (_, cloud) in in_order(a.clouds.iter()) {
        china.legal += cloud.stock.legal;
        china.domestic += cloud.stock.domestic;
        china.grey += cloud.stock.grey;
    }
    let pace = s.frontier.pace;
    let gap = |capability: f64| (s.frontier.capability - capability) / pace;
    let lab_records: Vec<LabRecord> = in_order(a.labs.iter())
        .map(|(_, l)| LabRecord { capability: l.capability, gap_months: gap(l.capability), effort: l.effort })
        .collect();
    let china_capability = lab_records.iter().map(|l| l.capability).fold(f64::NEG_INFINITY, f64::max);
    let maker = a.makers.iter().next();
    let us_move = a.admins.iter().next().and_then(|(_, d)| d.choice).map_or(0, |c| c.action);
    let bj_move = a.leaders.iter().next().and_then(|d| d.choice).map_or(0, |c| c.action);
    MonthRecord {
        date: s.calendar.month(),
        export_ceiling: s.export.ceiling,
        licensed_ceiling: s.export.licensed,
        revenue_share: s.export.share,
        licence_cap: s.export.licence_cap,
        us_enforcement: s.export.enforcement,
        admin_mood: a.admins.iter().next().map_or(Mood::Dealmaker, |(a, _)| a.mood),
        import: *s.import,
        rare_earths: s.relations.rare_earths,
        truce: s.relations.truce(s.calendar.month()),
        summit: s.relations.last_summit.filter(|(m, _)| *m == s.calendar.month()).map(|(_, deal)| deal),
        tension: s.relations.tension,
        us_compute_h100e: s.compute.us_stock,
        china,
        china_effective_h100e: china.effective(efficiency),
        china_added_h100e: clearing.effective_h100e(efficiency),
        china_domestic_share_of_added: clearing.domestic_share(efficiency),
        frontier_capability: s.frontier.capability,
        frontier_pace: pace,
        china_capability,
        capability_gap_months: if lab_records.is_empty() { 0.0 } else { gap(china_capability) },
        vendors: in_order(a.vendors.iter())
            .map(|(_, v)| {
                let f = clearing.vendors[v.market];
                VendorRecord {
                    chip: f.product.map(|p| p.chip),
                    orders: f.orders,
                    approved: f.approved,
                    shipped: f.shipped,
                    revenue_usd: f.revenue_usd,
                }
            })
            .collect(),
        share_paid_usd: clearing.share_paid_usd(),
        ledger: *s.ledger,
        domestic_output: maker.map_or(0.0, |m| m.produced),
        domestic_sales: clearing.units.domestic,
        hbm_stock: maker.map_or(0.0, |m| m.hbm_stock),
        grey_units: clearing.units.grey,
        grey_spend_usd: clearing.spend_usd.grey,
        bills: s.bills.0.iter().map(|b| b.stage).collect(),
        labs: lab_records,
        clouds: in_order(a.clouds.iter())
            .map(|(_, c)| CloudRecord {
                budget_usd: c.budget_usd,
                plan: c.plan,
                compute_h100e: c.stock.effective(efficiency),
            })
            .collect(),
        stage_moves: (us_move, bj_move),
        stage_equilibrium: s.stage.rows > 0 && is_equilibrium(&s.stage, us_move, bj_move),
        stage_solution: s.stage.solve(),
    }
}

/// The last system of a month: the calendar moves on.
pub fn next_month(mut calendar: ResMut<Calendar>) {
    calendar.tick += 1;
}
