//! Flat tables described by specs ([`Table`]): read, validated and written key by key.
//!
//! This is the one place that turns a spec into file behaviour, so a table of specs needs
//! no hand-written raw struct, validation, writer or key list:
//! * [`RawTable`] reads the table as written, each value with its span, in the raw type
//!   its kind asks for (so serde reports wrong types and unknown keys, located, exactly
//!   as for the hand-written tables);
//! * [`validate`] checks every given value against its spec, in spec order, and starts
//!   from the struct's `Default` for the keys left out;
//! * [`write`] writes every key so that reading the text back gives the same struct;
//! * [`expected_value`] says what a key's value must look like, for wrong-type messages;
//! * [`SPEC_TABLES`] lists the scenario's tables that are described by specs, so that key
//!   lists and messages find them by name.

use super::error::{ErrorKind, ScenarioError, Source};
use super::validate::{choice_name, unit, whole};
use super::SimulationSettings;
use crate::model::economics::Economics;
use crate::model::params::ModelParams;
use crate::model::spec::{number_allowed, number_bounds, Kind, Spec, Table, Value};
use crate::model::strategy::Strategy;
use serde::de::{self, DeserializeSeed, Deserializer, MapAccess, Visitor};
use serde::Deserialize;
use std::fmt::{self, Write};
use std::marker::PhantomData;
use std::ops::RangeInclusive;
use toml::Spanned;

/// A value as found in the file, in the type its spec's kind reads.
#[derive(Debug)]
pub(super) enum RawValue {
    /// Fractions and numbers (integers are accepted: `security = 1`).
    Float(Spanned<f64>),
    Switch(Spanned<bool>),
    Text(Spanned<String>),
    Integer(Spanned<i64>),
}

/// A spec table as written: for each spec (by position in `T::SPECS`), its value if given.
pub(super) struct RawTable<T> {
    values: Vec<Option<RawValue>>,
    table: PhantomData<T>,
}

impl<T: Table> Default for RawTable<T> {
    fn default() -> Self {
        RawTable {
            values: T::SPECS.iter().map(|_| None).collect(),
            table: PhantomData,
        }
    }
}

impl<T: Table> fmt::Debug for RawTable<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("RawTable")
            .field("table", &T::NAME)
            .field("values", &self.values)
            .finish()
    }
}

impl<'de, T: Table> Deserialize<'de> for RawTable<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_map(TableVisitor(PhantomData))
    }
}

struct TableVisitor<T>(PhantomData<T>);

impl<'de, T: Table> Visitor<'de> for TableVisitor<T> {
    type Value = RawTable<T>;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        write!(f, "the [{}] table", T::NAME)
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<RawTable<T>, A::Error> {
        let mut raw = RawTable::<T>::default();
        while let Some(index) = map.next_key_seed(KeySeed::<T>(PhantomData))? {
            raw.read_value(index, &mut map)?;
        }
        Ok(raw)
    }
}

impl<T: Table> RawTable<T> {
    /// Reads the value of spec number `index` from `map`, in the raw type its kind asks
    /// for; for tables that hold spec keys beside keys of their own (`[[changes]]`).
    pub(super) fn read_value<'de, A: MapAccess<'de>>(
        &mut self,
        index: usize,
        map: &mut A,
    ) -> Result<(), A::Error> {
        let value = match T::SPECS.get(index).map(|spec| &spec.kind) {
            Some(Kind::Fraction { .. } | Kind::Number { .. }) => RawValue::Float(map.next_value()?),
            Some(Kind::Switch { .. }) => RawValue::Switch(map.next_value()?),
            Some(Kind::Choice { .. }) => RawValue::Text(map.next_value()?),
            Some(Kind::Whole { .. }) | None => RawValue::Integer(map.next_value()?),
        };
        if let Some(slot) = self.values.get_mut(index) {
            *slot = Some(value);
        }
        Ok(())
    }

    /// The specs of the keys given, in spec order.
    pub(super) fn given(&self) -> impl Iterator<Item = &'static Spec<T>> + '_ {
        T::SPECS
            .iter()
            .zip(&self.values)
            .filter(|(_, value)| value.is_some())
            .map(|(spec, _)| spec)
    }
}

/// The position in `T::SPECS` of `key`; `None` for a key the table does not have.
pub(super) fn spec_index<T: Table>(key: &str) -> Option<usize> {
    T::SPECS.iter().position(|spec| spec.key == key)
}

/// Reads a key and finds its spec. An unknown key is serde's "unknown field" error, raised
/// while the key is read so that it carries the key's span (the message is rephrased, with
/// the allowed keys, by `toml_error_in`).
struct KeySeed<T>(PhantomData<T>);

impl<'de, T: Table> DeserializeSeed<'de> for KeySeed<T> {
    type Value = usize;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<usize, D::Error> {
        deserializer.deserialize_identifier(self)
    }
}

