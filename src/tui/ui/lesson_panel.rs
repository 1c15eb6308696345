//! The lesson panel: the page of the step being played (a text, a prediction with its
//! choices, a run under way and then its figures, a sweep's table, a debrief with the
//! model's figure next to the student's answer), with the progress in the title.
//!
//! Lines are wrapped here, to the panel's width, so the panel knows how far it can scroll.

use crate::tui::lesson::{LessonView, Page};
use crate::tui::ui::theme;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Color, Style, Stylize};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph};
use ratatui::Frame;
use shopsim::lesson::{
    Debrief, Figures, Prediction, Reveal, Step, StepOutcome, SweepResult, VariantResult,
};
use shopsim::report::format::wrap;
use shopsim::report::format::{compact_count, compact_money};
use shopsim::sim::engine::EventRecord;
use shopsim::sim::Engine;

pub fn render(frame: &mut Frame, area: Rect, lesson: &LessonView) {
    let block = Block::bordered().title(title_line(lesson, area.width.saturating_sub(2).into()));
    let inner = block.inner(area);
    let width = inner.width.max(1) as usize;
    // A prediction's choices follow its question; when both do not fit, the choices stay
    // in sight at the bottom and the question scrolls above them (keeping two rows).
    let mut lines = lines(lesson, width);
    let mut pinned = pinned_lines(lesson, width);
    if lines.len() + pinned.len() <= inner.height as usize {
        lines.append(&mut pinned);
    }
    let pinned_rows = u16::try_from(pinned.len())
        .unwrap_or(u16::MAX)
        .min(inner.height.saturating_sub(2));
    let [scrolled, pinned_area] =
        Layout::vertical([Constraint::Fill(1), Constraint::Length(pinned_rows)]).areas(inner);
    let max_scroll = lines.len().saturating_sub(scrolled.height as usize);
    let max_scroll = u16::try_from(max_scroll).unwrap_or(u16::MAX);
    lesson.scroll_max.set(max_scroll);
    let scroll = lesson.scroll.min(max_scroll);
    let block = if max_scroll == 0 {
        block
    } else {
        let more = match (scroll > 0, scroll < max_scroll) {
            (true, true) => " ↑↓ more ",
            (false, _) => " ↓ more ",
            (true, false) => " ↑ more ",
        };
        block.title_bottom(Line::from(more).right_aligned().cyan())
    };
    frame.render_widget(block, area);
    frame.render_widget(Paragraph::new(lines).scroll((scroll, 0)), scrolled);
    frame.render_widget(Paragraph::new(pinned), pinned_area);
}

/// The panel's title in `room` columns: the lesson and its progress; when both do not
/// fit, the lesson's title is cut short (`How far can personaliz… · step 4 of 5`) so
/// that the progress stays in sight.
fn title_line(lesson: &LessonView, room: usize) -> Line<'static> {
    let (step, steps) = lesson.progress();
    let progress = format!("· step {step} of {steps} ");
    let name = &lesson.lesson().title;
    // ` name ` then the progress.
    let name_room = room.saturating_sub(progress.chars().count() + 2);
    let name = if name.chars().count() <= name_room {
        name.clone()
    } else {
        let kept: String = name.chars().take(name_room.saturating_sub(1)).collect();
        format!("{}…", kept.trim_end())
    };
    Line::from(vec![
        Span::from(format!(" {name} ")).bold(),
        Span::from(progress),
    ])
}

/// Lines kept at the bottom of the panel whatever the scroll: a prediction's choices and
/// keys.
pub fn pinned_lines(lesson: &LessonView, width: usize) -> Vec<Line<'static>> {
    let mut out = Lines {
        lines: Vec::new(),
        width,
    };
    if let Page::Predict(prediction) = &lesson.page {
        choices(&mut out, prediction, lesson.selected);
    }
    out.lines
}

