//! `DynamoStore`: the AWS stages' store, on `aws-sdk-dynamodb`.
//!
//! Items map to attribute values one to one (string S, number N, bool BOOL, null NULL,
//! array L, object M). Pages, sort order and projections are DynamoDB's own.

use std::collections::{BTreeMap, HashMap};

use async_trait::async_trait;
use aws_sdk_dynamodb::Client;
use aws_sdk_dynamodb::client::Waiters as _;
use aws_sdk_dynamodb::error::SdkError;
use aws_sdk_dynamodb::operation::transact_write_items::TransactWriteItemsError;
use aws_sdk_dynamodb::types::{
    AttributeDefinition, AttributeValue, BillingMode, ConditionCheck, Delete, DeleteRequest, GlobalSecondaryIndex,
    KeySchemaElement, KeyType, LocalSecondaryIndex, PointInTimeRecoverySpecification, Projection as DynamoProjection,
    ProjectionType, Put, PutRequest, ReturnValue, ScalarAttributeType, TimeToLiveSpecification, TransactWriteItem,
    WriteRequest as DynamoWrite,
};
use serde_json::{Number, Value};

use super::{
    Condition, Cursor, Item, Key, MAX_BATCH_ITEMS, Page, Query, Result, Scan, ScanRequest, SortCondition, Store,
    StoreError, TransactWrite, Update, VERSION, WriteRequest, check_item, check_transaction, key_values,
};
use crate::model::{IndexKind, Projection, TableDef};
use crate::tenant::TenantId;

/// The DynamoDB-backed store of the AWS stages.
#[derive(Clone)]
pub struct DynamoStore {
    client: Client,
    table_prefix: String,
}

impl DynamoStore {
    /// A store whose physical table names are `table_prefix` + the model's name.
    pub fn new(client: Client, table_prefix: impl Into<String>) -> Self {
        Self { client, table_prefix: table_prefix.into() }
    }

    /// A store configured from the standard AWS chain, optionally at another endpoint.
    pub async fn from_env(endpoint_url: Option<&str>, table_prefix: impl Into<String>) -> Self {
        let mut loader = aws_config::defaults(aws_config::BehaviorVersion::latest());
        if let Some(url) = endpoint_url {
            loader = loader.endpoint_url(url);
        }
        Self::new(Client::new(&loader.load().await), table_prefix)
    }

    /// A store over tables named `table_prefix` + table name, with a client made from an
    /// SDK configuration already loaded (a Lambda function loads it once for every client).
    pub fn from_config(config: &aws_config::SdkConfig, table_prefix: impl Into<String>) -> Self {
        Self::new(Client::new(config), table_prefix)
    }

    /// The physical name of `table`.
    pub fn table_name(&self, table: &TableDef) -> String {
        format!("{}{}", self.table_prefix, table.name)
    }

    /// The client, for control-plane calls.
    pub fn client(&self) -> &Client {
        &self.client
    }
}

fn sdk_error<E, R>(error: SdkError<E, R>) -> StoreError
where
    E: std::error::Error + Send + Sync + 'static,
    R: std::fmt::Debug + Send + Sync + 'static,
{
    StoreError::backend(aws_sdk_dynamodb::error::DisplayErrorContext(error).to_string_error())
}

trait ToStringError {
    fn to_string_error(&self) -> std::io::Error;
}

impl<T: std::fmt::Display> ToStringError for T {
    fn to_string_error(&self) -> std::io::Error {
        std::io::Error::other(self.to_string())
    }
}

/// Converts a JSON value to an attribute value.
pub fn to_attribute(value: &Value) -> AttributeValue {
    match value {
        Value::Null => AttributeValue::Null(true),
        Value::Bool(flag) => AttributeValue::Bool(*flag),
        Value::Number(number) => AttributeValue::N(number.to_string()),
        Value::String(text) => AttributeValue::S(text.clone()),
        Value::Array(values) => AttributeValue::L(values.iter().map(to_attribute).collect()),
        Value::Object(map) => {
            AttributeValue::M(map.iter().map(|(name, value)| (name.clone(), to_attribute(value))).collect())
        }
    }
}

