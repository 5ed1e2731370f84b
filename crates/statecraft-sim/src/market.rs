//! From the world's state to the month's [`Economy`]: which chips each vendor may sell, what
//! buyers can spend, what domestic fabs and smugglers can supply. Also the sense phase, which
//! builds the economy every actor judges its options against.

use bevy_ecs::prelude::*;
use serde::Serialize;
use statecraft_scenario::{BillEffect, Ceiling, Chip, Metrics, Month, Origin, licensable};

use crate::actors::beijing::{BeijingLeader, antitrust_level};
use crate::actors::chipmaker::Chipmaker;
use crate::actors::cloud::{Cloud, mix};
use crate::actors::us_admin::{AdminOutcome, UsAdmin};
use crate::actors::vendor::Vendor;
use crate::actors::{ActorId, Decider, in_order};
use crate::economy::{BuyerTerms, DomesticTerms, Economy, GreyTerms, MarketParams, Memo, Patch, Product, VendorTerms};
use crate::state::{
    Bills, Calendar, Compute, ExportPolicy, ImportPolicy, Params, Relations, Signals, Trade, rare_earth_level,
};

/// The H100 SXM's dense FP16 throughput: one H100-equivalent of training compute.
pub const H100_TFLOPS: f64 = 989.0;
/// The H100 SXM's memory bandwidth (TB/s) and capacity (GB): one H100e of inference capacity.
pub const H100_BANDWIDTH_TBS: f64 = 3.35;
pub const H100_MEMORY_GB: f64 = 80.0;

/// Training compute, H100e: dense throughput over the H100's. Capability follows this.
pub fn h100e(chip: &Chip) -> f64 {
    chip.fp16_tflops.0 / H100_TFLOPS
}

/// Inference capacity, H100e: serving large models is bound by memory bandwidth (tokens a
/// second), and memory capacity sets the batch and model a chip can hold, with diminishing
/// returns (the square root is an assumption).
pub fn inference_h100e(chip: &Chip) -> f64 {
    chip.bandwidth_tbs.0 / H100_BANDWIDTH_TBS * libm::sqrt(chip.memory_gb.0 / H100_MEMORY_GB)
}

/// What a chip is worth to a buyer, in H100e: the one value function the market and every actor
/// share. `inference_share` of demand is serving, the rest training.
pub fn value_h100e(training: f64, inference: f64, inference_share: f64) -> f64 {
    (1.0 - inference_share) * training + inference_share * inference
}

/// A catalogue chip's value at the market's inference share.
pub fn value(chip: &Chip, inference_share: f64) -> f64 {
    value_h100e(h100e(chip), inference_h100e(chip), inference_share)
}

/// The rungs of the export ladder at which a chip with these metrics may be licensed (or needs
/// no licence): the rules of each rung applied to them.
pub fn allowed_mask(metrics: &Metrics, params: &Params) -> u32 {
    (0..params.ceilings.len().min(32))
        .filter(|&rung| licensable(metrics, params.rung_rules(rung).into_iter()))
        .fold(0, |mask, rung| mask | (1 << rung))
}

pub fn product(index: usize, chip: &Chip, params: &Params) -> Product {
    Product {
        chip: index,
        h100e: h100e(chip),
        value: value(chip, params.world.market.inference_share.0),
        price_usd: chip.price_usd.0,
        tpp: chip.tpp.0,
        allowed: allowed_mask(&Metrics::of(chip), params),
        china_only: chip.china_only,
    }
}

/// On sale this month.
pub fn available(chip: &Chip, now: Month) -> bool {
    chip.available.is_none_or(|a| a <= now) && chip.until.is_none_or(|u| now <= u)
}

/// The economy as every actor sees it at the start of the month.
#[derive(Resource, Clone, Debug, Default, Serialize)]
pub struct Market(pub Economy);

/// The state a month's economy is built from.
pub struct Inputs<'a> {
    pub params: &'a Params,
    pub export: &'a ExportPolicy,
    pub import: &'a ImportPolicy,
    pub bills: &'a Bills,
    pub compute: &'a Compute,
    pub now: Month,
    /// Vendors and clouds in `ActorId` order.
    pub vendors: Vec<&'a Vendor>,
    pub clouds: Vec<&'a Cloud>,
    pub maker: Option<&'a Chipmaker>,
    pub beijing: Option<&'a BeijingLeader>,
    /// Domestic chips for sale this month.
    pub domestic_supply: f64,
    /// Multiplier on smuggling capacity (nature's shock; 1 in expectation).
    pub grey_shock: f64,
}

