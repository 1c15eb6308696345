//! Lesson mode's state: a [`LessonPlayer`] and the page the lesson panel shows. Pure like
//! `app.rs`: the run loop's ticks call [`LessonView::step_day`] to animate runs, keys call
//! the other transitions, and each transition returns the lines it wants in the event log.
//!
//! Every step is a page. Text steps (read, set, debrief) are played on arrival and shown
//! until Enter; a prediction waits for a choice; a run is simulated a day at a time at the
//! chosen speed (Enter finishes it at once) and then shows its figures; so is a sweep,
//! all its runs a day at a time side by side, so that the charts draw them as they grow.

use shopsim::lesson::{Lesson, LessonPlayer, Prediction, Step, StepOutcome};
use shopsim::sim::Engine;
use std::cell::Cell;

/// What the lesson panel shows.
#[derive(Debug, Clone, PartialEq)]
pub enum Page {
    /// A step that was played: its outcome (a read text, a run's figures, a change, a
    /// sweep's table, a debrief).
    Played(StepOutcome),
    /// A prediction waiting for an answer, its question's placeholders filled.
    Predict(Prediction),
    /// A run being simulated toward its day.
    Running { to_day: u32 },
    /// A sweep's runs being simulated side by side, a day per tick.
    Sweeping,
    /// After the last step.
    Finished,
}

/// A lesson being played in the TUI.
#[derive(Debug, Clone)]
pub struct LessonView {
    pub player: LessonPlayer,
    pub page: Page,
    /// Index of the step the page belongs to.
    pub step: usize,
    /// The highlighted choice on a prediction page.
    pub selected: usize,
    /// Lines the panel is scrolled down by (clamped when drawn).
    pub scroll: u16,
    /// The furthest the page can scroll, as last drawn: the panel knows its height and
    /// wrapping, the state does not (like the state a ratatui stateful widget updates).
    pub scroll_max: Cell<u16>,
}

impl LessonView {
    /// The lesson at its first step (played at once if it is text).
    pub fn new(lesson: Lesson) -> (LessonView, Vec<String>) {
        let mut view = LessonView {
            player: LessonPlayer::new(lesson),
            page: Page::Finished,
            step: 0,
            selected: 0,
            scroll: 0,
            scroll_max: Cell::new(0),
        };
        let notices = view.arrive();
        (view, notices)
    }

    pub fn lesson(&self) -> &Lesson {
        self.player.lesson()
    }

    /// The step shown, counted from 1, and the number of steps.
    pub fn progress(&self) -> (usize, usize) {
        let steps = self.lesson().steps.len();
        ((self.step + 1).min(steps), steps)
    }

    /// Whether the run loop should simulate (a run or a sweep is under way).
    pub fn is_animating(&self) -> bool {
        matches!(self.page, Page::Running { .. } | Page::Sweeping)
    }

    /// Shows the upcoming step, playing it if it is text.
    fn arrive(&mut self) -> Vec<String> {
        self.step = self.player.position();
        self.selected = 0;
        self.scroll = 0;
        self.page = match self.player.upcoming() {
            None => Page::Finished,
            Some(Step::Predict(_)) => match self.player.upcoming_prediction() {
                Some(prediction) => Page::Predict(prediction),
                None => Page::Finished,
            },
            Some(Step::Run { to_day }) => Page::Running { to_day: *to_day },
            Some(Step::Sweep(_)) => Page::Sweeping,
            Some(Step::Read { .. } | Step::Change(_) | Step::Debrief { .. }) => {
                return self.play(None);
            }
        };
        Vec::new()
    }

    /// Plays the upcoming step and shows its outcome.
    fn play(&mut self, answer: Option<usize>) -> Vec<String> {
        self.step = self.player.position();
        self.scroll = 0;
        let outcome = self.player.next(answer);
        let notice = match &outcome {
            StepOutcome::Ran { figures, .. } => Some(format!("lesson: ran to day {}", figures.day)),
            StepOutcome::Changed {
                day,
                assignments,
                injected,
            } => {
                let mut parts = assignments.clone();
                if let Some(injection) = injected {
                    parts.push(format!(
                        "{} (severity {:.2}) injected",
                        injection.kind,
                        injection.severity.get()
                    ));
                }
                Some(format!("lesson: from day {day}: {}", parts.join(", ")))
            }
            StepOutcome::Swept(sweep) => Some(format!(
                "lesson: {} runs side by side, {} days each",
                sweep.variants.len(),
                sweep.days
            )),
            _ => None,
        };
        self.page = Page::Played(outcome);
        notice.into_iter().collect()
    }