/// Converts an attribute value to JSON; sets become arrays.
pub fn from_attribute(value: &AttributeValue) -> Value {
    match value {
        AttributeValue::S(text) => Value::String(text.clone()),
        AttributeValue::N(text) => number(text),
        AttributeValue::Bool(flag) => Value::Bool(*flag),
        AttributeValue::L(values) => Value::Array(values.iter().map(from_attribute).collect()),
        AttributeValue::M(map) => {
            Value::Object(map.iter().map(|(name, value)| (name.clone(), from_attribute(value))).collect())
        }
        AttributeValue::Ss(values) => Value::Array(values.iter().cloned().map(Value::String).collect()),
        AttributeValue::Ns(values) => Value::Array(values.iter().map(|n| number(n)).collect()),
        _ => Value::Null,
    }
}

fn number(text: &str) -> Value {
    if let Ok(n) = text.parse::<i64>() {
        Value::Number(n.into())
    } else if let Ok(n) = text.parse::<u64>() {
        Value::Number(n.into())
    } else {
        text.parse::<f64>().ok().and_then(Number::from_f64).map_or(Value::Null, Value::Number)
    }
}

fn to_item(attributes: &HashMap<String, AttributeValue>) -> Item {
    attributes.iter().map(|(name, value)| (name.clone(), from_attribute(value))).collect()
}

fn to_attributes(item: &Item) -> HashMap<String, AttributeValue> {
    item.iter().map(|(name, value)| (name.clone(), to_attribute(value))).collect()
}

fn key_map(table: &TableDef, tenant: &TenantId, key: &Key) -> HashMap<String, AttributeValue> {
    let (pk, sk) = key_values(tenant, key);
    HashMap::from([
        (table.partition_key.to_owned(), AttributeValue::S(pk)),
        (table.sort_key.to_owned(), AttributeValue::S(sk)),
    ])
}

fn cursor_from(key: Option<&HashMap<String, AttributeValue>>) -> Option<Cursor> {
    let key = key.filter(|key| !key.is_empty())?;
    let strings: BTreeMap<String, String> =
        key.iter().filter_map(|(name, value)| value.as_s().ok().map(|s| (name.clone(), s.clone()))).collect();
    Some(Cursor::from_key(strings))
}

fn cursor_key(cursor: &Cursor) -> HashMap<String, AttributeValue> {
    cursor.attributes().iter().map(|(name, value)| (name.clone(), AttributeValue::S(value.clone()))).collect()
}

/// An [`Update`] as DynamoDB takes it: `SET … REMOVE …` with its attribute names and values.
struct UpdateExpression {
    expression: String,
    names: HashMap<String, String>,
    values: HashMap<String, AttributeValue>,
}

impl UpdateExpression {
    fn new(table: &'static TableDef, tenant: &TenantId, update: &Update) -> Result<Self> {
        let mut names = HashMap::new();
        let mut values = HashMap::new();
        let mut sets = Vec::new();
        let mut removes = Vec::new();
        for (n, (name, value)) in update.set.iter().enumerate() {
            if name == table.partition_key || name == table.sort_key {
                return Err(StoreError::invalid(table, format!("`{name}` is part of the primary key")));
            }
            if table.tenant_scoped_attributes().any(|scoped| scoped == name)
                && !value.as_str().is_some_and(|v| tenant.owns(v))
            {
                return Err(StoreError::invalid(table, format!("`{name}` does not belong to tenant {tenant}")));
            }
            names.insert(format!("#s{n}"), name.clone());
            values.insert(format!(":s{n}"), to_attribute(value));
            sets.push(format!("#s{n} = :s{n}"));
        }
        for (n, name) in update.remove.iter().enumerate() {
            if name == table.partition_key || name == table.sort_key {
                return Err(StoreError::invalid(table, format!("`{name}` is part of the primary key")));
            }
            names.insert(format!("#r{n}"), name.clone());
            removes.push(format!("#r{n}"));
        }
        let mut expression = String::new();
        if !sets.is_empty() {
            expression.push_str(&format!("SET {}", sets.join(", ")));
        }
        if !removes.is_empty() {
            expression.push_str(&format!(" REMOVE {}", removes.join(", ")));
        }
        Ok(Self { expression: expression.trim().to_owned(), names, values })
    }
}

