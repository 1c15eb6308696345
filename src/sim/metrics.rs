//! What a run measures: per-block tallies, the daily metrics and the run summary.

use crate::model::economics::LeverCosts;
use crate::model::events::EventKind;
use crate::model::segment::{PerSegment, Segment};
use crate::units::Cents;
use serde::Serialize;

/// A cause of a change of mean trust: the terms of [`TrustChange`], the columns
/// `trust_change_<cause>`, the kernel's per-block tallies and `explain`'s contributions.
///
/// The first [`TrustCause::TALLIED`] causes move shoppers' trust and are summed over
/// shoppers by the kernel (indexed by `cause as usize`); [`TrustCause::Departures`] moves
/// only the mean, through who left, and is worked out from the day's totals.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum TrustCause {
    WordOfMouth = 0,
    Breach = 1,
    RegulatoryInquiry = 2,
    PolicyChange = 3,
    Creepiness = 4,
    Recovery = 5,
    Departures = 6,
}

impl TrustCause {
    /// Every cause, in the order of [`TrustChange`]'s fields and the CSV columns.
    pub const ALL: [TrustCause; 7] = [
        TrustCause::WordOfMouth,
        TrustCause::Breach,
        TrustCause::RegulatoryInquiry,
        TrustCause::PolicyChange,
        TrustCause::Creepiness,
        TrustCause::Recovery,
        TrustCause::Departures,
    ];

    /// How many causes the kernel tallies per shopper: all but [`TrustCause::Departures`].
    pub const TALLIED: usize = 6;

    /// The cause an event's news is tallied under.
    pub fn of_event(kind: EventKind) -> TrustCause {
        match kind {
            EventKind::Breach => TrustCause::Breach,
            EventKind::RegulatoryInquiry => TrustCause::RegulatoryInquiry,
            EventKind::PolicyChange => TrustCause::PolicyChange,
        }
    }

    /// Name as in the CSV columns `trust_change_<name>`, with spaces.
    pub fn label(self) -> &'static str {
        match self {
            TrustCause::WordOfMouth => "word of mouth",
            TrustCause::Breach => "breach",
            TrustCause::RegulatoryInquiry => "regulatory inquiry",
            TrustCause::PolicyChange => "policy change",
            TrustCause::Creepiness => "creepiness",
            TrustCause::Recovery => "recovery",
            TrustCause::Departures => "departures",
        }
    }
}

/// Sums gathered over one block of shoppers for one day; merged in block order.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct DayTally {
    pub active: u64,
    pub churned_today: u64,
    pub visits: u64,
    pub orders: u64,
    pub clicks: u64,
    pub revenue: Cents,
    pub attributed_revenue: Cents,
    pub trust_sum: f64,
    pub loyalty_sum: f64,
    pub targetable: u64,
    pub stating_intent: u64,
    pub sentiment_sum: f64,
    /// Per segment, indexed by [`Segment::index`] (the kernel's tally arrays): active
    /// shoppers, trust sum, churned today, shoppers stating intent, targetable.
    pub segment_active: [u64; 3],
    pub segment_trust_sum: [f64; 3],
    pub segment_churned_today: [u64; 3],
    pub segment_stating_intent: [u64; 3],
    pub segment_targetable: [u64; 3],
    /// Trust change by cause, summed over shoppers still active at the end of the day.
    pub trust_change: [f64; TrustCause::TALLIED],
    /// Start-of-day trust summed over shoppers still active at the end of the day.
    pub survivors_start_trust_sum: f64,
    /// Expected split of today's churn: natural dropout vs distrust.
    pub churn_natural: f64,
    pub churn_distrust: f64,
    /// The distrust part per segment, indexed by [`Segment::index`].
    pub segment_churn_distrust: [f64; 3],
}

