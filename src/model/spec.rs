//! Specs of flat settings tables: one [`Spec`] per key says what the key is called, what
//! it means, what values it takes and how to read and write it on its struct.
//!
//! A struct whose fields are a scenario table of plain values (numbers, switches, choices)
//! implements [`Table`] by listing its specs once. From that list the scenario layer
//! generates reading, validation, wrong-type messages, the list of allowed keys, the
//! writer and `--set`; the terminal UI generates its lever list from the strategy's specs.
//! The table's defaults are its struct's [`Default`], so they too are written once.
//!
//! Used by [`crate::model::strategy::LEVERS`] (`[strategy]`) and by the scenario's
//! `[simulation]` table; a new flat table (costs, model parameters) is one more list.

use crate::units::UnitInterval;
use std::ops::RangeInclusive;

/// A struct read from and written to one flat scenario table, key by key.
pub trait Table: Default + Sized + 'static {
    /// The table's name in a scenario file, e.g. `strategy` for `[strategy]`.
    const NAME: &'static str;
    /// One spec per field, in the order the file format documents and writes them.
    const SPECS: &'static [Spec<Self>];

    /// The spec of `key`, if the table has one.
    fn spec(key: &str) -> Option<&'static Spec<Self>> {
        Self::SPECS.iter().find(|spec| spec.key == key)
    }

    /// The table's keys, in order.
    fn keys() -> Vec<&'static str> {
        Self::SPECS.iter().map(|spec| spec.key).collect()
    }

    /// Whether `key` is unset in this table: a key whose absence means something of its
    /// own (`simulation.customers`: as many as the shoppers) is left out by the writer
    /// while unset, so that reading the text back leaves it unset. No key by default.
    fn is_unset(&self, _key: &str) -> bool {
        false
    }
}

/// One key of a [`Table`].
pub struct Spec<T: 'static> {
    /// The key as written in a scenario file and after `--set table.`.
    pub key: &'static str,
    /// A short name for screens, e.g. "data collection".
    pub label: &'static str,
    /// One sentence on what the value means.
    pub description: &'static str,
    /// What values the key takes, and how to read and write it on `T`.
    pub kind: Kind<T>,
}

/// What a key holds, with the accessors that read and write it on its struct. Each
/// variant carries accessors of its own value type, so a spec cannot read one type and
/// write another.
pub enum Kind<T: 'static> {
    /// A number within 0..1 (a lever setting, a share, a probability).
    Fraction {
        get: fn(&T) -> UnitInterval,
        set: fn(&mut T, UnitInterval),
    },
    /// `true` or `false`.
    Switch {
        get: fn(&T) -> bool,
        set: fn(&mut T, bool),
    },
    /// One of the names of a [`Choice`] enum; see [`choice_names`] and [`set_choice`].
    Choice {
        /// Every allowed name, in the enum's order.
        names: fn() -> Vec<&'static str>,
        get: fn(&T) -> &'static str,
        /// Sets the choice called `name`; `false` (and nothing changes) for an unknown name.
        set: fn(&mut T, &str) -> bool,
    },
    /// A whole number within `range`.
    Whole {
        range: RangeInclusive<i64>,
        /// What is counted, in the plural ("days"), or "" for a plain number.
        unit: &'static str,
        /// Values a screen steps between, ascending (empty: step by 1).
        stops: &'static [i64],
        get: fn(&T) -> i64,
        /// Called only with values within `range`.
        set: fn(&mut T, i64),
    },
    /// A finite number within `range` (money, rates); above the start of `range` rather
    /// than at or above it when `min_exclusive` (a duration to divide by, a share that
    /// must not vanish).
    Number {
        range: RangeInclusive<f64>,
        min_exclusive: bool,
        /// What the number measures ("dollars per customer per year"), or "".
        unit: &'static str,
        /// How far one step on a screen moves it.
        step: f64,
        get: fn(&T) -> f64,
        /// Called only with values that [`number_allowed`] accepts.
        set: fn(&mut T, f64),
    },
}

/// Whether `x` is allowed by a [`Kind::Number`] of this `range` and `min_exclusive`: the
/// one rule that both [`Spec::set`] and the scenario's validation apply.
pub fn number_allowed(range: &RangeInclusive<f64>, min_exclusive: bool, x: f64) -> bool {
    x.is_finite() && range.contains(&x) && !(min_exclusive && x == *range.start())
}

/// A value of any [`Kind`], as read from or written to a struct.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Value {
    Fraction(UnitInterval),
    Switch(bool),
    Choice(&'static str),
    Whole(i64),
    Number(f64),
}

