//! Guided lessons: a scenario, a sequence of steps, predictions and debriefs that reveal
//! what the model measured next to what the student predicted.
//!
//! A lesson is a TOML file (the shipped ones are in `scenarios/lessons/`, embedded with
//! `include_str!`, see [`shipped`]). It is validated like a scenario file: unknown keys are
//! errors, and every error is a [`ScenarioError`] with the file, line, column, key and a
//! hint. A [`LessonPlayer`] plays a validated [`Lesson`] headless, step by step.
//!
//! # The format
//!
//! ```toml
//! name = "talk-vs-action"              # short name, used on the command line
//! title = "Say you'll leave, then stay?"
//! summary = "One or two sentences shown in listings."
//! scenario = "balanced"                # a preset (default "balanced")
//! set = ["simulation.shoppers=5000",   # overrides applied to it, like --set
//!        "simulation.random_breaches=false"]
//!
//! [[steps]]
//! kind = "read"                        # text shown to the student
//! text = "Trust stands at {mean_trust}."   # {placeholders} name measurements
//!
//! [[steps]]
//! kind = "predict"                     # a multiple-choice prediction of a measurement
//! question = "What share of shoppers will leave because of the breach?"
//! choices = ["under 1%", "about 3%", "about 20%", "about 50%"]
//! values = [0.005, 0.03, 0.2, 0.5]     # one number per choice, in the measurement's unit
//! measure = "abnormal_churn"           # see Measure::name for the list
//!
//! [[steps]]
//! kind = "run"                         # simulate up to a day (absolute, increasing)
//! to_day = 90
//!
//! [[steps]]
//! kind = "set"                         # change the running strategy and/or inject an event
//! set = ["strategy.personalization=0.9"]   # strategy.* and simulation.random_breaches only
//! inject = { kind = "breach", severity = 0.6 } # fires on the next simulated day
//!
//! [[steps]]
//! kind = "sweep"                       # fresh runs side by side, from day 1 to `days`
//! vary = "strategy.personalization"    # one key and its values ...
//! values = [0.0, 0.25, 0.5, 0.75, 1.0]
//! # variants = [ { label = "covert", set = ["strategy.transparency=0.1"] },
//! #              { label = "overt",  set = ["strategy.transparency=0.9"] } ]   # ... or variants
//! days = 365                           # default: the scenario's days
//!
//! [[steps]]
//! kind = "debrief"                     # reveals the predictions made since the last debrief
//! text = "The model measured {measured}; you predicted {predicted}."
//! ```
//!
//! Placeholders are filled from the model when the step is played: `{NAME}` with a
//! [`Measure`] (e.g. `{abnormal_churn}`, `{best_value}`), and in a debrief `{measured}` and
//! `{predicted}` with the last revealed prediction's figure and the student's answer.
//! `{{` and `}}` are literal braces. Numbers never belong in the text itself, and neither
//! do claims about what the model does: a sentence such as "churn rises with
//! personalization" is a [`Verdict`] placeholder (`{churn_verdict}`), chosen and filled
//! from the measured runs, so a lesson stays true when the model changes.
//!
//! A `set` step with `inject` forks the running engine *before* injecting: the fork is the
//! counterfactual, the same run without the event on the same random numbers (they are keyed
//! by seed, stream, day and shopper). Later runs and strategy changes apply to both, so
//! measurements like [`Measure::AbnormalChurn`] are the difference the event made. A new
//! injection replaces the counterfactual.
//!
//! Validation follows the steps in order and rejects anything a player would trip over:
//! runs that go back in time or past the last day, a measurement used before the step it
//! needs (an injection, a sweep), a prediction that no debrief reveals, unknown placeholders,
//! and `set` keys that cannot change mid-run (population, days, seed).

mod measure;
mod player;
mod raw;
mod text;
mod validate;
mod verdict;

#[cfg(test)]
mod tests;

pub use measure::{Measure, Requirement, Unit};
pub use player::{Debrief, Figures, LessonPlayer, Reveal, StepOutcome, SweepResult, VariantResult};
pub use verdict::Verdict;

use crate::model::events::EventKind;
use crate::model::strategy::Strategy;
use crate::scenario::{ErrorKind, Scenario, ScenarioError};
use crate::units::UnitInterval;

/// A validated lesson: ready to play, every step known to be playable in order.
#[derive(Debug, Clone, PartialEq)]
pub struct Lesson {
    pub name: String,
    pub title: String,
    pub summary: String,
    /// The scenario the lesson starts from: its preset with its `set` (and any extra
    /// overrides) applied.
    pub scenario: Scenario,
    pub steps: Vec<Step>,
}