impl DayTally {
    pub fn merge(&mut self, other: &DayTally) {
        self.active += other.active;
        self.churned_today += other.churned_today;
        self.visits += other.visits;
        self.orders += other.orders;
        self.clicks += other.clicks;
        self.revenue += other.revenue;
        self.attributed_revenue += other.attributed_revenue;
        self.trust_sum += other.trust_sum;
        self.loyalty_sum += other.loyalty_sum;
        self.targetable += other.targetable;
        self.stating_intent += other.stating_intent;
        self.sentiment_sum += other.sentiment_sum;
        for s in 0..3 {
            self.segment_active[s] += other.segment_active[s];
            self.segment_trust_sum[s] += other.segment_trust_sum[s];
            self.segment_churned_today[s] += other.segment_churned_today[s];
            self.segment_stating_intent[s] += other.segment_stating_intent[s];
            self.segment_targetable[s] += other.segment_targetable[s];
        }
        for c in 0..TrustCause::TALLIED {
            self.trust_change[c] += other.trust_change[c];
        }
        self.survivors_start_trust_sum += other.survivors_start_trust_sum;
        self.churn_natural += other.churn_natural;
        self.churn_distrust += other.churn_distrust;
        for s in 0..3 {
            self.segment_churn_distrust[s] += other.segment_churn_distrust[s];
        }
    }
}

/// Per-segment figures of one day.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize)]
pub struct SegmentDay {
    pub active_shoppers: u64,
    pub churned_total: u64,
    /// Expected shoppers of the segment lost to distrust since day 1 (abnormal churn: the
    /// distrust part of each departure's hazard, E13).
    pub distrust_churned_total: f64,
    pub mean_trust: f64,
    pub stated_intent_to_leave: f64,
    pub opt_in_rate: f64,
}

/// Why mean trust moved today: the terms add up to `mean_trust_change`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize)]
pub struct TrustChange {
    pub word_of_mouth: f64,
    pub breach: f64,
    pub regulatory_inquiry: f64,
    pub policy_change: f64,
    pub creepiness: f64,
    pub recovery: f64,
    /// Change of the mean because the shoppers who left today had a different trust.
    pub departures: f64,
}

impl TrustChange {
    /// The term of one cause.
    pub fn get(&self, cause: TrustCause) -> f64 {
        match cause {
            TrustCause::WordOfMouth => self.word_of_mouth,
            TrustCause::Breach => self.breach,
            TrustCause::RegulatoryInquiry => self.regulatory_inquiry,
            TrustCause::PolicyChange => self.policy_change,
            TrustCause::Creepiness => self.creepiness,
            TrustCause::Recovery => self.recovery,
            TrustCause::Departures => self.departures,
        }
    }

    /// The change of mean trust: the sum of the terms, added in the order of the fields.
    pub fn total(&self) -> f64 {
        let [first, rest @ ..] = TrustCause::ALL;
        rest.iter()
            .fold(self.get(first), |sum, &cause| sum + self.get(cause))
    }
}

/// Everything measured on one simulated day.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DayMetrics {
    /// 1-based day number.
    pub day: u32,
    pub active_shoppers: u64,
    pub churned_today: u64,
    pub churned_total: u64,
    pub mean_trust: f64,
    pub mean_loyalty: f64,
    pub visits: u64,
    pub orders: u64,
    pub conversion_rate: f64,
    pub revenue: Cents,
    pub cumulative_revenue: Cents,
    pub recommendation_clicks: u64,
    pub attributed_recommendation_revenue: Cents,
    /// Share of active shoppers whose data the retailer may use.
    pub opt_in_rate: f64,
    /// Share of active shoppers who would tell a survey they intend to leave.
    pub stated_intent_to_leave: f64,
    /// Mean negative sentiment of active shoppers.
    pub negative_sentiment: f64,
    /// Records held: shoppers whose record is retained x breadth of data per record.
    pub records_held: f64,
    /// Cumulative direct cost of breaches.
    pub breach_cost: Cents,
    /// Cumulative fines.
    pub fines: Cents,
    /// Indexed by [`Segment::index`] (the engine fills it as an array; serialized as a
    /// 3-array); read one with [`DayMetrics::segment`].
    pub segments: [SegmentDay; 3],
    pub trust_change: TrustChange,
    /// Expected shoppers lost today to natural dropout and to distrust.
    pub churn_natural: f64,
    pub churn_distrust: f64,
    /// Expected shoppers lost to distrust since day 1 (the sum of `churn_distrust`).
    pub distrust_churned_total: f64,
    /// Gross margin on today's revenue (E23).
    pub gross_profit: Cents,
    /// Today's cost of the levers, in total and lever by lever (E24-E25).
    pub lever_costs: Cents,
    pub costs: LeverCosts,
    /// `gross_profit - lever_costs -` today's breach costs and fines.
    pub profit: Cents,
    pub cumulative_profit: Cents,
}

