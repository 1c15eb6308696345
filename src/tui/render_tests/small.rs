//! Every screen at the smallest sizes the TUI draws (80x24) and at 100x30: the charts
//! shown plot their lines and keep their figures, rather than a frame with a title.

use super::*;

/// A chart's frame on screen, found by text on its top border.
struct ChartBox {
    top: String,
    bottom: String,
    inside: String,
}

impl ChartBox {
    /// Cells inside the frame that plot a line: braille, or B's dots.
    fn plotted(&self) -> usize {
        braille_cells(&self.inside) + self.inside.matches('•').count()
    }

    /// Both borders, where the name and the figures are written.
    fn titles(&self) -> String {
        format!("{} {}", self.top, self.bottom)
    }
}

/// The frame whose top border holds `title`, the first from the left on the first row
/// that holds it.
fn chart_box(screen: &str, title: &str) -> Option<ChartBox> {
    let rows: Vec<Vec<char>> = screen.lines().map(|l| l.chars().collect()).collect();
    for (y, row) in rows.iter().enumerate() {
        let line: String = row.iter().collect();
        let Some(byte) = line.find(title) else {
            continue;
        };
        let x = line[..byte].chars().count();
        // Text elsewhere (the status line, a panel's text) is not a chart's title.
        let Some(left) = (0..=x).rev().find(|&i| row[i] == '┌') else {
            continue;
        };
        let Some(right) = (x..row.len()).find(|&i| row[i] == '┐') else {
            continue;
        };
        let mut inside = String::new();
        for below in rows.iter().skip(y + 1) {
            if below.get(left) == Some(&'└') {
                return Some(ChartBox {
                    top: row[left..=right].iter().collect(),
                    bottom: below[left..=right.min(below.len() - 1)].iter().collect(),
                    inside,
                });
            }
            inside.extend(&below[left + 1..right.min(below.len())]);
            inside.push('\n');
        }
    }
    None
}

fn find_box(screen: &str, title: &str) -> ChartBox {
    chart_box(screen, title).unwrap_or_else(|| panic!("no chart {title:?}:\n{screen}"))
}

#[test]
fn at_80x24_four_charts_plot_their_lines_and_keep_their_figures() {
    let app = app_at_day_40();
    let screen = text(&render(&app, 80, 24));
    // Two rows of two: the daily churn and conversion charts give way (churn so far is on
    // the status line), so that each plot keeps four rows or more.
    assert!(!screen.contains("Churned/day") && !screen.contains("Conversion"));
    for (title, figure) in [
        ("Revenue/day", "$"),
        ("profit", "$"),
        ("Trust & loyalty", "."),
        ("active", "4"),
    ] {
        let chart = find_box(&screen, title);
        assert!(chart.plotted() >= 10, "{title} plots little:\n{screen}");
        assert!(
            chart.inside.lines().count() >= 4,
            "{title}: {}",
            chart.inside
        );
        assert!(chart.titles().contains(figure), "{title}: {}", chart.top);
    }
}

#[test]
fn at_80x24_the_compared_charts_give_a_and_b_figures() {
    let app = forked_app();
    let screen = text(&render(&app, 80, 24));
    for title in ["Revenue/day", "Profit so far", "Trust", "Active"] {
        let chart = find_box(&screen, title);
        let titles = chart.titles();
        assert!(
            titles.contains("A ") && titles.contains(" B "),
            "{title} lacks A's or B's figure: {titles}\n{screen}"
        );
        assert!(chart.plotted() >= 10, "{title} plots little:\n{screen}");
        assert!(chart.inside.contains('•'), "{title} draws no B:\n{screen}");
    }
    // Its snapshot is `fork_compare_80x24`, in the parent module.
}

#[test]
fn at_80x24_smoothed_charts_keep_their_figures() {
    let mut app = app_at_day_40();
    press(&mut app, KeyCode::Char('a'));
    let screen = text(&render(&app, 80, 24));
    let revenue = find_box(&screen, "Revenue/day");
    assert!(revenue.titles().contains("avg"), "{}", revenue.titles());
    assert!(revenue.titles().contains('$'), "{}", revenue.titles());
    update(&mut app, Action::Fork);
    app.step_day();
    let compared = text(&render(&app, 80, 24));
    let revenue = find_box(&compared, "Revenue/day");
    let titles = revenue.titles();
    assert!(
        titles.contains("avg") && titles.contains("A $") && titles.contains("B $"),
        "{titles}\n{compared}"
    );
}

