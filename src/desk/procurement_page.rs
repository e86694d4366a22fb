//! The procurement page (`#/procurement`): admins keep the buyer organisations' PunchOut
//! settings (credentials, secret rotation, URLs) and test them; admins and the order desk read
//! the log of every cXML and OCI document in and out.

use configurator_api::procurement::{Organisation, Organisations};
use configurator_api::session::Role;
use leptos::prelude::*;

use super::api;
use super::document_log::DocumentLog;
use super::org_form::{OrgForm, Saved};
use super::procurement_words::when;
use super::rotate_secret::{RotateSecret, SecretShown};
use super::test_setup::TestSetupForm;
use crate::i18n::{t, use_lang, Lang};

/// What the form edits: nothing, a new organisation, or one of the list.
#[derive(Clone, Debug, PartialEq)]
enum Editing {
    None,
    New,
    Org(Box<Organisation>),
}

/// The page: the organisations (admins) and the document log.
#[component]
pub fn ProcurementPage() -> impl IntoView {
    let session: super::Session = expect_context();
    let admin = Memo::new(move |_| {
        session
            .0
            .with(|s| s.as_ref().is_some_and(|m| m.role == Role::Admin))
    });
    let organisations = RwSignal::new(Vec::<Organisation>::new());
    let log_reload = RwSignal::new(0u32);
    view! {
        <section class="desk-card" aria-labelledby="procurement-title">
            <h1 id="procurement-title">{t("Procurement systems", "Beschaffungssysteme")}</h1>
            <p class="desk-note">{t(
                "Buyer organisations shop from their procurement system (cXML PunchOut or SAP OCI) at their account's contract prices; their purchase orders become orders of the order desk.",
                "Einkaufsorganisationen kaufen aus ihrem Beschaffungssystem (cXML-PunchOut oder SAP OCI) zu den Vertragspreisen ihres Kontos; ihre Bestellungen werden Aufträge des Auftragsdesks.",
            )}</p>
        </section>
        {move || admin.get().then(|| view! { <OrgList organisations log_reload /> })}
        <DocumentLog organisations=organisations.into() reload=log_reload />
    }
}

/// The organisations' table, the form of the one edited, its secret rotation and its test (a
/// test reads the log again: `log_reload`).
#[component]
fn OrgList(organisations: RwSignal<Vec<Organisation>>, log_reload: RwSignal<u32>) -> impl IntoView {
    let lang = use_lang();
    let reload = RwSignal::new(0u32);
    let problem = RwSignal::new(String::new());
    let editing = RwSignal::new(Editing::None);
    let message = RwSignal::new(String::new());
    let secret = RwSignal::new(None::<String>);
    Effect::new(move |_| {
        reload.track();
        leptos::task::spawn_local(async move {
            match api::get_typed::<Organisations>("/api/procurement/organisations").await {
                Ok(o) => {
                    // The one being edited, as stored now.
                    editing.update(|e| {
                        if let Editing::Org(old) = e {
                            if let Some(now) = o.organisations.iter().find(|x| x.id == old.id) {
                                **old = now.clone();
                            }
                        }
                    });
                    organisations.set(o.organisations);
                }
                Err(p) => problem.set(super::problem_words::problem_text(&p, lang.get_untracked())),
            }
        });
    });
    let on_saved = Callback::new(move |(name, new_secret): Saved| {
        message.set(match lang.get_untracked() {
            Lang::En => format!("Saved organisation “{name}”."),
            Lang::De => format!("Organisation „{name}“ gespeichert."),
        });
        // A new one stays open (its secret rotation and test); an edited one closes.
        match new_secret {
            Some(n) => {
                secret.set(Some(n.shared_secret));
                editing.set(Editing::Org(Box::new(n.organisation)));
            }
            None => {
                secret.set(None);
                editing.set(Editing::None);
            }
        }
        reload.update(|n| *n += 1);
    });
    let row = move |o: Organisation| {
        let l = lang.get_untracked();
        let ids = o
            .identities
            .iter()
            .map(|i| format!("{}: {}", i.domain, i.identity))
            .collect::<Vec<_>>()
            .join(", ");
        let label = format!("{} {}", l.pick("Edit", "Bearbeiten"), o.name);
        let state = if o.disabled {
            l.pick("disabled", "gesperrt")
        } else {
            l.pick("active", "aktiv")
        };
        view! {
            <tr>
                <td>{o.name.clone()}</td>
                <td>{o.account_name.clone()}</td>
                <td>{o.owner_name.clone()}</td>
                <td>{ids}</td>
                <td>{o.form_post_origins.join(", ")}</td>
                <td>{when(o.secret_set_at, l)}</td>
                <td>{state}</td>
                <td><button class="secondary" aria-label=label on:click=move |_| { secret.set(None); editing.set(Editing::Org(Box::new(o.clone()))) }>{t("Edit", "Bearbeiten")}</button></td>
            </tr>
        }
    };
    let edited = move || match editing.get() {
        Editing::None => None,
        Editing::New => Some(view! { <OrgForm org=None on_saved /> }.into_any()),
        Editing::Org(o) => {
            let form_post = o
                .form_post_origins
                .first()
                .map(|h| format!("{h}/"))
                .unwrap_or_default();
            Some(view! {
                <OrgForm org=Some((*o).clone()) on_saved />
                <section class="desk-card" aria-labelledby="org-tools-title">
                    <h2 id="org-tools-title">{format!("{} · {}", o.name, lang.get_untracked().pick("shared secret and test", "Geheimnis und Test"))}</h2>
                    <RotateSecret id=o.id name=o.name.clone() />
                    <TestSetupForm id=o.id form_post on_sent=Callback::new(move |()| log_reload.update(|n| *n += 1)) />
                </section>
            }
            .into_any())
        }
    };
    view! {
        <section class="desk-card" aria-labelledby="orgs-title">
            <h2 id="orgs-title">{t("Buyer organisations", "Einkaufsorganisationen")}</h2>
            <p class="desk-message" role="status" id="org-message">{move || message.get()}</p>
            {move || secret.get().map(|secret| view! { <SecretShown secret /> })}
            <p class="desk-problem" role="alert">{move || problem.get()}</p>
            <div class="desk-scroll">
            <table class="desk-table" id="org-list">
                <thead><tr>
                    <th scope="col">{t("Name", "Name")}</th>
                    <th scope="col">{t("Customer account", "Kundenkonto")}</th>
                    <th scope="col">{t("Owner", "Verantwortlich")}</th>
                    <th scope="col">{t("Credentials", "Kennungen")}</th>
                    <th scope="col">{t("Form-post origins", "Formular-Herkünfte")}</th>
                    <th scope="col">{t("Secret set", "Geheimnis gesetzt")}</th>
                    <th scope="col">{t("State", "Stand")}</th>
                    <th scope="col"><span class="visually-hidden">{t("Actions", "Aktionen")}</span></th>
                </tr></thead>
                <tbody>{move || { lang.track(); organisations.get().into_iter().map(row).collect_view() }}</tbody>
            </table>
            </div>
            <button class="primary" id="org-new" on:click=move |_| { secret.set(None); editing.set(Editing::New) }>
                {t("Add a buyer organisation", "Einkaufsorganisation hinzufügen")}
            </button>
        </section>
        {edited}
    }
}
