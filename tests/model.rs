//! The model against the stylised facts of MODEL.md section 12, over many seeds. Each test is a
//! validity check: a plausible parameter set should produce the fact without it being coded in.
//! So that a test can fail, each fact is measured again with the mechanism that should produce
//! it switched off (a `--set` override: no controls, no grey-market capacity, no bills, ...) and
//! the fact must then disappear. A fact the model does not show is an ignored test whose reason
//! gives the measured figures.

mod common;

use statecraft_scenario::{Disk, Scenario, Stage, load};
use statecraft_sim::phases::record::MonthRecord;
use statecraft_sim::{Options, Run, RunId, run};

const SEEDS: std::ops::Range<u64> = 1..21;

fn scenario(name: &str) -> Scenario {
    let path = common::root().join("scenarios").join(format!("{name}.ron"));
    load(&path, &Disk, &[], &statecraft_sim::check).unwrap_or_else(|d| panic!("{d}")).scenario
}

/// Runs at the central values (`--point`): the facts are calibration targets of the point
/// model (MODEL.md section 12); section 14 measures how the uncertain parameters spread them.
fn runs(name: &str) -> Vec<Run> {
    point(scenario(name))
}

fn point(mut s: Scenario) -> Vec<Run> {
    s.uncertain.clear();
    SEEDS.map(|seed| run(&s, RunId { seed, run: 0 }, Options::default())).collect()
}

fn china(m: &MonthRecord) -> f64 {
    m.china.total()
}

fn share(m: &MonthRecord) -> f64 {
    china(m) / (china(m) + m.us_compute_h100e)
}

fn mean(xs: impl Iterator<Item = f64>) -> f64 {
    let v: Vec<f64> = xs.collect();
    v.iter().sum::<f64>() / v.len() as f64
}

/// The named scenario with `--set` overrides, loaded and checked as the command line does: the
/// controls of the tests below switch a mechanism off this way.
fn with(name: &str, sets: &[&str]) -> Scenario {
    let path = common::root().join("scenarios").join(format!("{name}.ron"));
    let overrides: Vec<_> = sets.iter().map(|s| statecraft_scenario::Override::set(*s)).collect();
    load(&path, &Disk, &overrides, &statecraft_sim::check).unwrap_or_else(|d| panic!("{d}")).scenario
}

/// Seeds 1-30 with the uncertain parameters drawn from each seed: how MODEL.md section 12
/// measures its figures, so the bands below are those figures'.
fn drawn(s: &Scenario) -> Vec<Run> {
    (1..31).map(|seed| run(s, RunId { seed, run: 0 }, Options::default())).collect()
}

/// No export controls: Blackwell-class chips open and licensed from the start, held.
const NO_CONTROLS: &[&str] =
    &["us_admin.rule=Fixed(\"hold\")", "us_admin.ceiling=\"Blackwell-class\"", "us_admin.licensed=\"Blackwell-class\""];

/// No Congress: no bills (and so no scripted bill stage), the summit kept.
const NO_BILLS: &[&str] = &["bills=Replace([])", "events=Replace([(at: \"2026-04\", event: Summit)])"];

/// Nothing between an order and a shipment: Beijing approves every order, and Nvidia's
/// allocation for China is larger than any month's orders.
const UNBOUND: &[&str] = &[
    "beijing.rule=Fixed(\"hold\")",
    "beijing.approval_rate=1.0",
    "nvidia.china_allocation=100000000",
    "nvidia.max_allocation=100000000",
];

fn final_share(r: &Run) -> f64 {
    share(r.months.last().unwrap())
}

/// Fact 1 and 14: China's share of compute falls while the capability gap stays within months.
/// The control: the same runs with no controls (Blackwell-class open and licensed, held), where
/// China's share rises instead and the gap closes.
#[test]
fn controls_slow_but_do_not_stop_capability() {
    let (rs, open) = (drawn(&with("h200-commission", &[])), drawn(&with("h200-commission", NO_CONTROLS)));
    let start = share(&rs[0].initial);
    let (flagship, uncontrolled) = (mean(rs.iter().map(final_share)), mean(open.iter().map(final_share)));
    assert!(flagship < 0.5 * start, "China's share {start:.4} -> {flagship:.4} (MODEL.md: 8.1% -> 3.1%)");
    assert!(uncontrolled > start, "with no controls China's share {start:.4} -> {uncontrolled:.4}");
    let halved = rs.iter().filter(|r| final_share(r) < 0.5 * start).count();
    assert!(halved * 10 >= rs.len() * 8, "China's share halved in only {halved} of {} runs", rs.len());
    for r in &rs {
        let (first, last) = (&r.months[0], r.months.last().unwrap());
        assert!(
            last.us_compute_h100e - first.us_compute_h100e > 10.0 * (china(last) - china(first)),
            "the US lead widens"
        );
        for m in &r.months {
            assert!((0.0..=12.0).contains(&m.capability_gap_months), "{}: gap {}", m.date, m.capability_gap_months);
        }
    }
    let gap = |rs: &[Run]| mean(rs.iter().map(|r| r.months.last().unwrap().capability_gap_months));
    let (controlled, free) = (gap(&rs), gap(&open));
    assert!((5.0..8.0).contains(&controlled), "gap at the horizon {controlled:.2} months (MODEL.md: 6.5)");
    assert!(free < 2.0, "with no controls the gap closes to {free:.2} months");
}

