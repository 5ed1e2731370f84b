//! The chip market of one month, as plain data and one pure function.
//!
//! [`Economy::clear`] turns policies, offers, budgets and supply into orders, approvals,
//! shipments and spending. The trade phase calls it once a month with the real state; every
//! actor calls it on hypothetical variants ([`Patch`]) to judge its options, so what actors
//! expect and what happens come from the same rules.
//!
//! A month clears in three steps, in this order:
//! 1. **Licensed foreign chips.** Buyers weigh each licensed chip, and domestic chips, by
//!    (effective H100e per dollar)^elasticity (less the antitrust target's lost orders). Of a
//!    buyer's foreign budget, the foreign chips' share of that weight is spent on them, split
//!    between vendors by their weights; orders are money / price. Beijing approves
//!    `approval_rate` of them, the US licence cap bounds each buyer, and each vendor ships at
//!    most its allocation, rationing buyers pro rata.
//! 2. **Domestic chips.** The domestic share of budgets, plus `spill_to_domestic` of the
//!    foreign budget left unspent, buys domestic chips at the subsidised price, up to supply.
//! 3. **Grey market.** The grey share, plus `spill_to_grey` of the unspent foreign budget,
//!    buys the best US chip at a premium, up to smuggling capacity.

use serde::Serialize;

use crate::state::{ExportPolicy, ImportPolicy};

/// Most vendors and buyers a scenario may have (fixed so that forecasts never allocate).
pub const MAX_VENDORS: usize = 8;
pub const MAX_BUYERS: usize = 16;

/// A chip as the market sees it.
#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize)]
pub struct Product {
    /// Index in the catalogue; `usize::MAX` for a chip a vendor designed during the run.
    pub chip: usize,
    /// Training compute, H100e: what capability follows.
    pub h100e: f64,
    /// What buyers pay for, in H100e: training compute and inference capacity weighed by the
    /// market's inference share ([`crate::market::value_h100e`]).
    pub value: f64,
    pub price_usd: f64,
    pub tpp: f64,
    /// Bit i set: licensable at rung i of the export ladder.
    pub allowed: u32,
    /// Made for China only: unsold stock is written off if it stops being licensable.
    pub china_only: bool,
}

impl Product {
    pub fn allowed_at(&self, rung: usize) -> bool {
        rung < 32 && self.allowed & (1 << rung) != 0
    }
}

/// What a vendor puts on the Chinese market.
#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize)]
pub struct VendorTerms {
    /// Chips a month it will ship to China at most.
    pub allocation: f64,
    pub price_factor: f64,
    /// Cost of goods as a share of list price.
    pub unit_cost_share: f64,
    /// Extra cost per chip as a share of price (location verification).
    pub compliance_cost_share: f64,
    /// A chip designed to the threshold, once ready.
    pub design: Option<Product>,
    /// Share of orders lost to Beijing's antitrust pressure.
    pub order_loss: f64,
    /// Share of a chip's throughput buyers expect to use on the vendor's software stack.
    pub software: f64,
}

/// How a buyer splits its budget: shares of foreign, domestic and grey spending.
#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize)]
pub struct Mix {
    pub foreign: f64,
    pub domestic: f64,
    pub grey: f64,
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize)]
pub struct BuyerTerms {
    /// Monthly AI-chip budget, $.
    pub budget_usd: f64,
    pub mix: Mix,
    /// Bound by the ban on foreign chips in state-funded data centres.
    pub state_funded: bool,
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize)]
pub struct DomesticTerms {
    /// Chips available to sell this month.
    pub supply: f64,
    pub h100e: f64,
    pub value: f64,
    pub price_usd: f64,
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize)]
pub struct GreyTerms {
    /// Chips the networks could move this month with no enforcement on either side.
    pub base_capacity: f64,
    /// Share of capacity removed by full US enforcement, and by a full customs crackdown.
    pub us_effect: f64,
    pub customs_effect: f64,
    pub h100e: f64,
    pub value: f64,
    pub price_usd: f64,
}

impl GreyTerms {
    /// Chips the networks can move under these policies.
    pub fn capacity(&self, export: &ExportPolicy, import: &ImportPolicy) -> f64 {
        self.base_capacity
            * (1.0 - self.us_effect * export.enforcement)
            * (1.0 - self.customs_effect * import.customs_crackdown)
    }
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize)]
pub struct MarketParams {
    pub value_elasticity: f64,
    pub spill_to_domestic: f64,
    pub spill_to_grey: f64,
    /// Share of a domestic chip's H100e that counts as effective compute.
    pub domestic_efficiency: f64,
}

