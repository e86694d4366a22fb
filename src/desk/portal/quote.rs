//! One quote of the buyer's account, with the one flow that accepts it and places the order.

use configurator_api::orders::{OrderAnswer, Reorder};
use configurator_api::portal::PortalQuoteDetail;
use leptos::prelude::*;

use super::super::api::{self, ApiProblem};
use super::super::order_form::OrderForm;
use super::super::problem_words::problem_text;
use super::super::quote_list::status_name;
use super::super::renewal_notice::change_lines;
use super::super::reprice::contract_link;
use super::{href, BuyerSession};
use crate::components::bill_of_materials::BillOfMaterials;
use crate::i18n::{t, use_lang, Lang};

/// This tab's storage key of the last reorder made here (its [`Reorder`] as JSON), read by the
/// new quote's page to show what changed.
pub const REORDER_KEY: &str = "configurator.portal.reorder";

/// The reorder that made quote `number` in this tab, if it is the last one made here.
fn reorder_of(number: &str) -> Option<Reorder> {
    let text = window()
        .session_storage()
        .ok()
        .flatten()?
        .get_item(REORDER_KEY)
        .ok()
        .flatten()?;
    serde_json::from_str::<Reorder>(&text)
        .ok()
        .filter(|r| r.quote == number)
}

/// On a quote a reorder just made: which order it repeats, the catalog versions, what changed
/// (worded as the desk's renewal notice).
#[component]
fn ReorderNotice(
    /// The reorder's answer.
    reorder: Reorder,
) -> impl IntoView {
    let lang = use_lang();
    let r = reorder.clone();
    let heading = move || {
        let l = lang.get();
        let same = r.source_catalog_version == r.catalog_version;
        match (l, same) {
            (Lang::En, true) => format!("Reorder of {} at today's prices, catalog version {}. What changed:", r.source, r.catalog_version),
            (Lang::En, false) => format!("Reorder of {} at today's prices, catalog version {} (was {}). What changed:", r.source, r.catalog_version, r.source_catalog_version),
            (Lang::De, true) => format!("Nachbestellung von {} zu heutigen Preisen, Katalogversion {}. Was sich geändert hat:", r.source, r.catalog_version),
            (Lang::De, false) => format!("Nachbestellung von {} zu heutigen Preisen, Katalogversion {} (vorher {}). Was sich geändert hat:", r.source, r.catalog_version, r.source_catalog_version),
        }
    };
    let lines = move || {
        change_lines(
            &reorder.changed,
            &reorder.no_longer_offered,
            &reorder.configuration,
            lang.get(),
        )
    };
    view! {
        <div class="notice" id="reorder-changes" role="status">
            <p>{heading}</p>
            <ul>{move || lines().into_iter().map(|x| view! { <li>{x}</li> }).collect_view()}</ul>
        </div>
    }
}

/// A quote of the buyer's account: status, validity, estimated ship date, the bill of
/// materials, the PDF; while it may be ordered, the form that accepts it and places the order
/// in one step; once ordered, the order's link.
#[component]
pub fn PortalQuotePage(
    /// The quote's number.
    number: String,
) -> impl IntoView {
    let lang = use_lang();
    let session: BuyerSession = expect_context();
    let data = RwSignal::new(None::<Result<PortalQuoteDetail, ApiProblem>>);
    let n = number.clone();
    leptos::task::spawn_local(async move {
        data.set(Some(
            api::get_typed(&format!("/api/portal/quotes/{n}")).await,
        ));
    });
    let on_placed = Callback::new(move |a: OrderAnswer| {
        super::super::go(&href(&format!("order/{}", a.order.summary.number)));
    });
    let reorder = reorder_of(&number);
    let problem = RwSignal::new(String::new());
    view! {
        <p class="no-print"><a href=href("")>{t("← Home", "← Startseite")}</a></p>
        {move || match data.get() {
            None => view! { <p role="status">{t("Loading…", "Wird geladen …")}</p> }.into_any(),
            Some(Err(p)) => view! { <p class="desk-problem" role="alert">{problem_text(&p, lang.get())}</p> }.into_any(),
            Some(Ok(d)) => {
                let l = lang.get();
                let s = d.summary.clone();
                let quote = d.quote.0.clone();
                let signer = session.0.get_untracked().map(|b| format!("{} ({})", b.name, b.account_name));
                view! {
                    <section class="desk-card" aria-labelledby="portal-quote-title">
                        <h1 id="portal-quote-title">{format!("{} · {}", s.number, quote.meta.customer)}</h1>
                        <p id="portal-quote-status" role="status">{status_name(s.status, l)}</p>
                        <p>{match (&s.valid_until, l) {
                            (Some(v), Lang::En) => format!("Valid until {}. Estimated ship date if ordered today: {}.", crate::format::date(v, l), crate::format::date(&d.estimated_ship_date, l)),
                            (Some(v), Lang::De) => format!("Gültig bis {}. Voraussichtlicher Versand bei Bestellung heute: {}.", crate::format::date(v, l), crate::format::date(&d.estimated_ship_date, l)),
                            (None, Lang::En) => format!("Estimated ship date if ordered today: {}.", crate::format::date(&d.estimated_ship_date, l)),
                            (None, Lang::De) => format!("Voraussichtlicher Versand bei Bestellung heute: {}.", crate::format::date(&d.estimated_ship_date, l)),
                        }}</p>
                        {reorder.clone().map(|r| view! { <ReorderNotice reorder=r /> })}
                        {s.order.clone().map(|o| view! {
                            <p id="portal-quote-order">{t("Ordered: ", "Bestellt: ")}<a href=href(&format!("order/{o}"))>{o.clone()}</a></p>
                        })}
                        <BillOfMaterials quote=quote.clone() lang=l />
                        <p class="no-print">
                            <a href=format!("/api/portal/quotes/{}/document.pdf?lang={}", s.number, l.tag()) target="_blank">{t("The quote as PDF", "Das Angebot als PDF")}</a>
                            " · "
                            <button class="secondary" type="button" id="reconfigure" on:click={
                                let q = quote.clone();
                                move |_| {
                                    let q = q.clone();
                                    leptos::task::spawn_local(async move {
                                        match contract_link(&q.catalog.id, &q.configuration, true).await {
                                            Ok(link) => { let _ = window().location().assign(&link); }
                                            Err(m) => problem.set(m),
                                        }
                                    });
                                }
                            }>{t("Change in the configurator", "Im Konfigurator ändern")}</button>
                        </p>
                        <p class="desk-problem" role="alert">{move || problem.get()}</p>
                    </section>
                    {d.can_order.then(|| view! {
                        <section class="desk-card no-print" aria-label=t("Order", "Auftrag")>
                            <OrderForm quote=s.number.clone() revision=s.revision bill_to=d.bill_to.clone() ship_to=d.ship_to.clone()
                                path="/api/portal/orders" signer on_placed />
                        </section>
                    })}
                }
                .into_any()
            }
        }}
    }
}
