//! Trade: the domestic maker produces, smuggling capacity takes nature's shock, and the month's
//! market clears; chips land in buyers' stocks and money in the ledgers. A China-only chip that
//! stops being licensable strands the vendor's pipeline, written off at cost (the H20 charge).

use bevy_ecs::prelude::*;

use crate::actors::beijing::BeijingLeader;
use crate::actors::chipmaker::Chipmaker;
use crate::actors::cloud::Cloud;
use crate::actors::vendor::Vendor;
use crate::actors::{ActorId, in_order};
use std::ops::DerefMut;

use crate::economy::{Sources, VendorFlow};
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
    for (_, mut cloud) in in_order(clouds.iter_mut()) {
        let flow = clearing.buyers[cloud.market].h100e;
        add(&mut cloud.stock, &flow);
    }
    let clouds_count = economy.buyers.len() - 2;
    for flow in &clearing.buyers[clouds_count..economy.buyers.len()] {
        add(&mut compute.china_other, &flow.h100e);
    }
    ledger.write_offs_usd += write_offs(vendors.iter_mut(), &clearing.vendors);
    ledger.share_paid_usd += clearing.share_paid_usd();
    ledger.vendor_revenue_usd += clearing.vendor_revenue_usd();
    ledger.subsidy_usd += clearing.subsidy_usd;
    ledger.grey_spend_usd += clearing.spend_usd.grey;
    ledger.domestic_revenue_usd += clearing.domestic_revenue_usd;
    trade.0 = clearing;
}

/// The month's write-offs: a China-only chip that stops being offered strands the vendor's
/// pipeline (`pipeline_months` of last month's shipments), written off at cost. Each vendor then
/// remembers this month's offer. Summed in `ActorId` order, whatever order the query gives.
fn write_offs<'a, V: DerefMut<Target = Vendor>>(
    vendors: impl Iterator<Item = (&'a ActorId, V)>,
    flows: &[VendorFlow],
) -> f64 {
    let mut total = 0.0;
    for (_, mut vendor) in in_order(vendors) {
        let flow = flows[vendor.market];
        if let Some(last) = vendor.last_product
            && last.china_only
            && flow.product.is_none_or(|p| p.chip != last.chip || p.tpp != last.tpp)
        {
            total += vendor.spec.pipeline_months.0
                * vendor.last_shipped
                * last.price_usd
                * (1.0 - vendor.spec.gross_margin.0);
        }
        vendor.last_product = flow.product;
        vendor.last_shipped = flow.shipped;
    }
    total
}

fn add(stock: &mut Sources, flow: &Sources) {
    stock.legal += flow.legal;
    stock.domestic += flow.domestic;
    stock.grey += flow.grey;
}

#[cfg(test)]
mod tests {
    use statecraft_scenario::ChipVendor;

    use super::*;
    use crate::economy::Product;

    fn vendor(market: usize, shipped: f64) -> Vendor {
        let product =
            Product { chip: market, h100e: 1.0, value: 1.0, price_usd: 1.0, tpp: 1.0, allowed: 1, china_only: true };
        Vendor {
            spec: ChipVendor::default(),
            market,
            allocation: 0.0,
            price_factor: 1.0,
            lobbying: 0.0,
            design: None,
            designing: None,
            last_product: Some(product),
            last_shipped: shipped,
        }
    }

    /// Write-offs whose float sum depends on the order of addition (1e17 swallows a lone 8 but
    /// not two 8s added first) come out the same whichever order the query yields the vendors:
    /// a sum in query order fails this.
    #[test]
    fn write_offs_are_summed_in_actor_order() {
        let shipped = [1e17, 8.0, 8.0];
        let flows = [VendorFlow::default(); 3];
        let total = |order: [usize; 3]| {
            let mut vendors: Vec<(ActorId, Vendor)> =
                order.iter().map(|&i| (ActorId(i as u32), vendor(i, shipped[i]))).collect();
            let total = write_offs(vendors.iter_mut().map(|(id, v)| (&*id, v)), &flows);
            assert!(vendors.iter().all(|(_, v)| v.last_product.is_none() && v.last_shipped == 0.0));
            total
        };
        let forward = total([0, 1, 2]);
        let per_vendor = ChipVendor::default().pipeline_months.0 * (1.0 - ChipVendor::default().gross_margin.0);
        assert!(forward > 0.0 && per_vendor > 0.0);
        for order in [[2, 1, 0], [1, 2, 0], [2, 0, 1]] {
            assert_eq!(total(order).to_bits(), forward.to_bits(), "order {order:?}");
        }
        // The case is sharp: the same terms summed in another order round differently.
        let terms: Vec<f64> = shipped.iter().map(|s| s * per_vendor).collect();
        assert_ne!(((terms[1] + terms[2]) + terms[0]).to_bits(), ((terms[0] + terms[1]) + terms[2]).to_bits());
    }
}
