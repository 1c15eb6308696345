//! Verdicts: sentences a lesson text gets from the model instead of asserting them.
//!
//! A claim such as "the shoppers who mind most leave" or "both extremes lose to a middle
//! path" is true of one calibration and false of the next. A lesson therefore writes
//! `{churn_verdict}` where it wants that sentence, and the player chooses and fills the
//! sentence from the sweep it just ran: the text agrees with the table by construction,
//! whatever the model becomes.
//!
//! Every verdict reads the first and last runs of a sweep as "the lowest and highest value
//! tried" (a `vary` sweep) or as "the baseline and the alternative" (variants).

use super::measure::{Measure, Requirement};
use super::player::{SweepResult, VariantResult};
use std::fmt;

/// Churn differences smaller than this (a share of all shoppers: half a percentage point)
/// read as "hardly moved".
pub const CHURN_TOLERANCE: f64 = 0.005;
/// Mean-trust differences smaller than this (trust is 0..1) read as "about as much".
pub const TRUST_TOLERANCE: f64 = 0.01;
/// Click-through ratios within this relative distance of 1 read as "about as many".
pub const CLICK_TOLERANCE: f64 = 0.05;

/// A sentence chosen by what the model measured.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Verdict {
    /// Where revenue peaked in the last `vary` sweep: inside the range (an inverted U), at
    /// its top, or at its bottom.
    PeakVerdict,
    /// How recommendation click-through moved across the last `vary` sweep.
    ClickThroughVerdict,
    /// Whether churn rose, fell or hardly moved from the first to the last value of the
    /// last `vary` sweep.
    ChurnVerdict,
    /// The last run of the last sweep against its first: trust and click-through, each
    /// higher, lower or about the same.
    ComparisonVerdict,
}

impl Verdict {
    pub const ALL: [Verdict; 4] = [
        Verdict::PeakVerdict,
        Verdict::ClickThroughVerdict,
        Verdict::ChurnVerdict,
        Verdict::ComparisonVerdict,
    ];

    /// The spelling used in lesson texts (`{peak_verdict}`).
    pub fn name(self) -> &'static str {
        match self {
            Verdict::PeakVerdict => "peak_verdict",
            Verdict::ClickThroughVerdict => "click_through_verdict",
            Verdict::ChurnVerdict => "churn_verdict",
            Verdict::ComparisonVerdict => "comparison_verdict",
        }
    }

    pub fn from_name(name: &str) -> Option<Verdict> {
        Verdict::ALL
            .into_iter()
            .find(|verdict| verdict.name() == name)
    }

    pub fn requirement(self) -> Requirement {
        match self {
            Verdict::PeakVerdict | Verdict::ClickThroughVerdict | Verdict::ChurnVerdict => {
                Requirement::VarySweep
            }
            Verdict::ComparisonVerdict => Requirement::Sweep,
        }
    }

    /// The sentence for this sweep (the last `vary` sweep for the first three verdicts, the
    /// last sweep of any kind for [`Verdict::ComparisonVerdict`]); `None` with fewer than two
    /// runs.
    pub fn sentence(self, sweep: &SweepResult) -> Option<String> {
        let first = sweep.variants.first()?;
        let last = sweep.variants.last()?;
        if sweep.variants.len() < 2 {
            return None;
        }
        Some(match self {
            Verdict::PeakVerdict => peak(sweep, first, last)?,
            Verdict::ClickThroughVerdict => click_through(sweep, first, last)?,
            Verdict::ChurnVerdict => churn(first, last),
            Verdict::ComparisonVerdict => comparison(first, last),
        })
    }
}

