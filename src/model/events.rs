//! Events that shock the shoppers' trust: breaches, regulatory inquiries and
//! privacy-policy changes.

use crate::units::UnitInterval;
use serde::{Deserialize, Serialize};
use std::fmt;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum EventKind {
    /// Customer data is exposed; cost and a possible fine follow.
    Breach,
    /// A regulator opens an inquiry into the retailer's data practices.
    RegulatoryInquiry,
    /// The retailer changes its privacy policy (e.g. after a merger).
    PolicyChange,
}

impl EventKind {
    pub const ALL: [EventKind; 3] = [
        EventKind::Breach,
        EventKind::RegulatoryInquiry,
        EventKind::PolicyChange,
    ];

    /// The spelling used in scenario files.
    pub fn name(self) -> &'static str {
        match self {
            EventKind::Breach => "breach",
            EventKind::RegulatoryInquiry => "regulatory-inquiry",
            EventKind::PolicyChange => "policy-change",
        }
    }

    pub fn index(self) -> usize {
        match self {
            EventKind::Breach => 0,
            EventKind::RegulatoryInquiry => 1,
            EventKind::PolicyChange => 2,
        }
    }
}

impl fmt::Display for EventKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// An event planned for a given day (1-based; it fires at the start of that day).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct ScheduledEvent {
    pub day: u32,
    pub kind: EventKind,
    pub severity: UnitInterval,
}
