//! The engine's public API: determinism, forks, strategy changes and invariants.

use shopsim::model::events::{EventKind, ScheduledEvent};
use shopsim::model::segment::Segment;
use shopsim::model::segment::SegmentMix;
use shopsim::model::strategy::{ConsentModel, PrivacyTech};
use shopsim::scenario::Scenario;
use shopsim::sim::{DayMetrics, Engine};
use shopsim::units::UnitInterval;

fn small(seed: u64) -> Scenario {
    let mut s = Scenario::default();
    s.simulation.shoppers = 3_000;
    s.simulation.days = 120;
    s.simulation.seed = seed;
    s
}

fn run(s: &Scenario) -> Vec<DayMetrics> {
    let mut e = Engine::new(s);
    e.run_to_end();
    e.history().to_vec()
}

fn in_pool<T: Send>(threads: usize, f: impl FnOnce() -> T + Send) -> T {
    rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .build()
        .map(|pool| pool.install(f))
        .unwrap_or_else(|e| panic!("thread pool: {e}"))
}

#[test]
fn same_seed_same_history_different_seed_differs() {
    let a = run(&small(7));
    assert_eq!(a, run(&small(7)));
    assert_ne!(a, run(&small(8)));
    assert_eq!(a.len(), 120);
}

#[test]
fn history_is_identical_at_any_thread_count() {
    // More than one block of shoppers so the parallel split matters.
    let mut s = small(3);
    s.simulation.shoppers = 10_000;
    s.simulation.days = 60;
    s.events.push(ScheduledEvent {
        day: 20,
        kind: EventKind::Breach,
        severity: UnitInterval::clamped(0.7),
    });
    let one = in_pool(1, || run(&s));
    let two = in_pool(2, || run(&s));
    let eight = in_pool(8, || run(&s));
    assert_eq!(one, two);
    assert_eq!(one, eight);
}

#[test]
fn fork_is_identical_until_an_edit_then_diverges() {
    let mut a = Engine::new(&small(11));
    for _ in 0..30 {
        a.step();
    }
    let mut b = a.fork();
    for _ in 0..10 {
        a.step();
        b.step();
    }
    assert_eq!(a.history(), b.history());
    let mut edited = *b.strategy();
    edited.personalization = UnitInterval::ONE;
    edited.third_party_data = true;
    b.set_strategy(edited);
    for _ in 0..20 {
        a.step();
        b.step();
    }
    assert_eq!(a.history()[..40], b.history()[..40]);
    assert_ne!(a.history()[40..], b.history()[40..]);
    assert_eq!(b.strategy_changes().last().map(|c| c.day), Some(41));
}

#[test]
fn strategy_change_takes_effect_on_the_next_day() {
    let mut e = Engine::new(&small(5));
    e.step();
    let mut s = *e.strategy();
    s.consent = ConsentModel::OptIn;
    e.set_strategy(s);
    let before = e.history()[0].opt_in_rate;
    let after = e.step().opt_in_rate;
    assert!(before > 0.7, "opt-out starts mostly targetable: {before}");
    assert!(after < 0.5, "opt-in leaves a minority targetable: {after}");
}

#[test]
fn injected_breach_fires_next_day_and_costs_money() {
    let mut s = small(9);
    s.simulation.random_breaches = false;
    let mut e = Engine::new(&s);
    for _ in 0..10 {
        e.step();
    }
    e.inject(EventKind::Breach, UnitInterval::clamped(0.8));
    let metrics = e.step().clone();
    assert_eq!(e.events().len(), 1);
    assert_eq!(e.events()[0].day, 11);
    assert!(metrics.breach_cost.0 > 0);
    assert!(e.events()[0].records_exposed > 0.0);
}

