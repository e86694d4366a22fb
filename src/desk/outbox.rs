//! The outbox (managers and admins): every message the desk wrote, sent or waiting, with its
//! attempts and the last error. Without SMTP configured this is where messages are read.

use configurator_api::mail::{Outbox, OutboxMessage};
use leptos::prelude::*;

use super::api;
use crate::i18n::{t, use_lang, Lang};

fn state_name(state: &str, lang: Lang) -> &'static str {
    match state {
        "sent" => lang.pick("sent", "gesendet"),
        "failed" => lang.pick("given up", "aufgegeben"),
        _ => lang.pick("waiting", "wartet"),
    }
}

/// The outbox page (`#/outbox`).
#[component]
pub fn OutboxPage() -> impl IntoView {
    let lang = use_lang();
    let outbox = RwSignal::new(None::<Result<Outbox, String>>);
    let load = move || {
        leptos::task::spawn_local(async move {
            let r = api::typed::<(), Outbox>("GET", "/api/outbox", None).await;
            outbox.set(Some(r.map_err(|p| {
                super::problem_words::problem_text(&p, lang.get_untracked())
            })));
        });
    };
    load();
    let row = move |m: OutboxMessage| {
        let l = lang.get_untracked();
        let when = m
            .sent_at
            .clone()
            .or(m.next_attempt.clone())
            .unwrap_or_default();
        view! {
            <tr>
                <td>{m.created_at.clone()}</td>
                <td>{m.recipient.clone()}</td>
                <td>
                    <details>
                        <summary>{m.subject.clone()}</summary>
                        <pre class="desk-mail">{m.body.clone()}</pre>
                    </details>
                </td>
                <td>{m.quote.clone().map(|n| view! { <a href=format!("#/quote/{n}")>{n.clone()}</a> })}</td>
                <td>{state_name(&m.state, l)}</td>
                <td class="num">{m.attempts}</td>
                <td>{when}</td>
                <td>{m.last_error.clone().unwrap_or_default()}</td>
            </tr>
        }
    };
    let body = move || {
        match outbox.get() {
        None => view! { <p role="status">{t("Loading…", "Wird geladen …")}</p> }.into_any(),
        Some(Err(m)) => view! { <p class="desk-problem" role="alert">{m}</p> }.into_any(),
        Some(Ok(o)) => view! {
            {(!o.smtp).then(|| view! {
                <p class="desk-note">{t(
                    "No SMTP server is configured (--smtp): messages wait here and are not sent.",
                    "Kein SMTP-Server eingerichtet (--smtp): Nachrichten warten hier und werden nicht gesendet.",
                )}</p>
            })}
            <table class="desk-table" id="outbox">
                <thead><tr>
                    <th scope="col">{t("Written", "Geschrieben")}</th>
                    <th scope="col">{t("To", "An")}</th>
                    <th scope="col">{t("Subject", "Betreff")}</th>
                    <th scope="col">{t("Quote", "Angebot")}</th>
                    <th scope="col">{t("State", "Stand")}</th>
                    <th scope="col" class="num">{t("Attempts", "Versuche")}</th>
                    <th scope="col">{t("Sent / next attempt", "Gesendet / nächster Versuch")}</th>
                    <th scope="col">{t("Last error", "Letzter Fehler")}</th>
                </tr></thead>
                <tbody>{o.messages.into_iter().map(row).collect_view()}</tbody>
            </table>
        }
        .into_any(),
    }
    };
    view! {
        <section class="desk-card" aria-labelledby="outbox-title">
            <h2 id="outbox-title">{t("Outbox", "Postausgang")}</h2>
            <button class="secondary" on:click=move |_| load()>{t("Reload", "Neu laden")}</button>
            {body}
        </section>
    }
}
