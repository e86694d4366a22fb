use configurator_api::accounts::QuoteApproval;
use configurator_api::links::{LinkAnswer, LinkList, NewLink};
use configurator_api::quotes::{
    Action, ActionAnswer, AuditLog, CatalogUpdate, Comment, QuoteAnswer, QuoteDetail, QuoteStatus,
    Revisions,
};
use configurator_engine::quote::Quote;
use leptos::prelude::*;

use super::api::{self, ApiProblem};
use super::quote_list::status_name;
use super::reprice::{configurator_link, repriced, REVISE_KEY};
use super::words;
use crate::components::bill_of_materials::BillOfMaterials;
use crate::i18n::{t, use_lang, Lang};

/// One quote as the desk gives it.
#[derive(Clone, Debug, PartialEq)]
struct Detail {
    number: String,
    status: QuoteStatus,
    revision: i64,
    owner: bool,
    owner_name: String,
    actions: Vec<Action>,
    approval: QuoteApproval,
    newer_catalog: Option<CatalogUpdate>,
    quote: Quote,
}

impl Detail {
    fn of(v: QuoteDetail) -> Detail {
        Detail {
            number: v.summary.number,
            status: v.summary.status,
            revision: v.summary.revision,
            owner: v.owner,
            owner_name: v.summary.owner,
            actions: v.actions,
            approval: v.approval,
            newer_catalog: v.catalog_update,
            quote: v.quote.0,
        }
    }
}

/// What a newer catalog version would change in the quote, as lines of text.
fn update_lines(u: &CatalogUpdate, lang: Lang) -> Vec<String> {
    let mut lines: Vec<String> = u
        .no_longer_offered
        .iter()
        .map(|item| {
            lang.pick(
                format!("no longer offered: {item}"),
                format!("nicht mehr angeboten: {item}"),
            )
        })
        .collect();
    lines.extend(u.changed.iter().map(|c| words::change(c, lang)));
    lines.extend(u.problem.clone());
    lines
}

