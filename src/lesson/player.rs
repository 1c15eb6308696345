//! [`LessonPlayer`]: plays a [`Lesson`] headless, one step per [`LessonPlayer::next`].
//!
//! The player owns the engines: the lesson's main run, the counterfactual forked at the
//! last injection, and the side-by-side runs of the last sweep. Front ends (the CLI's plain
//! text, the TUI) show [`LessonPlayer::upcoming`], collect an answer when it is a
//! prediction, call [`LessonPlayer::next`] and show the [`StepOutcome`].

use super::measure::Measure;
use super::text::render;
use super::validate::{MEASURED, PREDICTED};
use super::verdict::Verdict;
use super::{Change, Injection, Lesson, Prediction, Step, Sweep};
use crate::sim::engine::{Engine, EventRecord};
use crate::sim::metrics::DayMetrics;
use crate::units::Cents;
use rayon::prelude::*;

/// Headline figures of a run on its last simulated day.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Figures {
    pub day: u32,
    pub active_shoppers: u64,
    pub churned_total: u64,
    pub mean_trust: f64,
    pub stated_intent_to_leave: f64,
    pub cumulative_revenue: Cents,
}

impl Figures {
    fn of(day: &DayMetrics) -> Figures {
        Figures {
            day: day.day,
            active_shoppers: day.active_shoppers,
            churned_total: day.churned_total,
            mean_trust: day.mean_trust,
            stated_intent_to_leave: day.stated_intent_to_leave,
            cumulative_revenue: day.cumulative_revenue,
        }
    }
}

/// The result of one variant of a sweep.
#[derive(Debug, Clone, PartialEq)]
pub struct VariantResult {
    pub label: String,
    pub value: Option<f64>,
    pub total_revenue: Cents,
    pub churn_rate: f64,
    pub final_mean_trust: f64,
    /// Recommendation clicks per visit.
    pub click_through: f64,
    pub conversion_rate: f64,
    pub final_opt_in_rate: f64,
    /// Gross margin less lever costs, breach costs and fines, at real scale.
    pub total_profit: Cents,
    pub gross_profit: Cents,
    pub lever_costs: Cents,
}

/// The results of a sweep, in the lesson's variant order.
#[derive(Debug, Clone, PartialEq)]
pub struct SweepResult {
    pub vary: Option<String>,
    pub days: u32,
    pub variants: Vec<VariantResult>,
}

impl SweepResult {
    /// The variant with the highest total revenue (the first of equals).
    pub fn best(&self) -> Option<&VariantResult> {
        self.variants.iter().reduce(|best, variant| {
            if variant.total_revenue > best.total_revenue {
                variant
            } else {
                best
            }
        })
    }
}

/// A prediction revealed by a debrief: the student's answer next to the model's figure.
#[derive(Debug, Clone, PartialEq)]
pub struct Reveal {
    pub question: String,
    pub measure: Measure,
    /// The chosen answer's index and label.
    pub answer: usize,
    pub answer_label: String,
    /// What the model measured; `None` when it cannot be computed (e.g. a ratio over zero).
    pub measured: Option<f64>,
    /// The measured value as the student reads it (`2.3%`), or why it is missing.
    pub measured_text: String,
    /// The choice whose value is nearest the measured one.
    pub closest: Option<usize>,
    /// That choice's label.
    pub closest_label: Option<String>,
    /// What the research found, with its sources.
    pub evidence: &'static str,
}

impl Reveal {
    /// Whether the student chose the answer nearest the model's figure.
    pub fn is_closest(&self) -> bool {
        self.closest == Some(self.answer)
    }
}

/// A debrief: its text with placeholders filled, and the predictions it reveals.
#[derive(Debug, Clone, PartialEq)]
pub struct Debrief {
    pub text: String,
    pub reveals: Vec<Reveal>,
}

