//! The help overlay at both sizes (its 120x40 snapshot is in the parent module).

use super::*;

#[test]
fn help_overlay_at_80x24_scrolls_to_every_binding() {
    let mut app = app_at_day_40();
    update(&mut app, Action::ToggleHelp);
    let first = text(&render(&app, 80, 24));
    assert!(first.contains("more (↑↓ scroll"), "{first}");
    let mut seen = first.clone();
    let mut last = first;
    for _ in 0..60 {
        update(&mut app, Action::ScrollDown);
        last = text(&render(&app, 80, 24));
        seen.push_str(&last);
    }
    assert!(last.contains("Keys: the end"), "{last}");
    for binding in crate::tui::keymap::BINDINGS
        .iter()
        .filter(|b| !b.scopes.contains(&Scope::Lesson) || b.scopes.contains(&Scope::Main))
    {
        assert!(
            seen.contains(binding.description),
            "help at 80x24 never shows {:?}",
            binding.description
        );
    }
    for line in crate::tui::ui::help::SEGMENTS {
        assert!(
            last.contains(line),
            "the end shows the segment letters: {last}"
        );
    }
    // Up goes back; reopening starts at the top.
    update(&mut app, Action::ScrollUp);
    assert!(text(&render(&app, 80, 24)).contains("1 more"));
    update(&mut app, Action::Close);
    update(&mut app, Action::ToggleHelp);
    assert!(text(&render(&app, 80, 24))
        .contains(&format!("Keys: ↓ {} more", app.overlay_scroll_max.get())));
}

#[test]
fn help_overlay_in_a_lesson_lists_the_lesson_keys() {
    let mut app = lesson_app();
    update(&mut app, Action::ToggleHelp);
    let screen = text(&render(&app, 120, 40));
    for binding in crate::tui::keymap::BINDINGS.iter().filter(|b| {
        b.scopes
            .iter()
            .any(|s| [Scope::Lesson, Scope::Global].contains(s))
    }) {
        assert!(
            screen.contains(binding.description),
            "help lacks {:?}",
            binding.description
        );
    }
    assert!(screen.contains("1-9"));
    assert!(
        !screen.contains("inject a breach"),
        "no run edits in a lesson"
    );
}
