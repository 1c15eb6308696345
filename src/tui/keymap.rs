//! The one key table. Dispatch ([`action_for`]), the footer and the help overlay all
//! read [`BINDINGS`], so a key is added, changed or described in one place.

use super::app::Mode;
use super::update::Action;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use shopsim::model::events::EventKind;
use std::fmt;

/// A key with the modifiers that matter (Ctrl, Alt). Shift is part of the character.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Key {
    pub code: KeyCode,
    pub ctrl: bool,
}

const fn key(ch: char) -> Key {
    Key {
        code: KeyCode::Char(ch),
        ctrl: false,
    }
}

const fn code(code: KeyCode) -> Key {
    Key { code, ctrl: false }
}

const fn ctrl(ch: char) -> Key {
    Key {
        code: KeyCode::Char(ch),
        ctrl: true,
    }
}

impl Key {
    fn matches(&self, event: &KeyEvent) -> bool {
        let ctrl = event.modifiers.contains(KeyModifiers::CONTROL);
        let alt = event.modifiers.contains(KeyModifiers::ALT);
        !alt && ctrl == self.ctrl && event.code == self.code
    }
}

impl fmt::Display for Key {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.ctrl {
            f.write_str("Ctrl-")?;
        }
        match self.code {
            KeyCode::Char(' ') => f.write_str("space"),
            KeyCode::Char(c) if self.ctrl => write!(f, "{}", c.to_ascii_uppercase()),
            KeyCode::Char(c) => write!(f, "{c}"),
            KeyCode::Up => f.write_str("↑"),
            KeyCode::Down => f.write_str("↓"),
            KeyCode::Left => f.write_str("←"),
            KeyCode::Right => f.write_str("→"),
            KeyCode::Enter => f.write_str("Enter"),
            KeyCode::Esc => f.write_str("Esc"),
            other => write!(f, "{other:?}"),
        }
    }
}

/// Where a binding is active.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    /// Everywhere (checked first).
    Global,
    Main,
    /// A lesson playing (`shopsim lesson NAME`).
    Lesson,
    Help,
    PresetPicker,
    Explain,
    /// The question before a restart that throws away a fork or edits.
    Confirm,
}

impl Scope {
    /// The scope of a mode's own keys.
    pub fn of(mode: Mode) -> Scope {
        match mode {
            Mode::Main => Scope::Main,
            Mode::Lesson => Scope::Lesson,
            Mode::Help => Scope::Help,
            Mode::PresetPicker => Scope::PresetPicker,
            Mode::Explain => Scope::Explain,
            Mode::Confirm => Scope::Confirm,
        }
    }

    fn applies_in(self, mode: Mode) -> bool {
        self == Scope::Global || self == Scope::of(mode)
    }

    pub fn title(self) -> &'static str {
        match self {
            Scope::Global => "anywhere",
            Scope::Main => "main screen",
            Scope::Lesson => "lesson",
            Scope::Help => "help",
            Scope::PresetPicker => "preset list",
            Scope::Explain => "why did it move?",
            Scope::Confirm => "r, s, S or a preset when edits would be lost",
        }
    }
}

/// One row of the key table.
#[derive(Debug, Clone, Copy)]
pub struct Binding {
    pub keys: &'static [Key],
    /// For [`Action::Choose`], the pressed number key picks the choice (see [`action_for`]).
    pub action: Action,
    /// Where the binding applies (a key shared by the main screen and lessons lists both).
    pub scopes: &'static [Scope],
    /// Shown in the help overlay.
    pub description: &'static str,
    /// Short label in the footer; `None` keeps the binding out of the footer.
    pub footer: Option<&'static str>,
}

const fn bind(
    keys: &'static [Key],
    action: Action,
    scopes: &'static [Scope],
    description: &'static str,
    footer: Option<&'static str>,
) -> Binding {
    Binding {
        keys,
        action,
        scopes,
        description,
        footer,
    }
}