impl DayMetrics {
    pub fn segment(&self, segment: Segment) -> &SegmentDay {
        &self.segments[segment.index()]
    }
}

/// Per-segment summary figures. A segment without shoppers has no trust, churn or
/// opt-in share: its figures serialize as `null`, not as a misleading 0.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct SegmentSummary {
    pub shoppers: u64,
    pub churn_rate: f64,
    pub final_mean_trust: f64,
    pub peak_stated_intent_to_leave: f64,
    pub final_opt_in_rate: f64,
}

impl Serialize for SegmentSummary {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let figure = |value: f64| (self.shoppers > 0).then_some(value);
        let mut out = serializer.serialize_struct("SegmentSummary", 5)?;
        out.serialize_field("shoppers", &self.shoppers)?;
        out.serialize_field("churn_rate", &figure(self.churn_rate))?;
        out.serialize_field("final_mean_trust", &figure(self.final_mean_trust))?;
        out.serialize_field(
            "peak_stated_intent_to_leave",
            &figure(self.peak_stated_intent_to_leave),
        )?;
        out.serialize_field("final_opt_in_rate", &figure(self.final_opt_in_rate))?;
        out.end()
    }
}

/// A run's headline figures. Money is in dollars in serialized output.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Summary {
    pub days: u32,
    pub shoppers: u64,
    /// Real customers the shoppers stand for: money and records are at this scale.
    pub customers: u64,
    #[serde(serialize_with = "serialize_dollars")]
    pub total_revenue: Cents,
    pub total_orders: u64,
    pub total_visits: u64,
    pub final_active_shoppers: u64,
    pub churn_rate: f64,
    pub final_mean_trust: f64,
    pub final_mean_loyalty: f64,
    pub conversion_rate: f64,
    pub recommendation_click_through: f64,
    #[serde(serialize_with = "serialize_dollars")]
    pub attributed_recommendation_revenue: Cents,
    pub peak_stated_intent_to_leave: f64,
    pub final_opt_in_rate: f64,
    pub final_records_held: f64,
    pub breaches: u32,
    #[serde(serialize_with = "serialize_dollars")]
    pub breach_cost: Cents,
    #[serde(serialize_with = "serialize_dollars")]
    pub fines: Cents,
    /// Gross margin on revenue, minus lever costs, breach costs and fines (E23).
    #[serde(serialize_with = "serialize_dollars")]
    pub profit: Cents,
    #[serde(serialize_with = "serialize_dollars")]
    pub gross_profit: Cents,
    /// Total cost of the levers (breach costs and fines are not in it).
    #[serde(serialize_with = "serialize_dollars")]
    pub lever_costs: Cents,
    /// The lever costs lever by lever.
    pub costs: LeverCosts,
    /// Serialized as an object keyed by segment name.
    pub segments: PerSegment<SegmentSummary>,
    /// What shoppers say (concern, intent to leave) against what they do (disclose, leave).
    pub paradox_gap: ParadoxGaps,
}

/// The privacy paradox of one group of shoppers over a run: stated concern and stated
/// intent to leave next to actual disclosure and actual churn.
///
/// Shares are in 0..1; the two gaps are differences of shares, in -1..1. A group without
/// shoppers has no paradox: its figures serialize as `null` (not a gap of -1).
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct ParadoxGap {
    /// Mean privacy concern of the group's shoppers (0..1, fixed per shopper): what
    /// they would state in a survey. 0 when the engine did not supply it.
    pub mean_concern: f64,
    /// Highest daily share of active shoppers who would tell a survey they intend to leave.
    pub peak_stated_intent_to_leave: f64,
    /// Share of the group's shoppers who actually left during the run.
    pub actual_churn: f64,
    /// Share of the group's shoppers who left because of distrust (abnormal churn): the
    /// distrust part of each departure's hazard (E13), natural dropout excluded.
    pub distrust_churn: f64,
    /// `peak_stated_intent_to_leave - distrust_churn`: talk minus the action it is about.
    /// Natural dropout (people who would have left anyway) is not acting on concern, so
    /// it is not counted. Positive when more shoppers say they will leave than do.
    pub intent_action_gap: f64,
    /// Mean over the days of the share of active shoppers whose data the retailer may
    /// use (opt-in / targetable share): actual disclosure.
    pub disclosure_rate: f64,
    /// `disclosure_rate - (1 - mean_concern)`: how much more the group discloses than its
    /// stated concern suggests (if a concern of c meant withholding with probability c).
    /// Positive values are the privacy paradox.
    pub concern_disclosure_gap: f64,
    /// The group had no shoppers: every figure above is meaningless.
    empty: bool,
}

