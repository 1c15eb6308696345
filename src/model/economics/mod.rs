//! The retailer's profit and loss: gross margin, what each lever costs, and the scale
//! at which money is reported.
//!
//! The engine simulates `shoppers` agents; each stands for `customers / shoppers` real
//! customers (the [`Scale`] factor `k`). Revenue, records and fines are reported at that
//! scale, and the lever costs below are priced for the real customer base, so that a
//! breach's fixed cost, a per-record cost and the GDPR floor mean what their sources say.
//!
//! Every cost is a yearly figure accrued daily (divided by 365). The defaults and their
//! sources are in `docs/MODEL.md`, section 7, "E23-E25 Economics" and section 8.

use crate::model::strategy::{ConsentModel, PrivacyTech, Strategy};
use crate::units::{Cents, UnitInterval};
use serde::Serialize;

mod table;

/// How many real customers one simulated shopper stands for.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Scale {
    factor: f64,
}

impl Scale {
    /// `customers / shoppers`; a run of zero shoppers has factor 1 (nothing to scale).
    pub fn new(customers: u64, shoppers: u64) -> Scale {
        let factor = if shoppers == 0 || customers == 0 {
            1.0
        } else {
            customers as f64 / shoppers as f64
        };
        Scale { factor }
    }

    /// The factor `k = customers / shoppers`.
    pub fn factor(self) -> f64 {
        self.factor
    }

    /// Simulated money at real scale, rounded to the cent (exact when `k = 1`).
    pub fn money(self, simulated: Cents) -> Cents {
        if self.factor == 1.0 {
            return simulated;
        }
        Cents::from_dollars(simulated.0 as f64 * self.factor / 100.0)
    }

    /// A simulated count (shoppers, records) at real scale.
    pub fn count(self, simulated: f64) -> f64 {
        simulated * self.factor
    }
}

/// Fixed yearly cost and cost per record held per year of one privacy technology.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct TechCost {
    pub fixed_dollars_per_year: f64,
    pub dollars_per_record_year: f64,
}

/// The `[economics]` table: gross margin and the price of every lever.
///
/// "Per customer" means per active customer at real scale; "per record" per record held
/// at real scale (breadth-weighted, E17).
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Economics {
    /// Share of revenue left after the cost of goods sold.
    pub gross_margin: UnitInterval,
    /// Personalization infrastructure per customer-year at intensity 1; it rises with
    /// the square of intensity (E24).
    pub personalization_dollars_per_customer_year: f64,
    /// Fixed yearly cost of the personalization platform (licence, a core team), paid
    /// whenever personalization is on at all, however few the customers (E24).
    pub personalization_fixed_dollars_per_year: f64,
    /// Storing and managing one record for a year (so retention costs something).
    pub storage_dollars_per_record_year: f64,
    /// Third-party data bought per targetable customer-year, when third-party data is on.
    pub third_party_dollars_per_customer_year: f64,
    /// Transparency and communication at transparency 1: a fixed yearly part and a part
    /// per customer, both proportional to the lever.
    pub transparency_fixed_dollars_per_year: f64,
    pub transparency_dollars_per_customer_year: f64,
    /// Consent dashboard: build cost (amortized over `dashboard_amortization_years`) and
    /// running cost per customer-year.
    pub dashboard_build_dollars: f64,
    pub dashboard_amortization_years: f64,
    pub dashboard_dollars_per_customer_year: f64,
    /// Security spend per customer-year at security 0.5 (halving the breach hazard);
    /// rises steeply toward 1 (E25).
    pub security_dollars_per_customer_year_at_half: f64,
    /// Share of the breach hazard that even security 1 leaves in the cost formula:
    /// perfect security has no finite price in Gordon and Loeb's class I (E25).
    pub security_residual_hazard: f64,
    /// Anonymization, differential privacy and federated learning, in that order.
    pub privacy_tech: [TechCost; 3],
}