/// Everything the market needs to clear one month.
#[derive(Clone, Debug, Default, Serialize)]
pub struct Economy {
    pub export: ExportPolicy,
    pub import: ImportPolicy,
    pub vendors: Vec<VendorTerms>,
    /// Each vendor's catalogue chips available now.
    pub products: Vec<Vec<Product>>,
    pub buyers: Vec<BuyerTerms>,
    pub domestic: DomesticTerms,
    pub grey: GreyTerms,
    pub params: MarketParams,
    /// What `clear_with` would compute again and again for unpatched terms (see `prepared`).
    #[serde(skip)]
    pub memo: Memo,
}

/// Per vendor and export rung, the chip offered and its order weight under the vendor's own
/// terms; and the domestic chip's weight under the month's subsidy. Decisions clear the month
/// hundreds of times with only one lever changed, and these powers dominated the cost.
#[derive(Clone, Debug, Default)]
pub struct Memo {
    offers: Vec<Vec<(Option<Product>, f64)>>,
    domestic_weight: Option<f64>,
    /// The month with no patch.
    base: Option<Clearing>,
}

/// One month's terms under a patch: what [`Economy::clear_legal`]'s steps read.
struct Terms<'a> {
    patch: &'a Patch,
    export: &'a ExportPolicy,
    import: &'a ImportPolicy,
    domestic: &'a DomesticTerms,
    vendors: usize,
    buyers: usize,
}

/// Step 1a's result: per vendor, the chip offered, the price buyers pay and its order weight.
#[derive(Default)]
struct Offers {
    price: [f64; MAX_VENDORS],
    weight: [f64; MAX_VENDORS],
    total: f64,
}

/// A hypothetical change to one month's economy.
#[derive(Clone, Copy, Debug, Default)]
pub struct Patch {
    pub export: Option<ExportPolicy>,
    pub import: Option<ImportPolicy>,
    pub vendor: Option<(usize, VendorTerms)>,
    pub buyer: Option<(usize, BuyerTerms)>,
    pub domestic: Option<DomesticTerms>,
}

/// One vendor's month.
#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize)]
pub struct VendorFlow {
    /// The chip offered, if any is licensable.
    pub product: Option<Product>,
    pub orders: f64,
    pub approved: f64,
    pub shipped: f64,
    pub revenue_usd: f64,
    pub share_paid_usd: f64,
    /// Revenue net of the share, cost of goods and compliance costs.
    pub profit_usd: f64,
}

/// One buyer's month, by source.
#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize)]
pub struct BuyerFlow {
    pub units: Sources,
    /// Training compute bought, H100e.
    pub h100e: Sources,
    /// Value bought, in the H100e buyers pay for (training and inference).
    pub value: Sources,
    pub spend_usd: Sources,
    pub unspent_usd: f64,
}

/// A quantity by how it reached China.
#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize)]
pub struct Sources {
    pub legal: f64,
    pub domestic: f64,
    pub grey: f64,
}

impl Sources {
    pub fn total(&self) -> f64 {
        self.legal + self.domestic + self.grey
    }

    /// The one effective-compute formula: domestic chips count at `domestic_efficiency`
    /// (software maturity, interconnect, power), imported and smuggled ones in full.
    pub fn effective(&self, domestic_efficiency: f64) -> f64 {
        self.legal + self.grey + domestic_efficiency * self.domestic
    }
}

/// The result of clearing a month.
#[derive(Clone, Copy, Debug, Serialize)]
pub struct Clearing {
    pub vendors: [VendorFlow; MAX_VENDORS],
    pub buyers: [BuyerFlow; MAX_BUYERS],
    /// Totals over buyers.
    pub units: Sources,
    pub h100e: Sources,
    pub value: Sources,
    pub spend_usd: Sources,
    pub domestic_supply: f64,
    pub domestic_demand: f64,
    pub grey_demand: f64,
    /// Beijing's cost of the domestic-chip subsidy, $.
    pub subsidy_usd: f64,
    pub domestic_revenue_usd: f64,
}

