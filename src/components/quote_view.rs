use configurator_engine::quote::{self, Quote, QuoteMeta};
use configurator_engine::{share, Currency, Money};
use leptos::prelude::*;

use crate::format;
use crate::i18n::{t, use_lang, Lang};
use crate::state::{AppView, Choices, CurrentEvaluation, CurrentView, EngineCtx, QuoteSettings};

/// The quote: pricing context (price book, partner tier, term), metadata, the bill of
/// materials with major and minor lines and each line's waterfall on demand, totals split into
/// one-time, recurring and contract value; downloads (CSV, JSON), print and a share link.
#[component]
pub fn QuoteView() -> impl IntoView {
    let EngineCtx(engine) = expect_context();
    let choices: Choices = expect_context();
    let CurrentView(view) = expect_context();
    let QuoteSettings { context, meta } = expect_context();
    let lang = use_lang();
    let catalog = engine.catalog();
    let books: Vec<(String, String)> = catalog
        .pricing
        .books
        .iter()
        .map(|b| (b.id.clone(), format!("{} ({})", b.name, b.currency.code())))
        .collect();
    let tiers: Vec<(String, String)> = catalog
        .pricing
        .tiers
        .iter()
        .map(|t| (t.id.clone(), t.name.clone()))
        .collect();
    let terms = catalog.pricing.terms.clone();
    let quote_engine = engine.clone();
    let CurrentEvaluation(evaluation) = expect_context();
    let quote = Memo::new(move |_| {
        let ctx = context.get();
        let m = meta.get();
        let catalog = quote_engine.catalog();
        evaluation.with(|e| {
            choices.with(|c| quote::build_from(catalog, c, e, &ctx, m).map_err(|e| e.to_string()))
        })
    });
    let message = RwSignal::new(String::new());

    let set_book = move |ev: leptos::ev::Event| {
        let v = event_target_value(&ev);
        context.update(|c| c.price_book = Some(v));
    };
    let set_tier = move |ev: leptos::ev::Event| {
        let v = event_target_value(&ev);
        context.update(|c| c.partner_tier = (!v.is_empty()).then_some(v));
    };
    let set_term = move |ev: leptos::ev::Event| {
        let v = event_target_value(&ev).parse().ok();
        context.update(|c| c.term_months = v);
    };
    let meta_field = move |f: fn(&mut QuoteMeta, String)| {
        move |ev: leptos::ev::Event| {
            let v = event_target_value(&ev);
            meta.update(|m| f(m, v));
        }
    };

    let download = move |csv: bool| {
        if let Some(Ok(q)) = quote.try_get() {
            let number = if q.meta.quote_number.is_empty() {
                "quote".to_owned()
            } else {
                q.meta.quote_number.clone()
            };
            let (name, text, mime) = if csv {
                (format!("{number}.csv"), q.to_csv(), "text/csv")
            } else {
                (format!("{number}.json"), q.to_json(), "application/json")
            };
            let l = lang.get_untracked();
            match save_file(&name, &text, mime) {
                Ok(()) => message.set(match l {
                    Lang::En => format!("Downloaded {name}."),
                    Lang::De => format!("{name} heruntergeladen."),
                }),
                Err(()) => message.set(
                    l.pick(
                        "The browser did not allow the download.",
                        "Der Browser hat den Download nicht erlaubt.",
                    )
                    .into(),
                ),
            }
        }
    };
    let share_engine = engine.clone();
    let copy_link = move |_| {
        let catalog = share_engine.catalog();
        let link = choices.with(|c| share::encode(catalog, c));
        let url = window()
            .location()
            .href()
            .ok()
            .and_then(|h| h.split('?').next().map(str::to_owned))
            .unwrap_or_default();
        // The configuration page at its first step, with the product line (and language).
        let first = &catalog.groups()[0].key;
        let full = format!("{url}{}", crate::url::query(None, first, Some(&link)));
        let _ = window().navigator().clipboard().write_text(&full);
        message.set(match lang.get_untracked() {
            Lang::En => format!("Share link copied: {full}"),
            Lang::De => format!("Link zum Teilen kopiert: {full}"),
        });
    };

    let save = move |_| {
        let Some(Ok(q)) = quote.try_get() else { return };
        let name = [&q.meta.quote_number, &q.meta.customer]
            .into_iter()
            .find(|s| !s.is_empty())
            .cloned()
            .unwrap_or_else(|| {
                lang.get_untracked()
                    .pick("Untitled quote", "Angebot ohne Titel")
                    .to_owned()
            });
        let saved = crate::saved::Saved {
            name: name.clone(),
            saved_at: crate::saved::now(),
            quote: q,
        };
        match crate::saved::put(None, &saved) {
            Ok(_) => message.set(match lang.get_untracked() {
                Lang::En => format!("Saved as “{name}”."),
                Lang::De => format!("Gespeichert als „{name}“."),
            }),
            Err(e) => message.set(e.text(lang.get_untracked())),
        }
    };
    let body = move || match quote.get() {
        Err(e) => view! { <p class="status status-conflict" role="alert">{e}</p> }.into_any(),
        Ok(q) => quote_body(q, lang.get()).into_any(),
    };
    let book_options = books
        .into_iter()
        .map(|(id, name)| {
            let selected_id = id.clone();
            let selected =
                move || context.with(|c| c.price_book.as_deref().unwrap_or("list") == selected_id);
            view! { <option value=id selected=selected>{name}</option> }
        })
        .collect_view();
    let tier_options = tiers
        .into_iter()
        .map(|(id, name)| {
            let selected_id = id.clone();
            let selected =
                move || context.with(|c| c.partner_tier.as_deref() == Some(selected_id.as_str()));
            view! { <option value=id selected=selected>{name}</option> }
        })
        .collect_view();
    let first_term = terms.first().copied().unwrap_or(12);
    let term_options = terms
        .into_iter()
        .map(|t| {
            let selected = move || context.with(|c| c.term_months.unwrap_or(first_term) == t);
            let label = move || format!("{t} {}", lang.get().pick("months", "Monate"));
            view! { <option value=t.to_string() selected=selected>{label}</option> }
        })
        .collect_view();
    view! {
        <section class="quote" aria-labelledby="quote-title">
            <div class="quote-head">
                <h2 id="quote-title">{t("Quote", "Angebot")}</h2>
                <button class="secondary small no-print" on:click=move |_| view.set(AppView::Configure)>
                    {t("Back to configuration", "Zurück zur Konfiguration")}
                </button>
            </div>
            <div class="quote-forms">
                <fieldset class="quote-context">
                    <legend>{t("Pricing", "Preise")}</legend>
                    <label>{t("Price book", "Preisliste")} <select id="quote-book" on:change=set_book>{book_options}</select></label>
                    <label>
                        {t("Partner tier", "Partnerstufe")}
                        <select id="quote-tier" on:change=set_tier>
                            <option value="" selected=move || context.with(|c| c.partner_tier.is_none())>{t("None (list price)", "Keine (Listenpreis)")}</option>
                            {tier_options}
                        </select>
                    </label>
                    <label>{t("Term", "Laufzeit")} <select id="quote-term" on:change=set_term>{term_options}</select></label>
                </fieldset>
                <fieldset class="quote-meta">
                    <legend>{t("Quote details", "Angebotsdaten")}</legend>
                    <label>{t("Quote number", "Angebotsnummer")} <input id="quote-number" prop:value=move || meta.with(|m| m.quote_number.clone()) on:input=meta_field(|m, v| m.quote_number = v) /></label>
                    <label>{t("Customer", "Kunde")} <input id="quote-customer" prop:value=move || meta.with(|m| m.customer.clone()) on:input=meta_field(|m, v| m.customer = v) /></label>
                    <label>{t("Prepared by", "Erstellt von")} <input id="quote-prepared-by" prop:value=move || meta.with(|m| m.prepared_by.clone()) on:input=meta_field(|m, v| m.prepared_by = v) /></label>
                    <label>{t("Valid until", "Gültig bis")} <input id="quote-valid-until" type="date" prop:value=move || meta.with(|m| m.valid_until.clone().unwrap_or_default()) on:input=meta_field(|m, v| m.valid_until = (!v.is_empty()).then_some(v)) /></label>
                    <label class="wide">{t("Notes", "Anmerkungen")} <textarea id="quote-notes" prop:value=move || meta.with(|m| m.notes.clone()) on:input=meta_field(|m, v| m.notes = v)></textarea></label>
                </fieldset>
            </div>
            {body}
            <div class="quote-actions no-print">
                <button class="primary" on:click=move |_| download(true)>{t("Download CSV", "CSV herunterladen")}</button>
                <button class="secondary" on:click=move |_| download(false)>{t("Download JSON", "JSON herunterladen")}</button>
                <button class="secondary" on:click=move |_| { let _ = window().print(); }>{t("Print or save as PDF", "Drucken oder als PDF speichern")}</button>
                <button class="secondary" on:click=copy_link>{t("Copy share link", "Link zum Teilen kopieren")}</button>
                <button class="secondary" id="save-quote" on:click=save>{t("Save quote", "Angebot speichern")}</button>
            </div>
            <p class="quote-message" role="status">{move || message.get()}</p>
        </section>
    }
}