impl Default for Economics {
    fn default() -> Self {
        Economics {
            gross_margin: UnitInterval::clamped(0.40),
            personalization_dollars_per_customer_year: 1.0,
            personalization_fixed_dollars_per_year: 0.0,
            storage_dollars_per_record_year: 0.10,
            third_party_dollars_per_customer_year: 0.50,
            transparency_fixed_dollars_per_year: 250_000.0,
            transparency_dollars_per_customer_year: 0.05,
            dashboard_build_dollars: 600_000.0,
            dashboard_amortization_years: 3.0,
            dashboard_dollars_per_customer_year: 0.10,
            security_dollars_per_customer_year_at_half: 0.15,
            security_residual_hazard: 0.05,
            privacy_tech: [
                TechCost {
                    fixed_dollars_per_year: 150_000.0,
                    dollars_per_record_year: 0.02,
                },
                TechCost {
                    fixed_dollars_per_year: 600_000.0,
                    dollars_per_record_year: 0.05,
                },
                TechCost {
                    fixed_dollars_per_year: 1_200_000.0,
                    dollars_per_record_year: 0.10,
                },
            ],
        }
    }
}

/// The cost of each lever over some period, at real scale. Breach costs and fines are
/// not lever costs; they are booked apart (see [`Profit`]).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct LeverCosts {
    #[serde(serialize_with = "dollars")]
    pub personalization: Cents,
    #[serde(serialize_with = "dollars")]
    pub data_storage: Cents,
    #[serde(serialize_with = "dollars")]
    pub third_party_data: Cents,
    #[serde(serialize_with = "dollars")]
    pub transparency: Cents,
    #[serde(serialize_with = "dollars")]
    pub consent_dashboard: Cents,
    #[serde(serialize_with = "dollars")]
    pub security: Cents,
    #[serde(serialize_with = "dollars")]
    pub privacy_tech: Cents,
}

fn dollars<S: serde::Serializer>(value: &Cents, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_f64(value.dollars())
}

impl LeverCosts {
    /// Names and amounts, in the order of the `[strategy]` table.
    pub fn items(&self) -> [(&'static str, Cents); 7] {
        [
            ("personalization", self.personalization),
            ("data_storage", self.data_storage),
            ("third_party_data", self.third_party_data),
            ("transparency", self.transparency),
            ("consent_dashboard", self.consent_dashboard),
            ("security", self.security),
            ("privacy_tech", self.privacy_tech),
        ]
    }

    pub fn total(&self) -> Cents {
        self.items().iter().map(|(_, cost)| *cost).sum()
    }

    /// Adds another period's costs lever by lever.
    pub fn add(&mut self, other: &LeverCosts) {
        self.personalization += other.personalization;
        self.data_storage += other.data_storage;
        self.third_party_data += other.third_party_data;
        self.transparency += other.transparency;
        self.consent_dashboard += other.consent_dashboard;
        self.security += other.security;
        self.privacy_tech += other.privacy_tech;
    }
}

/// What the lever costs are proportional to, at real scale, on one day.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct CostBase {
    /// Active customers.
    pub customers: f64,
    /// Active customers whose data may be used (targetable).
    pub targetable_customers: f64,
    /// Records held (breadth-weighted, E17).
    pub records_held: f64,
}

impl CostBase {
    /// The base of a day as the daily metrics report it: `active_shoppers` simulated
    /// shoppers, a share `opt_in_rate` of them targetable, counted at scale `k`, and
    /// `records_held` already at real scale. With the day's strategy,
    /// [`yearly_lever_costs`] of this base is 365 times that day's lever costs; with
    /// another strategy it prices that strategy at the day's size (what the TUI shows
    /// beside each lever before a change takes effect).
    pub fn of_day(scale: Scale, active_shoppers: u64, opt_in_rate: f64, records_held: f64) -> Self {
        let customers = scale.count(active_shoppers as f64);
        CostBase {
            customers,
            targetable_customers: customers * opt_in_rate.clamp(0.0, 1.0),
            records_held,
        }
    }
}

/// Security spend per customer-year for a security lever `s` (E25): Gordon and Loeb's
/// class I breach function `v / (a z + 1)` inverted. The engine's breach hazard is
/// `v (1 - s)`, so spend `z` buys `1 - s = 1 / (a z + 1)`, i.e. `z = (1/(1 - s) - 1) / a`.
/// The residual hazard `r` keeps security 1 finite: the cost is that of reaching
/// `1 - s (1 - r)`. `a` is set so that security 0.5 costs the given amount.
pub fn security_dollars_per_customer_year(economics: &Economics, security: UnitInterval) -> f64 {
    let residual = economics.security_residual_hazard.clamp(1e-6, 1.0);
    let spend = |s: f64| 1.0 / (1.0 - s * (1.0 - residual)) - 1.0;
    let at_half = spend(0.5);
    if at_half <= 0.0 {
        return 0.0;
    }
    economics.security_dollars_per_customer_year_at_half * spend(security.get()) / at_half
}

