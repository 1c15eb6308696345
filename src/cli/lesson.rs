//! `shopsim lessons` and `shopsim lesson NAME [--headless]`: guided lessons, in the
//! terminal UI or, with `--headless`, as plain text.
//!
//! Headless, answers to predictions come from `--answers` (choice numbers as printed, from 1,
//! in order), then from standard input (a prompt at a terminal, or one number per line when
//! piped), then the first choice once the input has ended.

use super::error::CliError;
use super::scenarios::table_with_header;
use super::LessonArgs;
use crate::output;
use shopsim::lesson::{shipped, Lesson, LessonPlayer, Reveal, Step, StepOutcome, SweepResult};
use shopsim::report::format::wrap;
use std::io::{self, BufRead, IsTerminal, Write};

pub const EXAMPLES: &str = "\
Examples:
  shopsim lessons                                   list the lessons
  shopsim lesson talk-vs-action                     play it in the terminal UI
  shopsim lesson talk-vs-action --headless          play it as text, answering at the prompt
  shopsim lesson inverted-u --headless --answers 3,2
  printf '3\n2\n1\n' | shopsim lesson talk-vs-action --headless --shoppers 2000

Choices are numbered from 1, as printed. Answers not given with --answers are read from
standard input; once it has ended (e.g. < /dev/null), every prediction takes its first
choice.";

/// Width the lesson texts are wrapped to.
const WIDTH: usize = 78;

/// Prints every shipped lesson: name, then title and summary.
pub fn list() -> Result<(), CliError> {
    let mut rows = Vec::new();
    for lesson in shipped() {
        let parsed = Lesson::shipped::<&str>(lesson.name, &[]).map_err(|error| {
            CliError::Failure(anyhow::anyhow!("built-in lesson is invalid: {error}"))
        })?;
        let title = parsed.title.trim_end_matches('.');
        let stop = if title.ends_with(['?', '!']) { "" } else { "." };
        rows.push((parsed.name, format!("{title}{stop} {}", parsed.summary)));
    }
    Ok(output::print(&table_with_header("LESSON", &rows))?)
}

/// Plays a lesson: in the terminal UI, or as text with `--headless`.
pub fn play(args: &LessonArgs) -> Result<(), CliError> {
    if !args.headless && args.answers.is_some() {
        return Err(CliError::input("--answers is for --headless play")
            .with_hint("in the terminal UI, choose each answer with the number keys and Enter"));
    }
    let lesson = load(args)?;
    if !args.headless {
        if !io::stdout().is_terminal() {
            return Err(CliError::input(
                "the lesson opens in the terminal UI, which needs a terminal",
            )
            .with_hint(format!(
                "play it as text: shopsim lesson {} --headless",
                args.name
            )));
        }
        return super::tui_ended(crate::tui::run_lesson(lesson));
    }
    let predictions: Vec<usize> = lesson.predictions().map(|p| p.choices.len()).collect();
    if let Some(answers) = &args.answers {
        check_answers(answers, &predictions)?;
    }
    let echo = !io::stdin().is_terminal();
    Ok(output::write_stdout(|out| {
        let stdin = io::stdin();
        let mut input = stdin.lock();
        let mut answers = Answers {
            given: args
                .answers
                .iter()
                .flatten()
                .map(|answer| answer - 1)
                .collect::<Vec<_>>()
                .into_iter(),
            input: Some(&mut input as &mut dyn BufRead),
            echo,
        };
        play_to(out, lesson, &mut answers)
    })?)
}

/// The shipped lesson named on the command line, with its overrides.
fn load(args: &LessonArgs) -> Result<Lesson, CliError> {
    let mut overrides = args.set.clone();
    let shorthands = [
        ("simulation.shoppers", args.shoppers.map(u64::from)),
        ("simulation.seed", args.seed),
    ];
    for (key, value) in shorthands {
        if let Some(value) = value {
            overrides.push(format!("{key}={value}"));
        }
    }
    let lesson = Lesson::shipped(&args.name, &overrides).map_err(|error| {
        if error.kind == shopsim::scenario::ErrorKind::UnknownLesson {
            CliError::input(error.message).with_hint("run `shopsim lessons` to list them")
        } else {
            CliError::from(error)
        }
    })?;
    if lesson.scenario.simulation.shoppers == 0 {
        // Every figure a lesson measures is a share of shoppers: with none there is
        // nothing to teach, only zeros and divisions by zero.
        return Err(CliError::input(format!(
            "lesson {}: a lesson needs shoppers, and this one has 0",
            args.name
        ))
        .with_hint("leave --shoppers out, or give at least 1 (e.g. --shoppers 2000)"));
    }
    Ok(lesson)
}

