//! Saved quotes in the browser's local storage: one entry per quote under
//! `configurator.quote.<id>`, holding a name and the quote's canonical JSON. Entries that are
//! corrupt or made for another catalog are reported and skipped, never removed; a full storage
//! is a clear error.

use configurator_engine::json::{self, Reader};
use configurator_engine::quote::Quote;

/// Key prefix of saved quotes in local storage.
pub const PREFIX: &str = "configurator.quote.";

/// A saved quote.
#[derive(Clone, Debug, PartialEq)]
pub struct Saved {
    /// The name shown in the list.
    pub name: String,
    /// When it was saved (ISO 8601, from the browser's clock).
    pub saved_at: String,
    /// The quote.
    pub quote: Quote,
}

/// One entry of the storage: a saved quote, or why it cannot be used.
#[derive(Clone, Debug, PartialEq)]
pub enum Entry {
    /// A usable saved quote, by storage key.
    Ok(String, Box<Saved>),
    /// A key whose value cannot be used, with the reason.
    Skipped(String, String),
}

/// A saved entry's name, time saved and quote (read by `quote`) from its JSON text (the fields
/// [`text`] writes).
fn entry<Q>(
    text: &str,
    quote: fn(&mut Reader<'_>) -> json::Result<Q>,
) -> json::Result<(String, String, Q)> {
    const F: &[&str] = &["name", "saved_at", "quote"];
    let mut r = Reader::new(text);
    let (mut name, mut saved_at, mut read) = (String::new(), String::new(), None);
    r.object("a saved quote", F, &mut |r, k| {
        match k {
            0 => name = r.owned()?,
            1 => saved_at = r.owned()?,
            _ => read = Some(quote(r)?),
        }
        Ok(())
    })?
    .require(F, &[0, 1, 2])?;
    r.finish()?;
    match read {
        Some(q) => Ok((name, saved_at, q)),
        None => r.error(r.offset(), "missing field `quote`"),
    }
}

/// A saved quote from its JSON text.
fn read(text: &str) -> json::Result<Saved> {
    let (name, saved_at, quote) = entry(text, configurator_engine::quote::read_quote)?;
    Ok(Saved {
        name,
        saved_at,
        quote,
    })
}

/// The text stored under `key`, or that there is none (in English).
fn stored(key: &str) -> Result<String, String> {
    storage()
        .ok()
        .and_then(|s| s.get_item(key).ok().flatten())
        .ok_or_else(|| format!("no saved quote `{}` in this browser", json::shown(key)))
}

/// The configuration, pricing context and details of the saved quote under `key`, for the
/// configurator to reopen (the saved-quotes page sends it there with `?open=KEY`); read with
/// the engine's smaller reader, which skips the priced part. Errors say why, in English.
pub fn reopen(key: &str, catalog_id: &str) -> Result<configurator_engine::quote::Reopened, String> {
    let text = stored(key)?;
    let (_, _, quote) = entry(&text, configurator_engine::quote::reopen)
        .map_err(|e| format!("not a saved quote ({e})"))?;
    if quote.catalog.id != catalog_id {
        return Err(format!(
            "made for another catalog (`{}`)",
            json::shown(&quote.catalog.id)
        ));
    }
    Ok(quote)
}

/// The saved quote under `key`, of any catalog, or why it cannot be used (in English).
pub fn get(key: &str) -> Result<Saved, String> {
    match parse(key, &stored(key)?, "") {
        Entry::Ok(_, saved) => Ok(*saved),
        Entry::Skipped(_, why) => Err(why),
    }
}

/// Reads one stored value: a quote for catalog `catalog_id` (of any catalog when it is empty),
/// or why not.
pub fn parse(key: &str, text: &str, catalog_id: &str) -> Entry {
    let saved: Saved = match read(text) {
        Ok(s) => s,
        Err(e) => return Entry::Skipped(key.to_owned(), format!("not a saved quote ({e})")),
    };
    use configurator_engine::quote::{QUOTE_FORMAT, QUOTE_FORMAT_1};
    if saved.quote.format != QUOTE_FORMAT && saved.quote.format != QUOTE_FORMAT_1 {
        return Entry::Skipped(
            key.to_owned(),
            format!("unknown quote format `{}`", saved.quote.format),
        );
    }
    if !catalog_id.is_empty() && saved.quote.catalog.id != catalog_id {
        return Entry::Skipped(
            key.to_owned(),
            format!("made for another catalog (`{}`)", saved.quote.catalog.id),
        );
    }
    Entry::Ok(key.to_owned(), Box::new(saved))
}

/// Whether a saved quote matches a search (name, customer, quote number; case-insensitive).
pub fn matches(saved: &Saved, search: &str) -> bool {
    let s = crate::format::lower(search.trim());
    s.is_empty()
        || [
            &saved.name,
            &saved.quote.meta.customer,
            &saved.quote.meta.quote_number,
        ]
        .iter()
        .any(|f| crate::format::lower(f).contains(&s))
}

/// Why saved quotes cannot be read or written.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum StorageError {
    /// The browser gives no local storage.
    Off,
    /// The storage is full.
    Full,
    /// Removing an entry failed.
    NotDeleted,
}