/// What playing one step did.
#[derive(Debug, Clone, PartialEq)]
pub enum StepOutcome {
    /// A read step: its text, placeholders filled.
    Read {
        text: String,
    },
    /// A prediction was recorded.
    Predicted {
        question: String,
        answer: usize,
        answer_label: String,
    },
    /// The answer given to a prediction is not one of its choices: nothing happened, the
    /// same step is still upcoming.
    InvalidAnswer {
        answer: usize,
        choices: usize,
    },
    /// The simulation ran to a day; events that fired on the way are listed.
    Ran {
        figures: Figures,
        /// The same day of the counterfactual (the run without the last injected event).
        counterfactual: Option<Figures>,
        events: Vec<EventRecord>,
    },
    /// The strategy changed and/or an event was injected; both take effect on `day`.
    Changed {
        day: u32,
        assignments: Vec<String>,
        injected: Option<Injection>,
    },
    Swept(SweepResult),
    Debrief(Debrief),
    /// The lesson is over; further calls return this again.
    Finished,
}

/// An answered prediction waiting for its debrief.
#[derive(Debug, Clone, PartialEq)]
struct Answered {
    prediction: Prediction,
    answer: usize,
}

/// The run without the last injected event.
#[derive(Debug, Clone)]
struct Counterfactual {
    engine: Engine,
    /// The day the event fired in the main run.
    from_day: u32,
}

/// Plays a lesson step by step; see the module docs.
#[derive(Debug, Clone)]
pub struct LessonPlayer {
    lesson: Lesson,
    position: usize,
    engine: Engine,
    counterfactual: Option<Counterfactual>,
    last_sweep: Option<SweepResult>,
    last_vary_sweep: Option<SweepResult>,
    /// The runs of the last sweep, as they ended (for front ends that chart them).
    sweep_runs: Vec<Engine>,
    /// The runs of the upcoming sweep step, while a front end steps them day by day
    /// ([`LessonPlayer::step_sweep_day`]).
    sweep_under_way: Option<Vec<Engine>>,
    pending: Vec<Answered>,
    reveals: Vec<Reveal>,
    /// The main run's day when the upcoming run step started being stepped day by day
    /// ([`LessonPlayer::step_run_day`]), so that its outcome lists the events since then.
    run_from_day: Option<u32>,
}

impl LessonPlayer {
    pub fn new(lesson: Lesson) -> LessonPlayer {
        let engine = Engine::new(&lesson.scenario);
        LessonPlayer {
            lesson,
            position: 0,
            engine,
            counterfactual: None,
            last_sweep: None,
            last_vary_sweep: None,
            sweep_runs: Vec::new(),
            sweep_under_way: None,
            pending: Vec::new(),
            reveals: Vec::new(),
            run_from_day: None,
        }
    }

    pub fn lesson(&self) -> &Lesson {
        &self.lesson
    }

    /// The step the next call to [`LessonPlayer::next`] plays; `None` at the end.
    pub fn upcoming(&self) -> Option<&Step> {
        self.lesson.steps.get(self.position)
    }

    /// The upcoming prediction with its question's placeholders filled, to show before
    /// asking for an answer; `None` when the upcoming step is not a prediction.
    pub fn upcoming_prediction(&self) -> Option<Prediction> {
        match self.upcoming()? {
            Step::Predict(prediction) => Some(Prediction {
                question: self.render(&prediction.question, None),
                ..prediction.clone()
            }),
            _ => None,
        }
    }

    /// Index of the upcoming step (equals the number of steps at the end).
    pub fn position(&self) -> usize {
        self.position
    }

    pub fn is_finished(&self) -> bool {
        self.position >= self.lesson.steps.len()
    }

    /// The lesson's main run.
    pub fn engine(&self) -> &Engine {
        &self.engine
    }

    /// The run without the last injected event, if an event was injected.
    pub fn counterfactual(&self) -> Option<&Engine> {
        self.counterfactual.as_ref().map(|c| &c.engine)
    }

    pub fn last_sweep(&self) -> Option<&SweepResult> {
        self.last_sweep.as_ref()
    }