impl<T: 'static> Spec<T> {
    /// The value of this key in `table`.
    pub fn get(&self, table: &T) -> Value {
        match &self.kind {
            Kind::Fraction { get, .. } => Value::Fraction(get(table)),
            Kind::Switch { get, .. } => Value::Switch(get(table)),
            Kind::Choice { get, .. } => Value::Choice(get(table)),
            Kind::Whole { get, .. } => Value::Whole(get(table)),
            Kind::Number { get, .. } => Value::Number(get(table)),
        }
    }

    /// Sets this key in `table` to `value` when `value` is of the key's kind and allowed
    /// (within range, a known name); otherwise leaves `table` unchanged and returns `false`.
    #[must_use]
    pub fn set(&self, table: &mut T, value: Value) -> bool {
        match (&self.kind, value) {
            (Kind::Fraction { set, .. }, Value::Fraction(x)) => set(table, x),
            (Kind::Switch { set, .. }, Value::Switch(on)) => set(table, on),
            (Kind::Choice { set, .. }, Value::Choice(name)) => return set(table, name),
            (Kind::Whole { range, set, .. }, Value::Whole(n)) if range.contains(&n) => {
                set(table, n)
            }
            (
                Kind::Number {
                    range,
                    min_exclusive,
                    set,
                    ..
                },
                Value::Number(x),
            ) if number_allowed(range, *min_exclusive, x) => set(table, x),
            _ => return false,
        }
        true
    }

    /// What a value of this key must look like, for messages: "a number within 0..1",
    /// "one of the strings \"opt-in\", \"opt-out\"", "a whole number of days within 0..=36500".
    pub fn expected(&self) -> String {
        match &self.kind {
            Kind::Fraction { .. } => "a number within 0..1".to_string(),
            Kind::Switch { .. } => "true or false".to_string(),
            Kind::Choice { names, .. } => {
                let quoted: Vec<String> =
                    names().iter().map(|name| format!("\"{name}\"")).collect();
                format!("one of the strings {}", quoted.join(", "))
            }
            Kind::Whole { range, unit, .. } => {
                let what = if unit.is_empty() {
                    "a whole number".to_string()
                } else {
                    format!("a whole number of {unit}")
                };
                if *range.end() == i64::MAX {
                    format!("{what} >= {}", range.start())
                } else {
                    format!("{what} within {}..={}", range.start(), range.end())
                }
            }
            Kind::Number {
                range,
                min_exclusive,
                unit,
                ..
            } => {
                let what = if unit.is_empty() {
                    "a number".to_string()
                } else {
                    format!("a number of {unit}")
                };
                format!("{what} {}", number_bounds(range, *min_exclusive))
            }
        }
    }
}

/// The bounds of a [`Kind::Number`] in words: ">= 0", "> 0", "within 0..=1",
/// "within 0..=1, above 0".
pub fn number_bounds(range: &RangeInclusive<f64>, min_exclusive: bool) -> String {
    let (start, end) = (range.start(), range.end());
    match (*end == f64::INFINITY, min_exclusive) {
        (true, false) => format!(">= {start}"),
        (true, true) => format!("> {start}"),
        (false, false) => format!("within {start}..={end}"),
        (false, true) => format!("within {start}..={end}, above {start}"),
    }
}

impl<T: Table> Spec<T> {
    /// The value this key takes when a scenario leaves it out: its value in `T::default()`.
    pub fn default_value(&self) -> Value {
        self.get(&T::default())
    }
}

/// An enum whose variants are chosen by name in a scenario file.
pub trait Choice: Copy + PartialEq + 'static {
    /// Every variant, in the order screens cycle through them.
    const CHOICES: &'static [Self];
    /// The spelling used in scenario files.
    fn choice_name(self) -> &'static str;
}

/// Every name of `C`, in order: the `names` of a [`Kind::Choice`].
pub fn choice_names<C: Choice>() -> Vec<&'static str> {
    C::CHOICES
        .iter()
        .map(|choice| choice.choice_name())
        .collect()
}

