//! Facts 1-6: the personalization-privacy paradox in revenue, conversion, clicks and
//! churn (the inverted U, concern, transparency and control, trust, segments).

use super::*;

/// Share below the peak that counts as "losing clearly" in fact 1: 3 %, a clear
/// fraction of the +5-15 % revenue value of personalization (McKinsey 2021).
pub(super) const CLEAR_LOSS: f64 = 0.03;

/// Fact 1: revenue over personalization 0..1 (steps of 0.1) in the default strategy
/// and mixed population; seed-averaged curve. Personalization must also convert better
/// at the revenue-maximizing intensity than none (McKinsey 2021; Bleier & Eisenbeiss
/// 2015: the gain is not from baskets alone).
pub(super) fn inverted_u(sizes: FactSizes, context: &Context) -> FactResult {
    let levels = grid(10);
    let runs = over_seeds(sizes, |seed| {
        outcome_curve(&base_scenario(sizes, context, seed), &levels)
    });
    let curves: Vec<Vec<f64>> = runs
        .iter()
        .map(|c| c.iter().map(|o| o.revenue).collect())
        .collect();
    let conversions: Vec<Vec<f64>> = runs
        .iter()
        .map(|c| c.iter().map(|o| o.conversion).collect())
        .collect();
    let avg = mean_curve(&curves);
    let conversion = mean_curve(&conversions);
    let best = argmax(&avg);
    let peak = avg[best];
    let low_loss = 1.0 - avg[0] / peak;
    let high_loss = 1.0 - avg[levels.len() - 1] / peak;
    let conversion_lift = conversion[best] / conversion[0] - 1.0;
    let per_seed: Vec<bool> = curves
        .iter()
        .map(|c| {
            let b = argmax(c);
            b > 0 && b < c.len() - 1
        })
        .collect();
    let interior = best > 0 && best < levels.len() - 1;
    FactResult {
        number: 1,
        title: "Inverted U",
        value: low_loss.min(high_loss),
        measured: format!(
            "revenue ($k) by personalization {}; peak at p={:.1}; p=0 is {:.1} % and p=1 {:.1} % \
             below the peak; interior peak in {}/{} seeds; conversion at the peak {:+.1} % \
             over p=0",
            fmt_curve(&levels, &avg, 1e3),
            levels[best],
            100.0 * low_loss,
            100.0 * high_loss,
            count_true(&per_seed),
            per_seed.len(),
            100.0 * conversion_lift
        ),
        expected: "peak strictly inside (0, 1) and both extremes >= 3 % below it (seed mean); \
                   interior peak in all but at most one seed; conversion at the peak above \
                   conversion without personalization",
        pass: interior
            && low_loss >= CLEAR_LOSS
            && high_loss >= CLEAR_LOSS
            && count_true(&per_seed) >= most(per_seed.len())
            && conversion_lift > 0.0,
    }
}

/// Fact 2: revenue over personalization 0..1 (steps of 0.2) with an all-unconcerned
/// population; seed-averaged curve.
pub(super) fn no_paradox_without_concern(sizes: FactSizes, context: &Context) -> FactResult {
    let levels = grid(5);
    let curves = over_seeds(sizes, |seed| {
        let mut s = base_scenario(sizes, context, seed);
        s.population.mix = SegmentMix::only(Segment::Unconcerned);
        revenue_curve(&s, &levels)
    });
    let avg = mean_curve(&curves);
    // Largest fall from one level to the next, as a share of the lower level's revenue.
    let worst_fall = avg
        .windows(2)
        .map(|w| (w[0] - w[1]) / w[0])
        .fold(f64::NEG_INFINITY, f64::max);
    let last = avg.len() - 1;
    FactResult {
        number: 2,
        title: "No paradox without concern",
        value: worst_fall,
        measured: format!(
            "revenue ($k) by personalization, all unconcerned: {}; largest step-to-step fall {:.2} %",
            fmt_curve(&levels, &avg, 1e3),
            100.0 * worst_fall
        ),
        expected: "revenue never falls by more than 0.5 % (noise) from one level to the next, \
                   and p=1 earns more than p=0",
        pass: worst_fall <= 0.005 && avg[last] > avg[0],
    }
}

/// The covert, opt-out strategy of facts 3 and 4.
pub(super) fn covert(strategy: Strategy) -> Strategy {
    Strategy {
        transparency: UnitInterval::ZERO,
        consent: ConsentModel::OptOut,
        ..strategy
    }
}

