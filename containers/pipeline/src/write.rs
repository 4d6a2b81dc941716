//! File writers of the lake's zones: JSON Lines and CSV (raw) and Parquet (processed), each
//! typed from the entity's columns. Partition columns live in the path, not in the files.

use std::sync::Arc;

use arrow_array::builder::{BooleanBuilder, Date32Builder, Int64Builder, StringBuilder, TimestampMillisecondBuilder};
use arrow_array::{ArrayRef, RecordBatch};
use arrow_schema::{DataType, Field, Schema, TimeUnit};
use common::lake::{ColumnType, EntityDef};
use parquet::arrow::ArrowWriter;
use parquet::basic::Compression;
use parquet::file::properties::WriterProperties;
use serde::ser::{SerializeMap as _, Serializer as _};

use crate::row::Cell;

/// The format of the raw zone.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum RawFormat {
    /// JSON Lines, one object per line, in files named `.json`.
    Json,
    /// CSV with a header row, RFC 4180 quoting.
    Csv,
}

impl RawFormat {
    /// The file extension.
    pub fn extension(self) -> &'static str {
        match self {
            Self::Json => "json",
            Self::Csv => "csv",
        }
    }
}

impl std::str::FromStr for RawFormat {
    type Err = String;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        match text {
            "json" => Ok(Self::Json),
            "csv" => Ok(Self::Csv),
            other => Err(format!("`{other}` is not a raw format: use json or csv")),
        }
    }
}

/// The raw file of `rows` of `entity` in `format`.
pub fn raw_file(entity: &EntityDef, rows: &[Vec<Cell>], format: RawFormat) -> anyhow::Result<Vec<u8>> {
    match format {
        RawFormat::Json => json_lines(entity, rows),
        RawFormat::Csv => csv_file(entity, rows),
    }
}

/// JSON Lines: one object per row, keys in column order, nulls left out.
pub fn json_lines(entity: &EntityDef, rows: &[Vec<Cell>]) -> anyhow::Result<Vec<u8>> {
    let mut out = Vec::with_capacity(rows.len() * 160);
    for cells in rows {
        let mut serializer = serde_json::Serializer::new(&mut out);
        let mut map = serializer.serialize_map(None)?;
        for (column, cell) in entity.columns.iter().zip(cells) {
            if *cell != Cell::Null {
                map.serialize_entry(column.name, &cell.json())?;
            }
        }
        map.end()?;
        out.push(b'\n');
    }
    Ok(out)
}

/// CSV: a header row of column names, then one record per row; null is the empty field.
pub fn csv_file(entity: &EntityDef, rows: &[Vec<Cell>]) -> anyhow::Result<Vec<u8>> {
    let mut writer = csv::Writer::from_writer(Vec::with_capacity(rows.len() * 120));
    writer.write_record(entity.columns.iter().map(|column| column.name))?;
    for cells in rows {
        writer.write_record(cells.iter().map(|cell| cell.text().unwrap_or_default()))?;
    }
    writer.into_inner().map_err(|error| anyhow::anyhow!("finishing a CSV file: {error}"))
}

/// The Arrow schema of an entity's data columns.
pub fn arrow_schema(entity: &EntityDef) -> Schema {
    let fields: Vec<Field> = entity
        .columns
        .iter()
        .map(|column| {
            let data_type = match column.ty {
                ColumnType::Text => DataType::Utf8,
                ColumnType::Int => DataType::Int64,
                ColumnType::Bool => DataType::Boolean,
                ColumnType::Timestamp => DataType::Timestamp(TimeUnit::Millisecond, None),
                ColumnType::Date => DataType::Date32,
            };
            Field::new(column.name, data_type, column.nullable)
        })
        .collect();
    Schema::new(fields)
}

fn column_array(ty: ColumnType, rows: &[Vec<Cell>], index: usize) -> ArrayRef {
    let cells = rows.iter().map(|cells| &cells[index]);
    match ty {
        ColumnType::Text => {
            let mut builder = StringBuilder::with_capacity(rows.len(), rows.len() * 24);
            cells.for_each(|cell| match cell {
                Cell::Text(text) => builder.append_value(text),
                _ => builder.append_null(),
            });
            Arc::new(builder.finish())
        }
        ColumnType::Int => {
            let mut builder = Int64Builder::with_capacity(rows.len());
            cells.for_each(|cell| builder.append_option(if let Cell::Int(n) = cell { Some(*n) } else { None }));
            Arc::new(builder.finish())
        }
        ColumnType::Bool => {
            let mut builder = BooleanBuilder::with_capacity(rows.len());
            cells.for_each(|cell| builder.append_option(if let Cell::Bool(b) = cell { Some(*b) } else { None }));
            Arc::new(builder.finish())
        }
        ColumnType::Timestamp => {
            let mut builder = TimestampMillisecondBuilder::with_capacity(rows.len());
            cells.for_each(|cell| builder.append_option(if let Cell::Timestamp(t) = cell { Some(*t) } else { None }));
            Arc::new(builder.finish())
        }
        ColumnType::Date => {
            let mut builder = Date32Builder::with_capacity(rows.len());
            cells.for_each(|cell| builder.append_option(if let Cell::Date(d) = cell { Some(*d) } else { None }));
            Arc::new(builder.finish())
        }
    }
}