impl Clearing {
    /// A month with nothing bought yet.
    fn empty(domestic_supply: f64) -> Clearing {
        Clearing {
            vendors: [VendorFlow::default(); MAX_VENDORS],
            buyers: [BuyerFlow::default(); MAX_BUYERS],
            units: Sources::default(),
            h100e: Sources::default(),
            value: Sources::default(),
            spend_usd: Sources::default(),
            domestic_supply,
            domestic_demand: 0.0,
            grey_demand: 0.0,
            subsidy_usd: 0.0,
            domestic_revenue_usd: 0.0,
        }
    }

    /// H100e of US-designed chips reaching China, licensed or smuggled.
    pub fn us_chip_h100e(&self) -> f64 {
        self.h100e.legal + self.h100e.grey
    }

    /// Effective compute added in China (domestic chips discounted).
    pub fn effective_h100e(&self, domestic_efficiency: f64) -> f64 {
        self.h100e.effective(domestic_efficiency)
    }

    /// Domestic chips' share of the effective compute added (0 when nothing is added).
    pub fn domestic_share(&self, domestic_efficiency: f64) -> f64 {
        let total = self.effective_h100e(domestic_efficiency);
        if total > 0.0 { domestic_efficiency * self.h100e.domestic / total } else { 0.0 }
    }

    /// Share of the domestic supply that found buyers (1 when there was none to sell).
    pub fn domestic_fill(&self) -> f64 {
        if self.domestic_supply > 0.0 { (self.units.domestic / self.domestic_supply).min(1.0) } else { 1.0 }
    }

    pub fn share_paid_usd(&self) -> f64 {
        self.vendors.iter().map(|v| v.share_paid_usd).sum()
    }

    pub fn vendor_revenue_usd(&self) -> f64 {
        self.vendors.iter().map(|v| v.revenue_usd).sum()
    }
}

impl Economy {
    /// The economy with its memo filled for `rungs` export rungs. Clearing gives the same bits
    /// with or without it.
    pub fn prepared(mut self, rungs: usize) -> Economy {
        let offers = (0..self.vendors.len())
            .map(|v| (0..rungs).map(|rung| self.offer(v, &self.vendors[v], rung)).collect())
            .collect();
        let domestic_weight = self.domestic_weight(&self.domestic, &self.import);
        self.memo = Memo { offers, domestic_weight: Some(domestic_weight), base: None };
        self.memo.base = Some(self.clear_with(&Patch::default()));
        self
    }

    /// Vendor `v`'s best licensable chip at `rung` under `terms`, and its order weight.
    fn offer(&self, v: usize, terms: &VendorTerms, rung: usize) -> (Option<Product>, f64) {
        let product = best_offer(&self.products[v], terms.design, rung);
        let weight = match product {
            Some(product) if terms.allocation > 0.0 => {
                let value = product.value * terms.software / (product.price_usd * terms.price_factor);
                libm::pow(value, self.params.value_elasticity) * (1.0 - terms.order_loss)
            }
            _ => 0.0,
        };
        (product, weight)
    }

    /// Whether `terms` give vendor `v` the chip and order weight its own terms give, bit for
    /// bit, so that the memo serves: moves of allocation, lobbying and costs change neither.
    fn same_offer(&self, v: usize, terms: &VendorTerms) -> bool {
        let own = &self.vendors[v];
        let bits = |t: &VendorTerms| (t.price_factor.to_bits(), t.software.to_bits(), t.order_loss.to_bits());
        own.design == terms.design && bits(own) == bits(terms) && (own.allocation > 0.0) == (terms.allocation > 0.0)
    }

    fn domestic_weight(&self, domestic: &DomesticTerms, import: &ImportPolicy) -> f64 {
        let domestic_price = domestic.price_usd * (1.0 - import.subsidy);
        if domestic_price > 0.0 && domestic.supply > 0.0 {
            libm::pow(domestic.value * self.params.domestic_efficiency / domestic_price, self.params.value_elasticity)
        } else {
            0.0
        }
    }

    /// The month as it stands, with no patch.
    pub fn clear(&self) -> Clearing {
        self.memo.base.unwrap_or_else(|| self.clear_with(&Patch::default()))
    }

    /// The month with `patch` applied.
    pub fn clear_with(&self, patch: &Patch) -> Clearing {
        let mut out = self.clear_legal(patch);
        self.finish(&mut out, patch);
        out
    }

    fn vendor_terms<'a>(&'a self, patch: &'a Patch, v: usize) -> &'a VendorTerms {
        match &patch.vendor {
            Some((i, terms)) if *i == v => terms,
            _ => &self.vendors[v],
        }
    }

