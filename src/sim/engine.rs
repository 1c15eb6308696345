//! The simulation engine: one [`Engine::step`] simulates one day for every shopper.
//!
//! Order of a day (see `docs/MODEL.md`, "Process overview and scheduling"):
//! 0. the strategy for the day is already set: a scheduled change (`[[changes]]`) is
//!    applied when the day before ends, like a lever moved between days, so that a move
//!    made between days on top of it wins; if the consent model differs from the one the
//!    shoppers' consent was drawn under, their consent is re-drawn now;
//! 1. events scheduled for the day fire (and a random breach may happen);
//! 2. per shopper, in parallel over fixed blocks:
//!    word of mouth (hears what neighbours said yesterday: synchronous update),
//!    news of events lands, visit, content, purchase and clicks, experience,
//!    trust recovery, churn, survey, and tells neighbours its sentiment for tomorrow;
//! 3. block tallies are merged in block order into the day's [`DayMetrics`], word of
//!    mouth between blocks is delivered, and visits update the last-visit counts.

use crate::model::daily;
use crate::model::economics::{self, CostBase, Profit, Scale};
use crate::model::events::{EventKind, ScheduledEvent};
use crate::model::mechanisms::StrategyEffects;
use crate::model::network::{Hearsay, SocialNetwork};
use crate::model::params::ModelParams;
use crate::model::population::{
    initial_population, redraw_consent, segment_counts, ShopperBlock, AWAITING_ENTRY, BLOCK_SIZE,
    CHURNED, NEVER_VISITED,
};
use crate::model::retailer;
use crate::model::segment::Segment;
use crate::model::strategy::{ConsentModel, Strategy};
use crate::rng::{CounterRng, Stream};
use crate::scenario::Scenario;
use crate::sim::kernel::{simulate_block, DayContext, NewsWave};
use crate::sim::metrics::{
    DayMetrics, DayTally, MeanConcern, SegmentDay, Summary, TrustCause, TrustChange,
};
use crate::sim::records::LastVisitCounts;
use crate::units::{Cents, UnitInterval};
use rayon::prelude::*;
use serde::Serialize;

/// Where an event came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum EventOrigin {
    /// Listed in the scenario's `[[events]]`.
    Scheduled,
    /// Injected while running (TUI key, lesson step, API call).
    Injected,
    /// Drawn from the strategy's random breach hazard.
    Random,
}

/// An event that fired, with its immediate consequences for the retailer.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct EventRecord {
    pub day: u32,
    pub kind: EventKind,
    pub severity: f64,
    pub origin: EventOrigin,
    /// Records exposed (breaches only).
    pub records_exposed: f64,
    pub cost: Cents,
    pub fine: Cents,
}

/// A strategy that took effect on a day (day 1 for the initial strategy).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct StrategyChange {
    pub day: u32,
    pub strategy: Strategy,
}

/// The simulation engine. Create it from a validated [`Scenario`], then call
/// [`Engine::step`] once per day. Cloning (or [`Engine::fork`]) gives an independent
/// branch that shares the random numbers of the original.
#[derive(Debug, Clone)]
pub struct Engine {
    scenario: Scenario,
    params: ModelParams,
    rng: CounterRng,
    strategy: Strategy,
    effects: StrategyEffects,
    blocks: Vec<ShopperBlock>,
    tallies: Vec<DayTally>,
    /// Per block, scratch for today's visitors' previous last-visit days.
    previous_visits: Vec<Vec<i32>>,
    /// Per block, scratch marking the shoppers whose day is worked out one by one.
    marks: Vec<Vec<u8>>,
    /// Shoppers by the day of their last visit (records held, E17).
    last_visits: LastVisitCounts,
    network: Option<SocialNetwork>,
    /// Word of mouth in flight (empty without a network).
    hearsay: Hearsay,
    segment_shoppers: [u64; 3],
    day: u32,
    pending: Vec<(ScheduledEvent, EventOrigin)>,
    news: Vec<NewsWave>,
    history: Vec<DayMetrics>,
    events: Vec<EventRecord>,
    strategy_changes: Vec<StrategyChange>,
    /// Index of the scenario's next strategy change not yet applied.
    next_change: usize,
    /// The consent model the shoppers' consent was last drawn under.
    consent_drawn_under: ConsentModel,
    /// Money, records and fines are reported at this scale (customers per shopper).
    scale: Scale,
    cumulative_revenue: Cents,
    cumulative_profit: Cents,
    breach_cost: Cents,
    fines: Cents,
    /// Breach costs and fines booked before today (today's are the difference).
    breach_cost_before_today: Cents,
    fines_before_today: Cents,
    churned_total: u64,
    segment_churned_total: [u64; 3],
    distrust_churned_total: f64,
    segment_distrust_churned_total: [f64; 3],
    records_held: f64,
    last_mean_trust: f64,
    /// Cohort mode: shoppers below this id have entered (see [`Engine::admit`]).
    admitted: u64,
    /// Cohort mode with a newcomer burst: each cohort customer's own visit propensity,
    /// which [`Engine::boost_newcomers`] scales in their first days (empty otherwise).
    newcomer_propensity: Vec<f32>,
}

