//! Trade: the domestic maker produces, smuggling capacity takes nature's shock, and the month's
//! market clears; chips land in buyers' stocks and money in the ledgers. A China-only chip that
//! stops being licensable strands the vendor's pipeline, written off at cost (the H20 charge).

use bevy_ecs::prelude::*;

use crate::actors::beijing::BeijingLeader;
use crate::actors::chipmaker::Chipmaker;
use crate::actors::cloud::Cloud;
use crate::actors::vendor::Vendor;
use crate::actors::{ActorId, in_order};
use crate::economy::Sources;
use crate::market::{Inputs, build};
use crate::rng::{NatureRng, normal};
use crate::state::{Bills, Calendar, Compute, ExportPolicy, ImportPolicy, Ledger, Params, Trade};

pub fn trade(
    calendar: Res<Calendar>,
    params: Res<Params>,
    export: Res<ExportPolicy>,
    import: Res<ImportPolicy>,
    bills: Res<Bills>,
    mut compute: ResMut<Compute>,
    mut nature: ResMut<NatureRng>,
    mut ledger: ResMut<Ledger>,
    mut trade: ResMut<Trade>,
    mut vendors: Query<(&ActorId, &mut Vendor)>,
    mut clouds: Query<(&ActorId, &mut Cloud)>,
    mut makers: Query<&mut Chipmaker>,
    leaders: Query<&BeijingLeader>,
) {
    let now = calendar.month();
    if let Some(mut maker) = makers.iter_mut().next() {
        let chip = params.chips[maker.chip].clone();
        maker.produce(&chip);
    }
    let sigma = params.world.grey_market.volatility.0;
    let grey_shock = libm::exp(sigma * normal(&mut nature.0) - sigma * sigma / 2.0);
    let economy = {
        let inputs = Inputs {
            params: &params,
            export: &export,
            import: &import,
            bills: &bills,
            compute: &compute,
            now,
            vendors: in_order(vendors.iter()).map(|(_, v)| v).collect(),
            clouds: in_order(clouds.iter()).map(|(_, c)| c).collect(),
            maker: makers.iter().next(),
            beijing: leaders.iter().next(),
            domestic_supply: makers.iter().next().map_or(0.0, |m| m.inventory),
            grey_shock,
        };
        build(&inputs)
    };
    let clearing = economy.clear();

    if let Some(mut maker) = makers.iter_mut().next() {
        maker.inventory = (maker.inventory - clearing.units.domestic).max(0.0);
    }
    for (_, mut cloud) in clouds.iter_mut() {
        let flow = clearing.buyers[cloud.market].h100e;
        add(&mut cloud.stock, &flow);
    }
    let clouds_count = economy.buyers.len() - 2;
    for flow in &clearing.buyers[clouds_count..economy.buyers.len()] {
        add(&mut compute.china_other, &flow.h100e);
    }
    for (_, mut vendor) in vendors.iter_mut() {
        let flow = clearing.vendors[vendor.market];
        if let Some(last) = vendor.last_product
            && last.china_only
            && flow.product.is_none_or(|p| p.chip != last.chip || p.tpp != last.tpp)
        {
            ledger.write_offs_usd += vendor.spec.pipeline_months.0
                * vendor.last_shipped
                * last.price_usd
                * (1.0 - vendor.spec.gross_margin.0);
        }
        vendor.last_product = flow.product;
        vendor.last_shipped = flow.shipped;
    }
    ledger.share_paid_usd += clearing.share_paid_usd();
    ledger.vendor_revenue_usd += clearing.vendor_revenue_usd();
    ledger.subsidy_usd += clearing.subsidy_usd;
    ledger.grey_spend_usd += clearing.spend_usd.grey;
    ledger.domestic_revenue_usd += clearing.domestic_revenue_usd;
    trade.0 = clearing;
}

fn add(stock: &mut Sources, flow: &Sources) {
    stock.legal += flow.legal;
    stock.domestic += flow.domestic;
    stock.grey += flow.grey;
}
