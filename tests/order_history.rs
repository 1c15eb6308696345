//! The order-history readers and the panel summaries on the shipped CDNOW copy.
//!
//! The expected counts were computed independently (a one-off Python script reading the
//! same file, one transaction per customer-day), so a reader or panel bug shows here.

use shopsim::calibration::orders::{read_cdnow, CivilDay};
use shopsim::calibration::panel::Panel;

fn cdnow_panel() -> Panel {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/data/cdnow/CDNOW_master.txt");
    let text = std::fs::read_to_string(path).expect("the shipped CDNOW copy");
    let history = read_cdnow(&text, path).expect("CDNOW reads without errors");
    assert_eq!(history.counts.rows, 69_659);
    assert_eq!(history.counts.refunds, 0);
    let start = CivilDay::from_ymd(1997, 1, 1).expect("a date");
    Panel::new(&history.transactions(), start, 39 * 7, 78 * 7)
}

#[test]
fn cdnow_reads_into_the_published_cohort() {
    let panel = cdnow_panel();
    assert_eq!(panel.customers.len(), 23_570);
    assert_eq!(panel.late_customers, 0);
    assert_eq!(panel.calibration_repeats(), 24_337);
    assert_eq!(panel.holdout_repeats(), 19_684);
    let cumulative = panel.cumulative_repeats();
    assert_eq!(cumulative.len(), 78);
    assert_eq!(cumulative[38], 24_337);
    assert_eq!(cumulative[77], 24_337 + 19_684);
    // Everyone's first purchase is in the first quarter of 1997 (days 0..=89).
    assert!(panel.customers.iter().all(|c| c.first_day < 90));
}

#[test]
fn cdnow_conditional_table_matches_the_independent_count() {
    let table = cdnow_panel().conditional_expectations();
    let customers: Vec<u64> = table.iter().map(|(n, _)| *n).collect();
    assert_eq!(customers, [14_119, 4_442, 2_064, 1_084, 605, 348, 272, 636]);
    let means = [0.251, 0.784, 1.403, 1.837, 2.451, 3.063, 3.801, 6.591];
    for (bucket, ((_, mean), expected)) in table.iter().zip(means).enumerate() {
        assert!(
            (mean - expected).abs() < 0.0005,
            "bucket {bucket}: {mean} vs {expected}"
        );
    }
}
