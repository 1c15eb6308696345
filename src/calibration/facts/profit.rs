//! Facts 14-16: the retailer's profit (no free lunch, the Gordon-Loeb security optimum,
//! what one breach costs a mid-size retailer).

use super::*;

/// The customer base called "mid-size" in facts 14-16 and in the shipped presets.
pub const MID_SIZE_CUSTOMERS: u64 = 2_000_000;

/// The default scenario standing for a mid-size retailer (random breaches off).
pub(super) fn mid_size_scenario(sizes: FactSizes, context: &Context, seed: u64) -> Scenario {
    let mut s = base_scenario(sizes, context, seed);
    s.simulation.customers = Some(MID_SIZE_CUSTOMERS);
    s
}

/// "Max everything" ([`Strategy::max_everything`]), the strategy fact 14 is about.
pub fn max_everything() -> Strategy {
    Strategy::max_everything()
}

/// The strategies fact 14 compares with "max everything": the default, and variants
/// that keep what pays (intense, explained personalization with control) and drop what
/// does not pay for itself. Security is held at 0.3, near fact 15's optimum, since
/// random breaches are off here.
pub(super) fn profit_candidates() -> Vec<(&'static str, Strategy)> {
    use crate::model::strategy::PrivacyTech;
    let d = Strategy::default();
    let lean = Strategy {
        transparency: UnitInterval::ONE,
        security: u(0.3),
        ..d
    };
    vec![
        ("max everything", max_everything()),
        ("balanced", d),
        ("balanced, transparency 1, security 0.3", lean),
        (
            "p 0.75, transparency 1, dashboard, security 0.3",
            Strategy {
                personalization: u(0.75),
                consent: ConsentModel::Dashboard,
                ..lean
            },
        ),
        (
            "p 0.75, transparency 1, opt-out, security 0.3",
            Strategy {
                personalization: u(0.75),
                ..lean
            },
        ),
        (
            "p 0.75, dc 0.75, transparency 1, dashboard, security 0.3",
            Strategy {
                personalization: u(0.75),
                data_collection: u(0.75),
                consent: ConsentModel::Dashboard,
                ..lean
            },
        ),
        (
            "max everything but security 0.3, no third-party data, no privacy tech",
            Strategy {
                security: u(0.3),
                third_party_data: false,
                privacy_tech: PrivacyTech::None,
                retention_days: 365,
                ..max_everything()
            },
        ),
    ]
}

pub(super) fn profit_dollars(scenario: &Scenario) -> f64 {
    let mut engine = Engine::new(scenario);
    engine.run_to_end();
    engine.summary().profit.dollars()
}

/// Fact 14: "max everything" against a handful of strategies, profit of a mid-size
/// retailer over seeds (common random numbers, random breaches off).
pub(super) fn max_everything_is_not_the_profit_optimum(
    sizes: FactSizes,
    context: &Context,
) -> FactResult {
    let candidates = profit_candidates();
    let per_seed = over_seeds(sizes, |seed| {
        let s = mid_size_scenario(sizes, context, seed);
        candidates
            .iter()
            .map(|(_, strategy)| profit_dollars(&with_strategy(&s, *strategy)))
            .collect::<Vec<f64>>()
    });
    let profit: Vec<f64> = (0..candidates.len())
        .map(|i| mean(per_seed.iter().map(|p| p[i])))
        .collect();
    let (best, best_profit) =
        profit
            .iter()
            .copied()
            .enumerate()
            .fold(
                (0, f64::NEG_INFINITY),
                |a, (i, p)| if p > a.1 { (i, p) } else { a },
            );
    let max_profit = profit[0];
    let margin = best_profit / max_profit.abs().max(1.0) - 1.0;
    FactResult {
        number: 14,
        title: "Max everything is not the profit optimum",
        value: margin,
        measured: format!(
            "{} customers: max everything ${:.1}M, balanced ${:.1}M, best \"{}\" ${:.1}M \
             (+{:.1} % over max everything)",
            MID_SIZE_CUSTOMERS,
            max_profit / 1e6,
            profit[1] / 1e6,
            candidates[best].0,
            best_profit / 1e6,
            100.0 * margin
        ),
        expected: "a strategy other than max everything earns at least 3 % more profit",
        pass: best != 0 && margin >= 0.03,
    }
}

/// What fact 15 measures of one breach: the loss apart from the fine, and the fine at
/// security 0 (fines scale with `1 - security`, E21).
pub(super) struct BreachLoss {
    without_fine: f64,
    fine_at_no_security: f64,
    mean_customers: f64,
}