/// A condition as DynamoDB takes it: the expression with its attribute names and values.
#[derive(Default)]
struct ConditionExpression {
    expression: Option<String>,
    names: HashMap<String, String>,
    values: HashMap<String, AttributeValue>,
}

impl ConditionExpression {
    fn new(table: &TableDef, condition: Condition) -> Self {
        let mut out = Self::default();
        let mut version = |version: u64| {
            out.names.insert("#ver".to_owned(), VERSION.to_owned());
            out.values.insert(":ver".to_owned(), AttributeValue::N(version.to_string()));
        };
        let expression = match condition {
            Condition::None => None,
            Condition::MustExist => Some(format!("attribute_exists({})", table.partition_key)),
            Condition::MustNotExist => Some(format!("attribute_not_exists({})", table.partition_key)),
            Condition::Version(0) => {
                version(0);
                Some(format!(
                    "attribute_exists({}) AND (attribute_not_exists(#ver) OR #ver = :ver)",
                    table.partition_key
                ))
            }
            Condition::Version(n) => {
                version(n);
                Some("#ver = :ver".to_owned())
            }
        };
        out.expression = expression;
        out
    }

    fn names(&self) -> Option<HashMap<String, String>> {
        (!self.names.is_empty()).then(|| self.names.clone())
    }

    fn values(&self) -> Option<HashMap<String, AttributeValue>> {
        (!self.values.is_empty()).then(|| self.values.clone())
    }
}

fn is_condition_failure<E: aws_sdk_dynamodb::error::ProvideErrorMetadata, R>(error: &SdkError<E, R>) -> bool {
    error.as_service_error().and_then(|e| e.code()) == Some("ConditionalCheckFailedException")
}

/// Whether a transaction was cancelled by a failed condition or by another transaction on
/// one of its items: both mean "read again and retry".
fn is_transaction_conflict<R>(error: &SdkError<TransactWriteItemsError, R>) -> bool {
    match error.as_service_error() {
        Some(TransactWriteItemsError::TransactionCanceledException(cancelled)) => cancelled
            .cancellation_reasons()
            .iter()
            .any(|reason| matches!(reason.code(), Some("ConditionalCheckFailed" | "TransactionConflict"))),
        _ => false,
    }
}

fn key_schema(partition: &str, sort: &str) -> Vec<KeySchemaElement> {
    [(partition, KeyType::Hash), (sort, KeyType::Range)]
        .into_iter()
        .map(|(name, kind)| {
            KeySchemaElement::builder().attribute_name(name).key_type(kind).build().expect("name and type are set")
        })
        .collect()
}

fn projection(table: &TableDef, projection: Projection) -> DynamoProjection {
    let _ = table;
    match projection {
        Projection::All => DynamoProjection::builder().projection_type(ProjectionType::All).build(),
        Projection::KeysOnly => DynamoProjection::builder().projection_type(ProjectionType::KeysOnly).build(),
        Projection::Include(names) => DynamoProjection::builder()
            .projection_type(ProjectionType::Include)
            .set_non_key_attributes(Some(names.iter().map(|n| (*n).to_owned()).collect()))
            .build(),
    }
}

