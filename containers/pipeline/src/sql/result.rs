//! A query's result as both engines give it, and its three printed forms: an aligned table
//! for people, CSV and JSON for scripts. Cells are JSON values: numbers and booleans as
//! themselves, times as `YYYY-MM-DD HH:MM:SS.fff` and days as `YYYY-MM-DD` (the forms Athena
//! prints), everything else as text.

use std::fmt::Write as _;

use anyhow::Context as _;
use datafusion::arrow::array::{Array, ArrayRef, AsArray as _, RecordBatch};
use datafusion::arrow::compute::cast;
use datafusion::arrow::datatypes::{DataType, Float64Type, Int64Type, TimeUnit, TimestampMillisecondType};
use datafusion::arrow::util::display::{ArrayFormatter, FormatOptions};
use serde_json::Value;

/// How `musicctl query` prints a result.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum OutputFormat {
    /// An aligned table with a header.
    #[default]
    Table,
    /// CSV with a header.
    Csv,
    /// A JSON array of objects, one per row.
    Json,
}

impl std::str::FromStr for OutputFormat {
    type Err = String;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        match text {
            "table" => Ok(Self::Table),
            "csv" => Ok(Self::Csv),
            "json" => Ok(Self::Json),
            other => Err(format!("`{other}` is not an output format: use table, csv or json")),
        }
    }
}

/// Column names and rows of cells.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ResultSet {
    /// The column names, in order.
    pub columns: Vec<String>,
    /// The rows, each with one cell per column.
    pub rows: Vec<Vec<Value>>,
}

impl ResultSet {
    /// The rows of DataFusion's record batches.
    pub fn from_batches(columns: Vec<String>, batches: &[RecordBatch]) -> anyhow::Result<Self> {
        let mut rows = Vec::new();
        for batch in batches {
            let cells: Vec<Vec<Value>> = batch.columns().iter().map(cells).collect::<anyhow::Result<_>>()?;
            for row in 0..batch.num_rows() {
                rows.push(cells.iter().map(|column| column[row].clone()).collect());
            }
        }
        Ok(Self { columns, rows })
    }

    /// The result printed in `format`.
    pub fn render(&self, format: OutputFormat) -> anyhow::Result<String> {
        match format {
            OutputFormat::Table => Ok(self.table()),
            OutputFormat::Csv => self.csv(),
            OutputFormat::Json => self.json(),
        }
    }

    /// A JSON array of objects whose keys keep the columns' order, one row per line.
    fn json(&self) -> anyhow::Result<String> {
        let keys: Vec<String> = self.columns.iter().map(serde_json::to_string).collect::<Result<_, _>>()?;
        let mut out = String::from("[");
        for (at, row) in self.rows.iter().enumerate() {
            out.push_str(if at == 0 { "\n  {" } else { ",\n  {" });
            for (column, (key, cell)) in keys.iter().zip(row).enumerate() {
                let _ = write!(out, "{}{key}: {cell}", if column == 0 { "" } else { ", " });
            }
            out.push('}');
        }
        out.push_str(if self.rows.is_empty() { "]\n" } else { "\n]\n" });
        Ok(out)
    }

    fn csv(&self) -> anyhow::Result<String> {
        let mut writer = csv::Writer::from_writer(Vec::new());
        writer.write_record(&self.columns)?;
        for row in &self.rows {
            writer.write_record(row.iter().map(text))?;
        }
        String::from_utf8(writer.into_inner().context("writing CSV")?).context("CSV is UTF-8")
    }

    fn table(&self) -> String {
        let texts: Vec<Vec<String>> = self.rows.iter().map(|row| row.iter().map(text).collect()).collect();
        let widths: Vec<usize> = (0..self.columns.len())
            .map(|at| {
                let cells = texts.iter().map(|row| row[at].chars().count());
                cells.chain([self.columns[at].chars().count()]).max().unwrap_or(0)
            })
            .collect();
        let numeric: Vec<bool> = (0..self.columns.len())
            .map(|at| !self.rows.is_empty() && self.rows.iter().all(|row| row[at].is_number() || row[at].is_null()))
            .collect();
        let mut out = String::new();
        let line = |out: &mut String, cells: &[String]| {
            let padded: Vec<String> = cells
                .iter()
                .enumerate()
                .map(|(at, cell)| {
                    if numeric[at] {
                        format!("{cell:>width$}", width = widths[at])
                    } else {
                        format!("{cell:<width$}", width = widths[at])
                    }
                })
                .collect();
            let _ = writeln!(out, "{}", padded.join("  ").trim_end());
        };
        line(&mut out, &self.columns);
        line(&mut out, &widths.iter().map(|width| "-".repeat(*width)).collect::<Vec<_>>());
        for row in &texts {
            line(&mut out, row);
        }
        let _ = writeln!(out, "({} row{})", self.rows.len(), if self.rows.len() == 1 { "" } else { "s" });
        out
    }
}

/// A cell as text: empty for null.
fn text(cell: &Value) -> String {
    match cell {
        Value::Null => String::new(),
        Value::String(text) => text.clone(),
        other => other.to_string(),
    }
}