impl Binding {
    pub fn applies_in(&self, mode: Mode) -> bool {
        self.scopes.iter().any(|scope| scope.applies_in(mode))
    }
}

const GLOBAL: &[Scope] = &[Scope::Global];
const MAIN: &[Scope] = &[Scope::Main];
const LESSON: &[Scope] = &[Scope::Lesson];
/// Keys that work the same on the main screen and in a lesson.
const MAIN_AND_LESSON: &[Scope] = &[Scope::Main, Scope::Lesson];
const HELP: &[Scope] = &[Scope::Help];
const PICKER: &[Scope] = &[Scope::PresetPicker];
const EXPLAIN: &[Scope] = &[Scope::Explain];
const CONFIRM: &[Scope] = &[Scope::Confirm];

/// The number keys that pick a prediction's choice, 1 for the first.
const NUMBER_KEYS: &[Key] = &[
    key('1'),
    key('2'),
    key('3'),
    key('4'),
    key('5'),
    key('6'),
    key('7'),
    key('8'),
    key('9'),
];

/// Every key of the TUI. The footer shows a mode's keys in this order.
#[rustfmt::skip]
pub const BINDINGS: &[Binding] = &[
    bind(&[ctrl('c')], Action::Quit, GLOBAL, "quit", None),
    bind(&[code(KeyCode::Enter)], Action::LessonContinue, LESSON, "answer the prediction / continue", Some("continue")),
    bind(&[code(KeyCode::Up), key('k')], Action::LessonUp, LESSON, "previous choice, or scroll up", None),
    bind(&[code(KeyCode::Down), key('j')], Action::LessonDown, LESSON, "next choice, or scroll down", Some("choose")),
    bind(NUMBER_KEYS, Action::Choose(0), LESSON, "choose that answer", None),
    bind(&[key('q')], Action::Quit, MAIN_AND_LESSON, "quit", Some("quit")),
    bind(&[key('?')], Action::ToggleHelp, MAIN_AND_LESSON, "show this help", Some("help")),
    bind(&[key(' ')], Action::TogglePause, MAIN_AND_LESSON, "pause / resume", Some("pause")),
    bind(&[key('n'), key('.')], Action::Step, MAIN, "step one day (pauses)", Some("step")),
    bind(&[key('+'), key('=')], Action::Faster, MAIN_AND_LESSON, "faster", None),
    bind(&[key('-')], Action::Slower, MAIN_AND_LESSON, "slower", Some("speed")),
    bind(&[code(KeyCode::Up), key('k')], Action::PreviousLever, MAIN, "select previous lever", None),
    bind(&[code(KeyCode::Down), key('j')], Action::NextLever, MAIN, "select next lever", Some("lever")),
    bind(&[code(KeyCode::Left), key('h')], Action::DecreaseLever, MAIN, "lower the lever (from next day)", None),
    bind(&[code(KeyCode::Right), key('l')], Action::IncreaseLever, MAIN, "raise the lever (from next day)", Some("change")),
    bind(&[key('t')], Action::ToggleSegmentTrust, MAIN_AND_LESSON, "trust by segment F, P, U on/off", Some("segments")),
    bind(&[key('z')], Action::ToggleZeroAxis, MAIN_AND_LESSON, "shoppers chart from zero / fitted", Some("zero axis")),
    bind(&[key('a')], Action::ToggleSmoothing, MAIN_AND_LESSON, "7-day averages of daily charts on/off", Some("average")),
    bind(&[key('b')], Action::Inject(EventKind::Breach), MAIN, "inject a breach tomorrow", Some("breach")),
    bind(&[key('i')], Action::Inject(EventKind::RegulatoryInquiry), MAIN, "inject a regulatory inquiry tomorrow", None),
    bind(&[key('p')], Action::Inject(EventKind::PolicyChange), MAIN, "inject a policy change tomorrow", None),
    bind(&[key('f')], Action::Fork, MAIN, "fork: compare A and B (edits go to B)", Some("fork")),
    bind(&[key('x'), key('X')], Action::EndComparison, MAIN, "end the comparison: x keeps A, X keeps B", None),
    bind(&[key('r')], Action::Restart, MAIN, "restart, same seed", None),
    bind(&[key('s')], Action::RandomSeed, MAIN, "restart with a random seed", None),
    bind(&[key('S')], Action::NextSeed, MAIN, "restart with seed + 1", None),
    bind(&[key('w')], Action::SaveScenario, MAIN, "save strategy + events as TOML", Some("save")),
    bind(&[key('w')], Action::SaveScenario, LESSON, "save the lesson's run as TOML", None),
    bind(&[key('e')], Action::ExportCsv, MAIN, "export the curves as CSV", None),
    bind(&[key('g')], Action::SaveCharts, MAIN_AND_LESSON, "save the charts as SVG files", Some("svg")),
    bind(&[key('o')], Action::OpenPresets, MAIN, "open the preset list", Some("presets")),
    bind(&[key('y'), key('Y')], Action::OpenExplain, MAIN, "why did it move? last 7 days (Y: branch B)", None),
    bind(&[key('?'), code(KeyCode::Esc), key('q')], Action::Close, HELP, "close the help", None),
    bind(&[code(KeyCode::Up), key('k')], Action::ScrollUp, HELP, "scroll up (when the help is cut)", None),
    bind(&[code(KeyCode::Down), key('j')], Action::ScrollDown, HELP, "scroll down", None),
    bind(&[code(KeyCode::Up), key('k')], Action::PickerUp, PICKER, "previous preset", None),
    bind(&[code(KeyCode::Down), key('j')], Action::PickerDown, PICKER, "next preset", None),
    bind(&[code(KeyCode::Enter)], Action::PickerChoose, PICKER, "restart on the preset", None),
    bind(&[code(KeyCode::Esc), key('q')], Action::Close, PICKER, "close the list", None),
    bind(&[key('y'), code(KeyCode::Esc), key('q')], Action::Close, EXPLAIN, "close the explanation", None),
    bind(&[code(KeyCode::Up), key('k')], Action::ScrollUp, EXPLAIN, "scroll up", None),
    bind(&[code(KeyCode::Down), key('j')], Action::ScrollDown, EXPLAIN, "scroll down (when it is cut)", None),
    bind(&[key('y'), code(KeyCode::Enter)], Action::Confirm, CONFIRM, "yes: restart and throw the edits away", None),
    bind(&[key('n'), code(KeyCode::Esc), key('q')], Action::Close, CONFIRM, "no: keep the run as it is", None),
];

