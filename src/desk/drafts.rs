use leptos::prelude::*;

use configurator_api::accounts::Account;
use configurator_api::quotes::{QuoteAnswer, QuoteDocument};

use super::account_picker::AccountPicker;
use super::api::{self, ApiProblem};
use super::reprice::{as_revision, repriced, REVISE_KEY};
use crate::i18n::{t, use_lang, Lang};
use crate::saved::{self, Entry, Saved};

/// Quotes saved in this browser (offline, or before signing in), each with "Upload to the
/// desk". A new quote is for a customer account the rep picks first: its price book and
/// partner tier become the quote's pricing context (priced again here, checked again by the
/// desk). An upload the desk accepts removes the browser's copy; one it refuses (prices that
/// differ, an unknown catalog version) stays, with the desk's reasons. With `upload`, that
/// saved quote is uploaded and opened once an account is picked (at once when it is the next
/// revision of a desk quote, which keeps its account).
#[component]
pub fn Drafts(upload: Option<String>) -> impl IntoView {
    let lang = use_lang();
    let version = RwSignal::new(0u32);
    let message = RwSignal::new(String::new());
    let details = RwSignal::new(Vec::<String>::new());
    let account = RwSignal::new(None::<Account>);
    let entries = Memo::new(move |_| {
        version.track();
        match saved::list("") {
            Ok(list) => list
                .into_iter()
                .filter_map(|e| match e {
                    Entry::Ok(key, s) => Some((key, *s)),
                    Entry::Skipped(..) => None,
                })
                .collect::<Vec<(String, Saved)>>(),
            Err(_) => Vec::new(),
        }
    });
    let send = move |key: String, open: bool| {
        let Some((_, s)) = entries.with_untracked(|l| l.iter().find(|(k, _)| *k == key).cloned())
        else {
            message.set(
                lang.get_untracked()
                    .pick(
                        "That saved quote is no longer in this browser.",
                        "Dieses gespeicherte Angebot ist nicht mehr in diesem Browser.",
                    )
                    .into(),
            );
            return;
        };
        // A configuration changed for a quote of the desk comes back as its next revision.
        let revising = take_revising();
        let is_revision = revising.is_some();
        let chosen = account.get_untracked();
        if !is_revision && chosen.is_none() {
            message.set(match lang.get_untracked() {
                Lang::En => format!("Choose the customer account of “{}” first.", s.name),
                Lang::De => format!("Wählen Sie zuerst das Kundenkonto für „{}“.", s.name),
            });
            return;
        }
        leptos::task::spawn_local(async move {
            let upload = match (revising, chosen) {
                (Some((number, base)), _) => revise(&s.quote, &number, base).await,
                (None, Some(a)) => for_account(&s.quote, &a).await,
                (None, None) => return,
            };
            match upload {
                Ok(QuoteAnswer { quote: saved }) => {
                    let number = saved.number;
                    let _ = saved::remove(&key);
                    version.update(|n| *n += 1);
                    details.set(Vec::new());
                    let revision = saved.revision;
                    message.set(match (lang.get_untracked(), is_revision) {
                        (Lang::En, false) => format!("Uploaded “{}” as {number}.", s.name),
                        (Lang::De, false) => format!("„{}“ als {number} hochgeladen.", s.name),
                        (Lang::En, true) => format!("Saved as revision {revision} of {number}."),
                        (Lang::De, true) => {
                            format!("Als Revision {revision} von {number} gespeichert.")
                        }
                    });
                    if open || is_revision {
                        super::go(&format!("/quote/{number}"));
                    }
                }
                Err(p) => {
                    message.set(match lang.get_untracked() {
                        Lang::En => format!("“{}” stays in this browser: {}", s.name, p.message),
                        Lang::De => format!(
                            "„{}“ bleibt in diesem Browser: {}",
                            s.name,
                            super::problem_words::problem_text(&p, Lang::De)
                        ),
                    });
                    details.set(p.details);
                }
            }
        });
    };
    let arrived = StoredValue::new(upload.clone());
    match upload {
        Some(key) if revising_now() => send(key, true),
        Some(_) => message.set(choose_first(lang.get_untracked())),
        None => {}
    }
    view! {
        <section class="desk-card" aria-labelledby="drafts-title">
            <h2 id="drafts-title">{t("Quotes saved in this browser", "In diesem Browser gespeicherte Angebote")}</h2>
            <p class="desk-problem" role="status" id="drafts-message">{move || message.get()}</p>
            <ul class="desk-details">{move || details.get().into_iter().map(|d| view! { <li>{d}</li> }).collect_view()}</ul>
            {move || {
                let list = entries.get();
                if list.is_empty() {
                    return view! { <p>{t("None.", "Keine.")}</p> }.into_any();
                }
                view! {
                    <AccountPicker selected=account />
                    <ul class="desk-drafts">
                        <For each=move || entries.get() key=|(k, _)| k.clone() let:e>
                            <li>
                                <span>{format!("{} · {} · {}", e.1.name, e.1.quote.catalog.id, e.1.saved_at.get(..10).unwrap_or_default())}</span>
                                <button class="secondary" on:click={
                                    let key = e.0.clone();
                                    // The quote the configurator sent here opens once uploaded.
                                    let open = arrived.with_value(|k| k.as_deref() == Some(key.as_str()));
                                    move |_| send(key.clone(), open)
                                }>{t("Upload to the desk", "Zum Desk hochladen")}</button>
                            </li>
                        </For>
                    </ul>
                }
                .into_any()
            }}
        </section>
    }
}

