//! The HTTP plumbing every vendor client shares: one configured `reqwest` client, and the
//! translation of transport failures into [`ErrorKind`]s that never carry a URL.

use std::error::Error as _;
use std::sync::Once;
use std::time::Duration;

use reqwest::{RequestBuilder, StatusCode};

use super::error::ErrorKind;

/// Timeouts for vendor calls.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Timeouts {
    pub connect: Duration,
    pub request: Duration,
}

impl Default for Timeouts {
    fn default() -> Self {
        Self {
            connect: Duration::from_secs(10),
            request: Duration::from_secs(30),
        }
    }
}

/// Builds the HTTP client. TLS uses rustls with the `ring` provider (lighter to build than
/// aws-lc), installed once for the process.
pub fn client(timeouts: Timeouts) -> Result<reqwest::Client, reqwest::Error> {
    static PROVIDER: Once = Once::new();
    PROVIDER.call_once(|| {
        // Err only means another provider was installed first, which is fine.
        let _ = rustls::crypto::ring::default_provider().install_default();
    });
    reqwest::Client::builder()
        .connect_timeout(timeouts.connect)
        .timeout(timeouts.request)
        .user_agent(concat!("scrm-tui/", env!("CARGO_PKG_VERSION")))
        // A redirect would carry the credentials (headers, signed query, the token in the
        // URL) to wherever it points, and a `Referer` the whole URL: neither is ever sent.
        .redirect(reqwest::redirect::Policy::none())
        .referer(false)
        .build()
        .map_err(reqwest::Error::without_url)
}

/// A response's status and full body.
pub struct Reply {
    pub status: StatusCode,
    pub body: bytes::Bytes,
}

/// Sends the request and reads the body, up to `max_body` bytes: past that the read stops and
/// the connection is dropped. A redirect is an error, its body unread.
pub async fn send(request: RequestBuilder, max_body: u64) -> Result<Reply, ErrorKind> {
    let mut response = request.send().await.map_err(transport)?;
    let status = response.status();
    if status.is_redirection() {
        return Err(ErrorKind::Redirect {
            status: status.as_u16(),
            to: redirect_target(&response),
        });
    }
    let too_large = ErrorKind::TooLarge { limit: max_body };
    let declared = response.content_length();
    if declared.is_some_and(|length| length > max_body) {
        return Err(too_large);
    }
    // One buffer, sized from the header when there is one, so the body is never held twice.
    let mut body = Vec::with_capacity(declared.unwrap_or(0) as usize);
    while let Some(chunk) = response.chunk().await.map_err(transport)? {
        if (body.len() + chunk.len()) as u64 > max_body {
            return Err(too_large);
        }
        body.extend_from_slice(&chunk);
    }
    Ok(Reply {
        status,
        body: bytes::Bytes::from(body),
    })
}

/// Where a redirect points: the host and port only (a URL may carry a token), or a word
/// for a location that cannot be read.
fn redirect_target(response: &reqwest::Response) -> String {
    let location = response
        .headers()
        .get(reqwest::header::LOCATION)
        .and_then(|value| value.to_str().ok());
    let Some(location) = location else {
        return String::from("nowhere (no Location header)");
    };
    match response.url().join(location) {
        Ok(url) => match (url.host_str(), url.port_or_known_default()) {
            (Some(host), Some(port)) => format!("{}://{host}:{port}", url.scheme()),
            (Some(host), None) => format!("{}://{host}", url.scheme()),
            (None, _) => String::from("a location without a host"),
        },
        Err(_) => String::from("a location that is not a URL"),
    }
}

/// The decoded body of a successful answer; for any other status the error `refused` makes
/// of it (the HTTP status, or a vendor envelope inside an error page); a transport failure
/// as it is.
pub fn decoded<T>(
    sent: Result<Reply, ErrorKind>,
    decode: impl FnOnce(&[u8]) -> Result<T, ErrorKind>,
    refused: impl FnOnce(&Reply) -> ErrorKind,
) -> Result<T, ErrorKind> {
    match sent {
        Ok(reply) if reply.status.is_success() => decode(&reply.body),
        Ok(reply) => Err(refused(&reply)),
        Err(kind) => Err(kind),
    }
}

/// An HTTP error for a non-success status, with a one-line summary of the body (the title of
/// an HTML error page, or its first characters).
pub fn status_error(reply: &Reply) -> ErrorKind {
    ErrorKind::Http {
        status: reply.status.as_u16(),
        detail: summarize(&reply.body),
    }
}

/// A short, single-line, printable summary of a body for an error message.
pub fn summarize(body: &[u8]) -> String {
    let text = String::from_utf8_lossy(body);
    let lower = text.to_ascii_lowercase();
    let text = match (lower.find("<title>"), lower.find("</title>")) {
        (Some(start), Some(end)) if start + 7 <= end => text.get(start + 7..end).unwrap_or(&text),
        _ => &text,
    };
    let line: String = text
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect::<String>()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    truncate_chars(&line, 120)
}

fn truncate_chars(text: &str, max: usize) -> String {
    match text.char_indices().nth(max) {
        Some((at, _)) => format!("{}…", &text[..at]),
        None => text.to_owned(),
    }
}

/// Maps a transport failure to an error kind. The URL is dropped first: Weiban's URLs hold the
/// access token.
pub fn transport(error: reqwest::Error) -> ErrorKind {
    let error = error.without_url();
    if error.is_timeout() {
        ErrorKind::Timeout
    } else if error.is_connect() {
        ErrorKind::Connect(describe(&error))
    } else {
        ErrorKind::Network(describe(&error))
    }
}

/// The error and its sources on one line (`reqwest` puts the useful part in the sources).
pub fn describe(error: &reqwest::Error) -> String {
    let mut text = error.to_string();
    let mut source = error.source();
    while let Some(inner) = source {
        let part = inner.to_string();
        if !text.contains(&part) {
            text.push_str(": ");
            text.push_str(&part);
        }
        source = inner.source();
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn html_error_pages_are_summarized_by_title() {
        let page = b"<html><head><title>502 Bad Gateway</title></head><body>\n<h1>nginx</h1></body></html>";
        assert_eq!(summarize(page), "502 Bad Gateway");
        assert_eq!(summarize(b"oops\n\tbroken"), "oops broken");
        assert_eq!(summarize("很".repeat(200).as_bytes()).chars().count(), 121);
    }

    #[tokio::test]
    async fn transport_errors_never_show_the_url_or_token() {
        let http = client(Timeouts::default()).unwrap();
        // A port that was just free: the connection is refused.
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        let addr = listener.local_addr().unwrap();
        drop(listener);
        let request = http
            .get(format!("http://{addr}/open-api/x"))
            .query(&[("access_token", "tok_SHOULD_NOT_LEAK")]);
        let error = send(request, 1 << 20).await.err().unwrap();
        let text = format!("{error} {error:?}");
        assert!(!text.contains("tok_SHOULD_NOT_LEAK"), "{text}");
        assert!(!text.contains("/open-api/x"), "{text}");
        assert!(matches!(
            error,
            ErrorKind::Connect(_) | ErrorKind::Network(_)
        ));
    }
}
