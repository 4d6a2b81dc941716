//! The local SQL engine: Apache DataFusion over the lake, with one table per catalog table
//! (the Parquet files of the processed zone, with their Hive partitions as columns) and the
//! catalog's views. Only queries run; the tenant filter is a bound parameter.

use std::sync::Arc;

use anyhow::Context as _;
use datafusion::arrow::array::RecordBatch;
use datafusion::arrow::datatypes::{DataType, Field, Schema, TimeUnit};
use datafusion::common::ScalarValue;
use datafusion::datasource::file_format::parquet::ParquetFormat;
use datafusion::datasource::listing::{ListingOptions, ListingTable, ListingTableConfig, ListingTableUrl};
use datafusion::execution::context::SQLOptions;
use datafusion::execution::object_store::ObjectStoreUrl;
use datafusion::prelude::{SessionConfig, SessionContext};

use super::{ResultSet, guard};
use crate::catalog::{Catalog, Column, Table};
use crate::storage::Lake;

/// The URL under which the engine reaches the lake's store.
const LAKE_URL: &str = "lake://musicctl/";

/// A DataFusion session over one lake.
pub struct Engine {
    context: SessionContext,
}

impl Engine {
    /// A session that reads `lake`, with no tables yet.
    pub fn over(lake: &Lake) -> anyhow::Result<Self> {
        // Statistics would read every Parquet footer while planning, before the scan reads
        // them again: with one file per tenant and day that doubles the work of a query.
        let config = SessionConfig::new().with_information_schema(true).with_collect_statistics(false);
        let context = SessionContext::new_with_config(config);
        let url = ObjectStoreUrl::parse(LAKE_URL)?;
        context.register_object_store(url.as_ref(), lake.store());
        Ok(Self { context })
    }

    /// A session with `catalog`'s tables and views, as `musicctl query` sees them.
    pub async fn with_catalog(lake: &Lake, catalog: &Catalog) -> anyhow::Result<Self> {
        let engine = Self::over(lake)?;
        for table in &catalog.tables {
            engine.register(table)?;
        }
        for view in &catalog.views {
            engine.create_view(&view.sql).await.with_context(|| format!("re-creating the view {}", view.name))?;
        }
        Ok(engine)
    }

    /// The session, for schema inference.
    pub fn context(&self) -> &SessionContext {
        &self.context
    }

    /// The listing URL of a folder of the lake, e.g. `processed/plays/`.
    pub fn url(folder: &str) -> anyhow::Result<ListingTableUrl> {
        Ok(ListingTableUrl::parse(format!("{LAKE_URL}{}/", folder.trim_matches('/')))?)
    }

    /// How the engine reads a table's files.
    pub fn listing_options(partition_keys: &[Column]) -> ListingOptions {
        ListingOptions::new(Arc::new(ParquetFormat::default()))
            .with_file_extension(".parquet")
            .with_table_partition_cols(partition_keys.iter().map(|key| (key.name.clone(), DataType::Utf8)).collect())
    }

    /// Registers `table` with the schema the catalog records, as Athena reads a Glue table.
    pub fn register(&self, table: &Table) -> anyhow::Result<()> {
        let fields: Vec<Field> = table
            .columns
            .iter()
            .map(|column| Ok(Field::new(&column.name, arrow_type(&column.ty)?, true)))
            .collect::<anyhow::Result<_>>()
            .with_context(|| format!("reading the catalog's table {}", table.name))?;
        let config = ListingTableConfig::new(Self::url(&table.location)?)
            .with_listing_options(Self::listing_options(&table.partition_keys))
            .with_schema(Arc::new(Schema::new(fields)));
        let listing = ListingTable::try_new(config)?;
        self.context.register_table(table.name.as_str(), Arc::new(listing))?;
        Ok(())
    }

    /// Runs a `CREATE OR REPLACE VIEW` statement.
    pub async fn create_view(&self, sql: &str) -> anyhow::Result<()> {
        let options = SQLOptions::new().with_allow_dml(false).with_allow_statements(false);
        self.context.sql_with_options(sql, options).await?;
        Ok(())
    }

    /// Runs one read-only query; with `tenant`, only that tenant's rows.
    pub async fn query(&self, sql: &str, tenant: Option<&str>) -> anyhow::Result<ResultSet> {
        let (columns, batches) = self.execute(sql, tenant).await?;
        ResultSet::from_batches(columns, &batches)
    }

    /// Plans and runs one read-only query to Arrow batches, with its column names.
    pub async fn execute(&self, sql: &str, tenant: Option<&str>) -> anyhow::Result<(Vec<String>, Vec<RecordBatch>)> {
        let options = SQLOptions::new().with_allow_ddl(false).with_allow_dml(false).with_allow_statements(false);
        let frame = match tenant {
            None => {
                guard::read_only(sql)?;
                self.context.sql_with_options(sql, options).await?
            }
            Some(tenant) => {
                let filtered = guard::tenant_filtered(sql, "$1")?;
                let frame = self.context.sql_with_options(&filtered, options).await.map_err(|error| {
                    if error.to_string().contains("tenant_id") {
                        anyhow::anyhow!("--tenant needs a tenant_id column in the result: {error}")
                    } else {
                        error.into()
                    }
                })?;
                frame.with_param_values(vec![ScalarValue::Utf8(Some(tenant.to_owned()))])?
            }
        };
        let columns = frame.schema().fields().iter().map(|field| field.name().clone()).collect();
        Ok((columns, frame.collect().await?))
    }
}

/// The Arrow type that reads a column of the catalog type `ty`.
pub fn arrow_type(ty: &str) -> anyhow::Result<DataType> {
    Ok(match ty {
        "string" => DataType::Utf8,
        "bigint" => DataType::Int64,
        "int" => DataType::Int32,
        "boolean" => DataType::Boolean,
        "double" => DataType::Float64,
        "timestamp" => DataType::Timestamp(TimeUnit::Millisecond, None),
        "date" => DataType::Date32,
        other => anyhow::bail!("the column type {other} is not one the lake writes"),
    })
}

/// The catalog type of an Arrow type, as Glue names it.
pub fn catalog_type(ty: &DataType) -> String {
    match ty {
        DataType::Utf8 | DataType::LargeUtf8 | DataType::Utf8View => "string".to_owned(),
        DataType::Int64 => "bigint".to_owned(),
        DataType::Int32 => "int".to_owned(),
        DataType::Int16 => "smallint".to_owned(),
        DataType::Int8 => "tinyint".to_owned(),
        DataType::Boolean => "boolean".to_owned(),
        DataType::Float64 => "double".to_owned(),
        DataType::Float32 => "float".to_owned(),
        DataType::Timestamp(..) => "timestamp".to_owned(),
        DataType::Date32 | DataType::Date64 => "date".to_owned(),
        DataType::Decimal128(precision, scale) => format!("decimal({precision},{scale})"),
        other => other.to_string().to_ascii_lowercase(),
    }
}
