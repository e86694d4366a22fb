//! Adding or editing one buyer organisation's PunchOut settings.

use configurator_api::access::{NoFields, UserList};
use configurator_api::accounts::{Account, AccountInput};
use configurator_api::procurement::{Identity, NewSecret, Organisation, OrganisationInput};
use configurator_api::session::Role;
use leptos::prelude::*;

use super::account_picker::AccountPicker;
use super::api;
use super::identities_editor::IdentitiesEditor;
use super::procurement_words::lines;
use crate::i18n::{t, use_lang};

/// What a saved form tells the page: the organisation's name, and when it was just made, the
/// organisation as stored with its new shared secret (shown once).
pub type Saved = (String, Option<NewSecret>);

/// The account an organisation buys for, as the picker holds it (the picker finds it in its
/// list by id).
fn picked(org: &Organisation) -> Account {
    Account {
        id: org.account,
        input: AccountInput {
            name: org.account_name.clone(),
            ..Default::default()
        },
        updated_at: String::new(),
    }
}

/// The form's fields, as signals.
#[derive(Clone, Copy)]
struct Fields {
    account: RwSignal<Option<Account>>,
    name: RwSignal<String>,
    owner: RwSignal<String>,
    identities: RwSignal<Vec<(usize, Identity)>>,
    next: RwSignal<usize>,
    origins: RwSignal<String>,
    order_url: RwSignal<String>,
    outbound: RwSignal<String>,
    oci: RwSignal<String>,
    sub_items: RwSignal<bool>,
    disabled: RwSignal<bool>,
}

impl Fields {
    /// The fields of `org`, or of a new organisation (one `NetworkID` credential row).
    fn of(org: Option<&Organisation>) -> Fields {
        let text = |f: fn(&Organisation) -> Option<String>| {
            RwSignal::new(org.and_then(f).unwrap_or_default())
        };
        let start: Vec<Identity> = org.map(|o| o.identities.clone()).unwrap_or_else(|| {
            vec![Identity {
                domain: "NetworkID".into(),
                identity: String::new(),
            }]
        });
        Fields {
            account: RwSignal::new(org.map(picked)),
            name: text(|o| Some(o.name.clone())),
            owner: text(|o| Some(o.owner.to_string())),
            next: RwSignal::new(start.len()),
            identities: RwSignal::new(start.into_iter().enumerate().collect()),
            origins: text(|o| Some(o.form_post_origins.join("\n"))),
            order_url: text(|o| o.order_url.clone()),
            outbound: RwSignal::new(String::new()),
            oci: text(|o| o.oci_username.clone()),
            sub_items: RwSignal::new(org.is_some_and(|o| o.sub_items)),
            disabled: RwSignal::new(org.is_some_and(|o| o.disabled)),
        }
    }

    /// What the admin entered, or `None` without an account and an owner.
    fn input(self) -> Option<OrganisationInput> {
        let (Some(account), Ok(owner)) = (
            self.account.get_untracked(),
            self.owner.get_untracked().parse(),
        ) else {
            return None;
        };
        let optional = |s: String| Some(s.trim().to_owned()).filter(|s| !s.is_empty());
        Some(OrganisationInput {
            name: self.name.get_untracked().trim().to_owned(),
            account: account.id,
            owner,
            identities: self
                .identities
                .get_untracked()
                .into_iter()
                .map(|(_, i)| i)
                .filter(|i| !i.identity.trim().is_empty())
                .collect(),
            form_post_origins: lines(&self.origins.get_untracked()),
            order_url: optional(self.order_url.get_untracked()),
            oci_username: optional(self.oci.get_untracked()),
            sub_items: self.sub_items.get_untracked(),
            outbound_secret: optional(self.outbound.get_untracked()),
            disabled: self.disabled.get_untracked(),
        })
    }
}