/// Fact 15 (Gordon and Loeb 2002): expected profit against security for a retailer
/// where breaches are likely (full collection, third-party data, three-year retention).
/// One breach's loss `L` is measured on the engine (a severity-0.5 breach mid-run, the
/// mean random severity, against the same run without it: breach cost, fine, lost margin
/// and changed lever costs); the expected loss at security `s` is `v (1 - s) L(s)` with
/// `v` the breach hazard at security 0 (E18) and `L(s)` lowered by the fine's
/// `1 - s`; the spend is the security cost (E25). Security changes nothing else in the
/// model, so the expected profit over `s` is exact in expectation.
pub(super) fn security_has_an_interior_optimum(sizes: FactSizes, context: &Context) -> FactResult {
    let risky = |s: &Scenario| Strategy {
        data_collection: UnitInterval::ONE,
        third_party_data: true,
        retention_days: 1095,
        security: UnitInterval::ZERO,
        ..s.strategy
    };
    let day = (sizes.days / 2).max(1);
    let per_seed = over_seeds(sizes, |seed| {
        let base = mid_size_scenario(sizes, context, seed);
        let scenario = with_strategy(&base, risky(&base));
        let pair = breach_pair(&scenario, day, 0.5);
        let with = &pair.base.summary;
        let without = &pair.variant.summary;
        let fine = with.fines.dollars() - without.fines.dollars();
        let customers = mean(
            pair.variant
                .history
                .iter()
                .map(|d| d.active_shoppers as f64 * scenario.scale().factor()),
        );
        BreachLoss {
            without_fine: (without.profit.dollars() - with.profit.dollars()) - fine,
            fine_at_no_security: fine,
            mean_customers: customers,
        }
    });
    let loss = mean(per_seed.iter().map(|b| b.without_fine));
    let fine0 = mean(per_seed.iter().map(|b| b.fine_at_no_security));
    let customers = mean(per_seed.iter().map(|b| b.mean_customers));
    let scenario = mid_size_scenario(sizes, context, sizes.first_seed);
    let strategy = risky(&scenario);
    let params = ModelParams::default();
    let years = f64::from(sizes.days) / 365.0;
    // Expected breaches over the run at security 0 (v).
    let v = crate::model::retailer::breach_hazard_per_day(&params.retailer, &strategy)
        * f64::from(sizes.days);
    let expected_loss = |s: f64| v * (1.0 - s) * (loss + fine0 * (1.0 - s));
    let spend = |s: f64| {
        crate::model::economics::security_dollars_per_customer_year(&scenario.economics, u(s))
            * customers
            * years
    };
    let grid: Vec<f64> = (0..=100).map(|i| f64::from(i) / 100.0).collect();
    let value = |s: f64| -spend(s) - expected_loss(s);
    let best = grid
        .iter()
        .copied()
        .fold(0.0, |a, s| if value(s) > value(a) { s } else { a });
    let no_security_loss = expected_loss(0.0);
    let removed = no_security_loss - expected_loss(best);
    let optimal_spend = spend(best);
    let clear = 0.05 * no_security_loss;
    let interior = best > 0.0
        && best < 1.0
        && value(best) > value(0.0) + clear
        && value(best) > value(1.0) + clear;
    let bound = no_security_loss / std::f64::consts::E;
    FactResult {
        number: 15,
        title: "Security has an interior profit optimum (Gordon-Loeb)",
        value: optimal_spend / no_security_loss,
        measured: format!(
            "full collection, third-party data, 3-year retention, {} customers: one breach \
             loses ${:.1}M (fine ${:.1}M at security 0), {:.2} breaches a year expected at \
             security 0 (expected loss ${:.2}M); optimum security {best:.2}, spend ${:.2}M \
             = {:.0} % of the expected loss ({:.0} % of the ${:.2}M it removes)",
            MID_SIZE_CUSTOMERS,
            (loss + fine0) / 1e6,
            fine0 / 1e6,
            v / years,
            no_security_loss / 1e6,
            optimal_spend / 1e6,
            100.0 * optimal_spend / no_security_loss,
            100.0 * optimal_spend / removed.max(1e-9),
            removed / 1e6
        ),
        expected: "the expected-profit-maximizing security is strictly inside 0..1 and beats \
                   both ends by at least 5 % of the expected loss; the optimal spend is below \
                   1/e (~37 %) of the expected loss it protects against (Gordon & Loeb 2002), \
                   and even below 1/e of the expected loss it removes",
        pass: interior && optimal_spend < bound && optimal_spend < removed / std::f64::consts::E,
    }
}

/// Fact 16: one average breach (severity 0.5, mid-run, the default strategy) at a
/// mid-size retailer: its direct cost against IBM/Ponemon's average and the profit it
/// takes (cost, fine and lost margin) as a share of the year's profit without it.
pub(super) fn one_breach_costs_a_share_of_a_years_profit(
    sizes: FactSizes,
    context: &Context,
) -> FactResult {
    let day = (sizes.days / 2).max(1);
    let per_seed = over_seeds(sizes, |seed| {
        // The balanced strategy whatever the context's levers: the fact anchors the cost
        // of a typical breach of a typical retailer (IBM/Ponemon's average).
        let s = mid_size_scenario(sizes, context, seed);
        let s = with_strategy(&s, Strategy::default());
        let pair = breach_pair(&s, day, 0.5);
        let with = &pair.base.summary;
        let without = &pair.variant.summary;
        (
            with.breach_cost.dollars(),
            without.profit.dollars() - with.profit.dollars(),
            without.profit.dollars(),
        )
    });
    let cost = mean(per_seed.iter().map(|x| x.0));
    let lost = mean(per_seed.iter().map(|x| x.1));
    let profit = mean(per_seed.iter().map(|x| x.2));
    let share = lost / profit.max(1.0);
    FactResult {
        number: 16,
        title: "One breach costs a believable share of a year's profit",
        value: share,
        measured: format!(
            "{} customers, balanced: breach cost ${:.2}M (IBM/Ponemon 2024 average $4.88M); \
             with fine and lost margin the breach takes ${:.2}M, {:.1} % of the year's \
             profit of ${:.1}M",
            MID_SIZE_CUSTOMERS,
            cost / 1e6,
            lost / 1e6,
            100.0 * share,
            profit / 1e6
        ),
        expected: "breach cost within $3M-$7M (around IBM/Ponemon's $4.88M) and the profit \
                   it takes within 5-50 % of a year's profit",
        pass: (3e6..=7e6).contains(&cost) && (0.05..=0.5).contains(&share),
    }
}
