//! "Place order" on an accepted quote's page, and the link to its order once placed.

use configurator_api::accounts::AccountList;
use configurator_api::orders::{OrderAnswer, OrderList};
use leptos::prelude::*;

use super::api;
use super::order_form::OrderForm;
use crate::i18n::{t, use_lang};

/// What the card knows: the order placed from the quote, or the account's addresses.
#[derive(Clone, Debug, PartialEq)]
enum State {
    Loading,
    Placed(String),
    Open { bill_to: String, ship_to: String },
}

/// On an accepted quote: its order's number as a link once placed; else the order form, its
/// addresses prefilled from the quote's customer account.
#[component]
pub fn PlaceOrderCard(
    /// The quote's number.
    number: String,
    /// The accepted revision.
    revision: i64,
    /// The quote's customer account, if any.
    account: Option<i64>,
) -> impl IntoView {
    let lang = use_lang();
    let state = RwSignal::new(State::Loading);
    let n = number.clone();
    leptos::task::spawn_local(async move {
        let orders = api::get_typed::<OrderList>("/api/orders").await;
        if let Some(o) = orders
            .ok()
            .and_then(|l| l.orders.into_iter().find(|o| o.quote == n))
        {
            state.set(State::Placed(o.number));
            return;
        }
        let accounts = api::get_typed::<AccountList>("/api/accounts").await;
        let found = accounts
            .ok()
            .and_then(|l| l.accounts.into_iter().find(|a| Some(a.id) == account));
        state.set(match found {
            Some(a) => State::Open {
                bill_to: a.input.bill_to,
                ship_to: a.input.ship_to,
            },
            None => State::Open {
                bill_to: String::new(),
                ship_to: String::new(),
            },
        });
    });
    let on_placed = Callback::new(move |a: OrderAnswer| {
        state.set(State::Placed(a.order.summary.number));
    });
    let number = StoredValue::new(number);
    view! {
        <section class="desk-card no-print" aria-label=t("Order", "Auftrag") id="place-order-card">
            {move || match state.get() {
                State::Loading => view! { <p role="status">{t("Loading…", "Wird geladen …")}</p> }.into_any(),
                State::Placed(o) => view! {
                    <p role="status" id="quote-order">
                        {move || lang.get().pick("Ordered: ", "Bestellt: ")}
                        <a href=format!("#/order/{o}")>{o.clone()}</a>
                    </p>
                }
                .into_any(),
                State::Open { bill_to, ship_to } => view! {
                    <OrderForm quote=number.get_value() revision bill_to ship_to path="/api/orders" signer=None on_placed />
                }
                .into_any(),
            }}
        </section>
    }
}
