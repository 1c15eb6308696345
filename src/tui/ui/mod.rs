//! Drawing: one function per screen region, each in its own file.

pub mod charts;
pub mod compare;
pub mod confirm;
pub mod event_log;
pub mod explain;
pub mod footer;
pub mod format;
pub mod help;
pub mod lesson_panel;
pub mod preset_picker;
pub mod status_bar;
pub mod strategy_panel;
pub mod theme;
pub mod too_small;

use super::app::{App, Mode};
use super::levers::Lever;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::Frame;

/// Smallest terminal the main screen is drawn in; below it [`too_small`] asks to enlarge.
pub const MIN_WIDTH: u16 = 80;
pub const MIN_HEIGHT: u16 = 24;

/// Width of the strategy panel: a lever's line (label, control, yearly cost) and borders.
const PANEL_WIDTH: u16 = strategy_panel::LINE_WIDTH as u16 + 2;

/// Draws the whole screen from `app`. The layout, with the file that draws each region:
///
/// ```text
///  day 120/365 ▶ 20 d/s  Balanced  seed 42  revenue $1.2M  profit $0.3M  churn 3.1% ...  status_bar
/// ┌Strategy─────────────────────┐┌Revenue/day──────────┐┌Profit so far────────┐
/// │›personalization [■■ ]0.50 $2M││                     ││                     │
/// │ data collection [■■ ]0.50    ││                     ││                     │
/// │  ...  (every lever, cost/yr)│└─────────────────────┘└─────────────────────┘
/// │                             │┌Trust & loyalty──────┐┌Active shoppers──────┐
/// │                             ││                     ││                     │   charts
/// └─────────────────────────────┘└─────────────────────┘└─────────────────────┘
/// ┌B − A / lever help───────────┐┌Churned per day──────┐┌Conversion───────────┐
/// │ revenue +$12k  trust -0.02  ││                     ││                     │
/// └─────────────────────────────┘└─────────────────────┘└─────────────────────┘
///  strategy_panel + compare        (vertical lines mark strategy changes and the fork)
/// ┌Events───────────────────────────────────────────────────────────────────────┐
/// │day 181: breach (severity 0.50), 41k records exposed, cost $1.2M, ...         │ event_log
/// └──────────────────────────────────────────────────────────────────────────────┘
///  q quit  ? help  space pause  n step  ...                                        footer
/// ```
///
/// In a lesson (`shopsim lesson NAME`) the left column widens and holds the lesson
/// panel above the (read-only) levers; the charts show the lesson's run:
///
/// ```text
///  day 120/365 ◆ your turn 20 d/s  lesson talk-vs-action  step 4 of 10  seed 42 ...   status_bar
/// ┌Say you'll leave, then stay? · step 4 of 10──┐┌Revenue/day───────┐┌Profit so far───┐
/// │Predict                                      ││                  ││                │
/// │At the worst moment after the breach, ...    │└──────────────────┘└────────────────┘
/// │›1) about 2%                                 │┌Trust & loyalty───┐┌Active shoppers─┐
/// │ 2) about 10%                                ││                  ││                │   charts
/// └─────────────────────────────────────────────┘└──────────────────┘└────────────────┘
/// ┌Strategy · set by the lesson─────────────────┐┌Churned/day───────┐┌Conversion──────┐
/// │ personalization  [■■■■■     ] 0.50          ││                  ││                │
/// └ read-only while the lesson plays────────────┘└──────────────────┘└────────────────┘
///  lesson_panel + strategy_panel   (grey lines: the run without the injected event)
/// ```
///
/// The charts' area holds as many rows of charts as leave each plot readable
/// ([`charts::grid`]): at 80x24 two rows (revenue, profit, trust, shoppers), from about
/// 80x26 all three.
///
/// Overlays drawn on top: `help` (`?`), `preset_picker` (`o`), `explain` (`y`) and
/// `confirm` (before `r`, `s`, `S` or a preset throw away a fork or edits).
/// Below [`MIN_WIDTH`]x[`MIN_HEIGHT`] only `too_small` is drawn.
pub fn draw(frame: &mut Frame, app: &App) {
    let area = frame.area();
    if area.width < MIN_WIDTH || area.height < MIN_HEIGHT {
        too_small::render(frame, area);
        return;
    }
    let log_height = (area.height / 5).clamp(6, 10);
    let [status, body, log, footer] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Min(10),
        Constraint::Length(log_height),
        Constraint::Length(1),
    ])
    .areas(area);
    // A lesson's texts want a wider column than the levers alone.
    let panel_width = match app.lesson {
        Some(_) => (area.width * 9 / 20).max(PANEL_WIDTH),
        None => PANEL_WIDTH,
    };
    let [panel, charts] =
        Layout::horizontal([Constraint::Length(panel_width), Constraint::Min(39)]).areas(body);

    status_bar::render(frame, status, app);
    match &app.lesson {
        Some(lesson) => {
            // The lesson's page keeps at least 14 rows (a prediction's five choices, its keys
            // and some of its question); the levers are shown below it when all of them fit
            // (a strategy with levers silently cut off would read as the whole strategy).
            let all_levers = Lever::count() as u16 + 2;
            let lever_rows = if panel.height.saturating_sub(14) >= all_levers {
                all_levers
            } else {
                0
            };
            let [page, levers] =
                Layout::vertical([Constraint::Fill(1), Constraint::Length(lever_rows)])
                    .areas(panel);
            lesson_panel::render(frame, page, lesson);
            strategy_panel::render(frame, levers, app);
        }
        None => strategy_panel::render(frame, panel, app),
    }
    charts::render(frame, charts, app);
    event_log::render(frame, log, app);
    footer::render(frame, footer, app);

    match app.mode {
        Mode::Main | Mode::Lesson => {}
        Mode::Help => help::render(frame, area, app),
        Mode::PresetPicker => preset_picker::render(frame, area, app),
        Mode::Explain => explain::render(frame, area, app),
        Mode::Confirm => confirm::render(frame, area, app),
    }
    if app.no_color {
        theme::strip_colours(frame.buffer_mut());
    }
}

/// A rectangle of at most `width` x `height` centred in `area`.
pub fn centered(area: Rect, width: u16, height: u16) -> Rect {
    let width = width.min(area.width);
    let height = height.min(area.height);
    Rect {
        x: area.x + (area.width - width) / 2,
        y: area.y + (area.height - height) / 2,
        width,
        height,
    }
}