/// The open strategy of fact 3: full transparency and a consent dashboard.
pub(super) fn open_with_dashboard(strategy: Strategy) -> Strategy {
    Strategy {
        transparency: UnitInterval::ONE,
        consent: ConsentModel::Dashboard,
        ..strategy
    }
}

/// Fact 3: revenue curves over personalization for covert opt-out collection and for
/// full transparency with a consent dashboard; seed-averaged.
pub(super) fn transparency_and_control_move_the_peak(
    sizes: FactSizes,
    context: &Context,
) -> FactResult {
    let levels = grid(10);
    let pairs = over_seeds(sizes, |seed| {
        let s = base_scenario(sizes, context, seed);
        let c = with_strategy(&s, covert(s.strategy));
        let o = with_strategy(&s, open_with_dashboard(s.strategy));
        (revenue_curve(&c, &levels), revenue_curve(&o, &levels))
    });
    let covert_avg = mean_curve(&pairs.iter().map(|p| p.0.clone()).collect::<Vec<_>>());
    let open_avg = mean_curve(&pairs.iter().map(|p| p.1.clone()).collect::<Vec<_>>());
    let (bc, bo) = (argmax(&covert_avg), argmax(&open_avg));
    let (pc, po) = (covert_avg[bc], open_avg[bo]);
    FactResult {
        number: 3,
        title: "Transparency and control move the peak",
        value: levels[bo] - levels[bc],
        measured: format!(
            "covert opt-out peaks at p={:.1} (${:.0}k); transparent dashboard peaks at p={:.1} \
             (${:.0}k, {:+.1} %)",
            levels[bc],
            pc / 1e3,
            levels[bo],
            po / 1e3,
            100.0 * (po / pc - 1.0)
        ),
        expected: "the transparent-dashboard peak is at a higher personalization and earns more \
                   than the covert peak (seed-averaged curves, steps of 0.1)",
        pass: levels[bo] > levels[bc] && po > pc,
    }
}

/// Personalization at which fact 4 compares collection styles (a firm but common level).
pub(super) const FACT4_PERSONALIZATION: f64 = 0.7;

/// Fact 4: at personalization 0.7, conversion with transparency 1 vs 0 (opt-out both),
/// and recommendation click-through with a dashboard vs opt-out (default transparency).
pub(super) fn overt_beats_covert_and_control_lifts_clicks(
    sizes: FactSizes,
    context: &Context,
) -> FactResult {
    let per_seed = over_seeds(sizes, |seed| {
        let s = with_personalization(&base_scenario(sizes, context, seed), FACT4_PERSONALIZATION);
        let covert_s = with_strategy(&s, covert(s.strategy));
        let overt_s = with_strategy(
            &s,
            Strategy {
                transparency: UnitInterval::ONE,
                ..covert(s.strategy)
            },
        );
        let conv = run_pair(&covert_s, &overt_s);
        let control_s = with_strategy(
            &s,
            Strategy {
                consent: ConsentModel::Dashboard,
                ..s.strategy
            },
        );
        let opt_out_s = with_strategy(
            &s,
            Strategy {
                consent: ConsentModel::OptOut,
                ..s.strategy
            },
        );
        let ctr = run_pair(&opt_out_s, &control_s);
        (
            conv.base.summary.conversion_rate,
            conv.variant.summary.conversion_rate,
            ctr.base.summary.recommendation_click_through,
            ctr.variant.summary.recommendation_click_through,
        )
    });
    let covert_conv = mean(per_seed.iter().map(|x| x.0));
    let overt_conv = mean(per_seed.iter().map(|x| x.1));
    let ctr_out = mean(per_seed.iter().map(|x| x.2));
    let ctr_dash = mean(per_seed.iter().map(|x| x.3));
    let overt_wins = count_true(per_seed.iter().map(|x| x.1 > x.0));
    let ratio = ctr_dash / ctr_out;
    FactResult {
        number: 4,
        title: "Overt beats covert, control helps",
        value: ratio,
        measured: format!(
            "at p={FACT4_PERSONALIZATION}: conversion covert {:.3} % vs transparent {:.3} % \
             (transparent higher in {overt_wins}/{} seeds); click-through opt-out {:.2} % vs \
             dashboard {:.2} % (x{ratio:.2})",
            100.0 * covert_conv,
            100.0 * overt_conv,
            per_seed.len(),
            100.0 * ctr_out,
            100.0 * ctr_dash
        ),
        expected: "transparent converts better (seed mean, and in all but at most one seed); \
                   dashboard click-through 1.5-3x opt-out",
        pass: overt_conv > covert_conv
            && overt_wins >= most(per_seed.len())
            && (1.5..=3.0).contains(&ratio),
    }
}

