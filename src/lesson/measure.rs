//! Named measurements a lesson can ask students to predict and reveal in a debrief.
//!
//! Every figure comes from the running model: the lesson's main engine, its counterfactual
//! (the same run without the last injected event, on common random numbers) or the last
//! sweep's side-by-side engines. Lesson texts never carry the numbers themselves. Money is
//! at real scale (the scenario's customers), like every money figure of a run.

use crate::report::format::compact_money;
use crate::units::Cents;
use std::fmt;

/// What a measurement needs to have happened before it can be computed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Requirement {
    /// Nothing: it reads the main engine as it stands.
    Nothing,
    /// A `set` step that injected an event (the counterfactual is forked there).
    Injection,
    /// A `sweep` step with `vary` and `values`.
    VarySweep,
    /// A `sweep` step with at least two variants (the first is the baseline).
    Sweep,
}

/// How a measurement's value reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unit {
    /// A share of shoppers, shown as a percentage.
    Share,
    /// A ratio between two runs, shown as `2.1x`.
    Ratio,
    /// A change of mean trust (trust is 0..1), shown with two decimals.
    TrustPoints,
    /// A value of the swept lever, shown as written.
    LeverValue,
    /// A number of days.
    Days,
    /// Dollars at real scale, shown compactly (`$4.2M`).
    Money,
}

/// A measurement a lesson can predict and reveal.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Measure {
    /// Shoppers lost with the event minus shoppers lost in the counterfactual, as a share
    /// of all shoppers, from the injection to now.
    AbnormalChurn,
    /// The highest share of active shoppers stating an intention to leave, since the last
    /// injection (or since day 1 if nothing was injected).
    PeakStatedIntent,
    /// [`Measure::PeakStatedIntent`] divided by [`Measure::AbnormalChurn`]: how many times
    /// more shoppers say they will leave than actually leave because of the event.
    TalkActionRatio,
    /// The largest gap in mean trust between the counterfactual and the run since the
    /// injection.
    TrustDrop,
    /// The gap in mean trust between the counterfactual and the run today, as a share of
    /// [`Measure::TrustDrop`]: how much of the damage to trust is still there.
    TrustGapRemaining,
    /// Days from the injection to the largest trust gap: how fast trust falls.
    TrustFallDays,
    /// Days from the largest trust gap until it is back to half its size: how slowly
    /// trust returns. Not measurable until that has happened.
    TrustHalfRecoveryDays,
    /// Mean trust of the active shoppers now.
    MeanTrust,
    /// Shoppers lost so far (all causes), as a share of all shoppers.
    ChurnRate,
    /// The swept value with the highest total revenue in the last `vary` sweep.
    BestValue,
    /// Total revenue of the last variant of the last sweep over that of its first.
    RevenueRatio,
    /// Recommendation click-through (clicks per visit) of the last variant of the last
    /// sweep over that of its first.
    ClickThroughRatio,
    /// Profit (gross margin less lever costs, breach costs and fines) of the last variant
    /// of the last sweep over that of its first.
    ProfitRatio,
    /// Lever costs of the last variant of the last sweep over those of its first.
    LeverCostRatio,
    /// Lever costs of the last variant of the last sweep minus those of its first, in
    /// dollars.
    ExtraLeverCosts,
    /// Gross margin of the last variant of the last sweep minus that of its first, in
    /// dollars.
    ExtraGrossProfit,
    /// Profit of the main run so far, in dollars.
    ProfitSoFar,
    /// Profit so far of the run without the last injected event, in dollars.
    ProfitWithoutEvent,
    /// Profit so far of the run without the last injected event minus that of the run, in
    /// dollars: what the event cost.
    ProfitLost,
    /// [`Measure::ProfitLost`] as a share of [`Measure::ProfitWithoutEvent`].
    ProfitLostShare,
    /// The share of [`Measure::ProfitLost`] that is the event's bills (breach costs and
    /// fines, against the run without it); the rest is margin on lost sales.
    BillsShare,
}

impl Measure {
    pub const ALL: [Measure; 21] = [
        Measure::AbnormalChurn,
        Measure::PeakStatedIntent,
        Measure::TalkActionRatio,
        Measure::TrustDrop,
        Measure::TrustGapRemaining,
        Measure::TrustFallDays,
        Measure::TrustHalfRecoveryDays,
        Measure::MeanTrust,
        Measure::ChurnRate,
        Measure::BestValue,
        Measure::RevenueRatio,
        Measure::ClickThroughRatio,
        Measure::ProfitRatio,
        Measure::LeverCostRatio,
        Measure::ExtraLeverCosts,
        Measure::ExtraGrossProfit,
        Measure::ProfitSoFar,
        Measure::ProfitWithoutEvent,
        Measure::ProfitLost,
        Measure::ProfitLostShare,
        Measure::BillsShare,
    ];

