//! The event log: events that fired (scheduled, injected, random) with their own
//! consequences as the days after them pass, and the TUI's own notices.
//!
//! An event is credited only with what the engine's daily decomposition puts on it: the
//! trust its news took (not the word of mouth, creepiness or recovery of those days) and
//! its abnormal churn (departures to distrust above the rate before it; natural dropout
//! never counts). The log's bottom line says so on screen.

use super::theme;
use crate::tui::app::App;
use ratatui::layout::Rect;
use ratatui::style::{Color, Style, Stylize};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph};
use ratatui::Frame;
use shopsim::model::events::EventKind;
use shopsim::model::spec::Value;
use shopsim::report::explain::explain;
use shopsim::report::format::{compact_count, compact_money, wrap_hanging};
use shopsim::sim::engine::{EventOrigin, EventRecord};
use shopsim::sim::metrics::TrustCause;
use shopsim::sim::Engine;

/// What an event's figures mean, on the log's bottom border.
pub const LEGEND: &str =
    " its news: the trust its own news took · above the usual: distrust departures ";

/// Width of `day NNN: `.
const PREFIX_WIDTH: usize = 9;

/// One log line: the day it belongs to, its text and colour.
#[derive(Debug, Clone, PartialEq)]
pub struct Entry {
    pub day: u32,
    pub text: String,
    pub color: Option<Color>,
}

pub fn render(frame: &mut Frame, area: Rect, app: &App) {
    let rows = area.height.saturating_sub(2) as usize;
    let width = area.width.saturating_sub(2).max(1) as usize;
    // Newest entries last, whole, as many as fit. Wrapped here (the day's prefix on the
    // first row), so that the rows counted are the rows drawn and the newest entry is
    // never the one pushed off the bottom.
    let mut shown: Vec<Vec<Line>> = Vec::new();
    let mut used = 0;
    for entry in entries(app).iter().rev() {
        let entry_rows = wrapped(entry, width);
        if used + entry_rows.len() > rows && !shown.is_empty() {
            break;
        }
        used += entry_rows.len();
        shown.push(entry_rows);
    }
    let lines: Vec<Line> = shown.into_iter().rev().flatten().take(rows).collect();
    frame.render_widget(
        Paragraph::new(lines).block(
            Block::bordered()
                .title(" Events ")
                .title_bottom(Line::from(LEGEND).right_aligned().dim()),
        ),
        area,
    );
}

/// `entry` as rows of at most `width` characters: `day NNN: ` and the start of its text,
/// then the rest wrapped at spaces across the whole width.
fn wrapped(entry: &Entry, width: usize) -> Vec<Line<'static>> {
    let style = entry
        .color
        .map_or(Style::new().dim(), |c| Style::new().fg(c));
    let texts = wrap_hanging(
        &entry.text,
        width.saturating_sub(PREFIX_WIDTH).max(1),
        width,
    );
    let mut rows = vec![Line::from(vec![
        Span::from(format!("day {:>3}: ", entry.day)).bold(),
        Span::styled(texts.first().cloned().unwrap_or_default(), style),
    ])];
    rows.extend(
        texts
            .into_iter()
            .skip(1)
            .map(|text| Line::from(Span::styled(text, style))),
    );
    rows
}

/// Every log entry in day order: the main run's events (A's, or the lesson's), B's events
/// after the fork, notices.
pub fn entries(app: &App) -> Vec<Entry> {
    let main = app.main_run();
    let mut entries: Vec<Entry> = main
        .events()
        .iter()
        .map(|record| event_entry(record, main, ""))
        .collect();
    if let Some(c) = &app.comparison {
        entries.extend(
            c.b.events()
                .iter()
                .filter(|record| record.day > c.fork_day)
                .map(|record| event_entry(record, &c.b, "B: ")),
        );
    }
    entries.extend(scheduled_changes(main));
    entries.extend(app.notices.iter().map(|notice| Entry {
        day: notice.day,
        text: notice.text.clone(),
        color: None,
    }));
    entries.sort_by_key(|entry| entry.day);
    entries
}

