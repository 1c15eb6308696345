//! The TUI's state and its one state transition, [`update`]. Nothing here touches
//! the terminal, the clock or the file system: the run loop in `tui/mod.rs` feeds
//! actions in, steps days when the pacing says so, and carries out the [`Effect`]s
//! (file writes) that `update` asks for.

use super::chart_export;
use super::lesson::LessonView;
use super::levers::Lever;
use super::ui::format;
use shopsim::lesson::Lesson;
use shopsim::model::events::{EventKind, ScheduledEvent};
use shopsim::report::csv::write_daily_csv;
use shopsim::scenario::presets;
use shopsim::scenario::Scenario;
use shopsim::sim::engine::EventOrigin;
use shopsim::sim::{DayMetrics, Engine};
use shopsim::units::UnitInterval;

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

/// Severity of events injected with a key.
pub const INJECTED_SEVERITY: f64 = 0.5;

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
}

/// Everything a key can ask for. The key table in `keymap.rs` maps keys to these.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    Quit,
    TogglePause,
    Step,
    Faster,
    Slower,
    Restart,
    RandomSeed,
    NextSeed,
    PreviousLever,
    NextLever,
    DecreaseLever,
    IncreaseLever,
    ToggleSegmentTrust,
    Inject(EventKind),
    Fork,
    EndComparison,
    SaveScenario,
    ExportCsv,
    OpenPresets,
    ToggleHelp,
    /// Opens the "why did it move?" overlay.
    OpenExplain,
    /// Closes an overlay (help, preset list or explanation).
    Close,
    PickerUp,
    PickerDown,
    PickerChoose,
    /// Writes the main charts' metrics as SVG files.
    SaveCharts,
    /// Lesson: answer the prediction, finish the run, or go on.
    LessonContinue,
    /// Lesson: previous choice, or scroll up.
    LessonUp,
    /// Lesson: next choice, or scroll down.
    LessonDown,
    /// Lesson: highlight this choice (0-based) of the prediction.
    Choose(usize),
}

/// Work `update` leaves to the run loop because it needs the outside world.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Effect {
    /// Write `contents` to `path` (relative to the current directory), then report it.
    WriteFile { path: String, contents: String },
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
    pub notices: Vec<Notice>,
    /// The presets with their descriptions, read once.
    pub presets: Vec<PresetEntry>,
    /// Index into `presets` while the picker is open.
    pub picker_selected: usize,
    pub should_quit: bool,
    /// Days per second actually simulated, measured by the run loop; `None` in tests
    /// and before the first measurement, so renders are deterministic.
    pub measured_days_per_second: Option<f64>,
    /// State of the generator behind "new random seed"; seeded by the run loop.
    seed_state: u64,
}