/// Fact 1, continued: the gap is wider the less compute China gets. Held policies only, so
/// the difference is the policy's.
#[test]
fn the_gap_widens_as_controls_tighten() {
    let gap = |name: &str| mean(runs(name).iter().map(|r| r.months.last().unwrap().capability_gap_months));
    let (open, flagship, ban) = (gap("h200-held"), gap("h200-commission"), gap("full-ban"));
    assert!(
        open < flagship && flagship < ban,
        "gap in months: H200 held {open:.2}, flagship {flagship:.2}, ban {ban:.2}"
    );
    assert!(ban < 12.0 && open > 2.0, "months, not years; behind, not level: {open:.2} .. {ban:.2}");
}

/// Fact 7: announcement is not shipment. H200s ship only once licences catch up, in March
/// 2026, and Nvidia's orders run ~2× its shipments when allocations and approvals bind (MODEL.md
/// section 12). The control: Beijing approving every order and allocations that never bind,
/// where orders and shipments meet.
#[test]
fn announced_chips_ship_only_after_licence_review() {
    let ratio = |rs: &[Run]| {
        let (orders, shipped) = rs
            .iter()
            .flat_map(|r| r.months.iter().map(|m| &m.vendors[0]))
            .fold((0.0, 0.0), |(o, s), v| (o + v.orders, s + v.shipped));
        orders / shipped
    };
    let rs = drawn(&with("h200-commission", &[]));
    for r in &rs {
        let h200 = r.names.chips.iter().position(|c| c == "H200");
        for m in r.months.iter().take(3) {
            assert!(m.vendors.iter().all(|v| v.chip != h200), "{}: H200 offered before licences", m.date);
        }
    }
    let binding = ratio(&rs);
    let unbound = ratio(&drawn(&with("h200-commission", UNBOUND)));
    assert!((1.5..4.0).contains(&binding), "Nvidia's orders ×{binding:.2} its shipments");
    assert!(unbound < 1.1, "with every order approved and allocations unbound, orders ×{unbound:.2} shipments");
}

/// Facts 4 and 5: capable chips are bought and approved; downgraded ones much less.
#[test]
fn downgraded_chips_sell_far_less_than_capable_ones() {
    let added = |name: &str| mean(runs(name).iter().flat_map(|r| r.months.iter().map(|m| m.china_added_h100e)));
    let per_chip = |name: &str| {
        let rs = runs(name);
        let units: f64 =
            rs.iter().flat_map(|r| r.months.iter().flat_map(|m| m.vendors.iter().map(|v| v.shipped))).sum();
        let revenue: f64 =
            rs.iter().flat_map(|r| r.months.iter().flat_map(|m| m.vendors.iter().map(|v| v.revenue_usd))).sum();
        (units, revenue)
    };
    let (h20_units, h20_revenue) = per_chip("h20-only-15");
    let (h200_units, h200_revenue) = per_chip("h200-no-share");
    assert!(h200_revenue > 2.0 * h20_revenue, "H200-class revenue {h200_revenue:e} vs H20-class {h20_revenue:e}");
    assert!(h200_units > 0.0 && h20_units > 0.0);
    assert!(added("h200-no-share") > added("h20-only-15"));
}

/// Fact 4: when only downgraded chips are licensed, Beijing's guidance drives imports to near
/// zero: H20-class revenue after 2026 is a small fraction of 2024's $12–15bn of H20. The
/// control: a Beijing that weighs no security cost of dependence, which approves the orders.
#[test]
fn beijing_starves_downgraded_imports() {
    let measure = |sets: &[&str]| {
        let rs = point(with("h20-only-15", sets));
        let approval = mean(rs.iter().flat_map(|r| r.months.iter().map(|m| m.import.approval_rate)));
        let per_year = mean(rs.iter().map(|r| {
            let late = r.months.iter().filter(|m| m.date.year() >= 2027);
            late.map(|m| m.vendors.iter().map(|v| v.revenue_usd).sum::<f64>()).sum::<f64>() / 4.0 / 1e9
        }));
        (approval, per_year)
    };
    let (approval, per_year) = measure(&[]);
    assert!(approval < 0.35, "mean approval rate of H20-class orders {approval}");
    assert!(per_year < 1.0, "H20-class revenue ${per_year:.2}bn a year from 2027");
    let (open, revenue) = measure(&["beijing.weights.security=0.0"]);
    assert!(open > 0.5 && revenue > 5.0, "with no security weight: approval {open:.2}, ${revenue:.2}bn a year");
}

/// Fact 5: with the H200 licensed, Beijing keeps approving most of it: an H200 adds more
/// compute than its dependence costs (MODEL.md section 8). The control: a Beijing that puts no
/// weight on the compute imports add. (Ample domestic supply is no control: with Huawei able
/// to make 2M chips a month the approval rate only falls from 0.91 to 0.83.)
#[test]
fn beijing_accepts_the_h200() {
    let approval = |sets: &[&str]| {
        mean(point(with("h200-no-share", sets)).iter().flat_map(|r| r.months.iter().map(|m| m.import.approval_rate)))
    };
    let valued = approval(&[]);
    assert!(valued > 0.8, "mean approval rate {valued} (MODEL.md section 8: ~90%)");
    let unvalued = approval(&["beijing.weights.capability=0.0"]);
    assert!(unvalued < 0.5, "approval rate {valued:.2} valuing compute, {unvalued:.2} not");
}

