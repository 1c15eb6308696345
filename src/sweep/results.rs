//! Result records and their CSV form: one line per run, tidy (one column per variable).
//!
//! ```text
//! run_id,point,replicate,seed,<parameter keys...>,<metrics...>
//! p0000-r00,0,0,8312...,0.0,opt-in,1234.5,0.61,...
//! ```
//!
//! Numbers are written in their shortest exact form, so reading a line back gives the same
//! values bit for bit. A line is only complete with its final newline: a writer that dies
//! mid-line leaves a tail without one, which [`parse_runs`] reports and ignores.

use super::plan::{Plan, PlannedRun};
use std::collections::BTreeMap;

/// What one run produced.
#[derive(Debug, Clone, PartialEq)]
pub struct RunRecord {
    pub run_id: String,
    pub point: usize,
    pub replicate: u32,
    pub seed: u64,
    /// The levels of the point's parameters, as written in the plan.
    pub levels: Vec<String>,
    /// One value per plan metric, in plan order.
    pub metrics: Vec<f64>,
}

impl RunRecord {
    /// A record for a planned run with its measured metrics.
    pub fn new(plan: &Plan, run: &PlannedRun, metrics: Vec<f64>) -> RunRecord {
        RunRecord {
            run_id: run.id.clone(),
            point: run.point,
            replicate: run.replicate,
            seed: run.seed,
            levels: plan.points[run.point]
                .levels
                .iter()
                .map(ToString::to_string)
                .collect(),
            metrics,
        }
    }

    /// The record as one complete CSV line, newline included.
    pub fn to_csv_line(&self) -> String {
        let mut fields = vec![
            self.run_id.clone(),
            self.point.to_string(),
            self.replicate.to_string(),
            self.seed.to_string(),
        ];
        fields.extend(self.levels.iter().map(|level| quote(level)));
        fields.extend(self.metrics.iter().map(f64::to_string));
        let mut line = fields.join(",");
        line.push('\n');
        line
    }
}

/// The header line of a plan's results file, newline included.
pub fn header(plan: &Plan) -> String {
    let mut fields: Vec<String> = ["run_id", "point", "replicate", "seed"]
        .iter()
        .map(|s| s.to_string())
        .collect();
    fields.extend(plan.parameters.iter().map(|p| quote(p)));
    fields.extend(plan.metrics.iter().map(|m| quote(m)));
    let mut line = fields.join(",");
    line.push('\n');
    line
}

/// A CSV field, quoted only when it must be.
fn quote(field: &str) -> String {
    if field.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", field.replace('"', "\"\""))
    } else {
        field.to_string()
    }
}

/// Splits one complete CSV line into fields (RFC 4180 quoting).
fn split_line(line: &str) -> Vec<String> {
    let mut fields = Vec::new();
    let mut field = String::new();
    let mut quoted = false;
    let mut chars = line.chars().peekable();
    while let Some(ch) = chars.next() {
        match (ch, quoted) {
            ('"', true) if chars.peek() == Some(&'"') => {
                field.push('"');
                chars.next();
            }
            ('"', true) => quoted = false,
            ('"', false) if field.is_empty() => quoted = true,
            (',', false) => fields.push(std::mem::take(&mut field)),
            _ => field.push(ch),
        }
    }
    fields.push(field);
    fields
}

/// What reading a results file found.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ParsedRuns {
    /// Complete, valid records, in file order (duplicates of an earlier id excluded).
    pub records: Vec<RunRecord>,
    /// Byte length of the file's complete lines (where to truncate before appending).
    pub complete_len: usize,
    /// Whether the file ended in a partial line (a writer was killed mid-line).
    pub partial_tail: bool,
    /// Ids found more than once (identical lines); only the first is kept.
    pub duplicates: Vec<String>,
}

