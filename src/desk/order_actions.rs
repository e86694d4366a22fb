//! The order desk's steps on an order: confirm with a ship date, ship what is left (per line,
//! with carrier and tracking), mark as delivered, cancel with a reason (asked first).

use configurator_api::orders::{
    Cancellation, Confirmation, NewShipment, OrderAction, OrderAnswer, OrderLine, ShipmentLine,
};
use leptos::prelude::*;
use serde::Serialize;

use super::api::{self, ApiProblem};
use super::order_words::order_action_label;
use crate::i18n::{t, use_lang};

/// What the steps need, typed by the order desk.
#[derive(Clone, Copy)]
struct Inputs {
    ship_date: RwSignal<String>,
    carrier: RwSignal<String>,
    tracking: RwSignal<String>,
    reason: RwSignal<String>,
    /// Units to ship per order line (as typed).
    quantities: RwSignal<Vec<(i64, String)>>,
}

/// Posts one step; its answer (the order after it) or the problem.
async fn step<B: Serialize>(
    number: &str,
    action: OrderAction,
    body: &B,
) -> Result<OrderAnswer, ApiProblem> {
    api::post_typed(&format!("/api/orders/{number}/{}", action.name()), body).await
}

/// Takes `action` on order `n` with what was typed.
async fn perform(n: String, action: OrderAction, i: Inputs) -> Result<OrderAnswer, ApiProblem> {
    match action {
        OrderAction::Confirm => {
            let ship_date = i.ship_date.get_untracked();
            step(&n, action, &Confirmation { ship_date }).await
        }
        OrderAction::Ship => {
            let lines = i
                .quantities
                .get_untracked()
                .into_iter()
                .filter_map(|(line, q)| {
                    let quantity = q.trim().parse::<i64>().ok().filter(|q| *q > 0)?;
                    Some(ShipmentLine { line, quantity })
                })
                .collect();
            let body = NewShipment {
                lines,
                carrier: i.carrier.get_untracked().trim().to_owned(),
                tracking: i.tracking.get_untracked().trim().to_owned(),
            };
            step(&n, action, &body).await
        }
        OrderAction::Deliver => {
            let path = format!("/api/orders/{n}/deliver");
            api::typed::<(), OrderAnswer>("POST", &path, None).await
        }
        OrderAction::Cancel => {
            let reason = i.reason.get_untracked().trim().to_owned();
            step(&n, action, &Cancellation { reason }).await
        }
    }
}

/// The fields of a shipment: units per line of what is left (`left`: line, name, units
/// left), carrier, tracking number.
#[component]
fn ShipFields(left: Vec<(i64, String, i64)>, inputs: Inputs) -> impl IntoView {
    let lang = use_lang();
    let (quantities, carrier, tracking) = (inputs.quantities, inputs.carrier, inputs.tracking);
    view! {
        {left.into_iter().map(|(line, name, n)| {
            let id = format!("ship-qty-{line}");
            view! {
                <div class="desk-field">
                    <label for=id.clone()>{move || lang.get().pick(format!("{name}: units (of {n} left)"), format!("{name}: Stück (von {n} offen)"))}</label>
                    <input id=id inputmode="numeric" size="5"
                        prop:value=move || quantities.with(|q| q.iter().find(|(l, _)| *l == line).map(|(_, v)| v.clone()).unwrap_or_default())
                        on:input=move |e| { let v = event_target_value(&e); quantities.update(|q| if let Some(x) = q.iter_mut().find(|(l, _)| *l == line) { x.1 = v; }); } />
                </div>
            }
        }).collect_view()}
        <div class="desk-field">
            <label for="ship-carrier">{t("Carrier", "Spediteur")}</label>
            <input id="ship-carrier" required prop:value=move || carrier.get()
                on:input=move |e| carrier.set(event_target_value(&e)) />
        </div>
        <div class="desk-field">
            <label for="ship-tracking">{t("Tracking number", "Sendungsnummer")}</label>
            <input id="ship-tracking" required prop:value=move || tracking.get()
                on:input=move |e| tracking.set(event_target_value(&e)) />
        </div>
    }
}