fn check_answers(answers: &[usize], predictions: &[usize]) -> Result<(), CliError> {
    if answers.len() > predictions.len() {
        return Err(CliError::input(format!(
            "--answers has {} answers but the lesson asks {} questions",
            answers.len(),
            predictions.len()
        )));
    }
    for (number, (answer, choices)) in answers.iter().zip(predictions).enumerate() {
        if *answer == 0 {
            return Err(CliError::input(format!(
                "--answers: answer {} is 0, but choices are numbered from 1",
                number + 1
            ))
            .with_hint(
                "give the numbers the lesson prints; --answers counted from 0 before, add 1 to \
                 each old answer",
            ));
        }
        if answer > choices {
            return Err(CliError::input(format!(
                "--answers: answer {} is {answer}, but question {} has choices 1..={choices}",
                number + 1,
                number + 1,
            )));
        }
    }
    Ok(())
}

/// Where answers come from: the `--answers` list (held 0-based), then the input (a prompt
/// or piped lines), then the first choice.
struct Answers<'a> {
    given: std::vec::IntoIter<usize>,
    input: Option<&'a mut dyn BufRead>,
    /// Write the answer read after the prompt, for input that is not typed at a terminal
    /// (so a transcript shows it).
    echo: bool,
}

impl Answers<'_> {
    /// The chosen index (0-based) among `choices`.
    fn next(&mut self, out: &mut dyn Write, choices: usize) -> io::Result<usize> {
        if let Some(answer) = self.given.next() {
            return Ok(answer);
        }
        let Some(input) = self.input.as_mut() else {
            return Ok(0);
        };
        loop {
            write!(out, "Your answer (1-{choices}): ")?;
            out.flush()?;
            let mut line = String::new();
            if input.read_line(&mut line)? == 0 {
                // The input has ended: this and every later prediction take the first choice.
                writeln!(out)?;
                self.input = None;
                return Ok(0);
            }
            if self.echo {
                writeln!(out, "{}", line.trim())?;
            }
            match line.trim().parse::<usize>() {
                Ok(answer) if (1..=choices).contains(&answer) => return Ok(answer - 1),
                _ => writeln!(out, "Please type a number from 1 to {choices}.")?,
            }
        }
    }
}

/// Plays the whole lesson, writing plain text.
fn play_to(out: &mut dyn Write, lesson: Lesson, answers: &mut Answers<'_>) -> io::Result<()> {
    writeln!(out, "{} ({})", lesson.title, lesson.name)?;
    writeln!(out, "{}", "=".repeat(lesson.title.chars().count()))?;
    paragraphs(out, &lesson.summary)?;
    let mut player = LessonPlayer::new(lesson);
    while let Some(step) = player.upcoming() {
        let answer = match (step, player.upcoming_prediction()) {
            (Step::Predict(_), Some(prediction)) => {
                writeln!(out, "\n-- Predict")?;
                paragraphs(out, &prediction.question)?;
                for (index, choice) in prediction.choices.iter().enumerate() {
                    writeln!(out, "  {}) {choice}", index + 1)?;
                }
                Some(answers.next(out, prediction.choices.len())?)
            }
            _ => None,
        };
        let outcome = player.next(answer);
        write_outcome(out, &outcome)?;
    }
    writeln!(out, "\nEnd of the lesson.")
}

fn write_outcome(out: &mut dyn Write, outcome: &StepOutcome) -> io::Result<()> {
    match outcome {
        StepOutcome::Read { text } => {
            writeln!(out)?;
            paragraphs(out, text)
        }
        StepOutcome::Predicted { answer_label, .. } => {
            writeln!(out, "You predicted: {answer_label}")
        }
        StepOutcome::InvalidAnswer { answer, choices } => {
            writeln!(out, "Answer {answer} is not one of the {choices} choices.")
        }
        StepOutcome::Ran {
            figures,
            counterfactual,
            events,
        } => {
            writeln!(out, "\n-- Ran to day {}", figures.day)?;
            for event in events {
                writeln!(
                    out,
                    "  day {}: {} (severity {:.2})",
                    event.day, event.kind, event.severity
                )?;
            }
            let line = |f: &shopsim::lesson::Figures| {
                format!(
                    "{} active shoppers, mean trust {:.2}, {:.1}% say they intend to leave, revenue so far {}",
                    f.active_shoppers,
                    f.mean_trust,
                    f.stated_intent_to_leave * 100.0,
                    f.cumulative_revenue
                )
            };
            writeln!(out, "  this run:           {}", line(figures))?;
            if let Some(counterfactual) = counterfactual {
                writeln!(out, "  without the event:  {}", line(counterfactual))?;
            }
            Ok(())
        }
        StepOutcome::Changed {
            day,
            assignments,
            injected,
        } => {
            writeln!(out, "\n-- From day {day}")?;
            for assignment in assignments {
                writeln!(out, "  set {assignment}")?;
            }
            if let Some(injection) = injected {
                writeln!(
                    out,
                    "  {} of severity {} (a copy of the run continues without it)",
                    injection.kind, injection.severity
                )?;
            }
            Ok(())
        }
        StepOutcome::Swept(sweep) => write_sweep(out, sweep),
        StepOutcome::Debrief(debrief) => {
            writeln!(out, "\n-- Debrief")?;
            for reveal in &debrief.reveals {
                write_reveal(out, reveal)?;
            }
            writeln!(out)?;
            paragraphs(out, &debrief.text)
        }
        StepOutcome::Finished => Ok(()),
    }
}

