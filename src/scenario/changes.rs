//! `[[changes]]`: strategy changes scheduled on a day ("switch to opt-in on day 180").
//!
//! Each entry has a `day` and any of the `[strategy]` keys; the levers it names take the
//! given values from that day on, the others keep theirs. Entries are listed in day order,
//! at most one per day. The lever keys are read, validated and written through the
//! strategy's specs ([`crate::model::strategy::LEVERS`], via `table.rs`), so a change
//! accepts exactly what `[strategy]` accepts, with the same messages.
//!
//! A change is partial on purpose: `--set strategy.personalization=0.8` (and a sweep of
//! it) still moves personalization after a day-180 change of the consent model alone.

use super::error::{ErrorKind, ScenarioError, Source};
use super::table::{self, spec_index, toml_value, RawTable};
use super::validate;
use crate::model::spec::{Table, Value};
use crate::model::strategy::{Lever, Strategy};
use serde::de::{self, DeserializeSeed, Deserializer, MapAccess, Visitor};
use serde::Deserialize;
use std::fmt::{self, Write};
use toml::Spanned;

/// One scheduled strategy change: from `day` on, some levers take new values.
///
/// Built by validation (from `[[changes]]`) or by [`ScheduledChange::between`], so every
/// value is one its lever accepts.
#[derive(Debug, Clone, PartialEq)]
pub struct ScheduledChange {
    /// The first day simulated with the new values (1 is the first simulated day).
    pub day: u32,
    /// The levers set, as (key, value), in the order of the levers' specs.
    settings: Vec<(&'static str, Value)>,
}

impl ScheduledChange {
    /// The change that turns `before` into `after` on `day`: the levers that differ.
    /// `None` when the two strategies are equal.
    pub fn between(day: u32, before: &Strategy, after: &Strategy) -> Option<ScheduledChange> {
        let settings: Vec<(&'static str, Value)> = Strategy::SPECS
            .iter()
            .filter(|lever| lever.get(before) != lever.get(after))
            .map(|lever| (lever.key, lever.get(after)))
            .collect();
        (!settings.is_empty()).then_some(ScheduledChange { day, settings })
    }

    /// The levers this change sets, with their new values.
    pub fn settings(&self) -> impl Iterator<Item = (&'static Lever, Value)> + '_ {
        self.settings
            .iter()
            .filter_map(|(key, value)| Some((Strategy::spec(key)?, *value)))
    }

    /// This change without lever `key` (a lever held fixed for the whole run elsewhere);
    /// `None` when it set nothing else.
    pub fn without(&self, key: &str) -> Option<ScheduledChange> {
        let settings: Vec<(&'static str, Value)> = self
            .settings
            .iter()
            .filter(|(lever, _)| *lever != key)
            .copied()
            .collect();
        (!settings.is_empty()).then_some(ScheduledChange {
            day: self.day,
            settings,
        })
    }

    /// `strategy` with this change's levers set.
    pub fn applied_to(&self, strategy: &Strategy) -> Strategy {
        let mut changed = *strategy;
        for (lever, value) in self.settings() {
            // Every stored value was accepted by its lever when the change was built.
            let _accepted = lever.set(&mut changed, value);
        }
        changed
    }
}

/// One `[[changes]]` entry as written: its day and the lever keys given.
#[derive(Debug, Default)]
pub(super) struct RawChange {
    day: Option<Spanned<i64>>,
    levers: RawTable<Strategy>,
}

/// The keys a `[[changes]]` entry accepts: `day` and every lever key.
pub(super) fn keys() -> Vec<&'static str> {
    let mut keys = vec!["day"];
    keys.extend(Strategy::keys());
    keys
}

/// What the value of `leaf` in a `[[changes]]` entry must look like.
pub(super) fn expected_value(leaf: &str) -> Option<String> {
    match leaf {
        "day" => Some("a whole day number >= 1".to_string()),
        lever => table::expected_value::<Strategy>(lever),
    }
}

impl<'de> Deserialize<'de> for RawChange {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_map(ChangeVisitor)
    }
}

struct ChangeVisitor;

impl<'de> Visitor<'de> for ChangeVisitor {
    type Value = RawChange;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a [[changes]] table")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<RawChange, A::Error> {
        let mut raw = RawChange::default();
        while let Some(key) = map.next_key_seed(ChangeKeySeed)? {
            match key {
                ChangeKey::Day => raw.day = Some(map.next_value()?),
                ChangeKey::Lever(index) => raw.levers.read_value(index, &mut map)?,
            }
        }
        Ok(raw)
    }
}

enum ChangeKey {
    Day,
    /// Position in the strategy's specs.
    Lever(usize),
}

/// Reads a key of a change; an unknown one is serde's "unknown field" error, raised here
/// so that it carries the key's span (see `table::KeySeed`).
struct ChangeKeySeed;

impl<'de> DeserializeSeed<'de> for ChangeKeySeed {
    type Value = ChangeKey;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<ChangeKey, D::Error> {
        deserializer.deserialize_identifier(self)
    }
}

impl Visitor<'_> for ChangeKeySeed {
    type Value = ChangeKey;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("day or a key of [strategy]")
    }

    fn visit_str<E: de::Error>(self, key: &str) -> Result<ChangeKey, E> {
        if key == "day" {
            return Ok(ChangeKey::Day);
        }
        spec_index::<Strategy>(key)
            .map(ChangeKey::Lever)
            .ok_or_else(|| E::unknown_field(key, &[]))
    }
}

