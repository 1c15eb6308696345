//! The explanation as text: one sentence per cause, and the whole report of a day or
//! window as blocks ([`text_blocks`]): paragraphs of prose that each client wraps to its
//! own width by one rule ([`TextBlock::rows`]), and table rows laid out here.
//! [`render_text`] gives them at [`LINE_WIDTH`] for `shopsim explain`, [`render_rows`] at
//! any width (the TUI's overlay).

use super::*;

/// What the sentences may cite.
pub(super) struct WindowFacts<'a> {
    pub(super) days: u32,
    pub(super) visits: u64,
    pub(super) negative_sentiment: f64,
    pub(super) events: &'a [&'a EventRecord],
}

/// Trust points with a sign, e.g. `-0.0123`.
pub(super) fn points(change: f64) -> String {
    format!("{change:+.4}")
}

pub(super) fn events_of(facts: &WindowFacts<'_>, kind: EventKind) -> String {
    let days: Vec<String> = facts
        .events
        .iter()
        .filter(|e| e.kind == kind)
        .map(|e| format!("day {} (severity {:.2})", e.day, e.severity))
        .collect();
    if days.is_empty() {
        "earlier in the run".to_string()
    } else {
        format!("on {}", days.join(", "))
    }
}

/// One sentence per cause in plain language.
pub(super) fn sentence(cause: TrustCause, change: f64, facts: &WindowFacts<'_>) -> String {
    // The verb carries the direction; the size is the magnitude in trust points.
    let size = format!("{:.4} points", change.abs());
    if change == 0.0 {
        return format!("{}: no effect in this window.", cause.label());
    }
    match cause {
        TrustCause::WordOfMouth => format!(
            "word of mouth: neighbours' complaints reached shoppers (mean negative sentiment \
             {:.3} at the end) and cost {size} of mean trust.",
            facts.negative_sentiment
        ),
        TrustCause::Breach => format!(
            "breach: news of the breach {} reached shoppers and cost {size}; shoppers whose \
             record was held took it hardest.",
            events_of(facts, EventKind::Breach)
        ),
        TrustCause::RegulatoryInquiry => format!(
            "regulatory inquiry: press about the inquiry {} cost {size}.",
            events_of(facts, EventKind::RegulatoryInquiry)
        ),
        TrustCause::PolicyChange => format!(
            "policy change: the privacy policy change {} cost {size}.",
            events_of(facts, EventKind::PolicyChange)
        ),
        TrustCause::Creepiness => format!(
            "creepiness: personalized content felt intrusive on some of the {} visits \
             ({:.0} a day), which cost {size}; concerned and distrustful shoppers feel it most.",
            group(facts.visits),
            facts.visits as f64 / f64::from(facts.days.max(1))
        ),
        TrustCause::Recovery => {
            format!("recovery: trust drifting back toward each shopper's usual level added {size}.")
        }
        TrustCause::Departures => {
            if change > 0.0 {
                format!(
                    "departures: the shoppers who left trusted less than those who stayed, \
                     which raised the mean by {size} (a change of who is counted, not of \
                     anyone's trust)."
                )
            } else {
                format!(
                    "departures: the shoppers who left trusted more than those who stayed, \
                     which lowered the mean by {size}."
                )
            }
        }
    }
}

/// Longest line of [`render_text`], the width `shopsim explain` prints at.
pub const LINE_WIDTH: usize = 92;

/// One piece of the explanation as text. Prose is kept as paragraphs, so that each client
/// wraps it to its own width ([`TextBlock::rows`]); only tables are laid out here.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TextBlock {
    /// A line laid out as it stands (a table row, a blank line); wrapped only where it is
    /// wider than the width, keeping its indentation.
    Line(String),
    /// Prose: its first row starts with `first`, the others with `rest` (a bullet and its
    /// hanging indent).
    Paragraph {
        first: &'static str,
        rest: &'static str,
        text: String,
    },
}

