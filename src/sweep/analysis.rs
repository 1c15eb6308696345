//! The report of a sweep: per-point estimates, Sobol indices and the Pareto front,
//! computed from a plan and its run records (pure; the CLI writes and prints it).

use super::design::SobolRole;
use super::experiment::{DesignKind, Level};
use super::plan::{derive_seed, Plan};
use super::results::RunRecord;
use super::stats::{
    estimate, intervals_overlap, noise, pareto_front, sobol_indices, Direction, Estimate, Noise,
    SobolIndex,
};
use serde::Serialize;

/// Estimates of every metric at one point.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PointReport {
    pub point: usize,
    pub levels: Vec<Level>,
    /// One estimate per plan metric, in plan order.
    pub estimates: Vec<Estimate>,
    /// Runs of this point found, of the plan's `replicates`.
    pub runs: usize,
    /// Whether every replicate of the point has a result. An incomplete point's estimates
    /// rest on fewer runs than planned; it is marked in every output.
    pub complete: bool,
}

/// Sobol indices of every parameter for one metric.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SobolReport {
    pub metric: String,
    /// Base samples used (those whose A, B and every AB_i point have results).
    pub samples: usize,
    /// One entry per plan parameter, in plan order.
    pub indices: Vec<SobolIndex>,
}

/// A Pareto objective: a metric and its direction.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Objective {
    pub metric: String,
    pub direction: Direction,
}

/// Seed noise of one metric ([`Noise`]; `None` with one replicate per point).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MetricNoise {
    pub metric: String,
    pub noise: Option<Noise>,
}

/// From this share of the variance of point means on, seed noise dominates a metric: its
/// differences between points, and its Sobol indices, mostly measure noise.
pub const NOISE_DOMINATES: f64 = 0.5;

/// A point of the Pareto front that the replicates cannot tell apart from other points:
/// their 95 % intervals overlap in every objective.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ParetoOverlap {
    pub point: usize,
    /// The other points (on the front or not), in plan order.
    pub with: Vec<usize>,
}

/// Everything `shopsim report` shows.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Report {
    pub name: String,
    pub plan_hash: String,
    pub design: DesignKind,
    pub parameters: Vec<String>,
    pub metrics: Vec<String>,
    pub runs_planned: usize,
    pub runs_found: usize,
    /// Points with at least one result, in plan order.
    pub points: Vec<PointReport>,
    /// Sobol indices per metric (sobol designs only).
    pub sobol: Vec<SobolReport>,
    pub pareto_objectives: Vec<Objective>,
    /// Point numbers on the Pareto front of the point means, in plan order.
    pub pareto_front: Vec<usize>,
    /// Front points whose intervals overlap another point's in every objective (a front
    /// of means that the replicates do not resolve), in plan order.
    pub pareto_overlaps: Vec<ParetoOverlap>,
    /// Seed noise per plan metric, in plan order.
    pub noise: Vec<MetricNoise>,
}