/// Effects of enacted bills on the market.
struct InForce {
    grey_cut: f64,
    vendor_cost: f64,
    supply_cut: f64,
}

fn in_force(bills: &Bills, now: Month) -> InForce {
    let mut f = InForce { grey_cut: 0.0, vendor_cost: 0.0, supply_cut: 0.0 };
    for state in bills.0.iter().filter(|b| b.in_force(now)) {
        match &state.bill.effect {
            BillEffect::LocationVerification { grey_cut, vendor_cost, .. } => {
                f.grey_cut = 1.0 - (1.0 - f.grey_cut) * (1.0 - grey_cut.0);
                f.vendor_cost += vendor_cost.0;
            }
            BillEffect::RightOfFirstRefusal { china_supply_cut } => {
                f.supply_cut = 1.0 - (1.0 - f.supply_cut) * (1.0 - china_supply_cut.0)
            }
            BillEffect::FreezeCeiling { .. } | BillEffect::CongressionalReview { .. } => {}
        }
    }
    f
}

/// Beijing's "backdoor" concern: 1 plus that of location-verification laws in force.
pub fn security_multiplier(bills: &Bills, now: Month) -> f64 {
    1.0 + bills
        .0
        .iter()
        .filter(|b| b.in_force(now))
        .map(|b| match &b.bill.effect {
            BillEffect::LocationVerification { beijing_security, .. } => beijing_security.0,
            _ => 0.0,
        })
        .sum::<f64>()
}

pub fn build(i: &Inputs) -> Economy {
    let world = &i.params.world;
    let force = in_force(i.bills, i.now);
    let chips = &i.params.chips;
    let share = world.market.inference_share.0;
    let products = i
        .vendors
        .iter()
        .map(|v| {
            chips
                .iter()
                .enumerate()
                .filter(|(_, c)| c.maker == v.spec.brand && c.origin == Origin::Us && available(c, i.now))
                .map(|(index, c)| product(index, c, i.params))
                .collect()
        })
        .collect();
    let (target, loss) =
        i.beijing.map_or(("", 0.0), |b| (b.spec.antitrust_target.as_str(), b.spec.antitrust_order_loss.0));
    let vendors = i
        .vendors
        .iter()
        .map(|v| VendorTerms {
            allocation: v.allocation * (1.0 - force.supply_cut),
            price_factor: v.price_factor,
            unit_cost_share: 1.0 - v.spec.gross_margin.0,
            compliance_cost_share: force.vendor_cost,
            design: v.design,
            order_loss: if v.spec.id == target { (antitrust_level(i.import.antitrust) * loss).min(1.0) } else { 0.0 },
            software: v.spec.software.0,
        })
        .collect();
    let mut buyers: Vec<BuyerTerms> = i
        .clouds
        .iter()
        .map(|c| BuyerTerms { budget_usd: c.budget_usd, mix: mix(c.plan), state_funded: false })
        .collect();
    let other = i.compute.other_budget_usd;
    let state_share = world.market.state_funded_share.0;
    let balanced = mix(statecraft_scenario::PurchasePlan::Balanced);
    buyers.push(BuyerTerms { budget_usd: other * state_share, mix: balanced, state_funded: true });
    buyers.push(BuyerTerms { budget_usd: other * (1.0 - state_share), mix: balanced, state_funded: false });
    let domestic = match i.maker {
        Some(m) => {
            let chip = &chips[m.chip];
            DomesticTerms {
                supply: i.domestic_supply,
                h100e: h100e(chip),
                value: value(chip, share),
                price_usd: chip.price_usd.0 * m.spec.price_factor.0,
            }
        }
        None => DomesticTerms::default(),
    };
    let smuggled = chips
        .iter()
        .filter(|c| c.origin == Origin::Us && available(c, i.now))
        .max_by(|a, b| value(a, share).total_cmp(&value(b, share)));
    let grey = GreyTerms {
        base_capacity: world.grey_market.capacity_chips.0 * (1.0 - force.grey_cut) * i.grey_shock,
        us_effect: world.grey_market.us_enforcement_effect.0,
        customs_effect: world.grey_market.customs_effect.0,
        h100e: smuggled.map_or(0.0, h100e),
        value: smuggled.map_or(0.0, |c| value(c, share)),
        price_usd: smuggled.map_or(0.0, |c| c.price_usd.0 * (1.0 + world.grey_market.premium.0)),
    };
    Economy {
        export: *i.export,
        import: *i.import,
        vendors,
        products,
        buyers,
        domestic,
        grey,
        params: MarketParams {
            value_elasticity: world.market.value_elasticity.0,
            spill_to_domestic: world.market.spill_to_domestic.0,
            spill_to_grey: world.market.spill_to_grey.0,
            domestic_efficiency: world.compute.domestic_efficiency.0,
        },
        memo: Memo::default(),
    }
    .prepared(i.params.ceilings.len())
}

