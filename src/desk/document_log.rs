//! The log of every cXML and OCI document in and out (admins and the order desk): filters by
//! organisation and direction; a row opens the document's text and the answer.

use configurator_api::procurement::{Direction, Document, DocumentText, Documents, Organisation};
use leptos::prelude::*;

use super::api;
use super::procurement_words::{delivery, direction_name, kind_name, when};
use crate::i18n::{t, use_lang};

/// The log's table and the document opened from it. `organisations` names the filter's
/// choices (empty for those who may not read them: the filter is then left out); a change of
/// `reload` reads the log again.
#[component]
pub fn DocumentLog(
    organisations: Signal<Vec<Organisation>>,
    reload: RwSignal<u32>,
) -> impl IntoView {
    let lang = use_lang();
    let organisation = RwSignal::new(String::new());
    let direction = RwSignal::new(String::new());
    let list = RwSignal::new(None::<Result<Vec<Document>, String>>);
    let opened = RwSignal::new(None::<Result<DocumentText, String>>);
    Effect::new(move |_| {
        reload.track();
        let mut path = "/api/procurement/documents?limit=100".to_owned();
        for (key, value) in [
            ("organisation", organisation.get()),
            ("direction", direction.get()),
        ] {
            if !value.is_empty() {
                path.push_str(&format!("&{key}={}", api::encode(&value)));
            }
        }
        leptos::task::spawn_local(async move {
            let r = api::get_typed::<Documents>(&path).await;
            let l = lang.get_untracked();
            list.set(Some(
                r.map(|d| d.documents)
                    .map_err(|p| super::problem_words::problem_text(&p, l)),
            ));
        });
    });
    let open = move |id: i64| {
        leptos::task::spawn_local(async move {
            let r =
                api::get_typed::<DocumentText>(&format!("/api/procurement/documents/{id}")).await;
            let l = lang.get_untracked();
            opened.set(Some(
                r.map_err(|p| super::problem_words::problem_text(&p, l)),
            ));
        });
    };
    let row = move |d: Document| {
        let l = lang.get_untracked();
        let status = d
            .status_code
            .map(|c| format!("{c} {}", d.status_text))
            .unwrap_or_else(|| d.status_text.clone());
        let label = format!("{} {} {}", l.pick("Open", "Öffnen"), d.kind, when(d.at, l));
        view! {
            <tr>
                <td class="desk-nowrap"><button class="link" aria-label=label on:click=move |_| open(d.id)>{when(d.at, l)}</button></td>
                <td>{direction_name(d.direction, l)}</td>
                <td>{kind_name(&d.kind, l)}</td>
                <td>{d.organisation_name.clone().unwrap_or_else(|| "–".into())}</td>
                <td class="desk-payload">{d.payload_id.clone()}</td>
                <td>{status}</td>
                <td class="desk-nowrap">{d.order_number.clone().map(|n| view! { <a href=format!("#/order/{n}")>{n.clone()}</a> })}</td>
                <td class="num">{d.attempts}</td>
                <td>{d.delivered_at.map(|s| when(s, l)).unwrap_or_else(|| delivery(d.direction, d.delivered_at, d.next_attempt, l).to_owned())}</td>
            </tr>
        }
    };
    // Rows worded in the reader's language: built again when it changes.
    let table = move || match (lang.track(), list.get()).1 {
        None => view! { <p role="status">{t("Loading…", "Wird geladen …")}</p> }.into_any(),
        Some(Err(m)) => view! { <p class="desk-problem" role="alert">{m}</p> }.into_any(),
        Some(Ok(docs)) if docs.is_empty() => {
            view! { <p>{t("No documents yet.", "Noch keine Dokumente.")}</p> }.into_any()
        }
        Some(Ok(docs)) => view! {
            <div class="desk-scroll">
            <table class="desk-table" id="document-log">
                <thead><tr>
                    <th scope="col">{t("Time", "Zeit")}</th>
                    <th scope="col">{t("Direction", "Richtung")}</th>
                    <th scope="col">{t("Kind", "Art")}</th>
                    <th scope="col">{t("Organisation", "Organisation")}</th>
                    <th scope="col">{t("Payload id", "Payload-ID")}</th>
                    <th scope="col">{t("Status", "Status")}</th>
                    <th scope="col">{t("Order", "Auftrag")}</th>
                    <th scope="col" class="num">{t("Attempts", "Versuche")}</th>
                    <th scope="col">{t("Delivered", "Zugestellt")}</th>
                </tr></thead>
                <tbody>{docs.into_iter().map(row).collect_view()}</tbody>
            </table>
            </div>
        }
        .into_any(),
    };
    let document = move || opened.get().map(|r| opened_view(r, opened));
    view! {
        <section class="desk-card" aria-labelledby="log-title">
            <h2 id="log-title">{t("Documents in and out", "Ein- und ausgehende Dokumente")}</h2>
            <div class="desk-filters">
                {move || (!organisations.with(Vec::is_empty)).then(|| view! {
                    <label class="desk-field"><span>{t("Organisation", "Organisation")}</span>
                        <select id="log-organisation" prop:value=move || organisation.get() on:change=move |ev| organisation.set(event_target_value(&ev))>
                            <option value="">{t("All", "Alle")}</option>
                            {organisations.get().into_iter().map(|o| view! { <option value=o.id.to_string()>{o.name}</option> }).collect_view()}
                        </select></label>
                })}
                <label class="desk-field"><span>{t("Direction", "Richtung")}</span>
                    <select id="log-direction" prop:value=move || direction.get() on:change=move |ev| direction.set(event_target_value(&ev))>
                        <option value="">{t("Both", "Beide")}</option>
                        <option value="in">{move || direction_name(Direction::In, lang.get())}</option>
                        <option value="out">{move || direction_name(Direction::Out, lang.get())}</option>
                    </select></label>
                <button class="secondary" id="log-reload" on:click=move |_| reload.update(|n| *n += 1)>{t("Reload", "Neu laden")}</button>
            </div>
            {table}
        </section>
        {document}
    }
}

/// A document opened from the log: its text and the answer, and "Close".
fn opened_view(
    r: Result<DocumentText, String>,
    opened: RwSignal<Option<Result<DocumentText, String>>>,
) -> AnyView {
    match r {
            Err(m) => view! { <p class="desk-problem" role="alert">{m}</p> }.into_any(),
            Ok(d) => view! {
                <section class="desk-card" id="document-text" aria-labelledby="document-title">
                    <h3 id="document-title">{format!("{} · {}", d.document.kind, d.document.payload_id)}</h3>
                    <h4>{t("Document", "Dokument")}</h4>
                    <pre class="desk-mail" id="document-body" tabindex="0">{d.body}</pre>
                    <h4>{t("Answer", "Antwort")}</h4>
                    <pre class="desk-mail" id="document-answer" tabindex="0">{d.answer.unwrap_or_else(|| "–".into())}</pre>
                    <button class="secondary" on:click=move |_| opened.set(None)>{t("Close", "Schließen")}</button>
                </section>
            }
            .into_any(),
    }
}