    fn buyer_terms<'a>(&'a self, patch: &'a Patch, b: usize) -> &'a BuyerTerms {
        match &patch.buyer {
            Some((i, terms)) if *i == b => terms,
            _ => &self.buyers[b],
        }
    }

    /// Steps 1 and 2, licensed and domestic chips: all of the month but the grey market and the
    /// revenue share, which [`Economy::finish`] adds. Neither the share, nor US enforcement, nor
    /// the customs crackdown plays a part here, so one such clearing serves every variant that
    /// differs only in those (the stage game's many cells).
    pub fn clear_legal(&self, patch: &Patch) -> Clearing {
        let t = self.terms(patch);
        let mut out = Clearing::empty(t.domestic.supply);
        // 1a. What each vendor offers at the licensed rung, and the weight buyers give it.
        let offers = self.offers(&t, &mut out);
        // 1b. The share of foreign budgets spent on foreign chips, against domestic value.
        let uptake = self.uptake(&offers, &t);
        // 1c. Orders, Beijing's approvals and the US licence cap, buyer by buyer.
        let mixes = self.mixes(&t);
        let approved = self.approve(&t, &offers, &mixes, uptake, &mut out);
        // 1d. Shipments: each vendor's allocation rations its approved orders pro rata.
        self.ship(&t, &offers, &approved, &mut out);
        // 2. Domestic chips, at the subsidised price, up to supply.
        self.buy_domestic(&t, &mixes, &mut out);
        out
    }

    /// The terms of the month under `patch`.
    fn terms<'a>(&'a self, patch: &'a Patch) -> Terms<'a> {
        Terms {
            patch,
            export: patch.export.as_ref().unwrap_or(&self.export),
            import: patch.import.as_ref().unwrap_or(&self.import),
            domestic: patch.domestic.as_ref().unwrap_or(&self.domestic),
            vendors: self.vendors.len(),
            buyers: self.buyers.len(),
        }
    }

    /// Step 1a: per vendor, its best licensable chip, the price buyers pay and its order weight
    /// (0 when it offers nothing). The memo serves vendors whose offer the patch leaves alone.
    fn offers(&self, t: &Terms, out: &mut Clearing) -> Offers {
        let mut offers = Offers::default();
        for v in 0..t.vendors {
            let terms = self.vendor_terms(t.patch, v);
            let memo = match &t.patch.vendor {
                Some((i, terms)) if *i == v && !self.same_offer(v, terms) => None,
                _ => self.memo.offers.get(v).and_then(|rungs| rungs.get(t.export.licensed)),
            };
            let (product, weight) = memo.copied().unwrap_or_else(|| self.offer(v, terms, t.export.licensed));
            out.vendors[v].product = product;
            if let Some(product) = product
                && terms.allocation > 0.0
            {
                offers.price[v] = product.price_usd * terms.price_factor;
                offers.weight[v] = weight;
            }
        }
        offers.total = offers.weight[..t.vendors].iter().sum();
        offers
    }

    /// Step 1b: foreign chips' share of the weight, foreign against domestic.
    fn uptake(&self, offers: &Offers, t: &Terms) -> f64 {
        let domestic_weight = match self.memo.domestic_weight {
            Some(w) if t.patch.domestic.is_none() && t.import.subsidy == self.import.subsidy => w,
            _ => self.domestic_weight(t.domestic, t.import),
        };
        if offers.total > 0.0 { offers.total / (offers.total + domestic_weight) } else { 0.0 }
    }

    /// Each buyer's mix after Beijing's rules.
    fn mixes(&self, t: &Terms) -> [Mix; MAX_BUYERS] {
        let mut mixes = [Mix::default(); MAX_BUYERS];
        for (b, mix) in mixes[..t.buyers].iter_mut().enumerate() {
            *mix = effective_mix(self.buyer_terms(t.patch, b), t.import);
        }
        mixes
    }

