//! Relate: the month's moves settle into tension, truces and summit outcomes; every actor's
//! rule learns from the month.

use bevy_ecs::prelude::*;
use statecraft_games::Stance;

use crate::actors::Decider;
use crate::actors::beijing::BeijingLeader;
use crate::actors::us_admin::UsAdmin;
use crate::relations::{month_stances, settle};
use crate::state::{Calendar, Params, Relations, ScriptedStances};

pub fn relate(
    calendar: Res<Calendar>,
    params: Res<Params>,
    mut relations: ResMut<Relations>,
    scripted: Res<ScriptedStances>,
    admins: Query<&Decider, (With<UsAdmin>, Without<BeijingLeader>)>,
    leaders: Query<&Decider, (With<BeijingLeader>, Without<UsAdmin>)>,
) {
    let stance = |d: Option<&Decider>| d.map_or(Stance::Neutral, Decider::chosen_stance);
    let stances = month_stances(stance(admins.iter().next()), stance(leaders.iter().next()), &scripted);
    let rare_earths = relations.rare_earths;
    *relations = settle(&relations, &params.world.relations, &stances, rare_earths, calendar.month());
}

/// Actors without a counterpart learn against the one column of their problem.
pub fn learn_alone(mut deciders: Query<&mut Decider, (Without<UsAdmin>, Without<BeijingLeader>)>) {
    for mut d in &mut deciders {
        d.learn(0, Stance::Neutral);
    }
}
