//! The local HTTP server (`musicctl up` and any non-Lambda run): hyper's HTTP/1.1 with
//! limits against slow or stuck clients, so that partial headers or a partial body never
//! hold a connection for long, and a graceful stop.

use std::future::Future;
use std::time::Duration;

use axum::Router;
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::service::TowerToHyperService;
use tower::ServiceExt as _;
use tower_http::timeout::{RequestBodyTimeoutLayer, TimeoutLayer};

/// How long a client may take to send a request's headers, and how long a kept-alive
/// connection may wait idle for its next request.
pub const HEADER_READ_TIMEOUT: Duration = Duration::from_secs(10);

/// How long a client may take to send a request's body.
pub const BODY_TIMEOUT: Duration = Duration::from_secs(30);

/// How long a request may take from its headers to its answer.
pub const REQUEST_TIMEOUT: Duration = Duration::from_secs(60);

/// How long a stop waits for requests in flight.
const DRAIN_TIMEOUT: Duration = Duration::from_secs(10);

/// The limits of one server.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    /// See [`HEADER_READ_TIMEOUT`].
    pub header_read: Duration,
    /// See [`BODY_TIMEOUT`].
    pub body: Duration,
    /// See [`REQUEST_TIMEOUT`].
    pub request: Duration,
}

impl Default for Limits {
    fn default() -> Self {
        Self { header_read: HEADER_READ_TIMEOUT, body: BODY_TIMEOUT, request: REQUEST_TIMEOUT }
    }
}

/// Serves `app` on `listener` until `shutdown` resolves, then lets requests in flight
/// finish (for at most a few seconds).
pub async fn run(
    listener: tokio::net::TcpListener,
    app: Router,
    limits: Limits,
    shutdown: impl Future<Output = ()>,
) -> std::io::Result<()> {
    let app = app
        .layer(RequestBodyTimeoutLayer::new(limits.body))
        .layer(TimeoutLayer::with_status_code(axum::http::StatusCode::REQUEST_TIMEOUT, limits.request));
    let (stop, stopped) = tokio::sync::watch::channel(false);
    let mut connections = tokio::task::JoinSet::new();
    tokio::pin!(shutdown);
    loop {
        let (stream, peer) = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok(accepted) => accepted,
                // A connection that failed before it was accepted concerns only its client.
                Err(_) => continue,
            },
            () = &mut shutdown => break,
        };
        // Handlers that need the client's address (login throttling) read it from here.
        let service = TowerToHyperService::new(app.clone().map_request(
            move |mut request: axum::http::Request<hyper::body::Incoming>| {
                request.extensions_mut().insert(axum::extract::ConnectInfo(peer));
                request
            },
        ));
        let mut stopped = stopped.clone();
        connections.spawn(async move {
            let mut builder = hyper::server::conn::http1::Builder::new();
            builder.timer(TokioTimer::new()).header_read_timeout(limits.header_read);
            let connection = builder.serve_connection(TokioIo::new(stream), service).with_upgrades();
            tokio::pin!(connection);
            tokio::select! {
                _ = connection.as_mut() => {}
                // The one change the channel sees is the stop.
                _ = stopped.changed() => {
                    connection.as_mut().graceful_shutdown();
                    let _ = connection.await;
                }
            }
        });
        // Forget connections that are done, so the set does not grow.
        while connections.try_join_next().is_some() {}
    }
    let _ = stop.send(true);
    let _ = tokio::time::timeout(DRAIN_TIMEOUT, async { while connections.join_next().await.is_some() {} }).await;
    Ok(())
}

#[cfg(test)]
mod tests {
    use std::io::{Read as _, Write as _};

    use axum::routing::post;

    use super::*;

    fn limits() -> Limits {
        Limits {
            header_read: Duration::from_millis(300),
            body: Duration::from_millis(300),
            request: Duration::from_secs(5),
        }
    }

    async fn start() -> (std::net::SocketAddr, tokio::sync::oneshot::Sender<()>) {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        let app = Router::new().route("/echo", post(|body: String| async move { body }));
        let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
        tokio::spawn(run(listener, app, limits(), async move {
            let _ = stopped.await;
        }));
        (addr, stop)
    }

    /// Sends `bytes`, then waits; answers what the server sent before it closed.
    fn send_and_wait(addr: std::net::SocketAddr, bytes: &[u8]) -> (String, Duration) {
        let mut stream = std::net::TcpStream::connect(addr).unwrap();
        stream.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
        stream.write_all(bytes).unwrap();
        let started = std::time::Instant::now();
        let mut answer = Vec::new();
        let _ = stream.read_to_end(&mut answer);
        (String::from_utf8_lossy(&answer).into_owned(), started.elapsed())
    }

    #[tokio::test(flavor = "multi_thread")]
    async fn half_sent_requests_and_idle_connections_are_closed_after_the_timeout() {
        let (addr, _stop) = start().await;
        let headers = tokio::task::spawn_blocking(move || send_and_wait(addr, b"POST /echo HTTP/1.1\r\nHost: x\r\n"));
        let (answer, waited) = headers.await.unwrap();
        assert!(waited < Duration::from_secs(5), "partial headers held the connection for {waited:?}: {answer}");
        let body = tokio::task::spawn_blocking(move || {
            send_and_wait(addr, b"POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\nonly a part")
        });
        let (answer, waited) = body.await.unwrap();
        assert!(waited < Duration::from_secs(5), "a partial body held the connection for {waited:?}");
        assert!(answer.starts_with("HTTP/1.1 4"), "a partial body is refused: {answer}");
        let whole = tokio::task::spawn_blocking(move || {
            send_and_wait(addr, b"POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\nConnection: close\r\n\r\nhi")
        });
        let (answer, _) = whole.await.unwrap();
        assert!(answer.starts_with("HTTP/1.1 200") && answer.ends_with("hi"), "{answer}");
        // A kept-alive connection that sends nothing more is closed too.
        let idle = tokio::task::spawn_blocking(move || {
            send_and_wait(addr, b"POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\n\r\nhi")
        });
        let (answer, waited) = idle.await.unwrap();
        assert!(answer.starts_with("HTTP/1.1 200"), "{answer}");
        assert!(waited < Duration::from_secs(5), "an idle connection was held for {waited:?}");
    }
}
