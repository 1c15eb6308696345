//! Counting the records the retailer holds (E17) without reading every shopper's
//! last visit every day.
//!
//! A record is held while `day - last_visit <= retention_days`
//! ([`crate::model::retailer::record_held`]). Instead of testing
//! that for every shopper every day, the engine keeps how many shoppers last visited
//! on each day; a visit moves one shopper from its previous last-visit day to today.
//! The count of records held under any retention period is then a sum over at most
//! `retention_days + 1` days, and it stays exact when the retention period changes.

use crate::model::population::{ShopperBlock, NEVER_VISITED};

/// Shoppers by the day of their last visit.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LastVisitCounts {
    /// `counts[d + offset]`: shoppers whose last visit was on day `d` (`d` may be
    /// negative: visits before the simulation started).
    counts: Vec<u64>,
    offset: i64,
}

impl LastVisitCounts {
    /// The counts of a population as it stands.
    pub fn of(blocks: &[ShopperBlock]) -> LastVisitCounts {
        let days = || {
            blocks
                .iter()
                .flat_map(|b| b.last_visit_day.iter().copied())
                .filter(|&day| day != NEVER_VISITED)
        };
        let offset = -(days().min().unwrap_or(0).min(0) as i64);
        let mut counts = LastVisitCounts {
            counts: Vec::new(),
            offset,
        };
        for day in days() {
            counts.add(day as i64, 1);
        }
        counts
    }

    fn add(&mut self, day: i64, n: u64) {
        let at = (day + self.offset).max(0) as usize;
        if at >= self.counts.len() {
            self.counts.resize(at + 1, 0);
        }
        if let Some(count) = self.counts.get_mut(at) {
            *count += n;
        }
    }

    /// Records the visits of `day`: `previous` holds the earlier last-visit day of
    /// each shopper who visited ([`NEVER_VISITED`] for a first visit).
    pub fn visited(&mut self, day: u32, previous: &[i32]) {
        for &before in previous.iter().filter(|&&before| before != NEVER_VISITED) {
            if let Some(count) = self
                .counts
                .get_mut((before as i64 + self.offset).max(0) as usize)
            {
                *count = count.saturating_sub(1);
            }
        }
        self.add(day as i64, previous.len() as u64);
    }

    /// Shoppers whose record is held on `day`: last visit within `retention_days`.
    pub fn retained(&self, day: u32, retention_days: u32) -> u64 {
        let first = (day as i64 - retention_days as i64 + self.offset).max(0) as usize;
        let last = (day as i64 + self.offset).max(0) as usize;
        self.counts
            .get(first..=last.min(self.counts.len().saturating_sub(1)))
            .map_or(0, |days| days.iter().sum())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::retailer::record_held;

    /// Every shopper tested with the model's rule (E17).
    fn brute_force(last_visits: &[i32], day: u32, retention: u32) -> u64 {
        last_visits
            .iter()
            .filter(|&&last| record_held(day as i64, last as i64, retention))
            .count() as u64
    }

    #[test]
    fn counts_match_a_scan_of_every_shopper_as_shoppers_visit() {
        let mut block = ShopperBlock {
            last_visit_day: (0..500).map(|i| -1 - (i * 7 % 60)).collect(),
            ..ShopperBlock::default()
        };
        let mut counts = LastVisitCounts::of(std::slice::from_ref(&block));
        for day in 1..=400u32 {
            // A deterministic spread of visitors.
            let mut previous = Vec::new();
            for (i, last) in block.last_visit_day.iter_mut().enumerate() {
                if (i as u32 * 31 + day * 17) % 23 == 0 {
                    previous.push(*last);
                    *last = day as i32;
                }
            }
            counts.visited(day, &previous);
            for retention in [0, 1, 30, 90, 365, 10_000] {
                assert_eq!(
                    counts.retained(day, retention),
                    brute_force(&block.last_visit_day, day, retention),
                    "day {day} retention {retention}"
                );
            }
        }
    }

    #[test]
    fn no_shoppers_no_records() {
        let counts = LastVisitCounts::of(&[]);
        assert_eq!(counts.retained(10, 365), 0);
    }
}
