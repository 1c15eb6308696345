//! Lesson TOML ──parse──▶ `RawLesson` ──validate──▶ [`Lesson`].
//!
//! Validation walks the steps in order, keeping the scenario as the `set` steps change it,
//! the day the runs have reached, and which measurements have become available, so that
//! every error a player could meet is found at load time, with the step's line and column.

use super::measure::{Measure, Requirement};
use super::raw::{
    allowed_keys, expected_value, RawInjection, RawLesson, RawStep, RawVariant, SpannedStrings,
};
use super::text::{pieces, Piece};
use super::verdict::Verdict;
use super::{Change, Injection, Lesson, Prediction, Step, Sweep, Variant};
use crate::model::events::EventKind;
use crate::scenario::{
    choice, closest, toml_error_in, unit, whole, ErrorKind, Scenario, ScenarioError, Source,
};
use std::ops::Range;
use toml::Spanned;

/// Placeholders that refer to the prediction a debrief reveals (the last one if several).
pub(super) const MEASURED: &str = "measured";
pub(super) const PREDICTED: &str = "predicted";

/// The step kinds and the keys each accepts besides `kind`.
const STEP_KINDS: &[(&str, &[&str])] = &[
    ("read", &["text"]),
    ("predict", &["question", "choices", "values", "measure"]),
    ("run", &["to_day"]),
    ("set", &["set", "inject"]),
    ("sweep", &["vary", "values", "variants", "days"]),
    ("debrief", &["text"]),
];

/// Parses and validates a lesson; `overrides` are applied to its scenario after the
/// lesson's own `set` (e.g. a smaller population for a quick run).
pub(super) fn parse(text: &str, origin: &str, overrides: &[&str]) -> Result<Lesson, ScenarioError> {
    let source = Source { text, origin };
    let raw: RawLesson = toml::from_str(text)
        .map_err(|error| toml_error_in(&source, &error, allowed_keys, expected_value))?;
    Validator::new(&source).lesson(raw, overrides)
}

/// What the steps so far have made available.
struct Validator<'a> {
    source: &'a Source<'a>,
    scenario: Scenario,
    day: u32,
    injected: bool,
    vary_sweep: bool,
    sweep: bool,
    /// Predictions not yet revealed: their measure, its key and its span.
    pending: Vec<(Measure, String, Range<usize>)>,
}