impl TextBlock {
    /// A paragraph without indentation.
    pub fn paragraph(text: impl Into<String>) -> TextBlock {
        TextBlock::Paragraph {
            first: "",
            rest: "",
            text: text.into(),
        }
    }

    /// The block's rows at `width` characters: a paragraph broken at spaces into rows of
    /// at most `width` characters (a word longer than a row stays whole), a line as it is
    /// when it fits.
    pub fn rows(&self, width: usize) -> Vec<String> {
        match self {
            TextBlock::Line(line) => {
                let text = line.trim_start();
                if line.chars().count() <= width || text.is_empty() {
                    return vec![line.clone()];
                }
                let indent = &line[..line.len() - text.len()];
                wrap_indented(text, indent, indent, width)
            }
            TextBlock::Paragraph { first, rest, text } => wrap_indented(text, first, rest, width),
        }
    }
}

/// `text` broken at spaces into rows of at most `width` characters, the first starting
/// with `first`, the others with `rest`; an empty text is one row, `first`.
fn wrap_indented(text: &str, first: &str, rest: &str, width: usize) -> Vec<String> {
    // Every row keeps room for at least one character of text.
    let room = |prefix: &str| width.saturating_sub(prefix.chars().count()).max(1);
    let lines = format::wrap_hanging(text, room(first), room(rest));
    if lines.is_empty() {
        return vec![first.to_string()];
    }
    lines
        .into_iter()
        .enumerate()
        .map(|(i, line)| format!("{}{line}", if i == 0 { first } else { rest }))
        .collect()
}

/// The explanation's rows at `width` characters (the TUI's overlay).
pub fn render_rows(e: &Explanation, width: usize) -> Vec<String> {
    text_blocks(e)
        .iter()
        .flat_map(|block| block.rows(width))
        .collect()
}

/// The explanation as text for a terminal, at [`LINE_WIDTH`] (plain ASCII; each line
/// ends with a newline).
pub fn render_text(e: &Explanation) -> String {
    let mut out = String::new();
    for row in render_rows(e, LINE_WIDTH) {
        out.push_str(&row);
        out.push('\n');
    }
    out
}

/// Width of the widest bar, in characters.
const BAR_WIDTH: usize = 24;

