//! A private, throwaway PostgreSQL for tests: `initdb` into a temporary directory from the
//! installed server binaries (Debian's `postgresql` package), started on a free loopback port
//! with its socket in that directory, as an unprivileged user when the tests run as root,
//! stopped and removed when the test ends. No download, no mock. With
//! `SCRM_TUI_TEST_DATABASE_URL` set, that server is used instead (a fresh database per test).

#![allow(clippy::unwrap_used, clippy::expect_used)] // test code: a failure is the report

use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicU32, Ordering};
use std::time::{Duration, Instant};

/// The superuser's password: connections over TCP need it (scram-sha-256), so a test that
/// looks for secrets has one to look for.
pub const ADMIN_PASSWORD: &str = "pg-test-admin-Secret-7e1c";

/// A running server and a database of the test's own on it.
pub struct Postgres {
    /// `postgres://postgres:…@127.0.0.1:PORT/DB`: the test's database, as the superuser.
    pub url: String,
    /// The same server, database `postgres`.
    pub admin_url: String,
    pub port: u16,
    pub database: String,
    server: Option<Server>,
}

struct Server {
    dir: tempfile::TempDir,
    child: Child,
    bin: PathBuf,
    unprivileged: bool,
    port: u16,
    tls: bool,
}

/// The certificates of a server started with TLS.
pub struct TlsFiles {
    /// The CA that signed the server's certificate (PEM).
    pub ca: PathBuf,
    /// Another CA, that signed nothing here.
    pub other_ca: PathBuf,
}

impl Postgres {
    /// A private server that also speaks TLS, with a certificate for `localhost` (not for
    /// `127.0.0.1`) signed by a CA of the test's own.
    pub fn start_with_tls() -> (Postgres, TlsFiles) {
        let server = Server::start(true);
        let files = TlsFiles {
            ca: server.dir.path().join("ca.pem"),
            other_ca: server.dir.path().join("other-ca.pem"),
        };
        (Postgres::on(server), files)
    }

    /// A fresh database: on `SCRM_TUI_TEST_DATABASE_URL`'s server, or on a private server.
    pub fn start() -> Postgres {
        static COUNTER: AtomicU32 = AtomicU32::new(0);
        let database = format!(
            "scrm_test_{}_{}",
            std::process::id(),
            COUNTER.fetch_add(1, Ordering::Relaxed)
        );
        if let Ok(url) = std::env::var("SCRM_TUI_TEST_DATABASE_URL") {
            let port = url_port(&url);
            psql(&url, &format!("CREATE DATABASE {database}"));
            return Postgres {
                url: replace_database(&url, &database),
                admin_url: url,
                port,
                database,
                server: None,
            };
        }
        Postgres::on(Server::start(false))
    }

    fn on(server: Server) -> Postgres {
        static COUNTER: AtomicU32 = AtomicU32::new(0);
        let database = format!(
            "scrm_test_{}_t{}",
            std::process::id(),
            COUNTER.fetch_add(1, Ordering::Relaxed)
        );
        let port = server.port();
        let admin_url = format!("postgres://postgres:{ADMIN_PASSWORD}@127.0.0.1:{port}/postgres");
        psql(&admin_url, &format!("CREATE DATABASE {database}"));
        Postgres {
            url: format!("postgres://postgres:{ADMIN_PASSWORD}@127.0.0.1:{port}/{database}"),
            admin_url,
            port,
            database,
            server: Some(server),
        }
    }

    /// Runs SQL as the superuser in the test's database.
    pub fn sql(&self, sql: &str) -> String {
        psql(&self.url, sql)
    }

    /// The README's roles: the two group roles, two staff members (`alice`, `bob`) with both,
    /// a `viewer` with reading only; passwords `<name>-pw-1x`.
    pub fn create_team_roles(&self) {
        self.sql(&format!(
            "CREATE ROLE scrm_reader NOLOGIN;
             CREATE ROLE scrm_triage NOLOGIN;
             GRANT CONNECT ON DATABASE {db} TO scrm_reader, scrm_triage;
             CREATE ROLE alice LOGIN PASSWORD 'alice-pw-1x' IN ROLE scrm_reader, scrm_triage;
             CREATE ROLE bob LOGIN PASSWORD 'bob-pw-1x' IN ROLE scrm_reader, scrm_triage;
             CREATE ROLE viewer LOGIN PASSWORD 'viewer-pw-1x' IN ROLE scrm_reader;",
            db = self.database
        ));
    }

    /// A URL for another role (with its password) on the test's database.
    pub fn url_as(&self, role: &str, password: &str) -> String {
        format!(
            "postgres://{role}:{password}@127.0.0.1:{}/{}",
            self.port, self.database
        )
    }