/// The engine could not be built from the given parameters.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("invalid model parameters: {0}")]
pub struct EngineError(pub String);

impl Engine {
    /// Builds the day-0 population of a scenario with its model parameters (the
    /// defaults with the `[model]` table's overrides).
    pub fn new(scenario: &Scenario) -> Engine {
        // Validation keeps every `[model]` value within ranges that build valid
        // distributions (checked at the ranges' ends by the table's tests).
        match Engine::with_params(scenario, scenario.model.clone()) {
            Ok(engine) => engine,
            Err(_) => unreachable!("validated model parameters are valid"),
        }
    }

    /// Builds the day-0 population with explicit model parameters.
    pub fn with_params(scenario: &Scenario, params: ModelParams) -> Result<Engine, EngineError> {
        let rng = CounterRng::new(scenario.simulation.seed);
        let strategy = scenario.strategy;
        let effects = StrategyEffects::new(&strategy, &params.behaviour);
        let shoppers = scenario.simulation.shoppers;
        let blocks = initial_population(
            shoppers,
            &scenario.population.mix,
            &params.population,
            &params.behaviour,
            &effects,
            &rng,
        )
        .ok_or_else(|| EngineError("a population distribution is invalid".into()))?;
        let network = scenario.population.social_network.then(|| {
            SocialNetwork::watts_strogatz(
                shoppers,
                params.population.network_degree,
                params.population.network_rewiring,
                &rng,
            )
        });
        let mut blocks = blocks;
        let mut newcomer_propensity = Vec::new();
        if let Some(cohort) = &scenario.cohort {
            await_entry(&mut blocks, cohort.customers());
            if params.population.newcomer_visit_boost > 0.0 {
                newcomer_propensity = blocks
                    .iter()
                    .flat_map(|b| b.visit_propensity.iter().copied())
                    .take(cohort.customers() as usize)
                    .collect();
            }
        }
        let segment_shoppers = segment_counts(&blocks);
        let mut pending: Vec<(ScheduledEvent, EventOrigin)> = scenario
            .events
            .iter()
            .map(|e| (*e, EventOrigin::Scheduled))
            .collect();
        pending.sort_by_key(|(e, _)| e.day);
        let tallies = vec![DayTally::default(); blocks.len()];
        let last_visits = LastVisitCounts::of(&blocks);
        // Word of mouth needs its buffers only when there is a network.
        let hearsay = network
            .as_ref()
            .map(|net| Hearsay::new(net, BLOCK_SIZE))
            .unwrap_or_default();
        let mut engine = Engine {
            scenario: scenario.clone(),
            params,
            rng,
            strategy,
            effects,
            blocks,
            previous_visits: vec![Vec::new(); tallies.len()],
            marks: vec![Vec::new(); tallies.len()],
            last_visits,
            tallies,
            network,
            hearsay,
            segment_shoppers,
            day: 0,
            pending,
            news: Vec::new(),
            history: Vec::with_capacity(scenario.simulation.days as usize),
            events: Vec::new(),
            strategy_changes: vec![StrategyChange { day: 1, strategy }],
            next_change: 0,
            consent_drawn_under: strategy.consent,
            scale: scenario.scale(),
            cumulative_revenue: Cents::ZERO,
            cumulative_profit: Cents::ZERO,
            breach_cost: Cents::ZERO,
            fines: Cents::ZERO,
            breach_cost_before_today: Cents::ZERO,
            fines_before_today: Cents::ZERO,
            churned_total: 0,
            segment_churned_total: [0; 3],
            distrust_churned_total: 0.0,
            segment_distrust_churned_total: [0.0; 3],
            records_held: 0.0,
            last_mean_trust: 0.0,
            admitted: 0,
            newcomer_propensity,
        };
        engine.records_held = engine.records_held_on(0);
        engine.last_mean_trust = engine.mean_trust_now();
        engine.apply_scheduled_changes();
        Ok(engine)
    }

