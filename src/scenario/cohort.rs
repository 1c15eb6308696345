//! The `[cohort]` table: cohort mode, in which customers are acquired over time.
//!
//! Without it every shopper is a customer from day 0. With it, the first shoppers (in id
//! order) enter one day at a time: `entries_per_day[d - 1]` customers make their first
//! purchase on day `d` and shop from day `d + 1` on, so a run can be read week by week
//! beside an order history whose customers were acquired the same way (CDNOW's cohort
//! joined over twelve weeks). The first purchase is the history's, not simulated.
//! Shoppers beyond the entries are there from day 0, as without a cohort.

use super::error::{ErrorKind, ScenarioError, Source};
use super::validate::whole;
use std::fmt::Write;
use toml::Spanned;

/// The keys of `[cohort]`.
pub(super) const COHORT_KEYS: &[&str] = &["entries_per_day"];

/// Most days an entry schedule may list: the longest run.
const MAX_ENTRY_DAYS: usize = 36_500;

/// When customers enter: how many make their first purchase on each day from day 1.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Cohort {
    /// `entries_per_day[d - 1]`: customers whose first purchase is on day `d`.
    pub entries_per_day: Vec<u32>,
}

impl Cohort {
    /// Customers in the cohort: shoppers `0..customers()` enter over time.
    pub fn customers(&self) -> u64 {
        self.entries_per_day.iter().map(|&n| u64::from(n)).sum()
    }

    /// Customers whose first purchase falls on or before `day`: the shoppers who are
    /// customers by the end of `day` (ids below this number).
    pub fn entered_by(&self, day: u32) -> u64 {
        self.entries_per_day
            .iter()
            .take(day as usize)
            .map(|&n| u64::from(n))
            .sum()
    }

    /// The day of the first purchase of each cohort customer, in id order.
    pub fn first_purchase_days(&self) -> impl Iterator<Item = u32> + '_ {
        self.entries_per_day
            .iter()
            .enumerate()
            .flat_map(|(index, &n)| std::iter::repeat(index as u32 + 1).take(n as usize))
    }
}

/// `[cohort]` as written.
#[derive(Debug, Default, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawCohort {
    pub entries_per_day: Option<Spanned<Vec<Spanned<i64>>>>,
}

/// The validated table; `shoppers` is `simulation.shoppers`, which the entries may not
/// exceed.
pub(super) fn validate(
    source: &Source,
    raw: &Spanned<RawCohort>,
    shoppers: u32,
) -> Result<Cohort, ScenarioError> {
    let key = "cohort.entries_per_day";
    let Some(entries) = &raw.get_ref().entries_per_day else {
        return Err(source
            .error(
                ErrorKind::MissingKey,
                key,
                Some(raw.span()),
                "[cohort] has no `entries_per_day`".to_string(),
            )
            .with_hint("list the customers whose first purchase is on day 1, 2, ...: entries_per_day = [120, 95, 40]"));
    };
    if entries.get_ref().len() > MAX_ENTRY_DAYS {
        return Err(source.error(
            ErrorKind::OutOfRange,
            key,
            Some(entries.span()),
            format!(
                "{key} lists {} days, more than the {MAX_ENTRY_DAYS} a run can have",
                entries.get_ref().len()
            ),
        ));
    }
    let mut entries_per_day = Vec::with_capacity(entries.get_ref().len());
    let mut total = 0u64;
    for entry in entries.get_ref() {
        let n = whole(source, key, entry, 0..=i64::from(u32::MAX))?;
        entries_per_day.push(n as u32);
        total += n as u64;
    }
    if total > u64::from(shoppers) {
        return Err(source
            .error(
                ErrorKind::OutOfRange,
                key,
                Some(entries.span()),
                format!(
                    "{key} adds up to {total} customers, more than the {shoppers} shoppers \
                     (simulation.shoppers)"
                ),
            )
            .with_hint(format!(
                "set simulation.shoppers to at least {total}; shoppers beyond the entries are \
                 there from day 0"
            )));
    }
    Ok(Cohort { entries_per_day })
}

/// Appends `[cohort]` to `text`.
pub(super) fn write(text: &mut String, cohort: &Cohort) {
    let entries: Vec<String> = cohort
        .entries_per_day
        .iter()
        .map(|n| n.to_string())
        .collect();
    // Writing to a String cannot fail.
    let _ = writeln!(
        text,
        "\n[cohort]\nentries_per_day = [{}]",
        entries.join(", ")
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn entries_give_each_customer_a_first_purchase_day() {
        let cohort = Cohort {
            entries_per_day: vec![2, 0, 1],
        };
        assert_eq!(cohort.customers(), 3);
        assert_eq!(cohort.entered_by(0), 0);
        assert_eq!(cohort.entered_by(1), 2);
        assert_eq!(cohort.entered_by(2), 2);
        assert_eq!(cohort.entered_by(99), 3);
        assert_eq!(cohort.first_purchase_days().collect::<Vec<_>>(), [1, 1, 3]);
    }
}
