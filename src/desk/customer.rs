use configurator_engine::quote::Quote;
use leptos::prelude::*;
use serde_json::{json, Value};

use super::api::{self, ApiProblem};
use super::quote_list::status_name;
use crate::components::bill_of_materials::BillOfMaterials;
use crate::i18n::{t, use_lang, Lang};

/// Who decided and when, from the desk's `customer: NAME on 2026-12-07T18:02:00Z`, in the
/// reader's words and local time: `signed by NAME on Dec 7, 2026, 7:02 PM`.
pub fn decided_text(decided: &str, l: Lang) -> String {
    let (who, at) = decided.rsplit_once(" on ").unwrap_or((decided, ""));
    let who = who.strip_prefix("customer: ").unwrap_or(who);
    let when = crate::format::local_time(at, l);
    match (l, at.is_empty()) {
        (_, true) => l.pick(
            format!("signed by {who}"),
            format!("unterschrieben von {who}"),
        ),
        (Lang::En, false) => format!("signed by {who} on {when}"),
        (Lang::De, false) => format!("unterschrieben von {who} am {when}"),
    }
}

/// What a customer link shows: one quote, read-only, with "Accept" and "Decline" signed with
/// the customer's name while it is open.
#[component]
pub fn CustomerQuote(token: String) -> impl IntoView {
    let lang = use_lang();
    let view_data = RwSignal::new(None::<Result<Value, ApiProblem>>);
    let name = RwSignal::new(String::new());
    let message = RwSignal::new(String::new());
    let t1 = token.clone();
    let token = StoredValue::new(token);
    leptos::task::spawn_local(async move {
        view_data.set(Some(api::get(&format!("/api/customer/{t1}")).await));
    });
    let decide = move |accept: bool| {
        let path = format!(
            "/api/customer/{}/{}",
            token.get_value(),
            if accept { "accept" } else { "decline" }
        );
        let body = json!({"name": name.get_untracked()});
        leptos::task::spawn_local(async move {
            match api::post(&path, &body).await {
                Ok(v) => {
                    message.set(String::new());
                    view_data.set(Some(Ok(v)));
                }
                Err(p) => message.set(super::problem_words::problem_text(&p, lang.get_untracked())),
            }
        });
    };
    move || match view_data.get() {
        None => {
            view! { <p role="status">{t("Loading your quote…", "Ihr Angebot wird geladen …")}</p> }
                .into_any()
        }
        Some(Err(p)) => view! {
            <section class="desk-card" role="alert">
                <h1>{t("This link does not open a quote", "Dieser Link öffnet kein Angebot")}</h1>
                <p>{super::problem_words::problem_text(&p, lang.get())}</p>
            </section>
        }
        .into_any(),
        Some(Ok(v)) => {
            let v = &v["view"];
            let l = lang.get();
            let quote = match Quote::from_json(&v["quote"].to_string()) {
                Ok(q) => q,
                Err(e) => return view! { <p role="alert">{e.to_string()}</p> }.into_any(),
            };
            let status = api::text(v, "status");
            let open = status == "sent" && v["current"].as_bool().unwrap_or(false);
            let decided = v["decided"].as_str().map(str::to_owned);
            view! {
                <section class="desk-card" aria-labelledby="customer-title">
                    <h1 id="customer-title">{format!("{} · {}", api::text(v, "number"), quote.meta.customer)}</h1>
                    <p id="customer-status" role="status">
                        {status_name(&status, l)}
                        {decided.map(|d| format!(" · {}", decided_text(&d, l)))}
                    </p>
                    <p>{match (l, &quote.meta.valid_until) {
                        (Lang::En, Some(d)) => format!("Valid until {}. Prepared by {}.", crate::format::date(d, l), quote.meta.prepared_by),
                        (Lang::De, Some(d)) => format!("Gültig bis {}. Erstellt von {}.", crate::format::date(d, l), quote.meta.prepared_by),
                        (Lang::En, None) => format!("Prepared by {}.", quote.meta.prepared_by),
                        (Lang::De, None) => format!("Erstellt von {}.", quote.meta.prepared_by),
                    }}</p>
                    <BillOfMaterials quote=quote.clone() lang=l />
                    {(!quote.meta.notes.is_empty()).then(|| view! { <p class="quote-notes">{quote.meta.notes.clone()}</p> })}
                    <p class="no-print"><a href=format!("/api/customer/{}/quote.pdf?lang={}", token.get_value(), l.tag()) target="_blank">{t("The quote as PDF", "Das Angebot als PDF")}</a></p>
                    {open.then(|| view! {
                        <div class="desk-actions no-print">
                            <label for="customer-name">{t("Your name (to sign your decision)", "Ihr Name (zur Unterschrift)")}</label>
                            <input id="customer-name" autocomplete="name" prop:value=move || name.get()
                                on:input=move |e| name.set(event_target_value(&e)) />
                            <div class="desk-buttons">
                                <button class="primary" id="accept-quote" on:click=move |_| decide(true)>{t("Accept the quote", "Angebot annehmen")}</button>
                                <button class="secondary" id="decline-quote" on:click=move |_| decide(false)>{t("Decline", "Ablehnen")}</button>
                            </div>
                        </div>
                    })}
                    <p class="desk-problem" role="alert">{move || message.get()}</p>
                    <p class="no-print"><button class="secondary" on:click=move |_| crate::browser::print()>{t("Print or save as PDF", "Drucken oder als PDF speichern")}</button></p>
                </section>
            }
            .into_any()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_decision_reads_in_words_and_local_time() {
        let d = "customer: Alice Buyer on 2026-12-07T18:02:00Z";
        assert_eq!(
            decided_text(d, Lang::En),
            "signed by Alice Buyer on Dec 7, 2026, 18:02 UTC"
        );
        assert_eq!(
            decided_text(d, Lang::De),
            "unterschrieben von Alice Buyer am 07.12.2026, 18:02 UTC"
        );
        assert_eq!(decided_text("customer: Bob", Lang::En), "signed by Bob");
    }
}