    /// The scenario the engine was built from (its strategy is the initial one).
    pub fn scenario(&self) -> &Scenario {
        &self.scenario
    }

    pub fn params(&self) -> &ModelParams {
        &self.params
    }

    /// Days simulated so far (0 before the first step).
    pub fn day(&self) -> u32 {
        self.day
    }

    /// Whether the scenario's last day has been simulated. Stepping further is allowed.
    pub fn is_finished(&self) -> bool {
        self.day >= self.scenario.simulation.days
    }

    pub fn strategy(&self) -> &Strategy {
        &self.strategy
    }

    pub fn history(&self) -> &[DayMetrics] {
        &self.history
    }

    pub fn events(&self) -> &[EventRecord] {
        &self.events
    }

    pub fn strategy_changes(&self) -> &[StrategyChange] {
        &self.strategy_changes
    }

    pub fn shoppers(&self) -> u64 {
        self.scenario.simulation.shoppers as u64
    }

    /// Shoppers of each segment at day 0, indexed by [`Segment::index`].
    pub fn segment_shoppers(&self) -> [u64; 3] {
        self.segment_shoppers
    }

    /// An independent copy that continues from the same state with the same random numbers.
    pub fn fork(&self) -> Engine {
        self.clone()
    }

    /// Changes the strategy from the next simulated day on. Switching the consent
    /// model re-draws every shopper's consent under the new model when that day starts.
    ///
    /// Only the last strategy set before a day counts: setting several in turn between
    /// two days gives the same run as setting the last one alone, so a timeline saved
    /// as one change per day replays exactly.
    pub fn set_strategy(&mut self, strategy: Strategy) {
        if strategy == self.strategy {
            return;
        }
        self.strategy = strategy;
        self.effects = StrategyEffects::new(&strategy, &self.params.behaviour);
        let day = self.day + 1;
        match self.strategy_changes.last_mut() {
            Some(last) if last.day == day => last.strategy = strategy,
            _ => self.strategy_changes.push(StrategyChange { day, strategy }),
        }
    }

    /// Schedules an event for the next simulated day.
    pub fn inject(&mut self, kind: EventKind, severity: UnitInterval) {
        let event = ScheduledEvent {
            day: self.day + 1,
            kind,
            severity,
        };
        let at = self.pending.partition_point(|(e, _)| e.day <= event.day);
        self.pending.insert(at, (event, EventOrigin::Injected));
    }