/// A Parquet file (Snappy) of `rows`, typed by the entity's columns.
pub fn parquet_file(entity: &EntityDef, rows: &[Vec<Cell>]) -> anyhow::Result<Vec<u8>> {
    let schema = Arc::new(arrow_schema(entity));
    let arrays: Vec<ArrayRef> =
        entity.columns.iter().enumerate().map(|(index, column)| column_array(column.ty, rows, index)).collect();
    let batch = RecordBatch::try_new(schema.clone(), arrays)?;
    let properties = WriterProperties::builder().set_compression(Compression::SNAPPY).build();
    let mut out = Vec::new();
    let mut writer = ArrowWriter::try_new(&mut out, schema, Some(properties))?;
    writer.write(&batch)?;
    writer.close()?;
    Ok(out)
}

#[cfg(test)]
mod tests {
    use arrow_array::cast::AsArray as _;
    use arrow_array::types::{Int64Type, TimestampMillisecondType};
    use common::lake::PLAYLISTS;
    use parquet::arrow::arrow_reader::ParquetRecordBatchReaderBuilder;

    use super::*;

    fn rows() -> Vec<Vec<Cell>> {
        let text = |s: &str| Cell::Text(s.to_owned());
        vec![
            vec![
                text("pl_1"),
                text("usr_1"),
                text("Commas, \"quotes\"\nand lines"),
                Cell::Bool(true),
                Cell::Int(2),
                Cell::Int(3),
                Cell::Timestamp(1_795_378_503_120),
                Cell::Timestamp(1_795_378_503_121),
            ],
            vec![
                text("pl_2"),
                text("usr_2"),
                text("Plain"),
                Cell::Bool(false),
                Cell::Int(0),
                Cell::Int(0),
                Cell::Timestamp(0),
                Cell::Timestamp(1),
            ],
        ]
    }

    #[test]
    fn csv_quotes_and_reads_back() {
        let bytes = csv_file(&PLAYLISTS, &rows()).unwrap();
        let mut reader = csv::Reader::from_reader(bytes.as_slice());
        let header: Vec<String> = reader.headers().unwrap().iter().map(str::to_owned).collect();
        assert_eq!(header, PLAYLISTS.columns.iter().map(|c| c.name).collect::<Vec<_>>());
        let records: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
        assert_eq!(&records[0][2], "Commas, \"quotes\"\nand lines");
        assert_eq!(&records[0][6], "2026-11-22 20:15:03.120");
    }

    #[test]
    fn json_lines_keep_column_order_and_types() {
        let bytes = json_lines(&PLAYLISTS, &rows()).unwrap();
        let text = String::from_utf8(bytes).unwrap();
        let first: serde_json::Value = serde_json::from_str(text.lines().next().unwrap()).unwrap();
        assert_eq!(first["public"], true);
        assert_eq!(first["entry_count"], 3);
        assert_eq!(first["created_at"], "2026-11-22 20:15:03.120");
        assert!(text.starts_with("{\"playlist_id\":\"pl_1\",\"owner_id\""), "{text}");
    }

    #[test]
    fn parquet_reads_back_with_the_model_types() {
        let bytes = bytes::Bytes::from(parquet_file(&PLAYLISTS, &rows()).unwrap());
        let reader = ParquetRecordBatchReaderBuilder::try_new(bytes).unwrap();
        assert_eq!(reader.schema().as_ref(), &arrow_schema(&PLAYLISTS));
        let batch = reader.build().unwrap().next().unwrap().unwrap();
        assert_eq!(batch.num_rows(), 2);
        assert_eq!(batch.column(5).as_primitive::<Int64Type>().value(0), 3);
        assert_eq!(batch.column(6).as_primitive::<TimestampMillisecondType>().value(0), 1_795_378_503_120);
        assert_eq!(batch.column(2).as_string::<i32>().value(0), "Commas, \"quotes\"\nand lines");
    }
}
