//! A strict HTTP/1.1 client on a raw socket, for what lenient clients forgive: every answer must
//! be framed exactly as RFC 9112 §6 says, so that the next answer on the same kept-alive
//! connection starts where this one ends.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::time::Duration;

/// One request, as bytes on the wire.
#[derive(Debug, Clone)]
pub struct RawRequest {
    pub method: &'static str,
    pub path: String,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl RawRequest {
    pub fn new(method: &'static str, path: impl Into<String>) -> Self {
        Self {
            method,
            path: path.into(),
            headers: Vec::new(),
            body: Vec::new(),
        }
    }

    pub fn header(mut self, name: &str, value: &str) -> Self {
        self.headers.push((name.to_owned(), value.to_owned()));
        self
    }

    pub fn bearer(self, token: Option<&str>) -> Self {
        match token {
            Some(token) => self.header("Authorization", &format!("Bearer {token}")),
            None => self,
        }
    }

    pub fn json(mut self, content_type: &str, body: &serde_json::Value) -> Self {
        self.body = body.to_string().into_bytes();
        self.header("Content-Type", content_type)
    }

    fn to_bytes(&self) -> Vec<u8> {
        let mut bytes = format!(
            "{} {} HTTP/1.1\r\nHost: gateway\r\n",
            self.method, self.path
        )
        .into_bytes();
        for (name, value) in &self.headers {
            bytes.extend_from_slice(format!("{name}: {value}\r\n").as_bytes());
        }
        if !self.body.is_empty() || matches!(self.method, "POST" | "PATCH" | "PUT") {
            bytes.extend_from_slice(format!("Content-Length: {}\r\n", self.body.len()).as_bytes());
        }
        bytes.extend_from_slice(b"\r\n");
        bytes.extend_from_slice(&self.body);
        bytes
    }
}

/// One answer, read to its last framed byte.
#[derive(Debug, Clone)]
pub struct RawResponse {
    pub status: u16,
    /// Names lowercased, in the order sent.
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl RawResponse {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }

    pub fn json(&self) -> serde_json::Value {
        serde_json::from_slice(&self.body).unwrap_or(serde_json::Value::Null)
    }
}

/// A kept-alive connection to the gateway.
pub struct RawConnection {
    reader: BufReader<TcpStream>,
}

impl RawConnection {
    /// Connects to `base_url` (`http://127.0.0.1:PORT`).
    pub fn open(base_url: &str) -> Result<Self, String> {
        let address = base_url.trim_start_matches("http://");
        let stream = TcpStream::connect(address).map_err(|e| format!("connect: {e}"))?;
        stream
            .set_read_timeout(Some(Duration::from_secs(10)))
            .map_err(|e| e.to_string())?;
        Ok(Self {
            reader: BufReader::new(stream),
        })
    }

    /// Writes every request in one go (pipelined), then reads one framed answer per request.
    pub fn pipeline(&mut self, requests: &[RawRequest]) -> Result<Vec<RawResponse>, String> {
        let bytes: Vec<u8> = requests.iter().flat_map(RawRequest::to_bytes).collect();
        self.reader
            .get_mut()
            .write_all(&bytes)
            .map_err(|e| format!("write: {e}"))?;
        requests
            .iter()
            .map(|request| {
                self.read_response(request.method == "HEAD")
                    .map_err(|error| format!("{} {}: {error}", request.method, request.path))
            })
            .collect()
    }

    /// One request, one answer.
    pub fn send(&mut self, request: RawRequest) -> Result<RawResponse, String> {
        Ok(self.pipeline(&[request])?.remove(0))
    }

    /// Bytes exactly as given (a malformed or partial request), then one framed answer.
    pub fn send_bytes(&mut self, bytes: &[u8]) -> Result<RawResponse, String> {
        self.reader
            .get_mut()
            .write_all(bytes)
            .map_err(|e| format!("write: {e}"))?;
        self.read_response(false)
    }