/// The steps the desk lists for this user and order (`actions`), each with what it needs; the
/// answer goes to `on_done` (the page shows the order after it, or the problem).
#[component]
pub fn OrderActions(
    /// The order's number.
    number: String,
    /// Its lines (what is left to ship).
    lines: Vec<OrderLine>,
    /// What the user may do now.
    actions: Vec<OrderAction>,
    /// Called with each step's answer.
    on_done: Callback<Result<OrderAnswer, ApiProblem>>,
) -> impl IntoView {
    let lang = use_lang();
    let number = StoredValue::new(number);
    let busy = RwSignal::new(false);
    let confirming = RwSignal::new(false);
    let left: Vec<(i64, String, i64)> = lines
        .iter()
        .map(|l| {
            (
                l.line,
                format!("{} ({})", l.name, l.sku),
                l.quantity - l.shipped,
            )
        })
        .filter(|(_, _, n)| *n > 0)
        .collect();
    let inputs = Inputs {
        ship_date: RwSignal::new(String::new()),
        carrier: RwSignal::new(String::new()),
        tracking: RwSignal::new(String::new()),
        reason: RwSignal::new(String::new()),
        quantities: RwSignal::new(
            left.iter()
                .map(|(line, _, n)| (*line, n.to_string()))
                .collect(),
        ),
    };
    let (ship_date, reason) = (inputs.ship_date, inputs.reason);
    let run = move |action: OrderAction| {
        busy.set(true);
        let n = number.get_value();
        leptos::task::spawn_local(async move {
            let r = perform(n, action, inputs).await;
            busy.set(false);
            on_done.run(r);
        });
    };
    let button = move |a: OrderAction, class: &'static str| {
        view! {
            <button class=class type="button" id=format!("action-{}", a.name()) disabled=move || busy.get()
                on:click=move |_| if a == OrderAction::Cancel { confirming.set(true) } else { run(a) }>
                {move || order_action_label(a, lang.get())}
            </button>
        }
    };
    let has = |a| actions.contains(&a);
    view! {
        <section class="desk-card no-print" aria-labelledby="order-actions-title" id="order-actions">
            <h2 id="order-actions-title">{t("Fulfilment", "Auftragsabwicklung")}</h2>
            {has(OrderAction::Confirm).then(|| view! {
                <div class="desk-filters">
                    <div class="desk-field">
                        <label for="confirm-date">{t("Confirmed ship date", "Bestätigtes Versanddatum")}</label>
                        <input id="confirm-date" type="date" required prop:value=move || ship_date.get()
                            on:input=move |e| ship_date.set(event_target_value(&e)) />
                    </div>
                    {button(OrderAction::Confirm, "primary")}
                </div>
            })}
            {has(OrderAction::Ship).then(|| view! {
                <fieldset class="desk-ship">
                    <legend>{t("Ship what is left", "Restliche Menge versenden")}</legend>
                    <ShipFields left=left.clone() inputs />
                    {button(OrderAction::Ship, "primary")}
                </fieldset>
            })}
            {has(OrderAction::Deliver).then(|| button(OrderAction::Deliver, "primary"))}
            {has(OrderAction::Cancel).then(|| view! {
                <div class="desk-filters">
                    <div class="desk-field">
                        <label for="cancel-reason">{t("Reason for cancelling", "Grund der Stornierung")}</label>
                        <input id="cancel-reason" prop:value=move || reason.get()
                            on:input=move |e| reason.set(event_target_value(&e)) />
                    </div>
                    {button(OrderAction::Cancel, "secondary")}
                </div>
                {move || confirming.get().then(|| view! {
                    <super::confirm_action::ConfirmAction id="cancel".to_owned()
                        question=("Cancel this order? The customer and the rep are told; it cannot be undone.".to_owned(),
                            "Diesen Auftrag stornieren? Kunde und Vertrieb werden benachrichtigt; das lässt sich nicht rückgängig machen.".to_owned())
                        yes=("Yes, cancel the order".to_owned(), "Ja, Auftrag stornieren".to_owned())
                        confirming on_yes=move || run(OrderAction::Cancel) />
                })}
            })}
        </section>
    }
}