impl<'a> Validator<'a> {
    fn new(source: &'a Source<'a>) -> Validator<'a> {
        Validator {
            source,
            scenario: Scenario::default(),
            day: 0,
            injected: false,
            vary_sweep: false,
            sweep: false,
            pending: Vec::new(),
        }
    }

    fn error(
        &self,
        kind: ErrorKind,
        key: impl Into<String>,
        span: Range<usize>,
        message: impl Into<String>,
    ) -> ScenarioError {
        self.source.error(kind, key, Some(span), message)
    }

    fn lesson(mut self, raw: RawLesson, overrides: &[&str]) -> Result<Lesson, ScenarioError> {
        let name = self.required_string("name", raw.name.as_ref(), 0..0)?;
        let title = self.required_string("title", raw.title.as_ref(), 0..0)?;
        let summary = raw.summary.map_or_else(String::new, Spanned::into_inner);
        let base = match &raw.scenario {
            Some(preset) => Scenario::preset(preset.get_ref()).map_err(|error| ScenarioError {
                origin: self.source.origin.to_string(),
                location: self.located(preset.span()),
                key: "scenario".to_string(),
                ..error
            })?,
            None => Scenario::preset(crate::scenario::presets::DEFAULT_PRESET)?,
        };
        self.scenario = match &raw.set {
            Some(set) => self.apply(&base, "set", set)?,
            None => base,
        };
        if !overrides.is_empty() {
            self.scenario = self.scenario.with_overrides(overrides)?;
        }
        let scenario = self.scenario.clone();
        if raw.steps.is_empty() {
            return Err(self.source.error(
                ErrorKind::MissingKey,
                "steps",
                None,
                "a lesson needs at least one [[steps]] table",
            ));
        }
        let mut steps = Vec::with_capacity(raw.steps.len());
        for (index, step) in raw.steps.iter().enumerate() {
            steps.push(self.step(index, step)?);
        }
        if let Some((measure, key, span)) = self.pending.first() {
            return Err(self
                .error(
                    ErrorKind::StepOutOfOrder,
                    key.clone(),
                    span.clone(),
                    format!("the prediction of `{measure}` is never revealed"),
                )
                .with_hint("add a [[steps]] with kind = \"debrief\" after it"));
        }
        Ok(Lesson {
            name,
            title,
            summary,
            scenario,
            steps,
        })
    }

    fn located(&self, span: Range<usize>) -> Option<crate::scenario::Location> {
        Some(crate::scenario::Location::of_offset(
            self.source.text,
            span.start,
        ))
    }

    fn required_string(
        &self,
        key: &str,
        value: Option<&Spanned<String>>,
        table: Range<usize>,
    ) -> Result<String, ScenarioError> {
        match value {
            Some(value) => Ok(value.get_ref().clone()),
            None => Err(self.source.error(
                ErrorKind::MissingKey,
                key,
                (table != (0..0)).then_some(table),
                format!("missing key `{}`", key.rsplit('.').next().unwrap_or(key)),
            )),
        }
    }

    /// `scenario` with the assignments applied; an error points at the assignment it blames.
    fn apply(
        &self,
        scenario: &Scenario,
        key: &str,
        set: &SpannedStrings,
    ) -> Result<Scenario, ScenarioError> {
        let assignments: Vec<&str> = set.get_ref().iter().map(|a| a.get_ref().as_str()).collect();
        scenario.with_overrides(&assignments).map_err(|error| {
            let blamed = set
                .get_ref()
                .iter()
                .enumerate()
                .find(|(_, a)| error.origin == format!("--set {}", a.get_ref()));
            let (key, span) = match blamed {
                Some((index, a)) => (format!("{key}[{index}]"), a.span()),
                None => (key.to_string(), set.span()),
            };
            ScenarioError {
                origin: self.source.origin.to_string(),
                location: self.located(span),
                key,
                ..error
            }
        })
    }

    fn step(&mut self, index: usize, spanned: &Spanned<RawStep>) -> Result<Step, ScenarioError> {
        let prefix = format!("steps[{index}]");
        let raw = spanned.get_ref();
        let Some(kind) = &raw.kind else {
            return Err(self
                .error(
                    ErrorKind::MissingKey,
                    format!("{prefix}.kind"),
                    spanned.span(),
                    format!("{prefix} has no `kind`"),
                )
                .with_hint(format!("add kind = one of {}", kind_list())));
        };
        let kind_names: Vec<&str> = STEP_KINDS.iter().map(|(name, _)| *name).collect();
        let allowed = STEP_KINDS
            .iter()
            .find(|(name, _)| name == kind.get_ref())
            .map(|(_, keys)| *keys)
            .ok_or_else(|| {
                let error = self.error(
                    ErrorKind::InvalidChoice,
                    format!("{prefix}.kind"),
                    kind.span(),
                    format!(
                        "{prefix}.kind must be one of {}, got {:?}",
                        kind_list(),
                        kind.get_ref()
                    ),
                );
                match closest(kind.get_ref(), &kind_names) {
                    Some(suggestion) => error.with_hint(format!("did you mean \"{suggestion}\"?")),
                    None => error,
                }
            })?;
        for (key, span) in present_keys(raw) {
            if !allowed.contains(&key) {
                return Err(self
                    .error(
                        ErrorKind::UnknownKey,
                        format!("{prefix}.{key}"),
                        span,
                        format!(
                            "a `{}` step does not take `{key}`; it takes: {}",
                            kind.get_ref(),
                            allowed.join(", ")
                        ),
                    )
                    .with_hint("remove the key, or change the step's kind"));
            }
        }
        let at = spanned.span();
        match kind.get_ref().as_str() {
            "read" => {
                let text = self.text(&prefix, "text", raw.text.as_ref(), at, false)?;
                Ok(Step::Read { text })
            }
            "debrief" => {
                // Predictions come first in the file: report their errors first.
                for (measure, key, span) in &self.pending {
                    self.available(measure.name(), measure.requirement(), key, span.clone())?;
                }
                let text = self.text(&prefix, "text", raw.text.as_ref(), at, true)?;
                self.pending.clear();
                Ok(Step::Debrief { text })
            }
            "predict" => self.predict(&prefix, raw, at).map(Step::Predict),
            "run" => {
                let Some(to_day) = &raw.to_day else {
                    return Err(self.missing(&prefix, "to_day", at));
                };
                let days = i64::from(self.scenario.simulation.days);
                let first = i64::from(self.day) + 1;
                let key = format!("{prefix}.to_day");
                let day = whole(self.source, &key, to_day, first.min(days)..=days)?;
                if day < first {
                    return Err(self
                        .error(
                            ErrorKind::StepOutOfOrder,
                            key,
                            to_day.span(),
                            format!(
                                "run steps go forward: to_day must be after day {}, reached \
                                 by an earlier run step",
                                self.day
                            ),
                        )
                        .with_hint("the simulation has reached its last day; remove this step"));
                }
                self.day = day as u32;
                Ok(Step::Run { to_day: self.day })
            }
            "set" => self.change(&prefix, raw, at).map(Step::Change),
            "sweep" => self.sweep(&prefix, raw, at).map(Step::Sweep),
            _ => unreachable!("kinds were checked against STEP_KINDS"),
        }
    }

    fn missing(&self, prefix: &str, key: &str, at: Range<usize>) -> ScenarioError {
        self.error(
            ErrorKind::MissingKey,
            format!("{prefix}.{key}"),
            at,
            format!("{prefix} is missing key `{key}`"),
        )
    }

    /// A text shown to the student (read, debrief, question): required, and its
    /// placeholders must name measurements available at this point (`{measured}` and
    /// `{predicted}` only in debriefs that reveal a prediction).
    fn text(
        &self,
        prefix: &str,
        name: &str,
        text: Option<&Spanned<String>>,
        at: Range<usize>,
        debrief: bool,
    ) -> Result<String, ScenarioError> {
        let Some(text) = text else {
            return Err(self.missing(prefix, name, at));
        };
        let key = format!("{prefix}.{name}");
        let located = |kind, message: String| self.error(kind, key.clone(), text.span(), message);
        let parts = pieces(text.get_ref())
            .map_err(|message| located(ErrorKind::Syntax, format!("{key} has {message}")))?;
        for piece in parts {
            let Piece::Placeholder(name) = piece else {
                continue;
            };
            if name == MEASURED || name == PREDICTED {
                if debrief && !self.pending.is_empty() {
                    continue;
                }
                return Err(located(
                    ErrorKind::StepOutOfOrder,
                    format!("{{{name}}} is only allowed in a debrief that reveals a prediction"),
                )
                .with_hint("put a predict step before this debrief, or name a measurement"));
            }
            if let Some(verdict) = Verdict::from_name(name) {
                self.available(verdict.name(), verdict.requirement(), &key, text.span())?;
                continue;
            }
            let Some(measure) = Measure::from_name(name) else {
                let mut known: Vec<&str> = Measure::ALL.iter().map(|m| m.name()).collect();
                known.extend(Verdict::ALL.iter().map(|v| v.name()));
                if debrief {
                    known.extend([MEASURED, PREDICTED]);
                }
                let error = located(
                    ErrorKind::UnknownPlaceholder,
                    format!(
                        "{key} has an unknown placeholder {{{name}}}; known: {}",
                        known.join(", ")
                    ),
                );
                return Err(match closest(name, &known) {
                    Some(suggestion) => error.with_hint(format!("did you mean {{{suggestion}}}?")),
                    None => error.with_hint("write {{ and }} for literal braces"),
                });
            };
            self.available(measure.name(), measure.requirement(), &key, text.span())?;
        }
        Ok(text.get_ref().clone())
    }

    /// Whether a measurement can be computed at this point of the lesson.
    fn available(
        &self,
        measure: &str,
        requirement: Requirement,
        key: &str,
        span: Range<usize>,
    ) -> Result<(), ScenarioError> {
        let missing = match requirement {
            Requirement::Nothing => None,
            Requirement::Injection if !self.injected => {
                Some("a set step with `inject` (the counterfactual starts there)")
            }
            Requirement::VarySweep if !self.vary_sweep => {
                Some("a sweep step with `vary` and `values`")
            }
            Requirement::Sweep if !self.sweep => Some("a sweep step"),
            _ => None,
        };
        match missing {
            None => Ok(()),
            Some(needed) => Err(self
                .error(
                    ErrorKind::StepOutOfOrder,
                    key,
                    span,
                    format!("`{measure}` is not measured yet at this point: it needs {needed} before it"),
                )
                .with_hint("move the step after the one it needs")),
        }
    }

    fn predict(
        &mut self,
        prefix: &str,
        raw: &RawStep,
        at: Range<usize>,
    ) -> Result<Prediction, ScenarioError> {
        let question = self.text(prefix, "question", raw.question.as_ref(), at.clone(), false)?;
        let Some(choices) = &raw.choices else {
            return Err(self.missing(prefix, "choices", at));
        };
        if choices.get_ref().len() < 2 {
            return Err(self.error(
                ErrorKind::OutOfRange,
                format!("{prefix}.choices"),
                choices.span(),
                format!(
                    "{prefix}.choices needs at least two choices, got {}",
                    choices.get_ref().len()
                ),
            ));
        }
        let Some(values) = &raw.values else {
            return Err(self.missing(prefix, "values", at).with_hint(
                "give one number per choice, in the measurement's unit (shares as fractions)",
            ));
        };
        if values.get_ref().len() != choices.get_ref().len() {
            return Err(self.error(
                ErrorKind::OutOfRange,
                format!("{prefix}.values"),
                values.span(),
                format!(
                    "{prefix}.values must have one number per choice: {} choices, {} values",
                    choices.get_ref().len(),
                    values.get_ref().len()
                ),
            ));
        }
        let Some(measure_name) = &raw.measure else {
            return Err(self.missing(prefix, "measure", at));
        };
        let measure = measure_choice(self.source, &format!("{prefix}.measure"), measure_name)?;
        self.pending
            .push((measure, format!("{prefix}.measure"), measure_name.span()));
        Ok(Prediction {
            question,
            choices: choices
                .get_ref()
                .iter()
                .map(|c| c.get_ref().clone())
                .collect(),
            values: values.get_ref().iter().map(|v| *v.get_ref()).collect(),
            measure,
        })
    }

    fn change(
        &mut self,
        prefix: &str,
        raw: &RawStep,
        at: Range<usize>,
    ) -> Result<Change, ScenarioError> {
        if raw.set.is_none() && raw.inject.is_none() {
            return Err(self
                .missing(prefix, "set", at)
                .with_hint("a set step needs `set = [...]`, `inject = {...}` or both"));
        }
        let mut assignments = Vec::new();
        if let Some(set) = &raw.set {
            for (index, assignment) in set.get_ref().iter().enumerate() {
                let key = assignment
                    .get_ref()
                    .split('=')
                    .next()
                    .unwrap_or_default()
                    .trim();
                if !(key.starts_with("strategy.") || key == "simulation.random_breaches") {
                    return Err(self
                        .error(
                            ErrorKind::StepOutOfOrder,
                            format!("{prefix}.set[{index}]"),
                            assignment.span(),
                            format!("`{key}` cannot change while the lesson runs; only strategy.* keys and simulation.random_breaches can"),
                        )
                        .with_hint("set it in the lesson's top-level `set` instead"));
                }
                assignments.push(assignment.get_ref().clone());
            }
            self.scenario = self.apply(&self.scenario, &format!("{prefix}.set"), set)?;
        }
        let inject = match &raw.inject {
            Some(inject) => Some(self.injection(prefix, inject)?),
            None => None,
        };
        self.injected |= inject.is_some();
        Ok(Change {
            assignments,
            strategy: self.scenario.strategy,
            random_breaches: self.scenario.simulation.random_breaches,
            inject,
        })
    }

    fn injection(
        &self,
        prefix: &str,
        spanned: &Spanned<RawInjection>,
    ) -> Result<Injection, ScenarioError> {
        let raw = spanned.get_ref();
        let prefix = format!("{prefix}.inject");
        let (Some(kind), Some(severity)) = (&raw.kind, &raw.severity) else {
            let key = if raw.kind.is_none() {
                "kind"
            } else {
                "severity"
            };
            return Err(self.missing(&prefix, key, spanned.span()));
        };
        Ok(Injection {
            kind: choice(
                self.source,
                &format!("{prefix}.kind"),
                kind,
                &EventKind::ALL,
                EventKind::name,
            )?,
            severity: unit(self.source, &format!("{prefix}.severity"), severity)?,
        })
    }

    fn sweep(
        &mut self,
        prefix: &str,
        raw: &RawStep,
        at: Range<usize>,
    ) -> Result<Sweep, ScenarioError> {
        let days = match &raw.days {
            Some(days) => {
                let last = i64::from(self.scenario.simulation.days);
                whole(self.source, &format!("{prefix}.days"), days, 1..=last)? as u32
            }
            None => self.scenario.simulation.days,
        };
        let mut base = self.scenario.clone();
        base.simulation.days = days;
        let variants = match (&raw.vary, &raw.values, &raw.variants) {
            (Some(vary), Some(values), None) => {
                let mut variants = Vec::with_capacity(values.get_ref().len());
                for (index, value) in values.get_ref().iter().enumerate() {
                    let assignment = format!("{}={}", vary.get_ref(), value.get_ref());
                    let scenario =
                        base.with_override(&assignment)
                            .map_err(|error| ScenarioError {
                                origin: self.source.origin.to_string(),
                                location: self.located(value.span()),
                                key: format!("{prefix}.values[{index}]"),
                                ..error
                            })?;
                    variants.push(Variant {
                        label: format!("{} = {}", vary.get_ref(), value.get_ref()),
                        value: Some(*value.get_ref()),
                        scenario,
                    });
                }
                self.vary_sweep = true;
                variants
            }
            (None, None, Some(list)) => {
                let mut variants = Vec::with_capacity(list.get_ref().len());
                for (index, variant) in list.get_ref().iter().enumerate() {
                    variants.push(self.variant(
                        &format!("{prefix}.variants[{index}]"),
                        &base,
                        variant,
                    )?);
                }
                variants
            }
            _ => {
                return Err(self
                    .error(
                        ErrorKind::MissingKey,
                        prefix,
                        at,
                        format!("{prefix} needs either `vary` with `values`, or `variants`"),
                    )
                    .with_hint(
                        "e.g. vary = \"strategy.personalization\", values = [0.0, 0.5, 1.0]",
                    ));
            }
        };
        if variants.len() < 2 {
            return Err(self.error(
                ErrorKind::OutOfRange,
                prefix,
                at,
                format!(
                    "{prefix} compares at least two variants, got {}",
                    variants.len()
                ),
            ));
        }
        self.sweep = true;
        Ok(Sweep {
            days,
            vary: raw.vary.as_ref().map(|vary| vary.get_ref().clone()),
            variants,
        })
    }

    fn variant(
        &self,
        prefix: &str,
        base: &Scenario,
        spanned: &Spanned<RawVariant>,
    ) -> Result<Variant, ScenarioError> {
        let raw = spanned.get_ref();
        let label = self.required_string(
            &format!("{prefix}.label"),
            raw.label.as_ref(),
            spanned.span(),
        )?;
        let scenario = match &raw.set {
            Some(set) => self.apply(base, &format!("{prefix}.set"), set)?,
            None => base.clone(),
        };
        Ok(Variant {
            label,
            value: None,
            scenario,
        })
    }
}