/// The page's lines, wrapped to `width` (without the [`pinned_lines`]).
pub fn lines(lesson: &LessonView, width: usize) -> Vec<Line<'static>> {
    let mut out = Lines {
        lines: Vec::new(),
        width,
    };
    match &lesson.page {
        Page::Played(outcome) => {
            played(&mut out, outcome);
            out.blank();
            out.hint("Enter: continue");
        }
        Page::Predict(prediction) => {
            out.heading("Predict");
            out.text(&prediction.question, Style::new());
        }
        Page::Running { to_day } => running(&mut out, lesson, *to_day),
        Page::Sweeping => {
            out.heading("Runs side by side");
            if let Some(Step::Sweep(sweep)) = lesson.player.upcoming() {
                let day = lesson
                    .player
                    .sweep_under_way()
                    .and_then(|runs| runs.iter().map(Engine::day).max())
                    .unwrap_or(0);
                out.text(
                    &format!(
                        "{} fresh runs of {} days each, one per variant, side by side on \
                         the charts: day {day} of {}.",
                        sweep.variants.len(),
                        sweep.days,
                        sweep.days
                    ),
                    Style::new(),
                );
                out.blank();
                out.hint("Enter: finish the runs at once");
            }
        }
        Page::Finished => finished(&mut out, lesson),
    }
    out.lines
}

/// Lines being built at a width.
struct Lines {
    lines: Vec<Line<'static>>,
    width: usize,
}

impl Lines {
    fn blank(&mut self) {
        self.lines.push(Line::default());
    }

    fn heading(&mut self, text: &str) {
        self.lines.push(Line::from(text.to_string()).bold().cyan());
    }

    fn hint(&mut self, text: &str) {
        self.text(text, Style::new().dim());
    }

    /// Paragraphs separated by blank lines, each re-wrapped.
    fn text(&mut self, text: &str, style: Style) {
        let mut first = true;
        for paragraph in text.split("\n\n").filter(|p| !p.trim().is_empty()) {
            if !first {
                self.blank();
            }
            first = false;
            for line in wrap(paragraph, self.width) {
                self.lines.push(Line::styled(line, style));
            }
        }
    }

    /// `label value`, the label padded to `label_width`, the value wrapped under itself.
    fn pair(&mut self, label: &str, label_width: usize, value: &str, style: Style) {
        let value_width = self.width.saturating_sub(label_width).max(8);
        for (i, line) in wrap(value, value_width).into_iter().enumerate() {
            let label = if i == 0 { label } else { "" };
            self.lines.push(Line::from(vec![
                Span::from(format!("{label:<label_width$}")),
                Span::styled(line, style),
            ]));
        }
    }
}

fn played(out: &mut Lines, outcome: &StepOutcome) {
    match outcome {
        StepOutcome::Read { text } => out.text(text, Style::new()),
        StepOutcome::Ran {
            figures,
            counterfactual,
            events,
        } => ran(out, figures, counterfactual.as_ref(), events),
        StepOutcome::Changed {
            day,
            assignments,
            injected,
        } => {
            out.heading(&format!("From day {day}"));
            for assignment in assignments {
                out.text(&format!("set {assignment}"), Style::new());
            }
            if let Some(injection) = injected {
                out.text(
                    &format!(
                        "A {} of severity {:.2}. A copy of the run goes on without it, on the \
                         same random numbers, so the lesson can measure what the event \
                         changed (grey lines on the charts).",
                        injection.kind,
                        injection.severity.get()
                    ),
                    Style::new(),
                );
            }
        }
        StepOutcome::Swept(sweep) => swept(out, sweep),
        StepOutcome::Debrief(debrief) => debriefed(out, debrief),
        StepOutcome::Predicted { answer_label, .. } => {
            out.text(&format!("You predicted {answer_label}."), Style::new())
        }
        StepOutcome::InvalidAnswer { answer, choices } => out.text(
            &format!("Answer {} is not one of the {choices} choices.", answer + 1),
            Style::new().red(),
        ),
        StepOutcome::Finished => out.text("End of the lesson.", Style::new()),
    }
}

