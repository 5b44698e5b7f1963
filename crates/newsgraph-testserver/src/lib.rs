//! A tiny HTTP/1.1 server on 127.0.0.1 for newsgraph's tests: one request per connection,
//! answers from a closure, a record of every request with the status it got. It stops when
//! dropped and never runs past [`LIFETIME`], so a test that goes wrong cannot leave it looping.
//! Shared by the tests of `newsgraph-fetch` and of the `newsgraph` binary (a dev-dependency
//! only; never part of a release build). Also home of [`pg_url`], the one reading of the
//! PostgreSQL test switch that the store, server and CLI suites share.

use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

/// The longest a test server lives.
pub const LIFETIME: Duration = Duration::from_secs(120);

/// A request as the server saw it, with the status it was answered.
#[derive(Debug, Clone)]
pub struct Hit {
    /// The request target (path and query).
    pub path: String,
    /// The request headers, in order.
    pub headers: Vec<(String, String)>,
    /// The status answered (0 while the handler runs).
    pub status: u16,
    /// The request body (read by its `Content-Length`).
    pub body: Vec<u8>,
}

impl Hit {
    /// A header's value, by name in any case.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}

/// What to answer.
#[derive(Debug, Clone)]
pub struct Reply {
    /// The status.
    pub status: u16,
    /// Headers besides `Connection` and `Content-Length`.
    pub headers: Vec<(String, String)>,
    /// The body.
    pub body: Vec<u8>,
    /// Leave out Content-Length and end the body by closing the connection.
    pub no_length: bool,
    /// Wait this long before answering.
    pub delay: Duration,
}

impl Reply {
    /// A reply with a `Content-Type`.
    pub fn new(status: u16, content_type: &str, body: impl Into<Vec<u8>>) -> Reply {
        Reply {
            status,
            headers: vec![("Content-Type".to_string(), content_type.to_string())],
            body: body.into(),
            no_length: false,
            delay: Duration::ZERO,
        }
    }

    /// The reply with one more header.
    pub fn header(mut self, name: &str, value: &str) -> Reply {
        self.headers.push((name.to_string(), value.to_string()));
        self
    }

    /// A `302` to `to`.
    pub fn redirect(to: &str) -> Reply {
        Reply::new(302, "text/plain", "moved").header("Location", to)
    }

    /// A `404`.
    pub fn not_found() -> Reply {
        Reply::new(404, "text/plain", "not found")
    }
}

/// A running server; stops when dropped.
pub struct Server {
    /// `http://127.0.0.1:PORT`.
    pub base: String,
    hits: Arc<Mutex<Vec<Hit>>>,
    stop: Arc<AtomicBool>,
    thread: Option<JoinHandle<()>>,
}

impl Server {
    /// Start a server answering each request with `handler`.
    pub fn start<F>(handler: F) -> Server
    where
        F: Fn(&Hit) -> Reply + Send + 'static,
    {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind loopback");
        listener.set_nonblocking(true).unwrap();
        let base = format!("http://{}", listener.local_addr().unwrap());
        let hits = Arc::new(Mutex::new(Vec::new()));
        let stop = Arc::new(AtomicBool::new(false));
        let (hits2, stop2) = (hits.clone(), stop.clone());
        let thread = std::thread::spawn(move || {
            let started = Instant::now();
            while !stop2.load(Ordering::SeqCst) && started.elapsed() < LIFETIME {
                match listener.accept() {
                    Ok((stream, _)) => serve(stream, &handler, &hits2),
                    Err(_) => std::thread::sleep(Duration::from_millis(2)),
                }
            }
        });
        Server {
            base,
            hits,
            stop,
            thread: Some(thread),
        }
    }

    /// The absolute URL of `path`.
    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    /// Every request so far except those for `/robots.txt`, which a polite client sends once
    /// per site and which most tests are not about (see [`Server::all_hits`]).
    pub fn hits(&self) -> Vec<Hit> {
        self.all_hits()
            .into_iter()
            .filter(|h| h.path != "/robots.txt")
            .collect()
    }

    /// Every request so far, `/robots.txt` included.
    pub fn all_hits(&self) -> Vec<Hit> {
        self.hits.lock().unwrap().clone()
    }

    /// The paths of [`Server::hits`].
    pub fn paths(&self) -> Vec<String> {
        self.hits().into_iter().map(|h| h.path).collect()
    }

    /// Forget the requests so far.
    pub fn clear(&self) {
        self.hits.lock().unwrap().clear();
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::SeqCst);
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}

fn serve<F: Fn(&Hit) -> Reply>(mut stream: TcpStream, handler: &F, hits: &Mutex<Vec<Hit>>) {
    let _ = stream.set_nonblocking(false);
    let _ = stream.set_read_timeout(Some(Duration::from_secs(5)));
    let mut head = Vec::new();
    let mut byte = [0u8; 1];
    while !head.ends_with(b"\r\n\r\n") && head.len() < 64 * 1024 {
        match stream.read(&mut byte) {
            Ok(1) => head.push(byte[0]),
            _ => return,
        }
    }
    let text = String::from_utf8_lossy(&head);
    let mut lines = text.split("\r\n");
    let path = lines
        .next()
        .and_then(|l| l.split(' ').nth(1))
        .unwrap_or("/")
        .to_string();
    let headers = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(n, v)| (n.trim().to_string(), v.trim().to_string()))
        .collect();
    let mut hit = Hit {
        path,
        headers,
        status: 0,
        body: Vec::new(),
    };
    let length = hit
        .header("content-length")
        .and_then(|n| n.parse::<usize>().ok())
        .unwrap_or(0)
        .min(16 * 1024 * 1024);
    hit.body = vec![0; length];
    if stream.read_exact(&mut hit.body).is_err() {
        return;
    }
    let reply = handler(&hit);
    hit.status = reply.status;
    hits.lock().unwrap().push(hit);
    std::thread::sleep(reply.delay);
    let mut out = format!("HTTP/1.1 {} X\r\nConnection: close\r\n", reply.status);
    for (n, v) in &reply.headers {
        out.push_str(&format!("{n}: {v}\r\n"));
    }
    if !reply.no_length {
        out.push_str(&format!("Content-Length: {}\r\n", reply.body.len()));
    }
    out.push_str("\r\n");
    let _ = stream.write_all(out.as_bytes());
    let _ = stream.write_all(&reply.body);
    let _ = stream.flush();
}

/// Gzips bytes (one member).
pub fn gzip(data: &[u8]) -> Vec<u8> {
    let mut enc = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    enc.write_all(data).unwrap();
    enc.finish().unwrap()
}

/// The PostgreSQL server the tests may use (`postgres://user@host:port/db`), from
/// `NEWSGRAPH_PG_URL`; `None` when unset, and then a test that needs it skips, unless
/// `NEWSGRAPH_PG_REQUIRED=1` (set by `.ci/run`) makes a missing server a failure rather than
/// a silent skip.
pub fn pg_url() -> Option<String> {
    match std::env::var("NEWSGRAPH_PG_URL") {
        Ok(url) if !url.is_empty() => Some(url),
        _ => {
            assert!(
                std::env::var("NEWSGRAPH_PG_REQUIRED").as_deref() != Ok("1"),
                "NEWSGRAPH_PG_REQUIRED=1 but NEWSGRAPH_PG_URL is not set"
            );
            eprintln!("skipped: set NEWSGRAPH_PG_URL to a PostgreSQL database to run this test");
            None
        }
    }
}