/// One quote: its status and what the user may do next, the deal discounts (its owner edits
/// them into a new revision), the bill of materials, customer links, the history with what
/// each revision changed, and the audit log.
#[component]
pub fn QuotePage(number: String) -> impl IntoView {
    let lang = use_lang();
    let reload = RwSignal::new(0u32);
    let data = RwSignal::new(None::<Result<(Detail, Revisions, LinkList, AuditLog), ApiProblem>>);
    let n = number.clone();
    Effect::new(move |_| {
        reload.track();
        let n = n.clone();
        leptos::task::spawn_local(async move {
            let one = async {
                let d: QuoteDetail = api::get_typed(&format!("/api/quotes/{n}")).await?;
                let h: Revisions = api::get_typed(&format!("/api/quotes/{n}/revisions")).await?;
                let l: LinkList = api::get_typed(&format!("/api/quotes/{n}/links")).await?;
                let a: AuditLog = api::get_typed(&format!("/api/quotes/{n}/audit")).await?;
                Ok((Detail::of(d), h, l, a))
            };
            data.set(Some(one.await));
        });
    });
    let message = RwSignal::new(String::new());
    let problem = RwSignal::new(String::new());
    // The customer link just made: kept while the page reloads the quote.
    let made = RwSignal::new(String::new());
    let details = RwSignal::new(Vec::<String>::new());
    let comment = RwSignal::new(String::new());
    let report = move |r: Result<(), ApiProblem>, done: String| match r {
        Ok(_) => {
            message.set(done);
            problem.set(String::new());
            details.set(Vec::new());
            reload.update(|n| *n += 1);
        }
        Err(p) => {
            message.set(String::new());
            problem.set(super::problem_words::problem_text(&p, lang.get_untracked()));
            details.set(p.details);
        }
    };
    let number2 = StoredValue::new(number.clone());
    let act = move |action: Action| {
        let path = format!(
            "/api/quotes/{}/actions/{}",
            number2.get_value(),
            action.name()
        );
        let body = Comment {
            comment: comment.get_untracked(),
        };
        leptos::task::spawn_local(async move {
            let r = api::post_typed::<_, ActionAnswer>(&path, &body).await;
            if r.is_ok() {
                comment.set(String::new());
            }
            let done = match (r.as_ref().ok(), lang.get_untracked()) {
                (Some(v), l) => {
                    let status = v.quote.status;
                    match l {
                        Lang::En => format!(
                            "Done: the quote is now {}.",
                            status_name(status, l).to_lowercase()
                        ),
                        Lang::De => format!(
                            "Erledigt: das Angebot ist jetzt {}.",
                            status_name(status, l)
                        ),
                    }
                }
                (None, _) => String::new(),
            };
            report(r.map(|_| ()), done);
        });
    };
    view! {
        <p class="no-print"><a href="#/">{t("← All quotes", "← Alle Angebote")}</a></p>
        {move || match data.get() {
            None => view! { <p role="status">{t("Loading…", "Wird geladen …")}</p> }.into_any(),
            Some(Err(p)) => view! { <p class="desk-problem" role="alert">{super::problem_words::problem_text(&p, lang.get())}</p> }.into_any(),
            Some(Ok((d, history, links, audit))) => {
                let l = lang.get();
                let actions = d.actions.clone();
                view! {
                    <section class="desk-card" aria-labelledby="quote-title">
                        <h1 id="quote-title">{format!("{} · {}", d.number, d.quote.meta.customer)}</h1>
                        <p id="quote-status" role="status">{status_line(&d, l)}</p>
                        <p id="quote-meta">{prepared_and_valid(&d.quote, l)}</p>
                        <super::renewal_notice::RenewalNotice number=d.number.clone() />
                        <super::approval_badge::ApprovalBadge approval=d.approval.clone() status=d.status revision=d.revision />
                        {d.newer_catalog.clone().map(|update| view! { <CatalogUpdate update /> })}
                        <ActionButtons actions comment act />
                        <super::renew_button::RenewButton number=d.number.clone()
                            primary=d.actions.is_empty() && matches!(d.status, QuoteStatus::Accepted | QuoteStatus::Rejected | QuoteStatus::Expired) />
                        <p class="desk-message" role="status" id="quote-message">{move || message.get()}</p>
                        <p class="desk-problem" role="alert" id="quote-problem">{move || problem.get()}</p>
                        <ul class="desk-details">{move || details.get().into_iter().map(|x| view! { <li>{x}</li> }).collect_view()}</ul>
                    </section>
                    {(d.status == QuoteStatus::Accepted).then(|| view! { <super::place_order::PlaceOrderCard number=d.number.clone() revision=d.revision account=d.approval.account.as_ref().map(|a| a.id) /> })}
                    {(d.owner && !matches!(d.status, QuoteStatus::Accepted | QuoteStatus::Rejected | QuoteStatus::Expired)).then(|| {
                        view! { <DealEditor detail=d.clone() on_done=report /> }
                    })}
                    <section class="desk-card" aria-labelledby="bom-title">
                        <h2 id="bom-title">{t("Bill of materials", "Stückliste")}</h2>
                        <BillOfMaterials quote=d.quote.clone() lang=l />
                        <p class="desk-exports no-print">
                            <a href=format!("/api/quotes/{}/quote.csv", d.number) download="">{t("Download CSV", "CSV herunterladen")}</a>
                            " · "
                            <a href=format!("/api/quotes/{}/quote.pdf", d.number) target="_blank">{t("Quote as PDF (the customer's language)", "Angebot als PDF (Sprache des Kunden)")}</a>
                            " · "
                            <a href=format!("/api/quotes/{}/revisions/{}", d.number, d.revision) download="">{t("Download JSON", "JSON herunterladen")}</a>
                            " · "
                            <button class="secondary" on:click=move |_| crate::browser::print()>{t("Print or save as PDF", "Drucken oder als PDF speichern")}</button>
                        </p>
                    </section>
                    {(d.owner && d.status == QuoteStatus::Sent).then(|| view! { <Links number=d.number.clone() links=links.clone() made on_done=report /> })}
                    <History history=history.clone() audit=audit.clone() records=d.approval.records.clone() />
                }
                .into_any()
            }
        }}
    }
}