    /// The runs of the last sweep, in its variant order, with their histories (empty
    /// before the first sweep).
    pub fn sweep_runs(&self) -> &[Engine] {
        &self.sweep_runs
    }

    /// The runs of the upcoming sweep as far as [`LessonPlayer::step_sweep_day`] took
    /// them; `None` when no sweep is being stepped.
    pub fn sweep_under_way(&self) -> Option<&[Engine]> {
        self.sweep_under_way.as_deref()
    }

    /// Simulates one more day of every run of the upcoming sweep step (in parallel), for
    /// front ends that chart a sweep as it grows. Returns `false`, doing nothing, when the
    /// upcoming step is not a sweep or its runs reached their last day. The step is still
    /// upcoming: [`LessonPlayer::next`] completes it, with the same result as if it had
    /// run every day itself.
    pub fn step_sweep_day(&mut self) -> bool {
        let Some(Step::Sweep(sweep)) = self.lesson.steps.get(self.position) else {
            return false;
        };
        let days = sweep.days;
        let runs = self.sweep_under_way.get_or_insert_with(|| {
            sweep
                .variants
                .iter()
                .map(|variant| Engine::new(&variant.scenario))
                .collect()
        });
        if runs
            .iter()
            .all(|run| run.is_finished() || run.day() >= days)
        {
            return false;
        }
        runs.par_iter_mut()
            .filter(|run| !run.is_finished())
            .for_each(|run| {
                run.step();
            });
        true
    }

    /// Every prediction revealed so far, in order.
    pub fn reveals(&self) -> &[Reveal] {
        &self.reveals
    }

    /// Plays the upcoming step. `answer` is the chosen index for a prediction (`None`
    /// chooses the first); other steps ignore it.
    pub fn next(&mut self, answer: Option<usize>) -> StepOutcome {
        let Some(step) = self.lesson.steps.get(self.position).cloned() else {
            return StepOutcome::Finished;
        };
        let outcome = match step {
            Step::Read { text } => StepOutcome::Read {
                text: self.render(&text, None),
            },
            Step::Predict(mut prediction) => {
                let answer = answer.unwrap_or(0);
                let Some(label) = prediction.choices.get(answer).cloned() else {
                    return StepOutcome::InvalidAnswer {
                        answer,
                        choices: prediction.choices.len(),
                    };
                };
                prediction.question = self.render(&prediction.question, None);
                let question = prediction.question.clone();
                self.pending.push(Answered { prediction, answer });
                StepOutcome::Predicted {
                    question,
                    answer,
                    answer_label: label,
                }
            }
            Step::Run { to_day } => self.run(to_day),
            Step::Change(change) => self.change(&change),
            Step::Sweep(sweep) => {
                let (result, runs) = run_sweep(&sweep, self.sweep_under_way.take());
                self.sweep_runs = runs;
                if result.vary.is_some() {
                    self.last_vary_sweep = Some(result.clone());
                }
                self.last_sweep = Some(result.clone());
                StepOutcome::Swept(result)
            }
            Step::Debrief { text } => StepOutcome::Debrief(self.debrief(&text)),
        };
        self.position += 1;
        outcome
    }

    /// The day the upcoming step simulates to, when it is a run.
    pub fn run_target(&self) -> Option<u32> {
        match self.upcoming()? {
            Step::Run { to_day } => Some(*to_day),
            _ => None,
        }
    }

    /// Simulates one more day of the upcoming run step (the main run and, in lockstep, the
    /// counterfactual), for front ends that animate a run. Returns `false`, doing nothing,
    /// when the upcoming step is not a run or its day is reached. The step is still
    /// upcoming: [`LessonPlayer::next`] completes it, with the same outcome as if it had
    /// simulated every day itself.
    pub fn step_run_day(&mut self) -> bool {
        let Some(to_day) = self.run_target() else {
            return false;
        };
        if self.engine.day() >= to_day {
            return false;
        }
        self.run_from_day.get_or_insert(self.engine.day());
        self.engine.step();
        if let Some(counterfactual) = &mut self.counterfactual {
            while counterfactual.engine.day() < self.engine.day() {
                counterfactual.engine.step();
            }
        }
        true
    }

