//! The actors: one variant per kind, each with its levers' starting positions, its utility
//! weights and its decision rule. The order of `actors` in a scenario is the order in which
//! actors decide and draw random numbers (their `ActorId`).

use serde::{Deserialize, Serialize};

use super::rules::RuleSpec;
use super::units::{Amount, Fraction};

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum Actor {
    UsAdministration(UsAdministration),
    Congress(CongressBloc),
    ChipVendor(ChipVendor),
    Beijing(Beijing),
    CloudProvider(CloudProvider),
    Lab(Lab),
    DomesticChipmaker(DomesticChipmaker),
}

impl Actor {
    pub fn id(&self) -> &str {
        match self {
            Actor::UsAdministration(a) => &a.id,
            Actor::Congress(a) => &a.id,
            Actor::ChipVendor(a) => &a.id,
            Actor::Beijing(a) => &a.id,
            Actor::CloudProvider(a) => &a.id,
            Actor::Lab(a) => &a.id,
            Actor::DomesticChipmaker(a) => &a.id,
        }
    }

    pub fn rule(&self) -> &RuleSpec {
        match self {
            Actor::UsAdministration(a) => &a.rule,
            Actor::Congress(a) => &a.rule,
            Actor::ChipVendor(a) => &a.rule,
            Actor::Beijing(a) => &a.rule,
            Actor::CloudProvider(a) => &a.rule,
            Actor::Lab(a) => &a.rule,
            Actor::DomesticChipmaker(a) => &a.rule,
        }
    }

    /// The kind's name as written in scenario files.
    pub fn kind(&self) -> &'static str {
        match self {
            Actor::UsAdministration(_) => "UsAdministration",
            Actor::Congress(_) => "Congress",
            Actor::ChipVendor(_) => "ChipVendor",
            Actor::Beijing(_) => "Beijing",
            Actor::CloudProvider(_) => "CloudProvider",
            Actor::Lab(_) => "Lab",
            Actor::DomesticChipmaker(_) => "DomesticChipmaker",
        }
    }
}

fn best_response() -> RuleSpec {
    RuleSpec::BestResponse
}

/// The President's trade and security team: sets the export ceiling, the revenue share, licence
/// caps and enforcement against smuggling.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct UsAdministration {
    pub id: String,
    pub rule: RuleSpec,
    /// Starting export ceiling as announced: the name of a rung of `ceilings`.
    pub ceiling: String,
    /// The rung licences cover at the start, if still below the announced one (`None`: the
    /// announced ceiling is already licensed).
    pub licensed: Option<String>,
    /// The month licences catch up with the announced ceiling.
    pub licences_from: Option<super::units::Month>,
    /// Share of China revenue paid to the US Treasury.
    pub share: Fraction,
    /// The shares the administration moves between.
    pub share_steps: Vec<Fraction>,
    /// Licence cap per Chinese buyer, chips a month; `None` for no cap.
    pub licence_cap: Option<Amount>,
    /// The cap imposed by `cap_licences`, chips per buyer a month.
    pub cap_step: Amount,
    /// Enforcement against smuggling and diversion, 0 to 1.
    pub enforcement: Fraction,
    pub enforcement_step: Fraction,
    /// Removed: each export rule has its own `review_months` (`assets/export-rules.ron`).
    /// Kept only so that a scenario writing it gets an error with a hint.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub licence_review_months: Option<u32>,
    /// Monthly probability that a dealmaking President turns hawkish.
    pub volatility: Fraction,
    /// Mean length of a hawkish spell, months: a hawk turns back to dealmaking with
    /// probability 1 / hawk_spell_months a month.
    pub hawk_spell_months: Amount,
    pub mood: Mood,
    pub weights: AdminWeights,
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum Mood {
    #[default]
    Dealmaker,
    Hawk,
}

/// Utility weights of the administration, per month.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct AdminWeights {
    /// Per $bn of revenue share paid to the Treasury.
    pub treasury: f64,
    /// Per $bn of US vendors' China revenue (industry and jobs); raised by lobbying.
    pub industry: f64,
    /// Per 100k H100e of US-designed compute reaching China (licensed or smuggled).
    pub security: f64,
    /// Multiplier on `security` while the mood is hawkish.
    pub hawk_multiplier: f64,
    /// Per unit of congressional pressure times the openness of the ceiling.
    pub congress: f64,
    /// Per unit of tension (0 to 1).
    pub tension: f64,
    /// Per level of Chinese rare-earth controls (Open 0, Licensing 1, Sweeping 2).
    pub rare_earths: f64,
    /// Cost of changing any lever: inertia of policy.
    pub switching: f64,
    /// Utility of answering the counterpart in kind (hostility with hostility, cooperation
    /// with cooperation): reciprocity preferences.
    pub reciprocity: f64,
    /// How much lobbying raises the weight on industry: industry × (1 + this × lobbying).
    pub lobbying_influence: f64,
}

