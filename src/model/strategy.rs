//! The retailer's strategy: the levers a product manager can pull, and [`LEVERS`], the
//! one table that says what each lever is called, means and allows.

use crate::model::spec::{choice_names, set_choice, Choice, Kind, Spec, Table};
use crate::units::UnitInterval;
use serde::{Deserialize, Serialize};
use std::fmt;
use std::ops::RangeInclusive;

/// How the retailer asks for consent to use a shopper's data.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum ConsentModel {
    /// Nothing is used until the shopper says yes (GDPR-style).
    OptIn,
    /// Everything is used unless the shopper objects.
    OptOut,
    /// A granular dashboard: each shopper chooses how much of their data may be used.
    Dashboard,
}

impl ConsentModel {
    pub const ALL: [ConsentModel; 3] = [
        ConsentModel::OptIn,
        ConsentModel::OptOut,
        ConsentModel::Dashboard,
    ];

    /// The spelling used in scenario files.
    pub fn name(self) -> &'static str {
        match self {
            ConsentModel::OptIn => "opt-in",
            ConsentModel::OptOut => "opt-out",
            ConsentModel::Dashboard => "dashboard",
        }
    }
}

impl Choice for ConsentModel {
    const CHOICES: &'static [Self] = &ConsentModel::ALL;
    fn choice_name(self) -> &'static str {
        self.name()
    }
}

impl fmt::Display for ConsentModel {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// Privacy-enhancing technology applied to the data the retailer holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum PrivacyTech {
    None,
    Anonymization,
    DifferentialPrivacy,
    Federated,
}

impl PrivacyTech {
    pub const ALL: [PrivacyTech; 4] = [
        PrivacyTech::None,
        PrivacyTech::Anonymization,
        PrivacyTech::DifferentialPrivacy,
        PrivacyTech::Federated,
    ];

    /// The spelling used in scenario files.
    pub fn name(self) -> &'static str {
        match self {
            PrivacyTech::None => "none",
            PrivacyTech::Anonymization => "anonymization",
            PrivacyTech::DifferentialPrivacy => "differential-privacy",
            PrivacyTech::Federated => "federated",
        }
    }
}

impl Choice for PrivacyTech {
    const CHOICES: &'static [Self] = &PrivacyTech::ALL;
    fn choice_name(self) -> &'static str {
        self.name()
    }
}

impl fmt::Display for PrivacyTech {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// A retailer's strategy: every lever of a scenario's `[strategy]` table. Each field has
/// its spec in [`LEVERS`] (a test fails when one has none).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Strategy {
    /// Intensity of personalization, 0 (generic) to 1 (maximal).
    pub personalization: UnitInterval,
    /// Breadth of first-party data collected, 0 (minimal) to 1 (everything).
    pub data_collection: UnitInterval,
    /// Whether third-party data (brokers, cross-site tracking) is bought in.
    pub third_party_data: bool,
    /// How openly collection and use are explained, 0 covert to 1 fully explained.
    pub transparency: UnitInterval,
    pub consent: ConsentModel,
    /// Security investment, 0 to 1; lowers the breach hazard and fines.
    pub security: UnitInterval,
    /// How long a shopper's record is kept after their last visit.
    pub retention_days: u32,
    pub privacy_tech: PrivacyTech,
}

impl Strategy {
    /// "Max everything": every lever at its maximum. Personalization, collection,
    /// transparency and security 1, third-party data on, the consent dashboard (the most
    /// control), the longest retention of the shipped presets (5 years) and differential
    /// privacy. Fact 14 shows it is not the profit optimum.
    pub fn max_everything() -> Strategy {
        Strategy {
            personalization: UnitInterval::ONE,
            data_collection: UnitInterval::ONE,
            third_party_data: true,
            transparency: UnitInterval::ONE,
            consent: ConsentModel::Dashboard,
            security: UnitInterval::ONE,
            retention_days: 1825,
            privacy_tech: PrivacyTech::DifferentialPrivacy,
        }
    }
}

impl Default for Strategy {
    /// The `balanced` preset's strategy.
    fn default() -> Self {
        Strategy {
            personalization: UnitInterval::clamped(0.5),
            data_collection: UnitInterval::clamped(0.5),
            third_party_data: false,
            transparency: UnitInterval::clamped(0.6),
            consent: ConsentModel::OptOut,
            security: UnitInterval::clamped(0.6),
            retention_days: 365,
            privacy_tech: PrivacyTech::None,
        }
    }
}

/// A lever: one key of the `[strategy]` table.
pub type Lever = Spec<Strategy>;

