//! A throttling proxy in front of a DynamoDB endpoint: every other BatchWriteItem it
//! forwards only half of the writes and answers the rest as `UnprocessedItems`, as a
//! throttled table does.

use std::net::SocketAddr;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

use http_body_util::{BodyExt as _, Full};
use hyper::body::{Bytes, Incoming};
use hyper::{Request, Response};
use hyper_util::client::legacy::Client;
use hyper_util::client::legacy::connect::HttpConnector;
use hyper_util::rt::{TokioExecutor, TokioIo};
use serde_json::{Map, Value};

/// A running proxy; it stops with the test's runtime.
pub(crate) struct ThrottlingProxy {
    addr: SocketAddr,
    withheld: Arc<AtomicU64>,
}

struct Shared {
    upstream: String,
    client: Client<HttpConnector, Full<Bytes>>,
    calls: AtomicU64,
    withheld: Arc<AtomicU64>,
}

impl ThrottlingProxy {
    /// Starts a proxy to `upstream` on a free loopback port.
    pub(crate) async fn start(upstream: &str) -> Self {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        let withheld = Arc::new(AtomicU64::new(0));
        let shared = Arc::new(Shared {
            upstream: upstream.trim_end_matches('/').to_owned(),
            client: Client::builder(TokioExecutor::new()).build_http(),
            calls: AtomicU64::new(0),
            withheld: Arc::clone(&withheld),
        });
        tokio::spawn(async move {
            loop {
                let Ok((stream, _)) = listener.accept().await else { return };
                let shared = Arc::clone(&shared);
                tokio::spawn(async move {
                    let service = hyper::service::service_fn(move |request| forward(Arc::clone(&shared), request));
                    let _ = hyper::server::conn::http1::Builder::new()
                        .serve_connection(TokioIo::new(stream), service)
                        .await;
                });
            }
        });
        Self { addr, withheld }
    }

    /// The proxy's URL.
    pub(crate) fn url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// How many writes the proxy has withheld so far.
    pub(crate) fn withheld(&self) -> u64 {
        self.withheld.load(Ordering::Relaxed)
    }
}

async fn forward(shared: Arc<Shared>, request: Request<Incoming>) -> Result<Response<Full<Bytes>>, hyper::Error> {
    let (mut parts, body) = request.into_parts();
    let mut body = body.collect().await?.to_bytes();
    let is_batch = parts.headers.get("x-amz-target").is_some_and(|t| t.as_bytes().ends_with(b".BatchWriteItem"));
    let mut unprocessed = Map::new();
    if is_batch && shared.calls.fetch_add(1, Ordering::Relaxed).is_multiple_of(2) {
        let mut json: Value = serde_json::from_slice(&body).unwrap();
        for (table, writes) in json["RequestItems"].as_object_mut().unwrap() {
            let writes = writes.as_array_mut().unwrap();
            let rest = writes.split_off(writes.len().div_ceil(2));
            shared.withheld.fetch_add(rest.len() as u64, Ordering::Relaxed);
            if !rest.is_empty() {
                unprocessed.insert(table.clone(), Value::Array(rest));
            }
        }
        body = Bytes::from(serde_json::to_vec(&json).unwrap());
    }
    parts.headers.remove("content-length");
    let uri = format!("{}{}", shared.upstream, parts.uri.path_and_query().map_or("/", |p| p.as_str()));
    parts.uri = uri.parse().unwrap();
    parts.headers.remove("host");
    let upstream = shared.client.request(Request::from_parts(parts, Full::new(body))).await.unwrap();
    let (mut parts, body) = upstream.into_parts();
    let mut body = body.collect().await?.to_bytes();
    if !unprocessed.is_empty() && parts.status.is_success() {
        let mut json: Value = serde_json::from_slice(&body).unwrap();
        json["UnprocessedItems"] = Value::Object(unprocessed);
        body = Bytes::from(serde_json::to_vec(&json).unwrap());
        parts.headers.remove("content-length");
        parts.headers.remove("x-amz-crc32");
    }
    Ok(Response::from_parts(parts, Full::new(body)))
}