impl Report {
    /// Builds the report. Records of runs not in the plan are ignored; points without any
    /// record are left out; a Sobol base sample is used only if all its points have results.
    pub fn build(plan: &Plan, records: &[RunRecord]) -> Report {
        let metric_count = plan.metrics.len();
        let mut values: Vec<Vec<Vec<f64>>> =
            vec![vec![Vec::new(); metric_count]; plan.points.len()];
        let mut runs_found = 0;
        let mut runs_per_point = vec![0usize; plan.points.len()];
        for record in records {
            if plan.index_of(&record.run_id).is_none() || record.metrics.len() != metric_count {
                continue;
            }
            runs_found += 1;
            runs_per_point[record.point] += 1;
            for (metric, value) in record.metrics.iter().enumerate() {
                values[record.point][metric].push(*value);
            }
        }
        let points: Vec<PointReport> = values
            .iter()
            .enumerate()
            .filter(|(_, per_metric)| per_metric.iter().any(|v| !v.is_empty()))
            .map(|(point, per_metric)| PointReport {
                point,
                levels: plan.points[point].levels.clone(),
                estimates: per_metric.iter().map(|v| estimate(v)).collect(),
                runs: runs_per_point[point],
                complete: runs_per_point[point] >= plan.replicates as usize,
            })
            .collect();

        let sobol = if plan.design == DesignKind::Sobol {
            sobol_reports(plan, &points)
        } else {
            Vec::new()
        };

        let pareto_objectives: Vec<Objective> = plan
            .pareto
            .maximize
            .iter()
            .map(|m| (m, Direction::Maximize))
            .chain(
                plan.pareto
                    .minimize
                    .iter()
                    .map(|m| (m, Direction::Minimize)),
            )
            .map(|(metric, direction)| Objective {
                metric: metric.clone(),
                direction,
            })
            .collect();
        let columns: Vec<Option<usize>> = pareto_objectives
            .iter()
            .map(|o| plan.metrics.iter().position(|m| *m == o.metric))
            .collect();
        let resolved = columns.iter().all(Option::is_some) && !columns.is_empty();
        let pareto_front = if resolved {
            let objectives: Vec<Vec<f64>> = points
                .iter()
                .map(|p| {
                    columns
                        .iter()
                        .flatten()
                        .map(|&c| p.estimates[c].mean)
                        .collect()
                })
                .collect();
            let directions: Vec<Direction> =
                pareto_objectives.iter().map(|o| o.direction).collect();
            pareto_front(&objectives, &directions)
                .into_iter()
                .map(|i| points[i].point)
                .collect()
        } else {
            Vec::new()
        };

        let pareto_overlaps = if resolved {
            overlaps(&points, &pareto_front, &columns)
        } else {
            Vec::new()
        };
        let noise = plan
            .metrics
            .iter()
            .enumerate()
            .map(|(metric, name)| {
                let per_point: Vec<Vec<f64>> =
                    values.iter().map(|point| point[metric].clone()).collect();
                MetricNoise {
                    metric: name.clone(),
                    noise: noise(&per_point),
                }
            })
            .collect();

        Report {
            name: plan.name.clone(),
            plan_hash: plan.hash.clone(),
            design: plan.design,
            parameters: plan.parameters.clone(),
            metrics: plan.metrics.clone(),
            runs_planned: plan.run_count(),
            runs_found,
            points,
            sobol,
            pareto_objectives,
            pareto_front,
            pareto_overlaps,
            noise,
        }
    }

    /// The metrics whose point means are mostly seed noise (share at least
    /// [`NOISE_DOMINATES`]), with their noise.
    pub fn noisy_metrics(&self) -> impl Iterator<Item = (&str, &Noise)> {
        self.noise.iter().filter_map(|m| {
            m.noise
                .as_ref()
                .filter(|n| n.share >= NOISE_DOMINATES)
                .map(|n| (m.metric.as_str(), n))
        })
    }

    /// The points a front point cannot be told apart from (empty if none or not on it).
    pub fn overlapping(&self, point: usize) -> &[usize] {
        self.pareto_overlaps
            .iter()
            .find(|o| o.point == point)
            .map_or(&[], |o| o.with.as_slice())
    }

    /// Per-point estimates as tidy CSV: one row per point and metric.
    pub fn points_csv(&self) -> String {
        let mut text = String::from("point");
        for parameter in &self.parameters {
            text.push(',');
            text.push_str(parameter);
        }
        text.push_str(",metric,n,mean,sd,ci_low,ci_high,complete\n");
        for point in &self.points {
            let levels: Vec<String> = point.levels.iter().map(ToString::to_string).collect();
            for (metric, e) in self.metrics.iter().zip(&point.estimates) {
                text.push_str(&format!(
                    "{},{},{metric},{},{},{},{},{},{}\n",
                    point.point,
                    levels.join(","),
                    e.n,
                    e.mean,
                    e.sd,
                    e.ci_low,
                    e.ci_high,
                    point.complete
                ));
            }
        }
        text
    }

    /// Sobol indices as tidy CSV: one row per metric and parameter.
    pub fn sobol_csv(&self) -> String {
        let mut text = String::from(
            "metric,parameter,samples,first,first_low,first_high,total,total_low,total_high\n",
        );
        for report in &self.sobol {
            for (parameter, i) in self.parameters.iter().zip(&report.indices) {
                text.push_str(&format!(
                    "{},{parameter},{},{},{},{},{},{},{}\n",
                    report.metric,
                    report.samples,
                    i.first,
                    i.first_low,
                    i.first_high,
                    i.total,
                    i.total_low,
                    i.total_high
                ));
            }
        }
        text
    }

