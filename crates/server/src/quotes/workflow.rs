//! The workflow: draft → submitted → approved → sent → accepted / rejected / expired.
//!
//! | action | from | to | who |
//! | --- | --- | --- | --- |
//! | submit | draft | approved, or submitted when the deal discount is above the owner's limit | owner |
//! | approve | submitted | approved | a manager of the owner's team, not the owner |
//! | reject | submitted | draft (with the manager's comment) | a manager of the owner's team, not the owner |
//! | send | approved | sent | owner |
//! | accept | sent | accepted | the customer, through a link (`links.rs`) |
//! | decline | sent | rejected | the customer through a link, or the owner recording it |
//!
//! A sent quote past its `valid_until` date is expired ([`super::Status::Expired`]); a revision
//! (`super::revise`) returns a submitted, approved or sent quote to draft. Every transition is
//! a conditional update (`WHERE status = from`): two concurrent ones cannot both happen.

use crate::audit;
use crate::auth::{Role, User};
use crate::error::{ApiError, ApiResult};
use crate::Desk;

use super::{find, owned, Status, Summary};

/// What a user can ask of a quote.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Deserialize, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Action {
    /// Ask for approval (or approve within limits).
    Submit,
    /// A manager approves the deal discount.
    Approve,
    /// A manager sends it back to draft.
    Reject,
    /// Mark it sent to the customer.
    Send,
    /// Record that the customer declined.
    Decline,
}

impl Action {
    /// Every action.
    pub const ALL: [Action; 5] = [
        Action::Submit,
        Action::Approve,
        Action::Reject,
        Action::Send,
        Action::Decline,
    ];

    /// As written in the API.
    pub fn name(self) -> &'static str {
        match self {
            Action::Submit => "submit",
            Action::Approve => "approve",
            Action::Reject => "reject",
            Action::Send => "send",
            Action::Decline => "decline",
        }
    }

    /// The status it starts from.
    fn from(self) -> Status {
        match self {
            Action::Submit => Status::Draft,
            Action::Approve | Action::Reject => Status::Submitted,
            Action::Send => Status::Approved,
            Action::Decline => Status::Sent,
        }
    }
}

/// Whether `user` may take `action` on `s` (its status aside): the reason if not.
fn permitted(user: &User, action: Action, s: &Summary) -> ApiResult<()> {
    match action {
        Action::Submit | Action::Send | Action::Decline => owned(user, s),
        Action::Approve | Action::Reject => {
            if user.role != Role::Manager || user.team != s.team {
                Err(ApiError::Forbidden(format!(
                    "only a manager of team {} may approve or reject quote {}",
                    s.team, s.number
                )))
            } else if s.owner_id == user.id {
                Err(ApiError::Forbidden(
                    "a manager may not approve their own quote: another manager of the team must"
                        .into(),
                ))
            } else {
                Ok(())
            }
        }
    }
}

/// The actions `user` may take on `s` now.
pub fn available(user: &User, s: &Summary) -> Vec<Action> {
    Action::ALL
        .into_iter()
        .filter(|&a| a.from() == s.status && permitted(user, a, s).is_ok())
        .collect()
}

/// Takes `action` on quote `number`; `comment` is required to reject.
pub async fn act(
    desk: &Desk,
    user: &User,
    number: &str,
    action: Action,
    comment: &str,
) -> ApiResult<Summary> {
    let s = find(desk, user, number).await?;
    permitted(user, action, &s)?;
    if s.status != action.from() {
        return Err(ApiError::Conflict(format!(
            "quote {number} is {}: only a {} quote can be {}",
            s.status.name(),
            action.from().name(),
            match action {
                Action::Submit => "submitted",
                Action::Approve => "approved",
                Action::Reject => "rejected",
                Action::Send => "sent",
                Action::Decline => "marked declined",
            }
        )));
    }
    if comment.chars().count() > 2000 {
        return Err(ApiError::Unprocessable(
            "a comment has at most 2000 characters".into(),
        ));
    }
    if action == Action::Reject && comment.trim().is_empty() {
        return Err(ApiError::Unprocessable(
            "say why the quote is rejected: the rep reads the comment".into(),
        ));
    }
    if action == Action::Approve {
        within_limit(desk, user, &s).await?;
    }
    let to = match action {
        Action::Submit => {
            ready(desk, &s).await?;
            if s.needs_approval {
                Status::Submitted
            } else {
                Status::Approved
            }
        }
        Action::Approve => Status::Approved,
        Action::Reject => Status::Draft,
        Action::Send => Status::Sent,
        Action::Decline => Status::Rejected,
    };
    let now = desk.clock.now();
    let _w = desk.db.writing().await;
    let mut tx = desk.db.pool.begin().await?;
    let changed = sqlx::query(
        "UPDATE quotes SET status = $1, updated_at = $2 WHERE id = $3 AND status = $4 \
         AND revision = $5",
    )
    .bind(to.name())
    .bind(now)
    .bind(s.id)
    .bind(s.status.name())
    .bind(s.revision)
    .execute(&mut *tx)
    .await?
    .rows_affected();
    if changed != 1 {
        return Err(ApiError::Conflict(format!(
            "quote {number} changed while this was asked: reload it"
        )));
    }
    let detail = if comment.is_empty() {
        format!("revision {} → {}", s.revision, to.name())
    } else {
        format!("revision {} → {}: {comment}", s.revision, to.name())
    };
    audit::record(
        &mut tx,
        now,
        &user.name,
        &format!("quote.{}", action.name()),
        Some(s.id),
        &detail,
    )
    .await?;
    crate::mail::events::transition(&mut tx, desk, &s, user, action, to, comment).await?;
    tx.commit().await?;
    drop(_w);
    desk.mail.wake();
    find(desk, user, number).await
}

/// Refuses an approval deeper than the approving manager's own limit.
async fn within_limit(desk: &Desk, user: &User, s: &Summary) -> ApiResult<()> {
    let quote = super::latest(desk, s).await?;
    let Some(catalog) = desk.catalogs.find(&quote.catalog.id, &quote.catalog.hash) else {
        return Err(ApiError::Unprocessable(format!(
            "quote {} names a catalog version this desk no longer has: revise it first",
            s.number
        )));
    };
    match super::approval(&quote, catalog.engine.catalog(), user.role) {
        Some(why) => Err(ApiError::Forbidden(format!(
            "{why}: a manager with a higher limit must approve quote {}",
            s.number
        ))),
        None => Ok(()),
    }
}

/// Refuses to submit a quote that cannot be ordered: incomplete, without a customer, or
/// without a validity date.
async fn ready(desk: &Desk, s: &Summary) -> ApiResult<()> {
    let quote = super::latest(desk, s).await?;
    let mut missing = Vec::new();
    if quote.status != configurator_engine::quote::QuoteStatus::Complete {
        missing.push("a complete configuration");
    }
    if quote.meta.customer.trim().is_empty() {
        missing.push("a customer");
    }
    if quote.meta.valid_until.is_none() {
        missing.push("a valid-until date");
    }
    if missing.is_empty() {
        Ok(())
    } else {
        Err(ApiError::Unprocessable(format!(
            "quote {} needs {} before it is submitted",
            s.number,
            missing.join(", ")
        )))
    }
}