/// What the user may do with the quote now, with a comment for the audit log.
#[component]
fn ActionButtons(
    actions: Vec<Action>,
    comment: RwSignal<String>,
    act: impl Fn(Action) + Copy + 'static,
) -> impl IntoView {
    let l = use_lang().get_untracked();
    // Recording the customer's decline is final: asked first.
    let confirming = RwSignal::new(false);
    let act_later = StoredValue::new_local(act);
    (!actions.is_empty()).then(|| {
        view! {
            <div class="desk-actions no-print">
                <label for="action-comment">{t("Comment (a rejection needs one)", "Kommentar (für eine Ablehnung nötig)")}</label>
                <textarea id="action-comment" rows="2" prop:value=move || comment.get()
                    on:input=move |e| comment.set(event_target_value(&e))></textarea>
                <div class="desk-buttons">
                    {actions.into_iter().map(|a| {
                        let label = action_label(a, l);
                        let id = format!("action-{}", a.name());
                        let class = if matches!(a, Action::Decline | Action::Reject) { "secondary" } else { "primary" };
                        view! { <button class=class id=id on:click=move |_| {
                            if a == Action::Decline { confirming.set(true) } else { act(a) }
                        }>{label}</button> }
                    }).collect_view()}
                </div>
                {move || confirming.get().then(|| view! {
                    <super::confirm_action::ConfirmAction id="decline".to_owned()
                        question=("Record that the customer declined? The quote is then final: it cannot be revised or sent again (you can still renew it).".to_owned(),
                            "Erfassen, dass der Kunde abgelehnt hat? Das Angebot ist dann abgeschlossen: Es kann nicht mehr überarbeitet oder erneut versendet werden (erneuern geht weiterhin).".to_owned())
                        yes=("Yes, the customer declined".to_owned(), "Ja, der Kunde hat abgelehnt".to_owned())
                        confirming on_yes=move || act_later.with_value(|f| f(Action::Decline)) />
                })}
            </div>
        }
    })
}

/// What the newest version of the quote's catalog would change in it.
#[component]
fn CatalogUpdate(update: CatalogUpdate) -> impl IntoView {
    let l = use_lang().get_untracked();
    let v = update.version.clone();
    let lines = update_lines(&update, l);
    view! {
        <div class="notice" id="catalog-update">
            <p>{match l {
                Lang::En => format!("The catalog has a newer version ({v}). Under it, this quote would change:"),
                Lang::De => format!("Der Katalog hat eine neuere Version ({v}). Damit würde sich dieses Angebot ändern:"),
            }}</p>
            <ul>{lines.into_iter().map(|x| view! { <li>{x}</li> }).collect_view()}</ul>
        </div>
    }
}

/// "Draft · revision 2 · owner rita".
fn status_line(d: &Detail, l: Lang) -> String {
    let status = status_name(d.status, l);
    match l {
        Lang::En => format!(
            "{status} · revision {} · owner {}",
            d.revision, d.owner_name
        ),
        Lang::De => format!(
            "{status} · Revision {} · verantwortlich {}",
            d.revision, d.owner_name
        ),
    }
}