/// The priced part of the quote: status, the bill of materials and the totals.
fn quote_body(q: Quote, lang: Lang) -> impl IntoView {
    let w = |en: &'static str, de: &'static str| lang.pick(en, de);
    let currency = Currency::from_code(&q.totals.currency)
        .unwrap_or_else(|| Currency::from_code("USD").expect("USD is a known currency"));
    let show = {
        let currency = currency.clone();
        move |amount: &str| -> String {
            Money::parse(amount, &currency)
                .map(|m| format::money(m, &currency, lang))
                .unwrap_or_else(|_| amount.to_owned())
        }
    };
    let status = match q.status.as_str() {
        "complete" => None,
        "incomplete" => Some(w(
            "This configuration is incomplete: the quote cannot be ordered yet.",
            "Diese Konfiguration ist unvollständig: das Angebot kann noch nicht bestellt werden.",
        )),
        _ => Some(w(
            "This configuration is in conflict: the quote cannot be ordered.",
            "Diese Konfiguration steht im Konflikt: das Angebot kann nicht bestellt werden.",
        )),
    };
    let term = q.context.term_months.unwrap_or(12);
    let rows = q
        .lines
        .iter()
        .map(|l| {
            let open = RwSignal::new(false);
            let discount: Money = l
                .discounts
                .iter()
                .filter_map(|d| Money::parse(&d.amount, &currency).ok())
                .sum();
            let per = l
                .recurring
                .as_deref()
                .map(|r| format!(" / {}", format::period(r, lang)))
                .unwrap_or_default();
            let has_discounts = !l.discounts.is_empty();
            let waterfall_id = format!("waterfall-{}", l.line.replace('.', "-"));
            let steps = l
                .discounts
                .iter()
                .map(|d| {
                    view! {
                        <li><span>{d.name.clone()}</span><span class="amount">{format!("−{}", show(&d.amount))}</span></li>
                    }
                })
                .collect_view();
            let list = show(&l.list);
            let net = show(&l.net);
            let minor = l.parent.is_some();
            view! {
                <tr class:minor=minor>
                    <td>{l.line.clone()}</td>
                    <td class="mono">{l.sku.clone()}</td>
                    <td>{l.name.clone()}</td>
                    <td class="num">{l.quantity}</td>
                    <td class="num">{show(&l.unit_list)}</td>
                    <td class="num">{format!("{list}{per}")}</td>
                    <td class="num">
                        {if has_discounts {
                            view! {
                                <button
                                    class="link"
                                    aria-expanded=move || if open.get() { "true" } else { "false" }
                                    aria-controls=waterfall_id.clone()
                                    on:click=move |_| open.update(|o| *o = !*o)
                                >
                                    {format!("−{}", format::money(discount, &currency, lang))}
                                </button>
                            }
                            .into_any()
                        } else {
                            view! { <span class="muted">"—"</span> }.into_any()
                        }}
                    </td>
                    <td class="num strong">{format!("{net}{per}")}</td>
                </tr>
                <tr class="waterfall" id=waterfall_id.clone() class:hidden=move || !open.get()>
                    <td></td>
                    <td colspan="7">
                        <ul>
                            <li><span>{w("List", "Liste")}</span><span class="amount">{list.clone()}</span></li>
                            {steps}
                            <li class="strong"><span>{w("Net", "Netto")}</span><span class="amount">{net.clone()}</span></li>
                        </ul>
                    </td>
                </tr>
            }
        })
        .collect_view();
    let t = q.totals.clone();
    let recurring = (t.monthly != "0.00" && t.monthly != "0" && t.monthly != "0.000")
        .then(|| view! { <dt>{w("Monthly", "Monatlich")}</dt><dd id="quote-monthly">{show(&t.monthly)}</dd> });
    let yearly = (t.yearly != "0.00" && t.yearly != "0" && t.yearly != "0.000").then(
        || view! { <dt>{w("Yearly", "Jährlich")}</dt><dd id="quote-yearly">{show(&t.yearly)}</dd> },
    );
    view! {
        {status.map(|s| view! { <p class="status status-incomplete" role="status">{s}</p> })}
        <div class="bom-wrap">
            <table class="bom">
                <caption class="visually-hidden">{w("Bill of materials", "Stückliste")}</caption>
                <thead>
                    <tr>
                        <th scope="col">{w("Line", "Pos.")}</th>
                        <th scope="col">{w("SKU", "Art.-Nr.")}</th>
                        <th scope="col">{w("Description", "Beschreibung")}</th>
                        <th scope="col" class="num">{w("Qty", "Menge")}</th>
                        <th scope="col" class="num">{w("Unit list", "Einzelpreis")}</th>
                        <th scope="col" class="num">{w("List", "Liste")}</th>
                        <th scope="col" class="num">{w("Discounts", "Rabatte")}</th>
                        <th scope="col" class="num">{w("Net", "Netto")}</th>
                    </tr>
                </thead>
                <tbody>{rows}</tbody>
            </table>
        </div>
        <dl class="quote-totals">
            <dt>{w("One-time", "Einmalig")}</dt>
            <dd id="quote-one-time">{show(&t.one_time)}</dd>
            {recurring}
            {yearly}
            <dt>
                {match lang {
                    Lang::En => format!("Contract value ({term} months)"),
                    Lang::De => format!("Vertragswert ({term} Monate)"),
                }}
            </dt>
            <dd id="quote-contract-value" class="strong">{show(&t.contract_value)}</dd>
        </dl>
    }
}

/// Offers `text` as a file download.
fn save_file(name: &str, text: &str, mime: &str) -> Result<(), ()> {
    use wasm_bindgen::JsCast;
    let parts = js_sys::Array::of1(&wasm_bindgen::JsValue::from_str(text));
    let options = web_sys::BlobPropertyBag::new();
    options.set_type(mime);
    let blob =
        web_sys::Blob::new_with_str_sequence_and_options(&parts, &options).map_err(|_| ())?;
    let url = web_sys::Url::create_object_url_with_blob(&blob).map_err(|_| ())?;
    let a: web_sys::HtmlAnchorElement = document()
        .create_element("a")
        .map_err(|_| ())?
        .unchecked_into();
    a.set_href(&url);
    a.set_download(name);
    a.click();
    let _ = web_sys::Url::revoke_object_url(&url);
    Ok(())
}