#[test]
fn shares_stay_in_unit_interval_and_money_is_finite_at_extremes() {
    for (p, dc, tp, tau) in [(1.0, 1.0, true, 0.0), (0.0, 0.0, false, 1.0)] {
        let mut s = small(2);
        s.strategy.personalization = UnitInterval::clamped(p);
        s.strategy.data_collection = UnitInterval::clamped(dc);
        s.strategy.third_party_data = tp;
        s.strategy.transparency = UnitInterval::clamped(tau);
        s.strategy.security = UnitInterval::ZERO;
        for day in 1..=100 {
            s.events.push(ScheduledEvent {
                day,
                kind: EventKind::ALL[day as usize % 3],
                severity: UnitInterval::ONE,
            });
        }
        let mut e = Engine::new(&s);
        e.run_to_end();
        if let Err(problem) = check_run(&e) {
            panic!("{problem}");
        }
    }
}

/// Every share of every day within [0, 1], every amount finite and non-negative,
/// counts consistent with the population.
fn check_run(e: &Engine) -> Result<(), String> {
    let shoppers = e.shoppers();
    for d in e.history() {
        let day = d.day;
        let mut shares = vec![
            d.mean_trust,
            d.mean_loyalty,
            d.conversion_rate,
            d.opt_in_rate,
            d.stated_intent_to_leave,
            d.negative_sentiment,
        ];
        for seg in Segment::ALL {
            let sd = d.segment(seg);
            shares.extend([sd.mean_trust, sd.stated_intent_to_leave, sd.opt_in_rate]);
        }
        if let Some(bad) = shares.iter().find(|x| !(0.0..=1.0).contains(*x)) {
            return Err(format!("day {day}: share {bad} outside [0, 1]"));
        }
        let t = &d.trust_change;
        let amounts = [
            d.records_held,
            d.churn_natural,
            d.churn_distrust,
            t.word_of_mouth,
            t.breach,
            t.regulatory_inquiry,
            t.policy_change,
            t.creepiness,
            t.recovery,
            t.departures,
        ];
        if let Some(bad) = amounts.iter().find(|x| !x.is_finite()) {
            return Err(format!("day {day}: amount {bad} not finite"));
        }
        if d.records_held < 0.0 || d.churn_natural < -1e-9 || d.churn_distrust < -1e-9 {
            return Err(format!("day {day}: negative records or churn split"));
        }
        let money = [
            d.revenue,
            d.cumulative_revenue,
            d.attributed_recommendation_revenue,
            d.breach_cost,
            d.fines,
        ];
        if money.iter().any(|c| c.0 < 0) {
            return Err(format!("day {day}: negative money {money:?}"));
        }
        if d.attributed_recommendation_revenue.0 > d.revenue.0 {
            return Err(format!("day {day}: attributed revenue exceeds revenue"));
        }
        if d.active_shoppers + d.churned_total != shoppers {
            return Err(format!("day {day}: active + churned != shoppers"));
        }
        if d.orders > d.visits || d.recommendation_clicks > d.visits {
            return Err(format!("day {day}: more orders or clicks than visits"));
        }
    }
    let sm = e.summary();
    if !(0.0..=1.0).contains(&sm.churn_rate) {
        return Err(format!("summary churn rate {}", sm.churn_rate));
    }
    Ok(())
}

