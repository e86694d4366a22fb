//! A real SMTP server on loopback for the mail tests: `smtp_sink.py` (aiosmtpd) writes every
//! message it accepts as a JSON file, read back here. Without python3-aiosmtpd the tests that
//! need it are skipped with a message, except under CI (`CI` set), where they fail.

use std::io::{BufRead, BufReader};
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::Value;

/// One message the sink accepted.
#[derive(Clone, Debug)]
pub struct Mail {
    /// The envelope's recipients.
    pub to: Vec<String>,
    /// The subject, decoded.
    pub subject: String,
    /// The text, decoded, with `\n` line ends.
    pub body: String,
}

/// A Python with aiosmtpd, or `None` (skip, or fail under CI).
pub fn python() -> Option<&'static str> {
    for p in ["/usr/bin/python3", "python3"] {
        let ok = Command::new(p)
            .args(["-c", "import aiosmtpd"])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status()
            .is_ok_and(|s| s.success());
        if ok {
            return Some(p);
        }
    }
    assert!(
        std::env::var_os("CI").is_none(),
        "python3-aiosmtpd is missing: `cargo xtask setup` installs it (apt-get install \
         python3-aiosmtpd)"
    );
    eprintln!("skipped: python3-aiosmtpd is not installed (apt-get install python3-aiosmtpd)");
    None
}

/// A free loopback port (free when asked).
pub fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// The SMTP sink on one port; down until [`Sink::start`].
pub struct Sink {
    /// Its port.
    pub port: u16,
    python: &'static str,
    dir: PathBuf,
    child: Option<Child>,
}

impl Sink {
    /// A sink on a free port, not yet listening.
    pub fn reserve(python: &'static str) -> Sink {
        let dir = std::env::temp_dir().join(format!("desk-mail-{}", super::random()));
        std::fs::create_dir_all(&dir).unwrap();
        Sink {
            port: free_port(),
            python,
            dir,
            child: None,
        }
    }

    /// A listening sink.
    pub fn started(python: &'static str) -> Sink {
        let mut s = Sink::reserve(python);
        s.start();
        s
    }

    /// `smtp://127.0.0.1:PORT`.
    pub fn url(&self) -> String {
        format!("smtp://127.0.0.1:{}", self.port)
    }

    /// Starts listening (returns once it does).
    pub fn start(&mut self) {
        let script = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/smtp_sink.py");
        let mut child = Command::new(self.python)
            .arg(script)
            .args(["127.0.0.1", &self.port.to_string()])
            .arg(&self.dir)
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .unwrap();
        let out = child.stdout.take().unwrap();
        let mut line = String::new();
        BufReader::new(out).read_line(&mut line).unwrap();
        assert_eq!(line.trim(), "ready", "the SMTP sink did not start");
        self.child = Some(child);
    }

    /// Stops listening.
    pub fn stop(&mut self) {
        if let Some(mut c) = self.child.take() {
            let _ = c.kill();
            let _ = c.wait();
        }
    }

    /// Every message so far, in the order accepted.
    pub fn messages(&self) -> Vec<Mail> {
        let mut names: Vec<PathBuf> = std::fs::read_dir(&self.dir)
            .unwrap()
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.extension().is_some_and(|x| x == "json"))
            .collect();
        names.sort();
        names
            .iter()
            .map(|p| {
                let v: Value = serde_json::from_str(&std::fs::read_to_string(p).unwrap()).unwrap();
                Mail {
                    to: v["to"]
                        .as_array()
                        .unwrap()
                        .iter()
                        .map(|t| t.as_str().unwrap().to_owned())
                        .collect(),
                    subject: v["subject"].as_str().unwrap().to_owned(),
                    body: v["body"].as_str().unwrap().replace("\r\n", "\n"),
                }
            })
            .collect()
    }

    /// The first message to `to` whose subject contains `subject`, waiting up to `seconds`.
    pub async fn wait_for(&self, to: &str, subject: &str, seconds: u64) -> Mail {
        let start = Instant::now();
        loop {
            if let Some(m) = self
                .messages()
                .into_iter()
                .find(|m| m.to.iter().any(|t| t == to) && m.subject.contains(subject))
            {
                return m;
            }
            assert!(
                start.elapsed() < Duration::from_secs(seconds),
                "no message to {to} about `{subject}` within {seconds} s; got {:?}",
                self.messages()
            );
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }
}

impl Drop for Sink {
    fn drop(&mut self) {
        self.stop();
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}
