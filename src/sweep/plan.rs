//! The plan: every run of an experiment, its point, replicate, id and seed, fixed before
//! anything runs.
//!
//! * Points are numbered in design order (grid: first parameter slowest; sobol: A_j, B_j,
//!   AB_j^1..AB_j^k for each base sample j). Run `index = point * replicates + replicate`.
//! * A run's id is `p<point>-r<replicate>`, zero-padded to the plan's width (`p0012-r03`).
//! * A run's seed is a hash of the root seed and the run id (with `common_random_numbers`,
//!   of the root seed and `r<replicate>` only, so replicate r of every point sees the same
//!   random numbers). Seeds never depend on thread count, shard count or run order.
//! * Shard `k` of `n` holds the runs with `index % n == k`: round-robin, so each shard
//!   gets a similar mix of cheap and expensive points.
//! * The plan hash is FNV-1a (64-bit) of the plan's canonical text, its compact JSON with
//!   the `hash` field empty. Every input that changes results (the resolved base scenario,
//!   parameters, points, seeds, metrics) is in that text, so shard outputs with equal
//!   hashes belong together; FNV-1a and serde_json's float formatting (shortest exact
//!   form) are the same on every platform.

use super::design::{self, SobolRole};
use super::experiment::{self, text_is_csv_safe, DesignKind, Experiment, Level, ParetoObjectives};
use super::metrics::known_metrics;
use crate::rng::splitmix64;
use crate::scenario::{Scenario, ScenarioError};
use serde::{Deserialize, Serialize};

/// Version of the plan format written in `plan.json`.
pub const PLAN_FORMAT: u32 = 1;

/// One point of the design: a level for each parameter.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Point {
    pub levels: Vec<Level>,
    /// The point's role in a Saltelli design; `None` for grid and lhs.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub role: Option<SobolRole>,
}

/// A resolved experiment: everything needed to run, shard, merge and report it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Plan {
    pub format: u32,
    pub name: String,
    pub description: String,
    /// The base as written in the experiment (preset name or path), for people.
    pub base: String,
    /// The resolved base scenario (with the experiment's fixed overrides), as TOML.
    pub base_scenario: String,
    pub seed: u64,
    pub replicates: u32,
    pub design: DesignKind,
    pub samples: u32,
    pub common_random_numbers: bool,
    pub bootstrap: u32,
    /// Parameter keys, in experiment order; each point has one level per key.
    pub parameters: Vec<String>,
    pub metrics: Vec<String>,
    pub pareto: ParetoObjectives,
    pub points: Vec<Point>,
    /// FNV-1a 64 of the canonical text, 16 lowercase hex digits.
    pub hash: String,
}

/// One run of the plan.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlannedRun {
    /// Position in the plan, `point * replicates + replicate`.
    pub index: usize,
    pub id: String,
    pub point: usize,
    pub replicate: u32,
    /// The scenario seed of this run (below 2^63, as scenario files require).
    pub seed: u64,
}

/// FNV-1a, 64-bit: a fixed, platform-independent hash for plan texts and run ids.
pub fn fnv1a64(bytes: &[u8]) -> u64 {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for byte in bytes {
        hash ^= u64::from(*byte);
        hash = hash.wrapping_mul(0x0000_0100_0000_01b3);
    }
    hash
}

/// A seed derived from a root seed and a label (run id, `"design"`, `"bootstrap"`).
pub fn derive_seed(root: u64, label: &str) -> u64 {
    splitmix64(splitmix64(root) ^ fnv1a64(label.as_bytes())) >> 1
}

fn digits(count: usize) -> usize {
    count.saturating_sub(1).max(1).to_string().len()
}

impl Plan {
    /// Resolves an experiment against its base scenario (see
    /// [`Experiment::resolve_base`]) and lays out every point.
    pub fn new(experiment: &Experiment, base: &Scenario) -> Result<Plan, ScenarioError> {
        let base = experiment.resolve_base(base)?;
        let domains: Vec<_> = experiment.parameters.iter().map(|p| &p.domain).collect();
        let design_seed = derive_seed(experiment.seed, "design");
        let samples = experiment.samples as usize;
        let points = match experiment.design {
            DesignKind::Grid => {
                let levels: Vec<Vec<Level>> = domains.iter().map(|d| d.grid_levels()).collect();
                design::grid(&levels)
                    .into_iter()
                    .map(|levels| Point { levels, role: None })
                    .collect()
            }
            DesignKind::Lhs => design::latin_hypercube(samples, domains.len(), design_seed)
                .into_iter()
                .map(|unit| Point {
                    levels: domains
                        .iter()
                        .zip(&unit)
                        .map(|(d, u)| d.level_at(*u))
                        .collect(),
                    role: None,
                })
                .collect(),
            DesignKind::Sobol => design::saltelli(samples, domains.len(), design_seed)
                .into_iter()
                .map(|(role, unit)| Point {
                    levels: domains
                        .iter()
                        .zip(&unit)
                        .map(|(d, u)| d.level_at(*u))
                        .collect(),
                    role: Some(role),
                })
                .collect(),
        };
        let mut plan = Plan {
            format: PLAN_FORMAT,
            name: experiment.name.clone(),
            description: experiment.description.clone(),
            base: experiment.base.clone(),
            base_scenario: base.to_toml_string(),
            seed: experiment.seed,
            replicates: experiment.replicates,
            design: experiment.design,
            samples: experiment.samples,
            common_random_numbers: experiment.common_random_numbers,
            bootstrap: experiment.bootstrap,
            parameters: experiment
                .parameters
                .iter()
                .map(|p| p.key.clone())
                .collect(),
            metrics: experiment.metrics.clone(),
            pareto: experiment.pareto.clone(),
            points,
            hash: String::new(),
        };
        plan.hash = plan.compute_hash();
        Ok(plan)
    }