/// What a quote from the configurator waits for.
fn choose_first(l: Lang) -> String {
    l.pick(
        "Choose the customer account, then upload the quote.",
        "Wählen Sie das Kundenkonto, dann laden Sie das Angebot hoch.",
    )
    .into()
}

/// Whether this tab revises a quote of the desk (`REVISE_KEY` set), without taking the key.
fn revising_now() -> bool {
    window()
        .session_storage()
        .ok()
        .flatten()
        .and_then(|st| st.get_item(REVISE_KEY).ok().flatten())
        .is_some()
}

/// The quote this tab revises (number and base revision), taking the key.
fn take_revising() -> Option<(String, i64)> {
    window()
        .session_storage()
        .ok()
        .flatten()
        .and_then(|st| {
            let v = st.get_item(REVISE_KEY).ok().flatten();
            let _ = st.remove_item(REVISE_KEY);
            v
        })
        .and_then(|v| {
            let (n, b) = v.split_once(' ')?;
            Some((n.to_owned(), b.parse::<i64>().ok()?))
        })
}

/// Uploads `made` as a new quote for `account`, priced in the account's price book and partner
/// tier (the deal discounts and term kept).
async fn for_account(
    made: &configurator_engine::quote::Quote,
    account: &Account,
) -> Result<QuoteAnswer, ApiProblem> {
    let mut context = made.context.clone();
    context.price_book = Some(account.input.price_book.clone());
    context.partner_tier = account.input.partner_tier.clone();
    let quote = if context == made.context {
        made.clone()
    } else {
        repriced(made, context).await.map_err(|m| ApiProblem {
            status: 422,
            code: String::new(),
            message: m,
            details: Vec::new(),
        })?
    };
    api::send_text(
        "POST",
        &format!("/api/quotes?account={}", account.id),
        quote.to_json(),
    )
    .await
}

/// Uploads `made` as the next revision of quote `number` (edited from revision `base`).
async fn revise(
    made: &configurator_engine::quote::Quote,
    number: &str,
    base: i64,
) -> Result<QuoteAnswer, ApiProblem> {
    let problem = |m: String| ApiProblem {
        status: 422,
        code: String::new(),
        message: m,
        details: Vec::new(),
    };
    let previous: QuoteDocument =
        api::get_typed(&format!("/api/quotes/{number}/revisions/{base}")).await?;
    let next = as_revision(made, &previous.0).await.map_err(problem)?;
    api::send_text(
        "POST",
        &format!("/api/quotes/{number}/revisions?base={base}"),
        next.to_json(),
    )
    .await
}
