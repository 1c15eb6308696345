//! A retailer's order history, read from text: CDNOW's panel format or a generic CSV
//! (`customer_id`, `date`, `amount`; the column names are settable, so a Shopify orders
//! export reads with `Email` / `Created at` / `Total`).
//!
//! The readers take the text, never a path: the caller reads the file. A row that cannot
//! be read is an error naming its line and column and saying how to fix it; rows that are
//! read but left out of the purchase record (refunds with a negative amount) are counted
//! in [`ReadCounts`], never dropped silently.
//!
//! The buy-till-you-die literature counts several purchases of one customer on one day as
//! one transaction (Fader, Hardie & Lee 2005); [`OrderHistory::transactions`] does that.

use std::fmt;

/// A calendar day as a count of days since 1970-01-01 (negative before).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct CivilDay(pub i32);

impl CivilDay {
    /// The day of a proleptic Gregorian date, or `None` when the date does not exist.
    pub fn from_ymd(year: i32, month: u32, day: u32) -> Option<CivilDay> {
        if !(1..=12).contains(&month) || day == 0 || day > days_in_month(year, month) {
            return None;
        }
        // Days from civil (H. Hinnant's algorithm): eras of 400 years, March-based years.
        let y = if month <= 2 { year - 1 } else { year };
        let era = y.div_euclid(400);
        let year_of_era = y.rem_euclid(400);
        let m = month as i32;
        let day_of_year = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + day as i32 - 1;
        let day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
        Some(CivilDay(era * 146_097 + day_of_era - 719_468))
    }

    /// The (year, month, day) of this day.
    pub fn ymd(self) -> (i32, u32, u32) {
        let z = self.0 + 719_468;
        let era = z.div_euclid(146_097);
        let day_of_era = z.rem_euclid(146_097);
        let year_of_era =
            (day_of_era - day_of_era / 1460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
        let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
        let mp = (5 * day_of_year + 2) / 153;
        let day = (day_of_year - (153 * mp + 2) / 5 + 1) as u32;
        let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
        let year = year_of_era + era * 400 + i32::from(month <= 2);
        (year, month, day)
    }

    /// Reads `YYYYMMDD` or `YYYY-MM-DD`, ignoring anything after the date (a time of day
    /// and a zone, as in `2024-01-15 10:23:45 -0500`).
    pub fn parse(text: &str) -> Option<CivilDay> {
        let text = text.trim();
        let bytes = text.as_bytes();
        let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
        let (year, month, day) = if bytes.len() >= 10 && bytes[4] == b'-' && bytes[7] == b'-' {
            let after = bytes.get(10).copied();
            if after.is_some_and(|b| !b.is_ascii_whitespace() && b != b'T') {
                return None;
            }
            (text.get(0..4)?, text.get(5..7)?, text.get(8..10)?)
        } else if bytes.len() == 8 {
            (text.get(0..4)?, text.get(4..6)?, text.get(6..8)?)
        } else {
            return None;
        };
        if !(digits(year) && digits(month) && digits(day)) {
            return None;
        }
        CivilDay::from_ymd(year.parse().ok()?, month.parse().ok()?, day.parse().ok()?)
    }
}

impl fmt::Display for CivilDay {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (year, month, day) = self.ymd();
        write!(f, "{year:04}-{month:02}-{day:02}")
    }
}

fn days_in_month(year: i32, month: u32) -> u32 {
    match month {
        4 | 6 | 9 | 11 => 30,
        2 if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        2 => 28,
        _ => 31,
    }
}

/// One purchase as read: whose, when, and for how much (integer cents).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Purchase {
    /// Index into [`OrderHistory::customer_ids`].
    pub customer: u32,
    pub day: CivilDay,
    pub amount_cents: i64,
}

/// What the reader saw besides the purchases it kept.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ReadCounts {
    /// Data rows read (header and blank lines not counted).
    pub rows: u64,
    /// Rows with a negative amount (refunds, returns): read, counted, not purchases.
    pub refunds: u64,
    /// Rows with a zero amount: kept as purchases (a free or fully discounted order is
    /// still a transaction), counted so the reader can say so.
    pub zero_amount: u64,
}

