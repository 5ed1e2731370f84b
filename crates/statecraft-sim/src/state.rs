//! The world's state as resources: calendar, policies, relations, bills, stocks, frontier,
//! ledgers. Actor-owned state lives on the actors' entities (see `actors`).

use bevy_ecs::prelude::*;
use serde::Serialize;
use statecraft_games::Stance;
use statecraft_scenario::{
    Antitrust, Bill, BillEffect, Ceiling, Chip, Event, ExportRule, Month, RareEarths, Stage, World as WorldSpec,
};

use crate::economy::{Clearing, Sources};

/// The month being simulated.
#[derive(Resource, Clone, Copy, Debug, Serialize)]
pub struct Calendar {
    pub start: Month,
    /// Months since the start: 0 in the first month.
    pub tick: u32,
    pub months: u32,
}

impl Calendar {
    pub fn month(&self) -> Month {
        self.start.plus(self.tick as i32)
    }
}

/// Fixed inputs: the catalogue, the export ladder and the world's parameters.
#[derive(Resource, Clone, Debug, Serialize)]
pub struct Params {
    pub chips: Vec<Chip>,
    pub export_rules: Vec<ExportRule>,
    pub ceilings: Vec<Ceiling>,
    pub world: WorldSpec,
}

/// Most rungs the export ladder may have.
pub const MAX_RUNGS: usize = 32;

impl Params {
    /// The rules in force at rung `rung`, oldest first.
    pub fn rung_rules(&self, rung: usize) -> Vec<&ExportRule> {
        statecraft_scenario::rung_rules(self.ceilings.get(rung), &self.export_rules)
    }

    /// Per rung, the review that loosening to it from the rung below takes: the longest of the
    /// rules it adds.
    pub fn rung_review_months(&self) -> [u8; MAX_RUNGS] {
        let mut months = [0u8; MAX_RUNGS];
        let rungs = self.ceilings.len().min(MAX_RUNGS);
        for (rung, slot) in months.iter_mut().enumerate().take(rungs).skip(1) {
            let below = &self.ceilings[rung - 1].rules;
            *slot = self
                .rung_rules(rung)
                .iter()
                .filter(|r| !below.contains(&r.id))
                .map(|r| r.review_months.min(u8::MAX as u32) as u8)
                .max()
                .unwrap_or(0);
        }
        months
    }
}

/// US export controls on AI chips to China.
#[derive(Resource, Clone, Copy, Debug, Default, PartialEq, Serialize)]
pub struct ExportPolicy {
    /// The announced rung of the export ladder.
    pub ceiling: usize,
    /// The rung licences cover now: loosening waits for the review of the rules it adds (and
    /// any congressional review) before it reaches shipments; tightening is immediate.
    pub licensed: usize,
    pub pending: Option<(usize, Month)>,
    pub share: f64,
    /// Chips per Chinese buyer a month.
    pub licence_cap: Option<f64>,
    pub enforcement: f64,
    /// Months a congressional review adds to every loosening.
    pub review_months: u32,
    /// Per rung, the review loosening to it from the rung below takes ([`Params::rung_review_months`]).
    pub rung_review_months: [u8; MAX_RUNGS],
    /// The highest rung allowed, and until when, by an enacted freeze.
    pub frozen: Option<(usize, Month)>,
    /// Levers a scripted event holds (MODEL.md §15).
    pub holds: ExportHolds,
}

/// Months left during which a scripted event holds a lever where it put it: the lever's owner
/// may not move it while it is above 0 (MODEL.md §15).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct Hold(pub u32);

impl Hold {
    pub fn binds(self) -> bool {
        self.0 > 0
    }

    /// A month has passed.
    pub fn tick(&mut self) {
        self.0 = self.0.saturating_sub(1);
    }
}

/// The administration's levers a scripted event may hold.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
pub struct ExportHolds {
    pub ceiling: Hold,
    pub share: Hold,
    pub licence_cap: Hold,
    pub enforcement: Hold,
}

/// Beijing's levers a scripted event may hold.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
pub struct ImportHolds {
    pub approval_rate: Hold,
    pub domestic_ratio: Hold,
    pub customs_crackdown: Hold,
    pub rare_earths: Hold,
}

impl ExportHolds {
    pub fn tick(&mut self) {
        [&mut self.ceiling, &mut self.share, &mut self.licence_cap, &mut self.enforcement]
            .into_iter()
            .for_each(Hold::tick);
    }
}

impl ImportHolds {
    pub fn tick(&mut self) {
        [&mut self.approval_rate, &mut self.domestic_ratio, &mut self.customs_crackdown, &mut self.rare_earths]
            .into_iter()
            .for_each(Hold::tick);
    }
}

/// The stances of the moves this month's scripted events stood for, by the side whose lever
/// they moved: they count toward tension and are perceived by the other side like the actor's
/// own moves (MODEL.md §15).
#[derive(Resource, Clone, Debug, Default, PartialEq, Serialize)]
pub struct ScriptedStances {
    #[serde(serialize_with = "stance_codes")]
    pub us: Vec<Stance>,
    #[serde(serialize_with = "stance_codes")]
    pub beijing: Vec<Stance>,
}

fn stance_codes<S: serde::Serializer>(stances: &[Stance], serializer: S) -> Result<S::Ok, S::Error> {
    serializer.collect_seq(stances.iter().map(|s| *s as u8))
}

impl ExportPolicy {
    /// The highest rung the administration may announce now.
    pub fn max_rung(&self, now: Month, rungs: usize) -> usize {
        match self.frozen {
            Some((cap, until)) if now < until => cap.min(rungs - 1),
            _ => rungs - 1,
        }
    }

