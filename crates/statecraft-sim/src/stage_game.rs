//! The month's stage game between Washington and Beijing: every US move against every Beijing
//! move, each cell valued by both sides' utilities over the forecast of that pair (the market
//! cleared at the policies' run rate, and relations settled). Both principals decide on this
//! bimatrix, and it is kept so the record can say whether their moves were an equilibrium.

use bevy_ecs::prelude::*;
use serde::Serialize;
use statecraft_games::{Bimatrix, GameError, Number, lemke_howson};

use crate::actors::beijing::{BeijingLeader, BeijingOutcome, Levers};
use crate::actors::us_admin::{AdminOutcome, HOLD as US_HOLD, UsAdmin};
use crate::actors::{Decider, beijing};
use crate::economy::Patch;
use crate::market::{Market, security_multiplier};
use crate::relations::{month_stances, perceived, settle};
use crate::rng::ActorRng;
use crate::state::{
    Bills, Calendar, ExportPolicy, ImportPolicy, Params, Relations, ScriptedStances, Signals, rare_earth_level,
};

/// The bimatrix of the month: `us[i * cols + j]` and `beijing[i * cols + j]` are the payoffs of
/// US move i against Beijing move j.
#[derive(Resource, Clone, Debug, Default, Serialize)]
pub struct StageGame {
    pub rows: usize,
    pub cols: usize,
    pub us: Vec<f64>,
    pub beijing: Vec<f64>,
    pub us_feasible: Vec<bool>,
    pub beijing_feasible: Vec<bool>,
}