impl DynamoStore {
    async fn create_table(&self, table: &TableDef) -> Result<()> {
        let name = self.table_name(table);
        let exists = self.client.describe_table().table_name(&name).send().await;
        if exists.is_ok() {
            return self.enable_pitr(table).await;
        }
        let mut request = self
            .client
            .create_table()
            .table_name(&name)
            .billing_mode(BillingMode::PayPerRequest)
            .set_key_schema(Some(key_schema(table.partition_key, table.sort_key)));
        for attribute in table.key_attributes() {
            request = request.attribute_definitions(
                AttributeDefinition::builder()
                    .attribute_name(attribute)
                    .attribute_type(ScalarAttributeType::S)
                    .build()
                    .expect("name and type are set"),
            );
        }
        for index in table.indexes {
            let keys = Some(key_schema(index.partition_key, index.sort_key));
            let projection = projection(table, index.projection);
            request = match index.kind {
                IndexKind::Global => request.global_secondary_indexes(
                    GlobalSecondaryIndex::builder()
                        .index_name(index.name)
                        .set_key_schema(keys)
                        .projection(projection)
                        .build()
                        .expect("name and keys are set"),
                ),
                IndexKind::Local => request.local_secondary_indexes(
                    LocalSecondaryIndex::builder()
                        .index_name(index.name)
                        .set_key_schema(keys)
                        .projection(projection)
                        .build()
                        .expect("name and keys are set"),
                ),
            };
        }
        match request.send().await {
            Ok(_) => {}
            Err(error) if error.as_service_error().is_some_and(|e| e.is_resource_in_use_exception()) => {}
            Err(error) => return Err(sdk_error(error)),
        }
        self.client
            .wait_until_table_exists()
            .table_name(&name)
            .wait(std::time::Duration::from_secs(300))
            .await
            .map_err(StoreError::backend)?;
        self.enable_pitr(table).await?;
        self.enable_ttl(table).await
    }

    async fn enable_ttl(&self, table: &TableDef) -> Result<()> {
        let Some(attribute) = table.time_to_live else { return Ok(()) };
        let specification = TimeToLiveSpecification::builder()
            .attribute_name(attribute)
            .enabled(true)
            .build()
            .map_err(StoreError::backend)?;
        self.client
            .update_time_to_live()
            .table_name(self.table_name(table))
            .time_to_live_specification(specification)
            .send()
            .await
            .map_err(sdk_error)?;
        Ok(())
    }

    async fn enable_pitr(&self, table: &TableDef) -> Result<()> {
        if !table.point_in_time_recovery {
            return Ok(());
        }
        self.client
            .update_continuous_backups()
            .table_name(self.table_name(table))
            .point_in_time_recovery_specification(
                PointInTimeRecoverySpecification::builder()
                    .point_in_time_recovery_enabled(true)
                    .build()
                    .expect("the flag is set"),
            )
            .send()
            .await
            .map_err(sdk_error)?;
        Ok(())
    }
}

fn sort_expression(condition: &SortCondition, values: &mut HashMap<String, AttributeValue>) -> String {
    let mut bind = |name: &str, value: &str| {
        values.insert(format!(":{name}"), AttributeValue::S(value.to_owned()));
        format!(":{name}")
    };
    match condition {
        SortCondition::Eq(v) => format!("#sk = {}", bind("sk", v)),
        SortCondition::Lt(v) => format!("#sk < {}", bind("sk", v)),
        SortCondition::Le(v) => format!("#sk <= {}", bind("sk", v)),
        SortCondition::Gt(v) => format!("#sk > {}", bind("sk", v)),
        SortCondition::Ge(v) => format!("#sk >= {}", bind("sk", v)),
        SortCondition::BeginsWith(v) => format!("begins_with(#sk, {})", bind("sk", v)),
        SortCondition::Between(low, high) => {
            let low = bind("low", low);
            format!("#sk BETWEEN {low} AND {}", bind("high", high))
        }
    }
}

