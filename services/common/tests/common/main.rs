//! Integration tests of the common crate: one contract suite run against every store.

mod backend;
mod contract;
mod proxy;

/// Instantiates each contract test once per backend.
macro_rules! contract_tests {
    ($($name:ident),* $(,)?) => {
        mod embedded {
            $(
                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn $name() {
                    let backend = crate::backend::embedded();
                    crate::contract::$name(&backend).await;
                }
            )*
        }
        mod dynamo {
            $(
                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn $name() {
                    let Some(backend) = crate::backend::dynamo(None).await else { return };
                    crate::contract::$name(&backend).await;
                }
            )*
        }
    };
}

contract_tests!(
    put_get_and_conditions,
    update_and_delete,
    tenants_never_see_each_other,
    items_that_break_the_model_are_refused,
    sort_conditions_and_order,
    index_projections_and_sparse_indexes,
    pages_stop_at_one_megabyte,
    limits_and_cursors_continue_exactly,
    parallel_scan_returns_every_item_once,
    bulk_loads_replace_items_and_their_index_entries,
    versions_guard_writes,
    transactions_write_all_or_nothing,
    concurrent_versioned_writers_lose_nothing,
);

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn embedded_batch_of_1000_loses_nothing_while_throttled() {
    let backend = backend::embedded_throttled(400);
    contract::batch_of_1000_loses_nothing(&backend, true).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn dynamo_batch_of_1000_loses_nothing_while_throttled() {
    let Some(url) = backend::dynamo_url() else { return };
    let proxy = proxy::ThrottlingProxy::start(&url).await;
    let backend = backend::dynamo(Some(&proxy.url())).await.expect("the endpoint is set");
    contract::batch_of_1000_loses_nothing(&backend, true).await;
    assert!(proxy.withheld() > 0, "the proxy should have withheld writes");
}
