//! The workflow: draft → submitted → approved → sent → accepted / rejected / expired.
//!
//! | action | from | to | who |
//! | --- | --- | --- | --- |
//! | submit | draft | approved, or submitted when the discount below the entitled price is above the owner's limit (refused when above every level's limit) | owner |
//! | approve | submitted | approved | an approver (below) whose own limit covers the discount, not the owner |
//! | reject | submitted | draft (with the approver's comment) | an approver, not the owner |
//! | send | approved | sent | owner |
//! | accept | sent | accepted | the customer, through a link (`links.rs`) |
//! | decline | sent | rejected | the customer through a link, or the owner recording it |
//!
//! Approvers: a manager of the owner's team, any director, any admin. The discount is measured
//! against the quote's account's entitlement (`super::measure`, the engine's
//! `quote::entitlement`): a better partner tier than the account's counts as much as a deal.
//! Submitting measures it again with the account as it is then, and routes the quote to the
//! lowest level above the owner whose limit covers it. Every approval and rejection is kept in
//! `approvals` with the depth and the limit it was above ([`records`]).
//!
//! A sent quote past its `valid_until` date is expired ([`super::Status::Expired`]); a revision
//! (`super::revise`) returns a submitted, approved or sent quote to draft. Every transition is
//! a conditional update (`WHERE status = from`): two concurrent ones cannot both happen.

use configurator_api::accounts::ApprovalRecord;
use configurator_engine::quote::entitlement::{self, Approval, ROLES};
use rust_decimal::Decimal;
use sqlx::Row;

use crate::auth::{Role, User};
use crate::error::{ApiError, ApiResult};
use crate::Desk;
use crate::{audit, clock};

use super::{find, owned, Status, Summary};

/// What a user can ask of a quote (the contract's closed set).
pub use configurator_api::quotes::Action;

/// The status `action` starts from.
fn start(action: Action) -> Status {
    match action {
        Action::Submit => Status::Draft,
        Action::Approve | Action::Reject => Status::Submitted,
        Action::Send => Status::Approved,
        Action::Decline => Status::Sent,
    }
}

/// Whether `user` may take `action` on `s` (its status aside): the reason if not.
fn permitted(user: &User, action: Action, s: &Summary) -> ApiResult<()> {
    match action {
        Action::Submit | Action::Send | Action::Decline => owned(user, s),
        Action::Approve | Action::Reject => {
            let approver = match user.role {
                Role::Manager => user.team == s.team,
                Role::Director | Role::Admin => true,
                Role::Rep | Role::OrderDesk => false,
            };
            if !approver {
                Err(ApiError::Forbidden(format!(
                    "only a manager of team {}, a director or an admin may approve or reject \
                     quote {}",
                    s.team, s.number
                )))
            } else if s.owner_id == user.id {
                Err(ApiError::Forbidden(
                    "nobody approves their own quote: another approver must".into(),
                ))
            } else if action == Action::Approve && rank(user.role.name()) < rank(&s.approver) {
                Err(ApiError::Forbidden(format!(
                    "quote {} is {}% below the entitled price: {} must approve it",
                    s.number,
                    s.depth,
                    super::a_role(&s.approver)
                )))
            } else {
                Ok(())
            }
        }
    }
}

/// The rank of an approval level (0 for none).
fn rank(role: &str) -> usize {
    ROLES.iter().position(|r| *r == role).unwrap_or(0)
}

/// The actions `user` may take on `s` now.
pub fn available(user: &User, s: &Summary) -> Vec<Action> {
    Action::ALL
        .into_iter()
        .filter(|&a| start(a) == s.status && permitted(user, a, s).is_ok())
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
    if s.status != start(action) {
        return Err(ApiError::Conflict(format!(
            "quote {number} is {}: only a {} quote can be {}",
            s.status.name(),
            start(action).name(),
            match action {
                Action::Submit => "submitted",
                Action::Approve => "approved",
                Action::Reject => "rejected",
                Action::Send => "sent",
                Action::Decline => "marked declined",
            }
        )));
    }
    check_comment(action, comment)?;
    // What the decision is about: the discount below the entitled price and the owner's limit.
    let mut measured = (s.depth.clone(), s.approver.clone(), s.needs_approval);
    let mut record = None;
    match action {
        Action::Approve | Action::Reject => {
            let owner_limit = within_limit(desk, user, &s, action).await?;
            record = Some(owner_limit);
        }
        Action::Submit => {
            let m = ready(desk, &s).await?;
            if let Approval::Beyond { .. } = m.approval {
                return Err(ApiError::Unprocessable(format!(
                    "quote {number} cannot be submitted: {}",
                    m.reason(s.owner_role).unwrap_or_default()
                )));
            }
            measured = (
                m.depth.normalize().to_string(),
                m.approver().to_owned(),
                m.approval != Approval::Within,
            );
        }
        _ => {}
    }
    let to = target(action, measured.2);
    let now = desk.clock.now();
    let _w = desk.db.writing().await;
    let mut tx = desk.db.pool.begin().await?;
    let changed = sqlx::query(
        "UPDATE quotes SET status = $1, updated_at = $2, depth = $6, approver = $7, \
         needs_approval = $8 WHERE id = $3 AND status = $4 AND revision = $5",
    )
    .bind(to.name())
    .bind(now)
    .bind(s.id)
    .bind(s.status.name())
    .bind(s.revision)
    .bind(&measured.0)
    .bind(&measured.1)
    .bind(i64::from(measured.2))
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
    if let Some(owner_limit) = record {
        let decision = if action == Action::Approve {
            "approved"
        } else {
            "rejected"
        };
        keep_decision(&mut tx, &s, user, decision, owner_limit, comment, now).await?;
    }
    audit::record(
        &mut tx,
        now,
        &user.name,
        &format!("quote.{}", action.name()),
        Some(s.id),
        &detail,
    )
    .await?;
    let step = crate::mail::events::Step {
        action,
        to,
        approver: &measured.1,
        comment,
    };
    crate::mail::events::transition(&mut tx, desk, &s, user, step).await?;
    tx.commit().await?;
    drop(_w);
    desk.mail.wake();
    find(desk, user, number).await
}