    /// Enter: answers the prediction, finishes a run or sweep at once, or goes on to the
    /// next step.
    pub fn proceed(&mut self) -> Vec<String> {
        match &self.page {
            Page::Played(_) => self.arrive(),
            Page::Predict(prediction) => {
                let Some(label) = prediction.choices.get(self.selected).cloned() else {
                    return Vec::new();
                };
                let outcome = self.player.next(Some(self.selected));
                if !matches!(outcome, StepOutcome::Predicted { .. }) {
                    return vec![format!("lesson: the answer was not taken ({outcome:?})")];
                }
                let mut notices = vec![format!("lesson: you predicted {label}")];
                notices.extend(self.arrive());
                notices
            }
            Page::Running { .. } => {
                while self.player.step_run_day() {}
                self.play(None)
            }
            Page::Sweeping => self.play(None),
            Page::Finished => Vec::new(),
        }
    }

    /// One tick's day: simulates a day of the run or the sweep under way, completing the
    /// step when its last day is reached.
    pub fn step_day(&mut self) -> Vec<String> {
        match self.page {
            Page::Running { to_day } => {
                let stepped = self.player.step_run_day();
                if !stepped || self.player.engine().day() >= to_day {
                    self.play(None)
                } else {
                    Vec::new()
                }
            }
            Page::Sweeping => {
                if self.player.step_sweep_day() {
                    Vec::new()
                } else {
                    self.play(None)
                }
            }
            _ => Vec::new(),
        }
    }

    /// Up: the previous choice on a prediction page, else scrolls up.
    pub fn up(&mut self) {
        match self.page {
            Page::Predict(_) => self.selected = self.selected.saturating_sub(1),
            _ => self.scroll = self.scroll.min(self.scroll_max.get()).saturating_sub(1),
        }
    }

    /// Down: the next choice on a prediction page, else scrolls down.
    pub fn down(&mut self) {
        match &self.page {
            Page::Predict(prediction) => {
                self.selected = (self.selected + 1).min(prediction.choices.len().saturating_sub(1))
            }
            _ => self.scroll = (self.scroll + 1).min(self.scroll_max.get()),
        }
    }

    /// A number key: highlights that choice (0-based) when the prediction has it.
    pub fn choose(&mut self, choice: usize) {
        if let Page::Predict(prediction) = &self.page {
            if choice < prediction.choices.len() {
                self.selected = choice;
            }
        }
    }

    /// How many engines a simulated day steps: a sweep's runs, or the run and its
    /// counterfactual if any.
    pub fn engines(&self) -> usize {
        match self.player.sweep_under_way() {
            Some(runs) => runs.len(),
            None => 1 + usize::from(self.player.counterfactual().is_some()),
        }
    }

    /// The sweep runs the charts show: those under way, else the last sweep's.
    pub fn sweep_engines(&self) -> &[Engine] {
        self.player
            .sweep_under_way()
            .unwrap_or(self.player.sweep_runs())
    }

    /// The names of [`LessonView::sweep_engines`] in the legend: the value tried, or the
    /// variant's label.
    pub fn sweep_labels(&self) -> Vec<String> {
        let variants = match (self.player.sweep_under_way(), self.player.upcoming()) {
            (Some(_), Some(Step::Sweep(sweep))) => &sweep.variants,
            _ => match self
                .lesson()
                .steps
                .iter()
                .take(self.player.position())
                .rev()
                .find_map(|step| match step {
                    Step::Sweep(sweep) => Some(sweep),
                    _ => None,
                }) {
                Some(sweep) => &sweep.variants,
                None => return Vec::new(),
            },
        };
        variants
            .iter()
            .map(|v| match v.value {
                Some(value) => format!("{value}"),
                None => v.label.clone(),
            })
            .collect()
    }
}

#[cfg(test)]
pub mod tests {
    use super::*;
    use crate::tui::app::{App, Mode};
    use crate::tui::keymap::action_for;
    use crate::tui::update::{update, Action, Effect};
    use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