impl Serialize for ParadoxGap {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let figure = |value: f64| (!self.empty).then_some(value);
        let mut out = serializer.serialize_struct("ParadoxGap", 7)?;
        out.serialize_field("mean_concern", &figure(self.mean_concern))?;
        out.serialize_field(
            "peak_stated_intent_to_leave",
            &figure(self.peak_stated_intent_to_leave),
        )?;
        out.serialize_field("actual_churn", &figure(self.actual_churn))?;
        out.serialize_field("distrust_churn", &figure(self.distrust_churn))?;
        out.serialize_field("intent_action_gap", &figure(self.intent_action_gap))?;
        out.serialize_field("disclosure_rate", &figure(self.disclosure_rate))?;
        out.serialize_field(
            "concern_disclosure_gap",
            &figure(self.concern_disclosure_gap),
        )?;
        out.end()
    }
}

impl ParadoxGap {
    fn new(
        mean_concern: f64,
        peak_stated_intent_to_leave: f64,
        actual_churn: f64,
        distrust_churn: f64,
        disclosure_rate: f64,
    ) -> ParadoxGap {
        ParadoxGap {
            mean_concern,
            peak_stated_intent_to_leave,
            actual_churn,
            distrust_churn,
            intent_action_gap: peak_stated_intent_to_leave - distrust_churn,
            disclosure_rate,
            concern_disclosure_gap: disclosure_rate - (1.0 - mean_concern),
            empty: false,
        }
    }

    /// This gap, marked as that of a group without shoppers when `shoppers` is 0.
    fn of_group(self, shoppers: u64) -> ParadoxGap {
        ParadoxGap {
            empty: shoppers == 0,
            ..self
        }
    }
}

/// The paradox gap overall and per segment.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize)]
pub struct ParadoxGaps {
    pub overall: ParadoxGap,
    pub fundamentalists: ParadoxGap,
    pub pragmatists: ParadoxGap,
    pub unconcerned: ParadoxGap,
}

impl ParadoxGaps {
    pub fn get(&self, segment: Segment) -> &ParadoxGap {
        match segment {
            Segment::Fundamentalist => &self.fundamentalists,
            Segment::Pragmatist => &self.pragmatists,
            Segment::Unconcerned => &self.unconcerned,
        }
    }

    fn get_mut(&mut self, segment: Segment) -> &mut ParadoxGap {
        match segment {
            Segment::Fundamentalist => &mut self.fundamentalists,
            Segment::Pragmatist => &mut self.pragmatists,
            Segment::Unconcerned => &mut self.unconcerned,
        }
    }
}

/// Mean privacy concern of each segment's shoppers, indexed by [`Segment::index`], and
/// over everyone.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct MeanConcern {
    /// Filled in by the engine as an array; read it with [`MeanConcern::segment`].
    pub segments: [f64; 3],
    pub overall: f64,
}

impl MeanConcern {
    pub fn segment(&self, segment: Segment) -> f64 {
        self.segments[segment.index()]
    }
}

/// Serializes cents as a dollar amount with two decimals' precision.
pub fn serialize_dollars<S: serde::Serializer>(value: &Cents, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_f64(value.dollars())
}