    /// The hash of this plan's canonical text (see the module docs).
    pub fn compute_hash(&self) -> String {
        let canonical = Plan {
            hash: String::new(),
            ..self.clone()
        };
        let text = serde_json::to_string(&canonical).unwrap_or_default();
        format!("{:016x}", fnv1a64(text.as_bytes()))
    }

    /// The plan as pretty JSON (the `plan.json` of a sweep directory).
    pub fn to_json(&self) -> String {
        let mut text = serde_json::to_string_pretty(self).unwrap_or_default();
        text.push('\n');
        text
    }

    /// Reads a plan written by [`Plan::to_json`], checking its format, its contents (the
    /// limits of an experiment file, see [`Plan::check`]) and its hash.
    pub fn from_json(text: &str) -> Result<Plan, String> {
        let plan: Plan = serde_json::from_str(text).map_err(|e| format!("not a plan: {e}"))?;
        if plan.format != PLAN_FORMAT {
            return Err(format!(
                "plan format {} is not the supported format {PLAN_FORMAT}",
                plan.format
            ));
        }
        plan.check()?;
        if plan.compute_hash() != plan.hash {
            // The right hash is not printed: pasting it in would make any edit pass.
            return Err(
                "the plan was edited: its contents no longer match its hash; make a new plan \
                 from the experiment file instead"
                    .to_string(),
            );
        }
        Ok(plan)
    }

    /// Checks a plan read from a file as an experiment file is checked: the same limits on
    /// replicates, samples, bootstrap resamples and runs, known metrics, one level per
    /// parameter at every point, text levels a results file can hold, and a base scenario
    /// that validates and accepts every parameter's levels. A hash does not prove any of
    /// this: it is computed by whoever wrote the file.
    pub fn check(&self) -> Result<(), String> {
        let within = |key: &str, value: u32, allowed: &std::ops::RangeInclusive<i64>| {
            if allowed.contains(&i64::from(value)) {
                Ok(())
            } else {
                Err(format!(
                    "{key} must be within {}..={}, got {value}",
                    allowed.start(),
                    allowed.end()
                ))
            }
        };
        within("replicates", self.replicates, &experiment::REPLICATES)?;
        within("bootstrap", self.bootstrap, &experiment::BOOTSTRAP)?;
        within("samples", self.samples, &experiment::SAMPLES)?;
        if self.points.is_empty() || self.parameters.is_empty() {
            return Err("the plan has no points or no parameters".to_string());
        }
        let runs = (self.points.len() as u64).saturating_mul(u64::from(self.replicates));
        if runs > experiment::MAX_RUNS {
            return Err(format!(
                "the plan has {runs} runs, more than the {} allowed",
                experiment::MAX_RUNS
            ));
        }
        let known = known_metrics();
        if self.metrics.is_empty() {
            return Err("metrics must name at least one metric".to_string());
        }
        let objectives = self.pareto.maximize.iter().chain(&self.pareto.minimize);
        for metric in self.metrics.iter().chain(objectives) {
            if !known.contains(metric) {
                return Err(format!(
                    "unknown metric {metric:?}: metrics are the numeric fields of a run's summary"
                ));
            }
        }
        for (i, key) in self.parameters.iter().enumerate() {
            if self.parameters[..i].contains(key) {
                return Err(format!("parameter {key:?} is listed twice"));
            }
            if key == "simulation.seed" {
                return Err("simulation.seed cannot be a parameter".to_string());
            }
        }
        if let Some(point) = self
            .points
            .iter()
            .position(|p| p.levels.len() != self.parameters.len())
        {
            return Err(format!(
                "point {point} has {} levels for {} parameters",
                self.points[point].levels.len(),
                self.parameters.len()
            ));
        }
        let base = self
            .base_scenario()
            .map_err(|e| format!("base_scenario: {e}"))?;
        for (index, key) in self.parameters.iter().enumerate() {
            for level in self.probe_levels(index) {
                if let Level::Text(text) = &level {
                    if !text_is_csv_safe(text) {
                        return Err(format!(
                            "parameter {key}: level {text:?} contains a comma, a quote or a control character"
                        ));
                    }
                }
                base.with_override(&format!("{key}={level}"))
                    .map_err(|e| format!("parameter {key}: {}", e.message))?;
            }
        }
        Ok(())
    }