#[async_trait]
impl Store for DynamoStore {
    async fn create_tables(&self, tables: &[&'static TableDef]) -> Result<()> {
        for table in tables {
            self.create_table(table).await?;
        }
        Ok(())
    }

    async fn get(&self, tenant: &TenantId, table: &'static TableDef, key: &Key) -> Result<Option<Item>> {
        let output = self
            .client
            .get_item()
            .table_name(self.table_name(table))
            .set_key(Some(key_map(table, tenant, key)))
            .send()
            .await
            .map_err(sdk_error)?;
        Ok(output.item().map(to_item))
    }

    async fn put(&self, tenant: &TenantId, table: &'static TableDef, item: Item, condition: Condition) -> Result<()> {
        check_item(tenant, table, &item)?;
        let condition = ConditionExpression::new(table, condition);
        let result = self
            .client
            .put_item()
            .table_name(self.table_name(table))
            .set_item(Some(to_attributes(&item)))
            .set_expression_attribute_names(condition.names())
            .set_expression_attribute_values(condition.values())
            .set_condition_expression(condition.expression)
            .send()
            .await;
        match result {
            Ok(_) => Ok(()),
            Err(error) if is_condition_failure(&error) => Err(StoreError::ConditionFailed),
            Err(error) => Err(sdk_error(error)),
        }
    }

    async fn update(
        &self,
        tenant: &TenantId,
        table: &'static TableDef,
        key: &Key,
        update: Update,
        condition: Condition,
    ) -> Result<Item> {
        let UpdateExpression { expression, mut names, mut values } = UpdateExpression::new(table, tenant, &update)?;
        let key_attributes = key_map(table, tenant, key);
        if expression.is_empty() {
            // Nothing to change: answer the item as it is, honouring the condition.
            let current = self.get(tenant, table, key).await?;
            if !condition.holds(current.as_ref()) {
                return Err(StoreError::ConditionFailed);
            }
            return Ok(current.unwrap_or_else(|| to_item(&key_attributes)));
        }
        let ConditionExpression { expression: condition, names: condition_names, values: condition_values } =
            ConditionExpression::new(table, condition);
        names.extend(condition_names);
        values.extend(condition_values);
        let result = self
            .client
            .update_item()
            .table_name(self.table_name(table))
            .set_key(Some(key_attributes))
            .update_expression(expression)
            .set_expression_attribute_names(Some(names))
            .set_expression_attribute_values((!values.is_empty()).then_some(values))
            .set_condition_expression(condition)
            .return_values(ReturnValue::AllNew)
            .send()
            .await;
        match result {
            Ok(output) => Ok(output.attributes().map(to_item).unwrap_or_default()),
            Err(error) if is_condition_failure(&error) => Err(StoreError::ConditionFailed),
            Err(error) => Err(sdk_error(error)),
        }
    }

    async fn delete(
        &self,
        tenant: &TenantId,
        table: &'static TableDef,
        key: &Key,
        condition: Condition,
    ) -> Result<Option<Item>> {
        let condition = ConditionExpression::new(table, condition);
        let result = self
            .client
            .delete_item()
            .table_name(self.table_name(table))
            .set_key(Some(key_map(table, tenant, key)))
            .set_expression_attribute_names(condition.names())
            .set_expression_attribute_values(condition.values())
            .set_condition_expression(condition.expression)
            .return_values(ReturnValue::AllOld)
            .send()
            .await;
        match result {
            Ok(output) => Ok(output.attributes().filter(|a| !a.is_empty()).map(to_item)),
            Err(error) if is_condition_failure(&error) => Err(StoreError::ConditionFailed),
            Err(error) => Err(sdk_error(error)),
        }
    }

    async fn transact_write(&self, tenant: &TenantId, writes: Vec<TransactWrite>) -> Result<()> {
        check_transaction(tenant, &writes)?;
        let mut items = Vec::with_capacity(writes.len());
        for write in writes {
            let (table, _, _) = write.target(tenant);
            let condition = ConditionExpression::new(table, write.condition());
            let item = match write {
                TransactWrite::Put { item, .. } => TransactWriteItem::builder().put(
                    Put::builder()
                        .table_name(self.table_name(table))
                        .set_item(Some(to_attributes(&item)))
                        .set_expression_attribute_names(condition.names())
                        .set_expression_attribute_values(condition.values())
                        .set_condition_expression(condition.expression)
                        .build()
                        .map_err(StoreError::backend)?,
                ),
                TransactWrite::Update { key, update, .. } => {
                    let UpdateExpression { expression, mut names, mut values } =
                        UpdateExpression::new(table, tenant, &update)?;
                    names.extend(condition.names);
                    values.extend(condition.values);
                    TransactWriteItem::builder().update(
                        aws_sdk_dynamodb::types::Update::builder()
                            .table_name(self.table_name(table))
                            .set_key(Some(key_map(table, tenant, &key)))
                            .update_expression(expression)
                            .set_expression_attribute_names((!names.is_empty()).then_some(names))
                            .set_expression_attribute_values((!values.is_empty()).then_some(values))
                            .set_condition_expression(condition.expression)
                            .build()
                            .map_err(StoreError::backend)?,
                    )
                }
                TransactWrite::Delete { key, .. } => TransactWriteItem::builder().delete(
                    Delete::builder()
                        .table_name(self.table_name(table))
                        .set_key(Some(key_map(table, tenant, &key)))
                        .set_expression_attribute_names(condition.names())
                        .set_expression_attribute_values(condition.values())
                        .set_condition_expression(condition.expression)
                        .build()
                        .map_err(StoreError::backend)?,
                ),
                TransactWrite::Check { key, .. } => {
                    // A check without a condition checks nothing.
                    let Some(expression) = condition.expression.clone() else { continue };
                    TransactWriteItem::builder().condition_check(
                        ConditionCheck::builder()
                            .table_name(self.table_name(table))
                            .set_key(Some(key_map(table, tenant, &key)))
                            .set_expression_attribute_names(condition.names())
                            .set_expression_attribute_values(condition.values())
                            .condition_expression(expression)
                            .build()
                            .map_err(StoreError::backend)?,
                    )
                }
            };
            items.push(item.build());
        }
        if items.is_empty() {
            return Ok(());
        }
        let result = self.client.transact_write_items().set_transact_items(Some(items)).send().await;
        match result {
            Ok(_) => Ok(()),
            Err(error) if is_transaction_conflict(&error) => Err(StoreError::ConditionFailed),
            Err(error) => Err(sdk_error(error)),
        }
    }

    async fn query(&self, tenant: &TenantId, query: &Query) -> Result<Page> {
        let table = query.table;
        let partition = query.partition.value(tenant);
        let (partition_attr, sort_attr, names) = match query.index {
            None => (table.partition_key, table.sort_key, vec![table.partition_key, table.sort_key]),
            Some(index_name) => {
                let index = table
                    .index(index_name)
                    .ok_or_else(|| StoreError::invalid(table, format!("no index `{index_name}`")))?;
                let names = vec![table.partition_key, table.sort_key, index.partition_key, index.sort_key];
                (index.partition_key, index.sort_key, names)
            }
        };
        let mut values = HashMap::from([(":pk".to_owned(), AttributeValue::S(partition.clone()))]);
        let mut attribute_names = HashMap::from([("#pk".to_owned(), partition_attr.to_owned())]);
        let mut expression = "#pk = :pk".to_owned();
        if let Some(condition) = &query.sort {
            attribute_names.insert("#sk".to_owned(), sort_attr.to_owned());
            expression.push_str(&format!(" AND {}", sort_expression(condition, &mut values)));
        }
        let start_key = match &query.cursor {
            Some(cursor) => {
                cursor.check(table, &names, Some((partition_attr, &partition)), Some(tenant))?;
                Some(cursor_key(cursor))
            }
            None => None,
        };
        let output = self
            .client
            .query()
            .table_name(self.table_name(table))
            .set_index_name(query.index.map(str::to_owned))
            .key_condition_expression(expression)
            .set_expression_attribute_names(Some(attribute_names))
            .set_expression_attribute_values(Some(values))
            .scan_index_forward(query.forward)
            .set_limit(query.limit.map(|limit| limit.max(1) as i32))
            .set_exclusive_start_key(start_key)
            .send()
            .await
            .map_err(sdk_error)?;
        Ok(Page {
            items: output.items().iter().map(to_item).collect(),
            cursor: cursor_from(output.last_evaluated_key()),
        })
    }

    async fn batch_write_chunk(
        &self,
        tenant: &TenantId,
        table: &'static TableDef,
        requests: Vec<WriteRequest>,
    ) -> Result<Vec<WriteRequest>> {
        if requests.len() > MAX_BATCH_ITEMS {
            return Err(StoreError::invalid(table, format!("a batch takes at most {MAX_BATCH_ITEMS} requests")));
        }
        if requests.is_empty() {
            return Ok(requests);
        }
        let mut writes = Vec::with_capacity(requests.len());
        for request in &requests {
            writes.push(match request {
                WriteRequest::Put(item) => {
                    check_item(tenant, table, item)?;
                    let put = PutRequest::builder().set_item(Some(to_attributes(item))).build().expect("item is set");
                    DynamoWrite::builder().put_request(put).build()
                }
                WriteRequest::Delete(key) => {
                    let delete = DeleteRequest::builder()
                        .set_key(Some(key_map(table, tenant, key)))
                        .build()
                        .expect("key is set");
                    DynamoWrite::builder().delete_request(delete).build()
                }
            });
        }
        let name = self.table_name(table);
        let result = self.client.batch_write_item().request_items(&name, writes).send().await;
        let output = match result {
            Ok(output) => output,
            Err(error) => {
                let throttled = error.as_service_error().is_some_and(|e| {
                    e.is_provisioned_throughput_exceeded_exception()
                        || e.is_request_limit_exceeded()
                        || e.is_throttling_exception()
                });
                return if throttled { Ok(requests) } else { Err(sdk_error(error)) };
            }
        };
        let unprocessed = output.unprocessed_items().and_then(|items| items.get(&name)).cloned().unwrap_or_default();
        Ok(unprocessed
            .iter()
            .filter_map(|write| {
                if let Some(put) = write.put_request() {
                    Some(WriteRequest::Put(to_item(put.item())))
                } else {
                    write.delete_request().map(|delete| {
                        let sort = delete.key().get(table.sort_key).and_then(|v| v.as_s().ok()).cloned();
                        let partition = delete.key().get(table.partition_key).and_then(|v| v.as_s().ok()).cloned();
                        let partition = match partition.as_deref() {
                            Some(value) if value == tenant.as_str() => super::Partition::Tenant,
                            Some(value) => super::Partition::Scoped(
                                value.strip_prefix(&format!("{tenant}#")).unwrap_or(value).to_owned(),
                            ),
                            None => super::Partition::Tenant,
                        };
                        WriteRequest::Delete(Key { partition, sort: sort.unwrap_or_default() })
                    })
                }
            })
            .collect())
    }
}

#[async_trait]
impl Scan for DynamoStore {
    async fn scan(&self, request: &ScanRequest) -> Result<Page> {
        let table = request.table;
        let start_key = match &request.cursor {
            Some(cursor) => {
                cursor.check(table, &[table.partition_key, table.sort_key], None, None)?;
                Some(cursor_key(cursor))
            }
            None => None,
        };
        let output = self
            .client
            .scan()
            .table_name(self.table_name(table))
            .segment(request.segment as i32)
            .total_segments(request.total_segments as i32)
            .set_limit(request.limit.map(|limit| limit.max(1) as i32))
            .set_exclusive_start_key(start_key)
            .send()
            .await
            .map_err(sdk_error)?;
        Ok(Page {
            items: output.items().iter().map(to_item).collect(),
            cursor: cursor_from(output.last_evaluated_key()),
        })
    }
}
