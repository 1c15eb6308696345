//! The terminal UI: live charts of a run, the strategy levers, an event log, A/B
//! forks, saves and presets.
//!
//! Shape (after ratatui's demo2 and chart examples): [`app::App`] holds all state and
//! [`update::update`] is its one pure transition; [`ui::draw`] renders an `&App`, one file
//! per screen region; [`keymap`] is the one key table behind dispatch, footer and help.
//! This file owns the terminal and the clock.
//!
//! # Keeping the simulation off the render path
//!
//! The engine is stepped on the UI thread, but only within a time budget: every tick
//! ([`TICK`], 50 ms, about 20 frames a second) simulates the days the chosen speed owes,
//! stopping as soon as [`STEP_BUDGET`] (30 ms) is spent; a backlog that cannot be
//! caught up is dropped rather than carried, so the speed shown drops instead of the
//! frame rate. Input is polled with the rest of the tick as timeout. A frame therefore
//! never waits on more than the budget plus one day's step, and one day's step is itself
//! parallel over shopper blocks (rayon), a few milliseconds at 100k shoppers. This was
//! chosen over a worker thread owning the engine because the fork (two engines stepped
//! in lockstep), lever edits that must land before a given day, and the key-handling
//! tests all want synchronous access to the engines; a worker would need every one of
//! them to be a message and the charts a copy of the history each frame.
//!
//! # Terminal safety
//!
//! `ratatui::try_init` enters raw mode and the alternate screen and installs a panic hook
//! that restores the terminal before the panic message prints; [`run`] restores it on
//! every return path. In raw mode Ctrl-C arrives as a key, bound to quit in every mode.
//! SIGTERM, SIGHUP and the other catchable ending signals are caught while the terminal
//! is ours ([`signals`]) and end the
//! loop like quitting, so they restore it too; the process then exits with 128 + the
//! signal's number ([`Ending::status`]).

pub mod app;
mod branches;
mod chart_export;
mod confirm;
pub mod keymap;
pub mod lesson;
mod levers;
mod saves;
mod signals;
pub mod ui;
pub mod update;

#[cfg(test)]
mod render_tests;

use crate::output;
use app::App;
use ratatui::crossterm::event::{self, Event, KeyEventKind};
use ratatui::DefaultTerminal;
use shopsim::lesson::Lesson;
use shopsim::scenario::Scenario;
use signals::Signals;
use std::io::Write;
use std::path::PathBuf;
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};
use update::Effect;

/// Time between simulation ticks (and the longest wait for input).
pub const TICK: Duration = Duration::from_millis(50);
/// Longest time a tick spends stepping days before the next frame is drawn.
pub const STEP_BUDGET: Duration = Duration::from_millis(30);

/// How a TUI session ended (the terminal is restored either way).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ending {
    /// The user quit (`q`, Ctrl-C).
    Quit,
    /// A termination signal (SIGTERM, SIGHUP, SIGINT, ...) arrived; holds its number.
    Signal(i32),
}

impl Ending {
    /// The process's exit status: 0 after quitting, 128 + the signal's number after a
    /// signal (143 for SIGTERM, 129 for SIGHUP), as a shell reports a killed process.
    pub fn status(self) -> u8 {
        match self {
            Ending::Quit => 0,
            Ending::Signal(signal) => u8::try_from(128 + signal).unwrap_or(1),
        }
    }
}

/// Opens the TUI on `scenario` and runs it until the user quits or a signal ends it.
///
/// Set `SHOPSIM_TUI_STATS=1` to print frame and stepping times on exit.
pub fn run(scenario: Scenario) -> anyhow::Result<Ending> {
    open(App::new(scenario, clock_seed()))
}

/// Opens the TUI playing `lesson` and runs it until the user quits or a signal ends it.
pub fn run_lesson(lesson: Lesson) -> anyhow::Result<Ending> {
    open(App::new_lesson(lesson, clock_seed()))
}

/// Whether the environment asks for no colour (`NO_COLOR`, see `ui/theme.rs`).
fn no_color() -> bool {
    ui::theme::no_color_requested(std::env::var_os("NO_COLOR").as_deref())
}

fn clock_seed() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_nanos() as u64)
}

