//! Lesson format and player tests.

use super::*;

/// Plays a lesson to the end, answering every prediction with `answer(prediction)`.
fn play(
    lesson: Lesson,
    mut answer: impl FnMut(&Prediction) -> usize,
) -> (LessonPlayer, Vec<StepOutcome>) {
    let mut player = LessonPlayer::new(lesson);
    let mut outcomes = Vec::new();
    while let Some(step) = player.upcoming() {
        let choice = match step {
            Step::Predict(prediction) => Some(answer(prediction)),
            _ => None,
        };
        outcomes.push(player.next(choice));
    }
    (player, outcomes)
}

#[test]
#[ignore = "prints the shipped lessons' outcomes, for writing lessons"]
fn print_shipped_lessons() {
    for shipped in shipped() {
        let lesson = Lesson::shipped(shipped.name, &["simulation.shoppers=3000"]).unwrap();
        let (_, outcomes) = play(lesson, |_| 0);
        println!("=== {}", shipped.name);
        for outcome in outcomes {
            println!("{outcome:#?}");
        }
    }
}

#[test]
#[ignore = "prints the trust gap after the breach"]
fn print_trust_gap() {
    let lesson = Lesson::shipped("talk-vs-action", &["simulation.shoppers=3000"]).unwrap();
    let (player, _) = play(lesson, |_| 0);
    let cf = player.counterfactual().unwrap().history();
    for (with, without) in player
        .engine()
        .history()
        .iter()
        .zip(cf)
        .skip(115)
        .step_by(5)
    {
        println!(
            "{} {:.3} {:.3} gap {:.3}",
            with.day,
            with.mean_trust,
            without.mean_trust,
            without.mean_trust - with.mean_trust
        );
    }
}