impl Default for AdminWeights {
    fn default() -> Self {
        AdminWeights {
            treasury: 1.0,
            industry: 0.5,
            security: 0.5,
            hawk_multiplier: 4.0,
            congress: 0.6,
            tension: 2.0,
            rare_earths: 0.5,
            switching: 0.05,
            reciprocity: 0.1,
            lobbying_influence: 0.5,
        }
    }
}

impl Default for UsAdministration {
    fn default() -> Self {
        UsAdministration {
            id: "us_admin".into(),
            rule: best_response(),
            ceiling: "H200-class".into(),
            licensed: None,
            licences_from: None,
            share: Fraction(0.25),
            share_steps: [0.0, 0.15, 0.25].map(Fraction).to_vec(),
            licence_cap: None,
            cap_step: Amount(6_250.0),
            enforcement: Fraction(0.5),
            enforcement_step: Fraction(0.25),
            licence_review_months: None,
            volatility: Fraction(0.08),
            hawk_spell_months: Amount(4.0),
            mood: Mood::Dealmaker,
            weights: AdminWeights::default(),
        }
    }
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Chamber {
    #[default]
    Senate,
    House,
}

/// A bloc of one chamber of Congress: it pushes bills through its stages.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct CongressBloc {
    pub id: String,
    pub rule: RuleSpec,
    pub chamber: Chamber,
    /// How much the chamber cares about China's access to US compute, 0 to 1.
    pub hawkishness: Fraction,
    /// Party loyalty to the President, 0 to 1: lowers support for bills he opposes.
    pub loyalty: Fraction,
    /// Chance that a pushed bill gets committee or floor time in a month.
    pub floor_time: Fraction,
    /// Spread of the vote around the chamber's expected support (logistic scale).
    pub vote_noise: Amount,
    /// Utility cost of pushing a bill (political capital), per month.
    pub effort: f64,
}

impl Default for CongressBloc {
    fn default() -> Self {
        CongressBloc {
            id: "senate".into(),
            rule: best_response(),
            chamber: Chamber::Senate,
            hawkishness: Fraction(0.6),
            loyalty: Fraction(0.5),
            floor_time: Fraction(0.1),
            vote_noise: Amount(0.05),
            effort: 0.05,
        }
    }
}

/// A US chipmaker: how many chips it offers China, at what price, whether it designs a chip to
/// the threshold, and whether it lobbies.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct ChipVendor {
    pub id: String,
    pub rule: RuleSpec,
    /// Matches `maker` in the chip catalogue.
    pub brand: String,
    /// Chips a month the firm will ship to China at most.
    pub china_allocation: Amount,
    /// The most it could divert to China: its allocation never grows beyond this.
    pub max_allocation: Amount,
    /// Relative change of the allocation per `expand_allocation`/`cut_allocation`.
    pub allocation_step: Fraction,
    /// Multiplier on the catalogue price.
    pub price_factor: Amount,
    pub price_step: Fraction,
    pub gross_margin: Fraction,
    /// How much of a chip's throughput buyers expect to use on the vendor's software stack
    /// (CUDA: 1): it scales the chip's value when buyers choose between vendors.
    pub software: Fraction,
    /// Months to bring a chip designed just under the current threshold to market.
    pub design_lag_months: u32,
    /// One-off cost of such a design, $bn.
    pub design_cost_usd_bn: Amount,
    /// Lobbying intensity, 0 to 1; it decays each month unless renewed.
    pub lobbying: Fraction,
    pub lobbying_decay: Fraction,
    /// Cost of a month of lobbying, $bn.
    pub lobbying_cost_usd_bn: Amount,
    /// The vendor's belief: chance that a month of lobbying moves the administration one rung.
    pub lobbying_effectiveness: Fraction,
    /// Months of China-only production in the pipeline, written off at cost if the chip is
    /// banned.
    pub pipeline_months: Amount,
}