    /// Announce a new rung: tightening binds at once; loosening starts licence review.
    pub fn set_ceiling(&mut self, rung: usize, now: Month) {
        self.ceiling = rung;
        if rung <= self.licensed {
            self.licensed = rung;
            self.pending = None;
        } else {
            let rules = self.rung_review_months[self.licensed + 1..=rung.min(MAX_RUNGS - 1)].iter().max().copied();
            let months = i32::from(rules.unwrap_or(0)) + self.review_months as i32;
            self.pending = Some((rung, now.plus(months)));
        }
    }

    /// Licences catch up with announcements whose review is over.
    pub fn advance(&mut self, now: Month) {
        if let Some((rung, from)) = self.pending
            && now >= from
        {
            self.licensed = rung;
            self.pending = None;
        }
    }

    /// The policy as it will be once licences catch up: what actors judge a move by.
    pub fn run_rate(&self) -> ExportPolicy {
        ExportPolicy { licensed: self.ceiling, pending: None, ..*self }
    }
}

/// Beijing's rules for imports of AI chips and support of domestic ones.
#[derive(Resource, Clone, Copy, Debug, Default, PartialEq, Serialize)]
pub struct ImportPolicy {
    pub approval_rate: f64,
    pub domestic_ratio: f64,
    pub state_dc_ban: bool,
    pub customs_crackdown: f64,
    pub subsidy: f64,
    pub antitrust: Antitrust,
    /// Levers a scripted event holds (MODEL.md §15).
    pub holds: ImportHolds,
}

impl ImportPolicy {
    /// A label for Beijing's overall stance: the share of imports it lets through, approval rate
    /// times one minus the domestic-ratio guidance.
    pub fn stance(&self) -> &'static str {
        match self.approval_rate * (1.0 - self.domestic_ratio) {
            x if x >= 0.6 => "open",
            x if x >= 0.35 => "conditional",
            x if x >= 0.1 => "restrictive",
            _ => "blocking",
        }
    }
}

/// The relationship between Washington and Beijing.
#[derive(Resource, Clone, Copy, Debug, PartialEq, Serialize)]
pub struct Relations {
    pub tension: f64,
    pub rare_earths: RareEarths,
    pub truce_until: Option<Month>,
    /// A summit is held this month.
    pub summit: bool,
    /// Result of the last summit held: true for a deal.
    pub last_summit: Option<(Month, bool)>,
}

impl Relations {
    pub fn truce(&self, now: Month) -> bool {
        self.truce_until.is_some_and(|until| now < until)
    }
}

pub fn rare_earth_level(r: RareEarths) -> f64 {
    match r {
        RareEarths::Open => 0.0,
        RareEarths::Licensing => 1.0,
        RareEarths::Sweeping => 2.0,
    }
}

/// A bill and where it stands.
#[derive(Clone, Debug, Serialize)]
pub struct BillState {
    pub bill: Bill,
    pub stage: Stage,
    pub enacted: Option<Month>,
}

impl BillState {
    /// In force: enacted, and (for a freeze) not yet expired.
    pub fn in_force(&self, now: Month) -> bool {
        match (self.enacted, &self.bill.effect) {
            (Some(at), BillEffect::FreezeCeiling { months, .. }) => now < at.plus(*months as i32),
            (Some(_), _) => true,
            (None, _) => false,
        }
    }
}

#[derive(Resource, Clone, Debug, Default, Serialize)]
pub struct Bills(pub Vec<BillState>);

/// Compute stocks outside the cloud actors, in H100e.
#[derive(Resource, Clone, Copy, Debug, Serialize)]
pub struct Compute {
    pub us_stock: f64,
    pub us_additions: f64,
    /// China's stock held by buyers that are not cloud actors.
    pub china_other: Sources,
    /// Their monthly AI-chip budget, $.
    pub other_budget_usd: f64,
}

/// The US frontier lab, against which Chinese labs' capability is measured.
#[derive(Resource, Clone, Copy, Debug, Serialize)]
pub struct Frontier {
    /// Compute the leading US lab trains with, H100e.
    pub compute: f64,
    /// Algorithmic efficiency: doublings of effective compute since the start.
    pub efficiency: f64,
    /// log2(frontier compute in H100e) + efficiency.
    pub capability: f64,
    /// Doublings of US frontier capability a month, last month.
    pub pace: f64,
}

/// Money that crossed hands, cumulatively.
#[derive(Resource, Clone, Copy, Debug, Default, PartialEq, Serialize)]
pub struct Ledger {
    pub share_paid_usd: f64,
    pub vendor_revenue_usd: f64,
    pub subsidy_usd: f64,
    pub grey_spend_usd: f64,
    pub domestic_revenue_usd: f64,
    pub write_offs_usd: f64,
}

/// What the chip market did this month.
#[derive(Resource, Clone, Copy, Debug, Serialize)]
pub struct Trade(pub Clearing);

/// Scripted events not yet applied, in order.
#[derive(Resource, Clone, Debug, Default, Serialize)]
pub struct Script(pub Vec<Event>);

/// What actors sense at the start of the month, derived from the state.
#[derive(Resource, Clone, Debug, Default, Serialize)]
pub struct Signals {
    /// Congressional pressure on the administration: the furthest restrictive bill's progress
    /// (0 to 1) plus the mean hawkishness of the blocs times alarm.
    pub congress_pressure: f64,
    /// Alarm in Congress at China's access to US compute, 0 to 1.
    pub alarm: f64,
    /// Sum of the vendors' lobbying intensities.
    pub lobbying: f64,
    /// Per bill: whether the President would veto it.
    pub president_opposes: Vec<bool>,
    /// Per bill: US compute kept from China a month if it were law, in 100k H100e.
    pub security_gain: Vec<f64>,
}
