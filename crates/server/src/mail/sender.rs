//! The background sender: delivers due outbox messages over SMTP (lettre), retrying failures
//! with exponential backoff. One per process; several processes share the outbox safely (each
//! message is claimed before it is sent, `outbox::claim_due`).

use std::sync::Arc;
use std::time::Duration;

use lettre::message::header::ContentType;
use lettre::message::Mailbox;
use lettre::{AsyncSmtpTransport, AsyncTransport, Tokio1Executor};

use super::outbox::{self, Claimed};
use crate::Desk;

/// How long a claim lasts: longer than a whole SMTP conversation may take ([`SEND_TIMEOUT`]),
/// so another instance takes a message over only from a process that died.
const LEASE: i64 = 40;

/// The longest one SMTP command may take.
const SMTP_TIMEOUT: Duration = Duration::from_secs(15);

/// The longest sending one message may take.
const SEND_TIMEOUT: Duration = Duration::from_secs(30);

/// How many messages one round claims.
const BATCH: i64 = 20;

/// The SMTP transport of a URL (`smtp://`, `smtp://…?tls=required`, `smtps://`).
pub fn transport(url: &str) -> anyhow::Result<AsyncSmtpTransport<Tokio1Executor>> {
    Ok(AsyncSmtpTransport::<Tokio1Executor>::from_url(url)
        .map_err(|e| anyhow::anyhow!("--smtp `{url}`: {e}"))?
        .timeout(Some(SMTP_TIMEOUT))
        .build())
}

/// Runs until the process ends: sends what is due, then sleeps until woken or the next poll.
/// Does nothing without `--smtp` (messages wait in the outbox).
pub async fn run(desk: Arc<Desk>) {
    let Some(url) = desk.mail.config.smtp.clone() else {
        return;
    };
    let transport = match transport(&url) {
        Ok(t) => t,
        Err(e) => {
            eprintln!("configurator-server: mail is off: {e}");
            return;
        }
    };
    let from: Option<Mailbox> = match desk.mail.config.from.parse() {
        Ok(m) => Some(m),
        Err(e) => {
            eprintln!(
                "configurator-server: mail is off: --mail-from `{}`: {e}",
                desk.mail.config.from
            );
            None
        }
    };
    let Some(from) = from else { return };
    let poll = u64::try_from(desk.mail.config.retry_seconds.clamp(1, 10)).unwrap_or(10);
    loop {
        match outbox::claim_due(&desk, LEASE, BATCH).await {
            Ok(batch) => {
                let full = batch.len() as i64 == BATCH;
                for claimed in batch {
                    deliver(&desk, &transport, &from, &claimed).await;
                }
                if full {
                    continue;
                }
            }
            Err(e) => eprintln!("configurator-server: outbox: {e}"),
        }
        desk.mail.sleep(poll).await;
    }
}

/// Sends one claimed message and records the outcome.
async fn deliver(
    desk: &Desk,
    transport: &AsyncSmtpTransport<Tokio1Executor>,
    from: &Mailbox,
    claimed: &Claimed,
) {
    let outcome = match email(from, &claimed.message) {
        Ok(email) => match tokio::time::timeout(SEND_TIMEOUT, transport.send(email)).await {
            Ok(sent) => sent.map(|_| ()).map_err(|e| e.to_string()),
            Err(_) => Err(format!("no answer within {} s", SEND_TIMEOUT.as_secs())),
        },
        Err(e) => Err(e),
    };
    let recorded = match outcome {
        Ok(_) => outbox::sent(desk, claimed.id).await,
        Err(e) => outbox::failed(desk, claimed, &e).await,
    };
    if let Err(e) = recorded {
        eprintln!("configurator-server: outbox message {}: {e}", claimed.id);
    }
}

/// The e-mail of an outbox message: plain UTF-8 text.
fn email(from: &Mailbox, m: &outbox::Message) -> Result<lettre::Message, String> {
    let to: Mailbox = m
        .recipient
        .parse()
        .map_err(|e| format!("recipient `{}`: {e}", m.recipient))?;
    lettre::Message::builder()
        .from(from.clone())
        .to(to)
        .subject(m.subject.clone())
        .header(ContentType::TEXT_PLAIN)
        .body(m.body.clone())
        .map_err(|e| e.to_string())
}