    /// Stops the server as a crash would (the test's database goes away with it); `resume`
    /// starts it again on the same port and data.
    pub fn kill(&mut self) {
        if let Some(server) = &mut self.server {
            let _ = server.child.kill();
            let _ = server.child.wait();
        }
    }

    pub fn resume(&mut self) {
        if let Some(server) = &mut self.server {
            server.child = server.spawn(self.port);
            server.wait_ready(self.port);
        }
    }
}

impl Drop for Postgres {
    fn drop(&mut self) {
        match &mut self.server {
            Some(server) => {
                let _ = server.child.kill();
                let _ = server.child.wait();
            }
            None => {
                psql(
                    &self.admin_url,
                    &format!("DROP DATABASE IF EXISTS {} WITH (FORCE)", self.database),
                );
            }
        }
    }
}

/// The newest installed server's binaries.
fn bin_dir() -> PathBuf {
    let root = Path::new("/usr/lib/postgresql");
    let mut versions: Vec<u32> = std::fs::read_dir(root)
        .unwrap_or_else(|e| {
            panic!(
                "no PostgreSQL server installed ({}: {e}); install Debian's `postgresql` \
                 package or set SCRM_TUI_TEST_DATABASE_URL",
                root.display()
            )
        })
        .filter_map(|e| e.ok()?.file_name().to_str()?.parse().ok())
        .collect();
    versions.sort_unstable();
    let version = versions.last().expect("a PostgreSQL version directory");
    root.join(version.to_string()).join("bin")
}

fn is_root() -> bool {
    rustix::process::geteuid().is_root()
}

impl Server {
    fn start(tls: bool) -> Server {
        let bin = bin_dir();
        let dir = tempfile::Builder::new()
            .prefix("scrm-pg-")
            .tempdir()
            .expect("a temporary directory");
        let unprivileged = is_root();
        if unprivileged {
            // initdb and postgres refuse to run as root: the directory goes to `nobody`.
            chown_nobody(dir.path());
        }
        let password_file = dir.path().join("pw");
        std::fs::write(&password_file, ADMIN_PASSWORD).expect("the password file");
        if unprivileged {
            chown_nobody(&password_file);
        }
        let data = dir.path().join("data");
        let status = as_user(unprivileged, bin.join("initdb"))
            .args([
                "-U",
                "postgres",
                "--auth-local=trust",
                "--auth-host=scram-sha-256",
            ])
            .arg(format!("--pwfile={}", password_file.display()))
            .args(["-E", "UTF8", "--locale=C.UTF-8", "-D"])
            .arg(&data)
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .output()
            .expect("initdb runs");
        assert!(
            status.status.success(),
            "initdb failed: {}",
            String::from_utf8_lossy(&status.stderr)
        );
        let _ = std::fs::remove_file(&password_file);
        if tls {
            certificates(dir.path(), unprivileged);
        }
        let port = free_port();
        let mut server = Server {
            dir,
            child: Command::new("true").spawn().expect("a placeholder"),
            bin,
            unprivileged,
            port,
            tls,
        };
        server.child = server.spawn(port);
        server.wait_ready(port);
        server
    }

    fn spawn(&self, port: u16) -> Child {
        let log = std::fs::File::create(self.dir.path().join("log")).expect("the log");
        if self.unprivileged {
            chown_nobody(&self.dir.path().join("log"));
        }
        as_user(self.unprivileged, self.bin.join("postgres"))
            .arg("-D")
            .arg(self.dir.path().join("data"))
            .arg("-k")
            .arg(self.dir.path())
            .args(["-p", &port.to_string(), "-h", "127.0.0.1"])
            // A throwaway server: no durability needed, room for many dashboards.
            .args(["-c", "fsync=off", "-c", "synchronous_commit=off"])
            .args(["-c", "full_page_writes=off", "-c", "max_connections=200"])
            .args(if self.tls {
                vec![
                    String::from("-c"),
                    String::from("ssl=on"),
                    String::from("-c"),
                    format!(
                        "ssl_cert_file={}",
                        self.dir.path().join("server.pem").display()
                    ),
                    String::from("-c"),
                    format!(
                        "ssl_key_file={}",
                        self.dir.path().join("server.key").display()
                    ),
                ]
            } else {
                Vec::new()
            })
            .stdout(Stdio::null())
            .stderr(log)
            .spawn()
            .expect("postgres starts")
    }

    fn port(&self) -> u16 {
        self.port
    }

