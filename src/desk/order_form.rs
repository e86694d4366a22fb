//! The form that places an order from an accepted (or, in the portal, a sent) quote: purchase
//! order number, bill-to and ship-to addresses (prefilled), requested delivery date, and in
//! the portal the buyer's explicit acceptance (signed as the signed-in buyer); sent with an
//! idempotency key kept across retries of the same submission (in this tab's storage, so a
//! reload retries with the same key too).

use configurator_api::orders::{OrderAnswer, PlaceOrder};
use leptos::prelude::*;

use super::api::{self, ApiProblem};
use super::problem_words::problem_text;
use crate::i18n::{t, use_lang};

/// The storage key of the idempotency key of placing `quote`'s `revision` from this tab.
fn storage_key(quote: &str, revision: i64) -> String {
    format!("configurator.order-key.{quote}.{revision}")
}

/// A new idempotency key: 32 random hexadecimal digits and the time (not a secret: it only
/// tells a retry from a new order).
fn new_key() -> String {
    let mut s = String::new();
    for _ in 0..4 {
        let part = (js_sys::Math::random() * 4_294_967_296.0) as u32;
        s.push_str(&format!("{part:08x}"));
    }
    format!("{s}-{}", js_sys::Date::now() as u64)
}

/// The key of this submission: the one kept in this tab for the quote's revision, else a new
/// one (kept until the order is placed).
fn key_for(quote: &str, revision: i64) -> String {
    let storage = window().session_storage().ok().flatten();
    let k = storage_key(quote, revision);
    if let Some(existing) = storage.as_ref().and_then(|s| s.get_item(&k).ok().flatten()) {
        return existing;
    }
    let fresh = new_key();
    if let Some(s) = storage {
        let _ = s.set_item(&k, &fresh);
    }
    fresh
}

/// Forgets the key once the order is placed (a new submission would be a new order).
fn forget_key(quote: &str, revision: i64) {
    if let Ok(Some(s)) = window().session_storage() {
        let _ = s.remove_item(&storage_key(quote, revision));
    }
}

/// Places the order of `quote`'s `revision` through `path` (`/api/orders` for the desk,
/// `/api/portal/orders` for a buyer, who accepts the quote in the same step, signed as
/// themselves: `signer`, their name and account).
#[component]
pub fn OrderForm(
    /// The quote's number.
    quote: String,
    /// The revision accepted (or to accept).
    revision: i64,
    /// The account's bill-to address.
    bill_to: String,
    /// The account's ship-to address.
    ship_to: String,
    /// Where to post.
    path: &'static str,
    /// The signed-in buyer's "name (account)" when the buyer accepts in the same step (the
    /// portal's accept-and-place); `None` on the desk.
    signer: Option<String>,
    /// The placed order.
    on_placed: Callback<OrderAnswer>,
) -> impl IntoView {
    let lang = use_lang();
    let po = RwSignal::new(String::new());
    let bill = RwSignal::new(bill_to);
    let ship = RwSignal::new(ship_to);
    let requested = RwSignal::new(String::new());
    let accepted = RwSignal::new(false);
    let sign = signer.is_some();
    let problem = RwSignal::new(String::new());
    let details = RwSignal::new(Vec::<String>::new());
    let busy = RwSignal::new(false);
    let quote = StoredValue::new(quote);
    let missing = Memo::new(move |_| po.with(|p| p.trim().is_empty()) || (sign && !accepted.get()));
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if missing.get_untracked() || busy.get_untracked() {
            return;
        }
        busy.set(true);
        let q = quote.get_value();
        let r = requested.get_untracked();
        let body = PlaceOrder {
            quote: q.clone(),
            revision,
            purchase_order: po.get_untracked().trim().to_owned(),
            bill_to: bill.get_untracked(),
            ship_to: ship.get_untracked(),
            requested_date: (!r.is_empty()).then_some(r),
            idempotency_key: key_for(&q, revision),
        };
        leptos::task::spawn_local(async move {
            let r: Result<OrderAnswer, ApiProblem> = api::post_typed(path, &body).await;
            busy.set(false);
            match r {
                Ok(a) => {
                    forget_key(&q, revision);
                    problem.set(String::new());
                    on_placed.run(a);
                }
                Err(p) => {
                    problem.set(problem_text(&p, lang.get_untracked()));
                    details.set(p.details);
                }
            }
        });
    };
    view! {
        <form class="desk-order-form" on:submit=submit aria-labelledby="place-title">
            <h2 id="place-title">{if sign { t("Accept and place the order", "Annehmen und bestellen") } else { t("Place the order", "Auftrag erteilen") }}</h2>
            <div class="desk-field">
                <label for="order-po-number">{t("Purchase order number", "Bestellnummer")}</label>
                <input id="order-po-number" required maxlength="64" autocomplete="off" prop:value=move || po.get()
                    on:input=move |e| po.set(event_target_value(&e)) />
            </div>
            <div class="desk-field">
                <label for="order-bill-to">{t("Bill to", "Rechnungsadresse")}</label>
                <textarea id="order-bill-to" rows="3" prop:value=move || bill.get()
                    on:input=move |e| bill.set(event_target_value(&e))></textarea>
            </div>
            <div class="desk-field">
                <label for="order-ship-to">{t("Ship to", "Lieferadresse")}</label>
                <textarea id="order-ship-to" rows="3" prop:value=move || ship.get()
                    on:input=move |e| ship.set(event_target_value(&e))></textarea>
            </div>
            <div class="desk-field">
                <label for="order-requested">{t("Requested delivery date (optional)", "Gewünschtes Lieferdatum (optional)")}</label>
                <input id="order-requested" type="date" prop:value=move || requested.get()
                    on:input=move |e| requested.set(event_target_value(&e)) />
            </div>
            {signer.map(|who| view! {
                <div class="desk-check">
                    <input id="order-accept" type="checkbox" prop:checked=move || accepted.get()
                        on:change=move |e| accepted.set(event_target_checked(&e)) />
                    <label for="order-accept">{move || lang.get().pick(
                        format!("I accept quote {} (revision {revision}) and place this order, signed as {who}.", quote.get_value()),
                        format!("Ich nehme Angebot {} (Revision {revision}) an und erteile diesen Auftrag, unterschrieben als {who}.", quote.get_value()),
                    )}</label>
                </div>
            })}
            <button class="primary" type="submit" id="place-order" disabled=move || busy.get() || missing.get()
                aria-describedby="place-order-hint">
                {if sign { t("Accept and place the order", "Annehmen und bestellen") } else { t("Place the order", "Auftrag erteilen") }}
            </button>
            <p class="desk-hint" id="place-order-hint">{move || if missing.get() {
                if sign {
                    lang.get().pick("Enter the purchase order number and tick the acceptance to place the order.", "Geben Sie die Bestellnummer ein und bestätigen Sie die Annahme, um zu bestellen.")
                } else {
                    lang.get().pick("Enter the purchase order number to place the order.", "Geben Sie die Bestellnummer ein, um den Auftrag zu erteilen.")
                }
            } else {
                lang.get().pick("The quote desk checks the prices again when it places the order.", "Der Angebotsdesk prüft die Preise beim Erteilen erneut.")
            }}</p>
            <p class="desk-problem" role="alert" id="place-problem">{move || problem.get()}</p>
            <ul class="desk-details">{move || details.get().into_iter().map(|x| view! { <li>{x}</li> }).collect_view()}</ul>
        </form>
    }
}