/// A prediction's choices, numbered from 1 as the keys choose them, and the keys.
fn choices(out: &mut Lines, prediction: &Prediction, selected: usize) {
    out.blank();
    let label_width = out.width.saturating_sub(5).max(8);
    for (index, choice) in prediction.choices.iter().enumerate() {
        let chosen = index == selected;
        let style = if chosen {
            Style::new().reversed().bold()
        } else {
            Style::new()
        };
        let marker = if chosen { "›" } else { " " };
        for (i, line) in wrap(choice, label_width).into_iter().enumerate() {
            let prefix = if i == 0 {
                format!("{marker}{}) ", index + 1)
            } else {
                "    ".to_string()
            };
            out.lines.push(Line::from(vec![
                Span::styled(prefix, style),
                Span::styled(line, style),
            ]));
        }
    }
    out.blank();
    out.hint(&format!(
        "↑↓ or 1-{} choose · Enter answers",
        prediction.choices.len()
    ));
}

/// Cells of the progress bar of a run.
const BAR_CELLS: usize = 20;

fn running(out: &mut Lines, lesson: &LessonView, to_day: u32) {
    let day = lesson.player.engine().day();
    out.heading(&format!("Running to day {to_day}"));
    let done = f64::from(day) / f64::from(to_day.max(1));
    let filled = ((done * BAR_CELLS as f64).round() as usize).min(BAR_CELLS);
    out.lines.push(Line::from(format!(
        "[{}{}] day {day} of {to_day}",
        "■".repeat(filled),
        " ".repeat(BAR_CELLS - filled)
    )));
    out.blank();
    if lesson.player.counterfactual().is_some() {
        out.text(
            "Grey lines on the charts: the same run without the event.",
            Style::new(),
        );
        out.blank();
    }
    out.hint(&format!(
        "Enter: skip to day {to_day} · space: pause · +/-: speed"
    ));
}

/// One figure of a run as text.
type FigureText = fn(&Figures) -> String;

fn ran(out: &mut Lines, figures: &Figures, without: Option<&Figures>, events: &[EventRecord]) {
    out.heading(&format!("Ran to day {}", figures.day));
    for event in events {
        out.text(
            &format!(
                "day {}: {} (severity {:.2})",
                event.day, event.kind, event.severity
            ),
            Style::new().fg(Color::Red),
        );
    }
    out.blank();
    let rows: [(&str, FigureText); 5] = [
        ("active shoppers", |f| {
            compact_count(f.active_shoppers as f64)
        }),
        ("left so far", |f| compact_count(f.churned_total as f64)),
        ("mean trust", |f| format!("{:.2}", f.mean_trust)),
        ("say they'll leave", |f| {
            format!("{:.1}%", 100.0 * f.stated_intent_to_leave)
        }),
        ("revenue so far", |f| compact_money(f.cumulative_revenue)),
    ];
    const LABEL: usize = 19;
    const COLUMN: usize = 11;
    if without.is_some() {
        out.lines.push(
            Line::from(format!(
                "{:LABEL$}{:>COLUMN$}{:>COLUMN$}",
                "", "this run", "w/o event"
            ))
            .bold(),
        );
    }
    for (label, value) in rows {
        let mut text = format!("{label:LABEL$}{:>COLUMN$}", value(figures));
        if let Some(without) = without {
            text.push_str(&format!("{:>COLUMN$}", value(without)));
        }
        out.lines.push(Line::from(text));
    }
}

