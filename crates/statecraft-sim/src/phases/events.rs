//! Scripted events: what happens in a month whatever the actors decide. They apply first, so
//! the month's decisions see them.

use bevy_ecs::prelude::*;
use statecraft_scenario::{EventKind, Stage};

use crate::actors::ActorName;
use crate::actors::beijing::{self, Levers};
use crate::actors::chipmaker::Chipmaker;
use crate::actors::cloud::Cloud;
use crate::actors::congress::take_effect;
use crate::actors::us_admin::{self, UsAdmin};
use crate::state::{Bills, Calendar, ExportPolicy, Hold, ImportPolicy, Params, Relations, Script, ScriptedStances};

/// Licences whose review is over start to cover shipments.
pub fn licences_catch_up(calendar: Res<Calendar>, mut export: ResMut<ExportPolicy>) {
    export.advance(calendar.month());
}

/// Apply the month's scripted events. An event that moves a lever of the administration or of
/// Beijing is read as the move that actor would have made to the same effect (`changing`): its
/// stance is recorded for tension and for the other side's reciprocity, and with
/// `hold_months` the lever is held for that long (MODEL.md §15). Holds from earlier months
/// first count down a month.
#[allow(clippy::too_many_arguments)]
pub fn apply_scripted(
    calendar: Res<Calendar>,
    params: Res<Params>,
    script: Res<Script>,
    mut export: ResMut<ExportPolicy>,
    mut import: ResMut<ImportPolicy>,
    mut relations: ResMut<Relations>,
    mut bills: ResMut<Bills>,
    mut scripted: ResMut<ScriptedStances>,
    mut admins: Query<&mut UsAdmin>,
    mut clouds: Query<(&ActorName, &mut Cloud)>,
    mut makers: Query<(&ActorName, &mut Chipmaker)>,
) {
    let now = calendar.month();
    relations.summit = false;
    export.holds.tick();
    import.holds.tick();
    scripted.us.clear();
    scripted.beijing.clear();
    for event in script.0.iter().filter(|e| e.at == now) {
        let (export_before, levers_before) = (*export, Levers::now(&import, &relations));
        let hold = Hold(event.hold_months);
        match &event.event {
            EventKind::Summit => relations.summit = true,
            EventKind::SetCeiling(name) => {
                if let Some(rung) = params.ceilings.iter().position(|c| c.name == *name) {
                    export.set_ceiling(rung, now);
                }
                export.holds.ceiling = hold.max(export.holds.ceiling);
            }
            EventKind::SetShare(share) => {
                export.share = share.0;
                export.holds.share = hold.max(export.holds.share);
            }
            EventKind::SetLicenceCap(cap) => {
                export.licence_cap = cap.map(|c| c.0);
                export.holds.licence_cap = hold.max(export.holds.licence_cap);
            }
            EventKind::SetEnforcement(e) => {
                export.enforcement = e.0;
                export.holds.enforcement = hold.max(export.holds.enforcement);
            }
            EventKind::SetApprovalRate(r) => {
                import.approval_rate = r.0;
                import.holds.approval_rate = hold.max(import.holds.approval_rate);
            }
            EventKind::SetDomesticRatio(r) => {
                import.domestic_ratio = r.0;
                import.holds.domestic_ratio = hold.max(import.holds.domestic_ratio);
            }
            EventKind::StateDataCentreBan(on) => import.state_dc_ban = *on,
            EventKind::SetCustomsCrackdown(c) => {
                import.customs_crackdown = c.0;
                import.holds.customs_crackdown = hold.max(import.holds.customs_crackdown);
            }
            EventKind::SetRareEarths(r) => {
                relations.rare_earths = *r;
                import.holds.rare_earths = hold.max(import.holds.rare_earths);
            }
            EventKind::Truce(months) => relations.truce_until = Some(now.plus(*months as i32)),
            EventKind::TensionShock(x) => relations.tension = (relations.tension + x).clamp(0.0, 1.0),
            EventKind::SetMood(mood) => admins.iter_mut().for_each(|mut a| a.mood = *mood),
            EventKind::Inflow { to, legal, domestic, grey, hbm_stacks, dies } => {
                if let Some((_, mut cloud)) = clouds.iter_mut().find(|(name, _)| name.0 == *to) {
                    cloud.stock.legal += legal.0;
                    cloud.stock.domestic += domestic.0;
                    cloud.stock.grey += grey.0;
                }
                if let Some((_, mut maker)) = makers.iter_mut().find(|(name, _)| name.0 == *to) {
                    maker.hbm_stock += hbm_stacks.0;
                    maker.die_bank += dies.0;
                }
            }
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
        match event.event.doc().lever_of {
            "UsAdministration" => {
                scripted.us.push(us_admin::changing(&export_before, &export));
            }
            "Beijing" => {
                scripted.beijing.push(beijing::changing(&levers_before, &Levers::now(&import, &relations)));
            }
            _ => {}
        }
    }
}
