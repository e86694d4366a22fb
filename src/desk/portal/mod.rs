//! The buyer's portal: the customer's own front office, in the desk's bundle under its own
//! fragment routes (`#/portal`, `#/portal/quote/N`, `#/portal/order/N`,
//! `#/portal/welcome/TOKEN`, `#/portal/configurations`, `#/portal/settings`) with its own top
//! bar and its own session (`/api/portal/session`). Served at `/portal/`, the same routes
//! work without the `/portal` prefix in the fragment (`/portal/#/welcome/TOKEN`).

mod configurations;
mod home;
mod order;
mod quote;
mod settings;
mod sign_in;
mod welcome;

use configurator_api::portal::{Buyer, PortalSession};
use leptos::prelude::*;

use super::api;
use crate::components::language_switch::LanguageSwitch;
use crate::i18n::t;

/// Where the buyer is.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PortalRoute {
    /// Home: alerts, quotes and orders.
    Home,
    /// One quote.
    Quote(String),
    /// One order.
    Order(String),
    /// An invitation's page (its token).
    Welcome(String),
    /// Saved configurations.
    Configurations,
    /// Notification choices.
    Settings,
}

/// Whether the page is served at `/portal/` (fragments without the `/portal` prefix).
fn at_portal_path() -> bool {
    window()
        .location()
        .pathname()
        .is_ok_and(|p| p.starts_with("/portal"))
}

impl PortalRoute {
    /// The portal's route of a fragment, `None` when the fragment is the desk's. `under_path`:
    /// the page is served at `/portal/`, where every fragment is the portal's.
    pub fn of(hash: &str, under_path: bool) -> Option<PortalRoute> {
        let h = hash.trim_start_matches('#');
        let rest = match h.strip_prefix("/portal") {
            Some(r) => r,
            None if under_path => h,
            None => return None,
        };
        let rest = rest.trim_start_matches('/');
        Some(if let Some(n) = rest.strip_prefix("quote/") {
            PortalRoute::Quote(n.to_owned())
        } else if let Some(n) = rest.strip_prefix("order/") {
            PortalRoute::Order(n.to_owned())
        } else if let Some(tok) = rest.strip_prefix("welcome/") {
            PortalRoute::Welcome(tok.to_owned())
        } else if rest == "configurations" {
            PortalRoute::Configurations
        } else if rest == "settings" {
            PortalRoute::Settings
        } else {
            PortalRoute::Home
        })
    }

    /// The portal's route of the page's address, if it is one.
    pub fn current() -> Option<PortalRoute> {
        let hash = window().location().hash().unwrap_or_default();
        PortalRoute::of(&hash, at_portal_path())
    }
}

/// A link's fragment to a portal page (`quote/N`, `order/N`, `settings`, or `""` for home),
/// for the address the portal is served at.
pub fn href(page: &str) -> String {
    if at_portal_path() {
        format!("#/{page}")
    } else if page.is_empty() {
        "#/portal".to_owned()
    } else {
        format!("#/portal/{page}")
    }
}

/// The signed-in buyer, shared by the portal's pages: `None` when signed out.
#[derive(Clone, Copy)]
pub struct BuyerSession(pub RwSignal<Option<Buyer>>);

/// Signs in with a portal session answer (an answer without a buyer signs out).
pub fn signed_in(session: BuyerSession, answer: PortalSession) {
    api::set_csrf(answer.csrf.as_deref().unwrap_or_default());
    session.0.set(answer.buyer);
}

/// The portal's root: its top bar (the account, the buyer, sign out, the language) and the
/// page of the route.
#[component]
pub fn PortalApp(
    /// The route, following the address.
    route: Memo<Option<PortalRoute>>,
) -> impl IntoView {
    let session = BuyerSession(RwSignal::new(None));
    provide_context(session);
    let checked = RwSignal::new(None::<Result<(), String>>);
    leptos::task::spawn_local(async move {
        let r = match api::get_typed::<PortalSession>("/api/portal/session").await {
            Ok(answer) => {
                signed_in(session, answer);
                Ok(())
            }
            Err(p) if p.unreachable() => Err(p.message),
            Err(_) => Ok(()),
        };
        checked.set(Some(r));
    });
    let sign_out = move |_| {
        leptos::task::spawn_local(async move {
            let _ = api::call_empty("DELETE", "/api/portal/session").await;
            api::set_csrf("");
            session.0.set(None);
            super::go(&href(""));
        });
    };
    let page = move || {
        let r = route.get().unwrap_or(PortalRoute::Home);
        if let PortalRoute::Welcome(token) = r {
            return view! { <welcome::Welcome token /> }.into_any();
        }
        match (checked.get(), session.0.get()) {
            (None, _) => {
                view! { <p role="status">{t("Connecting…", "Verbindung wird aufgebaut …")}</p> }
                    .into_any()
            }
            (Some(Err(m)), _) => view! { <p class="desk-problem" role="alert">{m}</p> }.into_any(),
            (Some(Ok(())), None) => view! { <sign_in::PortalSignIn /> }.into_any(),
            (Some(Ok(())), Some(_)) => match r {
                PortalRoute::Quote(n) => view! { <quote::PortalQuotePage number=n /> }.into_any(),
                PortalRoute::Order(n) => view! { <order::PortalOrderPage number=n /> }.into_any(),
                PortalRoute::Configurations => {
                    view! { <configurations::Configurations /> }.into_any()
                }
                PortalRoute::Settings => view! { <settings::Settings /> }.into_any(),
                _ => view! { <home::PortalHome /> }.into_any(),
            },
        }
    };
    let buyer = move || {
        session.0.get().map(|b| {
            view! {
                <a href=href("configurations") id="nav-configurations">{t("Saved configurations", "Gespeicherte Konfigurationen")}</a>
                <a href=href("settings") id="nav-settings">{t("Notifications", "Benachrichtigungen")}</a>
                <span class="desk-spacer"></span>
                <span class="desk-user" id="portal-buyer">{format!("{} · {}", b.name, b.account_name)}</span>
                <button class="secondary" id="portal-sign-out" on:click=sign_out>{t("Sign out", "Abmelden")}</button>
            }
        })
    };
    view! {
        <header class="desk-header portal-header no-print">
            <a class="desk-home" href=href("")>{t("Customer portal", "Kundenportal")}</a>
            {buyer}
            {move || session.0.get().is_none().then(|| view! { <span class="desk-spacer"></span> })}
            <LanguageSwitch />
        </header>
        <main class="desk portal">{page}</main>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fragments_name_the_portal_pages_under_desk_and_under_portal() {
        assert_eq!(PortalRoute::of("#/portal", false), Some(PortalRoute::Home));
        assert_eq!(
            PortalRoute::of("#/portal/order/O-2026-000001", false),
            Some(PortalRoute::Order("O-2026-000001".into()))
        );
        assert_eq!(
            PortalRoute::of("#/portal/welcome/abc", false),
            Some(PortalRoute::Welcome("abc".into()))
        );
        assert_eq!(PortalRoute::of("#/quote/Q-1", false), None);
        assert_eq!(PortalRoute::of("#/orders", false), None);
        assert_eq!(
            PortalRoute::of("#/welcome/abc", true),
            Some(PortalRoute::Welcome("abc".into()))
        );
        assert_eq!(
            PortalRoute::of("#/settings", true),
            Some(PortalRoute::Settings)
        );
        assert_eq!(PortalRoute::of("", true), Some(PortalRoute::Home));
    }
}
