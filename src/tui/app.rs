//! The TUI's state: [`App`], the [`Mode`] that has the keyboard, and what the screens
//! read from it. Nothing here touches the terminal, the clock or the file system.
//!
//! The state changes in the files beside this one: `update.rs` (the one transition,
//! [`update`](super::update::update), from a key's [`Action`](super::update::Action)),
//! `branches.rs` (stepping, restarts and seeds, forks, lever edits, injected events)
//! and `saves.rs` and `chart_export.rs` (the files the save and export keys write).

use super::lesson::LessonView;
use super::update::Action;
use shopsim::lesson::Lesson;
use shopsim::rng::SplitMix64;
use shopsim::scenario::presets;
use shopsim::scenario::Scenario;
use shopsim::sim::Engine;

/// Simulation speeds the faster/slower keys move between, in days per second.
/// `None` is "as fast as the frame budget allows".
pub const SPEEDS: [Option<f64>; 10] = [
    Some(1.0),
    Some(2.0),
    Some(5.0),
    Some(10.0),
    Some(20.0),
    Some(50.0),
    Some(100.0),
    Some(200.0),
    Some(500.0),
    None,
];
const DEFAULT_SPEED: usize = 4;

/// Which screen has the keyboard.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// Charts, strategy panel and event log.
    Main,
    /// A lesson playing: the lesson panel, the lesson's run on the charts, levers read-only.
    Lesson,
    /// The help overlay over the main screen.
    Help,
    /// The preset list over the main screen.
    PresetPicker,
    /// "Why did it move?": the explanation of the last days of branch A.
    Explain,
    /// A key that would throw away a fork or edits waits for yes or no
    /// ([`App::confirming`]).
    Confirm,
}

/// A line the TUI adds to the event log (saves, forks, restarts, strategy edits).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Notice {
    pub day: u32,
    pub text: String,
}

/// The comparison started by a fork: branch B, which the lever edits apply to.
#[derive(Debug, Clone)]
pub struct Comparison {
    /// Last day simulated before the fork; both branches are identical up to it.
    pub fork_day: u32,
    pub b: Engine,
}

/// A preset as the picker lists it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PresetEntry {
    pub name: &'static str,
    pub description: String,
}

fn preset_entries() -> Vec<PresetEntry> {
    presets::presets()
        .iter()
        .map(|preset| PresetEntry {
            name: preset.name,
            description: match Scenario::preset(preset.name) {
                Ok(scenario) => scenario.description,
                Err(error) => format!("cannot be read: {error}"),
            },
        })
        .collect()
}

/// The whole state of the TUI.
#[derive(Debug)]
pub struct App {
    /// The scenario as loaded (with the current seed); restarts start from it.
    pub scenario: Scenario,
    /// Branch A: the run (the only branch unless comparing). Unused in a lesson, whose
    /// run the player owns: read the run shown with [`App::main_run`].
    pub a: Engine,
    pub comparison: Option<Comparison>,
    /// The lesson being played, in lesson mode.
    pub lesson: Option<LessonView>,
    pub mode: Mode,
    pub paused: bool,
    /// Index into [`SPEEDS`].
    pub speed: usize,
    /// Index into [`Lever::all`].
    pub selected_lever: usize,
    pub show_segment_trust: bool,
    /// Whether the "why did it move?" overlay explains branch B rather than A.
    pub explain_b: bool,
    /// The active shoppers chart starts at zero (`z`) instead of fitting the values.
    pub zero_based_shoppers: bool,
    /// The daily series (revenue, churned, conversion) as 7-day averages (`a`).
    pub smooth_daily: bool,
    /// No colours on screen (`NO_COLOR` set when the TUI opened); line styles stay.
    pub no_color: bool,
    pub notices: Vec<Notice>,
    /// The presets with their descriptions, read once.
    pub presets: Vec<PresetEntry>,
    /// Index into `presets` while the picker is open.
    pub picker_selected: usize,
    pub should_quit: bool,
    /// Days per second actually simulated, measured by the run loop; `None` in tests
    /// and before the first measurement, so renders are deterministic.
    pub measured_days_per_second: Option<f64>,
    /// The generator behind "new random seed"; seeded by the run loop.
    pub(super) seeds: SplitMix64,
    /// The restart waiting for confirmation in [`Mode::Confirm`].
    pub confirming: Option<Action>,
    /// Events injected with a key since the last restart, on any branch (those not yet
    /// fired are in no engine's event list).
    pub injected_events: usize,
    /// Lines the open overlay (help or explanation) is scrolled down by, when it does
    /// not fit.
    pub overlay_scroll: u16,
    /// The furthest the overlay can scroll, as last drawn (the overlay knows its height).
    pub overlay_scroll_max: std::cell::Cell<u16>,
}