    /// Step 1c: orders are money over price; Beijing approves `approval_rate` of them; the
    /// licence cap bounds each buyer. Returns approved units by buyer and vendor.
    fn approve(
        &self,
        t: &Terms,
        offers: &Offers,
        mixes: &[Mix; MAX_BUYERS],
        uptake: f64,
        out: &mut Clearing,
    ) -> [[f64; MAX_VENDORS]; MAX_BUYERS] {
        let mut approved = [[0.0; MAX_VENDORS]; MAX_BUYERS];
        if offers.total <= 0.0 {
            return approved;
        }
        for (b, row) in approved[..t.buyers].iter_mut().enumerate() {
            let foreign = mixes[b].foreign * self.buyer_terms(t.patch, b).budget_usd * uptake;
            let mut wanted = 0.0;
            for (v, cell) in row[..t.vendors].iter_mut().enumerate() {
                if offers.weight[v] > 0.0 {
                    let orders = foreign * offers.weight[v] / offers.total / offers.price[v];
                    out.vendors[v].orders += orders;
                    *cell = orders * t.import.approval_rate;
                    wanted += *cell;
                }
            }
            if let Some(cap) = t.export.licence_cap
                && wanted > cap
            {
                for cell in row[..t.vendors].iter_mut() {
                    *cell *= cap / wanted;
                }
            }
        }
        approved
    }

    /// Step 1d: each vendor ships at most its allocation, rationing buyers pro rata.
    fn ship(&self, t: &Terms, offers: &Offers, approved: &[[f64; MAX_VENDORS]; MAX_BUYERS], out: &mut Clearing) {
        for v in 0..t.vendors {
            let total: f64 = approved[..t.buyers].iter().map(|row| row[v]).sum();
            out.vendors[v].approved = total;
            let supply = self.vendor_terms(t.patch, v).allocation;
            let ration = if total > supply && total > 0.0 { supply / total } else { 1.0 };
            let (h100e, value) = out.vendors[v].product.map_or((0.0, 0.0), |p| (p.h100e, p.value));
            for (row, flow) in approved[..t.buyers].iter().zip(out.buyers.iter_mut()) {
                let units = row[v] * ration;
                flow.units.legal += units;
                flow.h100e.legal += units * h100e;
                flow.value.legal += units * value;
                flow.spend_usd.legal += units * offers.price[v];
            }
            let shipped = total * ration;
            let flow = &mut out.vendors[v];
            flow.shipped = shipped;
            flow.revenue_usd = shipped * offers.price[v];
        }
    }

    /// Step 2: the domestic share, plus `spill_to_domestic` of the foreign budget left unspent,
    /// buys domestic chips at the subsidised price, up to supply; Beijing pays the subsidy.
    fn buy_domestic(&self, t: &Terms, mixes: &[Mix; MAX_BUYERS], out: &mut Clearing) {
        let domestic = t.domestic;
        let domestic_price = domestic.price_usd * (1.0 - t.import.subsidy);
        let mut wanted = [0.0; MAX_BUYERS];
        for (b, flow) in out.buyers[..t.buyers].iter_mut().enumerate() {
            let terms = self.buyer_terms(t.patch, b);
            flow.unspent_usd = mixes[b].foreign * terms.budget_usd - flow.spend_usd.legal;
            let budget = mixes[b].domestic * terms.budget_usd + self.params.spill_to_domestic * flow.unspent_usd;
            if domestic_price > 0.0 {
                wanted[b] = budget / domestic_price;
            }
        }
        let demand: f64 = wanted[..t.buyers].iter().sum();
        out.domestic_demand = demand;
        let fill = if demand > domestic.supply && demand > 0.0 { domestic.supply / demand } else { 1.0 };
        for (flow, wanted) in out.buyers[..t.buyers].iter_mut().zip(wanted) {
            let units = wanted * fill;
            flow.units.domestic = units;
            flow.h100e.domestic = units * domestic.h100e;
            flow.value.domestic = units * domestic.value;
            flow.spend_usd.domestic = units * domestic_price;
            out.subsidy_usd += units * (domestic.price_usd - domestic_price);
            out.domestic_revenue_usd += units * domestic.price_usd;
        }
    }

