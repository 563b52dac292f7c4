//! Raw TCP clients, for what an HTTP library will not do: stop half-way through a request,
//! never read, hold connections open, come from another loopback address.

use std::net::{IpAddr, SocketAddr};
use std::time::Duration;

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpSocket, TcpStream};

use crate::helpers::PATIENCE;

/// One connection.
pub struct Raw {
    stream: TcpStream,
    read: Vec<u8>,
}

/// A response as read off the wire.
#[derive(Debug)]
pub struct RawResponse {
    pub status: u16,
    /// The head, lower-cased.
    pub head: String,
    pub body: String,
}

impl Raw {
    /// A connection from 127.0.0.1.
    pub async fn connect(server: SocketAddr) -> Self {
        Self::connect_from(server, "127.0.0.1").await
    }

    /// A connection from another loopback address (`127.0.0.2`, …): another client.
    pub async fn connect_from(server: SocketAddr, local: &str) -> Self {
        Self::connect_with(server, local, None).await
    }

    /// A connection whose receive buffer is `receive_buffer` bytes: a client that reads slowly
    /// fills it soon.
    pub async fn connect_with(
        server: SocketAddr,
        local: &str,
        receive_buffer: Option<u32>,
    ) -> Self {
        let socket = TcpSocket::new_v4().unwrap();
        if let Some(size) = receive_buffer {
            socket.set_recv_buffer_size(size).unwrap();
        }
        let local: IpAddr = local.parse().unwrap();
        socket.bind(SocketAddr::new(local, 0)).unwrap();
        let stream = socket.connect(server).await.unwrap();
        Self {
            stream,
            read: Vec::new(),
        }
    }

    /// The connection itself, for another protocol (a WebSocket).
    pub fn into_stream(self) -> TcpStream {
        self.stream
    }

    pub async fn send(&mut self, bytes: &[u8]) {
        self.stream.write_all(bytes).await.unwrap();
    }

    /// Sends, or says that the server has closed the connection.
    pub async fn try_send(&mut self, bytes: &[u8]) -> std::io::Result<()> {
        self.stream.write_all(bytes).await
    }

    /// Reads more; `false` when the server has closed (or reset) the connection.
    async fn fill(&mut self) -> bool {
        let mut chunk = [0u8; 16 * 1024];
        match self.stream.read(&mut chunk).await {
            Ok(0) | Err(_) => false,
            Ok(n) => {
                self.read.extend_from_slice(&chunk[..n]);
                true
            }
        }
    }

    /// The next response (head and `Content-Length` body), or `None` if the connection
    /// closes first. Panics after [`PATIENCE`].
    pub async fn response(&mut self) -> Option<RawResponse> {
        tokio::time::timeout(PATIENCE, self.read_response())
            .await
            .expect("no response in time")
    }

    async fn read_response(&mut self) -> Option<RawResponse> {
        let head_end = loop {
            if let Some(at) = self.read.windows(4).position(|w| w == b"\r\n\r\n") {
                break at + 4;
            }
            if !self.fill().await {
                return None;
            }
        };
        let head = String::from_utf8_lossy(&self.read[..head_end]).to_ascii_lowercase();
        let status = head.split(' ').nth(1)?.parse().ok()?;
        let length: usize = head
            .lines()
            .find_map(|line| line.strip_prefix("content-length:"))
            .map_or(0, |value| value.trim().parse().unwrap());
        while self.read.len() < head_end + length {
            if !self.fill().await {
                return None;
            }
        }
        let rest = self.read.split_off(head_end + length);
        let body = String::from_utf8_lossy(&self.read[head_end..]).into_owned();
        self.read = rest;
        Some(RawResponse { status, head, body })
    }

    /// Whether the server closes the connection within `within` (anything it sends first is
    /// read and dropped).
    pub async fn closed_within(&mut self, within: Duration) -> bool {
        let drain = async { while self.fill().await {} };
        tokio::time::timeout(within, drain).await.is_ok()
    }

    /// Reads everything until the server closes the connection: how many bytes came.
    pub async fn read_to_close(&mut self) -> usize {
        tokio::time::timeout(PATIENCE, async { while self.fill().await {} })
            .await
            .expect("the connection was not closed in time");
        self.read.len()
    }
}

/// A request's head (HTTP/1.1, `Host` set) with these extra header lines.
pub fn head(method: &str, path: &str, headers: &[&str]) -> Vec<u8> {
    let mut text = format!("{method} {path} HTTP/1.1\r\nHost: localhost\r\n");
    for header in headers {
        text.push_str(header);
        text.push_str("\r\n");
    }
    text.push_str("\r\n");
    text.into_bytes()
}