/// The action a key asks for in `mode`, if any. A number key bound to
/// [`Action::Choose`] chooses its own number (1 is the first choice); the capital of a
/// comparison key acts on branch B (`X` keeps B, `Y` explains B).
pub fn action_for(mode: Mode, event: &KeyEvent) -> Option<Action> {
    let binding = BINDINGS
        .iter()
        .filter(|b| b.applies_in(mode))
        .find(|b| b.keys.iter().any(|k| k.matches(event)))?;
    match (binding.action, event.code) {
        (Action::Choose(_), KeyCode::Char(digit)) => {
            let number = digit.to_digit(10)? as usize;
            Some(Action::Choose(number.checked_sub(1)?))
        }
        (Action::EndComparison, KeyCode::Char('X')) => Some(Action::KeepB),
        (Action::OpenExplain, KeyCode::Char('Y')) => Some(Action::OpenExplainB),
        (action, _) => Some(action),
    }
}

/// The keys of a binding as shown to the user, e.g. `n/.`, or `1-9` for the number keys.
pub fn keys_text(binding: &Binding) -> String {
    if let [first, .., last] = binding.keys {
        if binding.keys == NUMBER_KEYS {
            return format!("{first}-{last}");
        }
    }
    binding
        .keys
        .iter()
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join("/")
}

#[cfg(test)]
mod tests {
    use super::*;