/// One step of a lesson.
#[derive(Debug, Clone, PartialEq)]
pub enum Step {
    /// Text for the student; may contain measurement placeholders.
    Read { text: String },
    /// A multiple-choice prediction of a measurement.
    Predict(Prediction),
    /// Simulate up to and including this day.
    Run { to_day: u32 },
    /// Change the strategy and/or inject an event.
    Change(Change),
    /// Fresh runs side by side.
    Sweep(Sweep),
    /// Reveal the pending predictions next to the model's figures.
    Debrief { text: String },
}

/// A `predict` step.
#[derive(Debug, Clone, PartialEq)]
pub struct Prediction {
    pub question: String,
    pub choices: Vec<String>,
    /// One number per choice, in the measurement's unit (shares as fractions).
    pub values: Vec<f64>,
    pub measure: Measure,
}

/// A `set` step, resolved at load time against the scenario as the earlier steps left it.
#[derive(Debug, Clone, PartialEq)]
pub struct Change {
    /// The assignments as written, for display.
    pub assignments: Vec<String>,
    /// The strategy from the next day on (unchanged if no strategy key was set).
    pub strategy: Strategy,
    pub random_breaches: bool,
    pub inject: Option<Injection>,
}

/// An event injected by a `set` step.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Injection {
    pub kind: EventKind,
    pub severity: UnitInterval,
}

/// A `sweep` step: variants run from day 1 to `days`, side by side.
#[derive(Debug, Clone, PartialEq)]
pub struct Sweep {
    pub days: u32,
    /// The key varied, for a `vary` sweep.
    pub vary: Option<String>,
    pub variants: Vec<Variant>,
}

/// One run of a sweep.
#[derive(Debug, Clone, PartialEq)]
pub struct Variant {
    pub label: String,
    /// The varied key's value, for a `vary` sweep.
    pub value: Option<f64>,
    pub scenario: Scenario,
}

/// A lesson shipped with shopsim: its short name (the file stem) and its TOML text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ShippedLesson {
    pub name: &'static str,
    pub toml: &'static str,
}

macro_rules! shipped_lesson {
    ($name:literal) => {
        ShippedLesson {
            name: $name,
            toml: include_str!(concat!("../../scenarios/lessons/", $name, ".toml")),
        }
    };
}

static SHIPPED: [ShippedLesson; 5] = [
    shipped_lesson!("inverted-u"),
    shipped_lesson!("talk-vs-action"),
    shipped_lesson!("transparency-and-control"),
    shipped_lesson!("max-everything"),
    shipped_lesson!("breach-bill"),
];

/// Every shipped lesson, in teaching order.
pub fn shipped() -> &'static [ShippedLesson] {
    &SHIPPED
}

impl Lesson {
    /// Parses and validates a lesson file's text; `origin` names it in errors.
    pub fn from_toml_str(text: &str, origin: &str) -> Result<Lesson, ScenarioError> {
        validate::parse(text, origin, &[])
    }

    /// Like [`Lesson::from_toml_str`], with `--set KEY=VALUE` overrides applied to the
    /// lesson's scenario after its own `set` (e.g. `simulation.shoppers=2000`), before the
    /// steps are checked against it.
    pub fn from_toml_str_with_overrides<S: AsRef<str>>(
        text: &str,
        origin: &str,
        overrides: &[S],
    ) -> Result<Lesson, ScenarioError> {
        let overrides: Vec<&str> = overrides.iter().map(AsRef::as_ref).collect();
        validate::parse(text, origin, &overrides)
    }

    /// The shipped lesson called `name`, with overrides; an unknown name lists the known ones.
    pub fn shipped<S: AsRef<str>>(name: &str, overrides: &[S]) -> Result<Lesson, ScenarioError> {
        match SHIPPED.iter().find(|lesson| lesson.name == name) {
            Some(lesson) => Lesson::from_toml_str_with_overrides(
                lesson.toml,
                &format!("scenarios/lessons/{}.toml", lesson.name),
                overrides,
            ),
            None => {
                let known: Vec<&str> = SHIPPED.iter().map(|lesson| lesson.name).collect();
                Err(ScenarioError::unlocated(
                    format!("lesson {name:?}"),
                    ErrorKind::UnknownLesson,
                    "",
                    format!(
                        "unknown lesson {name:?}; known lessons are: {}",
                        known.join(", ")
                    ),
                ))
            }
        }
    }

    /// The predictions of the lesson, in order (e.g. to prepare answers).
    pub fn predictions(&self) -> impl Iterator<Item = &Prediction> {
        self.steps.iter().filter_map(|step| match step {
            Step::Predict(prediction) => Some(prediction),
            _ => None,
        })
    }
}