/// "Prepared by rita · valid until Jan 6, 2027" (the desk fills both for a new quote).
fn prepared_and_valid(q: &Quote, l: Lang) -> String {
    let by = &q.meta.prepared_by;
    match (&q.meta.valid_until, l) {
        (Some(d), Lang::En) => format!(
            "Prepared by {by} · valid until {}",
            crate::format::date(d, l)
        ),
        (Some(d), Lang::De) => format!(
            "Erstellt von {by} · gültig bis {}",
            crate::format::date(d, l)
        ),
        (None, Lang::En) => format!("Prepared by {by}"),
        (None, Lang::De) => format!("Erstellt von {by}"),
    }
}

fn action_label(action: Action, l: Lang) -> String {
    let (en, de) = match action {
        Action::Submit => ("Submit", "Einreichen"),
        Action::Approve => ("Approve", "Freigeben"),
        Action::Reject => ("Reject", "Zurückweisen"),
        Action::Send => ("Mark as sent", "Als versendet markieren"),
        Action::Decline => ("Customer declined", "Kunde hat abgelehnt"),
    };
    l.pick(en, de).to_owned()
}

/// The deal discounts of a quote (one for every line, and per line), saved as a new revision
/// priced by the engine here and checked again by the desk.
#[component]
fn DealEditor(
    detail: Detail,
    on_done: impl Fn(Result<(), ApiProblem>, String) + Copy + 'static,
) -> impl IntoView {
    let lang = use_lang();
    let q = detail.quote.clone();
    let whole = RwSignal::new(q.context.deal.clone().unwrap_or_default());
    let lines = RwSignal::new(q.context.deal_lines.clone());
    let problem = RwSignal::new(String::new());
    let base = detail.revision;
    let number = detail.number.clone();
    let preview_number = detail.number.clone();
    // Opens the configuration in the configurator; its "Save to quote desk" comes back here
    // as the next revision (the desk's upload page reads which quote from this tab's storage).
    let (q2, n2) = (q.clone(), number.clone());
    let change = move |_| {
        let (q2, n2) = (q2.clone(), n2.clone());
        leptos::task::spawn_local(async move {
            match configurator_link(&q2).await {
                Ok(link) => {
                    if let Ok(Some(s)) = window().session_storage() {
                        let _ = s.set_item(REVISE_KEY, &format!("{n2} {base}"));
                    }
                    let _ = window().location().assign(&link);
                }
                Err(m) => problem.set(m),
            }
        });
    };
    let save = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let mut context = q.context.clone();
        let w = whole.get_untracked();
        context.deal = (!w.trim().is_empty()).then(|| w.trim().to_owned());
        context.deal_lines = lines
            .get_untracked()
            .into_iter()
            .filter(|(_, v)| !v.trim().is_empty())
            .map(|(k, v)| (k, v.trim().to_owned()))
            .collect();
        let path = format!("/api/quotes/{number}/revisions?base={base}");
        let q = q.clone();
        leptos::task::spawn_local(async move {
            let fresh = match repriced(&q, context).await {
                Ok(f) => f,
                Err(m) => {
                    problem.set(m);
                    return;
                }
            };
            problem.set(String::new());
            let r = api::send_text::<QuoteAnswer>("POST", &path, fresh.to_json()).await;
            on_done(
                r.map(|_| ()),
                lang.get_untracked()
                    .pick("Saved as a new revision.", "Als neue Revision gespeichert.")
                    .to_owned(),
            );
        });
    };
    let rows = detail
        .quote
        .lines
        .iter()
        .map(|l| {
            let key = l.item.clone();
            let id = format!("deal-{}", key.replace('.', "-"));
            let k2 = key.clone();
            view! {
                <div class="desk-field">
                    <label for=id.clone()>{format!("{} ({})", l.name, l.sku)}</label>
                    <input id=id inputmode="decimal" size="6"
                        prop:value=move || lines.with(|m| m.get(&key).cloned().unwrap_or_default())
                        on:input=move |e| { let v = event_target_value(&e); lines.update(|m| { m.insert(k2.clone(), v); }); } />
                </div>
            }
        })
        .collect_view();
    view! {
        <form class="desk-card no-print" aria-labelledby="deal-title" on:submit=save>
            <h2 id="deal-title">{t("Deal discount", "Sonderrabatt")}</h2>
            <p>{t(
                "Taken after the partner discount, in percent. A line's own value replaces the quote's. Above your limit, the quote needs a manager's approval.",
                "Nach dem Partnerrabatt, in Prozent. Der Wert einer Zeile ersetzt den des Angebots. Über Ihrem Limit muss ein Manager das Angebot freigeben.",
            )}</p>
            <div class="desk-field">
                <label for="deal-all">{t("Every line (%)", "Alle Zeilen (%)")}</label>
                <input id="deal-all" inputmode="decimal" size="6" prop:value=move || whole.get()
                    on:input=move |e| whole.set(event_target_value(&e)) />
            </div>
            <details>
                <summary>{t("Per line (%)", "Je Zeile (%)")}</summary>
                <div class="desk-deal-lines">{rows}</div>
            </details>
            <super::deal_preview::DealPreviewLine number=preview_number whole lines />
            <div class="desk-buttons">
                <button class="secondary" type="submit" id="save-deal">{t("Save as new revision", "Als neue Revision speichern")}</button>
                <button class="secondary" type="button" id="change-configuration" on:click=change>{t("Change the configuration", "Konfiguration ändern")}</button>
            </div>
            <p class="desk-problem" role="alert">{move || problem.get()}</p>
        </form>
    }
}