impl Default for ChipVendor {
    fn default() -> Self {
        ChipVendor {
            id: "nvidia".into(),
            rule: best_response(),
            brand: "Nvidia".into(),
            china_allocation: Amount(60_000.0),
            max_allocation: Amount(150_000.0),
            allocation_step: Fraction(0.25),
            price_factor: Amount(1.0),
            price_step: Fraction(0.1),
            gross_margin: Fraction(0.7),
            software: Fraction(1.0),
            design_lag_months: 2,
            design_cost_usd_bn: Amount(0.3),
            lobbying: Fraction(0.0),
            lobbying_decay: Fraction(0.2),
            lobbying_cost_usd_bn: Amount(0.005),
            lobbying_effectiveness: Fraction(0.1),
            pipeline_months: Amount(3.0),
        }
    }
}

/// Nvidia's antitrust case before China's market regulator (SAMR).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Antitrust {
    #[default]
    None,
    Probe,
    Finding,
    Penalty,
}

/// Beijing's leadership: import approvals, procurement guidance, customs, subsidies and
/// retaliation.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Beijing {
    pub id: String,
    pub rule: RuleSpec,
    /// Share of requested imports of licensed US chips that Beijing approves.
    pub approval_rate: Fraction,
    pub approval_step: Fraction,
    /// Procurement guidance: minimum share of a buyer's AI-chip budget spent on domestic chips.
    pub domestic_ratio: Fraction,
    pub ratio_step: Fraction,
    /// Foreign AI chips banned in state-funded data centres.
    pub state_dc_ban: bool,
    /// Customs crackdown on smuggled and mis-declared chips, 0 to 1.
    pub customs_crackdown: Fraction,
    pub crackdown_step: Fraction,
    /// Subsidy on domestic chips, as a share of their price.
    pub subsidy: Fraction,
    pub subsidy_step: Fraction,
    /// Where the antitrust case against the US vendor named `antitrust_target` stands.
    pub antitrust: Antitrust,
    pub antitrust_target: String,
    /// Share of the target's Chinese orders lost at each antitrust stage.
    pub antitrust_order_loss: Fraction,
    pub weights: BeijingWeights,
}

/// Utility weights of Beijing, per month.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct BeijingWeights {
    /// Per 100k effective H100e added to China's stock.
    pub capability: f64,
    /// Per unit of domestic supply sold (0 to 1): imports should not displace domestic chips.
    pub self_reliance: f64,
    /// Per $bn spent on subsidies.
    pub spending: f64,
    /// Per unit of tension.
    pub tension: f64,
    /// Per 100k US chips imported (dependence and "backdoor" risk).
    pub security: f64,
    /// Per level of rare-earth controls (lost exports, reputation).
    pub rare_earths: f64,
    /// Utility of answering the counterpart in kind.
    pub reciprocity: f64,
    pub switching: f64,
}

impl Default for BeijingWeights {
    fn default() -> Self {
        BeijingWeights {
            capability: 1.0,
            self_reliance: 1.5,
            spending: 0.3,
            tension: 1.0,
            security: 0.9,
            rare_earths: 0.1,
            reciprocity: 0.1,
            switching: 0.05,
        }
    }
}

impl Default for Beijing {
    fn default() -> Self {
        Beijing {
            id: "beijing".into(),
            rule: best_response(),
            approval_rate: Fraction(0.5),
            approval_step: Fraction(0.25),
            domestic_ratio: Fraction(0.3),
            ratio_step: Fraction(0.1),
            state_dc_ban: true,
            customs_crackdown: Fraction(0.5),
            crackdown_step: Fraction(0.25),
            subsidy: Fraction(0.2),
            subsidy_step: Fraction(0.1),
            antitrust: Antitrust::Finding,
            antitrust_target: "nvidia".into(),
            antitrust_order_loss: Fraction(0.05),
            weights: BeijingWeights::default(),
        }
    }
}

/// How a cloud provider splits its AI-chip budget across sources.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum PurchasePlan {
    ForeignFirst,
    #[default]
    Balanced,
    DomesticFirst,
    GreyMarket,
}

/// A Chinese cloud provider: its AI-chip budget and its purchase mix.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct CloudProvider {
    pub id: String,
    pub rule: RuleSpec,
    /// Monthly AI-chip budget, $bn.
    pub budget_usd_bn: Amount,
    /// Relative change of the budget per `expand_capex`/`cut_capex`.
    pub capex_step: Fraction,
    pub plan: PurchasePlan,
    /// What an H100e of compute is worth to the firm, $.
    pub value_per_h100e_usd: Amount,
    /// Extra cost of each dollar spent above the trend budget, per unit of excess: spending
    /// twice the trend costs (1 + financing_cost) per dollar.
    pub financing_cost: Amount,
    /// Utility cost per $bn spent on the grey market (legal and reputational risk).
    pub grey_risk: f64,
    /// The firm's compute stock at the start.
    pub stock: super::world::Stock,
}