/// Reads a results file written for `plan`. An empty text is an empty file. Errors (as
/// `line N: message`) for a wrong header, a run id not in the plan, a seed or levels that
/// differ from the plan, a malformed number, or two different records for one id.
pub fn parse_runs(plan: &Plan, text: &str) -> Result<ParsedRuns, String> {
    let complete_len = text.rfind('\n').map_or(0, |i| i + 1);
    let mut parsed = ParsedRuns {
        complete_len,
        partial_tail: complete_len < text.len(),
        ..ParsedRuns::default()
    };
    let mut lines = text[..complete_len].lines().enumerate();
    match lines.next() {
        None => return Ok(parsed),
        Some((_, line)) if format!("{line}\n") == header(plan) => {}
        Some((_, line)) => {
            return Err(format!(
                "line 1: the header does not match the plan: expected {:?}, found {line:?}",
                header(plan).trim_end()
            ))
        }
    }
    let mut seen: BTreeMap<String, usize> = BTreeMap::new();
    for (number, line) in lines {
        let line_number = number + 1;
        let record = parse_line(plan, line).map_err(|e| format!("line {line_number}: {e}"))?;
        match seen.get(&record.run_id) {
            Some(&first) if same_record(&parsed.records[first], &record) => {
                parsed.duplicates.push(record.run_id)
            }
            Some(_) => {
                return Err(format!(
                    "line {line_number}: run {} appears twice with different results",
                    record.run_id
                ))
            }
            None => {
                seen.insert(record.run_id.clone(), parsed.records.len());
                parsed.records.push(record);
            }
        }
    }
    Ok(parsed)
}

/// Equality that treats NaN metrics as equal to themselves.
fn same_record(a: &RunRecord, b: &RunRecord) -> bool {
    a.to_csv_line() == b.to_csv_line()
}

fn parse_line(plan: &Plan, line: &str) -> Result<RunRecord, String> {
    let fields = split_line(line);
    let expected = 4 + plan.parameters.len() + plan.metrics.len();
    if fields.len() != expected {
        return Err(format!(
            "expected {expected} fields, found {}",
            fields.len()
        ));
    }
    let run_id = fields[0].clone();
    let index = plan
        .index_of(&run_id)
        .ok_or_else(|| format!("run {run_id:?} is not in the plan"))?;
    let run = plan
        .run(index)
        .ok_or_else(|| format!("run {run_id:?} is not in the plan"))?;
    let record = RunRecord {
        run_id,
        point: fields[1].parse().map_err(|_| "point is not a number")?,
        replicate: fields[2].parse().map_err(|_| "replicate is not a number")?,
        seed: fields[3].parse().map_err(|_| "seed is not a number")?,
        levels: fields[4..4 + plan.parameters.len()].to_vec(),
        metrics: fields[4 + plan.parameters.len()..]
            .iter()
            .map(|field| {
                field
                    .parse::<f64>()
                    .map_err(|_| format!("metric value {field:?} is not a number"))
            })
            .collect::<Result<_, _>>()?,
    };
    let planned = RunRecord::new(plan, &run, record.metrics.clone());
    if !same_record(&record, &planned) {
        return Err(format!(
            "run {} does not match the plan (point, replicate, seed or levels differ)",
            record.run_id
        ));
    }
    Ok(record)
}

/// What [`merge_runs`] found across several results files.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Merged {
    /// One record per run found, in plan order.
    pub records: Vec<RunRecord>,
    /// Ids of planned runs found nowhere, in plan order.
    pub missing: Vec<String>,
    /// Ids found in more than one place (identical results; one copy kept).
    pub duplicates: Vec<String>,
}

/// Combines the records of several files of one plan. Two different results for one run
/// id are an error; identical copies are counted as duplicates and kept once.
pub fn merge_runs(plan: &Plan, sets: &[Vec<RunRecord>]) -> Result<Merged, String> {
    let mut by_index: BTreeMap<usize, RunRecord> = BTreeMap::new();
    let mut merged = Merged::default();
    for record in sets.iter().flatten() {
        let index = plan
            .index_of(&record.run_id)
            .ok_or_else(|| format!("run {:?} is not in the plan", record.run_id))?;
        match by_index.get(&index) {
            Some(existing) if same_record(existing, record) => {
                merged.duplicates.push(record.run_id.clone())
            }
            Some(_) => {
                return Err(format!(
                    "run {} has two different results; the outputs do not come from one plan run",
                    record.run_id
                ))
            }
            None => {
                by_index.insert(index, record.clone());
            }
        }
    }
    merged.missing = plan
        .runs()
        .filter(|run| !by_index.contains_key(&run.index))
        .map(|run| run.id)
        .collect();
    merged.records = by_index.into_values().collect();
    Ok(merged)
}

/// A whole results file: the header and the records' lines, in the given order.
pub fn runs_csv(plan: &Plan, records: &[RunRecord]) -> String {
    let mut text = header(plan);
    for record in records {
        text.push_str(&record.to_csv_line());
    }
    text
}
