//! The `[economics]` table as a spec table: one spec per price, from which the scenario
//! layer reads, validates, explains and writes it (see `crate::model::spec`).

use super::Economics;
use crate::model::spec::{Kind, Spec, Table};
use std::ops::RangeInclusive;

/// Costs are never negative; most have no upper bound.
const DOLLARS: RangeInclusive<f64> = 0.0..=f64::INFINITY;

/// The keys of `[economics]`, in the order the file format documents and writes them.
/// Money is in US dollars at real scale (see `simulation.customers`), per year unless the
/// key says otherwise; the defaults are [`Economics::default`], their sources in
/// `docs/MODEL.md` (E23-E25).
impl Table for Economics {
    const NAME: &'static str = "economics";
    const SPECS: &'static [Spec<Self>] = &[
        Spec {
            key: "gross_margin",
            label: "gross margin",
            description: "Share of revenue left after the cost of goods sold.",
            kind: Kind::Fraction {
                get: |e| e.gross_margin,
                set: |e, x| e.gross_margin = x,
            },
        },
        Spec {
            key: "personalization_dollars_per_customer_year",
            label: "personalization",
            description: "Personalization infrastructure per customer-year at intensity 1; it \
                          rises with the square of intensity (E24).",
            kind: Kind::Number {
                range: DOLLARS,
                min_exclusive: false,
                unit: "dollars per customer per year",
                step: 0.1,
                get: |e| e.personalization_dollars_per_customer_year,
                set: |e, x| e.personalization_dollars_per_customer_year = x,
            },
        },
        Spec {
            key: "personalization_fixed_dollars_per_year",
            label: "personalization platform",
            description: "Fixed yearly cost of the personalization platform, paid whenever \
                          personalization is above 0, however few the customers (E24).",
            kind: Kind::Number {
                range: DOLLARS,
                min_exclusive: false,
                unit: "dollars per year",
                step: 10_000.0,
                get: |e| e.personalization_fixed_dollars_per_year,
                set: |e, x| e.personalization_fixed_dollars_per_year = x,
            },
        },
        Spec {
            key: "storage_dollars_per_record_year",
            label: "data storage",
            description: "Storing and managing one record for a year, so that retention costs \
                          something.",
            kind: Kind::Number {
                range: DOLLARS,
                min_exclusive: false,
                unit: "dollars per record per year",
                step: 0.01,
                get: |e| e.storage_dollars_per_record_year,
                set: |e, x| e.storage_dollars_per_record_year = x,
            },
        },
        Spec {
            key: "third_party_dollars_per_customer_year",
            label: "third-party data",
            description: "Third-party data bought per targetable customer-year, when third-party \
                          data is on.",
            kind: Kind::Number {
                range: DOLLARS,
                min_exclusive: false,
                unit: "dollars per customer per year",
                step: 0.1,
                get: |e| e.third_party_dollars_per_customer_year,
                set: |e, x| e.third_party_dollars_per_customer_year = x,
            },
        },
        Spec {
            key: "transparency_fixed_dollars_per_year",
            label: "transparency (fixed)",
            description: "Fixed yearly cost of transparency and communication at transparency 1 \
                          (proportional to the lever).",
            kind: Kind::Number {
                range: DOLLARS,
                min_exclusive: false,
                unit: "dollars per year",
                step: 10_000.0,
                get: |e| e.transparency_fixed_dollars_per_year,
                set: |e, x| e.transparency_fixed_dollars_per_year = x,
            },
        },
        Spec {
            key: "transparency_dollars_per_customer_year",
            label: "transparency (per customer)",
            description: "Cost of transparency and communication per customer-year at \
                          transparency 1 (proportional to the lever).",
            kind: Kind::Number {
                range: DOLLARS,
                min_exclusive: false,
                unit: "dollars per customer per year",
                step: 0.01,
                get: |e| e.transparency_dollars_per_customer_year,
                set: |e, x| e.transparency_dollars_per_customer_year = x,
            },
        },
        Spec {
            key: "dashboard_build_dollars",
            label: "dashboard build",
            description: "Cost of building the consent dashboard, spread over its amortization \
                          years.",
            kind: Kind::Number {
                range: DOLLARS,
                min_exclusive: false,
                unit: "dollars",
                step: 50_000.0,
                get: |e| e.dashboard_build_dollars,
                set: |e, x| e.dashboard_build_dollars = x,
            },
        },
        Spec {
            key: "dashboard_amortization_years",
            label: "dashboard amortization",
            description: "Years over which the dashboard's build cost is spread; above 0, since \
                          the build cost is divided by it.",
            kind: Kind::Number {
                range: DOLLARS,
                min_exclusive: true,
                unit: "years",
                step: 1.0,
                get: |e| e.dashboard_amortization_years,
                set: |e, x| e.dashboard_amortization_years = x,
            },
        },
        Spec {
            key: "dashboard_dollars_per_customer_year",
            label: "dashboard running",
            description: "Running cost of the consent dashboard per customer-year.",
            kind: Kind::Number {
                range: DOLLARS,
                min_exclusive: false,
                unit: "dollars per customer per year",
                step: 0.01,
                get: |e| e.dashboard_dollars_per_customer_year,
                set: |e, x| e.dashboard_dollars_per_customer_year = x,
            },
        },
        Spec {
            key: "security_dollars_per_customer_year_at_half",
            label: "security",
            description: "Security spend per customer-year at security 0.5 (halving the breach \
                          hazard); it rises steeply toward security 1 (E25).",
            kind: Kind::Number {
                range: DOLLARS,
                min_exclusive: false,
                unit: "dollars per customer per year",
                step: 0.01,
                get: |e| e.security_dollars_per_customer_year_at_half,
                set: |e, x| e.security_dollars_per_customer_year_at_half = x,
            },
        },
        Spec {
            key: "security_residual_hazard",
            label: "security residual hazard",
            description: "Share of the breach hazard that even security 1 leaves in the cost \
                          formula; above 0, since perfect security has no finite price in Gordon \
                          and Loeb's class I (use a small share such as 0.05).",
            kind: Kind::Number {
                range: 0.0..=1.0,
                min_exclusive: true,
                unit: "",
                step: 0.01,
                get: |e| e.security_residual_hazard,
                set: |e, x| e.security_residual_hazard = x,
            },
        },
        Spec {
            key: "anonymization_fixed_dollars_per_year",
            label: "anonymization (fixed)",
            description: "Fixed yearly cost of anonymization when it is the privacy technology.",
            kind: Kind::Number {
                range: DOLLARS,
                min_exclusive: false,
                unit: "dollars per year",
                step: 10_000.0,
                get: |e| e.privacy_tech[0].fixed_dollars_per_year,
                set: |e, x| e.privacy_tech[0].fixed_dollars_per_year = x,
            },
        },
        Spec {
            key: "anonymization_dollars_per_record_year",
            label: "anonymization (per record)",
            description: "Cost of anonymization per record held per year when it is the privacy \
                          technology.",
            kind: Kind::Number {
                range: DOLLARS,
                min_exclusive: false,
                unit: "dollars per record per year",
                step: 0.01,
                get: |e| e.privacy_tech[0].dollars_per_record_year,
                set: |e, x| e.privacy_tech[0].dollars_per_record_year = x,
            },
        },
        Spec {
            key: "differential_privacy_fixed_dollars_per_year",
            label: "differential privacy (fixed)",
            description: "Fixed yearly cost of differential privacy when it is the privacy \
                          technology.",
            kind: Kind::Number {
                range: DOLLARS,
                min_exclusive: false,
                unit: "dollars per year",
                step: 10_000.0,
                get: |e| e.privacy_tech[1].fixed_dollars_per_year,
                set: |e, x| e.privacy_tech[1].fixed_dollars_per_year = x,
            },
        },
        Spec {
            key: "differential_privacy_dollars_per_record_year",
            label: "differential privacy (per record)",
            description: "Cost of differential privacy per record held per year when it is the \
                          privacy technology.",
            kind: Kind::Number {
                range: DOLLARS,
                min_exclusive: false,
                unit: "dollars per record per year",
                step: 0.01,
                get: |e| e.privacy_tech[1].dollars_per_record_year,
                set: |e, x| e.privacy_tech[1].dollars_per_record_year = x,
            },
        },
        Spec {
            key: "federated_fixed_dollars_per_year",
            label: "federated learning (fixed)",
            description: "Fixed yearly cost of federated learning when it is the privacy \
                          technology.",
            kind: Kind::Number {
                range: DOLLARS,
                min_exclusive: false,
                unit: "dollars per year",
                step: 10_000.0,
                get: |e| e.privacy_tech[2].fixed_dollars_per_year,
                set: |e, x| e.privacy_tech[2].fixed_dollars_per_year = x,
            },
        },
        Spec {
            key: "federated_dollars_per_record_year",
            label: "federated learning (per record)",
            description: "Cost of federated learning per record held per year when it is the \
                          privacy technology.",
            kind: Kind::Number {
                range: DOLLARS,
                min_exclusive: false,
                unit: "dollars per record per year",
                step: 0.01,
                get: |e| e.privacy_tech[2].dollars_per_record_year,
                set: |e, x| e.privacy_tech[2].dollars_per_record_year = x,
            },
        },
    ];
}