/// A scenario at the edges: every lever at 0 or 1, tiny populations, one-day runs,
/// extreme segment mixes and a hundred events on one day.
fn extreme_scenario() -> impl proptest::strategy::Strategy<Value = Scenario> {
    use proptest::prelude::*;
    let bound = || prop::sample::select(vec![UnitInterval::ZERO, UnitInterval::ONE]);
    (
        (
            prop::sample::select(vec![0u32, 1, 2, 5, 300, 4_097]),
            prop::sample::select(vec![1u32, 2, 20]),
            any::<u64>().prop_map(|seed| seed >> 1),
            any::<bool>(),
            any::<bool>(),
        ),
        (bound(), bound(), bound(), bound(), any::<bool>()),
        (
            prop::sample::select(ConsentModel::ALL.to_vec()),
            prop::sample::select(PrivacyTech::ALL.to_vec()),
            prop::sample::select(vec![0u32, 1, 36_500]),
            prop::sample::select(vec![
                None,
                Some(Segment::Fundamentalist),
                Some(Segment::Unconcerned),
            ]),
        ),
        (
            0.0f64..1.0,
            prop::sample::select(EventKind::ALL.to_vec()),
            bound(),
            0usize..=100,
        ),
    )
        .prop_map(
            |(
                (shoppers, days, seed, network, random_breaches),
                (p, dc, tau, security, third_party),
                (consent, tech, retention_days, only),
                (at, kind, severity, events),
            )| {
                let mut s = Scenario::default();
                s.simulation.shoppers = shoppers;
                s.simulation.days = days;
                s.simulation.seed = seed;
                s.simulation.random_breaches = random_breaches;
                s.population.social_network = network;
                if let Some(segment) = only {
                    s.population.mix = SegmentMix::only(segment);
                }
                s.strategy.personalization = p;
                s.strategy.data_collection = dc;
                s.strategy.transparency = tau;
                s.strategy.security = security;
                s.strategy.third_party_data = third_party;
                s.strategy.consent = consent;
                s.strategy.privacy_tech = tech;
                s.strategy.retention_days = retention_days;
                let day = 1 + (at * days as f64) as u32 % days;
                s.events = (0..events)
                    .map(|i| ScheduledEvent {
                        day,
                        kind: if i % 2 == 0 {
                            kind
                        } else {
                            EventKind::ALL[i % 3]
                        },
                        severity,
                    })
                    .collect();
                s
            },
        )
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(48))]

    #[test]
    fn extreme_valid_scenarios_keep_shares_in_range_and_money_finite(s in extreme_scenario()) {
        let mut e = Engine::new(&s);
        e.run_to_end();
        // A mid-run switch of every lever to its other bound, as the TUI allows.
        let mut flipped = *e.strategy();
        flipped.personalization = UnitInterval::clamped(1.0 - flipped.personalization.get());
        flipped.consent = ConsentModel::ALL[(flipped.consent as usize + 1) % 3];
        e.set_strategy(flipped);
        e.inject(EventKind::Breach, UnitInterval::ONE);
        e.step();
        proptest::prop_assert!(check_run(&e).is_ok(), "{:?}", check_run(&e));
    }
}

#[test]
fn tiny_populations_run() {
    for shoppers in [0, 1, 2, 7] {
        let mut s = small(1);
        s.simulation.shoppers = shoppers;
        s.simulation.days = 1;
        let mut e = Engine::new(&s);
        e.run_to_end();
        assert_eq!(e.history().len(), 1);
        assert!(e.history()[0].active_shoppers <= shoppers as u64);
    }
}

#[test]
fn trust_decomposition_adds_up_to_the_daily_change() {
    let mut s = small(4);
    s.simulation.random_breaches = false;
    s.strategy.personalization = UnitInterval::ONE;
    s.events.push(ScheduledEvent {
        day: 30,
        kind: EventKind::Breach,
        severity: UnitInterval::clamped(0.6),
    });
    let mut e = Engine::new(&s);
    let mut previous: Option<f64> = None;
    for _ in 0..120 {
        let d = e.step().clone();
        if let Some(previous) = previous {
            let observed = d.mean_trust - previous;
            assert!(
                (d.trust_change.total() - observed).abs() < 1e-5,
                "day {}: terms add to {} but mean trust moved {observed}",
                d.day,
                d.trust_change.total()
            );
        }
        previous = Some(d.mean_trust);
    }
    // The breach's term is negative in the days after it and zero before.
    let h = e.history();
    assert_eq!(h[28].trust_change.breach, 0.0);
    assert!(h[29..35].iter().map(|d| d.trust_change.breach).sum::<f64>() < -0.005);
}

/// `small(seed)` with `[[changes]]` written in TOML after its other tables.
fn with_changes(seed: u64, changes: &str) -> Scenario {
    let text = format!("{}{changes}", small(seed).to_toml_string());
    Scenario::from_toml_str(&text, "changes.toml").unwrap_or_else(|e| panic!("{e}"))
}