    fn run(&mut self, to_day: u32) -> StepOutcome {
        let from_day = self.run_from_day.take().unwrap_or(self.engine.day());
        while self.engine.day() < to_day {
            self.engine.step();
        }
        if let Some(counterfactual) = &mut self.counterfactual {
            while counterfactual.engine.day() < to_day {
                counterfactual.engine.step();
            }
        }
        let Some(today) = self.engine.history().last() else {
            return StepOutcome::Finished;
        };
        StepOutcome::Ran {
            figures: Figures::of(today),
            counterfactual: self
                .counterfactual
                .as_ref()
                .and_then(|c| c.engine.history().last())
                .map(Figures::of),
            events: self
                .engine
                .events()
                .iter()
                .filter(|event| event.day > from_day)
                .cloned()
                .collect(),
        }
    }

    fn change(&mut self, change: &Change) -> StepOutcome {
        let mut engines = vec![&mut self.engine];
        if let Some(counterfactual) = &mut self.counterfactual {
            engines.push(&mut counterfactual.engine);
        }
        for engine in engines {
            engine.set_strategy(change.strategy);
            engine.set_random_breaches(change.random_breaches);
        }
        let day = self.engine.day() + 1;
        if let Some(injection) = change.inject {
            self.counterfactual = Some(Counterfactual {
                engine: self.engine.fork(),
                from_day: day,
            });
            self.engine.inject(injection.kind, injection.severity);
        }
        StepOutcome::Changed {
            day,
            assignments: change.assignments.clone(),
            injected: change.inject,
        }
    }

    fn debrief(&mut self, text: &str) -> Debrief {
        let reveals: Vec<Reveal> = std::mem::take(&mut self.pending)
            .into_iter()
            .map(|answered| self.reveal(answered))
            .collect();
        let text = self.render(text, reveals.last());
        self.reveals.extend(reveals.iter().cloned());
        Debrief { text, reveals }
    }

    fn reveal(&self, answered: Answered) -> Reveal {
        let Answered { prediction, answer } = answered;
        let measure = prediction.measure;
        let measured = self.measure(measure);
        let closest = measured.and_then(|value| {
            prediction
                .values
                .iter()
                .enumerate()
                .min_by(|(_, a), (_, b)| (*a - value).abs().total_cmp(&(*b - value).abs()))
                .map(|(index, _)| index)
        });
        Reveal {
            measure,
            answer,
            answer_label: prediction.choices.get(answer).cloned().unwrap_or_default(),
            measured,
            measured_text: self.measure_text(measure),
            closest,
            closest_label: closest.and_then(|index| prediction.choices.get(index).cloned()),
            evidence: measure.evidence(),
            question: prediction.question,
        }
    }

    fn render(&self, text: &str, last_reveal: Option<&Reveal>) -> String {
        render(text, |name| match name {
            MEASURED => last_reveal.map(|r| r.measured_text.clone()),
            PREDICTED => last_reveal.map(|r| r.answer_label.clone()),
            _ => match Verdict::from_name(name) {
                Some(verdict) => self.verdict(verdict),
                None => Measure::from_name(name).map(|m| self.measure_text(m)),
            },
        })
    }

    /// A verdict's sentence from the sweep or the injection it reads, or `None` before
    /// that happened.
    pub fn verdict(&self, verdict: Verdict) -> Option<String> {
        if verdict == Verdict::BreachVerdict {
            return Some(super::verdict::breach(
                self.measure(Measure::ProfitLost)?,
                self.measure(Measure::ProfitWithoutEvent)?,
                self.measure(Measure::BillsShare)?,
            ));
        }
        let sweep = match verdict.requirement() {
            super::measure::Requirement::VarySweep => self.last_vary_sweep.as_ref(),
            _ => self.last_sweep.as_ref(),
        };
        verdict.sentence(sweep?)
    }

