use leptos::prelude::*;

use crate::format;
use crate::i18n::{t, use_lang, Lang};
use crate::saved::{self, Saved};

/// The most saved quotes picked to compare (the comparison shows four side by side).
pub const MOST_PICKED: usize = 4;

/// One saved quote with its actions (pick it to compare, open by its key, rename in place,
/// duplicate, delete); `report` announces what happened and refreshes the list.
#[component]
pub fn SavedRow<O, R>(
    key: String,
    saved: Saved,
    open: O,
    report: R,
    picked: RwSignal<Vec<String>>,
) -> impl IntoView
where
    O: Fn(String) + Clone + Send + Sync + 'static,
    R: Fn(Result<String, String>) + Copy + Send + Sync + 'static,
{
    let editing = RwSignal::new(false);
    let lang = use_lang();
    let name = RwSignal::new(saved.name.clone());
    let totals = saved.quote.totals.clone();
    let customer = saved.quote.meta.customer.clone();
    let saved_at = saved.saved_at.clone();
    let meta_line = move || {
        let l = lang.get();
        let when = format::date(&saved_at, l);
        let total = format::money(totals.contract_value, &totals.currency, l);
        format!(
            "{customer} · {} {when} · {total}",
            l.pick("saved", "gespeichert am")
        )
    };
    let pick_label = match lang.get_untracked() {
        Lang::En => format!("Compare “{}”", saved.name),
        Lang::De => format!("„{}“ vergleichen", saved.name),
    };
    let (k1, k2) = (key.clone(), key.clone());
    let is_picked = move || picked.with(|p| p.contains(&k1));
    let toggle = move |on: bool| {
        picked.update(|p| {
            p.retain(|k| *k != k2);
            if on && p.len() < MOST_PICKED {
                p.push(k2.clone());
            }
        })
    };
    let entry = std::sync::Arc::new((key, saved));
    let (e1, e2, e3) = (entry.clone(), entry.clone(), entry.clone());
    let rename = move || {
        let title = name.get_untracked().trim().to_owned();
        if title.is_empty() {
            return;
        }
        editing.set(false);
        report(renamed(&entry.0, &entry.1, title, lang.get_untracked()));
    };
    let rename_on_enter = rename.clone();
    view! {
        <li class="saved-item">
            <div class="saved-main">
                <Show
                    when=move || editing.get()
                    fallback=move || view! { <span class="saved-name">{name.get()}</span> }
                >
                    <input
                        class="saved-rename"
                        aria-label=t("New name", "Neuer Name")
                        prop:value=move || name.get()
                        on:input=move |ev| name.set(event_target_value(&ev))
                        on:keydown={
                            let rename = rename_on_enter.clone();
                            move |ev: leptos::ev::KeyboardEvent| {
                                if ev.key() == "Enter" {
                                    rename();
                                }
                            }
                        }
                    />
                </Show>
                <span class="saved-meta">{meta_line}</span>
            </div>
            <div class="saved-actions">
                <label class="saved-pick">
                    <input
                        type="checkbox"
                        aria-label=pick_label
                        prop:checked=is_picked.clone()
                        disabled=move || !is_picked() && picked.with(|p| p.len() >= MOST_PICKED)
                        on:change=move |ev| toggle(event_target_checked(&ev))
                    />
                    {t("Compare", "Vergleichen")}
                </label>
                <button class="secondary small" on:click=move |_| open(e1.0.clone())>{t("Open", "Öffnen")}</button>
                <button
                    class="secondary small"
                    on:click=move |_| if editing.get_untracked() { rename() } else { editing.set(true) }
                >
                    {move || {
                        let l = lang.get();
                        if editing.get() { l.pick("Save name", "Name speichern") } else { l.pick("Rename", "Umbenennen") }
                    }}
                </button>
                <button
                    class="secondary small"
                    on:click=move |_| report(duplicated(&e2.1, lang.get_untracked()))
                >
                    {t("Duplicate", "Duplizieren")}
                </button>
                <button
                    class="secondary small"
                    on:click=move |_| {
                        let l = lang.get_untracked();
                        report(
                            saved::remove(&e3.0)
                                .map(|_| l.pick("Deleted.", "Gelöscht.").to_owned())
                                .map_err(|e| e.text(l)),
                        )
                    }
                >
                    {t("Delete", "Löschen")}
                </button>
            </div>
        </li>
    }
}

/// Stores `s` under `key` with the name `title`; what happened.
fn renamed(key: &str, s: &Saved, title: String, l: Lang) -> Result<String, String> {
    let mut s = s.clone();
    s.name = title.clone();
    saved::put(Some(key), &s)
        .map(|_| match l {
            Lang::En => format!("Renamed to “{title}”."),
            Lang::De => format!("Umbenannt in „{title}“."),
        })
        .map_err(|e| e.text(l))
}

/// Stores a copy of `s` under a new key; what happened.
fn duplicated(s: &Saved, l: Lang) -> Result<String, String> {
    let mut copy = s.clone();
    copy.name = format!("{} ({})", copy.name, l.pick("copy", "Kopie"));
    copy.saved_at = saved::now();
    let title = copy.name.clone();
    saved::put(None, &copy)
        .map(|_| match l {
            Lang::En => format!("Duplicated as “{title}”."),
            Lang::De => format!("Dupliziert als „{title}“."),
        })
        .map_err(|e| e.text(l))
}
