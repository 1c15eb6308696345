//! The retailer's strategy: the levers a product manager can pull.

use crate::units::UnitInterval;
use serde::{Deserialize, Serialize};
use std::fmt;

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

impl fmt::Display for PrivacyTech {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// A retailer's strategy: every lever of a scenario's `[strategy]` table.
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