/// The explanation as blocks of text, in the order they are shown.
pub fn text_blocks(e: &Explanation) -> Vec<TextBlock> {
    let mut out = Vec::new();
    let blank = || TextBlock::Line(String::new());
    let window = if e.first_day == e.last_day {
        format!("Day {}", e.last_day)
    } else {
        format!(
            "Days {}-{} ({} days)",
            e.first_day,
            e.last_day,
            e.last_day - e.first_day + 1
        )
    };
    out.push(TextBlock::paragraph(format!(
        "{window}: mean trust moved from {:.4} to {:.4} ({}).",
        e.trust_from,
        e.trust_to,
        points(e.trust_change())
    )));
    out.push(blank());
    out.push(TextBlock::paragraph(
        "Contributions by cause (they add up to the change):",
    ));
    let largest = e
        .contributions
        .iter()
        .map(|c| c.change.abs())
        .fold(0.0, f64::max);
    for c in &e.contributions {
        let length = if largest > 0.0 {
            ((c.change.abs() / largest) * BAR_WIDTH as f64).round() as usize
        } else {
            0
        };
        let mark = if c.change < 0.0 { '-' } else { '+' };
        let bar: String = std::iter::repeat(mark).take(length).collect();
        let line = format!(
            "  {:<19} {:>8}  {:>5.1} %  {bar}",
            c.cause.label(),
            points(c.change),
            100.0 * c.share_of_movement
        );
        out.push(TextBlock::Line(line.trim_end().to_string()));
    }
    out.push(TextBlock::Line(format!(
        "  {:<19} {:>8}",
        "total",
        points(e.trust_change())
    )));
    out.push(blank());
    let lost_share = |x: f64| {
        let expected = e.lost_to_natural_dropout + e.lost_to_distrust;
        if expected > 0.0 {
            100.0 * x / expected
        } else {
            0.0
        }
    };
    out.push(TextBlock::paragraph(format!(
        "Shoppers lost: {} (expected {:.1} to distrust, {:.0} %; {:.1} to natural dropout, {:.0} %).",
        group(e.shoppers_lost),
        e.lost_to_distrust,
        lost_share(e.lost_to_distrust),
        e.lost_to_natural_dropout,
        lost_share(e.lost_to_natural_dropout)
    )));
    out.push(TextBlock::paragraph(format!(
        "Visits {}, orders {}; at the end {:.1} % of active shoppers say they intend to leave.",
        group(e.visits),
        group(e.orders),
        100.0 * e.stated_intent_to_leave
    )));
    let m = &e.money;
    let usd = |c: Cents| format::whole_dollars(c.dollars());
    out.push(TextBlock::paragraph(format!(
        "Money at real scale: revenue {}, gross profit {}, lever costs {}, breach costs {}, \
         fines {}; profit {} (profit since day 1: {}).",
        usd(m.revenue),
        usd(m.gross_profit),
        usd(m.lever_costs),
        usd(m.breach_costs),
        usd(m.fines),
        usd(m.profit),
        usd(m.cumulative_profit)
    )));
    let levers: Vec<String> = m
        .costs
        .items()
        .iter()
        .filter(|(_, cost)| *cost != Cents::ZERO)
        .map(|(name, cost)| format!("{} {}", name.replace('_', " "), usd(*cost)))
        .collect();
    if !levers.is_empty() {
        out.push(TextBlock::Paragraph {
            first: "",
            rest: "  ",
            text: format!("Lever costs: {}.", levers.join(", ")),
        });
    }
    out.push(blank());
    out.push(TextBlock::paragraph(
        "By segment (mean trust, shoppers lost):",
    ));
    for s in &e.segments {
        out.push(TextBlock::Line(format!(
            "  {:<16} {:.4} -> {:.4} ({})  lost {}",
            s.segment.plural(),
            s.trust_from,
            s.trust_to,
            points(s.trust_to - s.trust_from),
            group(s.churned)
        )));
    }
    out.push(blank());
    if e.events.is_empty() {
        out.push(TextBlock::paragraph("Events in the window: none."));
    } else {
        out.push(TextBlock::paragraph("Events in the window:"));
        for ev in &e.events {
            let origin = match ev.origin {
                EventOrigin::Scheduled => "scheduled",
                EventOrigin::Injected => "injected",
                EventOrigin::Random => "random",
            };
            let mut line = format!(
                "day {}: {} (severity {:.2}, {origin})",
                ev.day, ev.kind, ev.severity
            );
            if ev.kind == EventKind::Breach {
                let exposed = group(ev.records_exposed.max(0.0).round() as u64);
                let _ = write!(line, ", {exposed} records exposed");
            }
            if ev.cost > Cents::ZERO || ev.fine > Cents::ZERO {
                let money = |c: Cents| group(c.dollars().max(0.0).round() as u64);
                let _ = write!(line, ", cost ${}, fine ${}", money(ev.cost), money(ev.fine));
            }
            let _ = write!(
                line,
                "; {} news moved trust by {} in the window",
                ev.kind,
                points(ev.trust_change_of_its_kind)
            );
            out.push(TextBlock::Paragraph {
                first: "  ",
                rest: "    ",
                text: line,
            });
        }
    }
    out.push(blank());
    out.push(TextBlock::paragraph("In words:"));
    for c in e.contributions.iter().filter(|c| c.change != 0.0) {
        out.push(TextBlock::Paragraph {
            first: "  - ",
            rest: "    ",
            text: c.sentence.clone(),
        });
    }
    out
}