impl App {
    /// A paused app at day 0 of `scenario`. `seed_state` seeds the "random seed" key.
    pub fn new(scenario: Scenario, seed_state: u64) -> App {
        let a = Engine::new(&scenario);
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
            notices: Vec::new(),
            presets: preset_entries(),
            picker_selected: 0,
            should_quit: false,
            measured_days_per_second: None,
            seed_state,
        }
    }

    /// An app playing `lesson`, at its first step. `seed_state` as for [`App::new`].
    pub fn new_lesson(lesson: Lesson, seed_state: u64) -> App {
        let mut app = App::new(lesson.scenario.clone(), seed_state);
        let (view, notices) = LessonView::new(lesson);
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

    fn edited_mut(&mut self) -> &mut Engine {
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

    pub fn notice(&mut self, text: String) {
        let day = self.day();
        self.notices.push(Notice { day, text });
    }

    /// Starts over on `scenario` from day 0, keeping the view settings.
    fn restart_on(&mut self, scenario: Scenario) {
        self.a = Engine::new(&scenario);
        self.scenario = scenario;
        self.comparison = None;
        self.notices.clear();
    }

    fn next_random_seed(&mut self) -> u64 {
        // SplitMix64: enough to draw a fresh seed, and deterministic given its state.
        self.seed_state = self.seed_state.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.seed_state;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        // Keep seeds short enough to read and type.
        (z ^ (z >> 31)) % 1_000_000
    }

    fn restart_with_seed(&mut self, seed: u64) {
        let mut scenario = self.scenario.clone();
        scenario.simulation.seed = seed;
        self.restart_on(scenario);
        self.notice(format!("restarted with seed {seed}"));
    }

    fn nudge_lever(&mut self, up: bool) {
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
        let old = format::lever_value(lever.value(&before));
        let new = format::lever_value(lever.value(&after));
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

    /// The scenario to save: the edited branch's current strategy from day 1, with
    /// the scheduled and injected events so far and the scheduled ones still to come.
    pub fn scenario_to_save(&self) -> Scenario {
        let engine = self.edited();
        let mut scenario = self.scenario.clone();
        scenario.strategy = *engine.strategy();
        let day = engine.day();
        let mut events: Vec<ScheduledEvent> = engine
            .events()
            .iter()
            .filter(|e| e.origin != EventOrigin::Random)
            .map(|e| ScheduledEvent {
                day: e.day,
                kind: e.kind,
                severity: UnitInterval::clamped(e.severity),
            })
            .collect();
        events.extend(self.scenario.events.iter().filter(|e| e.day > day));
        events.retain(|e| e.day <= scenario.simulation.days);
        events.sort_by_key(|e| e.day);
        scenario.events = events;
        let branch = if self.comparison.is_some() {
            " (branch B)"
        } else {
            ""
        };
        let note = format!(
            "Saved from the TUI at day {day}{branch} (seed {}): the strategy then, applied \
             from day 1, and the events so far.",
            self.scenario.simulation.seed
        );
        scenario.description = if self.scenario.description.is_empty() {
            note
        } else {
            format!("{} {note}", self.scenario.description)
        };
        scenario
    }

    /// File name stem for saves and exports: `shopsim-<name>-day<N>`, where the name is
    /// the lesson's in a lesson, else the scenario's.
    pub fn file_stem(&self) -> String {
        let name = match &self.lesson {
            Some(lesson) => &lesson.lesson().name,
            None => &self.scenario.name,
        };
        format!("shopsim-{}-day{}", slug(name), self.day())
    }
}

/// The daily CSV of a branch, in the same columns as `shopsim run --format csv`.
fn daily_csv(history: &[DayMetrics]) -> String {
    let mut bytes = Vec::new();
    // Writing to memory cannot fail, and every field is ASCII.
    match write_daily_csv(&mut bytes, history) {
        Ok(()) => String::from_utf8_lossy(&bytes).into_owned(),
        Err(error) => format!("error: {error}\n"),
    }
}

/// Lower-case letters and digits, other runs of characters turned into one `-`.
pub fn slug(name: &str) -> String {
    let mut out = String::new();
    for ch in name.chars() {
        if ch.is_ascii_alphanumeric() {
            out.push(ch.to_ascii_lowercase());
        } else if !out.is_empty() && !out.ends_with('-') {
            out.push('-');
        }
    }
    let trimmed = out.trim_end_matches('-');
    if trimmed.is_empty() {
        "scenario".to_string()
    } else {
        trimmed.to_string()
    }
}

/// Whether `action` changes the run, which a lesson alone does while it plays.
fn edits_the_run(action: Action) -> bool {
    matches!(
        action,
        Action::Step
            | Action::Restart
            | Action::RandomSeed
            | Action::NextSeed
            | Action::DecreaseLever
            | Action::IncreaseLever
            | Action::Inject(_)
            | Action::Fork
            | Action::OpenPresets
            | Action::PickerChoose
    )
}

/// Applies one action. Returns the file writes the run loop must carry out.
pub fn update(app: &mut App, action: Action) -> Vec<Effect> {
    if app.lesson.is_some() && edits_the_run(action) {
        app.notice("the lesson sets the strategy and events; the levers are read-only".into());
        return Vec::new();
    }
    match action {
        Action::Quit => app.should_quit = true,
        Action::TogglePause => app.paused = !app.paused,
        Action::Step => {
            app.paused = true;
            app.step_day();
        }
        Action::Faster => app.speed = (app.speed + 1).min(SPEEDS.len() - 1),
        Action::Slower => app.speed = app.speed.saturating_sub(1),
        Action::Restart => {
            let seed = app.scenario.simulation.seed;
            app.restart_with_seed(seed);
        }
        Action::RandomSeed => {
            let seed = app.next_random_seed();
            app.restart_with_seed(seed);
        }
        Action::NextSeed => {
            let seed = app.scenario.simulation.seed.wrapping_add(1);
            app.restart_with_seed(seed);
        }
        Action::PreviousLever => app.selected_lever = app.selected_lever.saturating_sub(1),
        Action::NextLever => app.selected_lever = (app.selected_lever + 1).min(Lever::count() - 1),
        Action::DecreaseLever => app.nudge_lever(false),
        Action::IncreaseLever => app.nudge_lever(true),
        Action::ToggleSegmentTrust => app.show_segment_trust = !app.show_segment_trust,
        Action::Inject(kind) => {
            let severity = UnitInterval::clamped(INJECTED_SEVERITY);
            app.a.inject(kind, severity);
            if let Some(c) = &mut app.comparison {
                c.b.inject(kind, severity);
            }
            let day = app.day() + 1;
            app.notice(format!(
                "injected {kind} (severity {INJECTED_SEVERITY:.1}) for day {day}"
            ));
        }
        Action::Fork => {
            if app.comparison.is_some() {
                app.notice("already comparing; x ends the comparison first".to_string());
            } else {
                app.comparison = Some(Comparison {
                    fork_day: app.a.day(),
                    b: app.a.fork(),
                });
                app.notice("forked: A and B continue in lockstep; levers now edit B".into());
            }
        }
        Action::EndComparison => {
            if app.comparison.take().is_some() {
                app.notice("comparison ended; kept branch A".to_string());
            }
        }
        Action::SaveScenario => {
            let path = format!("{}.toml", app.file_stem());
            let contents = app.scenario_to_save().to_toml_string();
            return vec![Effect::WriteFile { path, contents }];
        }
        Action::ExportCsv => {
            let stem = app.file_stem();
            let mut effects = vec![Effect::WriteFile {
                path: format!("{stem}.csv"),
                contents: daily_csv(app.a.history()),
            }];
            if let Some(c) = &app.comparison {
                effects.push(Effect::WriteFile {
                    path: format!("{stem}-b.csv"),
                    contents: daily_csv(c.b.history()),
                });
            }
            return effects;
        }
        Action::OpenPresets => {
            app.picker_selected = app
                .presets
                .iter()
                .position(|p| slug(&app.scenario.name) == p.name)
                .unwrap_or(0);
            app.mode = Mode::PresetPicker;
        }
        Action::ToggleHelp => {
            app.mode = if app.mode == Mode::Help {
                app.base_mode()
            } else {
                Mode::Help
            }
        }
        Action::OpenExplain => app.mode = Mode::Explain,
        Action::Close => app.mode = app.base_mode(),
        Action::PickerUp => app.picker_selected = app.picker_selected.saturating_sub(1),
        Action::PickerDown => {
            app.picker_selected = (app.picker_selected + 1).min(app.presets.len().saturating_sub(1))
        }
        Action::PickerChoose => {
            app.mode = Mode::Main;
            if let Some(preset) = app.presets.get(app.picker_selected) {
                let name = preset.name;
                match Scenario::preset(name) {
                    Ok(scenario) => {
                        app.restart_on(scenario);
                        app.notice(format!("opened preset {name}"));
                    }
                    Err(error) => app.notice(format!("cannot open preset: {error}")),
                }
            }
        }
        Action::SaveCharts => match chart_export::chart_files(app) {
            Ok(files) => {
                return files
                    .into_iter()
                    .map(|(path, contents)| Effect::WriteFile { path, contents })
                    .collect()
            }
            Err(reason) => app.notice(format!("no charts saved: {reason}")),
        },
        Action::LessonContinue => {
            if let Some(lesson) = &mut app.lesson {
                let notices = lesson.proceed();
                for notice in notices {
                    app.notice(notice);
                }
            }
        }
        Action::LessonUp => {
            if let Some(lesson) = &mut app.lesson {
                lesson.up();
            }
        }
        Action::LessonDown => {
            if let Some(lesson) = &mut app.lesson {
                lesson.down();
            }
        }
        Action::Choose(choice) => {
            if let Some(lesson) = &mut app.lesson {
                lesson.choose(choice);
            }
        }
    }
    Vec::new()
}

#[cfg(test)]
mod tests {
    use super::*;
    use shopsim::model::strategy::Strategy;

    fn small_scenario() -> Scenario {
        let mut scenario = Scenario::default();
        scenario.simulation.shoppers = 500;
        scenario.simulation.days = 60;
        scenario
    }

    fn app() -> App {
        App::new(small_scenario(), 7)
    }

    #[test]
    fn a_slider_change_takes_effect_on_the_next_day() {
        let mut app = app();
        for _ in 0..5 {
            app.step_day();
        }
        let before = *app.a.strategy();
        update(&mut app, Action::IncreaseLever); // personalization is selected first
        let after = *app.a.strategy();
        assert!((after.personalization.get() - before.personalization.get() - 0.05).abs() < 1e-9);
        let changes = app.a.strategy_changes();
        assert_eq!(changes.len(), 2);
        assert_eq!(changes[1].day, 6, "the change applies from the next day");
        assert_eq!(changes[1].strategy, after);
        // Two more presses on the same day merge into one change and one log line.
        update(&mut app, Action::IncreaseLever);
        update(&mut app, Action::IncreaseLever);
        assert_eq!(app.a.strategy_changes().len(), 2);
        let lines: Vec<_> = app
            .notices
            .iter()
            .filter(|n| n.text.starts_with("personalization"))
            .collect();
        assert_eq!(lines.len(), 1);
        assert_eq!(lines[0].text, "personalization 0.50 -> 0.65 from day 6");
    }

    #[test]
    fn lever_selection_reaches_every_lever() {
        let mut app = app();
        for _ in 0..20 {
            update(&mut app, Action::NextLever);
        }
        assert_eq!(Lever::at(app.selected_lever).key(), "privacy_tech");
        update(&mut app, Action::IncreaseLever);
        assert_ne!(
            app.a.strategy().privacy_tech,
            Strategy::default().privacy_tech
        );
        for _ in 0..20 {
            update(&mut app, Action::PreviousLever);
        }
        assert_eq!(app.selected_lever, 0);
    }

    #[test]
    fn fork_branches_agree_until_the_edit_then_differ() {
        let mut app = app();
        for _ in 0..10 {
            app.step_day();
        }
        update(&mut app, Action::Fork);
        for _ in 0..5 {
            app.step_day();
        }
        let c = app.comparison.as_ref().expect("forked");
        assert_eq!(c.fork_day, 10);
        assert_eq!(
            app.a.history(),
            c.b.history(),
            "no edit: identical histories"
        );
        // Edits now go to B only.
        for _ in 0..6 {
            update(&mut app, Action::IncreaseLever);
        }
        assert_eq!(*app.a.strategy(), Strategy::default());
        let b_strategy = *app.comparison.as_ref().expect("forked").b.strategy();
        assert!(b_strategy.personalization.get() > 0.75);
        for _ in 0..10 {
            app.step_day();
        }
        let c = app.comparison.as_ref().expect("forked");
        assert_eq!(app.a.history()[..15], c.b.history()[..15]);
        assert_ne!(app.a.history()[15..], c.b.history()[15..]);
        assert_eq!(app.a.history().len(), c.b.history().len(), "lockstep");
        update(&mut app, Action::EndComparison);
        assert!(app.comparison.is_none());
        assert_eq!(app.a.day(), 25, "A is kept");
    }

    #[test]
    fn injected_events_fire_on_the_next_day_in_both_branches() {
        let mut app = app();
        app.step_day();
        update(&mut app, Action::Fork);
        update(&mut app, Action::Inject(EventKind::Breach));
        app.step_day();
        let fired = |engine: &Engine| {
            engine.events().iter().any(|e| {
                e.day == 2 && e.kind == EventKind::Breach && e.origin == EventOrigin::Injected
            })
        };
        assert!(fired(&app.a));
        assert!(fired(&app.comparison.as_ref().expect("forked").b));
    }

    #[test]
    fn restart_and_seeds() {
        let mut app = app();
        for _ in 0..3 {
            app.step_day();
        }
        update(&mut app, Action::Restart);
        assert_eq!(app.a.day(), 0);
        assert_eq!(app.scenario.simulation.seed, 42);
        update(&mut app, Action::NextSeed);
        assert_eq!(app.scenario.simulation.seed, 43);
        update(&mut app, Action::RandomSeed);
        let first = app.scenario.simulation.seed;
        update(&mut app, Action::RandomSeed);
        assert_ne!(app.scenario.simulation.seed, first);
    }

    #[test]
    fn save_writes_a_scenario_that_reads_back_with_the_current_strategy() {
        let mut app = app();
        for _ in 0..4 {
            app.step_day();
        }
        update(&mut app, Action::Inject(EventKind::RegulatoryInquiry));
        app.step_day();
        update(&mut app, Action::IncreaseLever);
        let effects = update(&mut app, Action::SaveScenario);
        let [Effect::WriteFile { path, contents }] = effects.as_slice() else {
            panic!("one file write expected, got {effects:?}");
        };
        assert_eq!(path, "shopsim-default-day5.toml");
        let saved = Scenario::from_toml_str(contents, path).expect("saved file is valid");
        assert_eq!(saved.strategy, *app.a.strategy());
        assert!(saved
            .events
            .iter()
            .any(|e| e.day == 5 && e.kind == EventKind::RegulatoryInquiry));
    }

    #[test]
    fn csv_export_has_a_row_per_day_and_b_when_comparing() {
        let mut app = app();
        app.step_day();
        update(&mut app, Action::Fork);
        app.step_day();
        let effects = update(&mut app, Action::ExportCsv);
        assert_eq!(effects.len(), 2);
        let Effect::WriteFile { path, contents } = &effects[0];
        assert_eq!(path, "shopsim-default-day2.csv");
        assert_eq!(contents.lines().count(), 3, "header and two days");
    }

    #[test]
    fn preset_picker_restarts_on_the_chosen_preset() {
        let mut app = app();
        update(&mut app, Action::OpenPresets);
        assert_eq!(app.mode, Mode::PresetPicker);
        update(&mut app, Action::PickerDown);
        let chosen = presets::presets()[app.picker_selected].name;
        update(&mut app, Action::PickerChoose);
        assert_eq!(app.mode, Mode::Main);
        let expected = Scenario::preset(chosen).expect("preset parses");
        assert_eq!(app.scenario, expected);
        assert_eq!(app.a.day(), 0);
    }

    #[test]
    fn slug_keeps_letters_and_digits() {
        assert_eq!(slug("Amazon-like (v2)!"), "amazon-like-v2");
        assert_eq!(slug("   "), "scenario");
    }
}