/// Stores an approval or a rejection of `s`'s current revision.
async fn keep_decision(
    tx: &mut sqlx::Transaction<'_, sqlx::Any>,
    s: &Summary,
    user: &User,
    decision: &str,
    owner_limit: Decimal,
    comment: &str,
    now: i64,
) -> ApiResult<()> {
    sqlx::query(
        "INSERT INTO approvals (quote_id, revision, decision, approver_id, approver_role, \
         depth, above_role, above_limit, comment, at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
    )
    .bind(s.id)
    .bind(s.revision)
    .bind(decision)
    .bind(user.id)
    .bind(user.role.name())
    .bind(&s.depth)
    .bind(s.owner_role.name())
    .bind(owner_limit.normalize().to_string())
    .bind(comment)
    .bind(now)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// Refuses an approval deeper than the approver's own limit (a rejection needs no limit);
/// the owner's limit, for the record.
async fn within_limit(desk: &Desk, user: &User, s: &Summary, action: Action) -> ApiResult<Decimal> {
    let quote = super::latest(desk, s).await?;
    let Some(catalog) = desk.catalogs.find(&quote.catalog.id, &quote.catalog.hash) else {
        return Err(ApiError::Unprocessable(format!(
            "quote {} names a catalog version this desk no longer has: revise it first",
            s.number
        )));
    };
    let catalog = catalog.engine.catalog();
    let depth: Decimal = s.depth.parse().unwrap_or_default();
    let own = entitlement::limit(catalog, user.role.name());
    if action == Action::Approve && depth > own {
        let needs = match entitlement::approval(catalog, s.owner_role.name(), depth) {
            Approval::Needs { role, .. } => role,
            _ => "admin",
        };
        return Err(ApiError::Forbidden(format!(
            "{depth}% below the entitled price is above the {} limit of {}%: {} must approve \
             quote {}",
            user.role.name(),
            own.normalize(),
            super::a_role(needs),
            s.number
        )));
    }
    Ok(entitlement::limit(catalog, s.owner_role.name()))
}

/// Refuses to submit a quote that cannot be ordered: incomplete, without a customer, or
/// without a validity date; measures it against its account's entitlement as it is now.
async fn ready(desk: &Desk, s: &Summary) -> ApiResult<super::Measured> {
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
    if !missing.is_empty() {
        return Err(ApiError::Unprocessable(format!(
            "quote {} needs {} before it is submitted",
            s.number,
            missing.join(", ")
        )));
    }
    let Some(catalog) = desk.catalogs.find(&quote.catalog.id, &quote.catalog.hash) else {
        return Err(ApiError::Unprocessable(format!(
            "quote {} names a catalog version this desk no longer has: revise it first",
            s.number
        )));
    };
    super::measure(
        desk,
        &quote,
        catalog.engine.catalog(),
        s.account,
        s.owner_role,
    )
    .await
}

/// The approvals and rejections of quote `s`, oldest first.
pub async fn records(desk: &Desk, s: &Summary) -> ApiResult<Vec<ApprovalRecord>> {
    let rows = sqlx::query(
        "SELECT a.decision, u.name AS approver, a.approver_role, a.at, a.revision, a.depth, \
         a.above_role, a.above_limit, a.comment FROM approvals a \
         JOIN users u ON u.id = a.approver_id WHERE a.quote_id = $1 ORDER BY a.id",
    )
    .bind(s.id)
    .fetch_all(&desk.db.pool)
    .await?;
    rows.iter()
        .map(|r| {
            Ok(ApprovalRecord {
                decision: decision(&r.try_get::<String, _>("decision")?)?,
                approver: r.try_get("approver")?,
                approver_role: crate::auth::stored_role(&r.try_get::<String, _>("approver_role")?)?,
                at: clock::timestamp(r.try_get("at")?),
                revision: r.try_get("revision")?,
                depth: r.try_get("depth")?,
                above_role: crate::auth::stored_role(&r.try_get::<String, _>("above_role")?)?,
                above_limit: r.try_get("above_limit")?,
                comment: r.try_get("comment")?,
            })
        })
        .collect()
}

/// A comment has at most 2000 characters, and a rejection says why.
fn check_comment(action: Action, comment: &str) -> ApiResult<()> {
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
    Ok(())
}

/// Where `action` takes a quote (a submitted one waits for approval when `needs_approval`).
fn target(action: Action, needs_approval: bool) -> Status {
    match action {
        Action::Submit if needs_approval => Status::Submitted,
        Action::Submit => Status::Approved,
        Action::Approve => Status::Approved,
        Action::Reject => Status::Draft,
        Action::Send => Status::Sent,
        Action::Decline => Status::Rejected,
    }
}

/// The decision stored as `name` (the schema allows no other: anything else is a bug).
fn decision(name: &str) -> ApiResult<configurator_api::accounts::Decision> {
    configurator_api::accounts::Decision::from_name(name)
        .ok_or_else(|| ApiError::Internal(format!("unknown decision `{name}`")))
}
