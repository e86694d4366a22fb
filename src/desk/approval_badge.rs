//! Where a quote stands against its account's entitled price, and who approved it.

use configurator_api::accounts::{ApprovalRecord, QuoteApproval};
use leptos::prelude::*;

use crate::i18n::{t, use_lang, Lang};

/// A role as the pages name it.
pub fn role_name(role: &str, l: Lang) -> String {
    let (en, de) = match role {
        "rep" => ("rep", "Vertrieb"),
        "manager" => ("manager", "Manager"),
        "director" => ("director", "Direktion"),
        "admin" => ("admin", "Administration"),
        other => (other, other),
    };
    l.pick(en, de).to_owned()
}

/// "a manager", "an admin"; in German the role alone.
pub fn a_role(role: &str, l: Lang) -> String {
    match l {
        Lang::En if role.starts_with(['a', 'e', 'i', 'o', 'u']) => format!("an {role}"),
        Lang::En => format!("a {role}"),
        Lang::De => role_name(role, l),
    }
}

/// The badge's text: approved (by whom, how deep, above which limit, why), waiting for a level,
/// or above every limit; `None` when there is nothing to say.
pub fn badge_text(a: &QuoteApproval, status: &str, revision: i64, l: Lang) -> Option<String> {
    let approved = a
        .records
        .iter()
        .rev()
        .find(|r| r.revision == revision)
        .filter(|r| r.decision == "approved" && status != "draft" && status != "submitted");
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
    let needs = a.needs.as_deref()?;
    Some(match l {
        Lang::En => format!(
            "{}% below the entitled price; needs approval by {} (above the {} limit of {}%)",
            a.depth,
            a_role(needs, l),
            a.owner_role,
            a.owner_limit
        ),
        Lang::De => format!(
            "{} % unter dem vertraglichen Preis; Freigabe durch {} nötig (über dem Limit für {} \
             von {} %)",
            a.depth,
            a_role(needs, l),
            role_name(&a.owner_role, l),
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
    match (l, r.decision.as_str()) {
        (Lang::En, "approved") => format!(
            "Approved by {} ({}), {}% below the entitled price, above the {} limit of {}%{comment}",
            r.approver, r.approver_role, r.depth, r.above_role, r.above_limit
        ),
        (Lang::En, _) => format!(
            "Rejected by {} ({}), {}% below the entitled price, above the {} limit of {}%{comment}",
            r.approver, r.approver_role, r.depth, r.above_role, r.above_limit
        ),
        (Lang::De, "approved") => format!(
            "Freigegeben von {} ({}), {} % unter dem vertraglichen Preis, über dem Limit für {} \
             von {} %{comment}",
            r.approver,
            role_name(&r.approver_role, l),
            r.depth,
            role_name(&r.above_role, l),
            r.above_limit
        ),
        (Lang::De, _) => format!(
            "Zurückgewiesen von {} ({}), {} % unter dem vertraglichen Preis, über dem Limit für \
             {} von {} %{comment}",
            r.approver,
            role_name(&r.approver_role, l),
            r.depth,
            role_name(&r.above_role, l),
            r.above_limit
        ),
    }
}

/// The quote's account, its depth below the entitled price with the level that must approve
/// it (or who approved it), and every approval and rejection it had.
#[component]
pub fn ApprovalBadge(approval: QuoteApproval, status: String, revision: i64) -> impl IntoView {
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
            a.with_value(|a| badge_text(a, &status, revision, l))
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
