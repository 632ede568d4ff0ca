//! A database URL (`postgres://user:password@host:port/db?sslmode=verify-full&sslrootcert=ca.pem`)
//! and the connection made from it, over TLS with rustls as `sslmode` says. The password is a
//! secret: it is remembered for scrubbing and never shown; the URL is shown as its target.

use std::str::FromStr;

use tokio::sync::mpsc::{UnboundedReceiver, UnboundedSender, unbounded_channel};
use tokio_postgres::config::SslMode;

use super::error::{StoreError, describe};
use super::tls::{self, Tls};
use crate::redact::Secret;

/// A parsed database URL.
#[derive(Clone)]
pub struct DatabaseUrl {
    config: tokio_postgres::Config,
    tls: Tls,
    root_cert: Option<std::path::PathBuf>,
    /// `user@host:port/db`: what messages name.
    target: String,
    /// Held so that the password is scrubbed from anything that leaves the program.
    _password: Option<Secret>,
}

impl std::fmt::Debug for DatabaseUrl {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "DatabaseUrl({})", self.target)
    }
}

impl DatabaseUrl {
    pub fn parse(url: &str) -> Result<DatabaseUrl, StoreError> {
        let url = url.trim();
        let (base, query) = url.split_once('?').unwrap_or((url, ""));
        let (mut tls, mut root_cert, mut rest) = (Tls::Prefer, None, Vec::new());
        for pair in query.split('&').filter(|p| !p.is_empty()) {
            let (key, value) = pair.split_once('=').unwrap_or((pair, ""));
            match key {
                "sslmode" => {
                    tls = Tls::parse(value)
                        .ok_or_else(|| StoreError::Url(format!("unknown sslmode `{value}`")))?;
                }
                "sslrootcert" => root_cert = Some(std::path::PathBuf::from(percent_decode(value))),
                _ => rest.push(pair),
            }
        }
        let plain = if rest.is_empty() {
            base.to_owned()
        } else {
            format!("{base}?{}", rest.join("&"))
        };
        let config = tokio_postgres::Config::from_str(&plain).map_err(|e| {
            // The driver's message names what it could not read, not the password.
            StoreError::Url(crate::redact::scrub_known(&e.to_string()))
        })?;
        let password = config
            .get_password()
            .map(|p| Secret::new(String::from_utf8_lossy(p).into_owned()));
        if matches!(tls, Tls::VerifyCa | Tls::VerifyFull) && root_cert.is_none() {
            return Err(StoreError::Url(String::from(
                "sslmode=verify-ca and verify-full need sslrootcert=FILE (the CA's certificate, PEM)",
            )));
        }
        Ok(DatabaseUrl {
            target: target(&config),
            config,
            tls,
            root_cert,
            _password: password,
        })
    }

    /// The same URL, its connections named `name` in `pg_stat_activity` (for people, and for
    /// tests that end one of them).
    pub fn named(&self, name: &str) -> DatabaseUrl {
        let mut named = self.clone();
        named.config.application_name(name);
        named
    }

    /// `user@host:port/db`, for messages: never the password.
    pub fn target(&self) -> &str {
        &self.target
    }

    pub fn tls(&self) -> Tls {
        self.tls
    }
}

fn target(config: &tokio_postgres::Config) -> String {
    let user = config.get_user().unwrap_or("");
    let host = config
        .get_hosts()
        .first()
        .map(|h| match h {
            tokio_postgres::config::Host::Tcp(name) => name.clone(),
            #[cfg(unix)]
            tokio_postgres::config::Host::Unix(path) => path.display().to_string(),
        })
        .unwrap_or_else(|| String::from("localhost"));
    let port = config.get_ports().first().copied().unwrap_or(5432);
    let db = config.get_dbname().unwrap_or(user);
    format!("{user}@{host}:{port}/{db}")
}

fn percent_decode(value: &str) -> String {
    form_urlencoded::parse(format!("v={value}").as_bytes())
        .next()
        .map(|(_, v)| v.into_owned())
        .unwrap_or_default()
}

/// A NOTIFY heard: on which channel, with what payload (a sequence number, for ours).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Notification {
    pub channel: String,
    pub payload: String,
}

/// One connection to the database, with the notifications it hears.
pub struct Store {
    pub(super) client: tokio_postgres::Client,
    pub(super) target: String,
    notifications: Option<UnboundedReceiver<Notification>>,
    /// Ends when the connection does.
    closed: tokio::sync::watch::Receiver<bool>,
    /// The lease holder a leader's writes are fenced by ([`Store::fenced_by`]).
    pub(super) fence: Option<String>,
}