    /// A measurement as the student reads it, or why it cannot be given.
    pub fn measure_text(&self, measure: Measure) -> String {
        match self.measure(measure) {
            Some(value) => measure.format(value),
            None => "not measurable yet".to_string(),
        }
    }

    /// Computes a measurement from the engines as they stand; `None` when what it needs
    /// has not happened (no injection, no sweep, no simulated day) or it divides by zero.
    pub fn measure(&self, measure: Measure) -> Option<f64> {
        let shoppers = self.engine.shoppers() as f64;
        let share = |count: f64| (shoppers > 0.0).then(|| count / shoppers);
        let ratio = |a: f64, b: f64| (b > 0.0).then(|| a / b);
        let sweep_ends = |sweep: &SweepResult| {
            Some((
                sweep.variants.first()?.clone(),
                sweep.variants.last()?.clone(),
            ))
        };
        match measure {
            Measure::MeanTrust => self.engine.history().last().map(|d| d.mean_trust),
            Measure::ChurnRate => {
                share(self.engine.history().last().map_or(0, |d| d.churned_total) as f64)
            }
            Measure::AbnormalChurn => {
                let counterfactual = self.counterfactual.as_ref()?;
                let with = self.engine.history().last().map_or(0, |d| d.churned_total);
                let without = counterfactual
                    .engine
                    .history()
                    .last()
                    .map_or(0, |d| d.churned_total);
                share(with as f64 - without as f64)
            }
            Measure::PeakStatedIntent => {
                let from_day = self.counterfactual.as_ref()?.from_day;
                self.since(from_day)
                    .iter()
                    .map(|d| d.stated_intent_to_leave)
                    .reduce(f64::max)
            }
            Measure::TalkActionRatio => {
                let churn = self.measure(Measure::AbnormalChurn)?;
                ratio(self.measure(Measure::PeakStatedIntent)?, churn)
            }
            Measure::TrustDrop => self.largest_trust_gap().map(|(_, gap)| gap),
            Measure::TrustFallDays => {
                let (day, _) = self.largest_trust_gap()?;
                let eve = self.counterfactual.as_ref()?.from_day.saturating_sub(1);
                Some(f64::from(day - eve))
            }
            Measure::TrustHalfRecoveryDays => {
                let (peak_day, peak) = self.largest_trust_gap()?;
                let recovered = self
                    .trust_gaps()?
                    .into_iter()
                    .find(|(day, gap)| *day > peak_day && *gap <= peak / 2.0)?;
                Some(f64::from(recovered.0 - peak_day))
            }
            Measure::TrustGapRemaining => {
                let counterfactual = self.counterfactual.as_ref()?;
                let with = self.engine.history().last()?.mean_trust;
                let without = counterfactual.engine.history().last()?.mean_trust;
                ratio((without - with).max(0.0), self.measure(Measure::TrustDrop)?)
            }
            Measure::BestValue => self.last_vary_sweep.as_ref()?.best()?.value,
            Measure::RevenueRatio => {
                let (first, last) = sweep_ends(self.last_sweep.as_ref()?)?;
                ratio(last.total_revenue.dollars(), first.total_revenue.dollars())
            }
            Measure::ClickThroughRatio => {
                let (first, last) = sweep_ends(self.last_sweep.as_ref()?)?;
                ratio(last.click_through, first.click_through)
            }
            Measure::ProfitRatio => {
                let (first, last) = sweep_ends(self.last_sweep.as_ref()?)?;
                ratio(last.total_profit.dollars(), first.total_profit.dollars())
            }
            Measure::LeverCostRatio => {
                let (first, last) = sweep_ends(self.last_sweep.as_ref()?)?;
                ratio(last.lever_costs.dollars(), first.lever_costs.dollars())
            }
            Measure::ExtraLeverCosts => {
                let (first, last) = sweep_ends(self.last_sweep.as_ref()?)?;
                Some((last.lever_costs - first.lever_costs).dollars())
            }
            Measure::ExtraGrossProfit => {
                let (first, last) = sweep_ends(self.last_sweep.as_ref()?)?;
                Some((last.gross_profit - first.gross_profit).dollars())
            }
            Measure::ProfitSoFar => self
                .engine
                .history()
                .last()
                .map(|d| d.cumulative_profit.dollars()),
            Measure::ProfitWithoutEvent => {
                let without = self.counterfactual.as_ref()?.engine.history().last()?;
                Some(without.cumulative_profit.dollars())
            }
            Measure::ProfitLost => {
                let (with, without) = self.last_days()?;
                Some((without.cumulative_profit - with.cumulative_profit).dollars())
            }
            Measure::ProfitLostShare => ratio(
                self.measure(Measure::ProfitLost)?,
                self.measure(Measure::ProfitWithoutEvent)?,
            ),
            Measure::BillsShare => {
                let (with, without) = self.last_days()?;
                let bills = (with.breach_cost + with.fines) - (without.breach_cost + without.fines);
                ratio(bills.dollars(), self.measure(Measure::ProfitLost)?)
            }
        }
    }