/// The validated changes, in file order: each day within the run and after the previous
/// change's, each naming at least one lever with an allowed value.
pub(super) fn validate(
    source: &Source,
    raw: Vec<Spanned<RawChange>>,
    days: u32,
) -> Result<Vec<ScheduledChange>, ScenarioError> {
    let mut changes: Vec<ScheduledChange> = Vec::with_capacity(raw.len());
    for (index, entry) in raw.into_iter().enumerate() {
        let prefix = format!("changes[{index}]");
        let span = entry.span();
        let RawChange { day, levers } = entry.into_inner();
        let Some(day_value) = day else {
            return Err(source
                .error(
                    ErrorKind::MissingKey,
                    format!("{prefix}.day"),
                    Some(span),
                    format!("{prefix} has no `day`; every change needs the day it takes effect"),
                )
                .with_hint("e.g. day = 180 with consent = \"opt-in\" below it"));
        };
        let day = validate::day_in_run(source, &prefix, &day_value, days)?;
        if let Some(previous) = changes.last().filter(|previous| previous.day >= day) {
            return Err(source
                .error(
                    ErrorKind::ChangesOutOfOrder,
                    format!("{prefix}.day"),
                    Some(day_value.span()),
                    format!(
                        "{prefix}.day is {day}, not after the previous change's day {}; \
                         changes are listed in day order, one per day",
                        previous.day
                    ),
                )
                .with_hint(
                    "put the changes in day order and merge two changes of one day into one",
                ));
        }
        let given: Vec<&'static Lever> = levers.given().collect();
        if given.is_empty() {
            return Err(source
                .error(
                    ErrorKind::MissingKey,
                    prefix.clone(),
                    Some(span),
                    format!("{prefix} (day {day}) sets no lever"),
                )
                .with_hint(format!(
                    "add one or more [strategy] keys below its day: {}",
                    Strategy::keys().join(", ")
                )));
        }
        let values = table::validate_onto(source, levers, Strategy::default(), &prefix)?;
        let settings = given
            .into_iter()
            .map(|lever| (lever.key, lever.get(&values)))
            .collect();
        changes.push(ScheduledChange { day, settings });
    }
    Ok(changes)
}

/// Appends one `[[changes]]` entry per change to `text`.
pub(super) fn write(text: &mut String, changes: &[ScheduledChange]) {
    // Writing to a String cannot fail; the results are ignored for that reason.
    for change in changes {
        let _ = writeln!(text, "\n[[changes]]");
        let _ = writeln!(text, "day = {}", change.day);
        for (lever, value) in change.settings() {
            let _ = writeln!(text, "{} = {}", lever.key, toml_value(value));
        }
    }
}