/// Fact 6: the administration reverses itself, but not every month: ~7 reversals in five years
/// (MODEL.md section 12: 7.1). The control: the same President deciding nothing (`Fixed("hold")`)
/// never reverses. Setting `volatility` to 0 is no control: logit choice alone reverses the
/// ceiling as often (7.5 over the same seeds), so the hawkish spells are not what drives it.
#[test]
fn us_policy_reverses_now_and_then() {
    let reversals = |s: &Scenario| drawn(s).iter().map(|r| r.summary().policy.reversals as f64).collect::<Vec<_>>();
    let deciding = reversals(&with("h200-commission", &[]));
    let mean_reversals = mean(deciding.iter().copied());
    assert!((5.0..=9.5).contains(&mean_reversals), "reversals per five years {mean_reversals:.2}: {deciding:?}");
    assert!(deciding.iter().all(|r| *r < 30.0), "a reversal every other month: {deciding:?}");
    let held = reversals(&with("h200-commission", &["us_admin.rule=Fixed(\"hold\")"]));
    assert!(held.iter().all(|r| *r == 0.0), "a held policy reverses: {held:?}");
}

/// Fact 10: Congress objects loudly but rarely binds: a bill passes a chamber in about half the
/// runs, the Chip Security Act becomes law in ~20% (MODEL.md section 12), SAFE Chips never. The
/// control: the same runs with no bills, where nothing advances and nothing becomes law.
#[test]
fn congress_advances_bills_but_rarely_freezes_the_ceiling() {
    let count = |rs: &[Run]| {
        let advanced =
            rs.iter().filter(|r| r.months.iter().any(|m| m.bills.iter().any(|s| *s >= Stage::PassedOrigin))).count();
        let law = rs.iter().filter(|r| r.months.last().unwrap().bills.contains(&Stage::Enacted)).count();
        (advanced, law)
    };
    let rs = drawn(&with("h200-commission", &[]));
    let (advanced, law) = count(&rs);
    assert!(advanced * 3 >= rs.len(), "a bill passed a chamber in only {advanced} of {} runs", rs.len());
    assert!((3..=10).contains(&law), "some bill became law in {law} of {} runs (MODEL.md: ~20%)", rs.len());
    let safe = r_index(&rs[0], "safe_chips");
    let frozen = rs.iter().filter(|r| r.months.last().unwrap().bills[safe] == Stage::Enacted).count();
    assert_eq!(frozen, 0, "SAFE Chips enacted in {frozen} of {} runs (vetoed, overrides fail)", rs.len());
    let without = count(&drawn(&with("h200-commission", NO_BILLS)));
    assert_eq!(without, (0, 0), "with no Congress: (advanced, law) in {without:?} runs");
}

/// Chinese capex follows demand, as the firms' plans say (ByteDance ¥150bn in 2025, ¥160bn in
/// 2026): what buyers spend on chips keeps growing when a share of it must go to scarce domestic
/// chips, and under a full ban. Budgets grow with demand (an input); what is spent is the
/// market's: money not spent on a chip is not spent. The control: demand that does not grow.
/// The model does not show it: spending follows chip availability (MODEL.md section 6), not
/// the budgets, which grow ×3.5 over the same four years.
#[test]
#[ignore = "not shown: over seeds 1-30 (drawn) buyers' spending in the fifth year is x1.20 the first's in the flagship (x0.83 with demand flat) and x0.79 under a full ban (x0.73 flat)"]
fn chinese_capex_keeps_growing() {
    // Buyers' spending in the first and the last year, from the ledger's running totals.
    let spent = |l: &statecraft_sim::state::Ledger| {
        l.vendor_revenue_usd + l.share_paid_usd + l.grey_spend_usd + l.domestic_revenue_usd - l.subsidy_usd
    };
    let growth = |rs: &[Run]| {
        mean(rs.iter().map(|r| {
            let at = |k: usize| spent(&r.months[k].ledger);
            let (first, last) = (at(11) - spent(&r.initial.ledger), at(59) - at(47));
            last / first
        }))
    };
    for name in ["h200-commission", "full-ban"] {
        let grows = growth(&drawn(&with(name, &[])));
        let flat = growth(&drawn(&with(name, &["world.market.demand_growth=0.0"])));
        assert!(grows > 2.0, "{name}: spending in the last year ×{grows:.2} the first's");
        assert!(flat < 0.6 * grows, "{name}: with demand flat, spending ×{flat:.2} against ×{grows:.2}");
    }
}

/// Fact 12, continued: domestic supply answers Beijing's support; it is not fixed by the
/// stockpiles alone.
#[test]
fn subsidies_raise_domestic_output() {
    let output = |subsidy: f64| {
        let path = common::root().join("scenarios/h200-commission.ron");
        let overrides = [
            statecraft_scenario::Override::set("beijing.rule=Fixed(\"hold\")"),
            statecraft_scenario::Override::set(format!("beijing.subsidy={subsidy}")),
        ];
        let s = load(&path, &Disk, &overrides, &statecraft_sim::check).unwrap_or_else(|d| panic!("{d}")).scenario;
        let r = run(&s, RunId { seed: 1, run: 0 }, Options::default());
        r.months.iter().map(|m| m.domestic_output).sum::<f64>()
    };
    let (low, high) = (output(0.1), output(0.6));
    assert!(high > 1.2 * low, "domestic chips over five years: {low:.0} at 10% subsidy, {high:.0} at 60%");
}

fn r_index(r: &Run, bill: &str) -> usize {
    r.names.bills.iter().position(|b| b == bill).expect("bill")
}

