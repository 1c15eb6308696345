//! The one key table. Dispatch ([`action_for`]), the footer and the help overlay all
//! read [`BINDINGS`], so a key is added, changed or described in one place.

use super::app::{Action, Mode};
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use shopsim::sim::events::EventKind;
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
    Help,
    PresetPicker,
}

impl Scope {
    fn applies_in(self, mode: Mode) -> bool {
        match self {
            Scope::Global => true,
            Scope::Main => mode == Mode::Main,
            Scope::Help => mode == Mode::Help,
            Scope::PresetPicker => mode == Mode::PresetPicker,
        }
    }

    pub fn title(self) -> &'static str {
        match self {
            Scope::Global => "anywhere",
            Scope::Main => "main screen",
            Scope::Help => "help",
            Scope::PresetPicker => "preset list",
        }
    }
}

/// One row of the key table.
#[derive(Debug, Clone, Copy)]
pub struct Binding {
    pub keys: &'static [Key],
    pub action: Action,
    pub scope: Scope,
    /// Shown in the help overlay.
    pub description: &'static str,
    /// Short label in the footer; `None` keeps the binding out of the footer.
    pub footer: Option<&'static str>,
}

const fn bind(
    keys: &'static [Key],
    action: Action,
    scope: Scope,
    description: &'static str,
    footer: Option<&'static str>,
) -> Binding {
    Binding {
        keys,
        action,
        scope,
        description,
        footer,
    }
}

use Scope::{Global, Help, Main, PresetPicker};

/// Every key of the TUI.
#[rustfmt::skip]
pub const BINDINGS: &[Binding] = &[
    bind(&[ctrl('c')], Action::Quit, Global, "quit", None),
    bind(&[key('q')], Action::Quit, Main, "quit", Some("quit")),
    bind(&[key('?')], Action::ToggleHelp, Main, "show this help", Some("help")),
    bind(&[key(' ')], Action::TogglePause, Main, "pause / resume", Some("pause")),
    bind(&[key('n'), key('.')], Action::Step, Main, "step one day (pauses)", Some("step")),
    bind(&[key('+'), key('=')], Action::Faster, Main, "faster", None),
    bind(&[key('-')], Action::Slower, Main, "slower", Some("speed")),
    bind(&[code(KeyCode::Up), key('k')], Action::PreviousLever, Main, "select previous lever", None),
    bind(&[code(KeyCode::Down), key('j')], Action::NextLever, Main, "select next lever", Some("lever")),
    bind(&[code(KeyCode::Left), key('h')], Action::DecreaseLever, Main, "lower the lever (from next day)", None),
    bind(&[code(KeyCode::Right), key('l')], Action::IncreaseLever, Main, "raise the lever (from next day)", Some("change")),
    bind(&[key('t')], Action::ToggleSegmentTrust, Main, "per-segment trust lines (F, P, U) on/off", Some("segments")),
    bind(&[key('b')], Action::Inject(EventKind::Breach), Main, "inject a breach tomorrow", Some("breach")),
    bind(&[key('i')], Action::Inject(EventKind::RegulatoryInquiry), Main, "inject a regulatory inquiry tomorrow", None),
    bind(&[key('p')], Action::Inject(EventKind::PolicyChange), Main, "inject a policy change tomorrow", None),
    bind(&[key('f')], Action::Fork, Main, "fork: compare A and B (edits go to B)", Some("fork")),
    bind(&[key('x')], Action::EndComparison, Main, "end the comparison, keep A", None),
    bind(&[key('r')], Action::Restart, Main, "restart, same seed", None),
    bind(&[key('s')], Action::RandomSeed, Main, "restart with a random seed", None),
    bind(&[key('S')], Action::NextSeed, Main, "restart with seed + 1", None),
    bind(&[key('w')], Action::SaveScenario, Main, "save strategy + events as TOML", Some("save")),
    bind(&[key('e')], Action::ExportCsv, Main, "export the curves as CSV", None),
    bind(&[key('o')], Action::OpenPresets, Main, "open the preset list", Some("presets")),
    bind(&[key('?'), code(KeyCode::Esc), key('q')], Action::Close, Help, "close the help", None),
    bind(&[code(KeyCode::Up), key('k')], Action::PickerUp, PresetPicker, "previous preset", None),
    bind(&[code(KeyCode::Down), key('j')], Action::PickerDown, PresetPicker, "next preset", None),
    bind(&[code(KeyCode::Enter)], Action::PickerChoose, PresetPicker, "restart on the preset", None),
    bind(&[code(KeyCode::Esc), key('q')], Action::Close, PresetPicker, "close the list", None),
];

/// The action a key asks for in `mode`, if any.
pub fn action_for(mode: Mode, event: &KeyEvent) -> Option<Action> {
    BINDINGS
        .iter()
        .filter(|b| b.scope.applies_in(mode))
        .find(|b| b.keys.iter().any(|k| k.matches(event)))
        .map(|b| b.action)
}

/// The keys of a binding as shown to the user, e.g. `n/.`.
pub fn keys_text(binding: &Binding) -> String {
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
        for mode in [Mode::Main, Mode::Help, Mode::PresetPicker] {
            assert_eq!(action_for(mode, &ctrl_c), Some(Action::Quit));
        }
        let shift_s = press(KeyCode::Char('S'), KeyModifiers::SHIFT);
        assert_eq!(action_for(Mode::Main, &shift_s), Some(Action::NextSeed));
    }

    #[test]
    fn no_key_is_bound_twice_in_one_mode() {
        for mode in [Mode::Main, Mode::Help, Mode::PresetPicker] {
            let keys: Vec<Key> = BINDINGS
                .iter()
                .filter(|b| b.scope.applies_in(mode))
                .flat_map(|b| b.keys.iter().copied())
                .collect();
            for (i, k) in keys.iter().enumerate() {
                assert!(!keys[i + 1..].contains(k), "{k} bound twice in {mode:?}");
            }
        }
    }
}
