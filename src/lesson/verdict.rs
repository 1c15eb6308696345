//! Verdicts: sentences a lesson text gets from the model instead of asserting them.
//!
//! A claim such as "the shoppers who mind most leave" or "both extremes lose to a middle
//! path" is true of one calibration and false of the next. A lesson therefore writes
//! `{churn_verdict}` where it wants that sentence, and the player chooses and fills the
//! sentence from the sweep it just ran: the text agrees with the table by construction,
//! whatever the model becomes.
//!
//! Every sweep verdict reads the first and last runs of a sweep as "the lowest and highest
//! value tried" (a `vary` sweep) or as "the baseline and the alternative" (variants).
//! [`Verdict::BreachVerdict`] reads the run against the same run without its last
//! injected event.

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
/// Revenue and profit ratios within this relative distance of 1 read as "about the same".
pub const MONEY_TOLERANCE: f64 = 0.01;

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
    /// The last run of the last sweep against its first in money: whether more revenue
    /// meant more profit, and whether the extra lever costs paid for themselves.
    ProfitVerdict,
    /// What the last injected event did to profit: whether the year stayed profitable,
    /// and whether the bills or the lost sales weighed more.
    BreachVerdict,
}

impl Verdict {
    pub const ALL: [Verdict; 6] = [
        Verdict::PeakVerdict,
        Verdict::ClickThroughVerdict,
        Verdict::ChurnVerdict,
        Verdict::ComparisonVerdict,
        Verdict::ProfitVerdict,
        Verdict::BreachVerdict,
    ];

    /// The spelling used in lesson texts (`{peak_verdict}`).
    pub fn name(self) -> &'static str {
        match self {
            Verdict::PeakVerdict => "peak_verdict",
            Verdict::ClickThroughVerdict => "click_through_verdict",
            Verdict::ChurnVerdict => "churn_verdict",
            Verdict::ComparisonVerdict => "comparison_verdict",
            Verdict::ProfitVerdict => "profit_verdict",
            Verdict::BreachVerdict => "breach_verdict",
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
            Verdict::ComparisonVerdict | Verdict::ProfitVerdict => Requirement::Sweep,
            Verdict::BreachVerdict => Requirement::Injection,
        }
    }

    /// The sentence for this sweep (the last `vary` sweep for the first three verdicts, the
    /// last sweep of any kind for [`Verdict::ComparisonVerdict`] and
    /// [`Verdict::ProfitVerdict`]); `None` with fewer than two runs, and for
    /// [`Verdict::BreachVerdict`], which reads no sweep (see [`breach`]).
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
            Verdict::ProfitVerdict => profit(first, last)?,
            Verdict::BreachVerdict => return None,
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

/// Up, down or about the same, for a ratio of money.
fn direction(ratio: f64) -> std::cmp::Ordering {
    if ratio >= 1.0 + MONEY_TOLERANCE {
        std::cmp::Ordering::Greater
    } else if ratio <= 1.0 - MONEY_TOLERANCE {
        std::cmp::Ordering::Less
    } else {
        std::cmp::Ordering::Equal
    }
}

fn money(dollars: f64) -> String {
    crate::report::format::compact_money(crate::units::Cents::from_dollars(dollars))
}

fn profit(first: &VariantResult, last: &VariantResult) -> Option<String> {
    use std::cmp::Ordering::{Equal, Greater, Less};
    let (a, b) = (named(first), named(last));
    let revenue =
        last.total_revenue.dollars() / first.total_revenue.dollars().max(f64::MIN_POSITIVE);
    let extra_margin = (last.gross_profit - first.gross_profit).dollars();
    let extra_costs = (last.lever_costs - first.lever_costs).dollars();
    let (p_first, p_last) = (first.total_profit.dollars(), last.total_profit.dollars());
    if p_first <= 0.0 {
        return Some(format!(
            "{b} ended the year with {} of profit against {} for {a}.",
            money(p_last),
            money(p_first)
        ));
    }
    let costs = format!(
        "{} more gross margin against {} more lever costs",
        money(extra_margin),
        money(extra_costs)
    );
    Some(match (direction(revenue), direction(p_last / p_first)) {
        (Greater, Less) => format!(
            "More revenue did not mean more profit: {b} sold more than {a} but earned less              ({costs}); its levers cost more than the sales they added."
        ),
        (Greater, Greater) | (Equal, Greater) => format!(
            "{b} paid for itself: it earned more profit than {a} ({costs})."
        ),
        (Less, Greater) => format!(
            "{b} sold less than {a} yet earned more: its levers cost less than the margin it              gave up ({costs})."
        ),
        (_, Less) => format!(
            "{b} earned less profit than {a} ({costs}): its levers did not pay for themselves."
        ),
        (_, Equal) => format!(
            "{b} and {a} earned about the same profit ({costs}): the extra costs and the              extra margin cancel out."
        ),
    })
}