/// Fact 11: leakage persists whatever the regime, at the scale CNAS measured: ~180k chips a
/// year in the flagship and the full ban (MODEL.md section 12: 180k and 185k). Every plan puts
/// 5% of its budget on the grey market, so a month without smuggling cannot happen while there
/// is capacity; the level is what the test holds. The control: no smuggling capacity, no chips.
#[test]
fn smuggling_never_stops() {
    let per_year = |rs: &[Run]| mean(rs.iter().map(|r| r.months.iter().map(|m| m.grey_units).sum::<f64>() / 5.0));
    for name in ["h200-commission", "full-ban"] {
        let rs = drawn(&with(name, &[]));
        assert!(rs.iter().all(|r| r.months.iter().all(|m| m.grey_units > 0.0)), "{name}: a month without smuggling");
        let grey = per_year(&rs);
        assert!((140e3..230e3).contains(&grey), "{name}: {grey:.0} smuggled chips a year");
        let none = per_year(&drawn(&with(name, &["world.grey_market.capacity_chips=0"])));
        assert!(none < 1.0, "{name}: {none:.0} smuggled chips a year with no capacity");
    }
}

/// Fact 12: domestic output is bounded by HBM once the stockpile runs out. The control: a
/// stockpile that never runs out, where output does not fall.
#[test]
fn domestic_output_falls_when_hbm_runs_out() {
    let ratio = |r: &Run| {
        let at = |date: &str| r.months.iter().find(|m| m.date.to_string() == date).unwrap();
        assert!(at("2026-06").hbm_stock > 0.0);
        at("2027-03").domestic_output / at("2026-06").domestic_output
    };
    for r in runs("h200-commission") {
        assert!(ratio(&r) < 0.5, "output does not fall: ×{:.2}", ratio(&r));
    }
    let ample = point(with("h200-commission", &["huawei.hbm_stock=1000000000"]));
    let kept = mean(ample.iter().map(ratio));
    assert!(kept > 0.9, "with HBM to spare output goes ×{kept:.2} from June 2026 to March 2027");
}

/// Fact 13: China matters to Nvidia but is not existential: ~$58bn over five years in the
/// flagship (MODEL.md section 12), against ~$200bn of total revenue a year.
#[test]
fn nvidia_china_revenue_is_significant_not_existential() {
    let rs = drawn(&with("h200-commission", &[]));
    let nvidia = rs[0].names.vendors.iter().position(|v| v == "nvidia").unwrap();
    let five_years: Vec<f64> =
        rs.iter().map(|r| r.months.iter().map(|m| m.vendors[nvidia].revenue_usd).sum::<f64>() / 1e9).collect();
    let total = mean(five_years.iter().copied());
    assert!((40.0..80.0).contains(&total), "Nvidia China revenue ${total:.1}bn over five years");
    assert!(
        five_years.iter().all(|v| (1.0..250.0).contains(v)),
        "${five_years:?}bn over five years: never nothing, never $50bn a year"
    );
}

/// The counterfactuals order as they should: a full ban leaves China less licensed compute and
/// more reliance on domestic chips than the H200 held open. A revenue share raises Treasury
/// income without cutting China's compute: vendors absorb it (MODEL.md section 13: the H200
/// held at 0% and 25% give China the same compute), so the 25% share is paid on about the same
/// sales as none.
#[test]
fn counterfactuals_move_outcomes_the_expected_way() {
    let last = |name: &str| runs(name).into_iter().map(|r| r.months.last().unwrap().clone()).collect::<Vec<_>>();
    let (ban, held, free) = (last("full-ban"), last("h200-held"), last("h200-no-share"));
    let legal = |ms: &[MonthRecord]| mean(ms.iter().map(|m| m.china.legal));
    let domestic = |ms: &[MonthRecord]| mean(ms.iter().map(|m| m.china.domestic / china(m)));
    assert!(legal(&ban) < 0.5 * legal(&held), "licensed compute: ban {:.0}, held {:.0}", legal(&ban), legal(&held));
    assert!(domestic(&ban) > domestic(&held));
    let total = |ms: &[MonthRecord]| mean(ms.iter().map(china));
    let (with_share, without) = (total(&held), total(&free));
    assert!((with_share / without - 1.0).abs() < 0.05, "China's compute: {with_share:.0} at 25%, {without:.0} at 0%");
    let revenue = |ms: &[MonthRecord]| mean(ms.iter().map(|m| m.ledger.vendor_revenue_usd));
    let paid = mean(held.iter().map(|m| m.ledger.share_paid_usd));
    assert!(paid > 0.2 * revenue(&free), "paid ${:.1}bn on sales of ${:.1}bn", paid / 1e9, revenue(&free) / 1e9);
}

/// SAFE Chips enacted freezes the ceiling at the H20 class for 30 months.
#[test]
fn an_enacted_freeze_binds_the_administration() {
    for r in runs("safe-chips-enacted") {
        for m in r
            .months
            .iter()
            .filter(|m| m.date.to_string().as_str() >= "2026-02" && m.date.to_string().as_str() < "2028-08")
        {
            assert!(m.export_ceiling <= 1, "{}: ceiling above H20-class under the freeze", m.date);
        }
    }
}

