//! The `[economics]` table: its raw form, its keys, its validation and its TOML text.
//!
//! Kept apart from the lever tables so that it can move onto a key registry as a unit.
//! Money is in US dollars at real scale (see `simulation.customers`), per year unless the
//! key says otherwise.

use super::error::{ErrorKind, ScenarioError, Source};
use super::validate::unit;
use crate::model::economics::{Economics, TechCost};
use serde::Deserialize;
use std::fmt::Write;
use toml::Spanned;

/// `[economics]` as written; every key optional.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawEconomics {
    pub gross_margin: Option<Spanned<f64>>,
    pub personalization_dollars_per_customer_year: Option<Spanned<f64>>,
    pub storage_dollars_per_record_year: Option<Spanned<f64>>,
    pub third_party_dollars_per_customer_year: Option<Spanned<f64>>,
    pub transparency_fixed_dollars_per_year: Option<Spanned<f64>>,
    pub transparency_dollars_per_customer_year: Option<Spanned<f64>>,
    pub dashboard_build_dollars: Option<Spanned<f64>>,
    pub dashboard_amortization_years: Option<Spanned<f64>>,
    pub dashboard_dollars_per_customer_year: Option<Spanned<f64>>,
    pub security_dollars_per_customer_year_at_half: Option<Spanned<f64>>,
    pub security_residual_hazard: Option<Spanned<f64>>,
    pub anonymization_fixed_dollars_per_year: Option<Spanned<f64>>,
    pub anonymization_dollars_per_record_year: Option<Spanned<f64>>,
    pub differential_privacy_fixed_dollars_per_year: Option<Spanned<f64>>,
    pub differential_privacy_dollars_per_record_year: Option<Spanned<f64>>,
    pub federated_fixed_dollars_per_year: Option<Spanned<f64>>,
    pub federated_dollars_per_record_year: Option<Spanned<f64>>,
}

/// The keys `[economics]` accepts, in file order.
pub(super) const ECONOMICS_KEYS: &[&str] = &[
    "gross_margin",
    "personalization_dollars_per_customer_year",
    "storage_dollars_per_record_year",
    "third_party_dollars_per_customer_year",
    "transparency_fixed_dollars_per_year",
    "transparency_dollars_per_customer_year",
    "dashboard_build_dollars",
    "dashboard_amortization_years",
    "dashboard_dollars_per_customer_year",
    "security_dollars_per_customer_year_at_half",
    "security_residual_hazard",
    "anonymization_fixed_dollars_per_year",
    "anonymization_dollars_per_record_year",
    "differential_privacy_fixed_dollars_per_year",
    "differential_privacy_dollars_per_record_year",
    "federated_fixed_dollars_per_year",
    "federated_dollars_per_record_year",
];

/// What an `[economics]` key's value must look like, for wrong-type messages.
pub(super) fn expected_value(leaf: &str) -> Option<&'static str> {
    match leaf {
        "gross_margin" => Some("a number within 0..1"),
        "security_residual_hazard" => Some("a number within 0..1, above 0"),
        "dashboard_amortization_years" => Some("a number of years above 0"),
        _ if ECONOMICS_KEYS.contains(&leaf) => Some("an amount of dollars >= 0"),
        _ => None,
    }
}

