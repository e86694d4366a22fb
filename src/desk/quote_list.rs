use configurator_api::quotes::{QuoteList as Answer, QuoteStatus};
use leptos::prelude::*;

use super::filter_field::filter_field;

use super::api::{self, encode};
use super::words;
use crate::i18n::{t, use_lang};

/// One row of the list.
#[derive(Clone, Debug, PartialEq)]
struct Row {
    number: String,
    customer: String,
    status: QuoteStatus,
    total: String,
    currency: String,
    owner: String,
    updated: String,
    needs_approval: bool,
}

/// The filters, as the query the desk reads.
#[derive(Clone, Debug, Default, PartialEq)]
struct Filter {
    customer: String,
    status: String,
    number: String,
    from: String,
    to: String,
    min: String,
    max: String,
    scope: String,
}

impl Filter {
    fn query(&self) -> String {
        [
            ("customer", &self.customer),
            ("status", &self.status),
            ("number", &self.number),
            ("from", &self.from),
            ("to", &self.to),
            ("min", &self.min),
            ("max", &self.max),
            ("scope", &self.scope),
        ]
        .iter()
        .filter(|(_, v)| !v.trim().is_empty())
        .map(|(k, v)| format!("{k}={}", encode(v.trim())))
        .collect::<Vec<_>>()
        .join("&")
    }
}

pub use super::words::status_name;

fn rows(answer: Answer) -> Vec<Row> {
    answer
        .quotes
        .into_iter()
        .map(|q| Row {
            number: q.number,
            customer: q.customer,
            status: q.status,
            total: q.total,
            currency: q.currency,
            owner: q.owner,
            updated: q.updated_at,
            needs_approval: q.needs_approval,
        })
        .collect()
}

/// The quotes the user may see, searched and filtered by the desk; CSV and JSON exports of
/// the same list.
#[component]
pub fn QuoteList() -> impl IntoView {
    let lang = use_lang();
    let filter = RwSignal::new(Filter::default());
    let applied = RwSignal::new(Filter::default());
    let list = RwSignal::new(None::<Result<Vec<Row>, String>>);
    Effect::new(move |_| {
        let query = applied.get().query();
        leptos::task::spawn_local(async move {
            let r = api::get_typed::<Answer>(&format!("/api/quotes?{query}")).await;
            list.set(Some(r.map(rows).map_err(|p| {
                super::problem_words::problem_text(&p, lang.get_untracked())
            })));
        });
    });
    let field = move |id, label, kind, get, set| filter_field(filter, id, label, kind, get, set);
    let statuses = std::iter::once(None).chain(QuoteStatus::ALL.map(Some));
    let search = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        applied.set(filter.get_untracked());
    };
    let body = move || {
        match list.get() {
        None => view! { <p role="status">{t("Loading…", "Wird geladen …")}</p> }.into_any(),
        Some(Err(m)) => view! { <p class="desk-problem" role="alert">{m}</p> }.into_any(),
        Some(Ok(rows)) if rows.is_empty() => view! {
            <p role="status">{t("No quotes match.", "Keine passenden Angebote.")}</p>
        }
        .into_any(),
        Some(Ok(rows)) => view! {
            <div class="desk-scroll">
            <table class="desk-table" id="quote-list">
                <thead><tr>
                    <th scope="col">{t("Number", "Nummer")}</th>
                    <th scope="col">{t("Customer", "Kunde")}</th>
                    <th scope="col">{t("Status", "Status")}</th>
                    <th scope="col" class="num">{t("Contract value", "Vertragswert")}</th>
                    <th scope="col">{t("Owner", "Verantwortlich")}</th>
                    <th scope="col">{t("Changed", "Geändert")}</th>
                </tr></thead>
                <tbody>
                    <For each=move || rows.clone() key=|r| (r.number.clone(), r.status, r.updated.clone()) let:r>
                        <tr>
                            <td><a href=format!("#/quote/{}", r.number)>{r.number.clone()}</a></td>
                            <td>{r.customer.clone()}</td>
                            <td>
                                {let s = r.status; move || status_name(s, lang.get())}
                                {r.needs_approval.then(|| view! { <span class="desk-badge">{t("deal above limit", "Rabatt über Limit")}</span> })}
                            </td>
                            <td class="num">{let (v, c) = (r.total.clone(), r.currency.clone()); move || words::amount(&v, &c, lang.get())}</td>
                            <td>{r.owner.clone()}</td>
                            <td><time datetime=r.updated.clone()>{let u = r.updated.clone(); move || words::time(&u, lang.get())}</time></td>
                        </tr>
                    </For>
                </tbody>
            </table>
            </div>
        }
        .into_any(),
    }
    };
    let export = move |kind: &str| format!("/api/quotes/export.{kind}?{}", applied.get().query());
    view! {
        <section class="desk-card" aria-labelledby="quotes-title">
            <h1 id="quotes-title">{t("Quotes", "Angebote")}</h1>
            <form class="desk-filters" role="search" on:submit=search>
                {field("f-customer", t("Customer", "Kunde"), "search", |f| f.customer.clone(), |f, v| f.customer = v)}
                {field("f-number", t("Number", "Nummer"), "search", |f| f.number.clone(), |f, v| f.number = v)}
                <div class="desk-field">
                    <label for="f-status">{t("Status", "Status")}</label>
                    <select id="f-status" prop:value=move || filter.with(|f| f.status.clone())
                        on:change=move |e| filter.update(|f| f.status = event_target_value(&e))>
                        {statuses.map(|s| view! {
                            <option value=s.map_or("", QuoteStatus::name)>{move || match s {
                                None => lang.get().pick("Any", "Alle").to_owned(),
                                Some(s) => status_name(s, lang.get()),
                            }}</option>
                        }).collect_view()}
                    </select>
                </div>
                {field("f-from", t("Created from", "Erstellt ab"), "date", |f| f.from.clone(), |f, v| f.from = v)}
                {field("f-to", t("Created until", "Erstellt bis"), "date", |f| f.to.clone(), |f, v| f.to = v)}
                {field("f-min", t("Value from", "Wert ab"), "text", |f| f.min.clone(), |f, v| f.min = v)}
                {field("f-max", t("Value up to", "Wert bis"), "text", |f| f.max.clone(), |f, v| f.max = v)}
                <div class="desk-field">
                    <label for="f-scope">{t("Whose", "Wessen")}</label>
                    <select id="f-scope" prop:value=move || filter.with(|f| f.scope.clone())
                        on:change=move |e| filter.update(|f| f.scope = event_target_value(&e))>
                        <option value="">{t("All I may see", "Alle, die ich sehen darf")}</option>
                        <option value="mine">{t("Mine", "Meine")}</option>
                    </select>
                </div>
                <button class="primary" type="submit" id="search-quotes">{t("Search", "Suchen")}</button>
            </form>
            {body}
            <p class="desk-exports">
                <a href=move || export("csv") download="quotes.csv">{t("Export CSV", "CSV exportieren")}</a>
                " · "
                <a href=move || export("json") download="quotes.json">{t("Export JSON", "JSON exportieren")}</a>
            </p>
        </section>
    }
}