/// The monthly stage game is solved every month and the record says so: the reported payoffs
/// are those of a profile where neither side can gain by deviating (a pure equilibrium when
/// there is one, else the mixed one Lemke–Howson finds), checked against every deviation.
#[test]
fn the_stage_game_is_solved_every_month() {
    use statecraft_games::Number;
    use statecraft_games::number::BEST_REPLY_TOLERANCE as TOL;
    let flagship = scenario("h200-commission");
    let id = RunId { seed: 3, run: 0 };
    let made = run(&flagship, id, Options::default());
    for m in &made.months {
        let solution = m.stage_solution.expect("a stage game every month");
        assert!(solution.us_payoff.is_finite() && solution.beijing_payoff.is_finite());
    }
    let (mut pure_months, mut mixed_months) = (0, 0);
    for k in 0..12 {
        let view = statecraft_sim::stage_game_at(&flagship, id, flagship.start.plus(k))
            .expect("finite payoffs")
            .expect("in the run");
        let (game, reported) = (&view.game, made.months[k as usize].stage_solution.unwrap());
        let pure = game.pure_equilibria();
        assert_eq!(pure.len(), reported.pure_equilibria, "month {k}");
        // The reported profile as mixed strategies: a pure equilibrium with the reported payoffs,
        // or Lemke–Howson's from label 0.
        let (x, y) = match pure
            .iter()
            .find(|&&(i, j)| (*game.a(i, j), *game.b(i, j)) == (reported.us_payoff, reported.beijing_payoff))
        {
            Some(&(i, j)) => {
                pure_months += 1;
                let unit = |n: usize, at: usize| (0..n).map(|r| if r == at { 1.0 } else { 0.0 }).collect::<Vec<f64>>();
                (unit(game.rows(), i), unit(game.cols(), j))
            }
            None => {
                assert!(pure.is_empty(), "month {k}: the reported payoffs are no pure equilibrium's");
                mixed_months += 1;
                let mixed = statecraft_games::lemke_howson(game, 0).expect("a mixed equilibrium");
                (mixed.row().to_vec(), mixed.col().to_vec())
            }
        };
        let (us, bj) = game.payoffs(&x, &y);
        assert!((us - reported.us_payoff).abs() <= TOL && (bj - reported.beijing_payoff).abs() <= TOL, "month {k}");
        // No profitable deviation: no row does better against Beijing's mix, no column against
        // Washington's.
        for (r, value) in game.row_values(&y).iter().enumerate() {
            assert!(us.is_best_reply(value), "month {k}: Washington gains by row {r}: {value} > {us}");
        }
        for (c, value) in game.col_values(&x).iter().enumerate() {
            assert!(bj.is_best_reply(value), "month {k}: Beijing gains by column {c}: {value} > {bj}");
        }
    }
    assert_eq!(pure_months + mixed_months, 12);
    assert!(statecraft_sim::stage_game_at(&flagship, id, flagship.start.plus(60)).is_ok_and(|v| v.is_none()));
}