fn swept(out: &mut Lines, sweep: &SweepResult) {
    out.heading(&format!(
        "{} runs side by side, {} days each",
        sweep.variants.len(),
        sweep.days
    ));
    // A `vary` sweep names its runs by the value alone, under the key's last part (or
    // "value" when that does not fit), so the table fits the panel. Each run's name is in
    // the colour of its line on the charts.
    let label = |variant: &VariantResult| match (&sweep.vary, variant.value) {
        (Some(_), Some(value)) => format!("{value}"),
        _ => variant.label.clone(),
    };
    let labels_width = sweep
        .variants
        .iter()
        .map(|v| label(v).chars().count())
        .max()
        .unwrap_or(0);
    /// The columns after the label: revenue, churn, trust, clicks.
    const FIGURES: usize = 29;
    let heading = match &sweep.vary {
        Some(key) => {
            let last = key.rsplit('.').next().unwrap_or(key);
            if labels_width.max(last.chars().count()) + FIGURES <= out.width {
                last.to_string()
            } else {
                "value".to_string()
            }
        }
        None => "run".to_string(),
    };
    let label_width = labels_width.max(heading.chars().count());
    let full = label_width + FIGURES;
    let mark = if full + 7 <= out.width {
        " ← most"
    } else if full + 2 <= out.width {
        " ←"
    } else {
        ""
    };
    out.lines.push(
        Line::from(format!(
            "{heading:label_width$} {:>8} {:>6} {:>5} {:>6}",
            "revenue", "churn", "trust", "clicks"
        ))
        .bold(),
    );
    let best = sweep.best().map(|v| v.label.clone());
    for (index, variant) in sweep.variants.iter().enumerate() {
        let is_best = Some(&variant.label) == best.as_ref();
        let figures = format!(
            " {:>8} {:>5.1}% {:>5.2} {:>5.1}%{}",
            compact_money(variant.total_revenue),
            100.0 * variant.churn_rate,
            variant.final_mean_trust,
            100.0 * variant.click_through,
            if is_best { mark } else { "" }
        );
        let figures = if is_best {
            Span::from(figures).bold()
        } else {
            Span::from(figures)
        };
        let color = theme::SWEEP[index % theme::SWEEP.len()];
        out.lines.push(Line::from(vec![
            Span::from(format!("{:label_width$}", label(variant))).fg(color),
            figures,
        ]));
    }
    out.text(
        "Charts: one line per run, in its colour here; every other run in dots.",
        Style::new().dim(),
    );
}

fn debriefed(out: &mut Lines, debrief: &Debrief) {
    out.heading("Debrief");
    for reveal in &debrief.reveals {
        reveal_lines(out, reveal);
        out.blank();
    }
    out.text(&debrief.text, Style::new());
}

const PAIR_LABEL: usize = 15;

fn reveal_lines(out: &mut Lines, reveal: &Reveal) {
    out.text(&reveal.question, Style::new().italic());
    out.pair(
        "you predicted",
        PAIR_LABEL,
        &reveal.answer_label,
        Style::new().bold(),
    );
    out.pair(
        "the model",
        PAIR_LABEL,
        &reveal.measured_text,
        Style::new().bold().cyan(),
    );
    if reveal.is_closest() {
        out.text(
            "✓ your answer is the closest choice",
            Style::new().fg(Color::Green),
        );
    } else if let Some(closest) = &reveal.closest_label {
        out.pair(
            "closest choice",
            PAIR_LABEL,
            closest,
            Style::new().fg(Color::Yellow),
        );
    }
    out.text(
        &format!("research: {}", reveal.evidence),
        Style::new().dim(),
    );
}

fn finished(out: &mut Lines, lesson: &LessonView) {
    out.heading("End of the lesson");
    let reveals = lesson.player.reveals();
    let closest = reveals.iter().filter(|r| r.is_closest()).count();
    out.text(
        &format!(
            "Your answer was the closest choice in {closest} of {} predictions.",
            reveals.len()
        ),
        Style::new(),
    );
    out.blank();
    for (number, reveal) in reveals.iter().enumerate() {
        let mark = if reveal.is_closest() { " ✓" } else { "" };
        out.text(
            &format!(
                "{}. you: {} · the model: {}{mark}",
                number + 1,
                reveal.answer_label,
                reveal.measured_text
            ),
            Style::new(),
        );
    }
    out.blank();
    out.hint("g: save the charts as SVG · q: quit");
}