    fn wait_ready(&self, port: u16) {
        let started = Instant::now();
        while started.elapsed() < Duration::from_secs(30) {
            let ready = Command::new(self.bin.join("pg_isready"))
                .args(["-h", "127.0.0.1", "-p", &port.to_string(), "-q"])
                .status()
                .is_ok_and(|s| s.success());
            if ready {
                return;
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        let log = std::fs::read_to_string(self.dir.path().join("log")).unwrap_or_default();
        panic!("PostgreSQL did not start within 30 s:\n{log}");
    }
}

/// A CA, a server certificate it signs for `localhost`, and another CA, made with `openssl`.
fn certificates(dir: &Path, unprivileged: bool) {
    let run = |args: &[&str]| {
        let output = Command::new("openssl")
            .args(args)
            .current_dir(dir)
            .output()
            .expect("openssl runs");
        assert!(
            output.status.success(),
            "openssl {args:?}: {}",
            String::from_utf8_lossy(&output.stderr)
        );
    };
    let ec = [
        "-newkey",
        "ec",
        "-pkeyopt",
        "ec_paramgen_curve:prime256v1",
        "-nodes",
    ];
    for (name, subject) in [("ca", "/CN=scrm test CA"), ("other-ca", "/CN=another CA")] {
        let (key, pem) = (format!("{name}.key"), format!("{name}.pem"));
        let mut args = vec!["req", "-x509", "-days", "2", "-subj", subject];
        args.extend(ec);
        args.extend(["-keyout", &key, "-out", &pem]);
        run(&args);
    }
    let mut args = vec!["req", "-subj", "/CN=localhost", "-keyout", "server.key"];
    args.extend(ec);
    args.extend(["-out", "server.csr"]);
    run(&args);
    std::fs::write(dir.join("san.ext"), "subjectAltName=DNS:localhost\n").expect("san.ext");
    run(&[
        "x509",
        "-req",
        "-in",
        "server.csr",
        "-CA",
        "ca.pem",
        "-CAkey",
        "ca.key",
        "-CAcreateserial",
        "-days",
        "2",
        "-extfile",
        "san.ext",
        "-out",
        "server.pem",
    ]);
    let key = dir.join("server.key");
    std::fs::set_permissions(&key, std::os::unix::fs::PermissionsExt::from_mode(0o600))
        .expect("the key's mode");
    if unprivileged {
        chown_nobody(&key);
        chown_nobody(&dir.join("server.pem"));
    }
}

/// A command that runs as `nobody` when `unprivileged`.
fn as_user(unprivileged: bool, program: PathBuf) -> Command {
    if unprivileged {
        let mut command = Command::new("setpriv");
        command
            .args(["--reuid=nobody", "--regid=nogroup", "--clear-groups", "--"])
            .arg(program);
        command
    } else {
        Command::new(program)
    }
}

fn chown_nobody(path: &Path) {
    let status = Command::new("chown")
        .arg("nobody:nogroup")
        .arg(path)
        .status()
        .expect("chown runs");
    assert!(status.success(), "chown {}", path.display());
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("a free port")
}

/// `psql` (from the same installation) running one statement, stopping at an error.
fn run_psql(url: &str, sql: &str) -> std::process::Output {
    Command::new(bin_dir().join("psql"))
        .args([
            "-X",
            "-q",
            "-t",
            "-A",
            "-v",
            "ON_ERROR_STOP=1",
            "-d",
            url,
            "-c",
            sql,
        ])
        .output()
        .expect("psql runs")
}

/// Runs SQL, failing the test on an error; its output.
pub fn psql(url: &str, sql: &str) -> String {
    let output = run_psql(url, sql);
    assert!(
        output.status.success(),
        "psql `{sql}`: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8_lossy(&output.stdout).trim().to_owned()
}

fn url_port(url: &str) -> u16 {
    url.rsplit_once('@')
        .and_then(|(_, host)| host.split(['/', '?']).next())
        .and_then(|h| h.rsplit_once(':'))
        .and_then(|(_, p)| p.parse().ok())
        .unwrap_or(5432)
}

fn replace_database(url: &str, database: &str) -> String {
    let (base, query) = url.split_once('?').map_or((url, ""), |(b, q)| (b, q));
    let base = base.rsplit_once('/').map_or(base, |(b, _)| b);
    if query.is_empty() {
        format!("{base}/{database}")
    } else {
        format!("{base}/{database}?{query}")
    }
}

/// Runs SQL that must fail; returns the error.
pub fn psql_fails(url: &str, sql: &str) -> String {
    let output = run_psql(url, sql);
    assert!(!output.status.success(), "psql `{sql}` succeeded");
    String::from_utf8_lossy(&output.stderr).trim().to_owned()
}

/// Runs SQL; its output, or `None` when it failed (a table not made yet).
pub fn psql_try(url: &str, sql: &str) -> Option<String> {
    let output = run_psql(url, sql);
    output
        .status
        .success()
        .then(|| String::from_utf8_lossy(&output.stdout).trim().to_owned())
}