/// Decide: pose the stage game and let both principals choose on it.
pub fn decide(
    calendar: Res<Calendar>,
    params: Res<Params>,
    market: Res<Market>,
    relations: Res<Relations>,
    scripted: Res<ScriptedStances>,
    signals: Res<Signals>,
    bills: Res<Bills>,
    mut admins: Query<(&UsAdmin, &mut Decider, &mut ActorRng), Without<BeijingLeader>>,
    mut leaders: Query<(&BeijingLeader, &mut Decider, &mut ActorRng), Without<UsAdmin>>,
    mut stage: ResMut<StageGame>,
) {
    let (Ok((admin, mut us_decider, mut us_rng)), Ok((leader, mut bj_decider, mut bj_rng))) =
        (admins.single_mut(), leaders.single_mut())
    else {
        return;
    };
    let now = calendar.month();
    let rungs = params.ceilings.len();
    let economy = &market.0;
    let world = &params.world;
    let us_menu = &us_decider.menu;
    let bj_menu = &bj_decider.menu;
    let (rows, cols) = (us_menu.len(), bj_menu.len());
    let levers = Levers::now(&economy.import, &relations);
    let us_last = bj_decider.memory.counterpart_last.map(|(_, s)| s);
    let bj_last = us_decider.memory.counterpart_last.map(|(_, s)| s);
    let security = security_multiplier(&bills, now);

    let exports: Vec<_> = (0..rows).map(|i| admin.apply(i, &economy.export, now, rungs).run_rate()).collect();
    let imports: Vec<Levers> = (0..cols).map(|j| leader.apply(j, &levers)).collect();
    // Moves that leave the licensed and domestic trade as another move does share its
    // clearing (`Economy::clear_legal`): the share, enforcement and the customs crackdown only
    // change the grey market and the money, which `Economy::finish` adds per cell.
    let first = |same: &dyn Fn(usize, usize) -> bool, n: usize| -> Vec<usize> {
        (0..n).map(|k| (0..k).find(|&e| same(e, k)).unwrap_or(k)).collect()
    };
    let export_core = |e: &ExportPolicy| (e.licensed, e.licence_cap);
    let import_core = |i: &ImportPolicy| (i.approval_rate, i.domestic_ratio, i.state_dc_ban, i.subsidy);
    let export_class = first(&|a, b| export_core(&exports[a]) == export_core(&exports[b]), rows);
    let import_class = first(&|a, b| import_core(&imports[a].import) == import_core(&imports[b].import), cols);
    let patch =
        |i: usize, j: usize| Patch { export: Some(exports[i]), import: Some(imports[j].import), ..Patch::default() };
    let mut us = vec![0.0; rows * cols];
    let mut bj = vec![0.0; rows * cols];
    // Within a class, cells that agree on the share, enforcement and the crackdown clear alike:
    // visited grouped by those, each group is finished once.
    let finish_key = |i: usize, j: usize| {
        (exports[i].share.to_bits(), exports[i].enforcement.to_bits(), imports[j].import.customs_crackdown.to_bits())
    };
    let members = |class: &[usize], of: usize, key: &dyn Fn(usize) -> (u64, u64)| {
        let mut m: Vec<usize> = (0..class.len()).filter(|&k| class[k] == of).collect();
        m.sort_by_key(|&k| (key(k), k));
        m
    };
    let import_groups: Vec<(usize, Vec<usize>)> = (0..cols)
        .filter(|&j| import_class[j] == j)
        .map(|ij| (ij, members(&import_class, ij, &|j| (imports[j].import.customs_crackdown.to_bits(), 0))))
        .collect();
    for ei in (0..rows).filter(|&i| export_class[i] == i) {
        let rows_in = members(&export_class, ei, &|i| (exports[i].share.to_bits(), exports[i].enforcement.to_bits()));
        for (ij, cols_in) in &import_groups {
            let ij = *ij;
            let mut cell = economy.clear_legal(&patch(ei, ij));
            let mut finished = None;
            for &i in &rows_in {
                for &j in cols_in {
                    if finished != Some(finish_key(i, j)) {
                        economy.finish(&mut cell, &patch(i, j));
                        finished = Some(finish_key(i, j));
                    }
                    let clearing = &cell;
                    let stances = [us_menu[i].stance, bj_menu[j].stance];
                    let month = month_stances(stances[0], stances[1], &scripted);
                    let next = settle(&relations, &world.relations, &month, imports[j].rare_earths, now);
                    us[i * cols + j] = admin.utility(&AdminOutcome {
                        clearing,
                        openness: if rungs > 1 { exports[i].ceiling as f64 / (rungs - 1) as f64 } else { 0.0 },
                        congress_pressure: signals.congress_pressure,
                        lobbying: signals.lobbying,
                        tension: next.tension,
                        rare_earths: rare_earth_level(next.rare_earths),
                        moved: i != US_HOLD,
                        stance: stances[0],
                        counterpart_last: bj_last,
                    });
                    bj[i * cols + j] = leader.utility(&BeijingOutcome {
                        clearing,
                        domestic_efficiency: economy.params.domestic_efficiency,
                        tension: next.tension,
                        rare_earths: rare_earth_level(next.rare_earths),
                        security_multiplier: security,
                        moved: j != beijing::HOLD,
                        stance: stances[1],
                        counterpart_last: us_last,
                    });
                }
            }
        }
    }
    let us_feasible: Vec<bool> = (0..rows).map(|i| admin.feasible(i, &economy.export, now, rungs)).collect();
    let bj_feasible: Vec<bool> = (0..cols).map(|j| leader.feasible(j, &levers)).collect();
    let transposed: Vec<f64> =
        (0..cols).flat_map(|j| (0..rows).map(move |i| (i, j))).map(|(i, j)| bj[i * cols + j]).collect();
    us_decider.decide(now, us.clone(), cols, us_feasible.clone(), &mut us_rng);
    bj_decider.decide(now, transposed, rows, bj_feasible.clone(), &mut bj_rng);
    *stage = StageGame { rows, cols, us, beijing: bj, us_feasible, beijing_feasible: bj_feasible };
}

