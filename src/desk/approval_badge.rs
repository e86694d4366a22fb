//! Where a quote stands against its account's entitled price, and who approved it.

use configurator_api::accounts::{ApprovalRecord, Decision, QuoteApproval};
use configurator_api::quotes::QuoteStatus;
use configurator_api::session::Role;
use leptos::prelude::*;

use crate::i18n::{t, use_lang, Lang};

/// A role as the pages name it.
pub fn role_name(role: Role, l: Lang) -> String {
    let (en, de) = match role {
        Role::Rep => ("rep", "Vertrieb"),
        Role::Manager => ("manager", "Manager"),
        Role::Director => ("director", "Direktion"),
        Role::Admin => ("admin", "Administration"),
        Role::OrderDesk => ("order desk", "Auftragsabwicklung"),
    };
    l.pick(en, de).to_owned()
}

/// "a manager", "an admin"; in German the role alone.
pub fn a_role(role: Role, l: Lang) -> String {
    let name = role.name();
    match l {
        Lang::En if name.starts_with(['a', 'e', 'i', 'o', 'u']) => format!("an {name}"),
        Lang::En => format!("a {name}"),
        Lang::De => role_name(role, l),
    }
}

/// The badge's text: approved (by whom, how deep, above which limit, why), waiting for a level,
/// or above every limit; `None` when there is nothing to say.
pub fn badge_text(
    a: &QuoteApproval,
    status: QuoteStatus,
    revision: i64,
    l: Lang,
) -> Option<String> {
    let approved = a
        .records
        .iter()
        .rev()
        .find(|r| r.revision == revision)
        .filter(|r| {
            r.decision == Decision::Approved
                && !matches!(status, QuoteStatus::Draft | QuoteStatus::Submitted)
        });
    if let Some(r) = approved {
        return Some(record_text(r, l));
    }
    if let Some(p) = &a.problem {
        return Some(match l {
            Lang::En => p.clone(),
            Lang::De => format!(
                "{} % unter dem vertraglichen Preis liegt über jedem Freigabelimit: niemand darf \
                 es freigeben. Senken Sie Sonderrabatt oder Partnerstufe.",
                a.depth
            ),
        });
    }
    let needs = a.needs?;
    Some(match l {
        Lang::En => format!(
            "{}% below the entitled price; needs approval by {} (above the {} limit of {}%)",
            a.depth,
            a_role(needs, l),
            a.owner_role.name(),
            a.owner_limit
        ),
        Lang::De => format!(
            "{} % unter dem vertraglichen Preis; Freigabe durch {} nötig (über dem Limit für {} \
             von {} %)",
            a.depth,
            a_role(needs, l),
            role_name(a.owner_role, l),
            a.owner_limit
        ),
    })
}

/// One approval or rejection in words.
pub fn record_text(r: &ApprovalRecord, l: Lang) -> String {
    let comment = if r.comment.is_empty() {
        String::new()
    } else {
        format!(": {}", r.comment)
    };
    let (approver_role, above_role) = (r.approver_role.name(), r.above_role.name());
    match (l, r.decision) {
        (Lang::En, Decision::Approved) => format!(
            "Approved by {} ({approver_role}), {}% below the entitled price, above the \
             {above_role} limit of {}%{comment}",
            r.approver, r.depth, r.above_limit
        ),
        (Lang::En, Decision::Rejected) => format!(
            "Rejected by {} ({approver_role}), {}% below the entitled price, above the \
             {above_role} limit of {}%{comment}",
            r.approver, r.depth, r.above_limit
        ),
        (Lang::De, Decision::Approved) => format!(
            "Freigegeben von {} ({}), {} % unter dem vertraglichen Preis, über dem Limit für {} \
             von {} %{comment}",
            r.approver,
            role_name(r.approver_role, l),
            r.depth,
            role_name(r.above_role, l),
            r.above_limit
        ),
        (Lang::De, Decision::Rejected) => format!(
            "Zurückgewiesen von {} ({}), {} % unter dem vertraglichen Preis, über dem Limit für \
             {} von {} %{comment}",
            r.approver,
            role_name(r.approver_role, l),
            r.depth,
            role_name(r.above_role, l),
            r.above_limit
        ),
    }
}

/// The quote's account, its depth below the entitled price with the level that must approve
/// it (or who approved it), and every approval and rejection it had.
#[component]
pub fn ApprovalBadge(approval: QuoteApproval, status: QuoteStatus, revision: i64) -> impl IntoView {
    let lang = use_lang();
    let a = StoredValue::new(approval);
    let records = a.with_value(|a| a.records.clone());
    let account = a.with_value(|a| a.account.clone());
    view! {
        {account.map(|acc| view! {
            <p id="quote-account">{t("Customer account: ", "Kundenkonto: ")}{acc.name}</p>
        })}
        {move || {
            let l = lang.get();
            a.with_value(|a| badge_text(a, status, revision, l))
                .map(|text| view! { <p class="desk-badge" id="approval-reason">{text}</p> })
        }}
        {(!records.is_empty()).then(|| view! {
            <details id="approval-records">
                <summary>{t("Approvals", "Freigaben")}</summary>
                <ul>
                    <For each=move || records.clone().into_iter().enumerate() key=|(k, _)| *k let:r>
                        <li>{move || format!("{} · r{} · {}", crate::format::local_time(&r.1.at, lang.get()), r.1.revision, record_text(&r.1, lang.get()))}</li>
                    </For>
                </ul>
            </details>
        })}
    }
}