fn open(mut app: App) -> anyhow::Result<Ending> {
    use std::io::IsTerminal;
    app.no_color = no_color();
    // Drawn into a file or a pipe, the screen would be garbage there and keys would never
    // come; without a terminal crossterm fails with a bare "os error 6".
    if !std::io::stdout().is_terminal() || !std::io::stdin().is_terminal() {
        anyhow::bail!(
            "the terminal UI needs a terminal on standard input and output \
             (for output to a file or a pipe use `shopsim run`, e.g. `shopsim run > out.csv`)"
        );
    }
    let mut terminal = match ratatui::try_init() {
        Ok(terminal) => terminal,
        Err(error) => {
            let _ = ratatui::try_restore();
            return Err(anyhow::Error::new(error).context("cannot open the terminal"));
        }
    };
    // Caught only once the terminal is ours: a process stopped for entering raw mode from
    // a background process group (`timeout` without `--foreground` in a script) must
    // still die of the SIGTERM that comes next, not catch it and stop again.
    let signals = match Signals::catch() {
        Ok(signals) => signals,
        Err(error) => {
            ratatui::restore();
            return Err(error.into());
        }
    };
    let result = run_loop(&mut terminal, app, &signals);
    if let Some(signal) = signals.received() {
        // After a hangup the terminal may be gone: restore quietly (`restore` prints its
        // failure, and printing to a dead terminal panics), and let the signal, not the
        // I/O error it probably caused, decide the ending.
        let _ = ratatui::try_restore();
        if let Ok(stats) = &result {
            print_stats(stats);
        }
        return Ok(Ending::Signal(signal));
    }
    ratatui::restore();
    print_stats(&result?);
    Ok(Ending::Quit)
}

fn print_stats(stats: &Stats) {
    if std::env::var_os("SHOPSIM_TUI_STATS").is_some() {
        let _ = writeln!(std::io::stderr(), "{}", stats.report());
    }
}

/// Whether the run loop goes on: neither a quit nor a caught signal ends it.
fn keeps_running(app: &App, signals: &Signals) -> bool {
    !app.should_quit && signals.received().is_none()
}

fn run_loop(
    terminal: &mut DefaultTerminal,
    mut app: App,
    signals: &Signals,
) -> anyhow::Result<Stats> {
    let mut pacer = Pacer::new(Instant::now());
    let mut stats = Stats::default();
    let mut last_tick = Instant::now();
    while keeps_running(&app, signals) {
        let frame_start = Instant::now();
        terminal.draw(|frame| ui::draw(frame, &app))?;
        stats.frames.push(frame_start.elapsed());

        let timeout = TICK.saturating_sub(last_tick.elapsed());
        if event::poll(timeout)? {
            // Resize needs nothing: the next draw uses the new size.
            if let Event::Key(key) = event::read()? {
                if key.kind == KeyEventKind::Press {
                    if let Some(action) = keymap::action_for(app.mode, &key) {
                        let effects = update::update(&mut app, action);
                        perform(&mut app, effects);
                    }
                }
            }
        }
        let elapsed = last_tick.elapsed();
        if elapsed >= TICK {
            last_tick = Instant::now();
            pacer.tick(&mut app, elapsed, &mut stats);
        }
    }
    Ok(stats)
}

/// Carries out the file writes asked for by one key and logs the outcome. The files
/// never replace existing ones: when a name is taken (the same key pressed twice on one
/// day), all of them get the first free number (`-2`, `-3`, ...) and the log says so.
/// Each is written under a temporary name beside it and moved into place when complete,
/// so a failed write never leaves a truncated file.
fn perform(app: &mut App, effects: Vec<Effect>) {
    let files: Vec<(PathBuf, String)> = effects
        .into_iter()
        .map(|effect| match effect {
            Effect::WriteFile { path, contents } => (PathBuf::from(path), contents),
        })
        .collect();
    let asked: Vec<PathBuf> = files.iter().map(|(path, _)| path.clone()).collect();
    let names = output::unused_names(&asked);
    for ((asked, contents), path) in files.iter().zip(names) {
        let shown = path.display();
        match output::write_new_file(&path, |out| out.write_all(contents.as_bytes())) {
            Ok(()) if &path == asked => app.notice(format!("wrote {shown}")),
            Ok(()) => app.notice(format!(
                "wrote {shown} ({} exists and was kept)",
                asked.display()
            )),
            Err(error) => app.notice(format!("could not write {shown}: {error}")),
        }
    }
}

/// Decides how many days each tick simulates, and measures the speed reached.
struct Pacer {
    /// Days owed at the chosen speed and not yet simulated.
    owed_days: f64,
    window_start: Instant,
    window_days: u32,
}

impl Pacer {
    fn new(now: Instant) -> Pacer {
        Pacer {
            owed_days: 0.0,
            window_start: now,
            window_days: 0,
        }
    }

