//! The quote desk's pages: a second bundle (`desk/index.html`, binary `configurator-desk`),
//! loaded only by people who use the desk, so the customer's configurator stays small.
//!
//! Pages follow the address's fragment: `#/` the quotes, `#/quote/NUMBER` one quote,
//! `#/accounts` the customer accounts,
//! `#upload=KEY` a quote saved in this browser to upload, `#customer=TOKEN` a customer's
//! read-only view (the token stays in the fragment: never sent in a `Referer` or a log),
//! `#/people` the admins' people page, `#/account` one's own account, `#reset=TOKEN` a
//! one-time password reset link, `#/orders` the orders, `#/order/NUMBER` one order, `#/procurement` the procurement systems
//! (buyer organisations, the cXML and OCI document log), and
//! `#/portal…` the buyer's portal ([`portal`], its own top bar and session). The desk decides everything (who may do what, prices,
//! numbers); these pages show its answers.

mod access_links;
mod access_words;
mod account;
mod account_form;
mod account_picker;
mod accounts_page;
mod add_person;
pub mod api;
mod approval_badge;
mod confirm_action;
mod confirm_disable;
mod contacts_editor;
mod customer;
mod deal_preview;
mod document_log;
mod drafts;
mod feedback;
mod filter_field;
mod identities_editor;
mod invite_contact;
mod new_password;
mod order_actions;
mod order_form;
mod order_list;
mod order_page;
mod order_view;
pub mod order_words;
mod org_form;
mod outbox;
mod people;
mod person_row;
mod place_order;
pub mod portal;
mod problem_words;
mod procurement_page;
pub mod procurement_words;
mod quote_list;
mod quote_page;
mod renew_button;
mod renewal_notice;
mod reprice;
mod reset_page;
mod rotate_secret;
mod sign_in;
mod test_setup;
pub mod words;

use configurator_api::session::{Role, Session as SessionAnswer};
use leptos::prelude::*;

use crate::components::language_switch::LanguageSwitch;
use crate::i18n::{self, t, use_lang};

/// Where the page is.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Route {
    /// The list of quotes.
    List,
    /// One quote, by number.
    Quote(String),
    /// Upload a quote saved in this browser (its storage key).
    Upload(String),
    /// A customer link's quote.
    Customer(String),
    /// The admins' people page.
    People,
    /// One's own account.
    Account,
    /// A password reset link's page (its token).
    Reset(String),
    /// The customer accounts.
    Accounts,
    /// The outbox (managers and admins).
    Outbox,
    /// The orders.
    Orders,
    /// One order, by number.
    Order(String),
    /// The procurement systems: buyer organisations (admins) and the document log.
    Procurement,
}

impl Route {
    /// The route of a fragment (`#/quote/Q-2026-000001`, ...).
    pub fn of(hash: &str) -> Route {
        let h = hash.trim_start_matches('#');
        if h == "/accounts" {
            Route::Accounts
        } else if let Some(n) = h.strip_prefix("/quote/") {
            Route::Quote(n.to_owned())
        } else if let Some(k) = h.strip_prefix("upload=") {
            Route::Upload(k.to_owned())
        } else if let Some(t) = h.strip_prefix("customer=") {
            Route::Customer(t.to_owned())
        } else if h == "/people" {
            Route::People
        } else if h == "/account" {
            Route::Account
        } else if let Some(t) = h.strip_prefix("reset=") {
            Route::Reset(t.to_owned())
        } else if h == "/outbox" {
            Route::Outbox
        } else if h == "/orders" {
            Route::Orders
        } else if h == "/procurement" {
            Route::Procurement
        } else if let Some(n) = h.strip_prefix("/order/") {
            Route::Order(n.to_owned())
        } else {
            Route::List
        }
    }
}

fn hash() -> String {
    window().location().hash().unwrap_or_default()
}

/// Goes to a fragment (`#/quote/N`).
pub fn go(fragment: &str) {
    let _ = window().location().set_hash(fragment);
}

/// The signed-in user: name, role, team.
#[derive(Clone, Debug, PartialEq)]
pub struct Me {
    /// Sign-in name.
    pub name: String,
    /// Role.
    pub role: Role,
    /// Team.
    pub team: String,
}

/// The session, shared by the pages: `None` when signed out.
#[derive(Clone, Copy)]
pub struct Session(pub RwSignal<Option<Me>>);

/// Signs in with a session answer (`{user, csrf}`); an answer without a user signs out.
pub fn signed_in(session: Session, answer: SessionAnswer) {
    api::set_csrf(answer.csrf.as_deref().unwrap_or_default());
    session.0.set(answer.user.map(|u| Me {
        name: u.name,
        role: u.role,
        team: u.team,
    }));
}