    /// The spelling used in lesson files (`measure = "..."`, `{placeholder}`).
    pub fn name(self) -> &'static str {
        match self {
            Measure::AbnormalChurn => "abnormal_churn",
            Measure::PeakStatedIntent => "peak_stated_intent",
            Measure::TalkActionRatio => "talk_action_ratio",
            Measure::TrustDrop => "trust_drop",
            Measure::TrustGapRemaining => "trust_gap_remaining",
            Measure::TrustFallDays => "trust_fall_days",
            Measure::TrustHalfRecoveryDays => "trust_half_recovery_days",
            Measure::MeanTrust => "mean_trust",
            Measure::ChurnRate => "churn_rate",
            Measure::BestValue => "best_value",
            Measure::RevenueRatio => "revenue_ratio",
            Measure::ClickThroughRatio => "click_through_ratio",
            Measure::ProfitRatio => "profit_ratio",
            Measure::LeverCostRatio => "lever_cost_ratio",
            Measure::ExtraLeverCosts => "extra_lever_costs",
            Measure::ExtraGrossProfit => "extra_gross_profit",
            Measure::ProfitSoFar => "profit_so_far",
            Measure::ProfitWithoutEvent => "profit_without_event",
            Measure::ProfitLost => "profit_lost",
            Measure::ProfitLostShare => "profit_lost_share",
            Measure::BillsShare => "bills_share",
        }
    }

    pub fn from_name(name: &str) -> Option<Measure> {
        Measure::ALL
            .into_iter()
            .find(|measure| measure.name() == name)
    }

    pub fn requirement(self) -> Requirement {
        match self {
            Measure::AbnormalChurn
            | Measure::TalkActionRatio
            | Measure::TrustDrop
            | Measure::TrustGapRemaining
            | Measure::TrustFallDays
            | Measure::TrustHalfRecoveryDays
            | Measure::PeakStatedIntent
            | Measure::ProfitWithoutEvent
            | Measure::ProfitLost
            | Measure::ProfitLostShare
            | Measure::BillsShare => Requirement::Injection,
            Measure::MeanTrust | Measure::ChurnRate | Measure::ProfitSoFar => Requirement::Nothing,
            Measure::BestValue => Requirement::VarySweep,
            Measure::RevenueRatio
            | Measure::ClickThroughRatio
            | Measure::ProfitRatio
            | Measure::LeverCostRatio
            | Measure::ExtraLeverCosts
            | Measure::ExtraGrossProfit => Requirement::Sweep,
        }
    }

    pub fn unit(self) -> Unit {
        match self {
            Measure::AbnormalChurn
            | Measure::PeakStatedIntent
            | Measure::MeanTrust
            | Measure::ChurnRate
            | Measure::TrustGapRemaining
            | Measure::ProfitLostShare
            | Measure::BillsShare => Unit::Share,
            Measure::TalkActionRatio
            | Measure::RevenueRatio
            | Measure::ClickThroughRatio
            | Measure::ProfitRatio
            | Measure::LeverCostRatio => Unit::Ratio,
            Measure::ExtraLeverCosts
            | Measure::ExtraGrossProfit
            | Measure::ProfitSoFar
            | Measure::ProfitWithoutEvent
            | Measure::ProfitLost => Unit::Money,
            Measure::TrustDrop => Unit::TrustPoints,
            Measure::BestValue => Unit::LeverValue,
            Measure::TrustFallDays | Measure::TrustHalfRecoveryDays => Unit::Days,
        }
    }

    /// A value of this measurement as a student reads it.
    pub fn format(self, value: f64) -> String {
        match self.unit() {
            Unit::Share if self == Measure::MeanTrust => format!("{value:.2}"),
            Unit::Share => format!("{:.1}%", value * 100.0),
            // Ratios near 1 (a few percent of revenue) need the second decimal.
            Unit::Ratio if (0.8..1.25).contains(&value) => format!("{value:.2}x"),
            Unit::Ratio => format!("{value:.1}x"),
            Unit::Money => compact_money(Cents::from_dollars(value)),
            Unit::TrustPoints => format!("{value:.2}"),
            Unit::LeverValue => format!("{value}"),
            Unit::Days if value == 1.0 => "1 day".to_string(),
            Unit::Days => format!("{value:.0} days"),
        }
    }

    /// What the research found, with its sources: shown beside the model's figure in a
    /// debrief (see `docs/MODEL.md` and the calibration brief for the full references).
    pub fn evidence(self) -> &'static str {
        match self {
            Measure::AbnormalChurn => {
                "Studies of real breaches measure abnormal churn of about 1.5% in retail and \
                 3.9% across industries (Ponemon Institute, 2008 and 2019)."
            }
            Measure::PeakStatedIntent => {
                "In surveys, 19-70% of consumers say they would stop buying from a retailer \
                 that lost their data (Ponemon Institute 2019 and other consumer surveys)."
            }
            Measure::TalkActionRatio => {
                "Stated intentions (19-70% say they would leave) far exceed the abnormal churn \
                 measured after real breaches (1.5-3.9%, Ponemon Institute): the privacy \
                 paradox in numbers."
            }
            Measure::TrustDrop
            | Measure::TrustGapRemaining
            | Measure::TrustFallDays
            | Measure::TrustHalfRecoveryDays => {
                "Trust is lost quickly and rebuilt slowly: negative events weigh more than \
                 positive ones (Slovic 1993, Risk Analysis)."
            }
            Measure::MeanTrust => {
                "Trust moderates personalization: deeper personalization pays only for \
                 retailers shoppers trust (Bleier & Eisenbeiss 2015, Marketing Science)."
            }
            Measure::ChurnRate => {
                "About 37% of consumers report having switched a provider over its data \
                 practices (Cisco Consumer Privacy Survey 2021-2023)."
            }
            Measure::BestValue => {
                "Personalization lifts revenue by 5-15% (McKinsey 2021), but shoppers are more \
                 than 3x likelier to abandon brands that over-personalize (Gartner 2019-2021), \
                 so the research expects a peak short of the maximum; how far it lies depends \
                 on how much shoppers trust the shop (Bleier & Eisenbeiss 2015)."
            }
            Measure::RevenueRatio => {
                "Personalization lifts revenue by 5-15% (McKinsey 2021), and more for retailers \
                 shoppers trust (Bleier & Eisenbeiss 2015, Marketing Science); openly disclosed \
                 collection outperforms covert collection (Aguirre et al. 2015, Journal of \
                 Retailing)."
            }
            Measure::ClickThroughRatio => {
                "Giving users control over their privacy settings roughly doubled \
                 click-through on personalized ads (Tucker 2014, Journal of Marketing \
                 Research); overt collection beats covert (Aguirre et al. 2015)."
            }
            Measure::ProfitRatio
            | Measure::LeverCostRatio
            | Measure::ExtraLeverCosts
            | Measure::ExtraGrossProfit => {
                "Personalization lifts revenue by 5-15% (McKinsey 2021), but platforms, data \
                 and the staff to run them cost a mid-size retailer of the order of $0.5-2M a \
                 year, and security is worth at most about a third of the expected loss it \
                 prevents (Gordon & Loeb 2002). The model's lever prices are documented \
                 assumptions (docs/MODEL.md, E24-E25)."
            }
            Measure::ProfitSoFar => {
                "Profit here is gross margin less the levers' costs, breach costs and fines: \
                 a contribution, not operating profit (docs/MODEL.md, E23-E24)."
            }
            Measure::ProfitWithoutEvent
            | Measure::ProfitLost
            | Measure::ProfitLostShare
            | Measure::BillsShare => {
                "A data breach cost $4.88M on average in 2024, of which lost business (shoppers \
                 who leave, sales not made) is a large part (IBM/Ponemon Cost of a Data Breach \
                 2024); abnormal churn after real breaches is only 1.5-3.9% (Ponemon 2008, \
                 2019), so for a retailer the bills can outweigh the shoppers lost."
            }
        }
    }
}

impl fmt::Display for Measure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip_and_are_unique() {
        for measure in Measure::ALL {
            assert_eq!(Measure::from_name(measure.name()), Some(measure));
        }
        let mut names: Vec<&str> = Measure::ALL.iter().map(|m| m.name()).collect();
        names.sort_unstable();
        names.dedup();
        assert_eq!(names.len(), Measure::ALL.len());
        assert_eq!(Measure::from_name("abnormal churn"), None);
    }

    #[test]
    fn values_read_in_their_unit() {
        assert_eq!(Measure::AbnormalChurn.format(0.0234), "2.3%");
        assert_eq!(Measure::TalkActionRatio.format(7.25), "7.2x");
        assert_eq!(Measure::MeanTrust.format(0.614), "0.61");
        assert_eq!(Measure::BestValue.format(0.75), "0.75");
        assert_eq!(Measure::ProfitRatio.format(0.8174), "0.82x");
        assert_eq!(Measure::LeverCostRatio.format(8.66), "8.7x");
        assert_eq!(Measure::ProfitLost.format(9_922_696.5), "$9.9M");
    }
}