fn write_sweep(out: &mut dyn Write, sweep: &SweepResult) -> io::Result<()> {
    writeln!(
        out,
        "\n-- {} runs side by side, {} days each",
        sweep.variants.len(),
        sweep.days
    )?;
    let width = sweep
        .variants
        .iter()
        .map(|v| v.label.chars().count())
        .max()
        .unwrap_or(0)
        .max("RUN".len());
    writeln!(
        out,
        "  {:width$}  {:>14}  {:>6}  {:>5}  {:>13}  {:>6}",
        "RUN", "REVENUE", "CHURN", "TRUST", "CLICK-THROUGH", "OPT-IN"
    )?;
    let best = sweep.best().map(|v| v.label.clone());
    for variant in &sweep.variants {
        let mark = if Some(&variant.label) == best.as_ref() {
            "  <- most revenue"
        } else {
            ""
        };
        writeln!(
            out,
            "  {:width$}  {:>14}  {:>5.1}%  {:>5.2}  {:>12.2}%  {:>5.1}%{mark}",
            variant.label,
            variant.total_revenue.to_string(),
            variant.churn_rate * 100.0,
            variant.final_mean_trust,
            variant.click_through * 100.0,
            variant.final_opt_in_rate * 100.0,
        )?;
    }
    Ok(())
}

fn write_reveal(out: &mut dyn Write, reveal: &Reveal) -> io::Result<()> {
    writeln!(out)?;
    paragraphs(out, &reveal.question)?;
    let verdict = if reveal.is_closest() {
        "your answer is the closest choice".to_string()
    } else {
        "another choice was closer".to_string()
    };
    writeln!(
        out,
        "  you predicted: {}\n  the model:     {}  ({verdict})",
        reveal.answer_label, reveal.measured_text
    )?;
    for line in wrap(&format!("research: {}", reveal.evidence), WIDTH - 2) {
        writeln!(out, "  {line}")?;
    }
    Ok(())
}

/// Writes a text re-wrapped to [`WIDTH`], keeping its blank-line paragraphs.
fn paragraphs(out: &mut dyn Write, text: &str) -> io::Result<()> {
    let mut first = true;
    for paragraph in text.split("\n\n").filter(|p| !p.trim().is_empty()) {
        if !first {
            writeln!(out)?;
        }
        first = false;
        for line in wrap(paragraph, WIDTH) {
            writeln!(out, "{line}")?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn answers_are_checked_against_the_questions() {
        assert!(check_answers(&[4, 2], &[4, 2]).is_ok());
        let text = check_answers(&[1, 3], &[4, 2]).unwrap_err().to_string();
        assert!(text.contains("question 2 has choices 1..=2"), "{text}");
        let text = check_answers(&[0, 1], &[4, 2]).unwrap_err().to_string();
        assert!(text.contains("numbered from 1"), "{text}");
        assert!(check_answers(&[1, 1, 1], &[4, 2]).is_err());
    }

    #[test]
    fn a_lesson_plays_as_text_with_the_given_answers() {
        let lesson = Lesson::shipped("talk-vs-action", &["simulation.shoppers=1500"]).unwrap();
        let mut out = Vec::new();
        let mut answers = Answers {
            given: vec![2, 1].into_iter(),
            input: None,
            echo: false,
        };
        play_to(&mut out, lesson, &mut answers).unwrap();
        let text = String::from_utf8(out).unwrap();
        assert!(text.starts_with("Say you'll leave, then stay? (talk-vs-action)\n"));
        assert!(text.contains("You predicted: about 30%"), "{text}");
        assert!(text.contains("You predicted: about 3%"), "{text}");
        // The third prediction has no given answer and no prompt: its first choice.
        assert!(text.contains("You predicted: about a week"), "{text}");
        assert!(
            text.contains("  3) about 15%\n"),
            "choices are numbered from 1: {text}"
        );
        assert!(text.contains("without the event:"), "{text}");
        assert!(text.contains("research: "), "{text}");
        assert!(text.trim_end().ends_with("End of the lesson."));
        assert!(!text.contains('{'), "no placeholder left: {text}");
        assert!(
            text.lines().all(|line| line.chars().count() <= 140),
            "{text}"
        );
    }

    #[test]
    fn piped_answers_are_read_one_per_line_then_the_first_choice() {
        let lesson = Lesson::shipped("talk-vs-action", &["simulation.shoppers=1000"]).unwrap();
        let mut piped: &[u8] = b"9\n3\n";
        let mut out = Vec::new();
        let mut answers = Answers {
            given: vec![1].into_iter(),
            input: Some(&mut piped),
            echo: true,
        };
        play_to(&mut out, lesson, &mut answers).unwrap();
        let text = String::from_utf8(out).unwrap();
        assert!(text.contains("You predicted: about 10%"), "{text}");
        assert!(
            text.contains("Your answer (1-4): 9\nPlease type a number from 1 to 4."),
            "{text}"
        );
        assert!(text.contains("You predicted: about 15%"), "{text}");
        assert!(text.contains("You predicted: about a week"), "{text}");
    }
}
