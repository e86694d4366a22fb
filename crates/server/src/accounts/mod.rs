//! Customer accounts: organisations the desk quotes, with their addresses, contacts, language
//! and what they are entitled to pay (a price book and optionally a partner tier). Managers,
//! directors and admins keep them; every signed-in user reads them (a rep picks the account of
//! a quote). Accounts are organisation-wide, not per team: a customer belongs to the company.
//!
//! The routes are in `routes.rs`; what a quote's account entitles it to is [`entitlement`];
//! the contact a quote goes to is [`contact_of_quote`].

pub mod routes;

use configurator_api::accounts::{Account, AccountInput, AccountRef, Contact};
use configurator_engine::quote::entitlement::Entitlement;
use sqlx::Row;

use crate::auth::{Role, User};
use crate::error::{ApiError, ApiResult};
use crate::{audit, clock, Desk};

/// The longest name, address and e-mail address an account keeps.
const MAX_NAME: usize = 200;
const MAX_ADDRESS: usize = 1000;
const MAX_EMAIL: usize = 254;
/// The most contacts of one account.
const MAX_CONTACTS: usize = 50;

/// Whether `user` may add and edit accounts.
pub fn may_edit(user: &User) -> bool {
    matches!(user.role, Role::Manager | Role::Director | Role::Admin)
}

fn editor(user: &User) -> ApiResult<()> {
    if may_edit(user) {
        Ok(())
    } else {
        Err(ApiError::Forbidden(
            "only a manager, director or admin keeps customer accounts".into(),
        ))
    }
}

fn refuse(field: &str, why: impl std::fmt::Display) -> ApiError {
    ApiError::Unprocessable(format!("`{field}`: {why}"))
}

fn language(field: &str, text: &str) -> ApiResult<()> {
    if matches!(text, "en" | "de") {
        Ok(())
    } else {
        Err(refuse(
            field,
            format!("the language must be `en` or `de`, not `{text}`"),
        ))
    }
}

fn text(field: &str, value: &str, max: usize, required: bool) -> ApiResult<String> {
    let v = value.trim();
    if required && v.is_empty() {
        return Err(refuse(field, "must not be empty"));
    }
    if v.chars().count() > max {
        return Err(refuse(field, format!("has more than {max} characters")));
    }
    if v.chars()
        .any(|c| c.is_control() && c != '\n' && c != '\r' && c != '\t')
    {
        return Err(refuse(field, "holds control characters"));
    }
    Ok(v.to_owned())
}

fn email(field: &str, value: &str) -> ApiResult<String> {
    let v = value.trim();
    let ok = v.len() <= MAX_EMAIL
        && !v.chars().any(|c| c.is_whitespace() || c.is_control())
        && v.split_once('@')
            .is_some_and(|(a, d)| !a.is_empty() && d.contains('.') && !d.contains('@'));
    if ok {
        Ok(v.to_owned())
    } else {
        Err(refuse(
            field,
            format!("`{v}` is not an e-mail address like name@example.com"),
        ))
    }
}

/// Checks and tidies what a manager wrote: every field, the contacts, and that some catalog of
/// the desk has the price book and, in that book's catalog, the partner tier (books and tiers
/// are per catalog; an account's apply to every catalog that has them).
pub fn validate(desk: &Desk, input: &AccountInput) -> ApiResult<AccountInput> {
    let mut out = AccountInput {
        name: text("name", &input.name, MAX_NAME, true)?,
        bill_to: text("bill_to", &input.bill_to, MAX_ADDRESS, true)?,
        ship_to: text("ship_to", &input.ship_to, MAX_ADDRESS, false)?,
        language: input.language.clone(),
        price_book: input.price_book.trim().to_owned(),
        partner_tier: input
            .partner_tier
            .as_deref()
            .map(str::trim)
            .filter(|t| !t.is_empty())
            .map(str::to_owned),
        contacts: Vec::with_capacity(input.contacts.len()),
    };
    language("language", &out.language)?;
    if input.contacts.len() > MAX_CONTACTS {
        return Err(refuse(
            "contacts",
            format!("an account has at most {MAX_CONTACTS} contacts"),
        ));
    }
    for (k, c) in input.contacts.iter().enumerate() {
        let at = |f: &str| format!("contacts[{k}].{f}");
        language(&at("language"), &c.language)?;
        out.contacts.push(Contact {
            name: text(&at("name"), &c.name, MAX_NAME, true)?,
            email: email(&at("email"), &c.email)?,
            language: c.language.clone(),
        });
    }
    if out.price_book.is_empty() {
        out.price_book = configurator_engine::catalog::LIST_BOOK.to_owned();
    }
    let catalogs = desk.catalogs.list();
    let with_book: Vec<_> = catalogs
        .iter()
        .map(|l| l.engine.catalog())
        .filter(|c| c.pricing.book(&out.price_book).is_some())
        .collect();
    if with_book.is_empty() {
        let mut books: Vec<&str> = catalogs
            .iter()
            .flat_map(|l| {
                l.engine
                    .catalog()
                    .pricing
                    .books
                    .iter()
                    .map(|b| b.id.as_str())
            })
            .collect();
        books.sort_unstable();
        books.dedup();
        return Err(refuse(
            "price_book",
            format!(
                "no catalog of this desk has a price book `{}` (books: {})",
                out.price_book,
                books.join(", ")
            ),
        ));
    }
    if let Some(tier) = &out.partner_tier {
        if !with_book.iter().any(|c| c.pricing.tier(tier).is_some()) {
            let mut tiers: Vec<&str> = with_book
                .iter()
                .flat_map(|c| c.pricing.tiers.iter().map(|t| t.id.as_str()))
                .collect();
            tiers.sort_unstable();
            tiers.dedup();
            return Err(refuse(
                "partner_tier",
                format!(
                    "no catalog of this desk with price book `{}` has a partner tier `{tier}` \
                     (tiers: {})",
                    out.price_book,
                    tiers.join(", ")
                ),
            ));
        }
    }
    Ok(out)
}