/// `Run::metrics` is the monthly table as numbers: same columns, same values.
#[test]
fn metrics_are_the_timeseries_as_numbers() {
    let flagship = scenario("h200-commission");
    let made = run(&flagship, RunId { seed: 4, run: 0 }, Options::default());
    let table = made.timeseries();
    let metrics = made.metrics();
    assert_eq!(table.header[1..], metrics.names[..]);
    for (row, values) in table.rows.iter().zip(&metrics.values) {
        for ((text, value), name) in row[1..].iter().zip(values).zip(&metrics.names) {
            if let Ok(number) = text.parse::<f64>() {
                assert_eq!(number, *value, "{name}");
            } else if text.is_empty() {
                assert!(value.is_nan(), "{name}");
            } else {
                assert!(value.fract() == 0.0 && *value >= 0.0, "{name}: label code {value}");
            }
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Facts 2, 3, 5, 8 and 9, and fact 7's orders (issue 18, item 1), each with its mechanism off.

/// The months (ticks) in which `actor` made the move named `action`.
fn moves(r: &Run, actor: &str, action: &str) -> std::collections::BTreeSet<u32> {
    let a = r.names.actors.iter().position(|n| n.id == actor).expect("actor");
    let k = r.names.actors[a].menu.iter().position(|m| m == action).expect("move");
    r.actions.iter().filter(|x| x.actor as usize == a && x.action as usize == k).map(|x| x.tick).collect()
}

fn any_of(r: &Run, actor: &str, actions: &[&str]) -> std::collections::BTreeSet<u32> {
    actions.iter().flat_map(|a| moves(r, actor, a)).collect()
}

/// Labs' mean effort (low 0, medium ½, high 1) over all months.
fn effort(rs: &[Run]) -> f64 {
    use statecraft_scenario::Effort;
    let level = |e: &Effort| match e {
        Effort::Low => 0.0,
        Effort::Medium => 0.5,
        Effort::High => 1.0,
    };
    mean(rs.iter().flat_map(|r| r.months.iter().flat_map(|m| m.labs.iter().map(|l| level(&l.effort)))))
}

/// Fact 2: efficiency substitution. Labs work harder on efficiency the scarcer their compute:
/// more under a full ban than with the H200 held open. The control: effort that closes no gap
/// (`effort_catch_up` 0), where labs make none under either policy. (`scarcity_bonus` 0 is no
/// control: the effort still rises with scarcity, 0.06 -> 0.67, because a wider gap makes the
/// same effort close more of it.)
#[test]
fn labs_work_harder_on_efficiency_when_compute_is_scarce() {
    const NO_EFFORT: &[&str] =
        &["deepseek.effort_catch_up=0.0", "qwen.effort_catch_up=0.0", "kimi.effort_catch_up=0.0"];
    let (open, ban) = (effort(&drawn(&with("h200-held", &[]))), effort(&drawn(&with("full-ban", &[]))));
    assert!(ban > open + 0.3, "labs' effort: {open:.2} with the H200 held open, {ban:.2} under a full ban");
    let (open_off, ban_off) =
        (effort(&drawn(&with("h200-held", NO_EFFORT))), effort(&drawn(&with("full-ban", NO_EFFORT))));
    assert!(ban_off - open_off < 0.05, "with effort closing nothing: {open_off:.2} and {ban_off:.2}");
}

/// Fact 3: design-to-threshold. Vendors design chips under the thresholds more often when the
/// licensable chip is far below them (a full ban: only parts below every threshold) than when
/// a capable chip is licensed (the H200 held open), and the designs sell (a design is recorded
/// as chip `usize::MAX`, not in the catalogue). No parameter switches
/// designing off; the control is the policy under which it does not pay.
#[test]
fn vendors_design_to_the_threshold_when_licensable_chips_are_weak() {
    let designs = |rs: &[Run]| -> usize {
        rs.iter()
            .map(|r| ["nvidia", "amd", "intel"].iter().map(|v| moves(r, v, "design_to_threshold").len()).sum::<usize>())
            .sum()
    };
    let ban = drawn(&with("full-ban", &[]));
    let (weak, capable) = (designs(&ban), designs(&drawn(&with("h200-held", &[]))));
    let sold: f64 = ban
        .iter()
        .flat_map(|r| {
            r.months.iter().flat_map(|m| m.vendors.iter().filter(|v| v.chip == Some(usize::MAX)).map(|v| v.shipped))
        })
        .sum();
    assert!(weak >= ban.len(), "{weak} designs in {} runs of a full ban", ban.len());
    assert!(weak * 2 > capable * 3, "designs: {weak} under a full ban, {capable} with the H200 held open");
    assert!(sold > 0.0, "designed chips shipped under a full ban: {sold}");
}

/// Fact 9: tit-for-tat, then truce. Beijing answers a hostile US move with one of its own
/// more often than it moves against the US otherwise, and tension is lower in truces. The
/// control: Beijing without reciprocity, which answers in kind less.
#[test]
fn beijing_answers_in_kind_and_truces_calm_tension() {
    let answer = |rs: &[Run]| {
        let (mut after, mut answered, mut months, mut hostile) = (0, 0, 0, 0);
        for r in rs {
            let us = any_of(r, "us_admin", &["tighten_ceiling", "cap_licences", "step_up_enforcement"]);
            let bj = any_of(r, "beijing", &["restrict_imports", "tighten_rare_earths", "antitrust_probe"]);
            for t in 1..r.months.len() as u32 {
                months += 1;
                hostile += bj.contains(&t) as usize;
                if us.contains(&(t - 1)) {
                    after += 1;
                    answered += bj.contains(&t) as usize;
                }
            }
        }
        (answered as f64 / after as f64) / (hostile as f64 / months as f64)
    };
    let rs = drawn(&with("h200-commission", &[]));
    let (reciprocal, indifferent) =
        (answer(&rs), answer(&drawn(&with("h200-commission", &["beijing.weights.reciprocity=0.0"]))));
    assert!(reciprocal > 2.0, "after a hostile US move Beijing moves against the US ×{reciprocal:.2} as often");
    assert!(indifferent < reciprocal - 0.3, "without reciprocity ×{indifferent:.2}, with ×{reciprocal:.2}");
    let tension = |truce: bool| {
        mean(rs.iter().flat_map(|r| r.months.iter().filter(move |m| m.truce == truce).map(|m| m.tension)))
    };
    let (calm, tense) = (tension(true), tension(false));
    assert!(calm < tense - 0.1, "tension {calm:.2} in truces, {tense:.2} out of them");
}

/// Fact 5, continued: Beijing raises its domestic-purchase ratio when imports would displace
/// domestic sales (MODEL.md section 8). The control: no weight on self-reliance.
#[test]
#[ignore = "not shown: over seeds 1-30 (drawn) Beijing raises the ratio 170 times with the H200 held open and 167 times with self_reliance 0 (206 and 206 under a full ban); the ratio falls, 0.30 -> 0.19"]
fn beijing_raises_the_domestic_ratio_when_imports_displace_domestic_chips() {
    let raises =
        |s: &Scenario| drawn(s).iter().map(|r| moves(r, "beijing", "raise_domestic_ratio").len()).sum::<usize>();
    let (with_it, without) =
        (raises(&with("h200-held", &[])), raises(&with("h200-held", &["beijing.weights.self_reliance=0.0"])));
    assert!(with_it > 2 * without, "raises: {with_it} with self-reliance, {without} without");
}

/// Fact 8: issue linkage. A summit that makes a deal eases Beijing's rare-earth controls.
#[test]
#[ignore = "not shown: over seeds 1-30 (drawn) rare earths ease in 1 of 22 summit-deal months of the flagship (0 of 30 with the H200 held), against 39 of 1,778 other months: Beijing eases them to Open on its own before the April 2026 summit, leaving the deal nothing to ease"]
fn summits_ease_rare_earth_controls() {
    let rs = drawn(&with("h200-commission", &[]));
    let (mut eased, mut deals) = (0, 0);
    for r in &rs {
        let mut before = r.initial.rare_earths;
        for m in &r.months {
            if m.summit == Some(true) {
                deals += 1;
                eased += ((m.rare_earths as u8) < (before as u8)) as usize;
            }
            before = m.rare_earths;
        }
    }
    assert!(eased * 2 > deals, "rare earths eased in {eased} of {deals} summit-deal months");
}

// ---------------------------------------------------------------------------------------------
// Export rules as data, the chip catalogue and what buyers pay for (issue 12, items 1-3).

mod rules {
    use super::scenario;
    use statecraft_scenario::{Metrics, Scenario, Treatment, licensable, treatment};
    use statecraft_sim::market::{design_under, value};

    fn flagship() -> Scenario {
        scenario("h200-commission")
    }

    fn metrics(s: &Scenario, chip: &str) -> Metrics {
        Metrics::of(s.chip(chip).unwrap_or_else(|| panic!("no chip {chip}")))
    }

    /// Whether `chip` may be licensed under exactly the rules `ids`, oldest first.
    fn passes(s: &Scenario, ids: &[&str], chip: &str) -> bool {
        let rules: Vec<_> = ids.iter().map(|id| s.export_rules.iter().find(|r| r.id == *id).unwrap()).collect();
        licensable(&metrics(s, chip), rules.into_iter())
    }

    /// The rungs at which each chip may be licensed, by name, from the shipped rules.
    fn rungs(s: &Scenario, chip: &str) -> Vec<String> {
        (0..s.ceilings.len())
            .filter(|&r| licensable(&metrics(s, chip), s.rung_rules(r).into_iter()))
            .map(|r| s.ceilings[r].name.clone())
            .collect()
    }

    #[test]
    fn october_2022_catches_the_h100_but_not_the_a800() {
        let s = flagship();
        let oct_2022 = ["oct-2022"];
        assert!(!passes(&s, &oct_2022, "H100"));
        assert!(!passes(&s, &oct_2022, "A100"));
        assert!(passes(&s, &oct_2022, "A800"), "400 GB/s of NVLink is under the 600 GB/s test");
        assert!(passes(&s, &oct_2022, "H800"));
    }

    #[test]
    fn october_2023_catches_the_a800_and_h800_but_not_the_h20() {
        let s = flagship();
        let oct_2023 = ["oct-2022", "oct-2023-3a090a", "oct-2023-3a090b"];
        for chip in ["A800", "H800", "A100", "H100", "Gaudi 2"] {
            assert!(!passes(&s, &oct_2023, chip), "{chip} should be caught by 3A090.a");
        }
        for chip in ["H20", "L20"] {
            assert!(passes(&s, &oct_2023, chip), "{chip} should pass the TPP and density tests");
        }
        let h20 = metrics(&s, "H20");
        let density = h20.get(statecraft_scenario::Metric::PerformanceDensity);
        assert!(density > 1.6 && density < 3.2, "the H20's density {density} sits in 3A090.b's gap");
    }

    #[test]
    fn the_december_2024_rule_catches_hbm_not_chips() {
        let s = flagship();
        let rule = s.export_rules.iter().find(|r| r.id == "dec-2024-hbm").unwrap();
        let h20 = metrics(&s, "H20");
        assert!(rule.catches(&h20), "the H20's HBM3 stacks exceed 2 GB/s per mm2");
        assert!(h20.get(statecraft_scenario::Metric::HbmBandwidthDensity) > 2.0);
        assert!(!rule.catches(&metrics(&s, "L20")), "GDDR6, no HBM");
        assert_eq!(treatment(&h20, [rule].into_iter()), None, "an HBM rule never decides a chip's licence");
    }

    #[test]
    fn april_2025_denies_the_h20_and_august_2025_licenses_it() {
        let s = flagship();
        let base = ["oct-2022", "oct-2023-3a090a", "oct-2023-3a090b", "dec-2024-hbm"];
        let april: Vec<&str> = base.iter().copied().chain(["apr-2025-h20"]).collect();
        let august: Vec<&str> = april.iter().copied().chain(["aug-2025-h20-licences"]).collect();
        for chip in ["H20", "H20 141GB", "MI308X"] {
            assert!(passes(&s, &base, chip), "{chip} before April 2025");
            assert!(!passes(&s, &april, chip), "{chip} under the April 2025 letter");
            assert!(passes(&s, &august, chip), "{chip} under the August 2025 licences");
        }
        assert!(!passes(&s, &august, "H100"), "August 2025 licensed H20-class parts only");
        let h20 = metrics(&s, "H20");
        let rules: Vec<_> = s.rung_rules(1);
        assert_eq!(treatment(&h20, rules.into_iter()), Some(Treatment::LicenceRequired));
    }

    #[test]
    fn the_ladder_follows_from_the_rules() {
        let s = flagship();
        assert_eq!(rungs(&s, "H20"), ["H20-class", "H200-class", "Blackwell-class"]);
        assert_eq!(rungs(&s, "H200"), ["H200-class", "Blackwell-class"]);
        assert_eq!(rungs(&s, "MI325X"), ["H200-class", "Blackwell-class"]);
        assert_eq!(rungs(&s, "B30A"), ["Blackwell-class"], "Blackwell is excluded from the H200 rule");
        assert_eq!(rungs(&s, "B200"), ["Blackwell-class"]);
        assert!(rungs(&s, "Ascend 910C").is_empty(), "US rules license US chips only");
        assert_eq!(rungs(&s, "L20").len(), 4, "the L20 is caught by no rule");
        let closed: Vec<&str> = s.chips.iter().filter(|c| rungs(&s, &c.id).len() == 4).map(|c| c.id.as_str()).collect();
        assert_eq!(closed, ["L20", "Gaudi 3 China"], "what the closed rung leaves licensable");
        let h200: Vec<&str> = s
            .chips
            .iter()
            .filter(|c| rungs(&s, &c.id).first().map(String::as_str) == Some("H200-class"))
            .map(|c| c.id.as_str())
            .collect();
        assert_eq!(
            h200,
            ["A100", "A800", "H100", "H800", "H200", "MI250", "MI325X", "Gaudi 2"],
            "what the H200 rule adds"
        );
    }

    #[test]
    fn a_vendor_designs_the_a800_under_october_2022_and_the_h20_under_october_2023() {
        let s = flagship();
        let rules = |ids: &[&str]| -> Vec<&statecraft_scenario::ExportRule> {
            ids.iter().map(|id| s.export_rules.iter().find(|r| r.id == *id).unwrap()).collect()
        };
        let a100 = s.chip("A100").unwrap();
        let a800 = design_under(a100, &rules(&["oct-2022"]), 0.5).unwrap();
        assert_eq!(a800.metrics.tpp, a100.tpp.0, "compute kept");
        assert!(a800.metrics.interconnect_gbs < 600.0, "interconnect cut: {}", a800.metrics.interconnect_gbs);
        let h100 = s.chip("H100").unwrap();
        let h20 = design_under(h100, &rules(&["oct-2022", "oct-2023-3a090a", "oct-2023-3a090b"]), 0.5).unwrap();
        assert!(h20.metrics.tpp < 2400.0, "compute cut under 3A090.a and .b: {}", h20.metrics.tpp);
        assert!(h20.metrics.tpp > 0.8 * 2370.0, "close to the real H20's TPP: {}", h20.metrics.tpp);
        assert_eq!(h20.metrics.memory_bandwidth_gbs, 3350.0, "memory kept");
        assert!(h20.value > 0.5 * value(h100, 0.5), "memory keeps most of an inference buyer's value");
    }

    #[test]
    fn buyers_value_the_h20_for_inference() {
        let s = flagship();
        let (h20, h100, b910) = (s.chip("H20").unwrap(), s.chip("H100").unwrap(), s.chip("Ascend 910B").unwrap());
        assert!((value(h100, 0.5) - 1.0).abs() < 1e-12, "the H100 is one H100e whatever the split");
        assert!(value(h20, 0.0) < 0.16, "as a training chip the H20 is 0.15 H100e");
        assert!(value(h20, 0.5) > 0.7, "half of demand is inference: the H20 is worth {}", value(h20, 0.5));
        assert!(value(h20, 0.5) / h20.price_usd.0 > value(b910, 0.5) / b910.price_usd.0);
    }

    /// A 2024-like market (Beijing approving every order, no guidance, no state data-centre
    /// ban, no antitrust case, no revenue share) with only H20-class chips licensed: the H20
    /// sells by the billions a quarter, as it did in 2024 ($12-17bn of Nvidia China revenue).
    /// Valued by training compute alone (the old model) it sold about $1.7bn a quarter.
    #[test]
    fn the_h20_sells_when_nothing_better_is_allowed() {
        let path = super::common::root().join("scenarios").join("h20-only-15.ron");
        let sets: Vec<statecraft_scenario::Override> = [
            "beijing.rule=Fixed(\"hold\")",
            "beijing.approval_rate=1.0",
            "beijing.domestic_ratio=0.0",
            "beijing.state_dc_ban=false",
            "beijing.antitrust=None",
            "us_admin.share=0.0",
        ]
        .into_iter()
        .map(statecraft_scenario::Override::set)
        .collect();
        let load = |sets: &[statecraft_scenario::Override]| {
            statecraft_scenario::load(&path, &statecraft_scenario::Disk, sets, &statecraft_sim::check)
                .unwrap_or_else(|d| panic!("{d}"))
                .scenario
        };
        let quarter = |s: &Scenario| {
            super::mean(super::SEEDS.map(|seed| {
                let r =
                    statecraft_sim::run(s, statecraft_sim::RunId { seed, run: 0 }, statecraft_sim::Options::default());
                r.months[..3].iter().map(|m| m.vendors[0].revenue_usd).sum::<f64>() / 1e9
            }))
        };
        let with_inference = load(&sets);
        let h20 = quarter(&with_inference);
        assert!(h20 > 3.0, "H20-class revenue in a 2024-like quarter: ${h20:.2}bn");
        // The same market valuing chips by training compute alone: the H20 hardly sells.
        let mut training_only = sets.clone();
        training_only.push(statecraft_scenario::Override::set("world.market.inference_share=0.0"));
        let old = quarter(&load(&training_only));
        assert!(old < 0.5 * h20, "by training compute alone: ${old:.2}bn against ${h20:.2}bn");
    }

    /// The syntax of earlier versions is an error that says what replaced it.
    #[test]
    fn old_ladder_syntax_gets_a_hint() {
        let dir = super::common::Scratch::new("old-ladder");
        let flagship = super::common::root().join("scenarios").join("h200-commission.ron");
        let text = format!(
            "Scenario(extends: {:?}, ceilings: Replace([(name: \"closed\", max_tpp: 0, max_bandwidth_tbs: 0)]), \
             actors: [UsAdministration(id: \"us_admin\", rule: Fixed(\"hold\"), ceiling: \"closed\", licensed: None, licences_from: None, licence_review_months: 3)])",
            flagship.to_str().unwrap()
        );
        let path = dir.write("old.ron", &text);
        let err = statecraft_scenario::load(&path, &statecraft_scenario::Disk, &[], &statecraft_sim::check)
            .expect_err("the old syntax must not load")
            .to_string();
        assert!(err.contains("`max_tpp` is no longer a field of a ceiling"), "{err}");
        assert!(err.contains("assets/export-rules.ron"), "{err}");
        assert!(err.contains("`licence_review_months` is no longer a field"), "{err}");
        assert!(err.contains("old.ron:1:"), "the error points at the file: {err}");
    }
}
