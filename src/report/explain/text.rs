//! The explanation as text: one sentence per cause, wrapped for a terminal, and the
//! whole report of a day or window (`render_text`).

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

/// Longest line of the text renderer.
pub(super) const LINE_WIDTH: usize = 92;

/// Wraps `text` at spaces into lines of at most [`LINE_WIDTH`] characters, the first
/// starting with `first`, the others with `rest`; each line ends with a newline.
pub(super) fn wrap(text: &str, first: &str, rest: &str) -> String {
    let first_width = LINE_WIDTH.saturating_sub(first.chars().count());
    let rest_width = LINE_WIDTH.saturating_sub(rest.chars().count());
    let lines = format::wrap_hanging(text, first_width, rest_width);
    if lines.is_empty() {
        return format!("{first}\n");
    }
    let mut out = String::new();
    for (i, line) in lines.iter().enumerate() {
        out.push_str(if i == 0 { first } else { rest });
        out.push_str(line);
        out.push('\n');
    }
    out
}

/// Width of the widest bar, in characters.
const BAR_WIDTH: usize = 24;

/// The explanation as text for a terminal (plain ASCII, lines under 100 characters).
pub fn render_text(e: &Explanation) -> String {
    let mut out = String::new();
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
    let _ = writeln!(
        out,
        "{window}: mean trust moved from {:.4} to {:.4} ({}).",
        e.trust_from,
        e.trust_to,
        points(e.trust_change())
    );
    let _ = writeln!(out);
    let _ = writeln!(out, "Contributions by cause (they add up to the change):");
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
        let _ = writeln!(out, "{}", line.trim_end());
    }
    let _ = writeln!(out, "  {:<19} {:>8}", "total", points(e.trust_change()));
    let _ = writeln!(out);
    let lost_share = |x: f64| {
        let expected = e.lost_to_natural_dropout + e.lost_to_distrust;
        if expected > 0.0 {
            100.0 * x / expected
        } else {
            0.0
        }
    };
    let text = format!(
        "Shoppers lost: {} (expected {:.1} to distrust, {:.0} %; {:.1} to natural dropout, {:.0} %).",
        group(e.shoppers_lost),
        e.lost_to_distrust,
        lost_share(e.lost_to_distrust),
        e.lost_to_natural_dropout,
        lost_share(e.lost_to_natural_dropout)
    );
    out.push_str(&wrap(&text, "", ""));
    let _ = writeln!(
        out,
        "Visits {}, orders {}; at the end {:.1} % of active shoppers say they intend to leave.",
        group(e.visits),
        group(e.orders),
        100.0 * e.stated_intent_to_leave
    );
    let m = &e.money;
    let usd = |c: Cents| format::whole_dollars(c.dollars());
    let money = format!(
        "Money at real scale: revenue {}, gross profit {}, lever costs {}, breach costs {}, \
         fines {}; profit {} (profit since day 1: {}).",
        usd(m.revenue),
        usd(m.gross_profit),
        usd(m.lever_costs),
        usd(m.breach_costs),
        usd(m.fines),
        usd(m.profit),
        usd(m.cumulative_profit)
    );
    out.push_str(&wrap(&money, "", ""));
    let levers: Vec<String> = m
        .costs
        .items()
        .iter()
        .filter(|(_, cost)| *cost != Cents::ZERO)
        .map(|(name, cost)| format!("{} {}", name.replace('_', " "), usd(*cost)))
        .collect();
    if !levers.is_empty() {
        let text = format!("Lever costs: {}.", levers.join(", "));
        out.push_str(&wrap(&text, "", "  "));
    }
    let _ = writeln!(out);
    let _ = writeln!(out, "By segment (mean trust, shoppers lost):");
    for s in &e.segments {
        let _ = writeln!(
            out,
            "  {:<16} {:.4} -> {:.4} ({})  lost {}",
            s.segment.plural(),
            s.trust_from,
            s.trust_to,
            points(s.trust_to - s.trust_from),
            group(s.churned)
        );
    }
    let _ = writeln!(out);
    if e.events.is_empty() {
        let _ = writeln!(out, "Events in the window: none.");
    } else {
        let _ = writeln!(out, "Events in the window:");
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
            out.push_str(&wrap(&line, "  ", "    "));
        }
    }
    let _ = writeln!(out);
    let _ = writeln!(out, "In words:");
    for c in e.contributions.iter().filter(|c| c.change != 0.0) {
        out.push_str(&wrap(&c.sentence, "  - ", "    "));
    }
    out
}