/// Customer links of a sent quote: make one (its address shown once, to copy), revoke.
#[component]
fn Links(
    number: String,
    links: LinkList,
    made: RwSignal<String>,
    on_done: impl Fn(Result<(), ApiProblem>, String) + Copy + 'static,
) -> impl IntoView {
    let lang = use_lang();
    let days = RwSignal::new("30".to_owned());
    let email = RwSignal::new(String::new());
    let customer_lang = RwSignal::new("en".to_owned());
    let done_later = StoredValue::new_local(on_done);
    let n = number.clone();
    let make = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let days: i64 = days.get_untracked().trim().parse().unwrap_or(0);
        let path = format!("/api/quotes/{n}/links");
        leptos::task::spawn_local(async move {
            let email = email.get_untracked().trim().to_owned();
            let body = NewLink {
                days,
                email: (!email.is_empty()).then_some(email),
                lang: Some(customer_lang.get_untracked()),
            };
            let r = api::post_typed::<_, LinkAnswer>(&path, &body).await;
            if let Ok(v) = &r {
                let token = v.link.token.clone().unwrap_or_default();
                let origin = window().location().origin().unwrap_or_default();
                made.set(format!("{origin}/desk/#customer={token}"));
            }
            on_done(
                r.map(|_| ()),
                lang.get_untracked()
                    .pick(
                        "Link made: copy it now, it is shown once.",
                        "Link erstellt: jetzt kopieren, er wird nur einmal gezeigt.",
                    )
                    .to_owned(),
            );
        });
    };
    let rows = links.links.into_iter().map(|l| {
        let id = l.id;
        let revoked = l.revoked_at.is_some();
        let path = format!("/api/quotes/{number}/links/{id}");
        // Revoking shuts the customer out at once: asked first.
        let confirming = RwSignal::new(false);
        let path = StoredValue::new(path);
        let revoke = move || {
            let path = path.get_value();
            leptos::task::spawn_local(async move {
                let r = api::call_empty("DELETE", &path).await;
                done_later.with_value(|f| f(r, lang.get_untracked().pick("Link revoked.", "Link widerrufen.").to_owned()));
            });
        };
        view! {
            <li>
                {format!("#{id} · r{} · {} → {}", l.revision, words::time(&l.created_at, lang.get_untracked()), words::time(&l.expires_at, lang.get_untracked()))}
                {if revoked {
                    view! { <span class="desk-badge">{t("revoked", "widerrufen")}</span> }.into_any()
                } else {
                    view! { <button class="secondary" on:click=move |_| confirming.set(true) aria-label=format!("{} {id}", lang.get_untracked().pick("Revoke link", "Link widerrufen"))>{t("Revoke", "Widerrufen")}</button> }.into_any()
                }}
                {move || confirming.get().then(|| view! {
                    <super::confirm_action::ConfirmAction id=format!("revoke-{id}")
                        question=(format!("Revoke link {id}? The customer can no longer open the quote with it."),
                            format!("Link {id} widerrufen? Der Kunde kann das Angebot damit nicht mehr öffnen."))
                        yes=("Yes, revoke it".to_owned(), "Ja, widerrufen".to_owned())
                        confirming on_yes=revoke />
                })}
            </li>
        }
    }).collect_view();
    view! {
        <section class="desk-card no-print" aria-labelledby="links-title">
            <h2 id="links-title">{t("Customer links", "Kundenlinks")}</h2>
            <form class="desk-filters" on:submit=make>
                <div class="desk-field">
                    <label for="link-days">{t("Open for days", "Offen für Tage")}</label>
                    <input id="link-days" inputmode="numeric" size="4" prop:value=move || days.get()
                        on:input=move |e| days.set(event_target_value(&e)) />
                </div>
                <div class="desk-field">
                    <label for="link-email">{t("Mail it to (optional)", "Per E-Mail an (optional)")}</label>
                    <input id="link-email" type="email" size="28" prop:value=move || email.get()
                        on:input=move |e| email.set(event_target_value(&e)) />
                </div>
                <div class="desk-field">
                    <label for="link-lang">{t("Customer's language", "Sprache des Kunden")}</label>
                    <select id="link-lang" on:change=move |e| customer_lang.set(event_target_value(&e))>
                        <option value="en" selected=move || customer_lang.get() == "en">"English"</option>
                        <option value="de" selected=move || customer_lang.get() == "de">"Deutsch"</option>
                    </select>
                </div>
                <button class="primary" type="submit" id="make-link">{t("Make a customer link", "Kundenlink erstellen")}</button>
            </form>
            {move || (!made.get().is_empty()).then(|| view! {
                <p>
                    <label for="customer-link">{t("Customer link", "Kundenlink")}</label>
                    <input id="customer-link" readonly size="60" prop:value=move || made.get() />
                    <button class="secondary" on:click=move |_| crate::browser::copy(&made.get_untracked())>{t("Copy", "Kopieren")}</button>
                </p>
            })}
            <ul class="desk-links">{rows}</ul>
        </section>
    }
}