impl<T: Table> Visitor<'_> for KeySeed<T> {
    type Value = usize;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        write!(f, "a key of [{}]", T::NAME)
    }

    fn visit_str<E: de::Error>(self, key: &str) -> Result<usize, E> {
        spec_index::<T>(key).ok_or_else(|| E::unknown_field(key, &[]))
    }
}

/// The validated table: `T::default()` with every given value checked and set, in the
/// order of `T::SPECS`; the first bad value is the error.
pub(super) fn validate<T: Table>(source: &Source, raw: RawTable<T>) -> Result<T, ScenarioError> {
    validate_onto(source, raw, T::default(), T::NAME)
}

/// [`validate`] starting from `table` rather than `T::default()`; errors name keys as
/// `{prefix}.{key}` (e.g. `changes[0].consent`).
pub(super) fn validate_onto<T: Table>(
    source: &Source,
    raw: RawTable<T>,
    mut table: T,
    prefix: &str,
) -> Result<T, ScenarioError> {
    for (spec, value) in T::SPECS.iter().zip(raw.values) {
        if let Some(value) = value {
            check(source, spec, &value, &mut table, prefix)?;
        }
    }
    Ok(table)
}

/// Checks one value against its spec and sets it.
fn check<T: Table>(
    source: &Source,
    spec: &Spec<T>,
    value: &RawValue,
    table: &mut T,
    prefix: &str,
) -> Result<(), ScenarioError> {
    let key = format!("{prefix}.{}", spec.key);
    match (&spec.kind, value) {
        (Kind::Fraction { set, .. }, RawValue::Float(x)) => set(table, unit(source, &key, x)?),
        (Kind::Switch { set, .. }, RawValue::Switch(on)) => set(table, *on.get_ref()),
        (Kind::Choice { names, set, .. }, RawValue::Text(name)) => {
            let name = choice_name(source, &key, name, &names())?;
            set(table, name);
        }
        (Kind::Whole { range, set, .. }, RawValue::Integer(n)) => {
            set(table, whole(source, &key, n, range.clone())?)
        }
        (
            Kind::Number {
                range,
                min_exclusive,
                set,
                ..
            },
            RawValue::Float(x),
        ) => set(table, number(source, spec, &key, x, range, *min_exclusive)?),
        // RawTable reads each value in its spec's type, so this is never reached.
        (_, other) => {
            let span = match other {
                RawValue::Float(v) => v.span(),
                RawValue::Switch(v) => v.span(),
                RawValue::Text(v) => v.span(),
                RawValue::Integer(v) => v.span(),
            };
            return Err(source.error(
                ErrorKind::WrongType,
                key.clone(),
                Some(span),
                format!("{key} must be {}", spec.expected()),
            ));
        }
    }
    Ok(())
}

/// A number that [`number_allowed`] accepts. The hint is the key's description, which
/// says what the key measures (and why a bound is exclusive).
fn number<T>(
    source: &Source,
    spec: &Spec<T>,
    key: &str,
    value: &Spanned<f64>,
    range: &RangeInclusive<f64>,
    min_exclusive: bool,
) -> Result<f64, ScenarioError> {
    let number = *value.get_ref();
    if number_allowed(range, min_exclusive, number) {
        return Ok(number);
    }
    Err(source
        .error(
            ErrorKind::OutOfRange,
            key,
            Some(value.span()),
            format!(
                "{key} must be {}, got {number}",
                number_bounds(range, min_exclusive)
            ),
        )
        .with_hint(spec.description))
}

/// Appends `[name]` and every key of `table` to `text`, one `key = value` line each.
pub(super) fn write<T: Table>(text: &mut String, table: &T) {
    // Writing to a String cannot fail; the results are ignored for that reason.
    let _ = writeln!(text, "\n[{}]", T::NAME);
    for spec in T::SPECS.iter().filter(|spec| !table.is_unset(spec.key)) {
        let _ = writeln!(text, "{} = {}", spec.key, toml_value(spec.get(table)));
    }
}

/// A value as TOML text that reads back to the same value. Floats use Rust's `Debug`, the
/// shortest round-trip form, which always has a `.` or an exponent (`1.0`, `0.3`, `1e-7`)
/// and so reads as a float.
pub(super) fn toml_value(value: Value) -> String {
    match value {
        Value::Fraction(x) => format!("{:?}", x.get()),
        Value::Number(x) => format!("{x:?}"),
        Value::Switch(on) => on.to_string(),
        Value::Choice(name) => toml::Value::String(name.to_string()).to_string(),
        Value::Whole(n) => n.to_string(),
    }
}

/// What the value of `leaf` in table `T` must look like; `None` for an unknown key.
pub(super) fn expected_value<T: Table>(leaf: &str) -> Option<String> {
    T::spec(leaf).map(Spec::expected)
}