/// The form of an organisation (`None`: a new one): name, customer account, owner,
/// credentials, form-post origins, order URL and its secret, OCI user name, sub-items,
/// disabled. The desk checks everything; its refusal names the field.
#[component]
pub fn OrgForm(org: Option<Organisation>, on_saved: Callback<Saved>) -> impl IntoView {
    let lang = use_lang();
    let id = org.as_ref().map(|o| o.id);
    let outbound_set = org.as_ref().is_some_and(|o| o.outbound_secret_set);
    let f = Fields::of(org.as_ref());
    let Fields {
        account,
        name,
        owner,
        identities,
        next,
        origins,
        order_url,
        outbound,
        oci,
        sub_items,
        disabled,
    } = f;
    let users = RwSignal::new(Vec::new());
    leptos::task::spawn_local(async move {
        if let Ok(list) = api::typed::<NoFields, UserList>("GET", "/api/users", None).await {
            users.set(
                list.users
                    .into_iter()
                    .filter(|u| !u.disabled && u.role != Role::OrderDesk)
                    .collect(),
            );
        }
    });
    let problem = RwSignal::new(String::new());
    let save = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let l = lang.get_untracked();
        let Some(body) = f.input() else {
            problem.set(
                l.pick(
                    "Choose the customer account and the owner.",
                    "Wählen Sie das Kundenkonto und den Verantwortlichen.",
                )
                .to_owned(),
            );
            return;
        };
        let saved_name = body.name.clone();
        leptos::task::spawn_local(async move {
            let r = match id {
                Some(id) => {
                    let path = format!("/api/procurement/organisations/{id}");
                    api::send_ignoring("PUT", &path, &body).await.map(|()| None)
                }
                None => api::post_typed::<_, NewSecret>("/api/procurement/organisations", &body)
                    .await
                    .map(Some),
            };
            match r {
                Ok(secret) => {
                    problem.set(String::new());
                    on_saved.run((saved_name, secret));
                }
                Err(p) => problem.set(super::problem_words::problem_text(&p, l)),
            }
        });
    };
    let field = |id: &'static str, label: Signal<&'static str>, value: RwSignal<String>| {
        view! {
            <label class="desk-field"><span>{label}</span>
                <input id=id prop:value=move || value.get() on:input=move |ev| value.set(event_target_value(&ev)) /></label>
        }
    };
    view! {
        <form class="desk-card" id="org-form" on:submit=save>
            <h2>{move || match id {
                Some(_) => lang.get().pick("Edit buyer organisation", "Einkaufsorganisation bearbeiten"),
                None => lang.get().pick("New buyer organisation", "Neue Einkaufsorganisation"),
            }}</h2>
            {field("org-name", t("Name (the PunchOut banner shows it)", "Name (das PunchOut-Banner zeigt ihn)"), name)}
            <AccountPicker selected=account />
            <label class="desk-field"><span>{t("Owner of its quotes and orders", "Verantwortlich für ihre Angebote und Aufträge")}</span>
                <select id="org-owner" prop:value=move || { users.track(); owner.get() } on:change=move |ev| owner.set(event_target_value(&ev))>
                    <option value="">{t("— choose a person —", "— Person wählen —")}</option>
                    <For each=move || users.get() key=|u| u.id let:u>
                        <option value=u.id.to_string()>{format!("{} ({})", u.name, u.team)}</option>
                    </For>
                </select></label>
            <IdentitiesEditor identities next />
            <label class="desk-field"><span>{t(
                "Form-post origins, one per line (https://host[:port]: where carts may be posted)",
                "Herkünfte für Formular-Posts, eine pro Zeile (https://host[:port]: wohin Warenkörbe gesendet werden dürfen)",
            )}</span>
                <textarea id="org-origins" rows="3" prop:value=move || origins.get() on:input=move |ev| origins.set(event_target_value(&ev))></textarea></label>
            {field("org-order-url", t("Order-response URL (confirmations and ship notices)", "URL für Auftragsantworten (Bestätigungen und Versandavis)"), order_url)}
            <label class="desk-field"><span>{move || if outbound_set {
                lang.get().pick("Secret it expects from us (set; empty keeps it)", "Geheimnis, das sie von uns erwartet (gesetzt; leer lässt es)")
            } else {
                lang.get().pick("Secret it expects from us (none set)", "Geheimnis, das sie von uns erwartet (keins gesetzt)")
            }}</span>
                <input id="org-outbound-secret" type="password" autocomplete="off" prop:value=move || outbound.get() on:input=move |ev| outbound.set(event_target_value(&ev)) /></label>
            {field("org-oci-user", t("OCI user name (SAP, empty: none)", "OCI-Benutzername (SAP, leer: keiner)"), oci)}
            <label class="desk-check"><input type="checkbox" id="org-sub-items" prop:checked=move || sub_items.get() on:change=move |ev| sub_items.set(event_target_checked(&ev)) />
                {t("Bill of materials as sub-items of the cart", "Stückliste als Unterpositionen im Warenkorb")}</label>
            <label class="desk-check"><input type="checkbox" id="org-disabled" prop:checked=move || disabled.get() on:change=move |ev| disabled.set(event_target_checked(&ev)) />
                {t("Disabled (every document is refused)", "Gesperrt (jedes Dokument wird abgelehnt)")}</label>
            <p class="desk-problem" role="alert" id="org-problem">{move || problem.get()}</p>
            <button type="submit" class="primary" id="org-save">{t("Save organisation", "Organisation speichern")}</button>
        </form>
    }
}