    fn tick(&mut self, app: &mut App, elapsed: Duration, stats: &mut Stats) {
        if !app.is_running() {
            self.owed_days = 0.0;
            self.window_days = 0;
            self.window_start = Instant::now();
            app.measured_days_per_second = None;
            return;
        }
        let start = Instant::now();
        let mut stepped = 0u32;
        match app.target_speed() {
            Some(speed) => {
                self.owed_days += speed * elapsed.as_secs_f64();
                while self.owed_days >= 1.0 && app.is_running() && start.elapsed() < STEP_BUDGET {
                    app.step_day();
                    self.owed_days -= 1.0;
                    stepped += 1;
                }
                // Whatever the budget could not cover is dropped, not carried.
                self.owed_days = self.owed_days.min(1.0);
            }
            None => {
                while app.is_running() && start.elapsed() < STEP_BUDGET {
                    app.step_day();
                    stepped += 1;
                }
            }
        }
        if stepped > 0 {
            stats
                .stepping
                .push((stepped * app.branches() as u32, start.elapsed()));
        }
        self.window_days += stepped;
        let window = self.window_start.elapsed();
        if window >= Duration::from_secs(1) {
            app.measured_days_per_second = Some(f64::from(self.window_days) / window.as_secs_f64());
            self.window_days = 0;
            self.window_start = Instant::now();
        }
    }
}

/// Frame and stepping times, reported on exit when asked for.
#[derive(Debug, Default)]
struct Stats {
    frames: Vec<Duration>,
    /// Per tick that stepped: engine-days simulated (days x branches) and time taken.
    stepping: Vec<(u32, Duration)>,
}

impl Stats {
    fn report(&self) -> String {
        let mut frames = self.frames.clone();
        frames.sort();
        let ms = |d: Duration| d.as_secs_f64() * 1e3;
        let percentile = |p: f64| {
            frames
                .get(((frames.len() as f64 - 1.0) * p).round() as usize)
                .map_or(0.0, |d| ms(*d))
        };
        let mean = if frames.is_empty() {
            0.0
        } else {
            frames.iter().map(|d| ms(*d)).sum::<f64>() / frames.len() as f64
        };
        let days: u32 = self.stepping.iter().map(|(n, _)| n).sum();
        let busy: f64 = self.stepping.iter().map(|(_, d)| d.as_secs_f64()).sum();
        let per_day = if days > 0 {
            1e3 * busy / f64::from(days)
        } else {
            0.0
        };
        let rate = if busy > 0.0 {
            f64::from(days) / busy
        } else {
            0.0
        };
        format!(
            "frames: {} drawn, draw time mean {mean:.2} ms, median {:.2} ms, p95 {:.2} ms, \
             max {:.2} ms\nstepping: {days} engine-days in {busy:.2} s busy, {per_day:.2} ms \
             per day, {rate:.0} days/s while stepping",
            frames.len(),
            percentile(0.5),
            percentile(0.95),
            percentile(1.0),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn app() -> App {
        let mut scenario = Scenario::default();
        scenario.simulation.shoppers = 300;
        App::new(scenario, 0)
    }

    #[test]
    fn the_pacer_steps_the_days_the_speed_owes_and_none_when_paused() {
        let mut app = app();
        app.speed = 0; // 1 day per second
        assert_eq!(app.target_speed(), Some(1.0));
        let mut pacer = Pacer::new(Instant::now());
        let mut stats = Stats::default();
        pacer.tick(&mut app, Duration::from_millis(500), &mut stats);
        assert_eq!(app.day(), 0, "half a day owed");
        pacer.tick(&mut app, Duration::from_millis(500), &mut stats);
        assert_eq!(app.day(), 1);
        update::update(&mut app, update::Action::TogglePause);
        pacer.tick(&mut app, Duration::from_secs(5), &mut stats);
        assert_eq!(app.day(), 1, "paused");
    }

    #[test]
    fn endings_exit_with_zero_or_128_plus_the_signal() {
        assert_eq!(Ending::Quit.status(), 0);
        assert_eq!(Ending::Signal(15).status(), 143);
        assert_eq!(Ending::Signal(1).status(), 129);
    }

    /// Raises a real SIGTERM in the test process, once (a second would end it). `raise`
    /// returns after the handler ran, so there is nothing to wait for.
    #[cfg(unix)]
    #[test]
    fn sigterm_ends_the_run_loop_like_quitting() {
        use signal_hook::consts::SIGTERM;
        let app = app();
        let signals = Signals::catch().expect("handlers install");
        assert!(keeps_running(&app, &signals));
        signal_hook::low_level::raise(SIGTERM).expect("raise");
        assert_eq!(signals.received(), Some(SIGTERM));
        assert!(!keeps_running(&app, &signals));
        assert_eq!(Ending::Signal(SIGTERM).status(), 143);
    }
}
