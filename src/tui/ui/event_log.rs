//! The event log: events that fired (scheduled, injected, random) with their
//! consequences as the days after them pass, and the TUI's own notices.

use super::theme;
use crate::tui::app::App;
use ratatui::layout::Rect;
use ratatui::style::{Color, Style, Stylize};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph, Wrap};
use ratatui::Frame;
use shopsim::model::events::EventKind;
use shopsim::report::format::{compact_count, compact_money};
use shopsim::sim::engine::{EventOrigin, EventRecord};
use shopsim::sim::DayMetrics;

/// Days after an event over which its trust and churn effect is reported.
pub const EFFECT_WINDOW_DAYS: u32 = 7;

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
    let entries = entries(app);
    let rows = area.height.saturating_sub(2) as usize;
    let width = area.width.saturating_sub(2).max(1) as usize;
    // Newest entries last; long ones wrap, so count the rows each one takes.
    let mut used = 0;
    let shown = entries
        .iter()
        .rev()
        .take_while(|entry| {
            used += (PREFIX_WIDTH + entry.text.chars().count()).div_ceil(width);
            used <= rows
        })
        .count();
    let lines: Vec<Line> = entries[entries.len() - shown..]
        .iter()
        .map(|entry| {
            let style = entry
                .color
                .map_or(Style::new().dim(), |c| Style::new().fg(c));
            Line::from(vec![
                Span::from(format!("day {:>3}: ", entry.day)).bold(),
                Span::styled(entry.text.clone(), style),
            ])
        })
        .collect();
    frame.render_widget(
        Paragraph::new(lines)
            .wrap(Wrap { trim: false })
            .block(Block::bordered().title(" Events ")),
        area,
    );
}

/// Every log entry in day order: the main run's events (A's, or the lesson's), B's events
/// after the fork, notices.
pub fn entries(app: &App) -> Vec<Entry> {
    let main = app.main_run();
    let mut entries: Vec<Entry> = main
        .events()
        .iter()
        .map(|record| event_entry(record, main.history(), ""))
        .collect();
    if let Some(c) = &app.comparison {
        entries.extend(
            c.b.events()
                .iter()
                .filter(|record| record.day > c.fork_day)
                .map(|record| event_entry(record, c.b.history(), "B: ")),
        );
    }
    entries.extend(app.notices.iter().map(|notice| Entry {
        day: notice.day,
        text: notice.text.clone(),
        color: None,
    }));
    entries.sort_by_key(|entry| entry.day);
    entries
}

fn event_entry(record: &EventRecord, history: &[DayMetrics], prefix: &str) -> Entry {
    let color = match record.kind {
        EventKind::Breach => theme::VERMILLION,
        EventKind::RegulatoryInquiry => theme::YELLOW,
        EventKind::PolicyChange => theme::BLUE,
    };
    Entry {
        day: record.day,
        text: format!("{prefix}{}", describe(record, history)),
        color: Some(color),
    }
}

/// `breach (severity 0.50, injected), 41k records exposed, cost $1.2M, trust -0.12 in
/// 7 days, 380 shoppers left`: the effect figures grow as the days after the event pass,
/// up to [`EFFECT_WINDOW_DAYS`].
pub fn describe(record: &EventRecord, history: &[DayMetrics]) -> String {
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
    if let Some(effect) = effect(record.day, history) {
        text.push_str(&format!(
            ", trust {:+.3} in {} day{}, {} shoppers left",
            effect.trust,
            effect.days,
            if effect.days == 1 { "" } else { "s" },
            compact_count(effect.churned as f64)
        ));
    }
    text
}

/// What happened in the days from an event's day on.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Effect {
    pub days: u32,
    /// Change of mean trust from the day before the event.
    pub trust: f64,
    pub churned: u64,
}

/// The effect over the first up-to-[`EFFECT_WINDOW_DAYS`] days from `day` (1-based),
/// measured against the day before; `None` until the event's day is in the history.
pub fn effect(day: u32, history: &[DayMetrics]) -> Option<Effect> {
    let first = history.iter().position(|d| d.day == day)?;
    let last = (first + EFFECT_WINDOW_DAYS as usize - 1).min(history.len() - 1);
    let (trust_before, churned_before) = match first.checked_sub(1) {
        Some(i) => (history[i].mean_trust, history[i].churned_total),
        // Day 1: measure from the day's own start, i.e. its change and its churn.
        None => (history[0].mean_trust - history[0].trust_change.total(), 0),
    };
    let end = &history[last];
    Some(Effect {
        days: (last - first + 1) as u32,
        trust: end.mean_trust - trust_before,
        churned: end.churned_total.saturating_sub(churned_before),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use shopsim::scenario::Scenario;
    use shopsim::sim::Engine;
    use shopsim::units::UnitInterval;

    fn engine_with_breach_on_day_6() -> Engine {
        let mut scenario = Scenario::default();
        scenario.simulation.shoppers = 800;
        scenario.simulation.random_breaches = false;
        let mut engine = Engine::new(&scenario);
        for _ in 0..5 {
            engine.step();
        }
        engine.inject(EventKind::Breach, UnitInterval::clamped(0.9));
        engine
    }

    #[test]
    fn effect_grows_with_the_days_after_the_event_then_stops_at_the_window() {
        let mut engine = engine_with_breach_on_day_6();
        assert_eq!(effect(6, engine.history()), None, "not fired yet");
        for _ in 0..3 {
            engine.step();
        }
        let h = engine.history();
        let three = effect(6, h).expect("fired");
        assert_eq!(three.days, 3);
        assert!((three.trust - (h[7].mean_trust - h[4].mean_trust)).abs() < 1e-12);
        assert_eq!(three.churned, h[7].churned_total - h[4].churned_total);
        assert!(three.trust < 0.0, "a severe breach lowers trust");
        for _ in 0..10 {
            engine.step();
        }
        let h = engine.history();
        let full = effect(6, h).expect("fired");
        assert_eq!(full.days, EFFECT_WINDOW_DAYS);
        assert!((full.trust - (h[11].mean_trust - h[4].mean_trust)).abs() < 1e-12);
    }

    #[test]
    fn description_names_the_breach_and_its_consequences() {
        let mut engine = engine_with_breach_on_day_6();
        for _ in 0..8 {
            engine.step();
        }
        let record = &engine.events()[0];
        let text = describe(record, engine.history());
        assert!(
            text.starts_with("breach (severity 0.90, injected), "),
            "{text}"
        );
        assert!(text.contains("records exposed"), "{text}");
        assert!(text.contains("in 7 days"), "{text}");
        assert!(text.ends_with("shoppers left"), "{text}");
    }
}