const COLUMNS: &str =
    "SELECT id, name, bill_to, ship_to, language, price_book, partner_tier, updated_at \
     FROM accounts";

async fn contacts(desk: &Desk, account: Option<i64>) -> ApiResult<Vec<(i64, Contact)>> {
    let rows = sqlx::query(
        "SELECT account_id, name, email, language FROM account_contacts \
         WHERE ($1 = 0 OR account_id = $2) ORDER BY account_id, position",
    )
    .bind(i64::from(account.is_some()))
    .bind(account.unwrap_or_default())
    .fetch_all(&desk.db.pool)
    .await?;
    rows.iter()
        .map(|r| {
            Ok((
                r.try_get("account_id")?,
                Contact {
                    name: r.try_get("name")?,
                    email: r.try_get("email")?,
                    language: r.try_get("language")?,
                },
            ))
        })
        .collect()
}

fn account(r: &sqlx::any::AnyRow, all: &[(i64, Contact)]) -> ApiResult<Account> {
    let id: i64 = r.try_get("id")?;
    Ok(Account {
        id,
        input: AccountInput {
            name: r.try_get("name")?,
            bill_to: r.try_get("bill_to")?,
            ship_to: r.try_get("ship_to")?,
            language: r.try_get("language")?,
            price_book: r.try_get("price_book")?,
            partner_tier: r.try_get("partner_tier")?,
            contacts: all
                .iter()
                .filter(|(a, _)| *a == id)
                .map(|(_, c)| c.clone())
                .collect(),
        },
        updated_at: clock::timestamp(r.try_get("updated_at")?),
    })
}

/// Every account, by name.
pub async fn list(desk: &Desk) -> ApiResult<Vec<Account>> {
    let rows = sqlx::query(&format!("{COLUMNS} ORDER BY name, id"))
        .fetch_all(&desk.db.pool)
        .await?;
    let all = contacts(desk, None).await?;
    rows.iter().map(|r| account(r, &all)).collect()
}

/// The account `id`.
pub async fn get(desk: &Desk, id: i64) -> ApiResult<Account> {
    let row = sqlx::query(&format!("{COLUMNS} WHERE id = $1"))
        .bind(id)
        .fetch_optional(&desk.db.pool)
        .await?
        .ok_or_else(|| ApiError::NotFound(format!("no account {id}")))?;
    account(&row, &contacts(desk, Some(id)).await?)
}

async fn write_contacts(
    tx: &mut sqlx::Transaction<'_, sqlx::Any>,
    id: i64,
    contacts: &[Contact],
) -> ApiResult<()> {
    sqlx::query("DELETE FROM account_contacts WHERE account_id = $1")
        .bind(id)
        .execute(&mut **tx)
        .await?;
    for (k, c) in contacts.iter().enumerate() {
        sqlx::query(
            "INSERT INTO account_contacts (account_id, position, name, email, language) \
             VALUES ($1, $2, $3, $4, $5)",
        )
        .bind(id)
        .bind(k as i64)
        .bind(&c.name)
        .bind(&c.email)
        .bind(&c.language)
        .execute(&mut **tx)
        .await?;
    }
    Ok(())
}

/// Adds an account (managers, directors, admins).
pub async fn create(desk: &Desk, user: &User, input: &AccountInput) -> ApiResult<Account> {
    editor(user)?;
    insert(desk, &user.name, input).await
}

/// Adds a checked account for `actor` (a user's name, or `dev mode`).
async fn insert(desk: &Desk, actor: &str, input: &AccountInput) -> ApiResult<Account> {
    let a = validate(desk, input)?;
    let now = desk.clock.now();
    let _w = desk.db.writing().await;
    let mut tx = desk.db.pool.begin().await?;
    let id: i64 = sqlx::query(
        "INSERT INTO accounts (name, bill_to, ship_to, language, price_book, partner_tier, \
         created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $7) RETURNING id",
    )
    .bind(&a.name)
    .bind(&a.bill_to)
    .bind(&a.ship_to)
    .bind(&a.language)
    .bind(&a.price_book)
    .bind(a.partner_tier.clone())
    .bind(now)
    .fetch_one(&mut *tx)
    .await?
    .try_get("id")?;
    write_contacts(&mut tx, id, &a.contacts).await?;
    audit::record(
        &mut tx,
        now,
        actor,
        "account.create",
        None,
        &summary(id, &a),
    )
    .await?;
    tx.commit().await?;
    drop(_w);
    get(desk, id).await
}