/// Sense: build the economy actors judge their options against.
pub fn sense_market(
    calendar: Res<Calendar>,
    params: Res<Params>,
    export: Res<ExportPolicy>,
    import: Res<ImportPolicy>,
    bills: Res<Bills>,
    compute: Res<Compute>,
    vendors: Query<(&ActorId, &Vendor)>,
    clouds: Query<(&ActorId, &Cloud)>,
    makers: Query<&Chipmaker>,
    leaders: Query<&BeijingLeader>,
    mut market: ResMut<Market>,
) {
    let maker = makers.iter().next();
    let domestic_supply = maker.map_or(0.0, |m| m.inventory + m.output(&params.chips[m.chip]).0);
    let inputs = Inputs {
        params: &params,
        export: &export,
        import: &import,
        bills: &bills,
        compute: &compute,
        now: calendar.month(),
        vendors: in_order(vendors.iter()).map(|(_, v)| v).collect(),
        clouds: in_order(clouds.iter()).map(|(_, c)| c).collect(),
        maker,
        beijing: leaders.iter().next(),
        domestic_supply,
        grey_shock: 1.0,
    };
    market.0 = build(&inputs);
}

/// Sense: what Congress and the President read from the state.
pub fn sense_signals(
    params: Res<Params>,
    market: Res<Market>,
    relations: Res<Relations>,
    bills: Res<Bills>,
    trade: Res<Trade>,
    vendors: Query<(&ActorId, &Vendor)>,
    blocs: Query<(&ActorId, &crate::actors::congress::Bloc)>,
    admins: Query<(&UsAdmin, &Decider)>,
    mut signals: ResMut<Signals>,
) {
    let economy = &market.0;
    let rungs = params.ceilings.len();
    let openness = if rungs > 1 { economy.export.ceiling as f64 / (rungs - 1) as f64 } else { 0.0 };
    let lobbying: f64 = in_order(vendors.iter()).map(|(_, v)| v.lobbying).sum();
    let alarm = 0.5 * openness + 0.5 * (trade.0.us_chip_h100e() / 1e5).min(1.0);
    let hawkishness: Vec<f64> = in_order(blocs.iter()).map(|(_, b)| b.spec.hawkishness.0).collect();
    let mean_hawk =
        if hawkishness.is_empty() { 0.0 } else { hawkishness.iter().sum::<f64>() / hawkishness.len() as f64 };
    let progress =
        bills.0.iter().filter(|b| b.enacted.is_none()).map(|b| (b.stage.level() / 4.0).max(0.0)).fold(0.0, f64::max);
    let congress_pressure = progress + mean_hawk * alarm;

    let run_rate = economy.export.run_rate();
    let now_clearing = economy.clear_with(&Patch { export: Some(run_rate), ..Patch::default() });
    let admin = admins.iter().next();
    let admin_utility = |clearing: &crate::economy::Clearing, export: &ExportPolicy| {
        admin.map_or(0.0, |(a, d)| {
            a.utility(&AdminOutcome {
                clearing,
                openness: if rungs > 1 { export.ceiling as f64 / (rungs - 1) as f64 } else { 0.0 },
                congress_pressure,
                lobbying,
                tension: relations.tension,
                rare_earths: rare_earth_level(relations.rare_earths),
                moved: false,
                stance: statecraft_games::Stance::Neutral,
                counterpart_last: d.memory.counterpart_last.map(|(_, s)| s),
            })
        })
    };
    let base_utility = admin_utility(&now_clearing, &run_rate);
    let (mut president_opposes, mut security_gain) = (Vec::new(), Vec::new());
    for state in &bills.0 {
        let (economy, export, constrains) = with_bill(&state.bill.effect, economy, run_rate, &params.ceilings);
        let with = economy.clear_with(&Patch { export: Some(export), ..Patch::default() });
        security_gain.push((now_clearing.us_chip_h100e() - with.us_chip_h100e()) / 1e5);
        president_opposes.push(constrains || admin_utility(&with, &export) < base_utility);
    }
    *signals = Signals { congress_pressure, alarm, lobbying, president_opposes, security_gain };
}