/// The scenario's `[[changes]]` the run has applied (they apply when the day before
/// ends, so they are logged on that day, like a lever moved by hand).
fn scheduled_changes(engine: &Engine) -> Vec<Entry> {
    let changes = engine.scenario().changes.iter();
    changes
        .filter(|change| change.day <= engine.day() + 1)
        .map(|change| {
            let settings: Vec<String> = change
                .settings()
                .map(|(lever, value)| format!("{} {}", lever.label, spec_value(value)))
                .collect();
            Entry {
                day: change.day - 1,
                text: format!("scheduled: {} from day {}", settings.join(", "), change.day),
                color: None,
            }
        })
        .collect()
}

/// A lever's value as the strategy panel writes it.
fn spec_value(value: Value) -> String {
    match value {
        Value::Fraction(x) => format!("{:.2}", x.get()),
        Value::Switch(on) => if on { "on" } else { "off" }.to_string(),
        Value::Choice(name) => name.to_string(),
        Value::Whole(n) => n.to_string(),
        Value::Number(x) => format!("{x}"),
    }
}

fn event_entry(record: &EventRecord, engine: &Engine, prefix: &str) -> Entry {
    let color = match record.kind {
        EventKind::Breach => theme::VERMILLION,
        EventKind::RegulatoryInquiry => theme::YELLOW,
        EventKind::PolicyChange => theme::BLUE,
    };
    Entry {
        day: record.day,
        text: format!("{prefix}{}", describe(record, engine)),
        color: Some(color),
    }
}

/// `breach (severity 0.50, injected), 41k records exposed, cost $1.2M; its news: trust
/// -0.012, 35 shoppers lost above the usual in 14 days`: the effect figures grow as the
/// days after the event pass, up to its news' life (see [`effect`]).
pub fn describe(record: &EventRecord, engine: &Engine) -> String {
    let origin = match record.origin {
        EventOrigin::Scheduled => "",
        EventOrigin::Injected => ", injected",
        EventOrigin::Random => ", random",
    };
    let mut text = format!("{} (severity {:.2}{origin})", record.kind, record.severity);
    if record.kind == EventKind::Breach {
        text.push_str(&format!(
            ", {} records exposed",
            compact_count(record.records_exposed)
        ));
    }
    if record.cost.0 != 0 {
        text.push_str(&format!(", cost {}", compact_money(record.cost)));
    }
    if record.fine.0 != 0 {
        text.push_str(&format!(", fine {}", compact_money(record.fine)));
    }
    if let Some(effect) = effect(record, engine) {
        let shared = if effect.overlapping_events > 0 {
            " (shared with overlapping events)"
        } else {
            ""
        };
        text.push_str(&format!(
            "; its news: trust {:+.3}, {} lost above the usual{shared} in {} day{}",
            effect.trust,
            shoppers(effect.abnormal_churn),
            effect.days,
            if effect.days == 1 { "" } else { "s" },
        ));
    }
    text
}

/// `12 shoppers`, `1 shopper`, `-3 shoppers` (fewer left than usual).
fn shoppers(count: f64) -> String {
    let rounded = count.round();
    let plural = if rounded.abs() == 1.0 { "" } else { "s" };
    format!("{} shopper{plural}", compact_count(rounded))
}

/// What the log says one event did, read from the engine's decomposition of each day
/// (the change of mean trust by cause, the churn split into natural dropout and
/// distrust) over the event's window: from its day to the day before the next event of
/// its kind, at most the life of its news, and up to today.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Effect {
    /// Days in the window so far.
    pub days: u32,
    /// Change of mean trust caused by the news of events of this kind in the window: the
    /// event's own effect, not the word of mouth, creepiness or recovery around it.
    pub trust: f64,
    /// Expected departures to distrust in the window above those expected at the rate
    /// of the days before the event (natural dropout never counts): its abnormal churn.
    pub abnormal_churn: f64,
    /// Events of other kinds in the window, which share its abnormal churn.
    pub overlapping_events: usize,
}