    /// talk-vs-action, small: read, run to 120, read, predict, predict, set (breach), run
    /// to 210, debrief, predict, run to 365, debrief.
    pub fn lesson_app() -> App {
        let lesson = Lesson::shipped("talk-vs-action", &["simulation.shoppers=1500"])
            .expect("shipped lesson is valid");
        App::new_lesson(lesson, 1)
    }

    /// Presses a key as the run loop does: through the key table, then `update`.
    pub fn press(app: &mut App, code: KeyCode) -> Vec<Effect> {
        let event = KeyEvent::new(code, KeyModifiers::NONE);
        match action_for(app.mode, &event) {
            Some(action) => update(app, action),
            None => Vec::new(),
        }
    }

    /// Steps days as the run loop's ticks would until the lesson waits for the student.
    pub fn run_until_waiting(app: &mut App) -> u32 {
        let mut days = 0;
        while app.is_running() {
            app.step_day();
            days += 1;
            assert!(days < 1000, "a run ends");
        }
        days
    }

    fn view(app: &App) -> &LessonView {
        app.lesson.as_ref().expect("a lesson is playing")
    }

    #[test]
    fn a_run_animates_one_day_per_tick_then_shows_its_figures() {
        let mut app = lesson_app();
        assert_eq!(app.mode, Mode::Lesson);
        assert!(matches!(
            view(&app).page,
            Page::Played(StepOutcome::Read { .. })
        ));
        assert!(!app.is_running(), "a text waits for Enter");
        press(&mut app, KeyCode::Enter);
        assert_eq!(view(&app).page, Page::Running { to_day: 120 });
        assert!(app.is_running());
        app.step_day();
        app.step_day();
        assert_eq!(app.day(), 2, "one day per step, not the whole run");
        press(&mut app, KeyCode::Char(' '));
        assert!(!app.is_running(), "space pauses the run");
        press(&mut app, KeyCode::Char(' '));
        let days = run_until_waiting(&mut app);
        assert_eq!(days, 118);
        assert_eq!(app.day(), 120);
        let Page::Played(StepOutcome::Ran { figures, .. }) = &view(&app).page else {
            panic!("the run shows its figures, got {:?}", view(&app).page);
        };
        assert_eq!(figures.day, 120);
        assert_eq!(view(&app).progress(), (2, 11));
    }

    #[test]
    fn answering_a_prediction_advances_and_the_debrief_shows_the_answer() {
        let mut app = lesson_app();
        press(&mut app, KeyCode::Enter); // to the run
        run_until_waiting(&mut app);
        press(&mut app, KeyCode::Enter); // the read step after it
        press(&mut app, KeyCode::Enter); // the first prediction
        let Page::Predict(first) = &view(&app).page else {
            panic!("a prediction, got {:?}", view(&app).page);
        };
        assert!(first.question.contains("intend to leave"));
        let step = view(&app).progress().0;
        press(&mut app, KeyCode::Down);
        press(&mut app, KeyCode::Down);
        assert_eq!(view(&app).selected, 2);
        press(&mut app, KeyCode::Char('9'));
        assert_eq!(view(&app).selected, 2, "no ninth choice");
        press(&mut app, KeyCode::Enter);
        assert_eq!(view(&app).progress().0, step + 1, "answering advances");
        assert!(app
            .notices
            .iter()
            .any(|n| n.text == "lesson: you predicted about 30%"));
        let Page::Predict(second) = &view(&app).page else {
            panic!("the second prediction, got {:?}", view(&app).page);
        };
        assert!(second.question.contains("actually leave"));
        press(&mut app, KeyCode::Char('2'));
        press(&mut app, KeyCode::Enter);
        // The breach is set, then the run to day 210, then the debrief.
        assert!(matches!(
            view(&app).page,
            Page::Played(StepOutcome::Changed { .. })
        ));
        press(&mut app, KeyCode::Enter);
        run_until_waiting(&mut app);
        press(&mut app, KeyCode::Enter);
        let Page::Played(StepOutcome::Debrief(debrief)) = &view(&app).page else {
            panic!("the debrief, got {:?}", view(&app).page);
        };
        let answers: Vec<(usize, &str)> = debrief
            .reveals
            .iter()
            .map(|r| (r.answer, r.answer_label.as_str()))
            .collect();
        assert_eq!(answers, [(2, "about 30%"), (1, "about 3%")]);
        assert!(debrief.reveals.iter().all(|r| r.measured.is_some()));
    }