/// An order history: customers and their purchases, sorted by customer then day.
#[derive(Debug, Clone, PartialEq)]
pub struct OrderHistory {
    /// Customer identifiers as written in the source, in order of first appearance.
    pub customer_ids: Vec<String>,
    pub purchases: Vec<Purchase>,
    pub counts: ReadCounts,
}

/// One transaction in the buy-till-you-die sense: all of a customer's purchases of a day.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Transaction {
    pub customer: u32,
    pub day: CivilDay,
    pub amount_cents: i64,
}

impl OrderHistory {
    /// The first and last purchase day, or `None` for an empty history.
    pub fn span(&self) -> Option<(CivilDay, CivilDay)> {
        let first = self.purchases.iter().map(|p| p.day).min()?;
        let last = self.purchases.iter().map(|p| p.day).max()?;
        Some((first, last))
    }

    /// Purchases merged to one transaction per customer and day, amounts added, sorted
    /// by customer then day.
    pub fn transactions(&self) -> Vec<Transaction> {
        let mut out: Vec<Transaction> = Vec::with_capacity(self.purchases.len());
        for purchase in &self.purchases {
            match out.last_mut() {
                Some(last) if last.customer == purchase.customer && last.day == purchase.day => {
                    last.amount_cents = last.amount_cents.saturating_add(purchase.amount_cents);
                }
                _ => out.push(Transaction {
                    customer: purchase.customer,
                    day: purchase.day,
                    amount_cents: purchase.amount_cents,
                }),
            }
        }
        out
    }

    fn from_rows(mut builder: Builder) -> OrderHistory {
        builder
            .purchases
            .sort_by_key(|purchase| (purchase.customer, purchase.day));
        OrderHistory {
            customer_ids: builder.ids,
            purchases: builder.purchases,
            counts: builder.counts,
        }
    }
}

/// A row of an order history that could not be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub struct OrderHistoryError {
    /// Where the text came from (a file path as the caller gave it).
    pub origin: String,
    /// 1-based line; 0 when the problem is the file as a whole.
    pub line: u64,
    /// 1-based column (characters) of the offending field; 0 when not known.
    pub column: u64,
    pub message: String,
    pub hint: Option<String>,
}

impl fmt::Display for OrderHistoryError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (self.line, self.column) {
            (0, _) => write!(f, "{}: {}", self.origin, self.message)?,
            (line, 0) => write!(f, "{}:{line}: {}", self.origin, self.message)?,
            (line, column) => write!(f, "{}:{line}:{column}: {}", self.origin, self.message)?,
        }
        if let Some(hint) = &self.hint {
            write!(f, "\n  hint: {hint}")?;
        }
        Ok(())
    }
}

#[derive(Default)]
struct Builder {
    ids: Vec<String>,
    index: std::collections::HashMap<String, u32>,
    purchases: Vec<Purchase>,
    counts: ReadCounts,
}

impl Builder {
    fn add(&mut self, id: &str, day: CivilDay, amount_cents: i64) {
        self.counts.rows += 1;
        if amount_cents < 0 {
            self.counts.refunds += 1;
            return;
        }
        if amount_cents == 0 {
            self.counts.zero_amount += 1;
        }
        let next = self.ids.len() as u32;
        let customer = *self.index.entry(id.to_string()).or_insert_with(|| {
            self.ids.push(id.to_string());
            next
        });
        self.purchases.push(Purchase {
            customer,
            day,
            amount_cents,
        });
    }
}

/// Reads an amount of money: digits with an optional sign, decimal point and leading `$`;
/// thousands separators (`1,234.50`) are accepted. Rounds to the cent.
fn parse_amount(text: &str) -> Option<i64> {
    let text = text.trim();
    let (negative, rest) = match text.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, text),
    };
    let rest = rest.strip_prefix('$').unwrap_or(rest).replace(',', "");
    if rest.is_empty() || !rest.bytes().all(|b| b.is_ascii_digit() || b == b'.') {
        return None;
    }
    let dollars: f64 = rest.parse().ok()?;
    if !dollars.is_finite() || dollars > 1e13 {
        return None;
    }
    let cents = (dollars * 100.0).round() as i64;
    Some(if negative { -cents } else { cents })
}