#[test]
fn a_scheduled_change_is_a_lever_move_on_the_day_before() {
    let scheduled = with_changes(
        5,
        "[[changes]]\nday = 40\nconsent = \"opt-in\"\npersonalization = 0.9\n",
    );
    let headless = run(&scheduled);
    // The same move by hand, between day 39 and day 40, as the TUI makes it.
    let mut by_hand = Engine::new(&small(5));
    for _ in 0..39 {
        by_hand.step();
    }
    let mut strategy = *by_hand.strategy();
    strategy.consent = ConsentModel::OptIn;
    strategy.personalization = UnitInterval::clamped(0.9);
    by_hand.set_strategy(strategy);
    by_hand.run_to_end();
    assert_eq!(headless, by_hand.history());
    let unchanged = run(&small(5));
    assert_eq!(
        headless[..39],
        unchanged[..39],
        "nothing changes before day 40"
    );
    assert_ne!(headless[39].opt_in_rate, unchanged[39].opt_in_rate);
    let mut engine = Engine::new(&scheduled);
    engine.run_to_end();
    let days: Vec<u32> = engine.strategy_changes().iter().map(|c| c.day).collect();
    assert_eq!(days, [1, 40]);
    assert_eq!(engine.strategy_changes()[1].strategy, strategy);
}

#[test]
fn only_the_last_strategy_set_before_a_day_counts() {
    let base = small(9);
    let mut direct = Engine::new(&base);
    let mut winding = Engine::new(&base);
    for _ in 0..20 {
        direct.step();
        winding.step();
    }
    let start = *direct.strategy();
    let target = shopsim::model::strategy::Strategy {
        consent: ConsentModel::Dashboard,
        transparency: UnitInterval::clamped(0.9),
        ..start
    };
    direct.set_strategy(target);
    // Consent first, then transparency, via a detour through opt-in.
    winding.set_strategy(shopsim::model::strategy::Strategy {
        consent: ConsentModel::OptIn,
        ..start
    });
    winding.set_strategy(shopsim::model::strategy::Strategy {
        consent: ConsentModel::Dashboard,
        ..start
    });
    winding.set_strategy(target);
    direct.run_to_end();
    winding.run_to_end();
    assert_eq!(direct.history(), winding.history());
    // There and back between two days is no change at all.
    let mut there_and_back = Engine::new(&base);
    for _ in 0..20 {
        there_and_back.step();
    }
    there_and_back.set_strategy(shopsim::model::strategy::Strategy {
        consent: ConsentModel::OptIn,
        ..start
    });
    there_and_back.set_strategy(start);
    there_and_back.run_to_end();
    assert_eq!(there_and_back.history(), run(&base));
}

#[test]
fn a_day_one_change_is_a_lever_move_before_the_first_day() {
    let scheduled = with_changes(3, "[[changes]]\nday = 1\nconsent = \"dashboard\"\n");
    let mut by_hand = Engine::new(&small(3));
    by_hand.set_strategy(shopsim::model::strategy::Strategy {
        consent: ConsentModel::Dashboard,
        ..*by_hand.strategy()
    });
    by_hand.run_to_end();
    assert_eq!(run(&scheduled), by_hand.history());
    assert_eq!(
        Engine::new(&scheduled).strategy().consent,
        ConsentModel::Dashboard,
        "the day-1 strategy is in effect before the first step"
    );
}

#[test]
fn forks_and_counterfactuals_keep_the_scheduled_changes() {
    let scheduled = with_changes(
        4,
        "[[events]]\nday = 30\nkind = \"breach\"\nseverity = 0.6\n\
         [[changes]]\nday = 60\nsecurity = 1\nthird_party_data = true\n",
    );
    let mut engine = Engine::new(&scheduled);
    for _ in 0..10 {
        engine.step();
    }
    let mut fork = engine.fork();
    engine.run_to_end();
    fork.run_to_end();
    assert_eq!(engine.history(), fork.history());
    assert!(fork.strategy().third_party_data, "the fork applied day 60");
    let comparison = shopsim::sim::counterfactual::without_events(&scheduled);
    assert!(comparison.base.history == run(&scheduled));
    let mut no_events = scheduled.clone();
    no_events.events.clear();
    assert_eq!(comparison.variant.history, run(&no_events));
}