impl Store {
    /// Connects, with TLS as the URL's `sslmode` says; the connection runs on its own task.
    pub async fn connect(url: &DatabaseUrl) -> Result<Store, StoreError> {
        let target = url.target.clone();
        let fail = |detail: String| StoreError::Connect {
            target: target.clone(),
            detail,
        };
        let mut config = url.config.clone();
        config.connect_timeout(std::time::Duration::from_secs(10));
        let (tx, notifications) = unbounded_channel();
        let (closed_tx, closed) = tokio::sync::watch::channel(false);
        let client = match url.tls {
            Tls::Disable => {
                config.ssl_mode(SslMode::Disable);
                let (client, connection) = config
                    .connect(tokio_postgres::NoTls)
                    .await
                    .map_err(|e| fail(describe(&e)))?;
                drive(connection, tx, closed_tx);
                client
            }
            tls => {
                config.ssl_mode(if tls == Tls::Prefer {
                    SslMode::Prefer
                } else {
                    SslMode::Require
                });
                let rustls = tls::client_config(tls, url.root_cert.as_deref(), &target)?;
                let connector = tokio_postgres_rustls::MakeRustlsConnect::new(rustls);
                let (client, connection) = config
                    .connect(connector)
                    .await
                    .map_err(|e| fail(describe(&e)))?;
                drive(connection, tx, closed_tx);
                client
            }
        };
        Ok(Store {
            client,
            target: url.target.clone(),
            notifications: Some(notifications),
            closed,
            fence: None,
        })
    }

    /// A leader's connection: each run it writes commits only while `holder` still holds the
    /// lease (checked by the database's clock in the run's transaction, just before its
    /// commit), so a leader that stalled past its lease never writes over its successor.
    pub fn fenced_by(self, holder: &str) -> Store {
        Store {
            fence: Some(holder.to_owned()),
            ..self
        }
    }

    /// `user@host:port/db`.
    pub fn target(&self) -> &str {
        &self.target
    }

    /// Whether the database answers (a round trip).
    pub async fn ping(&self) -> Result<(), StoreError> {
        self.client
            .simple_query("SELECT 1")
            .await
            .map(drop)
            .map_err(|e| StoreError::query(&self.target, &e))
    }

    /// Listens on a channel: its notifications arrive in [`Store::notification`].
    pub async fn listen(&self, channel: &str) -> Result<(), StoreError> {
        self.client
            .batch_execute(&format!("LISTEN {channel}"))
            .await
            .map_err(|e| StoreError::query(&self.target, &e))
    }

    /// The next notification; `None` once the connection is gone (or the notifications were
    /// taken).
    pub async fn notification(&mut self) -> Option<Notification> {
        self.notifications.as_mut()?.recv().await
    }

    /// The notifications, to be read elsewhere (they keep coming while the connection lasts).
    pub fn take_notifications(&mut self) -> Option<UnboundedReceiver<Notification>> {
        self.notifications.take()
    }

    /// Whether the connection is encrypted (what the server says of it).
    pub async fn encrypted(&self) -> Result<bool, StoreError> {
        let row = self
            .client
            .query_one(
                "SELECT coalesce((SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()), false)",
                &[],
            )
            .await
            .map_err(|e| StoreError::query(&self.target, &e))?;
        row.try_get(0)
            .map_err(|e| StoreError::query(&self.target, &e))
    }

    /// Whether the connection has ended.
    pub fn is_closed(&self) -> bool {
        self.client.is_closed() || *self.closed.borrow()
    }
}

/// Runs the connection, passing on the notifications it receives; says when it ends.
fn drive<S, T>(
    mut connection: tokio_postgres::Connection<S, T>,
    notifications: UnboundedSender<Notification>,
    closed: tokio::sync::watch::Sender<bool>,
) where
    S: tokio::io::AsyncRead + tokio::io::AsyncWrite + Unpin + Send + 'static,
    T: tokio::io::AsyncRead + tokio::io::AsyncWrite + Unpin + Send + 'static,
{
    tokio::spawn(async move {
        let mut messages = futures_util::stream::poll_fn(move |cx| connection.poll_message(cx));
        use futures_util::StreamExt;
        while let Some(message) = messages.next().await {
            match message {
                Ok(tokio_postgres::AsyncMessage::Notification(n)) => {
                    let _ = notifications.send(Notification {
                        channel: n.channel().to_owned(),
                        payload: n.payload().to_owned(),
                    });
                }
                Ok(_) => {}
                Err(e) => {
                    tracing::warn!("database connection: {}", describe(&e));
                    break;
                }
            }
        }
        let _ = closed.send(true);
    });
}