    #[test]
    fn a_lesson_plays_to_its_last_step_from_the_keys() {
        let mut app = lesson_app();
        let steps = view(&app).lesson().steps.len();
        let mut presses = 0;
        while view(&app).page != Page::Finished {
            if matches!(view(&app).page, Page::Predict(_)) {
                press(&mut app, KeyCode::Char('4'));
            }
            press(&mut app, KeyCode::Enter);
            run_until_waiting(&mut app);
            presses += 1;
            assert!(presses <= steps + 1, "every Enter moves on");
        }
        let lesson = view(&app);
        assert!(lesson.player.is_finished());
        assert_eq!(lesson.progress(), (steps, steps));
        assert_eq!(lesson.player.reveals().len(), 3);
        assert!(lesson.player.reveals().iter().all(|r| r.answer == 3));
        assert_eq!(app.day(), 365);
        assert!(!app.is_running());
        // Enter at the end does nothing more.
        press(&mut app, KeyCode::Enter);
        assert_eq!(view(&app).page, Page::Finished);
    }

    #[test]
    fn enter_finishes_a_run_at_once_with_the_same_outcome() {
        let mut animated = lesson_app();
        press(&mut animated, KeyCode::Enter);
        run_until_waiting(&mut animated);
        let mut skipped = lesson_app();
        press(&mut skipped, KeyCode::Enter);
        skipped.step_day();
        press(&mut skipped, KeyCode::Enter);
        assert_eq!(skipped.day(), 120);
        assert_eq!(view(&skipped).page, view(&animated).page);
    }

    #[test]
    fn the_levers_and_events_are_read_only_in_a_lesson() {
        let mut app = lesson_app();
        let before = *app.main_run().strategy();
        for action in [
            Action::IncreaseLever,
            Action::Inject(shopsim::model::events::EventKind::Breach),
            Action::Fork,
            Action::Restart,
        ] {
            update(&mut app, action);
        }
        assert_eq!(*app.main_run().strategy(), before);
        assert!(app.comparison.is_none());
        assert!(app
            .notices
            .last()
            .is_some_and(|n| n.text.contains("read-only")));
        // Help opens over the lesson and closes back to it.
        press(&mut app, KeyCode::Char('?'));
        assert_eq!(app.mode, Mode::Help);
        press(&mut app, KeyCode::Esc);
        assert_eq!(app.mode, Mode::Lesson);
    }

    #[test]
    fn the_svg_key_writes_valid_charts_of_the_lesson_run() {
        let mut app = lesson_app();
        assert!(
            press(&mut app, KeyCode::Char('g')).is_empty(),
            "nothing simulated yet"
        );
        assert!(app
            .notices
            .last()
            .is_some_and(|n| n.text.starts_with("no charts saved")));
        press(&mut app, KeyCode::Enter);
        run_until_waiting(&mut app);
        let effects = press(&mut app, KeyCode::Char('g'));
        let paths: Vec<&str> = effects
            .iter()
            .map(|Effect::WriteFile { path, .. }| path.as_str())
            .collect();
        assert_eq!(
            paths,
            [
                "shopsim-talk-vs-action-day120-revenue.svg",
                "shopsim-talk-vs-action-day120-trust.svg",
                "shopsim-talk-vs-action-day120-shoppers.svg"
            ]
        );
        for Effect::WriteFile { path, contents } in &effects {
            let document = roxmltree::Document::parse(contents)
                .unwrap_or_else(|error| panic!("{path} is not valid XML: {error}"));
            assert_eq!(document.root_element().tag_name().name(), "svg", "{path}");
            let text: String = document
                .descendants()
                .filter_map(|node| node.text())
                .collect();
            assert!(text.contains("day 120"), "{path} names the day: {text}");
            let lines = document
                .descendants()
                .filter(|node| node.tag_name().name() == "polyline")
                .count();
            assert!(lines >= 1, "{path} draws the run");
        }
    }
}