/// Sets `slot` to the variant called `name`: the body of a [`Kind::Choice`]'s `set`.
pub fn set_choice<C: Choice>(slot: &mut C, name: &str) -> bool {
    match C::CHOICES
        .iter()
        .find(|choice| choice.choice_name() == name)
    {
        Some(choice) => {
            *slot = *choice;
            true
        }
        None => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A table with one key of every kind, standing in for future tables (costs, model
    /// parameters): the machinery must not depend on the strategy's particular keys.
    #[derive(Debug, Clone, Copy, PartialEq)]
    struct Example {
        share: UnitInterval,
        on: bool,
        side: Side,
        count: u32,
        cost: f64,
    }

    #[derive(Debug, Clone, Copy, PartialEq)]
    enum Side {
        Left,
        Right,
    }

    impl Choice for Side {
        const CHOICES: &'static [Self] = &[Side::Left, Side::Right];
        fn choice_name(self) -> &'static str {
            match self {
                Side::Left => "left",
                Side::Right => "right",
            }
        }
    }

    impl Default for Example {
        fn default() -> Self {
            Example {
                share: UnitInterval::clamped(0.25),
                on: true,
                side: Side::Left,
                count: 7,
                cost: 2.5,
            }
        }
    }

    impl Table for Example {
        const NAME: &'static str = "example";
        const SPECS: &'static [Spec<Self>] = &[
            Spec {
                key: "share",
                label: "share",
                description: "A share.",
                kind: Kind::Fraction {
                    get: |e| e.share,
                    set: |e, x| e.share = x,
                },
            },
            Spec {
                key: "on",
                label: "on",
                description: "A switch.",
                kind: Kind::Switch {
                    get: |e| e.on,
                    set: |e, on| e.on = on,
                },
            },
            Spec {
                key: "side",
                label: "side",
                description: "A choice.",
                kind: Kind::Choice {
                    names: choice_names::<Side>,
                    get: |e| e.side.choice_name(),
                    set: |e, name| set_choice(&mut e.side, name),
                },
            },
            Spec {
                key: "count",
                label: "count",
                description: "A whole number.",
                kind: Kind::Whole {
                    range: 1..=10,
                    unit: "items",
                    stops: &[],
                    get: |e| i64::from(e.count),
                    set: |e, n| e.count = n as u32,
                },
            },
            Spec {
                key: "cost",
                label: "cost",
                description: "An amount.",
                kind: Kind::Number {
                    range: 0.0..=f64::INFINITY,
                    min_exclusive: false,
                    unit: "dollars",
                    step: 0.5,
                    get: |e| e.cost,
                    set: |e, x| e.cost = x,
                },
            },
        ];
    }

    #[test]
    fn set_accepts_values_of_the_right_kind_within_range_only() {
        let mut example = Example::default();
        let [share, on, side, count, cost] = Example::SPECS else {
            panic!("five specs")
        };
        assert!(share.set(&mut example, Value::Fraction(UnitInterval::ONE)));
        assert!(on.set(&mut example, Value::Switch(false)));
        assert!(side.set(&mut example, Value::Choice("right")));
        assert!(count.set(&mut example, Value::Whole(10)));
        assert!(cost.set(&mut example, Value::Number(1e9)));
        let changed = example;
        assert_eq!(changed.share, UnitInterval::ONE);
        assert!(!changed.on);
        assert_eq!(changed.side, Side::Right);
        assert_eq!(changed.count, 10);
        assert_eq!(changed.cost, 1e9);

        assert!(!share.set(&mut example, Value::Switch(true)));
        assert!(!side.set(&mut example, Value::Choice("up")));
        assert!(!count.set(&mut example, Value::Whole(11)));
        assert!(!count.set(&mut example, Value::Whole(0)));
        assert!(!cost.set(&mut example, Value::Number(-1.0)));
        assert!(!cost.set(&mut example, Value::Number(f64::NAN)));
        assert_eq!(example, changed, "a refused value changes nothing");
    }

    #[test]
    fn get_reads_what_set_wrote_and_defaults_come_from_default() {
        let mut example = Example::default();
        for spec in Example::SPECS {
            assert_eq!(spec.get(&Example::default()), spec.default_value());
            let value = spec.get(&example);
            assert!(spec.set(&mut example, value), "{}", spec.key);
        }
        assert_eq!(example, Example::default());
        assert_eq!(Example::keys(), ["share", "on", "side", "count", "cost"]);
        assert!(Example::spec("side").is_some());
        assert!(Example::spec("sides").is_none());
    }

    #[test]
    fn an_exclusive_minimum_refuses_the_start_of_the_range_only() {
        let open = 0.0..=1.0;
        assert!(number_allowed(&open, false, 0.0));
        assert!(!number_allowed(&open, true, 0.0));
        assert!(number_allowed(&open, true, 1e-9));
        assert!(number_allowed(&open, true, 1.0));
        assert!(!number_allowed(&open, true, 1.5));
        assert!(!number_allowed(&(0.0..=f64::INFINITY), true, f64::INFINITY));
        assert_eq!(number_bounds(&open, true), "within 0..=1, above 0");
        assert_eq!(number_bounds(&(0.0..=f64::INFINITY), true), "> 0");
        assert_eq!(number_bounds(&(0.0..=f64::INFINITY), false), ">= 0");
    }

    #[test]
    fn expected_values_name_the_kind_and_range() {
        let expected: Vec<String> = Example::SPECS.iter().map(Spec::expected).collect();
        assert_eq!(
            expected,
            [
                "a number within 0..1",
                "true or false",
                "one of the strings \"left\", \"right\"",
                "a whole number of items within 1..=10",
                "a number of dollars >= 0",
            ]
        );
    }
}