impl StorageError {
    /// What happened and what to do, in the UI language.
    pub fn text(&self, lang: crate::i18n::Lang) -> String {
        use crate::i18n::Lang::{De, En};
        match (self, lang) {
            (StorageError::Off, En) => {
                "This browser does not allow saving (local storage is off).".into()
            }
            (StorageError::Off, De) => {
                "Dieser Browser erlaubt kein Speichern (lokaler Speicher ist aus).".into()
            }
            (StorageError::Full, En) => {
                "The browser's storage is full: delete or download saved quotes to make room. \
                 Nothing was lost."
                    .into()
            }
            (StorageError::Full, De) => {
                "Der Speicher des Browsers ist voll: löschen oder laden Sie gespeicherte \
                 Angebote herunter, um Platz zu schaffen. Es ging nichts verloren."
                    .into()
            }
            (StorageError::NotDeleted, En) => "The saved quote could not be deleted.".into(),
            (StorageError::NotDeleted, De) => {
                "Das gespeicherte Angebot konnte nicht gelöscht werden.".into()
            }
        }
    }
}

fn storage() -> Result<web_sys::Storage, StorageError> {
    leptos::prelude::window()
        .local_storage()
        .ok()
        .flatten()
        .ok_or(StorageError::Off)
}

/// Every entry under [`PREFIX`] for `catalog_id` (every catalog's when empty), newest first
/// (by the time saved).
pub fn list(catalog_id: &str) -> Result<Vec<Entry>, StorageError> {
    let store = storage()?;
    let n = store.length().unwrap_or(0);
    let mut out = Vec::new();
    for k in 0..n {
        let Some(key) = store.key(k).ok().flatten() else {
            continue;
        };
        if !key.starts_with(PREFIX) {
            continue;
        }
        let text = store.get_item(&key).ok().flatten().unwrap_or_default();
        out.push(parse(&key, &text, catalog_id));
    }
    // Newest first, then the skipped entries by key.
    configurator_engine::sort::short_by(&mut out, |a, b| match (a, b) {
        (Entry::Ok(_, x), Entry::Ok(_, y)) => y.saved_at < x.saved_at,
        (Entry::Ok(..), Entry::Skipped(..)) => true,
        (Entry::Skipped(..), Entry::Ok(..)) => false,
        (Entry::Skipped(a, _), Entry::Skipped(b, _)) => a < b,
    });
    Ok(out)
}

/// Stores `saved` under `key` (a new key when `None`); returns the key. A full storage is an
/// error that says what to do.
pub fn put(key: Option<&str>, saved: &Saved) -> Result<String, StorageError> {
    let store = storage()?;
    let key = key.map(str::to_owned).unwrap_or_else(|| {
        format!(
            "{PREFIX}{}-{}",
            js_sys::Date::now() as u64,
            (js_sys::Math::random() * 1e6) as u64
        )
    });
    let text = text(saved);
    store
        .set_item(&key, &text)
        .map_err(|_| StorageError::Full)?;
    Ok(key)
}

/// A saved quote as JSON text: its name, time saved, and the quote's canonical JSON (the one
/// serialiser the page already has for the JSON download).
pub fn text(saved: &Saved) -> String {
    let string = |s: &str| serde_json::to_string(s).unwrap_or_else(|_| "\"\"".into());
    format!(
        "{{\"name\":{},\"saved_at\":{},\"quote\":{}}}",
        string(&saved.name),
        string(&saved.saved_at),
        saved.quote.to_json()
    )
}

/// Removes one saved quote.
pub fn remove(key: &str) -> Result<(), StorageError> {
    storage()?
        .remove_item(key)
        .map_err(|_| StorageError::NotDeleted)
}

/// The browser's clock as ISO 8601.
pub fn now() -> String {
    js_sys::Date::new_0()
        .to_iso_string()
        .as_string()
        .unwrap_or_default()
}