/// Yearly cost of every lever of `strategy` for the given base (E24-E25), at real scale.
pub fn yearly_lever_costs(
    economics: &Economics,
    strategy: &Strategy,
    base: &CostBase,
) -> LeverCostsDollars {
    let customers = base.customers.max(0.0);
    let records = base.records_held.max(0.0);
    let p = strategy.personalization.get();
    let transparency = strategy.transparency.get();
    // The platform is bought whole as soon as any personalization runs.
    let platform = if p > 0.0 {
        economics.personalization_fixed_dollars_per_year
    } else {
        0.0
    };
    let dashboard = if strategy.consent == ConsentModel::Dashboard {
        economics.dashboard_build_dollars / economics.dashboard_amortization_years.max(1e-9)
            + economics.dashboard_dollars_per_customer_year * customers
    } else {
        0.0
    };
    let tech = match strategy.privacy_tech {
        PrivacyTech::None => None,
        PrivacyTech::Anonymization => Some(economics.privacy_tech[0]),
        PrivacyTech::DifferentialPrivacy => Some(economics.privacy_tech[1]),
        PrivacyTech::Federated => Some(economics.privacy_tech[2]),
    };
    LeverCostsDollars {
        personalization: platform
            + economics.personalization_dollars_per_customer_year * p * p * customers,
        data_storage: economics.storage_dollars_per_record_year * records,
        third_party_data: if strategy.third_party_data {
            economics.third_party_dollars_per_customer_year * base.targetable_customers.max(0.0)
        } else {
            0.0
        },
        transparency: transparency
            * (economics.transparency_fixed_dollars_per_year
                + economics.transparency_dollars_per_customer_year * customers),
        consent_dashboard: dashboard,
        security: security_dollars_per_customer_year(economics, strategy.security) * customers,
        privacy_tech: tech.map_or(0.0, |t| {
            t.fixed_dollars_per_year + t.dollars_per_record_year * records
        }),
    }
}

/// Lever costs in dollars (before rounding to cents), per year or per day.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct LeverCostsDollars {
    pub personalization: f64,
    pub data_storage: f64,
    pub third_party_data: f64,
    pub transparency: f64,
    pub consent_dashboard: f64,
    pub security: f64,
    pub privacy_tech: f64,
}

impl LeverCostsDollars {
    pub fn total(&self) -> f64 {
        self.personalization
            + self.data_storage
            + self.third_party_data
            + self.transparency
            + self.consent_dashboard
            + self.security
            + self.privacy_tech
    }

    /// One day's share of these yearly costs, in cents.
    pub fn per_day(&self) -> LeverCosts {
        let day = |yearly: f64| Cents::from_dollars(yearly / 365.0);
        LeverCosts {
            personalization: day(self.personalization),
            data_storage: day(self.data_storage),
            third_party_data: day(self.third_party_data),
            transparency: day(self.transparency),
            consent_dashboard: day(self.consent_dashboard),
            security: day(self.security),
            privacy_tech: day(self.privacy_tech),
        }
    }
}

/// The lever costs of one day (E24-E25).
pub fn daily_lever_costs(
    economics: &Economics,
    strategy: &Strategy,
    base: &CostBase,
) -> LeverCosts {
    yearly_lever_costs(economics, strategy, base).per_day()
}

/// One period's profit and loss at real scale (E23):
/// `profit = gross_margin x revenue - lever costs - breach costs - fines`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Profit {
    pub gross_profit: Cents,
    pub lever_costs: Cents,
    pub profit: Cents,
}

