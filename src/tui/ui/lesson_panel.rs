//! The lesson panel: the page of the step being played (a text, a prediction with its
//! choices, a run under way and then its figures, a sweep's table, a debrief with the
//! model's figure next to the student's answer), with the progress in the title.
//!
//! Lines are wrapped here, to the panel's width, so the panel knows how far it can scroll.

use crate::tui::lesson::{LessonView, Page};
use ratatui::layout::Rect;
use ratatui::style::{Color, Style, Stylize};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph};
use ratatui::Frame;
use shopsim::lesson::{Debrief, Figures, Prediction, Reveal, Step, StepOutcome, SweepResult};
use shopsim::report::format::wrap;
use shopsim::report::format::{compact_count, compact_money};
use shopsim::sim::engine::EventRecord;

pub fn render(frame: &mut Frame, area: Rect, lesson: &LessonView) {
    let (step, steps) = lesson.progress();
    let title = Line::from(vec![
        Span::from(format!(" {} ", lesson.lesson().title)).bold(),
        Span::from(format!("· step {step} of {steps} ")),
    ]);
    let block = Block::bordered().title(title);
    let inner = block.inner(area);
    let lines = lines(lesson, inner.width.max(1) as usize);
    let max_scroll = lines.len().saturating_sub(inner.height as usize);
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
    frame.render_widget(Paragraph::new(lines).block(block).scroll((scroll, 0)), area);
}

/// The page's lines, wrapped to `width`.
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
        Page::Predict(prediction) => predict(&mut out, prediction, lesson.selected),
        Page::Running { to_day } => running(&mut out, lesson, *to_day),
        Page::Sweeping { .. } => {
            out.heading("Runs side by side");
            if let Some(Step::Sweep(sweep)) = lesson.player.upcoming() {
                out.text(
                    &format!(
                        "Running {} fresh runs of {} days each, one per variant; this takes a \
                         moment.",
                        sweep.variants.len(),
                        sweep.days
                    ),
                    Style::new(),
                );
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

fn predict(out: &mut Lines, prediction: &Prediction, selected: usize) {
    out.heading("Predict");
    out.text(&prediction.question, Style::new());
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
    let label_width = sweep
        .variants
        .iter()
        .map(|v| v.label.chars().count())
        .max()
        .unwrap_or(0)
        .max("run".len());
    out.lines.push(
        Line::from(format!(
            "{:label_width$} {:>8} {:>6} {:>5} {:>6}",
            "run", "revenue", "churn", "trust", "clicks"
        ))
        .bold(),
    );
    let best = sweep.best().map(|v| v.label.clone());
    for variant in &sweep.variants {
        let is_best = Some(&variant.label) == best.as_ref();
        let text = format!(
            "{:label_width$} {:>8} {:>5.1}% {:>5.2} {:>5.1}%{}",
            variant.label,
            compact_money(variant.total_revenue),
            100.0 * variant.churn_rate,
            variant.final_mean_trust,
            100.0 * variant.click_through,
            if is_best { " ← most" } else { "" }
        );
        let line = Line::from(text);
        out.lines.push(if is_best { line.green() } else { line });
    }
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
