//! The credibility commands end to end through the binary: `facts`,
//! `run --counterfactual`, `explain`, `baseline`, and the paradox-gap fields (`compare` is in
//! tests/compare_cli.rs). Runs are small; the facts' own assertions live in
//! tests/stylized_facts.rs.

mod support;

use serde_json::Value;
use support::*;

#[test]
fn facts_json_lists_every_fact_and_the_exit_code_follows_the_verdicts() {
    let output = shopsim(&[
        "facts",
        "--shoppers",
        "2000",
        "--seeds",
        "2",
        "--format",
        "json",
    ]);
    let document: Value = serde_json::from_slice(&output.stdout).expect("valid JSON");
    let facts = document["facts"].as_array().expect("facts array");
    assert_eq!(facts.len(), 16);
    for (k, fact) in facts.iter().enumerate() {
        assert_eq!(fact["number"], k as u64 + 1);
        assert!(!fact["measured"].as_str().expect("text").is_empty());
        assert!(!fact["expected"].as_str().expect("text").is_empty());
        assert!(fact["pass"].is_boolean());
    }
    let passed = facts.iter().filter(|f| f["pass"] == true).count();
    assert_eq!(document["passed"], passed as u64);
    assert_eq!(document["total"], 16);
    assert_eq!(document["shoppers"], 2000);
    assert_eq!(output.status.code(), Some(if passed == 16 { 0 } else { 1 }));
}

#[test]
fn facts_table_has_one_block_per_fact_and_a_count_line() {
    let output = shopsim(&[
        "facts",
        "--shoppers",
        "2000",
        "--seeds",
        "2",
        "--fact",
        "13",
        "--fact",
        "7",
    ]);
    let text = stdout(&output);
    let last = text.lines().last().expect("a last line");
    let passed: usize = last
        .strip_suffix("/2 pass")
        .and_then(|n| n.parse().ok())
        .unwrap_or_else(|| panic!("last line: {last}"));
    assert_eq!(output.status.code(), Some(if passed == 2 { 0 } else { 1 }));
    assert!(text.contains(" 7  Breach"), "{text}");
    assert!(text.contains("13  Believable baseline"), "{text}");
    assert_eq!(text.matches("measured: ").count(), 2, "{text}");
    assert_eq!(text.matches("expected: ").count(), 2, "{text}");
    // Facts come in number order whatever the order of the flags.
    assert!(text.find(" 7  ").expect("7") < text.find("13  ").expect("13"));
}

#[test]
fn facts_rejects_an_unknown_fact_number() {
    let output = shopsim(&["facts", "--fact", "17"]);
    assert_eq!(output.status.code(), Some(2));
}

#[test]
fn run_counterfactual_adds_incremental_figures_to_the_summary() {
    let document = json(&[
        "run",
        "breach-shock",
        "--shoppers",
        "2000",
        "--summary",
        "--counterfactual",
    ]);
    // The summary's own keys stay at the top level.
    assert!(document["total_revenue"].is_number());
    let p = &document["counterfactual"]["personalization"];
    assert_eq!(p["revenue"], document["total_revenue"]);
    let increment = number(&p["revenue"]) - number(&p["revenue_without_personalization"]);
    assert!((number(&p["incremental_revenue"]) - increment).abs() < 0.011);
    match p["attribution_ratio"].as_f64() {
        Some(ratio) => {
            let expected =
                number(&p["attributed_recommendation_revenue"]) / number(&p["incremental_revenue"]);
            assert!((ratio - expected).abs() < 1e-6 * expected.abs().max(1.0));
        }
        None => assert!(number(&p["incremental_revenue"]) <= 0.0),
    }
    let events = document["counterfactual"]["events"]
        .as_array()
        .expect("events");
    assert_eq!(events.len(), 1, "breach-shock schedules one breach");
    assert_eq!(events[0]["kind"], "breach");
    assert_eq!(events[0]["day"], 180);
    assert!(number(&events[0]["peak_trust_loss"]) > 0.0);
    for key in [
        "abnormal_churn",
        "shoppers_lost",
        "final_trust_loss",
        "revenue_lost",
    ] {
        assert!(events[0][key].is_number(), "missing {key}");
    }
}

#[test]
fn run_counterfactual_with_csv_keeps_the_csv_and_reports_on_stderr() {
    let args = ["run", "breach-shock", "--shoppers", "1000", "--days", "200"];
    let plain = shopsim(&args);
    let mut with = args.to_vec();
    with.push("--counterfactual");
    let counterfactual = shopsim(&with);
    assert!(counterfactual.status.success());
    assert_eq!(plain.stdout, counterfactual.stdout, "the CSV is unchanged");
    let notes = stderr(&counterfactual);
    assert!(
        notes.contains("counterfactual: personalization added"),
        "{notes}"
    );
    assert!(
        notes.contains("counterfactual: breach on day 180"),
        "{notes}"
    );
    assert!(stderr(&plain).is_empty());
}