impl Profit {
    pub fn of(
        economics: &Economics,
        revenue: Cents,
        lever_costs: Cents,
        breach_costs: Cents,
        fines: Cents,
    ) -> Profit {
        let gross_profit = Cents::from_dollars(economics.gross_margin.get() * revenue.dollars());
        Profit {
            gross_profit,
            lever_costs,
            profit: gross_profit - lever_costs - breach_costs - fines,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::spec::Table;
    use crate::model::spec::Value;

    fn base(customers: f64) -> CostBase {
        CostBase {
            customers,
            targetable_customers: 0.8 * customers,
            records_held: 0.5 * customers,
        }
    }

    /// Every number of `value` as serde sees it (nested tables and arrays flattened).
    fn leaves(value: &serde_json::Value) -> usize {
        match value {
            serde_json::Value::Object(map) => map.values().map(leaves).sum(),
            serde_json::Value::Array(items) => items.iter().map(leaves).sum(),
            _ => 1,
        }
    }

    #[test]
    fn every_field_has_exactly_one_spec() {
        let fields = serde_json::to_value(Economics::default()).map(|v| leaves(&v));
        assert_eq!(fields.ok(), Some(Economics::SPECS.len()));
        // Give each key its own value through its spec; each must read back its own, so
        // no two specs write the same field.
        let mut economics = Economics::default();
        let own = |index: usize| (index + 1) as f64 / 100.0;
        for (index, spec) in Economics::SPECS.iter().enumerate() {
            let value = match spec.default_value() {
                Value::Fraction(_) => Value::Fraction(UnitInterval::clamped(own(index))),
                _ => Value::Number(own(index)),
            };
            assert!(spec.set(&mut economics, value), "{}", spec.key);
        }
        for (index, spec) in Economics::SPECS.iter().enumerate() {
            let read = match spec.get(&economics) {
                Value::Fraction(x) => x.get(),
                Value::Number(x) => x,
                other => panic!("{} is {other:?}", spec.key),
            };
            assert_eq!(read, own(index), "{}", spec.key);
        }
    }

    #[test]
    fn scale_is_customers_per_shopper_and_exact_at_one() {
        let k = Scale::new(2_000_000, 10_000);
        assert_eq!(k.factor(), 200.0);
        assert_eq!(k.money(Cents(1_234)), Cents(246_800));
        assert_eq!(k.count(3.5), 700.0);
        let one = Scale::new(10_000, 10_000);
        assert_eq!(one.money(Cents(987_654_321)), Cents(987_654_321));
        assert_eq!(Scale::new(5, 0).factor(), 1.0);
    }

    #[test]
    fn security_cost_rises_steeply_toward_one() {
        let e = Economics::default();
        let cost = |s: f64| security_dollars_per_customer_year(&e, UnitInterval::clamped(s));
        assert_eq!(cost(0.0), 0.0);
        assert!((cost(0.5) - e.security_dollars_per_customer_year_at_half).abs() < 1e-12);
        // Convex: each step of 0.1 costs more than the one before.
        let steps: Vec<f64> = (0..10)
            .map(|i| cost((i + 1) as f64 / 10.0) - cost(i as f64 / 10.0))
            .collect();
        assert!(steps.windows(2).all(|w| w[1] > w[0]), "{steps:?}");
        // The last tenth costs more than the first half.
        assert!(cost(1.0) - cost(0.9) > cost(0.5));
        assert!(cost(1.0).is_finite());
    }

    #[test]
    fn security_spend_inverts_the_breach_function() {
        // Class I: hazard multiplier 1 / (a z + 1) with z the spend; check that the
        // spend for s gives back 1 - s (1 - r).
        let e = Economics::default();
        let r = e.security_residual_hazard;
        let half = 1.0 / (1.0 - 0.5 * (1.0 - r)) - 1.0;
        let a = half / e.security_dollars_per_customer_year_at_half;
        for s in [0.1, 0.4, 0.8, 1.0] {
            let z = security_dollars_per_customer_year(&e, UnitInterval::clamped(s));
            let multiplier = 1.0 / (a * z + 1.0);
            assert!((multiplier - (1.0 - s * (1.0 - r))).abs() < 1e-12);
        }
    }

    #[test]
    fn personalization_cost_rises_with_intensity_and_levers_cost_nothing_when_off() {
        let e = Economics::default();
        let off = Strategy {
            personalization: UnitInterval::ZERO,
            transparency: UnitInterval::ZERO,
            security: UnitInterval::ZERO,
            third_party_data: false,
            consent: ConsentModel::OptOut,
            privacy_tech: PrivacyTech::None,
            ..Strategy::default()
        };
        let costs = yearly_lever_costs(&e, &off, &base(1000.0));
        assert_eq!(costs.personalization, 0.0);
        assert_eq!(costs.third_party_data, 0.0);
        assert_eq!(costs.transparency, 0.0);
        assert_eq!(costs.consent_dashboard, 0.0);
        assert_eq!(costs.security, 0.0);
        assert_eq!(costs.privacy_tech, 0.0);
        assert!((costs.data_storage - 0.10 * 500.0).abs() < 1e-9);
        let mut last = -1.0;
        for p in [0.25, 0.5, 0.75, 1.0] {
            let s = Strategy {
                personalization: UnitInterval::clamped(p),
                ..off
            };
            let cost = yearly_lever_costs(&e, &s, &base(1000.0)).personalization;
            assert!(cost > last);
            last = cost;
        }
    }

    #[test]
    fn the_platform_costs_its_fixed_price_whenever_personalization_is_on() {
        let e = Economics {
            personalization_fixed_dollars_per_year: 500_000.0,
            ..Economics::default()
        };
        let at = |p: f64, customers: f64| {
            let s = Strategy {
                personalization: UnitInterval::clamped(p),
                ..Strategy::default()
            };
            yearly_lever_costs(&e, &s, &base(customers)).personalization
        };
        assert_eq!(at(0.0, 1000.0), 0.0);
        assert_eq!(at(0.01, 0.0), 500_000.0);
        let variable = e.personalization_dollars_per_customer_year * 0.25 * 1000.0;
        assert!((at(0.5, 1000.0) - (500_000.0 + variable)).abs() < 1e-6);
        let default = yearly_lever_costs(&Economics::default(), &Strategy::default(), &base(0.0));
        assert_eq!(default.personalization, 0.0, "no platform price by default");
    }

    #[test]
    fn every_lever_at_its_maximum_costs_more_than_the_default() {
        let e = Economics::default();
        let max = Strategy::max_everything();
        let b = base(2_000_000.0);
        let max_costs = yearly_lever_costs(&e, &max, &b);
        let default_costs = yearly_lever_costs(&e, &Strategy::default(), &b);
        assert!(max_costs.total() > 3.0 * default_costs.total());
        assert!(max_costs.third_party_data > 0.0 && max_costs.consent_dashboard > 0.0);
        assert!(max_costs.privacy_tech > e.privacy_tech[1].fixed_dollars_per_year);
    }

    #[test]
    fn daily_costs_are_a_365th_and_add_up() {
        let e = Economics::default();
        let yearly = yearly_lever_costs(&e, &Strategy::default(), &base(365_000.0));
        let daily = daily_lever_costs(&e, &Strategy::default(), &base(365_000.0));
        assert!((daily.total().dollars() - yearly.total() / 365.0).abs() < 0.05);
        let mut twice = daily;
        twice.add(&daily);
        assert_eq!(twice.total(), Cents(2 * daily.total().0));
    }

    #[test]
    fn a_days_base_counts_shoppers_at_real_scale() {
        let e = Economics::default();
        let strategy = Strategy {
            third_party_data: true,
            ..Strategy::default()
        };
        // 10k shoppers standing for 2M customers cost what 2M shoppers at scale 1 cost.
        let scaled = CostBase::of_day(Scale::new(2_000_000, 10_000), 9_000, 0.6, 700_000.0);
        let real = CostBase::of_day(Scale::new(1, 1), 1_800_000, 0.6, 700_000.0);
        assert_eq!(scaled.customers, 1_800_000.0);
        assert!((scaled.targetable_customers - 1_080_000.0).abs() < 1e-6);
        let (a, b) = (
            yearly_lever_costs(&e, &strategy, &scaled),
            yearly_lever_costs(&e, &strategy, &real),
        );
        assert!((a.total() - b.total()).abs() < 1e-6 * b.total());
        assert!((a.third_party_data - 0.50 * 1_080_000.0).abs() < 1e-3);
        // A share outside 0..1 cannot make a negative or inflated base.
        assert_eq!(
            CostBase::of_day(Scale::new(1, 1), 10, 1.5, 0.0).targetable_customers,
            10.0
        );
    }

    #[test]
    fn profit_is_margin_minus_costs_breaches_and_fines() {
        let e = Economics::default();
        let p = Profit::of(
            &e,
            Cents::from_dollars(1000.0),
            Cents::from_dollars(50.0),
            Cents::from_dollars(20.0),
            Cents::from_dollars(5.0),
        );
        assert_eq!(p.gross_profit, Cents::from_dollars(400.0));
        assert_eq!(p.profit, Cents::from_dollars(325.0));
    }
}