/// The cells of one column.
fn cells(array: &ArrayRef) -> anyhow::Result<Vec<Value>> {
    let nulls = |values: Vec<Value>| -> Vec<Value> {
        values
            .into_iter()
            .enumerate()
            .map(|(row, value)| if array.is_null(row) { Value::Null } else { value })
            .collect()
    };
    Ok(match array.data_type() {
        DataType::Int8
        | DataType::Int16
        | DataType::Int32
        | DataType::Int64
        | DataType::UInt8
        | DataType::UInt16
        | DataType::UInt32
        | DataType::UInt64 => {
            let ints = cast(array, &DataType::Int64)?;
            nulls(ints.as_primitive::<Int64Type>().values().iter().map(|value| Value::from(*value)).collect())
        }
        DataType::Float16
        | DataType::Float32
        | DataType::Float64
        | DataType::Decimal128(..)
        | DataType::Decimal256(..) => {
            let floats = cast(array, &DataType::Float64)?;
            nulls(floats.as_primitive::<Float64Type>().values().iter().map(|value| Value::from(*value)).collect())
        }
        DataType::Boolean => {
            nulls(array.as_boolean().iter().map(|value| Value::Bool(value.unwrap_or_default())).collect())
        }
        DataType::Timestamp(..) => {
            let millis = cast(array, &DataType::Timestamp(TimeUnit::Millisecond, None))?;
            let times = millis.as_primitive::<TimestampMillisecondType>();
            nulls(
                times
                    .values()
                    .iter()
                    .map(|value| {
                        Value::String(crate::row::time_of(*value).format(crate::row::TIMESTAMP_FORMAT).to_string())
                    })
                    .collect(),
            )
        }
        _ => {
            let texts =
                if matches!(array.data_type(), DataType::Utf8View | DataType::LargeUtf8 | DataType::Dictionary(..)) {
                    cast(array, &DataType::Utf8)?
                } else {
                    array.clone()
                };
            let formatter = ArrayFormatter::try_new(texts.as_ref(), &FormatOptions::default())?;
            nulls((0..texts.len()).map(|row| Value::String(formatter.value(row).to_string())).collect())
        }
    })
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use datafusion::arrow::array::{
        BooleanArray, Date32Array, Float64Array, Int32Array, StringArray, TimestampMillisecondArray,
    };
    use datafusion::arrow::datatypes::{Field, Schema};

    use super::*;

    fn sample() -> ResultSet {
        let schema = Arc::new(Schema::new(vec![
            Field::new("tenant_id", DataType::Utf8, false),
            Field::new("plays", DataType::Int32, true),
            Field::new("share", DataType::Float64, false),
            Field::new("public", DataType::Boolean, false),
            Field::new("at", DataType::Timestamp(TimeUnit::Millisecond, None), false),
            Field::new("day", DataType::Date32, false),
        ]));
        let batch = RecordBatch::try_new(
            schema.clone(),
            vec![
                Arc::new(StringArray::from(vec!["acme", "indie, \"north\""])),
                Arc::new(Int32Array::from(vec![Some(12), None])),
                Arc::new(Float64Array::from(vec![1.5, 0.25])),
                Arc::new(BooleanArray::from(vec![true, false])),
                Arc::new(TimestampMillisecondArray::from(vec![1_795_378_503_120, 0])),
                Arc::new(Date32Array::from(vec![20_414, 0])),
            ],
        )
        .unwrap();
        let columns = schema.fields().iter().map(|field| field.name().clone()).collect();
        ResultSet::from_batches(columns, &[batch]).unwrap()
    }

    #[test]
    fn cells_keep_their_types_and_athenas_text_forms() {
        let result = sample();
        assert_eq!(
            result.rows[0],
            vec![
                Value::from("acme"),
                Value::from(12),
                Value::from(1.5),
                Value::Bool(true),
                Value::from("2026-11-22 20:15:03.120"),
                Value::from("2025-11-22")
            ]
        );
        assert_eq!(result.rows[1][1], Value::Null);
    }

    #[test]
    fn the_three_forms() {
        let result = sample();
        let table = result.render(OutputFormat::Table).unwrap();
        let lines: Vec<&str> = table.lines().collect();
        assert_eq!(lines[0], "tenant_id       plays  share  public  at                       day");
        assert_eq!(lines[2], "acme               12    1.5  true    2026-11-22 20:15:03.120  2025-11-22");
        assert_eq!(lines[4], "(2 rows)");
        let csv = result.render(OutputFormat::Csv).unwrap();
        assert_eq!(
            csv.lines().nth(2).unwrap(),
            "\"indie, \"\"north\"\"\",,0.25,false,1970-01-01 00:00:00.000,1970-01-01"
        );
        let text = result.render(OutputFormat::Json).unwrap();
        assert!(text.starts_with("[\n  {\"tenant_id\": \"acme\", \"plays\": 12, \"share\": 1.5,"), "{text}");
        let json: Value = serde_json::from_str(&text).unwrap();
        assert_eq!(json[1]["plays"], Value::Null);
        assert_eq!(json[0]["tenant_id"], "acme");
    }
}
