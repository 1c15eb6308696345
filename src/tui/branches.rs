//! The runs behind the screen and how keys change them: stepping days (both branches in
//! lockstep, or the lesson's run), restarts and seeds, the A/B fork, lever edits
//! (applied from the next day to the edited branch) and injected events.

use super::app::{App, Comparison};
use super::levers::Lever;
use super::ui::format::lever_value;
use shopsim::model::events::EventKind;
use shopsim::scenario::Scenario;
use shopsim::sim::Engine;
use shopsim::units::UnitInterval;

/// Severity of events injected with a key.
pub const INJECTED_SEVERITY: f64 = 0.5;

impl App {
    /// Simulates one day on every branch, in lockstep; in a lesson, one day of the run
    /// under way (or the sweep).
    pub fn step_day(&mut self) {
        if let Some(lesson) = &mut self.lesson {
            for notice in lesson.step_day() {
                self.notice(notice);
            }
            return;
        }
        self.a.step();
        if let Some(c) = &mut self.comparison {
            c.b.step();
        }
        if self.a.is_finished() && self.a.day() == self.scenario.simulation.days {
            self.notice("end of the scenario; n steps on, r restarts".to_string());
        }
    }

    /// How many shopper-days one [`App::step_day`] simulates (for pacing).
    pub fn branches(&self) -> usize {
        match &self.lesson {
            Some(lesson) => lesson.engines(),
            None => 1 + usize::from(self.comparison.is_some()),
        }
    }

    /// Starts over on `scenario` from day 0, keeping the view settings.
    pub(super) fn restart_on(&mut self, scenario: Scenario) {
        self.a = Engine::new(&scenario);
        self.scenario = scenario;
        self.comparison = None;
        self.notices.clear();
        self.injected_events = 0;
    }

    pub(super) fn next_random_seed(&mut self) -> u64 {
        // Keep seeds short enough to read and type.
        self.seeds.next() % 1_000_000
    }

    pub(super) fn restart_with_seed(&mut self, seed: u64) {
        let mut scenario = self.scenario.clone();
        scenario.simulation.seed = seed;
        self.restart_on(scenario);
        self.notice(format!("restarted with seed {seed}"));
    }

    /// Forks branch B off A at today's state; the levers then edit B.
    pub(super) fn fork(&mut self) {
        if self.comparison.is_some() {
            self.notice("already comparing; x ends the comparison first".to_string());
        } else {
            self.comparison = Some(Comparison {
                fork_day: self.a.day(),
                b: self.a.fork(),
            });
            self.notice("forked: A and B continue in lockstep; levers now edit B".into());
        }
    }

    /// Drops branch A and keeps B, which becomes the only run (the levers still edit it).
    pub(super) fn keep_b(&mut self) {
        if let Some(comparison) = self.comparison.take() {
            self.a = comparison.b;
            self.notice("comparison ended; kept branch B".to_string());
        }
    }

    /// Drops branch B and keeps A.
    pub(super) fn end_comparison(&mut self) {
        if self.comparison.take().is_some() {
            self.notice("comparison ended; kept branch A".to_string());
        }
    }

    /// An event of `kind` on the next day, on every branch.
    pub(super) fn inject(&mut self, kind: EventKind) {
        let severity = UnitInterval::clamped(INJECTED_SEVERITY);
        self.injected_events += 1;
        self.a.inject(kind, severity);
        if let Some(c) = &mut self.comparison {
            c.b.inject(kind, severity);
        }
        let day = self.day() + 1;
        self.notice(format!(
            "injected {kind} (severity {INJECTED_SEVERITY:.1}) for day {day}"
        ));
    }

    pub(super) fn nudge_lever(&mut self, up: bool) {
        let lever = Lever::at(self.selected_lever);
        let before = *self.edited().strategy();
        let after = lever.nudged(&before, up);
        if after == before {
            return;
        }
        let engine = self.edited_mut();
        engine.set_strategy(after);
        let from_day = engine.day() + 1;
        let today = self.day();
        let branch = if self.comparison.is_some() { "B: " } else { "" };
        let old = lever_value(lever.value(&before));
        let new = lever_value(lever.value(&after));
        let prefix = format!("{branch}{} ", lever.label());
        let suffix = format!(" from day {from_day}");
        // Consecutive presses on one lever on one day make one log line that keeps
        // the value from before the first press.
        if let Some(last) = self
            .notices
            .last_mut()
            .filter(|n| n.day == today && n.text.starts_with(&prefix) && n.text.ends_with(&suffix))
        {
            if let Some(arrow) = last.text.find(" -> ") {
                last.text = format!("{} -> {new}{suffix}", &last.text[..arrow]);
                return;
            }
        }
        self.notice(format!("{prefix}{old} -> {new}{suffix}"));
    }
}