/// The effect of `record` (an event of `engine`'s run) so far; `None` until its day
/// has been simulated.
pub fn effect(record: &EventRecord, engine: &Engine) -> Option<Effect> {
    let history = engine.history();
    let today = history.last()?.day;
    if record.day > today {
        return None;
    }
    let news_life = engine.params().retailer.news_max_delay_days.max(1);
    let next_of_its_kind = engine
        .events()
        .iter()
        .filter(|e| e.kind == record.kind && e.day > record.day)
        .map(|e| e.day - 1)
        .min()
        .unwrap_or(u32::MAX);
    let last = today.min(record.day + news_life - 1).min(next_of_its_kind);
    let days = last - record.day + 1;
    let window = explain(history, engine.events(), last, days).ok()?;
    let trust = window
        .contributions
        .iter()
        .find(|c| c.cause == TrustCause::of_event(record.kind))
        .map_or(0.0, |c| c.change);
    // The usual rate: the same number of days before the event, or as many as there are.
    let usual_per_day = match record.day.checked_sub(1).filter(|&d| d >= 1) {
        Some(day_before) => {
            let before = explain(history, engine.events(), day_before, days).ok()?;
            let before_days = before.last_day - before.first_day + 1;
            before.lost_to_distrust / f64::from(before_days)
        }
        None => 0.0,
    };
    Some(Effect {
        days,
        trust,
        abnormal_churn: window.lost_to_distrust - usual_per_day * f64::from(days),
        overlapping_events: window
            .events
            .iter()
            .filter(|e| e.kind != record.kind)
            .count(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use shopsim::scenario::Scenario;
    use shopsim::sim::DayMetrics;
    use shopsim::units::UnitInterval;

    fn engine_with(kind: EventKind, severity: f64, day: u32) -> Engine {
        let mut scenario = Scenario::default();
        scenario.simulation.shoppers = 2_000;
        scenario.simulation.random_breaches = false;
        let mut engine = Engine::new(&scenario);
        for _ in 1..day {
            engine.step();
        }
        engine.inject(kind, UnitInterval::clamped(severity));
        engine
    }

    fn steps(engine: &mut Engine, days: u32) {
        for _ in 0..days {
            engine.step();
        }
    }

    /// The decomposition summed straight from the daily metrics of days `from..=to`.
    fn sum(engine: &Engine, from: u32, to: u32, figure: impl Fn(&DayMetrics) -> f64) -> f64 {
        engine.history()[(from - 1) as usize..to as usize]
            .iter()
            .map(figure)
            .sum()
    }

    #[test]
    fn the_logs_figures_equal_the_decomposition() {
        let mut engine = engine_with(EventKind::Breach, 0.9, 11);
        assert!(engine.events().is_empty(), "not fired yet");
        let record = |engine: &Engine| engine.events()[0].clone();
        steps(&mut engine, 3);
        let three = effect(&record(&engine), &engine).expect("fired");
        assert_eq!(three.days, 3);
        let own = sum(&engine, 11, 13, |d| d.trust_change.breach);
        assert!((three.trust - own).abs() < 1e-12, "{three:?} vs {own}");
        assert!(three.trust < 0.0, "a severe breach lowers trust");
        let distrust = sum(&engine, 11, 13, |d| d.churn_distrust);
        let usual = sum(&engine, 8, 10, |d| d.churn_distrust);
        assert!((three.abnormal_churn - (distrust - usual)).abs() < 1e-9);
        // The window stops at the life of the news.
        steps(&mut engine, 30);
        let full = effect(&record(&engine), &engine).expect("fired");
        let life = engine.params().retailer.news_max_delay_days;
        assert_eq!(full.days, life);
        let own = sum(&engine, 11, 10 + life, |d| d.trust_change.breach);
        assert!((full.trust - own).abs() < 1e-12);
        let distrust = sum(&engine, 11, 10 + life, |d| d.churn_distrust);
        let usual = sum(&engine, 1, 10, |d| d.churn_distrust) / 10.0 * f64::from(life);
        assert!((full.abnormal_churn - (distrust - usual)).abs() < 1e-9);
    }

    #[test]
    fn an_event_is_not_credited_with_what_else_happened_after_it() {
        // A mild inquiry in a run where shoppers drift away naturally every day.
        let mut engine = engine_with(EventKind::RegulatoryInquiry, 0.1, 30);
        steps(&mut engine, 10);
        let record = engine.events()[0].clone();
        let own = effect(&record, &engine).expect("fired");
        let h = engine.history();
        // Days 30 to 39 against the end of day 29.
        let everything_after = h[38].mean_trust - h[28].mean_trust;
        let left_after = (h[38].churned_total - h[28].churned_total) as f64;
        assert!(left_after > 0.0);
        assert!(
            own.trust.abs() < everything_after.abs() || everything_after.abs() < 1e-3,
            "own {own:?}, all {everything_after}"
        );
        assert!(own.abnormal_churn < left_after, "{own:?} vs {left_after}");
        assert_eq!(own.overlapping_events, 0);
    }

    #[test]
    fn the_window_stops_before_the_next_event_of_its_kind() {
        let mut engine = engine_with(EventKind::PolicyChange, 0.5, 5);
        steps(&mut engine, 3);
        engine.inject(EventKind::PolicyChange, UnitInterval::clamped(0.5));
        engine.inject(EventKind::Breach, UnitInterval::clamped(0.5));
        steps(&mut engine, 20);
        let first = engine.events()[0].clone();
        let effect = effect(&first, &engine).expect("fired");
        assert_eq!(
            effect.days, 3,
            "days 5 to 7; the next policy change is on day 8"
        );
        assert_eq!(effect.overlapping_events, 0);
        let second = engine.events()[1].clone();
        let second_effect = super::effect(&second, &engine).expect("fired");
        assert_eq!(
            second_effect.overlapping_events, 1,
            "the breach of the same day"
        );
    }

    #[test]
    fn scheduled_changes_are_logged_when_applied() {
        let text = format!(
            "{}[[changes]]\nday = 4\nconsent = \"opt-in\"\nsecurity = 0.9\n\
             [[changes]]\nday = 20\nthird_party_data = true\n",
            Scenario::default().to_toml_string()
        );
        let scenario = Scenario::from_toml_str(&text, "x.toml").expect("valid");
        let mut engine = Engine::new(&scenario);
        steps(&mut engine, 2);
        assert!(
            scheduled_changes(&engine).is_empty(),
            "day 4 is not next yet"
        );
        steps(&mut engine, 1);
        let entries = scheduled_changes(&engine);
        let texts: Vec<(u32, &str)> = entries.iter().map(|e| (e.day, e.text.as_str())).collect();
        assert_eq!(
            texts,
            [(3, "scheduled: consent opt-in, security 0.90 from day 4")]
        );
    }

    #[test]
    fn description_names_the_breach_and_its_own_consequences() {
        let mut engine = engine_with(EventKind::Breach, 0.9, 6);
        steps(&mut engine, 8);
        let record = &engine.events()[0];
        let text = describe(record, &engine);
        assert!(
            text.starts_with("breach (severity 0.90, injected), "),
            "{text}"
        );
        assert!(text.contains("records exposed"), "{text}");
        assert!(text.contains("; its news: trust -0."), "{text}");
        assert!(text.ends_with("above the usual in 8 days"), "{text}");
        assert!(LEGEND.chars().count() <= 78, "fits an 80-column screen");
    }
}