/// A spec table seen by its name, for code that finds tables by a key path.
pub(super) struct SpecTable {
    pub name: &'static str,
    /// The table's keys, in order.
    pub keys: fn() -> Vec<&'static str>,
    /// What a key's value must look like; `None` for a key the table does not have.
    pub expected_value: fn(&str) -> Option<String>,
}

const fn spec_table<T: Table>() -> SpecTable {
    SpecTable {
        name: T::NAME,
        keys: T::keys,
        expected_value: expected_value::<T>,
    }
}

/// Every table of a scenario described by specs. A new one is listed here and gets a field
/// in `RawScenario` and `Scenario` (read with [`validate`], written with [`write`]).
pub(super) const SPEC_TABLES: &[SpecTable] = &[
    spec_table::<SimulationSettings>(),
    spec_table::<Strategy>(),
    spec_table::<Economics>(),
    spec_table::<ModelParams>(),
];

/// The spec table called `name`, if there is one.
pub(super) fn spec_table_named(name: &str) -> Option<&'static SpecTable> {
    SPEC_TABLES.iter().find(|table| table.name == name)
}

#[cfg(test)]
mod tests {
    //! The machinery on a small table of money amounts: nothing here is specific to the
    //! strategy or the economics.

    use super::*;
    use crate::scenario::validate::toml_error_in;

    #[derive(Debug, Clone, PartialEq)]
    struct Costs {
        gross_margin: crate::units::UnitInterval,
        storage_dollars_per_record: f64,
    }

    impl Default for Costs {
        fn default() -> Self {
            Costs {
                gross_margin: crate::units::UnitInterval::clamped(0.3),
                storage_dollars_per_record: 0.25,
            }
        }
    }

    impl Table for Costs {
        const NAME: &'static str = "costs";
        const SPECS: &'static [Spec<Self>] = &[
            Spec {
                key: "gross_margin",
                label: "gross margin",
                description: "Share of revenue left after the cost of goods.",
                kind: Kind::Fraction {
                    get: |c| c.gross_margin,
                    set: |c, x| c.gross_margin = x,
                },
            },
            Spec {
                key: "storage_dollars_per_record",
                label: "storage",
                description: "Yearly cost of holding one record.",
                kind: Kind::Number {
                    range: 0.0..=1000.0,
                    min_exclusive: false,
                    unit: "dollars",
                    step: 0.05,
                    get: |c| c.storage_dollars_per_record,
                    set: |c, x| c.storage_dollars_per_record = x,
                },
            },
        ];
    }

    #[derive(Deserialize)]
    #[serde(deny_unknown_fields)]
    struct File {
        costs: Option<RawTable<Costs>>,
    }

    fn read(text: &str) -> Result<Costs, ScenarioError> {
        let source = Source {
            text,
            origin: "costs.toml",
        };
        let file: File = toml::from_str(text).map_err(|error| {
            toml_error_in(
                &source,
                &error,
                |_| ("in [costs]", Costs::keys()),
                |key: &str| expected_value::<Costs>(key.rsplit('.').next().unwrap_or(key)),
            )
        })?;
        validate(&source, file.costs.unwrap_or_default())
    }

    #[test]
    fn numbers_read_validate_and_write_back() {
        assert_eq!(read(""), Ok(Costs::default()));
        let costs = read("[costs]\nstorage_dollars_per_record = 2\n");
        assert_eq!(
            costs.as_ref().map(|c| c.storage_dollars_per_record),
            Ok(2.0)
        );
        let costs = Costs {
            gross_margin: crate::units::UnitInterval::ONE,
            storage_dollars_per_record: 0.1 + 0.2,
        };
        let mut text = String::new();
        write(&mut text, &costs);
        assert_eq!(read(&text), Ok(costs), "{text}");
    }

    #[test]
    fn number_errors_are_located_and_say_what_is_allowed() {
        let error = read("[costs]\nstorage_dollars_per_record = 1e9\n").err();
        assert_eq!(
            error.map(|e| e.to_string()).as_deref(),
            Some(
                "costs.toml:2:30: costs.storage_dollars_per_record must be within 0..=1000, \
                 got 1000000000\n  hint: Yearly cost of holding one record."
            )
        );
        let error = read("[costs]\nstorage_dollars_per_record = \"cheap\"\n").err();
        assert_eq!(
            error.map(|e| e.message).as_deref(),
            Some(
                "costs.storage_dollars_per_record must be a number of dollars within \
                 0..=1000, found string \"cheap\""
            )
        );
        let error = read("[costs]\nstorage_dollars_per_recrod = 1\n").err();
        assert_eq!(
            error.as_ref().map(|e| (e.kind, e.hint.as_deref())),
            Some((
                ErrorKind::UnknownKey,
                Some("did you mean `storage_dollars_per_record`?")
            )),
            "{error:?}"
        );
    }
}
