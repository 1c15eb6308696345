//! Cohort mode through the public API: customers enter the day after their first purchase,
//! nobody acts before entering, and a scenario without a cohort is untouched by the mode.

use shopsim::scenario::Scenario;
use shopsim::sim::Engine;

fn cohort_scenario(entries: &str, shoppers: u32) -> Scenario {
    let text = format!(
        "[simulation]\nshoppers = {shoppers}\ndays = 60\nrandom_breaches = false\n\
         [model]\nvisit_mean = 0.3\nbase_conversion = 0.05\ndropout_mean = 0.0001\n\
         [cohort]\nentries_per_day = {entries}\n"
    );
    Scenario::from_toml_str(&text, "cohort.toml").expect("a valid cohort scenario")
}

#[test]
fn customers_enter_the_day_after_their_first_purchase() {
    // 3,000 enter after day 1, none after day 2, 2,000 after day 3; 1,000 more are
    // there from day 0.
    let scenario = cohort_scenario("[3000, 0, 2000]", 6000);
    let mut engine = Engine::new(&scenario);
    engine.run_to_end();
    let active: Vec<u64> = engine.history().iter().map(|d| d.active_shoppers).collect();
    assert!(active[0] <= 1000 && active[0] > 950, "day 1: {}", active[0]);
    assert!(
        active[1] > 3900 && active[1] <= 4000,
        "day 2: {}",
        active[1]
    );
    assert!(
        active[2] > 3900 && active[2] <= 4000,
        "day 3: {}",
        active[2]
    );
    assert!(
        active[3] > 5800 && active[3] <= 6000,
        "day 4: {}",
        active[3]
    );
    // Churn counts leavers only, never the customers-to-be.
    let last = engine.history().last().expect("60 days");
    assert_eq!(last.active_shoppers + last.churned_total, 6000);
    // Before anyone entered, only the 1,000 from day 0 could visit or buy.
    let day1 = &engine.history()[0];
    assert!(day1.visits > 0 && day1.visits < 1000, "{}", day1.visits);
}

#[test]
fn a_later_cohort_buys_less_by_the_same_day() {
    // Same shoppers, same random numbers; only the entry days differ.
    let early = cohort_scenario("[4000]", 4000);
    let late = cohort_scenario(&format!("[{}4000]", "0, ".repeat(29)), 4000);
    let orders = |scenario: &Scenario| {
        let mut engine = Engine::new(scenario);
        engine.run_to_end();
        engine
            .history()
            .iter()
            .map(|d| d.orders)
            .collect::<Vec<u64>>()
    };
    let (early, late) = (orders(&early), orders(&late));
    assert!(early[..30].iter().sum::<u64>() > 1000, "{early:?}");
    assert_eq!(
        late[..30].iter().sum::<u64>(),
        0,
        "nobody buys before entering"
    );
    assert!(late[30..].iter().sum::<u64>() > 1000, "{late:?}");
}

#[test]
fn without_a_cohort_everyone_is_there_from_day_0() {
    let scenario = Scenario::default()
        .with_overrides(["simulation.shoppers=3000", "simulation.days=5"])
        .expect("valid");
    let mut with_cohort_of_none = scenario.clone();
    with_cohort_of_none.cohort = Some(shopsim::scenario::Cohort::default());
    let run = |s: &Scenario| {
        let mut engine = Engine::new(s);
        engine.run_to_end();
        engine.history().to_vec()
    };
    let plain = run(&scenario);
    assert!(plain[0].active_shoppers > 2900);
    assert_eq!(
        plain,
        run(&with_cohort_of_none),
        "an empty cohort changes nothing"
    );
}

#[test]
fn the_newcomer_burst_raises_early_visits_and_then_ends() {
    // One cohort entering on day 1: with a burst of +2 falling over 3 days, visits in the
    // first days are well above those without it; after twelve e-foldings (36 days) every
    // customer's own propensity is back, bit for bit.
    let plain = cohort_scenario("[4000]", 4000);
    let mut burst = plain.clone();
    burst.model.population.newcomer_visit_boost = 2.0;
    burst.model.population.newcomer_boost_days = 3.0;
    let run = |scenario: &Scenario| {
        let mut engine = Engine::new(scenario);
        engine.run_to_end();
        engine
    };
    let (plain, burst) = (run(&plain), run(&burst));
    let visits = |engine: &Engine, days: std::ops::Range<usize>| -> u64 {
        engine.history()[days].iter().map(|d| d.visits).sum()
    };
    let (early_plain, early_burst) = (visits(&plain, 1..4), visits(&burst, 1..4));
    assert!(
        early_burst as f64 > 1.8 * early_plain as f64,
        "first days: {early_burst} visits with the burst, {early_plain} without"
    );
    let propensities = |engine: &Engine| -> Vec<f32> {
        engine
            .shopper_blocks()
            .iter()
            .flat_map(|b| b.visit_propensity.iter().copied())
            .collect()
    };
    assert_eq!(propensities(&plain), propensities(&burst));
}

#[test]
fn a_dropout_free_share_has_no_natural_dropout_and_the_others_keep_theirs() {
    let plain = cohort_scenario("[4000]", 4000);
    let mut lasting = plain.clone();
    lasting.model.population.dropout_free_share = 0.3;
    let hazards = |scenario: &Scenario| -> Vec<f32> {
        Engine::new(scenario)
            .shopper_blocks()
            .iter()
            .flat_map(|b| b.dropout_hazard.iter().copied())
            .collect()
    };
    let (before, after) = (hazards(&plain), hazards(&lasting));
    let free = after.iter().filter(|&&h| h == 0.0).count() as f64 / after.len() as f64;
    assert!(
        (0.27..=0.33).contains(&free),
        "share without dropout {free}"
    );
    // Everyone else keeps their own draw.
    for (b, a) in before.iter().zip(&after) {
        assert!(*a == 0.0 || a == b);
    }
}