    /// Step 3 and the money, on a clearing made by [`Economy::clear_legal`] under `patch` (or
    /// under a patch that differs from it only in the revenue share, US enforcement or the
    /// customs crackdown): the grey market, the revenue share and vendors' profits, the totals.
    /// It overwrites all it writes, so one clearing can be finished again for another such
    /// patch.
    #[allow(clippy::needless_range_loop)]
    pub fn finish(&self, out: &mut Clearing, patch: &Patch) {
        let export = patch.export.as_ref().unwrap_or(&self.export);
        let import = patch.import.as_ref().unwrap_or(&self.import);
        let (nv, nb) = (self.vendors.len(), self.buyers.len());
        let (grey, p) = (&self.grey, &self.params);
        for v in 0..nv {
            let terms = self.vendor_terms(patch, v);
            let flow = &mut out.vendors[v];
            let list_price = flow.product.map_or(0.0, |p| p.price_usd);
            flow.share_paid_usd = flow.revenue_usd * export.share;
            flow.profit_usd = flow.revenue_usd * (1.0 - export.share - terms.compliance_cost_share)
                - flow.shipped * list_price * terms.unit_cost_share;
        }

        // 3. The grey market.
        let mut grey_wanted = [0.0; MAX_BUYERS];
        for b in 0..nb {
            let terms = self.buyer_terms(patch, b);
            let flow = &out.buyers[b];
            let budget = effective_mix(terms, import).grey * terms.budget_usd + p.spill_to_grey * flow.unspent_usd;
            if grey.price_usd > 0.0 {
                grey_wanted[b] = budget / grey.price_usd;
            }
        }
        let demand: f64 = grey_wanted[..nb].iter().sum();
        out.grey_demand = demand;
        let capacity = grey.capacity(export, import);
        let fill = if demand > capacity && demand > 0.0 { capacity / demand } else { 1.0 };
        for b in 0..nb {
            let units = grey_wanted[b] * fill;
            let flow = &mut out.buyers[b];
            flow.units.grey = units;
            flow.h100e.grey = units * grey.h100e;
            flow.value.grey = units * grey.value;
            flow.spend_usd.grey = units * grey.price_usd;
        }

        (out.units, out.h100e, out.value, out.spend_usd) = Default::default();
        for flow in &out.buyers[..nb] {
            add(&mut out.units, &flow.units);
            add(&mut out.h100e, &flow.h100e);
            add(&mut out.value, &flow.value);
            add(&mut out.spend_usd, &flow.spend_usd);
        }
    }
}

fn add(total: &mut Sources, part: &Sources) {
    total.legal += part.legal;
    total.domestic += part.domestic;
    total.grey += part.grey;
}

/// The vendor's most valuable chip licensable at `rung`, by what buyers pay for (ties go to the
/// cheaper).
pub fn best_offer(products: &[Product], design: Option<Product>, rung: usize) -> Option<Product> {
    products.iter().copied().chain(design).filter(|p| p.allowed_at(rung)).fold(None, |best: Option<Product>, p| {
        match best {
            Some(b) if b.value > p.value || (b.value == p.value && b.price_usd <= p.price_usd) => Some(b),
            _ => Some(p),
        }
    })
}