/// Reads CDNOW's panel format: one header line, then whitespace-separated customer id,
/// date `YYYYMMDD`, number of items and dollar value.
pub fn read_cdnow(text: &str, origin: &str) -> Result<OrderHistory, OrderHistoryError> {
    let mut builder = Builder::default();
    let error = |line: usize, column: usize, message: String, hint: &str| OrderHistoryError {
        origin: origin.to_string(),
        line: line as u64,
        column: column as u64,
        message,
        hint: Some(hint.to_string()),
    };
    let mut header_seen = false;
    for (index, line) in text.lines().enumerate() {
        let number = index + 1;
        if line.trim().is_empty() {
            continue;
        }
        if !header_seen {
            header_seen = true;
            if line
                .split_whitespace()
                .next()
                .map(|first| first.parse::<u64>().is_err())
                == Some(true)
            {
                continue; // the header line
            }
        }
        let fields: Vec<(usize, &str)> = fields_with_columns(line);
        if fields.len() != 4 {
            return Err(error(
                number,
                1,
                format!(
                    "expected 4 fields (customer id, date, items, dollars), found {}",
                    fields.len()
                ),
                "CDNOW rows read `00001 19970101  1   11.77`; for other files use the CSV reader",
            ));
        }
        let (id_column, id) = fields[0];
        if id.is_empty() {
            return Err(error(
                number,
                id_column,
                "empty customer id".into(),
                "give every row a customer id",
            ));
        }
        let (date_column, date) = fields[1];
        let day = CivilDay::parse(date).ok_or_else(|| {
            error(
                number,
                date_column,
                format!("`{date}` is not a date"),
                "write dates as YYYYMMDD, e.g. 19970101",
            )
        })?;
        let (items_column, items) = fields[2];
        if items.parse::<u32>().is_err() {
            return Err(error(
                number,
                items_column,
                format!("`{items}` is not a whole number of items"),
                "the third field counts the items bought, e.g. 2",
            ));
        }
        let (amount_column, amount) = fields[3];
        let cents = parse_amount(amount).ok_or_else(|| {
            error(
                number,
                amount_column,
                format!("`{amount}` is not an amount of money"),
                "write the dollar value as a number, e.g. 11.77",
            )
        })?;
        builder.add(id, day, cents);
    }
    Ok(OrderHistory::from_rows(builder))
}

/// The whitespace-separated fields of a line with their 1-based character columns.
fn fields_with_columns(line: &str) -> Vec<(usize, &str)> {
    let mut fields = Vec::new();
    let mut start: Option<(usize, usize)> = None; // (byte, column)
    let mut column = 0;
    for (byte, ch) in line.char_indices() {
        column += 1;
        match (ch.is_whitespace(), start) {
            (false, None) => start = Some((byte, column)),
            (true, Some((from, from_column))) => {
                fields.push((from_column, &line[from..byte]));
                start = None;
            }
            _ => {}
        }
    }
    if let Some((from, from_column)) = start {
        fields.push((from_column, &line[from..]));
    }
    fields
}

/// Which CSV columns hold the customer, the date and the amount.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CsvColumns {
    pub customer_id: String,
    pub date: String,
    pub amount: String,
}

impl Default for CsvColumns {
    fn default() -> Self {
        CsvColumns {
            customer_id: "customer_id".into(),
            date: "date".into(),
            amount: "amount".into(),
        }
    }
}

