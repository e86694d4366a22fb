//! The two UI languages, English and German.
//!
//! Every text of the interface is written at its place of use with both languages side by
//! side (`t("Next step", "Nächster Schritt")`), so none can lack a translation. Catalog
//! content (names, descriptions, rule messages) is the author's and shown as written. The
//! language comes from `?lang=`, else the last one chosen (local storage), else the browser's;
//! it is kept in the address bar and on `<html lang>`.

use leptos::prelude::*;

/// A UI language.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Lang {
    /// English (United States formats).
    En,
    /// German (Germany's formats).
    De,
}

impl Lang {
    /// Both, in the order the switch shows them.
    pub const ALL: [Lang; 2] = [Lang::En, Lang::De];

    /// The BCP 47 tag: `en` or `de`.
    pub fn tag(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::De => "de",
        }
    }

    /// The language of a tag such as `de`, `de-AT` or `en-GB`; `None` for others.
    pub fn from_tag(tag: &str) -> Option<Lang> {
        let primary = tag.split(['-', '_']).next()?.to_ascii_lowercase();
        match primary.as_str() {
            "en" => Some(Lang::En),
            "de" => Some(Lang::De),
            _ => None,
        }
    }

    /// The language's own name, for the switch.
    pub fn name(self) -> &'static str {
        match self {
            Lang::En => "English",
            Lang::De => "Deutsch",
        }
    }

    /// `en` or `de`, whichever is this language's.
    pub fn pick<T>(self, en: T, de: T) -> T {
        match self {
            Lang::En => en,
            Lang::De => de,
        }
    }
}

/// The current UI language, shared by every component.
#[derive(Clone, Copy)]
pub struct Locale(pub RwSignal<Lang>);

const STORAGE_KEY: &str = "configurator.lang";

/// The language to start in: `?lang=`, else the last one chosen, else the browser's, else
/// English.
pub fn initial() -> Lang {
    let from_url = crate::url::param("lang").and_then(|t| Lang::from_tag(&t));
    let stored = || {
        window()
            .local_storage()
            .ok()
            .flatten()
            .and_then(|s| s.get_item(STORAGE_KEY).ok().flatten())
            .and_then(|t| Lang::from_tag(&t))
    };
    let browser = || {
        window()
            .navigator()
            .language()
            .and_then(|t| Lang::from_tag(&t))
    };
    from_url
        .or_else(stored)
        .or_else(browser)
        .unwrap_or(Lang::En)
}

/// Provides the [`Locale`] and keeps `<html lang>`, the address bar and local storage in step
/// with it.
pub fn provide() -> Locale {
    let locale = Locale(RwSignal::new(initial()));
    provide_context(locale);
    if crate::mode::in_element() {
        // A custom element: its language is its `lang` attribute; the page is the host's.
        return locale;
    }
    Effect::new(move |_| {
        let lang = locale.0.get();
        if let Some(root) = document().document_element() {
            let _ = root.set_attribute("lang", lang.tag());
        }
        if let Ok(Some(storage)) = window().local_storage() {
            let _ = storage.set_item(STORAGE_KEY, lang.tag());
        }
        crate::url::set_param("lang", (lang != Lang::En).then_some(lang.tag()));
    });
    locale
}

/// The current language signal (English when no [`Locale`] is provided, as in component
/// tests).
pub fn use_lang() -> RwSignal<Lang> {
    use_context::<Locale>()
        .map(|l| l.0)
        .unwrap_or_else(|| RwSignal::new(Lang::En))
}

/// A text that follows the language: `en` or `de`, as a signal (usable as a text node and
/// as an attribute value).
pub fn t(en: &'static str, de: &'static str) -> Signal<&'static str> {
    let lang = use_lang();
    Signal::derive(move || lang.get().pick(en, de))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tags_name_languages_by_their_primary_subtag() {
        assert_eq!(Lang::from_tag("de"), Some(Lang::De));
        assert_eq!(Lang::from_tag("de-AT"), Some(Lang::De));
        assert_eq!(Lang::from_tag("EN_gb"), Some(Lang::En));
        assert_eq!(Lang::from_tag("fr"), None);
        assert_eq!(Lang::from_tag(""), None);
        for l in Lang::ALL {
            assert_eq!(Lang::from_tag(l.tag()), Some(l));
        }
    }
}