/// The sentence of [`Verdict::BreachVerdict`] from what the event cost in profit (`lost`,
/// in dollars), the profit of the run without it (`without`) and the share of the loss
/// that is bills (breach costs and fines) rather than margin on lost sales.
pub fn breach(lost: f64, without: f64, bills_share: f64) -> String {
    let year = if without > 0.0 && lost >= without {
        format!(
            "The breach cost more than the whole profit of the same year without it ({}):              the shop ends the year in the red.",
            money(without)
        )
    } else if without > 0.0 {
        format!(
            "The shop stays profitable, but the breach took {:.0}% of what the same year              earned without it.",
            100.0 * lost / without
        )
    } else {
        "Even without the breach the shop made no profit this year; the breach deepened the          loss."
            .to_string()
    };
    let split = if bills_share >= 0.5 {
        "Most of the loss is the bills (response, notification and the fine), not the          shoppers who left: few shoppers act on their anger."
    } else {
        "Most of the loss is margin on lost sales, from shoppers who left or bought less,          not the bills."
    };
    format!("{year} {split}")
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
            total_profit: Cents(revenue * 4 / 10),
            gross_profit: Cents(revenue * 4 / 10),
            lever_costs: Cents(0),
        }
    }

    /// A run with the given revenue, gross margin and lever costs (profit: the difference).
    fn priced(label: &str, revenue: i64, margin: i64, costs: i64) -> VariantResult {
        VariantResult {
            label: label.to_string(),
            value: None,
            total_profit: Cents(margin - costs),
            gross_profit: Cents(margin),
            lever_costs: Cents(costs),
            ..run(0.0, revenue, 0.1, 0.6, 0.01)
        }
    }

    #[test]
    fn the_profit_sentence_weighs_extra_margin_against_extra_costs() {
        let said = |first, last| {
            Verdict::ProfitVerdict
                .sentence(&sweep(vec![first, last]))
                .unwrap()
        };
        let dearer = said(
            priced("balanced", 100_000, 40_000, 1_000),
            priced("max", 104_000, 41_600, 9_000),
        );
        assert!(
            dearer.starts_with("More revenue did not mean more profit: \"max\" sold more"),
            "{dearer}"
        );
        assert!(
            dearer.contains("$16 more gross margin against $80 more lever costs"),
            "{dearer}"
        );
        let paying = said(
            priced("balanced", 100_000, 40_000, 1_000),
            priced("tuned", 110_000, 44_000, 2_000),
        );
        assert!(paying.contains("\"tuned\" paid for itself"), "{paying}");
        let cheaper = said(
            priced("balanced", 100_000, 40_000, 5_000),
            priced("lean", 95_000, 38_000, 1_000),
        );
        assert!(
            cheaper.contains("sold less than \"balanced\" yet earned more"),
            "{cheaper}"
        );
    }

    #[test]
    fn the_breach_sentence_says_whether_the_year_stays_profitable_and_what_weighed_most() {
        let mild = breach(10.0e6, 40.0e6, 0.74);
        assert!(
            mild.contains("stays profitable") && mild.contains("took 25%"),
            "{mild}"
        );
        assert!(mild.contains("Most of the loss is the bills"), "{mild}");
        let ruinous = breach(50.0e6, 40.0e6, 0.3);
        assert!(ruinous.contains("ends the year in the red"), "{ruinous}");
        assert!(ruinous.contains("margin on lost sales"), "{ruinous}");
        assert_eq!(Verdict::BreachVerdict.requirement(), Requirement::Injection);
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