/// The bundle's root: the buyer's portal on its routes, else the quote desk.
#[component]
pub fn DeskApp() -> impl IntoView {
    i18n::provide();
    let address = RwSignal::new(hash());
    let handle = window_event_listener(leptos::ev::hashchange, move |_| {
        address.set(hash());
    });
    on_cleanup(move || handle.remove());
    let portal_route = Memo::new(move |_| {
        address.track();
        portal::PortalRoute::current()
    });
    let in_portal = Memo::new(move |_| portal_route.get().is_some());
    move || {
        if in_portal.get() {
            view! { <portal::PortalApp route=portal_route /> }.into_any()
        } else {
            view! { <QuoteDesk address /> }.into_any()
        }
    }
}

/// The quote desk: its top bar and the page of the address's route.
#[component]
fn QuoteDesk(
    /// The address's fragment.
    address: RwSignal<String>,
) -> impl IntoView {
    let lang = use_lang();
    let route = Memo::new(move |_| Route::of(&address.get()));
    let session = Session(RwSignal::new(None));
    provide_context(session);
    // None while asking; then whether the desk answered.
    let checked = RwSignal::new(None::<Result<(), String>>);
    leptos::task::spawn_local(async move {
        let result = match api::get_typed::<SessionAnswer>("/api/session").await {
            Ok(answer) => {
                if answer.user.is_some() {
                    signed_in(session, answer);
                }
                Ok(())
            }
            Err(p) if p.unreachable() => Err(p.message),
            Err(_) => Ok(()),
        };
        checked.set(Some(result));
    });
    let sign_out = move |_| {
        leptos::task::spawn_local(async move {
            let _ = api::call_empty("DELETE", "/api/session").await;
            api::set_csrf("");
            session.0.set(None);
        });
    };
    let user = move || {
        session.0.get().map(|me| {
            view! {
                <span class="desk-user">{move || format!("{} · {} · {}", me.name, approval_badge::role_name(me.role, lang.get()), me.team)}</span>
                <button class="secondary" id="sign-out" on:click=sign_out>{t("Sign out", "Abmelden")}</button>
            }
        })
    };
    let page = move || {
        let r = route.get();
        if let Route::Customer(token) = r {
            return view! { <customer::CustomerQuote token /> }.into_any();
        }
        if let Route::Reset(token) = r {
            return view! { <reset_page::ResetPassword token /> }.into_any();
        }
        match (checked.get(), session.0.get()) {
            (None, _) => view! { <p role="status">{t("Connecting to the quote desk…", "Verbindung zum Angebotsdesk …")}</p> }.into_any(),
            (Some(Err(message)), _) => view! {
                <section class="desk-offline" role="alert">
                    <h2>{t("The quote desk cannot be reached", "Der Angebotsdesk ist nicht erreichbar")}</h2>
                    <p>{message}</p>
                    <drafts::Drafts upload=None />
                </section>
            }
            .into_any(),
            (Some(Ok(())), None) => view! { <sign_in::SignIn /> }.into_any(),
            (Some(Ok(())), Some(me)) => match r {
                Route::Quote(number) => view! { <quote_page::QuotePage number /> }.into_any(),
                Route::Upload(key) => view! { <drafts::Drafts upload=Some(key) /> }.into_any(),
                Route::People => view! { <people::People /> }.into_any(),
                Route::Account => view! { <account::Account /> }.into_any(),
                Route::Accounts => view! { <accounts_page::AccountsPage /> }.into_any(),
                Route::Outbox => view! { <outbox::OutboxPage /> }.into_any(),
                Route::Orders => view! { <order_list::OrderList /> }.into_any(),
                Route::Order(number) => view! { <order_page::OrderPage number /> }.into_any(),
                Route::Procurement => view! { <procurement_page::ProcurementPage /> }.into_any(),
                // The order desk sees no quote: its home is the orders.
                _ if me.role == Role::OrderDesk => view! { <order_list::OrderList /> }.into_any(),
                _ => view! {
                    <quote_list::QuoteList />
                    <drafts::Drafts upload=None />
                }
                .into_any(),
            },
        }
    };
    view! {
        <header class="desk-header no-print">
            {move || (!matches!(route.get(), Route::Customer(_))).then(|| view! {
                <a class="desk-home" href="#/">{move || lang.get().pick("Quote desk", "Angebotsdesk")}</a>
                <a href="#/orders" id="nav-orders">{t("Orders", "Aufträge")}</a>
                <a href="#/accounts" id="nav-accounts">{t("Accounts", "Kundenkonten")}</a>
                <a href="/">{t("Configurator", "Konfigurator")}</a>
                <access_links::AccessLinks />
            })}
            {move || session.0.get().filter(|me| !matches!(me.role, Role::Rep | Role::OrderDesk)).map(|_| view! { <a href="#/outbox">{t("Outbox", "Postausgang")}</a> })}
            // Admins keep the procurement systems' settings; the order desk reads their log.
            {move || session.0.get().filter(|me| matches!(me.role, Role::Admin | Role::OrderDesk)).map(|_| view! { <a href="#/procurement" id="nav-procurement">{t("Procurement", "Beschaffung")}</a> })}
            <span class="desk-spacer"></span>
            {user}
            <LanguageSwitch />
        </header>
        <main class="desk">{page}</main>
    }
}