    /// Events scheduled or injected that have not fired yet, in the order they will fire.
    pub fn pending_events(&self) -> impl Iterator<Item = &ScheduledEvent> + '_ {
        self.pending.iter().map(|(event, _)| event)
    }

    /// Removes scheduled events matching `keep == false`, e.g. to build the counterfactual
    /// of a run without one of its events. Only events that have not fired are affected.
    pub fn retain_events(&mut self, mut keep: impl FnMut(&ScheduledEvent) -> bool) {
        self.pending.retain(|(e, _)| keep(e));
    }

    /// Turns random breaches on or off from now on.
    pub fn set_random_breaches(&mut self, on: bool) {
        self.scenario.simulation.random_breaches = on;
    }

    /// Simulates the scenario's remaining days.
    pub fn run_to_end(&mut self) {
        while !self.is_finished() {
            self.step();
        }
    }

    /// Summary of the run so far.
    pub fn summary(&self) -> Summary {
        let breaches = self
            .events
            .iter()
            .filter(|e| e.kind == EventKind::Breach)
            .count() as u32;
        Summary::from_history(
            &self.history,
            self.shoppers(),
            self.segment_shoppers,
            breaches,
        )
        .with_paradox_gap(&self.history, self.mean_concern())
        .with_customers(self.scenario.customers())
    }

    /// Read-only view of the shoppers' state blocks (for tests and diagnostics).
    pub fn shopper_blocks(&self) -> &[ShopperBlock] {
        &self.blocks
    }

    /// Simulates one day and returns its metrics.
    pub fn step(&mut self) -> &DayMetrics {
        self.day += 1;
        let day = self.day;
        if self.strategy.consent != self.consent_drawn_under {
            redraw_consent(
                &mut self.blocks,
                &self.params.behaviour,
                &self.effects,
                &self.rng,
                day,
            );
            self.consent_drawn_under = self.strategy.consent;
        }
        self.admit(day);
        self.boost_newcomers(day);
        self.fire_events(day);

        let ctx = DayContext::new(
            day,
            &self.params,
            self.effects,
            self.rng,
            self.network.as_ref(),
            &self.news,
        );
        match ctx.network {
            Some(net) => self
                .blocks
                .par_iter_mut()
                .zip(self.tallies.par_iter_mut())
                .zip(self.previous_visits.par_iter_mut())
                .zip(self.marks.par_iter_mut())
                .zip(self.hearsay.blocks())
                .for_each(|((((block, tally), previous), marks), hearsay)| {
                    simulate_block(&ctx, block, tally, previous, marks, Some((net, hearsay)))
                }),
            None => self
                .blocks
                .par_iter_mut()
                .zip(self.tallies.par_iter_mut())
                .zip(self.previous_visits.par_iter_mut())
                .zip(self.marks.par_iter_mut())
                .for_each(|(((block, tally), previous), marks)| {
                    simulate_block(&ctx, block, tally, previous, marks, None)
                }),
        }

        let mut total = DayTally::default();
        for tally in &self.tallies {
            total.merge(tally);
        }
        for previous in &mut self.previous_visits {
            self.last_visits.visited(day, previous);
            previous.clear();
        }
        // What was said today is heard tomorrow.
        if self.network.is_some() {
            self.hearsay.end_day();
        }
        let max_delay = self.params.retailer.news_max_delay_days;
        self.news.retain(|w| w.day + max_delay > day);

        let metrics = self.finish_day(day, &total);
        self.history.push(metrics);
        self.apply_scheduled_changes();
        match self.history.last() {
            Some(metrics) => metrics,
            None => unreachable!("a day was just pushed"),
        }
    }

    fn finish_day(&mut self, day: u32, total: &DayTally) -> DayMetrics {
        let ratio = |a: f64, b: f64| if b > 0.0 { a / b } else { 0.0 };
        let revenue = self.scale.money(total.revenue);
        self.cumulative_revenue += revenue;
        self.churned_total += total.churned_today;
        for s in 0..3 {
            self.segment_churned_total[s] += total.segment_churned_today[s];
            self.segment_distrust_churned_total[s] += total.segment_churn_distrust[s];
        }
        self.distrust_churned_total += total.churn_distrust;
        self.records_held = self.records_held_on(day);
        let active = total.active as f64;
        let mean_trust = ratio(total.trust_sum, active);
        let mut change = TrustChange::default();
        let cause = |c: TrustCause| ratio(total.trust_change[c as usize], active);
        change.word_of_mouth = cause(TrustCause::WordOfMouth);
        change.breach = cause(TrustCause::Breach);
        change.regulatory_inquiry = cause(TrustCause::RegulatoryInquiry);
        change.policy_change = cause(TrustCause::PolicyChange);
        change.creepiness = cause(TrustCause::Creepiness);
        change.recovery = cause(TrustCause::Recovery);
        // What is left of the change of the mean is due to who left today.
        change.departures = ratio(total.survivors_start_trust_sum, active) - self.last_mean_trust;
        self.last_mean_trust = mean_trust;
        let mut segments = [SegmentDay::default(); 3];
        for (s, seg) in segments.iter_mut().enumerate() {
            let n = total.segment_active[s] as f64;
            *seg = SegmentDay {
                active_shoppers: total.segment_active[s],
                churned_total: self.segment_churned_total[s],
                distrust_churned_total: self.segment_distrust_churned_total[s],
                mean_trust: ratio(total.segment_trust_sum[s], n),
                stated_intent_to_leave: ratio(total.segment_stating_intent[s] as f64, n),
                opt_in_rate: ratio(total.segment_targetable[s] as f64, n),
            };
        }
        let base = CostBase {
            customers: self.scale.count(total.active as f64),
            targetable_customers: self.scale.count(total.targetable as f64),
            records_held: self.scale.count(self.records_held),
        };
        let costs = economics::daily_lever_costs(&self.scenario.economics, &self.strategy, &base);
        let profit = Profit::of(
            &self.scenario.economics,
            revenue,
            costs.total(),
            self.breach_cost - self.breach_cost_before_today,
            self.fines - self.fines_before_today,
        );
        self.breach_cost_before_today = self.breach_cost;
        self.fines_before_today = self.fines;
        self.cumulative_profit += profit.profit;
        DayMetrics {
            day,
            active_shoppers: total.active,
            churned_today: total.churned_today,
            churned_total: self.churned_total,
            mean_trust,
            mean_loyalty: ratio(total.loyalty_sum, active),
            visits: total.visits,
            orders: total.orders,
            conversion_rate: ratio(total.orders as f64, total.visits as f64),
            revenue,
            cumulative_revenue: self.cumulative_revenue,
            recommendation_clicks: total.clicks,
            attributed_recommendation_revenue: self.scale.money(total.attributed_revenue),
            opt_in_rate: ratio(total.targetable as f64, active),
            stated_intent_to_leave: ratio(total.stating_intent as f64, active),
            negative_sentiment: ratio(total.sentiment_sum, active),
            records_held: self.scale.count(self.records_held),
            breach_cost: self.breach_cost,
            fines: self.fines,
            segments,
            trust_change: change,
            churn_natural: total.churn_natural,
            churn_distrust: total.churn_distrust,
            distrust_churned_total: self.distrust_churned_total,
            gross_profit: profit.gross_profit,
            lever_costs: profit.lever_costs,
            costs,
            profit: profit.profit,
            cumulative_profit: self.cumulative_profit,
        }
    }

    /// Applies the scenario's strategy changes scheduled for the next day (and any
    /// earlier ones not applied yet), as [`Engine::set_strategy`] would.
    fn apply_scheduled_changes(&mut self) {
        while let Some(change) = self
            .scenario
            .changes
            .get(self.next_change)
            .filter(|change| change.day <= self.day + 1)
        {
            let strategy = change.applied_to(&self.strategy);
            self.next_change += 1;
            self.set_strategy(strategy);
        }
    }

    /// Cohort mode: the customers whose first purchase was yesterday become shoppers
    /// today. The purchase itself is the order history's, not simulated: it counts as
    /// their first order (loyalty) and their last visit (records held).
    fn admit(&mut self, day: u32) {
        let Some(cohort) = &self.scenario.cohort else {
            return;
        };
        let upto = cohort.entered_by(day - 1);
        if upto <= self.admitted {
            return;
        }
        let first_purchase = (day - 1) as i32;
        let loyalty = daily::loyalty(&self.params.behaviour, 1) as f32;
        let mut previous = Vec::with_capacity((upto - self.admitted) as usize);
        for id in self.admitted..upto {
            let (b, k) = (id as usize / BLOCK_SIZE, id as usize % BLOCK_SIZE);
            let Some(block) = self.blocks.get_mut(b) else {
                break;
            };
            if k >= block.len() || block.flags[k] & AWAITING_ENTRY == 0 {
                continue;
            }
            block.flags[k] &= !(AWAITING_ENTRY | CHURNED);
            block.orders[k] = 1;
            block.loyalty[k] = loyalty;
            previous.push(block.last_visit_day[k]);
            block.last_visit_day[k] = first_purchase;
        }
        self.last_visits.visited(day - 1, &previous);
        self.admitted = upto;
        // Arrivals move the mean trust; they are not today's trust change.
        self.last_mean_trust = self.mean_trust_now();
    }

    /// Cohort mode with a newcomer burst (E1, E4): a customer whose first purchase was
    /// `a` days ago visits with propensity `v (1 + boost e^(-(a - 1) / days))`, at most 1.
    /// The burst is cut after twelve e-foldings (below 10^-5 of it), when the customer's
    /// own propensity is put back exactly.
    fn boost_newcomers(&mut self, day: u32) {
        let Some(cohort) = &self.scenario.cohort else {
            return;
        };
        if self.newcomer_propensity.is_empty() {
            return;
        }
        let p = &self.params.population;
        let (boost, days) = (p.newcomer_visit_boost, p.newcomer_boost_days);
        let window = (12.0 * days).ceil().max(1.0) as u32;
        // First purchases on days `first..day` (1-based); those on `first` just left it.
        let first = day.saturating_sub(window + 1).max(1);
        let mut id = cohort.entered_by(first - 1) as usize;
        for purchase_day in first..day {
            let entries = cohort
                .entries_per_day
                .get(purchase_day as usize - 1)
                .copied()
                .unwrap_or(0) as usize;
            let age = day - purchase_day;
            let multiplier = if age > window {
                1.0
            } else {
                1.0 + boost * (-(f64::from(age) - 1.0) / days).exp()
            };
            for customer in id..id + entries {
                let (b, k) = (customer / BLOCK_SIZE, customer % BLOCK_SIZE);
                let own = self.newcomer_propensity.get(customer).copied();
                if let (Some(block), Some(own)) = (self.blocks.get_mut(b), own) {
                    if let Some(v) = block.visit_propensity.get_mut(k) {
                        *v = if age > window {
                            own
                        } else {
                            (f64::from(own) * multiplier).min(1.0) as f32
                        };
                    }
                }
            }
            id += entries;
        }
    }

    /// Records held on `day`: the simulated shoppers whose record is retained plus
    /// the retained share of legacy records, times the breadth held (E17).
    fn records_held_on(&self, day: u32) -> f64 {
        let p = &self.params.population;
        let retention = self.strategy.retention_days;
        let retained = self.last_visits.retained(day, retention);
        let legacy = p.legacy_records_per_shopper
            * self.shoppers() as f64
            * retailer::legacy_share_retained(p.legacy_record_span_days, retention, day);
        (retained as f64 + legacy) * self.effects.breadth_held
    }

    fn mean_trust_now(&self) -> f64 {
        let (mut sum, mut n) = (0.0f64, 0u64);
        for b in &self.blocks {
            for k in 0..b.len() {
                if b.flags[k] & CHURNED == 0 {
                    sum += b.trust[k] as f64;
                    n += 1;
                }
            }
        }
        if n > 0 {
            sum / n as f64
        } else {
            0.0
        }
    }

    /// Annualized revenue so far, the base of fines (E21).
    fn annual_revenue(&self) -> Cents {
        retailer::annual_revenue(self.cumulative_revenue, self.day)
    }

    fn fire_events(&mut self, day: u32) {
        let mut today: Vec<(ScheduledEvent, EventOrigin)> = Vec::new();
        let split = self.pending.partition_point(|(e, _)| e.day <= day);
        today.extend(self.pending.drain(..split));
        if self.scenario.simulation.random_breaches {
            let hazard = retailer::breach_hazard_per_day(&self.params.retailer, &self.strategy);
            if self.rng.uniform(Stream::RandomBreach, day, 0) < hazard {
                let severity = retailer::random_breach_severity(
                    &self.params.retailer,
                    self.rng.uniform(Stream::RandomBreach, day, 1),
                );
                today.push((
                    ScheduledEvent {
                        day,
                        kind: EventKind::Breach,
                        severity: UnitInterval::clamped(severity),
                    },
                    EventOrigin::Random,
                ));
            }
        }
        let mut rank = [0u64; 3];
        for (event, origin) in today {
            let kind_rank = rank[event.kind.index()];
            rank[event.kind.index()] += 1;
            let origin_tag = match origin {
                EventOrigin::Random => 1u64,
                _ => 0,
            };
            let key = ((day as u64) << 20)
                | ((event.kind.index() as u64) << 16)
                | (origin_tag << 15)
                | kind_rank.min(0x7FFF);
            self.fire(day, event, origin, key);
        }
    }

    fn fire(&mut self, day: u32, event: ScheduledEvent, origin: EventOrigin, key: u64) {
        let r = &self.params.retailer;
        let severity = event.severity.get();
        let annual = self.annual_revenue();
        let (records_exposed, cost, proposed_fine) = match event.kind {
            EventKind::Breach => {
                let exposed = severity * self.scale.count(self.records_held);
                (
                    exposed,
                    retailer::breach_cost(r, exposed),
                    retailer::breach_fine(r, &self.strategy, annual, severity),
                )
            }
            EventKind::RegulatoryInquiry => (
                0.0,
                Cents::ZERO,
                retailer::inquiry_fine(r, &self.strategy, annual, severity),
            ),
            EventKind::PolicyChange => (0.0, Cents::ZERO, Cents::ZERO),
        };
        let fine = retailer::cap_fine(r, proposed_fine, self.fines, annual);
        self.breach_cost += cost;
        self.fines += fine;
        self.events.push(EventRecord {
            day,
            kind: event.kind,
            severity,
            origin,
            records_exposed,
            cost,
            fine,
        });
        self.news.push(NewsWave {
            key,
            day,
            kind: event.kind,
            severity,
            shock_scale: r.shock_scale[event.kind.index()],
            retention_days: self.strategy.retention_days,
            data_exposed: retailer::data_exposed_per_record(
                &self.params,
                self.effects.breadth_held,
                self.strategy.retention_days,
                self.params.population.prior_purchase_days + f64::from(day),
            ),
        });
    }
}