impl fmt::Display for Verdict {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// A run named as the student reads it: the swept value, else the variant's label.
fn named(variant: &VariantResult) -> String {
    match variant.value {
        Some(value) => Measure::BestValue.format(value),
        None => format!("\"{}\"", variant.label),
    }
}

fn percent(share: f64) -> String {
    format!("{:.1}%", share * 100.0)
}

fn clicks(share: f64) -> String {
    format!("{:.2}%", share * 100.0)
}

fn peak(sweep: &SweepResult, first: &VariantResult, last: &VariantResult) -> Option<String> {
    let best = sweep.best()?;
    Some(if best == last {
        format!(
            "The model finds no inverted U here: revenue kept rising up to the highest value \
             tried ({}), so in this run the extra relevance outweighed the creepiness at every step.",
            named(last)
        )
    } else if best == first {
        format!(
            "The model finds no upside here: the lowest value tried ({}) earned the most, so \
             in this run the creepiness outweighed the relevance from the first step.",
            named(first)
        )
    } else {
        format!(
            "Both extremes lose to a middle path ({}): that is the inverted U.",
            named(best)
        )
    })
}

fn click_through(
    sweep: &SweepResult,
    first: &VariantResult,
    last: &VariantResult,
) -> Option<String> {
    let peak = sweep.variants.iter().reduce(|peak, v| {
        if v.click_through > peak.click_through {
            v
        } else {
            peak
        }
    })?;
    Some(if peak == last {
        format!(
            "Click-through rose from {} at {} to {} at {}: in this run more relevance kept paying.",
            clicks(first.click_through),
            named(first),
            clicks(last.click_through),
            named(last)
        )
    } else if peak == first {
        format!(
            "Click-through was highest at {} ({}) and ended at {} at {}: the extra data \
             made recommendations feel intrusive from the first step.",
            named(first),
            clicks(first.click_through),
            clicks(last.click_through),
            named(last)
        )
    } else {
        format!(
            "Click-through rose from {} at {} to {} at {}, then fell to {} at {}: relevance \
             helps at first, then the extra data makes the shop feel intrusive.",
            clicks(first.click_through),
            named(first),
            clicks(peak.click_through),
            named(peak),
            clicks(last.click_through),
            named(last)
        )
    })
}

fn churn(first: &VariantResult, last: &VariantResult) -> String {
    let change = last.churn_rate - first.churn_rate;
    let (a, b) = (percent(first.churn_rate), percent(last.churn_rate));
    let (x, y) = (named(first), named(last));
    if change >= CHURN_TOLERANCE {
        format!("Churn rose from {a} at {x} to {b} at {y}: the shoppers who mind most leave.")
    } else if change <= -CHURN_TOLERANCE {
        format!("Churn fell from {a} at {x} to {b} at {y}: fewer shoppers left, not more.")
    } else {
        format!(
            "Churn hardly moved ({a} at {x}, {b} at {y}): what changed is how shoppers buy, \
             not whether they stay."
        )
    }
}

fn comparison(first: &VariantResult, last: &VariantResult) -> String {
    let trust = last.final_mean_trust - first.final_mean_trust;
    let trusted = if trust >= TRUST_TOLERANCE {
        "more than"
    } else if trust <= -TRUST_TOLERANCE {
        "less than"
    } else {
        "about as much as"
    };
    let ratio = (first.click_through > 0.0).then(|| last.click_through / first.click_through);
    let clicked = match ratio {
        Some(r) if r >= 1.0 + CLICK_TOLERANCE => "more",
        Some(r) if r <= 1.0 - CLICK_TOLERANCE => "fewer",
        _ => "about as many",
    };
    format!(
        "Shoppers of {} ended the year trusting the shop {trusted} those of {} (mean trust \
         {:.2} against {:.2}) and clicked {clicked} recommendations ({} of visits against {}).",
        named(last),
        named(first),
        last.final_mean_trust,
        first.final_mean_trust,
        clicks(last.click_through),
        clicks(first.click_through),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::units::Cents;

    fn run(value: f64, revenue: i64, churn: f64, trust: f64, click: f64) -> VariantResult {
        VariantResult {
            label: format!("p = {value}"),
            value: Some(value),
            total_revenue: Cents(revenue),
            churn_rate: churn,
            final_mean_trust: trust,
            click_through: click,
            conversion_rate: 0.1,
            final_opt_in_rate: 0.9,
        }
    }

    fn sweep(variants: Vec<VariantResult>) -> SweepResult {
        SweepResult {
            vary: Some("strategy.personalization".into()),
            days: 365,
            variants,
        }
    }

    #[test]
    fn the_peak_sentence_follows_where_revenue_peaked() {
        let inside = sweep(vec![
            run(0.0, 10, 0.1, 0.6, 0.01),
            run(0.5, 30, 0.1, 0.6, 0.02),
            run(1.0, 20, 0.1, 0.6, 0.01),
        ]);
        let top = sweep(vec![
            run(0.0, 10, 0.1, 0.6, 0.01),
            run(0.5, 20, 0.1, 0.6, 0.02),
            run(1.0, 30, 0.1, 0.6, 0.03),
        ]);
        let bottom = sweep(vec![
            run(0.0, 30, 0.1, 0.6, 0.03),
            run(0.5, 20, 0.1, 0.6, 0.02),
            run(1.0, 10, 0.1, 0.6, 0.01),
        ]);
        let said = |s: &SweepResult| Verdict::PeakVerdict.sentence(s).unwrap();
        assert!(
            said(&inside).contains("inverted U.") && said(&inside).contains("(0.5)"),
            "{}",
            said(&inside)
        );
        assert!(
            said(&top).contains("no inverted U") && said(&top).contains("(1)"),
            "{}",
            said(&top)
        );
        assert!(
            said(&bottom).contains("lowest value tried (0)"),
            "{}",
            said(&bottom)
        );
        let clicks = |s: &SweepResult| Verdict::ClickThroughVerdict.sentence(s).unwrap();
        assert!(
            clicks(&inside).contains("then fell to 1.00% at 1"),
            "{}",
            clicks(&inside)
        );
        assert!(clicks(&top).contains("kept paying"), "{}", clicks(&top));
        assert!(
            clicks(&bottom).contains("highest at 0 (3.00%)"),
            "{}",
            clicks(&bottom)
        );
    }

    #[test]
    fn churn_and_comparison_say_what_moved_and_what_did_not() {
        let flat = sweep(vec![
            run(0.0, 10, 0.120, 0.67, 0.010),
            run(1.0, 20, 0.121, 0.665, 0.0102),
        ]);
        let rising = sweep(vec![
            run(0.0, 10, 0.10, 0.67, 0.01),
            run(1.0, 20, 0.13, 0.60, 0.005),
        ]);
        let churn = |s: &SweepResult| Verdict::ChurnVerdict.sentence(s).unwrap();
        assert!(
            churn(&flat).starts_with("Churn hardly moved (12.0% at 0, 12.1% at 1)"),
            "{}",
            churn(&flat)
        );
        assert!(
            churn(&rising).contains("rose from 10.0% at 0 to 13.0% at 1"),
            "{}",
            churn(&rising)
        );
        let compare = |s: &SweepResult| Verdict::ComparisonVerdict.sentence(s).unwrap();
        assert!(
            compare(&flat).contains("about as much as") && compare(&flat).contains("about as many"),
            "{}",
            compare(&flat)
        );
        assert!(
            compare(&rising).contains("less than") && compare(&rising).contains("clicked fewer"),
            "{}",
            compare(&rising)
        );
        assert_eq!(
            Verdict::ChurnVerdict.sentence(&sweep(vec![run(0.0, 1, 0.1, 0.6, 0.01)])),
            None
        );
    }

    #[test]
    fn names_round_trip_and_do_not_clash_with_measures() {
        for verdict in Verdict::ALL {
            assert_eq!(Verdict::from_name(verdict.name()), Some(verdict));
            assert_eq!(Measure::from_name(verdict.name()), None);
        }
    }
}