    /// The levels of parameter `index` worth trying on the base: the lowest and highest
    /// number (a scenario key's valid numbers form an interval) and every other level once.
    fn probe_levels(&self, index: usize) -> Vec<Level> {
        let mut probes: Vec<Level> = Vec::new();
        let (mut low, mut high): (Option<&Level>, Option<&Level>) = (None, None);
        for point in &self.points {
            let level = &point.levels[index];
            match level {
                Level::Number(_) | Level::Integer(_) => {
                    let x = level.as_number().unwrap_or(f64::NAN);
                    if !low.and_then(Level::as_number).is_some_and(|l| l <= x) {
                        low = Some(level);
                    }
                    if !high.and_then(Level::as_number).is_some_and(|h| h >= x) {
                        high = Some(level);
                    }
                }
                other => {
                    if !probes.contains(other) {
                        probes.push(other.clone());
                    }
                }
            }
        }
        probes.extend(low.into_iter().chain(high).cloned());
        probes
    }

    /// The resolved base scenario.
    pub fn base_scenario(&self) -> Result<Scenario, ScenarioError> {
        Scenario::from_toml_str(&self.base_scenario, "plan.json base_scenario")
    }

    /// Number of runs: points x replicates.
    pub fn run_count(&self) -> usize {
        self.points.len() * self.replicates as usize
    }

    /// The id of a run, e.g. `p0012-r03`.
    pub fn run_id(&self, point: usize, replicate: u32) -> String {
        let point_width = digits(self.points.len()).max(4);
        let replicate_width = digits(self.replicates as usize).max(2);
        format!("p{point:0point_width$}-r{replicate:0replicate_width$}")
    }

    /// The run at `index` (`None` past the end).
    pub fn run(&self, index: usize) -> Option<PlannedRun> {
        if index >= self.run_count() {
            return None;
        }
        let replicates = self.replicates as usize;
        let (point, replicate) = (index / replicates, (index % replicates) as u32);
        let id = self.run_id(point, replicate);
        let seed_label = if self.common_random_numbers {
            format!("r{replicate}")
        } else {
            id.clone()
        };
        Some(PlannedRun {
            index,
            seed: derive_seed(self.seed, &seed_label),
            id,
            point,
            replicate,
        })
    }