/// Validates `[economics]`; missing keys take [`Economics::default`].
pub(super) fn economics(source: &Source, raw: RawEconomics) -> Result<Economics, ScenarioError> {
    let d = Economics::default();
    let money = |key: &str, value: &Option<Spanned<f64>>, default: f64| match value {
        Some(value) => at_least(source, key, value, 0.0, true),
        None => Ok(default),
    };
    let tech = |name: &str,
                fixed: &Option<Spanned<f64>>,
                per_record: &Option<Spanned<f64>>,
                default: TechCost| {
        Ok::<_, ScenarioError>(TechCost {
            fixed_dollars_per_year: money(
                &format!("economics.{name}_fixed_dollars_per_year"),
                fixed,
                default.fixed_dollars_per_year,
            )?,
            dollars_per_record_year: money(
                &format!("economics.{name}_dollars_per_record_year"),
                per_record,
                default.dollars_per_record_year,
            )?,
        })
    };
    Ok(Economics {
        gross_margin: match &raw.gross_margin {
            Some(value) => unit(source, "economics.gross_margin", value)?,
            None => d.gross_margin,
        },
        personalization_dollars_per_customer_year: money(
            "economics.personalization_dollars_per_customer_year",
            &raw.personalization_dollars_per_customer_year,
            d.personalization_dollars_per_customer_year,
        )?,
        storage_dollars_per_record_year: money(
            "economics.storage_dollars_per_record_year",
            &raw.storage_dollars_per_record_year,
            d.storage_dollars_per_record_year,
        )?,
        third_party_dollars_per_customer_year: money(
            "economics.third_party_dollars_per_customer_year",
            &raw.third_party_dollars_per_customer_year,
            d.third_party_dollars_per_customer_year,
        )?,
        transparency_fixed_dollars_per_year: money(
            "economics.transparency_fixed_dollars_per_year",
            &raw.transparency_fixed_dollars_per_year,
            d.transparency_fixed_dollars_per_year,
        )?,
        transparency_dollars_per_customer_year: money(
            "economics.transparency_dollars_per_customer_year",
            &raw.transparency_dollars_per_customer_year,
            d.transparency_dollars_per_customer_year,
        )?,
        dashboard_build_dollars: money(
            "economics.dashboard_build_dollars",
            &raw.dashboard_build_dollars,
            d.dashboard_build_dollars,
        )?,
        dashboard_amortization_years: match &raw.dashboard_amortization_years {
            Some(value) => at_least(
                source,
                "economics.dashboard_amortization_years",
                value,
                0.0,
                false,
            )?,
            None => d.dashboard_amortization_years,
        },
        dashboard_dollars_per_customer_year: money(
            "economics.dashboard_dollars_per_customer_year",
            &raw.dashboard_dollars_per_customer_year,
            d.dashboard_dollars_per_customer_year,
        )?,
        security_dollars_per_customer_year_at_half: money(
            "economics.security_dollars_per_customer_year_at_half",
            &raw.security_dollars_per_customer_year_at_half,
            d.security_dollars_per_customer_year_at_half,
        )?,
        security_residual_hazard: match &raw.security_residual_hazard {
            Some(value) => {
                let share = unit(source, "economics.security_residual_hazard", value)?;
                if share.get() == 0.0 {
                    return Err(source
                        .error(
                            ErrorKind::OutOfRange,
                            "economics.security_residual_hazard",
                            Some(value.span()),
                            "economics.security_residual_hazard must be above 0, got 0".to_string(),
                        )
                        .with_hint(
                            "perfect security has no finite price; use a small share such as 0.05",
                        ));
                }
                share.get()
            }
            None => d.security_residual_hazard,
        },
        privacy_tech: [
            tech(
                "anonymization",
                &raw.anonymization_fixed_dollars_per_year,
                &raw.anonymization_dollars_per_record_year,
                d.privacy_tech[0],
            )?,
            tech(
                "differential_privacy",
                &raw.differential_privacy_fixed_dollars_per_year,
                &raw.differential_privacy_dollars_per_record_year,
                d.privacy_tech[1],
            )?,
            tech(
                "federated",
                &raw.federated_fixed_dollars_per_year,
                &raw.federated_dollars_per_record_year,
                d.privacy_tech[2],
            )?,
        ],
    })
}

/// A finite number `>= min` (or `> min` when `inclusive` is false).
fn at_least(
    source: &Source,
    key: &str,
    value: &Spanned<f64>,
    min: f64,
    inclusive: bool,
) -> Result<f64, ScenarioError> {
    let number = *value.get_ref();
    let ok = number.is_finite()
        && if inclusive {
            number >= min
        } else {
            number > min
        };
    if ok {
        return Ok(number);
    }
    let bound = if inclusive { ">=" } else { ">" };
    Err(source
        .error(
            ErrorKind::OutOfRange,
            key,
            Some(value.span()),
            format!("{key} must be a finite number {bound} {min}, got {number}"),
        )
        .with_hint("costs are yearly US dollars at the scale of simulation.customers"))
}