impl App {
    /// A paused app at day 0 of `scenario`. `seed_state` seeds the "random seed" key.
    pub fn new(scenario: Scenario, seed_state: u64) -> App {
        let a = Engine::new(&scenario);
        App::with_run(scenario, a, seed_state)
    }

    /// [`App::new`] with branch A given, built from `scenario`.
    fn with_run(scenario: Scenario, a: Engine, seed_state: u64) -> App {
        App {
            scenario,
            a,
            comparison: None,
            lesson: None,
            mode: Mode::Main,
            paused: false,
            speed: DEFAULT_SPEED,
            selected_lever: 0,
            show_segment_trust: false,
            explain_b: false,
            zero_based_shoppers: false,
            smooth_daily: false,
            no_color: false,
            notices: Vec::new(),
            presets: preset_entries(),
            picker_selected: 0,
            should_quit: false,
            measured_days_per_second: None,
            seeds: SplitMix64::new(seed_state),
            confirming: None,
            injected_events: 0,
            overlay_scroll: 0,
            overlay_scroll_max: std::cell::Cell::new(0),
        }
    }

    /// An app playing `lesson`, at its first step. `seed_state` as for [`App::new`].
    pub fn new_lesson(lesson: Lesson, seed_state: u64) -> App {
        let scenario = lesson.scenario.clone();
        let (view, notices) = LessonView::new(lesson);
        // Branch A is unused in a lesson: a copy of the player's engine at day 0 (what
        // `Engine::new` would build, as it is deterministic) rather than a second build
        // of the shoppers and their network.
        let a = view.player.engine().clone();
        let mut app = App::with_run(scenario, a, seed_state);
        app.lesson = Some(view);
        app.mode = Mode::Lesson;
        for notice in notices {
            app.notice(notice);
        }
        app
    }

    /// The run on the charts: the lesson's run in a lesson, else branch A.
    pub fn main_run(&self) -> &Engine {
        match &self.lesson {
            Some(lesson) => lesson.player.engine(),
            None => &self.a,
        }
    }

    /// The mode overlays return to.
    pub fn base_mode(&self) -> Mode {
        if self.lesson.is_some() {
            Mode::Lesson
        } else {
            Mode::Main
        }
    }

    /// The branch the levers edit: B while comparing, else A.
    pub fn edited(&self) -> &Engine {
        match &self.comparison {
            Some(c) => &c.b,
            None => &self.a,
        }
    }

    pub(super) fn edited_mut(&mut self) -> &mut Engine {
        match &mut self.comparison {
            Some(c) => &mut c.b,
            None => &mut self.a,
        }
    }

    pub fn day(&self) -> u32 {
        self.main_run().day()
    }

    /// Target speed in days per second (`None`: as fast as possible).
    pub fn target_speed(&self) -> Option<f64> {
        SPEEDS[self.speed]
    }

    /// Whether the run loop should step days on its own.
    pub fn is_running(&self) -> bool {
        match &self.lesson {
            Some(lesson) => !self.paused && lesson.is_animating(),
            None => !self.paused && !self.a.is_finished(),
        }
    }

    pub fn notice(&mut self, text: String) {
        let day = self.day();
        self.notices.push(Notice { day, text });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_lesson_copies_its_players_engine_for_the_unused_branch_a() {
        let lesson = Lesson::shipped("inverted-u", &["simulation.shoppers=300"])
            .expect("shipped lesson is valid");
        let built = Engine::new(&lesson.scenario);
        let app = App::new_lesson(lesson, 1);
        // What App::new would have built (Engine::new is deterministic), at day 0.
        assert_eq!(app.a.day(), 0);
        assert_eq!(app.a.summary(), built.summary());
        assert_eq!(app.a.strategy(), built.strategy());
        assert_eq!(app.main_run().day(), 0);
    }
}