/// Every lever, in the order scenario files, `--set` messages and the strategy panel list
/// them. Validation, wrong-type messages, the key list, the scenario writer, `--set` and
/// the terminal UI's levers are all generated from this table; defaults are
/// [`Strategy::default`].
///
/// Adding a lever:
/// 1. add the field to [`Strategy`] and its value to `Strategy::default()`;
/// 2. add its spec here (key, label, description, kind with range and get/set);
/// 3. write its mechanism in `model/` (and the kernel's use of it), with its equation in
///    docs/MODEL.md, and document the key in the format comment of `scenario/mod.rs`.
///
/// Nothing else lists levers. A field without a spec fails the scenario round-trip test.
pub const LEVERS: &[Lever] = &[
    Spec {
        key: "personalization",
        label: "personalization",
        description: "How strongly offers are tailored: 0 generic, 1 maximal.",
        kind: Kind::Fraction {
            get: |s| s.personalization,
            set: |s, x| s.personalization = x,
        },
    },
    Spec {
        key: "data_collection",
        label: "data collection",
        description: "Breadth of first-party data collected: 0 minimal, 1 all.",
        kind: Kind::Fraction {
            get: |s| s.data_collection,
            set: |s, x| s.data_collection = x,
        },
    },
    Spec {
        key: "third_party_data",
        label: "third-party data",
        description: "Buy data from brokers and cross-site tracking.",
        kind: Kind::Switch {
            get: |s| s.third_party_data,
            set: |s, on| s.third_party_data = on,
        },
    },
    Spec {
        key: "transparency",
        label: "transparency",
        description: "How openly data use is explained: 0 covert, 1 fully.",
        kind: Kind::Fraction {
            get: |s| s.transparency,
            set: |s, x| s.transparency = x,
        },
    },
    Spec {
        key: "consent",
        label: "consent",
        description: "How consent is asked: opt-in, opt-out or a dashboard.",
        kind: Kind::Choice {
            names: choice_names::<ConsentModel>,
            get: |s| s.consent.name(),
            set: |s, name| set_choice(&mut s.consent, name),
        },
    },
    Spec {
        key: "security",
        label: "security",
        description: "Security investment: lowers breach hazard and fines.",
        kind: Kind::Fraction {
            get: |s| s.security,
            set: |s, x| s.security = x,
        },
    },
    Spec {
        key: "retention_days",
        label: "retention days",
        description: "Days a record is kept after the shopper's last visit.",
        kind: Kind::Whole {
            range: RETENTION_DAYS,
            unit: "days",
            stops: &[0, 30, 90, 180, 365, 730, 1095, 1825, 3650, 7300],
            get: |s| i64::from(s.retention_days),
            // Within RETENTION_DAYS, so the conversion cannot fail.
            set: |s, days| s.retention_days = u32::try_from(days).unwrap_or(u32::MAX),
        },
    },
    Spec {
        key: "privacy_tech",
        label: "privacy tech",
        description: "Privacy technology applied to the data held.",
        kind: Kind::Choice {
            names: choice_names::<PrivacyTech>,
            get: |s| s.privacy_tech.name(),
            set: |s, name| set_choice(&mut s.privacy_tech, name),
        },
    },
];

/// Allowed record retention, in days.
pub const RETENTION_DAYS: RangeInclusive<i64> = 0..=36_500;

impl Table for Strategy {
    const NAME: &'static str = "strategy";
    const SPECS: &'static [Spec<Self>] = LEVERS;
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::spec::Value;
    use serde_json::Value as Json;

    /// The strategy's fields by name, as serde sees them: independent of the spec table,
    /// so a field added to `Strategy` shows up here whether or not it has a spec.
    fn fields(strategy: &Strategy) -> serde_json::Map<String, Json> {
        match serde_json::to_value(strategy) {
            Ok(Json::Object(fields)) => fields,
            other => panic!("a strategy serializes as an object, got {other:?}"),
        }
    }

    /// A value of `spec`'s kind that differs from `current`.
    fn another(spec: &Lever, current: Value) -> Value {
        match (&spec.kind, current) {
            (Kind::Fraction { .. }, Value::Fraction(x)) if x.get() < 0.5 => {
                Value::Fraction(UnitInterval::ONE)
            }
            (Kind::Fraction { .. }, _) => Value::Fraction(UnitInterval::ZERO),
            (Kind::Switch { .. }, Value::Switch(on)) => Value::Switch(!on),
            (Kind::Choice { names, .. }, Value::Choice(name)) => {
                let other = names().into_iter().find(|n| *n != name);
                Value::Choice(other.unwrap_or(name))
            }
            (Kind::Whole { range, .. }, Value::Whole(n)) if n == *range.start() => {
                Value::Whole(*range.end())
            }
            (Kind::Whole { range, .. }, _) => Value::Whole(*range.start()),
            (Kind::Number { range, .. }, Value::Number(x)) if x == *range.start() => {
                Value::Number(*range.start() + 1.0)
            }
            (Kind::Number { range, .. }, _) => Value::Number(*range.start()),
            (_, other) => other,
        }
    }

    #[test]
    fn every_field_has_one_spec_in_field_order() {
        let mut field_names: Vec<String> = fields(&Strategy::default()).keys().cloned().collect();
        field_names.sort_unstable();
        let mut sorted_keys: Vec<&str> = Strategy::keys();
        sorted_keys.sort_unstable();
        assert_eq!(
            field_names, sorted_keys,
            "a Strategy field has no spec in LEVERS"
        );
        let mut unique = sorted_keys.clone();
        unique.dedup();
        assert_eq!(unique, sorted_keys, "two specs share a key");
    }

    #[test]
    fn each_spec_reads_and_writes_its_own_field_only() {
        let before = Strategy::default();
        for spec in LEVERS {
            let value = another(spec, spec.get(&before));
            assert_ne!(value, spec.get(&before), "{}: no other value", spec.key);
            let mut after = before;
            assert!(spec.set(&mut after, value), "{}", spec.key);
            assert_eq!(spec.get(&after), value, "{}", spec.key);
            let (old, new) = (fields(&before), fields(&after));
            let changed: Vec<&String> = new.keys().filter(|key| old[*key] != new[*key]).collect();
            assert_eq!(changed, [spec.key], "{} changed other fields", spec.key);
        }
    }

    #[test]
    fn choice_names_are_the_enums_spellings() {
        let names = |key: &str| match Strategy::spec(key).map(|spec| &spec.kind) {
            Some(Kind::Choice { names, .. }) => names(),
            _ => panic!("{key} is a choice"),
        };
        assert_eq!(names("consent"), ["opt-in", "opt-out", "dashboard"]);
        assert_eq!(
            names("privacy_tech"),
            ["none", "anonymization", "differential-privacy", "federated"]
        );
    }
}