    /// The last simulated day of the run and of the run without the last injected event.
    fn last_days(&self) -> Option<(&DayMetrics, &DayMetrics)> {
        let without = self.counterfactual.as_ref()?.engine.history().last()?;
        Some((self.engine.history().last()?, without))
    }

    /// Per day since the injection: the day and the mean trust of the counterfactual minus
    /// that of the run.
    fn trust_gaps(&self) -> Option<Vec<(u32, f64)>> {
        let counterfactual = self.counterfactual.as_ref()?;
        let from = counterfactual.from_day.saturating_sub(1) as usize;
        let without = counterfactual.engine.history().get(from..)?;
        Some(
            self.since(counterfactual.from_day)
                .iter()
                .zip(without)
                .map(|(with, without)| (with.day, without.mean_trust - with.mean_trust))
                .collect(),
        )
    }

    /// The day of the largest trust gap since the injection (the first of equals), and the gap.
    fn largest_trust_gap(&self) -> Option<(u32, f64)> {
        self.trust_gaps()?
            .into_iter()
            .reduce(|largest, gap| if gap.1 > largest.1 { gap } else { largest })
    }

    /// The main run's days from `day` on.
    fn since(&self, day: u32) -> &[DayMetrics] {
        let from = (day.saturating_sub(1) as usize).min(self.engine.history().len());
        &self.engine.history()[from..]
    }
}

/// Runs every variant of a sweep from day 1 (in parallel; each run is deterministic), or
/// finishes the runs `started` by [`LessonPlayer::step_sweep_day`]; the results and the
/// engines as they ended.
fn run_sweep(sweep: &Sweep, started: Option<Vec<Engine>>) -> (SweepResult, Vec<Engine>) {
    let started = started.unwrap_or_else(|| {
        sweep
            .variants
            .iter()
            .map(|variant| Engine::new(&variant.scenario))
            .collect()
    });
    let (variants, runs): (Vec<VariantResult>, Vec<Engine>) = sweep
        .variants
        .par_iter()
        .zip(started)
        .map(|(variant, mut engine)| {
            engine.run_to_end();
            let summary = engine.summary();
            let result = VariantResult {
                label: variant.label.clone(),
                value: variant.value,
                total_revenue: summary.total_revenue,
                churn_rate: summary.churn_rate,
                final_mean_trust: summary.final_mean_trust,
                click_through: summary.recommendation_click_through,
                conversion_rate: summary.conversion_rate,
                final_opt_in_rate: summary.final_opt_in_rate,
                total_profit: summary.profit,
                gross_profit: summary.gross_profit,
                lever_costs: summary.lever_costs,
            };
            (result, engine)
        })
        .unzip();
    let result = SweepResult {
        vary: sweep.vary.clone(),
        days: sweep.days,
        variants,
    };
    (result, runs)
}