/// The `[economics]` table as TOML text, every key written (floats in round-trip form).
pub(super) fn write(text: &mut String, e: &Economics) {
    let values: [f64; 17] = [
        e.gross_margin.get(),
        e.personalization_dollars_per_customer_year,
        e.storage_dollars_per_record_year,
        e.third_party_dollars_per_customer_year,
        e.transparency_fixed_dollars_per_year,
        e.transparency_dollars_per_customer_year,
        e.dashboard_build_dollars,
        e.dashboard_amortization_years,
        e.dashboard_dollars_per_customer_year,
        e.security_dollars_per_customer_year_at_half,
        e.security_residual_hazard,
        e.privacy_tech[0].fixed_dollars_per_year,
        e.privacy_tech[0].dollars_per_record_year,
        e.privacy_tech[1].fixed_dollars_per_year,
        e.privacy_tech[1].dollars_per_record_year,
        e.privacy_tech[2].fixed_dollars_per_year,
        e.privacy_tech[2].dollars_per_record_year,
    ];
    // Writing to a String cannot fail.
    let _ = writeln!(text, "\n[economics]");
    for (key, value) in ECONOMICS_KEYS.iter().zip(values) {
        let _ = writeln!(text, "{key} = {value:?}");
    }
}

#[cfg(test)]
mod tests {
    use crate::scenario::{ErrorKind, Scenario};

    #[test]
    fn economics_round_trips_and_defaults_apply() {
        let text = "[economics]\ngross_margin = 0.35\nstorage_dollars_per_record_year = 2\n";
        let scenario = Scenario::from_toml_str(text, "e.toml").expect("valid");
        assert_eq!(scenario.economics.gross_margin.get(), 0.35);
        assert_eq!(scenario.economics.storage_dollars_per_record_year, 2.0);
        let back = Scenario::from_toml_str(&scenario.to_toml_string(), "back").expect("valid");
        assert_eq!(back, scenario);
        let plain = Scenario::from_toml_str("", "empty.toml").expect("valid");
        assert_eq!(
            plain.economics,
            crate::model::economics::Economics::default()
        );
    }

    #[test]
    fn bad_economics_values_are_located() {
        let text = "name = \"x\"\n[economics]\ndashboard_build_dollars = -5\n";
        let error = Scenario::from_toml_str(text, "e.toml").expect_err("negative");
        assert_eq!(error.kind, ErrorKind::OutOfRange);
        assert_eq!(error.key, "economics.dashboard_build_dollars");
        let location = error.location.expect("located");
        assert_eq!((location.line, location.column), (3, 27));
        let error = Scenario::from_toml_str("[economics]\ngross_margn = 0.4\n", "e.toml")
            .expect_err("unknown");
        assert_eq!(error.kind, ErrorKind::UnknownKey);
        assert!(
            error.to_string().contains("did you mean `gross_margin`"),
            "{error}"
        );
        let error = Scenario::from_toml_str("[economics]\nsecurity_residual_hazard = 0\n", "e")
            .expect_err("zero");
        assert_eq!(error.kind, ErrorKind::OutOfRange);
    }

    #[test]
    fn set_reaches_economics_and_customers() {
        let base = Scenario::default();
        let changed = base
            .with_overrides(["economics.gross_margin=0.3", "simulation.customers=2000000"])
            .expect("valid");
        assert_eq!(changed.economics.gross_margin.get(), 0.3);
        assert_eq!(changed.simulation.customers, Some(2_000_000));
        assert_eq!(changed.customers(), 2_000_000);
        let error = base
            .with_override("economics.gross_margin=1.5")
            .expect_err("out of range");
        assert_eq!(error.origin, "--set economics.gross_margin=1.5");
        // Without customers, the customers follow the shoppers (old files keep their meaning).
        let resized = base
            .with_override("simulation.shoppers=500")
            .expect("valid");
        assert_eq!(resized.customers(), 500);
    }
}