    /// Fails if the connection holds bytes that no answer framed (what broke kept-alive
    /// clients: a chunked terminator after a 204).
    pub fn assert_drained(&mut self) -> Result<(), String> {
        if !self.reader.buffer().is_empty() {
            return Err(format!(
                "unframed bytes after the last answer: {:?}",
                String::from_utf8_lossy(self.reader.buffer())
            ));
        }
        let stream = self.reader.get_mut();
        stream
            .set_read_timeout(Some(Duration::from_millis(200)))
            .map_err(|e| e.to_string())?;
        let mut byte = [0u8; 64];
        let outcome = match stream.read(&mut byte) {
            Ok(0) => Err("the gateway closed a kept-alive connection".to_owned()),
            Ok(n) => Err(format!(
                "unframed bytes after the last answer: {:?}",
                String::from_utf8_lossy(&byte[..n])
            )),
            Err(e)
                if matches!(
                    e.kind(),
                    std::io::ErrorKind::WouldBlock | std::io::ErrorKind::TimedOut
                ) =>
            {
                Ok(())
            }
            Err(e) => Err(format!("read: {e}")),
        };
        stream
            .set_read_timeout(Some(Duration::from_secs(10)))
            .map_err(|e| e.to_string())?;
        outcome
    }

    fn line(&mut self) -> Result<String, String> {
        let mut line = String::new();
        self.reader
            .read_line(&mut line)
            .map_err(|e| format!("read: {e}"))?;
        line.strip_suffix("\r\n")
            .map(str::to_owned)
            .ok_or_else(|| format!("a line not ended by CRLF: {line:?}"))
    }

    fn read_response(&mut self, head: bool) -> Result<RawResponse, String> {
        let status_line = self.line()?;
        let status = status_line
            .strip_prefix("HTTP/1.1 ")
            .and_then(|rest| rest.get(..3))
            .and_then(|code| code.parse::<u16>().ok())
            .ok_or_else(|| format!("illegal status line {status_line:?}"))?;
        let mut headers = Vec::new();
        loop {
            let line = self.line()?;
            if line.is_empty() {
                break;
            }
            let (name, value) = line
                .split_once(':')
                .ok_or_else(|| format!("illegal header line {line:?}"))?;
            headers.push((name.to_ascii_lowercase(), value.trim().to_owned()));
        }
        let response = RawResponse {
            status,
            headers,
            body: Vec::new(),
        };
        let chunked = response
            .header("transfer-encoding")
            .is_some_and(|te| te.eq_ignore_ascii_case("chunked"));
        let length = response.header("content-length");
        if chunked && length.is_some() {
            return Err(format!(
                "{status} has both Transfer-Encoding and Content-Length"
            ));
        }
        // RFC 9112 §6.3: no body after these, whatever the headers say.
        if (100..200).contains(&status) || status == 204 || status == 304 || head {
            if status == 204 || (100..200).contains(&status) {
                for forbidden in ["transfer-encoding", "content-length", "content-type"] {
                    if response.header(forbidden).is_some() {
                        return Err(format!("a {status} carries {forbidden}"));
                    }
                }
            }
            if chunked && !head {
                return Err(format!("a {status} claims a chunked body"));
            }
            return Ok(response);
        }
        let mut body = Vec::new();
        if chunked {
            loop {
                let size_line = self.line()?;
                let size = usize::from_str_radix(size_line.split(';').next().unwrap_or(""), 16)
                    .map_err(|_| format!("illegal chunk size {size_line:?}"))?;
                if size == 0 {
                    // No trailers are expected: the chunked body ends with an empty line.
                    let end = self.line()?;
                    if !end.is_empty() {
                        return Err(format!("unexpected trailer {end:?}"));
                    }
                    break;
                }
                let mut chunk = vec![0u8; size];
                self.reader
                    .read_exact(&mut chunk)
                    .map_err(|e| format!("chunk: {e}"))?;
                body.extend_from_slice(&chunk);
                if !self.line()?.is_empty() {
                    return Err("a chunk not followed by CRLF".into());
                }
            }
        } else if let Some(length) = length {
            let length: usize = length
                .parse()
                .map_err(|_| format!("illegal Content-Length {length:?}"))?;
            body = vec![0u8; length];
            self.reader
                .read_exact(&mut body)
                .map_err(|e| format!("body: {e}"))?;
        } else {
            return Err(format!(
                "a {status} with a body framed by neither Content-Length nor chunked"
            ));
        }
        Ok(RawResponse { body, ..response })
    }
}