    /// Every run, in index order.
    pub fn runs(&self) -> impl Iterator<Item = PlannedRun> + '_ {
        (0..self.run_count()).filter_map(|index| self.run(index))
    }

    /// The runs of shard `k` of `n` (`index % n == k`); empty unless `k < n`.
    pub fn shard(&self, k: usize, n: usize) -> Vec<PlannedRun> {
        if n == 0 || k >= n {
            return Vec::new();
        }
        (k..self.run_count())
            .step_by(n)
            .filter_map(|index| self.run(index))
            .collect()
    }

    /// The `--set` assignments that turn the base scenario into run `run`.
    pub fn assignments(&self, run: &PlannedRun) -> Vec<String> {
        let mut assignments: Vec<String> = self
            .parameters
            .iter()
            .zip(&self.points[run.point].levels)
            .map(|(key, level)| format!("{key}={level}"))
            .collect();
        assignments.push(format!("simulation.seed={}", run.seed));
        assignments
    }

    /// The index of a run id in this plan, if it belongs to it.
    pub fn index_of(&self, id: &str) -> Option<usize> {
        let (point, replicate) = id.strip_prefix('p')?.split_once("-r")?;
        let (point, replicate): (usize, u32) = (point.parse().ok()?, replicate.parse().ok()?);
        if point >= self.points.len() || replicate >= self.replicates {
            return None;
        }
        let index = point * self.replicates as usize + replicate as usize;
        (self.run_id(point, replicate) == id).then_some(index)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn experiment(text: &str) -> Experiment {
        Experiment::from_toml_str(text, "test.toml").unwrap()
    }

    const GRID: &str = r#"
        seed = 7
        replicates = 3
        [[parameters]]
        key = "strategy.personalization"
        range = [0.0, 1.0]
        steps = 3
        [[parameters]]
        key = "strategy.consent"
        choices = ["opt-in", "opt-out"]
    "#;

    #[test]
    fn same_experiment_same_ids_seeds_and_hash() {
        let base = Scenario::default();
        let a = Plan::new(&experiment(GRID), &base).unwrap();
        let b = Plan::new(&experiment(GRID), &base).unwrap();
        assert_eq!(a, b);
        assert_eq!(a.run_count(), 3 * 2 * 3);
        let runs: Vec<PlannedRun> = a.runs().collect();
        assert_eq!(runs, b.runs().collect::<Vec<_>>());
        assert_eq!(runs[4].id, "p0001-r01");
        assert_eq!(
            a.points[1].levels,
            vec![Level::Number(0.0), Level::Text("opt-out".into())]
        );
        // Seeds differ between runs and stay below 2^63.
        let mut seeds: Vec<u64> = runs.iter().map(|r| r.seed).collect();
        assert!(seeds.iter().all(|s| *s < 1 << 63));
        seeds.sort_unstable();
        seeds.dedup();
        assert_eq!(seeds.len(), runs.len());
        // A different root seed changes seeds and hash, not ids.
        let other = Plan::new(&experiment(&GRID.replace("seed = 7", "seed = 8")), &base).unwrap();
        assert_ne!(other.hash, a.hash);
        assert_ne!(other.run(4).unwrap().seed, runs[4].seed);
        assert_eq!(other.run(4).unwrap().id, runs[4].id);
        // A different base scenario changes the hash.
        let mut changed = base.clone();
        changed.simulation.days = 30;
        assert_ne!(Plan::new(&experiment(GRID), &changed).unwrap().hash, a.hash);
    }

    #[test]
    fn the_hash_is_pinned_to_the_canonical_text() {
        // FNV-1a test vectors (Fowler, Noll, Vo reference implementation).
        assert_eq!(fnv1a64(b""), 0xcbf2_9ce4_8422_2325);
        assert_eq!(fnv1a64(b"a"), 0xaf63_dc4c_8601_ec8c);
        assert_eq!(fnv1a64(b"foobar"), 0x8594_4171_f739_67e8);
        let plan = Plan::new(&experiment(GRID), &Scenario::default()).unwrap();
        let mut text_plan = plan.clone();
        text_plan.hash = String::new();
        let text = serde_json::to_string(&text_plan).unwrap();
        assert_eq!(plan.hash, format!("{:016x}", fnv1a64(text.as_bytes())));
    }

    #[test]
    fn json_round_trips_and_detects_edits() {
        let plan = Plan::new(&experiment(GRID), &Scenario::default()).unwrap();
        let json = plan.to_json();
        assert_eq!(Plan::from_json(&json).unwrap(), plan);
        let edited = json.replace("\"replicates\": 3", "\"replicates\": 4");
        assert!(Plan::from_json(&edited).unwrap_err().contains("edited"));
        assert_eq!(plan.base_scenario().unwrap(), Scenario::default());
    }

    #[test]
    fn shards_partition_the_runs() {
        let plan = Plan::new(&experiment(GRID), &Scenario::default()).unwrap();
        let mut all: Vec<PlannedRun> = (0..4).flat_map(|k| plan.shard(k, 4)).collect();
        all.sort_by_key(|r| r.index);
        assert_eq!(all, plan.runs().collect::<Vec<_>>());
        assert!(plan.shard(4, 4).is_empty());
        assert!(plan.shard(0, 0).is_empty());
    }

    #[test]
    fn run_ids_map_back_to_indices() {
        let plan = Plan::new(&experiment(GRID), &Scenario::default()).unwrap();
        for run in plan.runs() {
            assert_eq!(plan.index_of(&run.id), Some(run.index));
        }
        assert_eq!(plan.index_of("p0006-r00"), None);
        assert_eq!(plan.index_of("p1-r1"), None);
        assert_eq!(plan.index_of("junk"), None);
    }

    #[test]
    fn common_random_numbers_share_seeds_across_points() {
        let text = format!("common_random_numbers = true\n{GRID}");
        let plan = Plan::new(&experiment(&text), &Scenario::default()).unwrap();
        assert_eq!(plan.run(1).unwrap().seed, plan.run(4).unwrap().seed);
        assert_ne!(plan.run(1).unwrap().seed, plan.run(2).unwrap().seed);
    }

    #[test]
    fn assignments_reproduce_the_point() {
        let plan = Plan::new(&experiment(GRID), &Scenario::default()).unwrap();
        let run = plan.run(17).unwrap();
        let scenario = plan
            .base_scenario()
            .unwrap()
            .with_overrides(plan.assignments(&run))
            .unwrap();
        assert_eq!(scenario.strategy.personalization.get(), 1.0);
        assert_eq!(scenario.simulation.seed, run.seed);
    }
}