#[test]
fn at_100x30_all_six_charts_plot_their_lines() {
    let app = forked_app();
    let screen = text(&render(&app, 100, 30));
    for title in [
        "Revenue/day",
        "profit",
        "trust",
        "Active",
        "Churned/day",
        "Conversion",
    ] {
        let chart = find_box(&screen, title);
        assert!(chart.plotted() >= 10, "{title} plots little:\n{screen}");
        let titles = chart.titles();
        assert!(titles.contains("A ") && titles.contains(" B "), "{titles}");
        // The rows (7 and 8 high) line up: all without axes, as the shortest has no room.
        assert!(!chart.inside.contains('└'), "{title} has axes:\n{screen}");
    }
    insta::assert_snapshot!("fork_compare_100x30", screen);
}

#[test]
fn at_80x40_narrow_charts_leave_out_y_labels_rather_than_cut_them() {
    let app = forked_app();
    let screen = text(&render(&app, 80, 40));
    let profit = find_box(&screen, "Profit so far");
    // A y label would take a third of an 18-column plot; none is drawn, and no cut one.
    assert!(!profit.inside.contains('$'), "{}", profit.inside);
    assert!(profit.plotted() >= 10, "{screen}");
}

#[test]
fn at_80x24_a_lesson_keeps_its_progress_in_the_title() {
    let mut app = inverted_u_app();
    press(&mut app, KeyCode::Enter);
    let screen = text(&render(&app, 80, 24));
    let panel_top: String = screen
        .lines()
        .nth(1)
        .unwrap_or_default()
        .chars()
        .take(40)
        .collect();
    assert!(panel_top.contains("· step 2 of 5"), "{panel_top}");
    assert!(panel_top.contains("How far can"), "{panel_top}");
}

#[test]
fn at_80x24_the_explanation_scrolls_to_its_end() {
    let mut app = breach_shock_app_at_day_183();
    press(&mut app, KeyCode::Char('y'));
    let first = text(&render(&app, 80, 24));
    assert!(first.contains("more, ↓ scrolls"), "{first}");
    assert!(!first.contains("In words:"), "the end is below: {first}");
    let max = app.overlay_scroll_max.get();
    assert!(max > 0);
    for _ in 0..max + 3 {
        press(&mut app, KeyCode::Down);
    }
    let last = text(&render(&app, 80, 24));
    assert!(last.contains("In words:"), "{last}");
    assert!(last.contains("the end, ↑ scrolls back"), "{last}");
    press(&mut app, KeyCode::Up);
    assert!(text(&render(&app, 80, 24)).contains("1 more"));
    // Reopened, it starts at the top.
    press(&mut app, KeyCode::Esc);
    press(&mut app, KeyCode::Char('y'));
    assert_eq!(text(&render(&app, 80, 24)), first);
}

#[test]
fn a_lessons_levers_are_shown_whole_or_not_at_all() {
    let app = lesson_app();
    for (width, height) in [(80, 24), (100, 30), (120, 40)] {
        let screen = text(&render(&app, width, height));
        let shown = screen.contains("set by the lesson");
        for lever in [
            "personalization  [",
            "retention days   ‹",
            "privacy tech     ‹",
        ] {
            assert_eq!(
                screen.contains(lever),
                shown,
                "{width}x{height}: {lever} and the panel disagree:\n{screen}"
            );
        }
        assert_eq!(shown, height >= 40, "{width}x{height}:\n{screen}");
    }
}

#[test]
fn the_event_log_never_pushes_its_newest_entry_off_the_bottom() {
    let mut app = App::new(scenario(), 1);
    app.step_day();
    // Ten 20-letter words: 209 characters, about 3 rows of 78 by count, 4 when wrapped at
    // spaces (three words a row).
    let long: Vec<String> = (0..10)
        .map(|i| format!("word{i:02}{}", "x".repeat(14)))
        .collect();
    app.notice(long.join(" "));
    app.step_day();
    app.notice("the newest entry".to_string());
    for (width, height) in [(80, 24), (120, 40)] {
        let screen = text(&render(&app, width, height));
        let log: Vec<&str> = screen
            .lines()
            .skip_while(|line| !line.contains("Events"))
            .collect();
        // Inside the frame: rows between the top border and the bottom one.
        let rows = &log[1..log.len().saturating_sub(2)];
        let last_row = rows
            .iter()
            .rev()
            .find(|row| {
                !row.trim_matches(|c| c == '"' || c == '│' || c == ' ')
                    .is_empty()
            })
            .unwrap_or(&"");
        assert!(
            last_row.contains("the newest entry"),
            "{width}x{height}: the newest entry is not the log's last:\n{screen}"
        );
        // Entries are shown whole or not at all: the long one's last word is there
        // whenever its first is.
        let log = log.join("\n");
        assert_eq!(
            log.contains(&long[0]),
            log.contains(&long[9]),
            "{width}x{height}:\n{log}"
        );
    }
}