impl Summary {
    /// Summarizes a run from its daily history and the segment sizes at day 0.
    pub fn from_history(
        history: &[DayMetrics],
        shoppers: u64,
        segment_shoppers: impl Into<PerSegment<u64>>,
        breaches: u32,
    ) -> Summary {
        let segment_shoppers = segment_shoppers.into();
        let ratio = |a: f64, b: f64| if b > 0.0 { a / b } else { 0.0 };
        let total_orders: u64 = history.iter().map(|d| d.orders).sum();
        let total_visits: u64 = history.iter().map(|d| d.visits).sum();
        let total_clicks: u64 = history.iter().map(|d| d.recommendation_clicks).sum();
        let attributed: Cents = history
            .iter()
            .map(|d| d.attributed_recommendation_revenue)
            .sum();
        let peak_intent = history
            .iter()
            .map(|d| d.stated_intent_to_leave)
            .fold(0.0, f64::max);
        let last = history.last();
        let segments = PerSegment::from_fn(|segment| {
            let shoppers = segment_shoppers[segment];
            let churned = last.map_or(0, |d| d.segment(segment).churned_total);
            SegmentSummary {
                shoppers,
                churn_rate: ratio(churned as f64, shoppers as f64),
                final_mean_trust: last.map_or(0.0, |d| d.segment(segment).mean_trust),
                peak_stated_intent_to_leave: history
                    .iter()
                    .map(|d| d.segment(segment).stated_intent_to_leave)
                    .fold(0.0, f64::max),
                final_opt_in_rate: last.map_or(0.0, |d| d.segment(segment).opt_in_rate),
            }
        });
        let mut costs = LeverCosts::default();
        for day in history {
            costs.add(&day.costs);
        }
        Summary {
            days: last.map_or(0, |d| d.day),
            shoppers,
            customers: shoppers,
            total_revenue: last.map_or(Cents::ZERO, |d| d.cumulative_revenue),
            total_orders,
            total_visits,
            final_active_shoppers: last.map_or(shoppers, |d| d.active_shoppers),
            churn_rate: ratio(last.map_or(0, |d| d.churned_total) as f64, shoppers as f64),
            final_mean_trust: last.map_or(0.0, |d| d.mean_trust),
            final_mean_loyalty: last.map_or(0.0, |d| d.mean_loyalty),
            conversion_rate: ratio(total_orders as f64, total_visits as f64),
            recommendation_click_through: ratio(total_clicks as f64, total_visits as f64),
            attributed_recommendation_revenue: attributed,
            peak_stated_intent_to_leave: peak_intent,
            final_opt_in_rate: last.map_or(0.0, |d| d.opt_in_rate),
            final_records_held: last.map_or(0.0, |d| d.records_held),
            breaches,
            breach_cost: last.map_or(Cents::ZERO, |d| d.breach_cost),
            fines: last.map_or(Cents::ZERO, |d| d.fines),
            profit: last.map_or(Cents::ZERO, |d| d.cumulative_profit),
            gross_profit: history.iter().map(|d| d.gross_profit).sum(),
            lever_costs: history.iter().map(|d| d.lever_costs).sum(),
            costs,
            segments,
            paradox_gap: ParadoxGaps::default(),
        }
        .with_paradox_gap(history, MeanConcern::default())
    }

    /// The same summary with the real customer base the shoppers stand for.
    pub fn with_customers(mut self, customers: u64) -> Summary {
        self.customers = customers;
        self
    }

    /// Fills in the paradox gap with the shoppers' mean concern (known to the engine, not
    /// to the history): the other figures come from the summary and its history.
    pub fn with_paradox_gap(mut self, history: &[DayMetrics], concern: MeanConcern) -> Summary {
        let mean_over_days = |figure: &dyn Fn(&DayMetrics) -> f64| {
            if history.is_empty() {
                0.0
            } else {
                history.iter().map(figure).sum::<f64>() / history.len() as f64
            }
        };
        let ratio = |a: f64, b: u64| if b > 0 { a / b as f64 } else { 0.0 };
        let last = history.last();
        self.paradox_gap.overall = ParadoxGap::new(
            concern.overall,
            self.peak_stated_intent_to_leave,
            self.churn_rate,
            ratio(
                last.map_or(0.0, |d| d.distrust_churned_total),
                self.shoppers,
            ),
            mean_over_days(&|d| d.opt_in_rate),
        )
        .of_group(self.shoppers);
        for (segment, seg) in self.segments.iter() {
            *self.paradox_gap.get_mut(segment) = ParadoxGap::new(
                concern.segment(segment),
                seg.peak_stated_intent_to_leave,
                seg.churn_rate,
                ratio(
                    last.map_or(0.0, |d| d.segment(segment).distrust_churned_total),
                    seg.shoppers,
                ),
                mean_over_days(&|d| d.segment(segment).opt_in_rate),
            )
            .of_group(seg.shoppers);
        }
        self
    }
}