/// Every revision with what it changed, and who did what.
#[component]
fn History(
    history: Revisions,
    audit: AuditLog,
    records: Vec<configurator_api::accounts::ApprovalRecord>,
) -> impl IntoView {
    let lang = use_lang();
    let l = lang.get_untracked();
    let items = history
        .revisions
        .iter()
        .rev()
        .map(|r| {
            let changes: Vec<String> = r.changed.iter().map(|c| words::change(c, l)).collect();
            view! {
                <li>
                    <strong>{format!("Revision {} · {} · {}", r.revision, r.author, words::time(&r.created_at, l))}</strong>
                    <ul>{changes.into_iter().map(|c| view! { <li>{c}</li> }).collect_view()}</ul>
                </li>
            }
        })
        .collect_view();
    let log = audit
        .entries
        .iter()
        .map(|e| {
            let line = words::audit_line(e, &records, l);
            view! { <li>{line}</li> }
        })
        .collect_view();
    view! {
        <section class="desk-card" aria-labelledby="history-title">
            <h2 id="history-title">{t("History", "Verlauf")}</h2>
            <ol class="desk-history" id="history">{items}</ol>
            <h3>{t("Audit log", "Protokoll")}</h3>
            <ul class="desk-audit" id="audit">{log}</ul>
        </section>
    }
}