fn summary(id: i64, a: &AccountInput) -> String {
    format!(
        "account {id} {}: price book {}, partner tier {}",
        a.name,
        a.price_book,
        a.partner_tier.as_deref().unwrap_or("none")
    )
}

/// Replaces an account's fields and contacts (managers, directors, admins). Open quotes keep
/// their account: their entitlement is the account's as it is when they are next saved or
/// submitted.
pub async fn update(desk: &Desk, user: &User, id: i64, input: &AccountInput) -> ApiResult<Account> {
    editor(user)?;
    let a = validate(desk, input)?;
    let now = desk.clock.now();
    let _w = desk.db.writing().await;
    let mut tx = desk.db.pool.begin().await?;
    let changed = sqlx::query(
        "UPDATE accounts SET name = $1, bill_to = $2, ship_to = $3, language = $4, \
         price_book = $5, partner_tier = $6, updated_at = $7 WHERE id = $8",
    )
    .bind(&a.name)
    .bind(&a.bill_to)
    .bind(&a.ship_to)
    .bind(&a.language)
    .bind(&a.price_book)
    .bind(a.partner_tier.clone())
    .bind(now)
    .bind(id)
    .execute(&mut *tx)
    .await?
    .rows_affected();
    if changed != 1 {
        return Err(ApiError::NotFound(format!("no account {id}")));
    }
    write_contacts(&mut tx, id, &a.contacts).await?;
    audit::record(
        &mut tx,
        now,
        &user.name,
        "account.update",
        None,
        &summary(id, &a),
    )
    .await?;
    tx.commit().await?;
    drop(_w);
    get(desk, id).await
}

/// The development desk's demo accounts (`--dev` on an empty database): ACME Networks, a
/// list-price customer, and Nordwerk GmbH, a silver partner buying in euros.
pub async fn demo(desk: &Desk) -> ApiResult<()> {
    let contact = |name: &str, email: &str, language: &str| Contact {
        name: name.into(),
        email: email.into(),
        language: language.into(),
    };
    for a in [
        AccountInput {
            name: "ACME Networks".into(),
            bill_to: "1 Harbour Road\nSpringfield".into(),
            ship_to: String::new(),
            language: "en".into(),
            price_book: "list".into(),
            partner_tier: None,
            contacts: vec![contact("Alice Buyer", "alice@acme.example", "en")],
        },
        AccountInput {
            name: "Nordwerk GmbH".into(),
            bill_to: "Hafenstraße 5\n20457 Hamburg".into(),
            ship_to: "Lager Nord\nWerkstraße 1\n22113 Hamburg".into(),
            language: "de".into(),
            price_book: "eur".into(),
            partner_tier: Some("silver".into()),
            contacts: vec![contact("Petra Einkauf", "petra@nordwerk.example", "de")],
        },
    ] {
        insert(desk, "dev mode", &a).await?;
    }
    Ok(())
}

/// What a quote of account `id` is entitled to, with the account's id and name; `None` for
/// a quote without an account, which is entitled to its own price book and no partner tier.
pub async fn entitlement(
    desk: &Desk,
    id: Option<i64>,
) -> ApiResult<Option<(AccountRef, Entitlement)>> {
    let Some(id) = id else {
        return Ok(None);
    };
    let row = sqlx::query("SELECT name, price_book, partner_tier FROM accounts WHERE id = $1")
        .bind(id)
        .fetch_optional(&desk.db.pool)
        .await?
        .ok_or_else(|| ApiError::Unprocessable(format!("`account`: there is no account {id}")))?;
    Ok(Some((
        AccountRef {
            id,
            name: row.try_get("name")?,
        },
        Entitlement {
            price_book: Some(row.try_get("price_book")?),
            partner_tier: row.try_get("partner_tier")?,
        },
    )))
}

/// The contact a quote goes to: the first contact of its account (`None` when the quote names
/// no account or the account has no contact). For the mail of quotes to customers.
pub async fn contact_of_quote(desk: &Desk, quote_id: i64) -> ApiResult<Option<Contact>> {
    let row = sqlx::query(
        "SELECT c.name, c.email, c.language FROM quotes q \
         JOIN account_contacts c ON c.account_id = q.account_id \
         WHERE q.id = $1 ORDER BY c.position LIMIT 1",
    )
    .bind(quote_id)
    .fetch_optional(&desk.db.pool)
    .await?;
    row.map(|r| {
        Ok(Contact {
            name: r.try_get("name")?,
            email: r.try_get("email")?,
            language: r.try_get("language")?,
        })
    })
    .transpose()
}