/// Cohort mode at day 0: the first `customers` shoppers are customers-to-be, outside the
/// store (flagged like former shoppers, so every pass skips them) and without a record.
fn await_entry(blocks: &mut [ShopperBlock], customers: u64) {
    for block in blocks {
        for k in 0..block.len() {
            if u64::from(block.first_id) + (k as u64) < customers {
                block.flags[k] |= CHURNED | AWAITING_ENTRY;
                block.last_visit_day[k] = NEVER_VISITED;
            }
        }
    }
}

impl Engine {
    /// Mean trust of active shoppers of one segment now.
    pub fn segment_mean_trust(&self, segment: Segment) -> f64 {
        self.history
            .last()
            .map_or(0.0, |d| d.segment(segment).mean_trust)
    }
}

impl Engine {
    /// Mean privacy concern per segment and overall. Concern is fixed per shopper, so
    /// this is the day-0 population's (churned shoppers included); computed on demand.
    pub fn mean_concern(&self) -> MeanConcern {
        let mut sums = [0.0f64; 3];
        let mut counts = [0u64; 3];
        for block in &self.blocks {
            for (&segment, &concern) in block.segment.iter().zip(&block.concern) {
                sums[segment as usize] += f64::from(concern);
                counts[segment as usize] += 1;
            }
        }
        let ratio = |a: f64, b: u64| if b > 0 { a / b as f64 } else { 0.0 };
        MeanConcern {
            segments: [0, 1, 2].map(|s| ratio(sums[s], counts[s])),
            overall: ratio(sums.iter().sum(), counts.iter().sum()),
        }
    }
}
