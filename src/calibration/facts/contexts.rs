//! The facts across contexts (issue 14): a Latin hypercube over a plausible region of
//! retailers and populations, every fact checked in every context on common seeds.
//!
//! A fact that holds only at the settings its test happens to use says little about the
//! model. [`REGION`] is the one place that says which contexts count as plausible
//! (`docs/MODEL.md`, section 9, gives the same table with its sources); [`latin_hypercube`]
//! draws `n` of them, and [`survey`] checks facts in each and reports the share of
//! contexts where each holds. A context only moves what it names (the population mix,
//! the social network and the base strategy's levers below); each fact then sets the
//! levers it is about, as it does at the standard context.

use super::*;
use crate::rng::SplitMix64;

/// A context: the population and the retailer's practice the facts are checked in.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Context {
    pub mix: SegmentMix,
    pub transparency: UnitInterval,
    pub data_collection: UnitInterval,
    pub security: UnitInterval,
    pub retention_days: u32,
    pub third_party_data: bool,
    pub social_network: bool,
}

impl Context {
    /// The default scenario's context (Westin mix, the `balanced` strategy, network on):
    /// the one `shopsim facts` without `--contexts` and the stylized-fact tests use.
    pub fn standard() -> Context {
        let s = Scenario::default();
        Context {
            mix: s.population.mix,
            transparency: s.strategy.transparency,
            data_collection: s.strategy.data_collection,
            security: s.strategy.security,
            retention_days: s.strategy.retention_days,
            third_party_data: s.strategy.third_party_data,
            social_network: s.population.social_network,
        }
    }

    /// Puts this context into `scenario` (population mix, network, base levers).
    pub fn apply(&self, scenario: &mut Scenario) {
        scenario.population.mix = self.mix;
        scenario.population.social_network = self.social_network;
        let s = &mut scenario.strategy;
        s.transparency = self.transparency;
        s.data_collection = self.data_collection;
        s.security = self.security;
        s.retention_days = self.retention_days;
        s.third_party_data = self.third_party_data;
    }

    /// One line naming every setting, e.g. for the worst contexts of a fact.
    pub fn describe(&self) -> String {
        let on = |x: bool| if x { "on" } else { "off" };
        format!(
            "mix {:.0}/{:.0}/{:.0} %, transparency {:.2}, collection {:.2}, security {:.2}, \
             retention {} d, third-party {}, network {}",
            100.0 * self.mix.fundamentalists.get(),
            100.0 * self.mix.pragmatists.get(),
            100.0 * self.mix.unconcerned.get(),
            self.transparency.get(),
            self.data_collection.get(),
            self.security.get(),
            self.retention_days,
            on(self.third_party_data),
            on(self.social_network)
        )
    }
}

/// The plausible region of contexts: a range per continuous dimension, and the share of
/// contexts with each switch on.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Region {
    /// Share of privacy fundamentalists (Westin ~26 %; Cisco 2021-23: ~32 % "privacy
    /// actives"): 10-40 %.
    pub fundamentalists: (f64, f64),
    /// Share of the unconcerned (Westin ~10 %): 5-25 %. Pragmatists are the rest (35-85 %).
    pub unconcerned: (f64, f64),
    /// Transparency, covert to fully explained.
    pub transparency: (f64, f64),
    /// First-party collection, from lean to everything (a retailer that personalizes
    /// collects something).
    pub data_collection: (f64, f64),
    /// Security investment, from thin to strong (assumption: none and perfect are not
    /// plausible for a retailer).
    pub security: (f64, f64),
    /// Retention, a quarter to three years (the shipped presets' span).
    pub retention_days: (f64, f64),
    /// Share of contexts buying third-party data.
    pub third_party_share: f64,
    /// Share of contexts with word of mouth over the social network.
    pub network_share: f64,
}

/// The region every context is drawn from (`docs/MODEL.md`, section 9).
pub const REGION: Region = Region {
    fundamentalists: (0.10, 0.40),
    unconcerned: (0.05, 0.25),
    transparency: (0.0, 1.0),
    data_collection: (0.2, 1.0),
    security: (0.2, 0.9),
    retention_days: (90.0, 1095.0),
    third_party_share: 0.5,
    network_share: 0.5,
};

/// Dimensions of the hypercube, in the order of [`Region`]'s fields.
const DIMENSIONS: usize = 8;