#[test]
fn run_json_with_counterfactual_keeps_the_run_document() {
    let document = json(&[
        "run",
        "balanced",
        "--shoppers",
        "800",
        "--days",
        "30",
        "--format",
        "json",
        "--counterfactual",
    ]);
    assert_eq!(document["days"].as_array().expect("days").len(), 30);
    assert!(document["counterfactual"]["events"]
        .as_array()
        .expect("events")
        .is_empty());
}

/// Parses a signed decimal such as `+0.0123` or `-0.1479`.
fn signed(text: &str) -> f64 {
    text.trim()
        .trim_start_matches('+')
        .parse()
        .unwrap_or_else(|_| panic!("not a number: {text}"))
}

#[test]
fn explain_contributions_add_up_to_the_printed_change() {
    let text = success(&[
        "explain",
        "breach-shock",
        "--day",
        "185",
        "--window",
        "6",
        "--shoppers",
        "2000",
    ]);
    let headline = text
        .lines()
        .find(|l| l.contains("mean trust moved from"))
        .expect("a headline");
    assert!(headline.starts_with("Days 180-185 (6 days)"), "{headline}");
    let change = signed(
        headline
            .rsplit('(')
            .next()
            .and_then(|s| s.strip_suffix(")."))
            .expect("change in parentheses"),
    );
    let start = text.find("Contributions by cause").expect("contributions");
    let rows: Vec<&str> = text[start..].lines().skip(1).take(8).collect();
    let total_row = rows.last().expect("rows");
    assert!(total_row.trim_start().starts_with("total"), "{total_row}");
    assert_eq!(
        signed(total_row.trim_start().trim_start_matches("total")),
        change
    );
    let sum: f64 = rows[..7]
        .iter()
        .map(|row| {
            // Label (may contain spaces), then the signed change, then the share.
            let field = row
                .split_whitespace()
                .find(|w| w.starts_with('+') || w.starts_with('-'))
                .unwrap_or_else(|| panic!("no change in {row}"));
            signed(field)
        })
        .collect::<Vec<_>>()
        .iter()
        .sum();
    // Seven terms each rounded to 4 decimals.
    assert!(
        (sum - change).abs() <= 7.0 * 0.00005 + 1e-9,
        "{sum} vs {change}"
    );
    assert!(text.contains("day 180: breach"), "{text}");
    assert!(text.contains("Shoppers lost:"), "{text}");
    assert!(text.contains("In words:"), "{text}");
}

#[test]
fn explain_json_matches_the_daily_csv() {
    let document = json(&[
        "explain",
        "breach-shock",
        "--day",
        "182",
        "--shoppers",
        "1500",
        "--format",
        "json",
    ]);
    let csv = success(&["run", "breach-shock", "--shoppers", "1500", "--days", "182"]);
    let header: Vec<&str> = csv.lines().next().expect("header").split(',').collect();
    let row: Vec<&str> = csv.lines().last().expect("day 182").split(',').collect();
    let column = |name: &str| -> f64 {
        let at = header.iter().position(|h| *h == name).expect("column");
        row[at].parse().expect("number")
    };
    assert_eq!(row[0], "182");
    let breach = document["contributions"]
        .as_array()
        .expect("contributions")
        .iter()
        .find(|c| c["cause"] == "breach")
        .expect("a breach contribution");
    // The CSV rounds to 6 significant digits.
    let expected = column("trust_change_breach");
    assert!((number(&breach["change"]) - expected).abs() <= 1e-6 * expected.abs().max(1e-3));
    assert!((number(&document["trust_to"]) - column("mean_trust")).abs() < 1e-5);
}

