//! Scripted events: what happens in a month whatever the actors decide. They apply first, so
//! the month's decisions see them.

use bevy_ecs::prelude::*;
use statecraft_scenario::{EventKind, Stage};

use crate::actors::congress::take_effect;
use crate::actors::us_admin::UsAdmin;
use crate::state::{Bills, Calendar, ExportPolicy, ImportPolicy, Params, Relations, Script};

/// Licences whose review is over start to cover shipments.
pub fn licences_catch_up(calendar: Res<Calendar>, mut export: ResMut<ExportPolicy>) {
    export.advance(calendar.month());
}

pub fn apply_scripted(
    calendar: Res<Calendar>,
    params: Res<Params>,
    script: Res<Script>,
    mut export: ResMut<ExportPolicy>,
    mut import: ResMut<ImportPolicy>,
    mut relations: ResMut<Relations>,
    mut bills: ResMut<Bills>,
    mut admins: Query<&mut UsAdmin>,
) {
    let now = calendar.month();
    relations.summit = false;
    for event in script.0.iter().filter(|e| e.at == now) {
        match &event.event {
            EventKind::Summit => relations.summit = true,
            EventKind::SetCeiling(name) => {
                if let Some(rung) = params.ceilings.iter().position(|c| c.name == *name) {
                    export.set_ceiling(rung, now);
                }
            }
            EventKind::SetShare(share) => export.share = share.0,
            EventKind::SetLicenceCap(cap) => export.licence_cap = cap.map(|c| c.0),
            EventKind::SetEnforcement(e) => export.enforcement = e.0,
            EventKind::SetApprovalRate(r) => import.approval_rate = r.0,
            EventKind::SetDomesticRatio(r) => import.domestic_ratio = r.0,
            EventKind::StateDataCentreBan(on) => import.state_dc_ban = *on,
            EventKind::SetCustomsCrackdown(c) => import.customs_crackdown = c.0,
            EventKind::SetRareEarths(r) => relations.rare_earths = *r,
            EventKind::Truce(months) => relations.truce_until = Some(now.plus(*months as i32)),
            EventKind::TensionShock(x) => relations.tension = (relations.tension + x).clamp(0.0, 1.0),
            EventKind::SetMood(mood) => admins.iter_mut().for_each(|mut a| a.mood = *mood),
            EventKind::BillStage { bill, stage } => {
                if let Some(state) = bills.0.iter_mut().find(|b| b.bill.id == *bill) {
                    state.stage = *stage;
                    if *stage == Stage::Enacted && state.enacted.is_none() {
                        state.enacted = Some(now);
                        take_effect(&state.bill.effect, &params, &mut export, now);
                    }
                }
            }
        }
    }
}