/// `n` contexts from a Latin hypercube over [`REGION`]: each dimension is cut into `n`
/// equal strata and every stratum is used once, in an order shuffled per dimension.
/// A pure function of `n` and `seed`.
pub fn latin_hypercube(n: usize, seed: u64) -> Vec<Context> {
    let mut rng = SplitMix64::new(seed);
    let mut uniform = move || (rng.next() >> 11) as f64 / (1u64 << 53) as f64;
    let columns: Vec<Vec<f64>> = (0..DIMENSIONS)
        .map(|_| {
            let mut strata: Vec<usize> = (0..n).collect();
            // Fisher-Yates shuffle.
            for i in (1..n).rev() {
                let j = ((uniform() * (i + 1) as f64) as usize).min(i);
                strata.swap(i, j);
            }
            strata
                .into_iter()
                .map(|k| (k as f64 + uniform()) / n as f64)
                .collect()
        })
        .collect();
    let r = REGION;
    let within = |(lo, hi): (f64, f64), x: f64| lo + (hi - lo) * x;
    (0..n)
        .map(|i| {
            let x = |d: usize| columns[d][i];
            let fundamentalists = within(r.fundamentalists, x(0));
            let unconcerned = within(r.unconcerned, x(1));
            let pragmatists = 1.0 - fundamentalists - unconcerned;
            Context {
                mix: SegmentMix::new(u(fundamentalists), u(pragmatists), u(unconcerned))
                    .unwrap_or_default(),
                transparency: u(within(r.transparency, x(2))),
                data_collection: u(within(r.data_collection, x(3))),
                security: u(within(r.security, x(4))),
                retention_days: within(r.retention_days, x(5)).round() as u32,
                third_party_data: x(6) < r.third_party_share,
                social_network: x(7) < r.network_share,
            }
        })
        .collect()
}

/// Share of contexts in which every fact must hold (issue 14).
pub const REQUIRED_SHARE: f64 = 0.9;

/// Smallest share of each segment for a population to count as "mixed".
const MIXED_SHARE: f64 = 0.05;

fn mixed(context: &Context) -> bool {
    Segment::ALL
        .iter()
        .all(|&s| context.mix.share(s) >= MIXED_SHARE)
}

/// Where fact `number` applies, in words; [`applies`] is the same rule as a test.
pub fn where_it_applies(number: u8) -> &'static str {
    match number {
        1 | 3 | 4 | 5 | 11 => {
            "a mixed population (every segment at least 5 %): the fact is about shoppers \
             who differ in concern"
        }
        6 => {
            "a population with fundamentalists and unconcerned (at least 5 % each); the fact \
             imposes its aggressive strategy"
        }
        2 => "every context (the fact makes everyone unconcerned)",
        12 => "every context (the fact sets the consent regimes itself)",
        9 => "every context (the fact runs with and without the network itself)",
        14..=16 => {
            "every context (the fact sets its own strategies; the context gives the \
             population and the network)"
        }
        _ => "every context",
    }
}

/// Whether fact `number` applies in `context` (see [`where_it_applies`]).
pub fn applies(number: u8, context: &Context) -> bool {
    match number {
        1 | 3 | 4 | 5 | 6 | 11 => mixed(context),
        _ => true,
    }
}

/// Which way a fact's headline value ([`FactResult::value`]) is better, to rank contexts
/// from worst to best.
#[derive(Debug, Clone, Copy)]
enum Better {
    Higher,
    Lower,
    /// Closer to this value (facts whose value must lie in a range).
    Near(f64),
}

fn better(number: u8) -> Better {
    match number {
        2 | 12 => Better::Lower,
        // Abnormal breach churn in 1-4 %, dashboard click-through 1.5-3x, conversion
        // 1-5 %, the Gordon-Loeb spend share below 1/e, one breach 5-50 % of profit.
        7 => Better::Near(0.025),
        4 => Better::Near(2.25),
        13 => Better::Near(0.03),
        15 => Better::Near(0.18),
        16 => Better::Near(0.275),
        _ => Better::Higher,
    }
}

/// How bad a value is for fact `number` (larger is worse; only the order matters).
fn badness(number: u8, value: f64) -> f64 {
    if !value.is_finite() {
        return if value == f64::INFINITY && matches!(better(number), Better::Higher) {
            f64::NEG_INFINITY
        } else {
            f64::INFINITY
        };
    }
    match better(number) {
        Better::Higher => -value,
        Better::Lower => value,
        Better::Near(target) => (value - target).abs(),
    }
}

/// Fact `number` in one context.
#[derive(Debug, Clone, PartialEq)]
pub struct ContextOutcome {
    /// Index of the context in the design.
    pub context: usize,
    pub result: FactResult,
}

/// One fact over a design of contexts.
#[derive(Debug, Clone, PartialEq)]
pub struct FactSurvey {
    pub number: u8,
    pub title: &'static str,
    pub where_it_applies: &'static str,
    /// Contexts of the design where the fact does not apply (not counted).
    pub not_applicable: usize,
    /// One outcome per context where the fact applies, in design order.
    pub outcomes: Vec<ContextOutcome>,
}

impl FactSurvey {
    /// Contexts where the fact applies and holds.
    pub fn held(&self) -> usize {
        self.outcomes.iter().filter(|o| o.result.pass).count()
    }

    /// Share of the applicable contexts where the fact holds (1 when none applies).
    pub fn share(&self) -> f64 {
        if self.outcomes.is_empty() {
            1.0
        } else {
            self.held() as f64 / self.outcomes.len() as f64
        }
    }