/// Relate: each principal learns the other's move, perceived with the moves its scripted events
/// stood for (`relations::perceived`).
pub fn learn(
    scripted: Res<ScriptedStances>,
    mut admins: Query<&mut Decider, (With<UsAdmin>, Without<BeijingLeader>)>,
    mut leaders: Query<&mut Decider, (With<BeijingLeader>, Without<UsAdmin>)>,
) {
    let (Ok(mut us), Ok(mut bj)) = (admins.single_mut(), leaders.single_mut()) else {
        return;
    };
    let (us_move, us_stance) = (us.choice.map_or(0, |c| c.action), us.chosen_stance());
    let (bj_move, bj_stance) = (bj.choice.map_or(0, |c| c.action), bj.chosen_stance());
    us.learn(bj_move, perceived(bj_stance, &scripted.beijing));
    bj.learn(us_move, perceived(us_stance, &scripted.us));
}

/// Whether a realised pair of moves is a pure equilibrium of the stage game: each move a best
/// response (among feasible moves) to the other, as `Number::is_best_reply` judges it.
pub fn is_equilibrium(stage: &StageGame, i: usize, j: usize) -> bool {
    let (us, bj) = (&stage.us[i * stage.cols + j], &stage.beijing[i * stage.cols + j]);
    let best_row =
        (0..stage.rows).filter(|&r| stage.us_feasible[r]).all(|r| us.is_best_reply(&stage.us[r * stage.cols + j]));
    let best_col = (0..stage.cols)
        .filter(|&c| stage.beijing_feasible[c])
        .all(|c| bj.is_best_reply(&stage.beijing[i * stage.cols + c]));
    best_row && best_col
}

/// What the month's stage game predicts: its pure equilibria, and the payoffs of the one the
/// record reports (the pure equilibrium with the largest joint payoff; when there is none, the
/// mixed equilibrium Lemke–Howson finds from label 0).
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct Solution {
    pub pure_equilibria: usize,
    pub us_payoff: f64,
    pub beijing_payoff: f64,
}

impl StageGame {
    /// The game restricted to the moves each side could make, with the moves' indices; an
    /// error if a payoff is not a finite number (or a side has no feasible move).
    pub fn feasible_game(&self) -> Result<(Bimatrix<f64>, Vec<usize>, Vec<usize>), GameError> {
        let rows: Vec<usize> = (0..self.rows).filter(|&i| self.us_feasible[i]).collect();
        let cols: Vec<usize> = (0..self.cols).filter(|&j| self.beijing_feasible[j]).collect();
        let cell = |payoffs: &[f64]| -> Vec<f64> {
            rows.iter().flat_map(|&i| cols.iter().map(move |&j| payoffs[i * self.cols + j])).collect()
        };
        let game = Bimatrix::try_new(rows.len(), cols.len(), cell(&self.us), cell(&self.beijing))?;
        Ok((game, rows, cols))
    }

    /// The equilibrium the record reports; `None` when the month had no stage game, or one
    /// that `feasible_game` refuses (a payoff that is not finite): then no equilibrium is
    /// recorded rather than a made-up one, and `solve --from` names the fault.
    pub fn solve(&self) -> Option<Solution> {
        if self.rows == 0 || self.cols == 0 {
            return None;
        }
        let (game, _, _) = self.feasible_game().ok()?;
        let pure = game.pure_equilibria();
        let joint = |&(i, j): &(usize, usize)| game.a(i, j) + game.b(i, j);
        let best = pure.iter().copied().reduce(|best, e| if joint(&e) > joint(&best) { e } else { best });
        let (us_payoff, beijing_payoff) = match best {
            Some((i, j)) => (*game.a(i, j), *game.b(i, j)),
            None => {
                let mixed = lemke_howson(&game, 0).ok()?;
                game.payoffs(mixed.row(), mixed.col())
            }
        };
        Some(Solution { pure_equilibria: pure.len(), us_payoff, beijing_payoff })
    }
}