/// The economy and export policy as they would be if `effect` were law, and whether it binds
/// the President's hands (which he opposes whatever it does to his utility).
fn with_bill(
    effect: &BillEffect,
    economy: &Economy,
    export: ExportPolicy,
    ceilings: &[Ceiling],
) -> (Economy, ExportPolicy, bool) {
    // The bill changes the terms; what was memoised for the month's own need not hold for it
    // (today's effects leave the offers alone, but an effect on prices would not).
    let mut e = Economy { memo: Memo::default(), ..economy.clone() };
    let mut x = export;
    let constrains = match effect {
        BillEffect::FreezeCeiling { ceiling, .. } => {
            x.ceiling = x.ceiling.min(ceilings.iter().position(|c| c.name == *ceiling).unwrap_or(0));
            x.licensed = x.ceiling;
            true
        }
        BillEffect::CongressionalReview { .. } => true,
        BillEffect::LocationVerification { grey_cut, vendor_cost, .. } => {
            e.grey.base_capacity *= 1.0 - grey_cut.0;
            for v in &mut e.vendors {
                v.compliance_cost_share += vendor_cost.0;
            }
            false
        }
        BillEffect::RightOfFirstRefusal { china_supply_cut } => {
            for v in &mut e.vendors {
                v.allocation *= 1.0 - china_supply_cut.0;
            }
            false
        }
    };
    (e, x, constrains)
}

/// A vendor's share of a threshold a design aims at, leaving a margin for measurement.
pub const DESIGN_MARGIN: f64 = 0.95;

/// A chip designed to the threshold: the full chip's metrics with compute (TPP), interconnect or
/// memory bandwidth cut to just under the thresholds of the rules in force, and what that leaves
/// of its value.
#[derive(Clone, Debug, PartialEq)]
pub struct Design {
    pub metrics: Metrics,
    /// Training compute and value, H100e.
    pub h100e: f64,
    pub value: f64,
}

/// Design-to-threshold: of the derated versions of `base` that sit just under a threshold of
/// the rules in force (or at the base's own value), the licensable one buyers value most. Each
/// metric a rule tests is a dial: compute (TPP, or TPP through performance density, the die
/// being what it is), interconnect and memory bandwidth may each be cut, never raised. This is
/// how the A800 (interconnect under the October 2022 test) and the H20 (compute under the
/// October 2023 tests, memory kept) came about.
pub fn design_under(base: &Chip, rules: &[&statecraft_scenario::ExportRule], inference_share: f64) -> Option<Design> {
    let full = Metrics::of(base);
    let mut thresholds = Vec::new();
    for rule in rules.iter().filter(|r| r.scope == statecraft_scenario::Scope::Accelerators) {
        if let Some(test) = &rule.controls {
            test.thresholds(&mut thresholds);
        }
    }
    let dial = |metric: statecraft_scenario::Metric| -> Vec<f64> {
        let mut probe = full.clone();
        let mut values = vec![full.get(metric)];
        for (m, t) in &thresholds {
            if *m == metric {
                probe.set(metric, DESIGN_MARGIN * t);
                values.push(probe.get(metric));
            }
        }
        values
    };
    use statecraft_scenario::Metric::*;
    let tpps: Vec<f64> = {
        let mut tpps = dial(Tpp);
        // A density threshold is a TPP threshold for this die.
        let mut probe = full.clone();
        for (m, t) in &thresholds {
            if *m == PerformanceDensity {
                probe.set(PerformanceDensity, DESIGN_MARGIN * t);
                tpps.push(probe.tpp);
            }
        }
        tpps.into_iter().filter(|t| *t > 0.0 && *t <= full.tpp).collect()
    };
    let links: Vec<f64> = dial(InterconnectGbs).into_iter().filter(|x| *x <= full.interconnect_gbs).collect();
    let bandwidths: Vec<f64> =
        dial(MemoryBandwidthGbs).into_iter().filter(|x| *x > 0.0 && *x <= full.memory_bandwidth_gbs).collect();
    let training = h100e(base);
    let mut best: Option<Design> = None;
    for &tpp in &tpps {
        for &link in &links {
            for &bandwidth in &bandwidths {
                let metrics = Metrics {
                    id: String::new(),
                    tpp,
                    interconnect_gbs: link,
                    memory_bandwidth_gbs: bandwidth,
                    ..full.clone()
                };
                if !licensable(&metrics, rules.iter().copied()) {
                    continue;
                }
                let h100e = training * tpp / full.tpp;
                let inference = bandwidth / 1000.0 / H100_BANDWIDTH_TBS * libm::sqrt(base.memory_gb.0 / H100_MEMORY_GB);
                let value = value_h100e(h100e, inference, inference_share);
                if best.as_ref().is_none_or(|b| value > b.value) {
                    best = Some(Design { metrics, h100e, value });
                }
            }
        }
    }
    best
}