#[test]
fn explain_rejects_a_day_after_the_run() {
    let output = shopsim(&["explain", "balanced", "--day", "40", "--days", "30"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(stderr(&output).contains("--day 40"), "{}", stderr(&output));
}

fn share(value: &Value, what: &str) -> f64 {
    let x = number(value);
    assert!((0.0..=1.0).contains(&x), "{what} = {x} is not a share");
    x
}

#[test]
fn summary_has_the_paradox_gap_overall_and_per_segment() {
    let document = json(&[
        "run",
        "creepy-overreach",
        "--shoppers",
        "2000",
        "--days",
        "120",
        "--summary",
    ]);
    let gaps = &document["paradox_gap"];
    for group in ["overall", "fundamentalists", "pragmatists", "unconcerned"] {
        let g = &gaps[group];
        let concern = share(&g["mean_concern"], "mean_concern");
        let intent = share(
            &g["peak_stated_intent_to_leave"],
            "peak_stated_intent_to_leave",
        );
        let churn = share(&g["actual_churn"], "actual_churn");
        let distrust = share(&g["distrust_churn"], "distrust_churn");
        let disclosure = share(&g["disclosure_rate"], "disclosure_rate");
        // The gap is talk minus distrust-caused churn, a part of all churn.
        assert!(distrust <= churn + 1e-12, "{group}: {distrust} > {churn}");
        assert!((number(&g["intent_action_gap"]) - (intent - distrust)).abs() < 1e-12);
        let expected = disclosure - (1.0 - concern);
        assert!((number(&g["concern_disclosure_gap"]) - expected).abs() < 1e-12);
        assert!(concern > 0.0, "{group}: concern comes from the population");
    }
    // Existing keys agree with the new ones.
    assert_eq!(gaps["overall"]["actual_churn"], document["churn_rate"]);
    assert_eq!(
        gaps["fundamentalists"]["peak_stated_intent_to_leave"],
        document["segments"]["fundamentalists"]["peak_stated_intent_to_leave"]
    );
    // Fundamentalists state more concern than the unconcerned.
    assert!(
        number(&gaps["fundamentalists"]["mean_concern"])
            > number(&gaps["unconcerned"]["mean_concern"])
    );
}

#[test]
fn csv_ends_with_the_daily_paradox_columns() {
    let csv = success(&["run", "breach-shock", "--shoppers", "1000", "--days", "200"]);
    let header: Vec<&str> = csv.lines().next().expect("header").split(',').collect();
    let tail = [
        "churn_share",
        "intent_action_gap",
        "fundamentalists_intent_action_gap",
        "pragmatists_intent_action_gap",
        "unconcerned_intent_action_gap",
        // Appended after the paradox columns by issue 13.
        "gross_profit",
        "lever_costs",
        "profit",
        "cumulative_profit",
    ];
    assert_eq!(&header[header.len() - tail.len()..], &tail[..]);
    let at = |name: &str| header.iter().position(|h| *h == name).expect("column");
    let (mut breach_cost, mut fines, mut cumulative) = (0.0, 0.0, 0.0);
    let mut distrust_total = 0.0;
    for line in csv.lines().skip(1) {
        let row: Vec<f64> = line
            .split(',')
            .map(|x| x.parse().expect("number"))
            .collect();
        // Profit = gross profit - lever costs - today's breach costs and fines.
        let booked = (row[at("breach_cost")] - breach_cost) + (row[at("fines")] - fines);
        let profit = row[at("gross_profit")] - row[at("lever_costs")] - booked;
        assert!((row[at("profit")] - profit).abs() < 0.02, "{line}");
        cumulative += row[at("profit")];
        assert!(
            (row[at("cumulative_profit")] - cumulative).abs() < 1.0,
            "{line}"
        );
        (breach_cost, fines) = (row[at("breach_cost")], row[at("fines")]);
        let churn = row[at("churn_share")];
        assert!((0.0..=1.0).contains(&churn), "{churn}");
        let expected =
            row[at("churned_total")] / (row[at("churned_total")] + row[at("active_shoppers")]);
        assert!((churn - expected).abs() < 1e-5);
        // The gap subtracts the share lost to distrust (the running sum of churn_distrust).
        distrust_total += row[at("churn_distrust")];
        let distrust = distrust_total / (row[at("churned_total")] + row[at("active_shoppers")]);
        assert!(distrust <= churn + 1e-5, "{line}");
        let gap = row[at("intent_action_gap")];
        assert!((gap - (row[at("stated_intent_to_leave")] - distrust)).abs() < 1e-4);
        assert!((-1.0..=1.0).contains(&gap));
    }
}

#[test]
fn baseline_shows_figures_next_to_benchmarks() {
    let text = success(&["baseline", "--shoppers", "2000", "--days", "120"]);
    for label in [
        "visit-to-order conversion",
        "repeat-purchase share of buyers",
        "orders per shopper, variance/mean",
        "r = 0.243, alpha = 4.414, a = 0.793, b = 2.426",
    ] {
        assert!(text.contains(label), "missing {label}: {text}");
    }
    let document = json(&[
        "baseline",
        "--shoppers",
        "2000",
        "--days",
        "120",
        "--format",
        "json",
    ]);
    let conversion = share(&document["figures"]["conversion_rate"], "conversion");
    assert_eq!(document["conversion"]["value"], conversion);
    let histogram: f64 = document["figures"]["orders_histogram"]
        .as_array()
        .expect("histogram")
        .iter()
        .map(number)
        .sum();
    assert!((histogram - 1.0).abs() < 1e-9);
    assert_eq!(
        document["conversion"]["within"],
        (0.01..=0.05).contains(&conversion)
    );
}