fn kind_list() -> String {
    let quoted: Vec<String> = STEP_KINDS
        .iter()
        .map(|(name, _)| format!("\"{name}\""))
        .collect();
    quoted.join(", ")
}

fn measure_choice(
    source: &Source,
    key: &str,
    value: &Spanned<String>,
) -> Result<Measure, ScenarioError> {
    choice(source, key, value, &Measure::ALL, Measure::name)
}

/// The step keys present besides `kind`, with their value spans.
fn present_keys(raw: &RawStep) -> Vec<(&'static str, Range<usize>)> {
    let mut keys = Vec::new();
    let mut push = |key: &'static str, span: Option<Range<usize>>| {
        if let Some(span) = span {
            keys.push((key, span));
        }
    };
    push("text", raw.text.as_ref().map(Spanned::span));
    push("question", raw.question.as_ref().map(Spanned::span));
    push("choices", raw.choices.as_ref().map(Spanned::span));
    push("values", raw.values.as_ref().map(Spanned::span));
    push("measure", raw.measure.as_ref().map(Spanned::span));
    push("to_day", raw.to_day.as_ref().map(Spanned::span));
    push("set", raw.set.as_ref().map(Spanned::span));
    push("inject", raw.inject.as_ref().map(Spanned::span));
    push("vary", raw.vary.as_ref().map(Spanned::span));
    push("variants", raw.variants.as_ref().map(Spanned::span));
    push("days", raw.days.as_ref().map(Spanned::span));
    keys
}