/// Shift of every segment's trust set-point for the trusting and the distrusting
/// population of fact 5.
pub(super) const FACT5_TRUST_SHIFT: f64 = 0.15;

/// Personalization whose conversion lift fact 5 measures.
pub(super) const FACT5_PERSONALIZATION: f64 = 0.6;

/// Fact 5: the same shoppers (same concern, same draws) with trust set-points shifted
/// up or down by 0.15; conversion lift of personalization 0.6 over none in each.
pub(super) fn trust_moderates(sizes: FactSizes, context: &Context) -> FactResult {
    let shifted = |delta: f64| {
        let mut params = ModelParams::default();
        for m in params.population.trust_mean.iter_mut() {
            *m += delta;
        }
        params
    };
    let lift = |s: &Scenario, params: &ModelParams| -> f64 {
        let none = with_personalization(s, 0.0);
        let some = with_personalization(s, FACT5_PERSONALIZATION);
        match crate::sim::counterfactual::run_pair_with_params(&none, &some, params) {
            Ok(pair) => {
                pair.variant.summary.conversion_rate / pair.base.summary.conversion_rate - 1.0
            }
            Err(_) => f64::NAN,
        }
    };
    let per_seed = over_seeds(sizes, |seed| {
        let s = base_scenario(sizes, context, seed);
        (
            lift(&s, &shifted(FACT5_TRUST_SHIFT)),
            lift(&s, &shifted(-FACT5_TRUST_SHIFT)),
        )
    });
    let high = mean(per_seed.iter().map(|x| x.0));
    let low = mean(per_seed.iter().map(|x| x.1));
    let wins = count_true(per_seed.iter().map(|x| x.0 > x.1));
    FactResult {
        number: 5,
        title: "Trust moderates",
        value: high - low,
        measured: format!(
            "conversion lift of p={FACT5_PERSONALIZATION} over p=0: trusting population \
             (set-points +{FACT5_TRUST_SHIFT}) {:+.1} %, distrusting (-{FACT5_TRUST_SHIFT}) \
             {:+.1} %; trusting larger in {wins}/{} seeds",
            100.0 * high,
            100.0 * low,
            per_seed.len()
        ),
        expected: "lift larger for the trusting population (seed mean, and in all but at most \
                   one seed)",
        pass: high > low && wins >= most(per_seed.len()),
    }
}

/// The aggressive strategy of fact 6: heavy personalization on broad first- and
/// third-party data, little transparency, opt-out.
pub(super) fn aggressive(strategy: Strategy) -> Strategy {
    Strategy {
        personalization: u(0.9),
        data_collection: u(0.9),
        third_party_data: true,
        transparency: u(0.2),
        consent: ConsentModel::OptOut,
        ..strategy
    }
}

/// Fact 6: yearly churn of fundamentalists and of the unconcerned under the aggressive
/// strategy; seed-averaged.
pub(super) fn segments_defect_differently(sizes: FactSizes, context: &Context) -> FactResult {
    let per_seed = over_seeds(sizes, |seed| {
        let s = base_scenario(sizes, context, seed);
        let mut engine = Engine::new(&with_strategy(&s, aggressive(s.strategy)));
        engine.run_to_end();
        engine.summary().segments.map(|s| s.churn_rate)
    });
    let churn = |segment| mean(per_seed.iter().map(|x| x[segment]));
    let f = churn(Segment::Fundamentalist);
    let p = churn(Segment::Pragmatist);
    let un = churn(Segment::Unconcerned);
    let ratio = ratio_or_infinite(f, un);
    FactResult {
        number: 6,
        title: "Segments defect differently",
        value: ratio,
        measured: format!(
            "churn over the run under aggressive personalization: fundamentalists {:.1} %, \
             pragmatists {:.1} %, unconcerned {:.1} % (x{ratio:.1})",
            100.0 * f,
            100.0 * p,
            100.0 * un
        ),
        expected: "fundamentalists churn at least 2x as much as the unconcerned (seed mean)",
        pass: ratio >= 2.0,
    }
}