/// The buyer's mix after Beijing's rules: the state data-centre ban leaves state-funded buyers
/// only domestic chips; procurement guidance sets a floor on the domestic share, taken from the
/// foreign and grey shares in proportion.
fn effective_mix(buyer: &BuyerTerms, import: &ImportPolicy) -> Mix {
    if buyer.state_funded && import.state_dc_ban {
        return Mix { foreign: 0.0, domestic: 1.0, grey: 0.0 };
    }
    let m = buyer.mix;
    let floor = import.domestic_ratio;
    let rest = m.foreign + m.grey;
    if m.domestic >= floor || rest <= 0.0 {
        return m;
    }
    let scale = (1.0 - floor) / rest;
    Mix { foreign: m.foreign * scale, domestic: floor, grey: m.grey * scale }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn product(h100e: f64, price_usd: f64, allowed: u32) -> Product {
        Product { chip: 0, h100e, value: h100e, price_usd, tpp: h100e * 15_830.0, allowed, china_only: false }
    }

    /// Two rungs (0 closed, 1 open); one vendor selling a 1-H100e chip at $25k; one buyer with
    /// $100m a month split 60/30/10.
    fn economy() -> Economy {
        Economy {
            export: ExportPolicy { ceiling: 1, licensed: 1, share: 0.25, ..ExportPolicy::default() },
            import: ImportPolicy { approval_rate: 1.0, ..ImportPolicy::default() },
            vendors: vec![VendorTerms {
                allocation: 1e9,
                price_factor: 1.0,
                unit_cost_share: 0.3,
                software: 1.0,
                ..VendorTerms::default()
            }],
            products: vec![vec![product(1.0, 25_000.0, 0b10)]],
            buyers: vec![BuyerTerms {
                budget_usd: 100e6,
                mix: Mix { foreign: 0.6, domestic: 0.3, grey: 0.1 },
                state_funded: false,
            }],
            domestic: DomesticTerms { supply: 1e9, h100e: 0.8, value: 0.8, price_usd: 20_000.0 },
            grey: GreyTerms {
                base_capacity: 1e9,
                us_effect: 0.5,
                customs_effect: 0.5,
                h100e: 2.0,
                value: 2.0,
                price_usd: 50_000.0,
            },
            // Domestic chips count for nothing here, so buyers spend all their foreign budget.
            params: MarketParams {
                value_elasticity: 4.0,
                spill_to_domestic: 0.5,
                spill_to_grey: 0.1,
                domestic_efficiency: 0.0,
            },
            memo: Memo::default(),
        }
    }

    /// The memo changes no bit of any clearing, patched or not.
    #[test]
    fn the_memo_changes_nothing() {
        let plain = economy();
        let prepared = economy().prepared(2);
        let patches = [
            Patch::default(),
            Patch { export: Some(ExportPolicy { licensed: 0, ..plain.export }), ..Patch::default() },
            Patch { import: Some(ImportPolicy { subsidy: 0.3, ..plain.import }), ..Patch::default() },
            Patch { vendor: Some((0, VendorTerms { price_factor: 1.2, ..plain.vendors[0] })), ..Patch::default() },
            // The offer stands: the memo serves a patched vendor.
            Patch { vendor: Some((0, VendorTerms { allocation: 500.0, ..plain.vendors[0] })), ..Patch::default() },
            Patch { vendor: Some((0, plain.vendors[0])), ..Patch::default() },
            // No allocation, no orders: it must not.
            Patch { vendor: Some((0, VendorTerms { allocation: 0.0, ..plain.vendors[0] })), ..Patch::default() },
        ];
        for patch in &patches {
            assert_eq!(format!("{:?}", plain.clear_with(patch)), format!("{:?}", prepared.clear_with(patch)));
        }
    }

    fn close(a: f64, b: f64) -> bool {
        (a - b).abs() <= 1e-9 * a.abs().max(b.abs()).max(1.0)
    }

    #[test]
    fn unconstrained_budgets_are_spent_as_planned() {
        let c = economy().clear();
        assert!(close(c.vendors[0].shipped, 60e6 / 25_000.0));
        assert!(close(c.vendors[0].revenue_usd, 60e6));
        assert!(close(c.vendors[0].share_paid_usd, 15e6));
        assert!(close(c.vendors[0].profit_usd, 60e6 * 0.75 - 2400.0 * 25_000.0 * 0.3));
        assert!(close(c.spend_usd.domestic, 30e6));
        assert!(close(c.spend_usd.grey, 10e6));
        assert!(close(c.spend_usd.total(), 100e6));
        assert!(close(c.h100e.grey, 2.0 * 10e6 / 50_000.0));
    }

    #[test]
    fn a_closed_ceiling_sends_foreign_money_to_domestic_and_grey() {
        let mut e = economy();
        e.export.licensed = 0;
        let c = e.clear();
        assert_eq!(c.vendors[0].shipped, 0.0);
        assert!(c.vendors[0].product.is_none());
        assert!(close(c.spend_usd.domestic, 30e6 + 0.5 * 60e6));
        assert!(close(c.spend_usd.grey, 10e6 + 0.1 * 60e6));
        assert!(close(c.buyers[0].unspent_usd, 60e6));
    }

    #[test]
    fn approvals_caps_and_allocations_bind_in_turn() {
        let mut e = economy();
        e.import.approval_rate = 0.5;
        assert!(close(e.clear().vendors[0].shipped, 1200.0));
        e.export.licence_cap = Some(1000.0);
        assert!(close(e.clear().vendors[0].shipped, 1000.0));
        e.vendors[0].allocation = 400.0;
        let c = e.clear();
        assert!(close(c.vendors[0].shipped, 400.0));
        assert!(close(c.vendors[0].orders, 2400.0), "orders are what buyers wanted");
        assert!(close(c.vendors[0].approved, 1000.0));
    }

    #[test]
    fn supply_limits_domestic_and_grey_purchases() {
        let mut e = economy();
        e.domestic.supply = 100.0;
        e.grey.base_capacity = 40.0;
        e.export.enforcement = 1.0;
        e.import.customs_crackdown = 1.0;
        let c = e.clear();
        assert!(close(c.units.domestic, 100.0));
        assert!(close(c.units.grey, 10.0), "full enforcement on both sides leaves a quarter");
        assert!(close(c.domestic_demand, 30e6 / 20_000.0));
    }

    #[test]
    fn subsidies_lower_the_price_buyers_pay_and_cost_beijing() {
        let mut e = economy();
        e.import.subsidy = 0.25;
        let c = e.clear();
        assert!(close(c.units.domestic, 30e6 / 15_000.0));
        assert!(close(c.subsidy_usd, 2000.0 * 5_000.0));
        assert!(close(c.domestic_revenue_usd, 2000.0 * 20_000.0));
    }

    #[test]
    fn guidance_sets_a_floor_on_domestic_spending() {
        let mut e = economy();
        e.import.domestic_ratio = 0.65;
        let c = e.clear();
        // Foreign and grey (0.6 and 0.1) shrink in proportion to fill the remaining 0.35.
        assert!(close(c.spend_usd.domestic, 65e6));
        assert!(close(c.spend_usd.legal, 30e6));
        assert!(close(c.spend_usd.grey, 5e6));
        e.import.domestic_ratio = 0.2;
        assert!(close(e.clear().spend_usd.domestic, 30e6), "a floor below the plan changes nothing");
    }

    #[test]
    fn domestic_fill_is_the_share_of_supply_sold() {
        let mut e = economy();
        e.domestic.supply = 3000.0;
        assert!(close(e.clear().domestic_fill(), 1500.0 / 3000.0));
        e.domestic.supply = 1000.0;
        assert_eq!(e.clear().domestic_fill(), 1.0);
    }

    #[test]
    fn the_state_data_centre_ban_binds_state_funded_buyers_only() {
        let mut e = economy();
        e.buyers.push(BuyerTerms { state_funded: true, ..e.buyers[0] });
        e.import.state_dc_ban = true;
        let c = e.clear();
        assert!(close(c.buyers[1].spend_usd.domestic, 100e6));
        assert_eq!(c.buyers[1].units.legal, 0.0);
        assert!(c.buyers[0].units.legal > 0.0);
    }

    #[test]
    fn buyers_favour_the_better_value_vendor() {
        let mut e = economy();
        e.vendors.push(e.vendors[0]);
        e.products.push(vec![product(1.0, 50_000.0, 0b10)]);
        let c = e.clear();
        // Value ratio 2, elasticity 4: a 16:1 split of the foreign budget.
        assert!(close(c.vendors[0].revenue_usd / c.vendors[1].revenue_usd, 16.0));
    }

    #[test]
    fn buyers_weigh_foreign_chips_against_domestic_value() {
        let mut e = economy();
        e.params.domestic_efficiency = 1.0;
        // Domestic: 0.8 H100e for $20k = 4e-5 per $, as good as the foreign chip: half is spent.
        let c = e.clear();
        assert!(close(c.vendors[0].revenue_usd, 30e6));
        // Make domestic chips twice the value: the foreign share falls to 1/(1+16).
        e.domestic.price_usd = 10_000.0;
        assert!(close(e.clear().vendors[0].revenue_usd, 60e6 / 17.0));
        // With no domestic supply, there is no alternative.
        e.domestic.supply = 0.0;
        assert!(close(e.clear().vendors[0].revenue_usd, 60e6));
    }

    #[test]
    fn raising_the_price_lowers_units_and_can_lower_revenue() {
        let mut e = economy();
        e.params.domestic_efficiency = 1.0;
        let base = e.clear().vendors[0];
        e.vendors[0].price_factor = 1.5;
        let dear = e.clear().vendors[0];
        assert!(dear.shipped < base.shipped);
        assert!(dear.revenue_usd < base.revenue_usd, "against a domestic alternative, demand is elastic");
    }

    #[test]
    fn vendors_offer_their_best_licensable_chip() {
        let small = product(0.15, 12_500.0, 0b110);
        let big = product(1.0, 27_000.0, 0b100);
        assert_eq!(best_offer(&[small, big], None, 1), Some(small));
        assert_eq!(best_offer(&[small, big], None, 2), Some(big));
        assert_eq!(best_offer(&[small, big], None, 0), None);
        let design = product(0.3, 14_000.0, 0b010);
        assert_eq!(best_offer(&[small, big], Some(design), 1), Some(design));
    }

    #[test]
    fn patches_change_only_what_they_name() {
        let e = economy();
        let base = e.clear();
        let patched =
            e.clear_with(&Patch { export: Some(ExportPolicy { licensed: 0, ..e.export }), ..Patch::default() });
        assert_eq!(patched.vendors[0].shipped, 0.0);
        assert_eq!(e.clear().vendors[0].shipped, base.vendors[0].shipped, "the economy itself is untouched");
    }
}