    /// The Pareto front as CSV: the points' levels and the objectives' means.
    pub fn pareto_csv(&self) -> String {
        let mut header = vec!["point".to_string()];
        header.extend(self.parameters.iter().cloned());
        header.extend(self.pareto_objectives.iter().map(|o| o.metric.clone()));
        header.push("complete".to_string());
        header.push("overlaps".to_string());
        let mut text = header.join(",");
        text.push('\n');
        for &number in &self.pareto_front {
            let Some(point) = self.points.iter().find(|p| p.point == number) else {
                continue;
            };
            let mut row = vec![number.to_string()];
            row.extend(point.levels.iter().map(ToString::to_string));
            for objective in &self.pareto_objectives {
                let column = self.metrics.iter().position(|m| *m == objective.metric);
                row.push(column.map_or(String::new(), |c| point.estimates[c].mean.to_string()));
            }
            row.push(point.complete.to_string());
            // Space-separated point numbers: one CSV field.
            let with: Vec<String> = self
                .overlapping(number)
                .iter()
                .map(ToString::to_string)
                .collect();
            row.push(with.join(" "));
            text.push_str(&row.join(","));
            text.push('\n');
        }
        text
    }

    /// The whole report as pretty JSON (NaN written as null).
    pub fn to_json(&self) -> String {
        let mut text = serde_json::to_string_pretty(self).unwrap_or_default();
        text.push('\n');
        text
    }
}

/// For each point of `front`, the other points whose 95 % intervals overlap its own in
/// every objective (`columns`: the objectives' metric indices).
fn overlaps(
    points: &[PointReport],
    front: &[usize],
    columns: &[Option<usize>],
) -> Vec<ParetoOverlap> {
    let columns: Vec<usize> = columns.iter().flatten().copied().collect();
    front
        .iter()
        .filter_map(|&number| {
            let point = points.iter().find(|p| p.point == number)?;
            let with: Vec<usize> = points
                .iter()
                .filter(|other| other.point != number)
                .filter(|other| {
                    columns
                        .iter()
                        .all(|&c| intervals_overlap(&point.estimates[c], &other.estimates[c]))
                })
                .map(|other| other.point)
                .collect();
            (!with.is_empty()).then_some(ParetoOverlap {
                point: number,
                with,
            })
        })
        .collect()
}

/// Sobol indices per metric from the point means of a Saltelli design.
fn sobol_reports(plan: &Plan, points: &[PointReport]) -> Vec<SobolReport> {
    let k = plan.parameters.len();
    let n = plan.samples as usize;
    let mut means: Vec<Option<&PointReport>> = vec![None; plan.points.len()];
    for point in points {
        means[point.point] = Some(point);
    }
    // Base samples whose k + 2 points all have results.
    let complete: Vec<usize> = (0..n)
        .filter(|&j| {
            plan.points
                .iter()
                .enumerate()
                .filter(|(_, p)| sample_of(p.role) == Some(j))
                .all(|(index, _)| means[index].is_some())
        })
        .collect();
    let mut position = vec![None; n];
    for (row, &j) in complete.iter().enumerate() {
        position[j] = Some(row);
    }
    let seed = derive_seed(plan.seed, "bootstrap");
    plan.metrics
        .iter()
        .enumerate()
        .map(|(metric, name)| {
            let rows = complete.len();
            let (mut a, mut b) = (vec![f64::NAN; rows], vec![f64::NAN; rows]);
            let mut ab = vec![vec![f64::NAN; rows]; k];
            for (index, point) in plan.points.iter().enumerate() {
                let (Some(role), Some(report)) = (point.role, means[index]) else {
                    continue;
                };
                let Some(Some(row)) = sample_of(Some(role)).map(|j| position[j]) else {
                    continue;
                };
                let value = report.estimates[metric].mean;
                match role {
                    SobolRole::A { .. } => a[row] = value,
                    SobolRole::B { .. } => b[row] = value,
                    SobolRole::Ab { parameter, .. } => ab[parameter as usize][row] = value,
                }
            }
            SobolReport {
                metric: name.clone(),
                samples: rows,
                indices: sobol_indices(&a, &b, &ab, plan.bootstrap, seed),
            }
        })
        .collect()
}

fn sample_of(role: Option<SobolRole>) -> Option<usize> {
    match role? {
        SobolRole::A { sample } | SobolRole::B { sample } | SobolRole::Ab { sample, .. } => {
            Some(sample as usize)
        }
    }
}