impl Default for CloudProvider {
    fn default() -> Self {
        CloudProvider {
            id: "cloud".into(),
            rule: best_response(),
            budget_usd_bn: Amount(0.5),
            capex_step: Fraction(0.1),
            plan: PurchasePlan::Balanced,
            value_per_h100e_usd: Amount(60_000.0),
            financing_cost: Amount(1.0),
            grey_risk: 0.5,
            stock: super::world::Stock::default(),
        }
    }
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Effort {
    Low,
    #[default]
    Medium,
    High,
}

/// A Chinese AI lab: capability from the compute it can reach and the efficiency of its methods.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Lab {
    pub id: String,
    pub rule: RuleSpec,
    /// Shares of cloud actors' stocks (by id), or of China's other stock (`"other"`), it trains on.
    pub access: Vec<Access>,
    pub effort: Effort,
    /// Share of its capability gap a lab closes a month at full efficiency effort, on top of
    /// diffusion, when its compute is as plentiful as the frontier's.
    pub effort_catch_up: Fraction,
    /// Extra return to effort per unit of compute scarcity (0 to 1): efficiency work pays most
    /// when compute is short.
    pub scarcity_bonus: Amount,
    /// Cost of full effort, in doublings of capability a month (talent diverted from products).
    pub effort_cost: Amount,
    /// Months behind the US frontier at the start.
    pub initial_gap_months: Amount,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Access {
    pub from: String,
    pub share: Fraction,
}

impl Default for Lab {
    fn default() -> Self {
        Lab {
            id: "lab".into(),
            rule: best_response(),
            access: Vec::new(),
            effort: Effort::Medium,
            effort_catch_up: Fraction(0.03),
            scarcity_bonus: Amount(1.5),
            effort_cost: Amount(0.01),
            initial_gap_months: Amount(5.0),
        }
    }
}

/// China's domestic accelerator maker (Huawei designs, SMIC fabricates): output limited by
/// packaging capacity, good dies and HBM.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct DomesticChipmaker {
    pub id: String,
    pub rule: RuleSpec,
    pub brand: String,
    /// The chip in production (a catalogue id).
    pub chip: String,
    /// Chips a month the back end can assemble.
    pub capacity: Amount,
    /// Capacity added by `expand_capacity`, after `expansion_lag_months`.
    pub expansion_step: Amount,
    pub expansion_lag_months: u32,
    pub expansion_cost_usd_bn: Amount,
    /// Dies banked from earlier foundry orders.
    pub die_bank: Amount,
    /// Good dies a month from domestic fabs.
    pub fab_dies: Amount,
    /// Monthly growth of good dies from yield learning and new capacity, without state support.
    pub fab_growth: Fraction,
    /// HBM stacks in stock, and made domestically each month.
    pub hbm_stock: Amount,
    pub hbm_per_month: Amount,
    /// Monthly growth of domestic HBM output, without state support.
    pub hbm_growth: Fraction,
    /// How much Beijing's subsidy speeds up fabs and HBM lines: each grows by its growth ×
    /// (1 + state_support × subsidy), since the same state funds pay for both.
    pub state_support: Amount,
    /// Multiplier on the catalogue price.
    pub price_factor: Amount,
    pub gross_margin: Fraction,
}

impl Default for DomesticChipmaker {
    fn default() -> Self {
        DomesticChipmaker {
            id: "huawei".into(),
            rule: best_response(),
            brand: "Huawei".into(),
            chip: "Ascend 910C".into(),
            capacity: Amount(50_000.0),
            expansion_step: Amount(10_000.0),
            expansion_lag_months: 6,
            expansion_cost_usd_bn: Amount(0.5),
            die_bank: Amount(1.2e6),
            fab_dies: Amount(60_000.0),
            fab_growth: Fraction(0.014),
            hbm_stock: Amount(4.0e6),
            hbm_per_month: Amount(40_000.0),
            hbm_growth: Fraction(0.02),
            state_support: Amount(2.0),
            price_factor: Amount(1.0),
            gross_margin: Fraction(0.4),
        }
    }
}