    const MODES: [Mode; 6] = [
        Mode::Main,
        Mode::Lesson,
        Mode::Help,
        Mode::PresetPicker,
        Mode::Explain,
        Mode::Confirm,
    ];

    fn press(code: KeyCode, modifiers: KeyModifiers) -> KeyEvent {
        KeyEvent::new(code, modifiers)
    }

    #[test]
    fn keys_dispatch_by_mode() {
        let space = press(KeyCode::Char(' '), KeyModifiers::NONE);
        assert_eq!(action_for(Mode::Main, &space), Some(Action::TogglePause));
        assert_eq!(action_for(Mode::Help, &space), None);
        let up = press(KeyCode::Up, KeyModifiers::NONE);
        assert_eq!(action_for(Mode::Main, &up), Some(Action::PreviousLever));
        assert_eq!(action_for(Mode::PresetPicker, &up), Some(Action::PickerUp));
        let ctrl_c = press(KeyCode::Char('c'), KeyModifiers::CONTROL);
        for mode in MODES {
            assert_eq!(action_for(mode, &ctrl_c), Some(Action::Quit));
        }
        let shift_s = press(KeyCode::Char('S'), KeyModifiers::SHIFT);
        assert_eq!(action_for(Mode::Main, &shift_s), Some(Action::NextSeed));
        let char_key = |c| press(KeyCode::Char(c), KeyModifiers::SHIFT);
        assert_eq!(
            action_for(Mode::Main, &char_key('x')),
            Some(Action::EndComparison)
        );
        assert_eq!(action_for(Mode::Main, &char_key('X')), Some(Action::KeepB));
        assert_eq!(
            action_for(Mode::Main, &char_key('y')),
            Some(Action::OpenExplain)
        );
        assert_eq!(
            action_for(Mode::Main, &char_key('Y')),
            Some(Action::OpenExplainB)
        );
    }

    #[test]
    fn lesson_keys_choose_answer_and_leave_the_levers_alone() {
        let press_char = |c| press(KeyCode::Char(c), KeyModifiers::NONE);
        assert_eq!(
            action_for(Mode::Lesson, &press_char('1')),
            Some(Action::Choose(0))
        );
        assert_eq!(
            action_for(Mode::Lesson, &press_char('4')),
            Some(Action::Choose(3))
        );
        assert_eq!(action_for(Mode::Lesson, &press_char('0')), None);
        assert_eq!(action_for(Mode::Main, &press_char('1')), None);
        let enter = press(KeyCode::Enter, KeyModifiers::NONE);
        assert_eq!(
            action_for(Mode::Lesson, &enter),
            Some(Action::LessonContinue)
        );
        let up = press(KeyCode::Up, KeyModifiers::NONE);
        assert_eq!(action_for(Mode::Lesson, &up), Some(Action::LessonUp));
        for lever_key in ['l', 'h', 'b', 'f', 'o', 'r'] {
            assert_eq!(action_for(Mode::Lesson, &press_char(lever_key)), None);
        }
        // `w` saves the lesson's run in a lesson, branch A or B on the main screen.
        for shared in [' ', 'q', '?', 'g', '+', 'w'] {
            assert_eq!(
                action_for(Mode::Lesson, &press_char(shared)),
                action_for(Mode::Main, &press_char(shared))
            );
        }
        let numbers = BINDINGS
            .iter()
            .find(|b| matches!(b.action, Action::Choose(_)))
            .expect("number keys are bound");
        assert_eq!(keys_text(numbers), "1-9");
    }

    #[test]
    fn no_key_is_bound_twice_in_one_mode() {
        for mode in MODES {
            let keys: Vec<Key> = BINDINGS
                .iter()
                .filter(|b| b.applies_in(mode))
                .flat_map(|b| b.keys.iter().copied())
                .collect();
            for (i, k) in keys.iter().enumerate() {
                assert!(!keys[i + 1..].contains(k), "{k} bound twice in {mode:?}");
            }
        }
    }
}