    /// Whether the fact holds in at least [`REQUIRED_SHARE`] of its contexts.
    pub fn holds_widely(&self) -> bool {
        self.share() >= REQUIRED_SHARE
    }

    /// The `k` worst outcomes: failing contexts first, then by the headline value from
    /// worst to best; ties in design order.
    pub fn worst(&self, k: usize) -> Vec<&ContextOutcome> {
        let mut ranked: Vec<&ContextOutcome> = self.outcomes.iter().collect();
        ranked.sort_by(|a, b| {
            a.result
                .pass
                .cmp(&b.result.pass)
                .then(
                    badness(self.number, b.result.value)
                        .total_cmp(&badness(self.number, a.result.value)),
                )
                .then(a.context.cmp(&b.context))
        });
        ranked.truncate(k);
        ranked
    }
}

/// Checks facts `numbers` in every context of `contexts` at `sizes` (the same seeds in
/// every context). Runs in parallel; the result does not depend on the thread count.
pub fn survey(numbers: &[u8], contexts: &[Context], sizes: FactSizes) -> Vec<FactSurvey> {
    let jobs: Vec<(u8, usize)> = numbers
        .iter()
        .flat_map(|&n| {
            contexts
                .iter()
                .enumerate()
                .filter(move |(_, c)| applies(n, c))
                .map(move |(i, _)| (n, i))
        })
        .collect();
    let results: Vec<FactResult> = jobs
        .par_iter()
        .map(|&(n, i)| check_fact_in(n, sizes, &contexts[i]))
        .collect();
    numbers
        .iter()
        .map(|&number| {
            let outcomes: Vec<ContextOutcome> = jobs
                .iter()
                .zip(&results)
                .filter(|((n, _), _)| *n == number)
                .map(|(&(_, context), result)| ContextOutcome {
                    context,
                    result: result.clone(),
                })
                .collect();
            FactSurvey {
                number,
                title: outcomes.first().map_or("", |o| o.result.title),
                where_it_applies: where_it_applies(number),
                not_applicable: contexts.len() - outcomes.len(),
                outcomes,
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_hypercube_uses_every_stratum_once_and_stays_in_the_region() {
        let n = 40;
        let design = latin_hypercube(n, 7);
        assert_eq!(design.len(), n);
        let strata = |x: Vec<f64>, (lo, hi): (f64, f64)| {
            let mut seen: Vec<usize> = x
                .iter()
                .map(|v| (((v - lo) / (hi - lo)) * n as f64).floor() as usize)
                .collect();
            seen.sort_unstable();
            seen
        };
        let every: Vec<usize> = (0..n).collect();
        let tau = design.iter().map(|c| c.transparency.get()).collect();
        assert_eq!(strata(tau, REGION.transparency), every);
        let f = design.iter().map(|c| c.mix.fundamentalists.get()).collect();
        assert_eq!(strata(f, REGION.fundamentalists), every);
        for c in &design {
            assert!(mixed(c), "{}", c.describe());
            let dc = c.data_collection.get();
            assert!((REGION.data_collection.0..=REGION.data_collection.1).contains(&dc));
            let days = f64::from(c.retention_days);
            assert!((REGION.retention_days.0..=REGION.retention_days.1).contains(&days));
        }
        let third = design.iter().filter(|c| c.third_party_data).count();
        let network = design.iter().filter(|c| c.social_network).count();
        assert_eq!(third, n / 2, "a switch is on in half the strata");
        assert_eq!(network, n / 2);
        assert_eq!(
            design,
            latin_hypercube(n, 7),
            "a pure function of n and seed"
        );
        assert_ne!(design, latin_hypercube(n, 8));
    }

    #[test]
    fn the_standard_context_leaves_the_default_scenario_unchanged() {
        let mut s = Scenario::default();
        Context::standard().apply(&mut s);
        assert_eq!(s, Scenario::default());
    }

    #[test]
    fn worst_outcomes_put_failures_first() {
        let outcome = |context: usize, value: f64, pass: bool| ContextOutcome {
            context,
            result: FactResult {
                number: 1,
                title: "Inverted U",
                value,
                measured: String::new(),
                expected: "",
                pass,
            },
        };
        let survey = FactSurvey {
            number: 1,
            title: "Inverted U",
            where_it_applies: where_it_applies(1),
            not_applicable: 0,
            outcomes: vec![
                outcome(0, 0.05, true),
                outcome(1, 0.01, false),
                outcome(2, 0.02, false),
                outcome(3, 0.04, true),
            ],
        };
        assert_eq!(survey.held(), 2);
        assert!((survey.share() - 0.5).abs() < 1e-12);
        assert!(!survey.holds_widely());
        let worst: Vec<usize> = survey.worst(3).iter().map(|o| o.context).collect();
        assert_eq!(worst, vec![1, 2, 3]);
    }
}
