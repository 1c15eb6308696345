//! Presets: the scenario files in `scenarios/`, embedded in the library.

/// A scenario shipped with shopsim: its short name (the file stem) and its TOML text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Preset {
    pub name: &'static str,
    pub toml: &'static str,
}

/// The name of the preset used when none is chosen.
pub const DEFAULT_PRESET: &str = "balanced";

macro_rules! preset {
    ($name:literal) => {
        Preset {
            name: $name,
            toml: include_str!(concat!("../../scenarios/", $name, ".toml")),
        }
    };
}

static PRESETS: [Preset; 8] = [
    preset!("balanced"),
    preset!("amazon-like"),
    preset!("apple-like"),
    preset!("netflix-like"),
    preset!("creepy-overreach"),
    preset!("generic-blast"),
    preset!("breach-shock"),
    preset!("opt-in-regime"),
];

/// Every preset, the default ([`DEFAULT_PRESET`]) first.
pub fn presets() -> &'static [Preset] {
    &PRESETS
}

/// The preset called `name`, if there is one.
pub fn preset(name: &str) -> Option<&'static Preset> {
    PRESETS.iter().find(|preset| preset.name == name)
}

/// The names of all presets, for listings and error messages.
pub fn preset_names() -> impl Iterator<Item = &'static str> {
    PRESETS.iter().map(|preset| preset.name)
}