/// Reads a CSV order history with a header row naming at least the three `columns`;
/// other columns are ignored. Dates are `YYYY-MM-DD` (anything after it, such as a time,
/// is ignored) or `YYYYMMDD`.
pub fn read_csv(
    text: &str,
    origin: &str,
    columns: &CsvColumns,
) -> Result<OrderHistory, OrderHistoryError> {
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(true)
        .flexible(false)
        .from_reader(text.as_bytes());
    let error = |line: u64, column: u64, message: String, hint: String| OrderHistoryError {
        origin: origin.to_string(),
        line,
        column,
        message,
        hint: Some(hint),
    };
    let headers = reader
        .headers()
        .map_err(|e| {
            error(
                1,
                0,
                format!("cannot read the header row: {e}"),
                "the first row names the columns, e.g. customer_id,date,amount".into(),
            )
        })?
        .clone();
    let find = |name: &str| {
        headers
            .iter()
            .position(|header| header.trim().eq_ignore_ascii_case(name))
            .ok_or_else(|| {
                error(
                    1,
                    0,
                    format!(
                        "no column `{name}` in the header; columns are: {}",
                        headers.iter().collect::<Vec<_>>().join(", ")
                    ),
                    "name the columns with --customer-column, --date-column and --amount-column"
                        .into(),
                )
            })
    };
    let (id_at, date_at, amount_at) = (
        find(&columns.customer_id)?,
        find(&columns.date)?,
        find(&columns.amount)?,
    );
    let mut builder = Builder::default();
    for record in reader.records() {
        let record = record.map_err(|e| {
            let line = e.position().map_or(0, |p| p.line());
            error(
                line,
                0,
                format!("unreadable row: {e}"),
                "every row needs as many fields as the header; quote fields that contain commas"
                    .into(),
            )
        })?;
        let line = record.position().map_or(0, |p| p.line());
        let field = |at: usize| record.get(at).unwrap_or_default();
        // Column of a field: 1 + characters of the fields before it and their commas
        // (exact for unquoted rows, which is what order exports mostly are).
        let column_of =
            |at: usize| 1 + (0..at).map(|i| field(i).chars().count() + 1).sum::<usize>() as u64;
        let id = field(id_at).trim();
        if id.is_empty() {
            return Err(error(line, column_of(id_at), format!("empty `{}`", columns.customer_id), "every order needs a customer; drop guest orders before reading, or give them an id".into()));
        }
        let date = field(date_at);
        let day = CivilDay::parse(date).ok_or_else(|| {
            error(
                line,
                column_of(date_at),
                format!("`{date}` is not a date"),
                "write dates as YYYY-MM-DD (a time after it is ignored) or YYYYMMDD".into(),
            )
        })?;
        let amount = field(amount_at);
        let cents = parse_amount(amount).ok_or_else(|| {
            error(line, column_of(amount_at), format!("`{amount}` is not an amount of money"), "write amounts as numbers, e.g. 24.99 (a leading $ and thousands commas are accepted)".into())
        })?;
        builder.add(id, day, cents);
    }
    Ok(OrderHistory::from_rows(builder))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn civil_days_round_trip_and_match_known_dates() {
        assert_eq!(CivilDay::from_ymd(1970, 1, 1), Some(CivilDay(0)));
        assert_eq!(CivilDay::from_ymd(2000, 3, 1), Some(CivilDay(11_017)));
        assert_eq!(CivilDay::from_ymd(1997, 2, 29), None);
        assert_eq!(
            CivilDay::from_ymd(2000, 2, 29).map(|d| d.ymd()),
            Some((2000, 2, 29))
        );
        for day in -800_000..800_000 {
            if day % 997 != 0 {
                continue;
            }
            let (y, m, d) = CivilDay(day).ymd();
            assert_eq!(
                CivilDay::from_ymd(y, m, d),
                Some(CivilDay(day)),
                "{y}-{m}-{d}"
            );
        }
        let jan1 = CivilDay::parse("19970101").unwrap();
        assert_eq!(CivilDay::parse("1997-09-30").unwrap().0 - jan1.0, 272);
        assert_eq!(
            CivilDay::parse("2024-01-15 10:23:45 -0500")
                .unwrap()
                .to_string(),
            "2024-01-15"
        );
        assert_eq!(
            CivilDay::parse("2024-01-15T10:23:45Z").unwrap().to_string(),
            "2024-01-15"
        );
        for bad in [
            "1997011",
            "1997-13-01",
            "19970230",
            "97-01-01",
            "2024-01-1x",
            "2024-01-150",
        ] {
            assert_eq!(CivilDay::parse(bad), None, "{bad}");
        }
    }

    #[test]
    fn cdnow_rows_are_read_and_merged_per_customer_day() {
        let text = " customer_id  date number_of_cds  dollar_value\n 00001 19970101  1   11.77\n 00002 19970112  1   12.00\n 00002 19970112  5   77.00\n\n 00002 19970115  1   0.00\n";
        let history = read_cdnow(text, "x.txt").unwrap();
        assert_eq!(history.customer_ids, ["00001", "00002"]);
        assert_eq!(history.purchases.len(), 4);
        assert_eq!(
            history.counts,
            ReadCounts {
                rows: 4,
                refunds: 0,
                zero_amount: 1
            }
        );
        let transactions = history.transactions();
        assert_eq!(transactions.len(), 3);
        assert_eq!(transactions[1].amount_cents, 8_900);
        assert_eq!(
            history.span().map(|(a, b)| (a.to_string(), b.to_string())),
            Some(("1997-01-01".into(), "1997-01-15".into()))
        );
    }

    #[test]
    fn cdnow_errors_name_line_and_column() {
        let text = "id date n v\n 00001 19970101  1   11.77\n 00002 1997x112  1   12.00\n";
        let error = read_cdnow(text, "orders.txt").unwrap_err();
        assert_eq!((error.line, error.column), (3, 8));
        assert!(
            error
                .to_string()
                .starts_with("orders.txt:3:8: `1997x112` is not a date"),
            "{error}"
        );
        let error = read_cdnow("00001 19970101 1\n", "o.txt").unwrap_err();
        assert!(error.message.contains("expected 4 fields"), "{error}");
        let error = read_cdnow("00001 19970101 1 ten\n", "o.txt").unwrap_err();
        assert_eq!((error.line, error.column), (1, 18));
    }

    #[test]
    fn csv_reads_named_columns_counts_refunds_and_locates_errors() {
        let text = "Name,Email,Created at,Total\n#1001,a@x.com,2024-01-15 10:23:45 -0500,24.50\n#1002,b@x.com,2024-01-16 09:00:00 -0500,\"1,200.00\"\n#1003,a@x.com,2024-02-01 12:00:00 -0500,-24.50\n";
        let columns = CsvColumns {
            customer_id: "Email".into(),
            date: "Created at".into(),
            amount: "Total".into(),
        };
        let history = read_csv(text, "orders.csv", &columns).unwrap();
        assert_eq!(history.customer_ids, ["a@x.com", "b@x.com"]);
        assert_eq!(history.purchases[1].amount_cents, 120_000);
        assert_eq!(history.counts.refunds, 1);
        assert_eq!(history.counts.rows, 3);

        let missing = read_csv(text, "orders.csv", &CsvColumns::default()).unwrap_err();
        assert!(
            missing.message.contains("no column `customer_id`"),
            "{missing}"
        );
        let bad = "customer_id,date,amount\nc1,2024-01-15,10\nc2,2024-01-1,10\n";
        let error = read_csv(bad, "o.csv", &CsvColumns::default()).unwrap_err();
        assert_eq!((error.line, error.column), (3, 4), "{error}");
        let bad = "customer_id,date,amount\nc1,2024-01-15,ten\n";
        let error = read_csv(bad, "o.csv", &CsvColumns::default()).unwrap_err();
        assert_eq!((error.line, error.column), (2, 15), "{error}");
    }

    #[test]
    fn amounts_accept_dollar_signs_and_separators_and_reject_junk() {
        assert_eq!(parse_amount("$1,234.565"), Some(123_457));
        assert_eq!(parse_amount("-3"), Some(-300));
        for bad in ["", "1e5", "NaN", "inf", "1.2.3x", "--1"] {
            assert_eq!(parse_amount(bad), None, "{bad}");
        }
    }
}
