//! People and access in words: the desk's refusals of passwords, sign-ins and user changes
//! in the reader's language (the desk sends a code; `configurator_api::access::codes`), and
//! the password rules shown beside every new-password field.

use configurator_api::access::codes;
use leptos::prelude::*;

use super::api::ApiProblem;
use crate::i18n::{t, Lang};

/// A problem of people and access in `lang`; codes it does not know keep the desk's message.
pub fn problem_text(p: &ApiProblem, lang: Lang) -> String {
    let (en, de) = match p.code.as_str() {
        codes::PASSWORD_LENGTH => (
            "A password needs at least 12 characters.",
            "Ein Passwort braucht mindestens 12 Zeichen.",
        ),
        codes::PASSWORD_COMMON => (
            "This password is too easy to guess (a common password or pattern). A few unrelated words work well.",
            "Dieses Passwort ist zu leicht zu erraten (ein häufiges Passwort oder Muster). Einige unzusammenhängende Wörter eignen sich gut.",
        ),
        codes::PASSWORD_NAME => (
            "A password must not contain the user name.",
            "Ein Passwort darf den Benutzernamen nicht enthalten.",
        ),
        codes::WRONG_PASSWORD => (
            "The current password is wrong.",
            "Das aktuelle Passwort ist falsch.",
        ),
        codes::DISABLED => (
            "This user is disabled. An admin can enable them again.",
            "Dieser Benutzer ist gesperrt. Ein Admin kann ihn wieder freigeben.",
        ),
        codes::TOO_MANY => (
            "Too many failed tries from here: wait a little, then try again.",
            "Zu viele Fehlversuche von hier: bitte etwas warten und dann erneut versuchen.",
        ),
        "bad_credentials" => (
            "Wrong name or password.",
            "Name oder Passwort falsch.",
        ),
        "not_found" => (
            "This link was used, replaced or has expired. Ask an admin for a new one.",
            "Dieser Link wurde schon benutzt, ersetzt oder ist abgelaufen. Bitten Sie einen Admin um einen neuen.",
        ),
        "forbidden" => (
            "Only an admin may do this.",
            "Das darf nur ein Admin.",
        ),
        "conflict" | "unprocessable" => {
            return lang.pick(
                format!("The quote desk refused: {}", p.message),
                format!("Der Angebotsdesk hat abgelehnt: {}", p.message),
            )
        }
        _ => return p.message.clone(),
    };
    lang.pick(en, de).to_owned()
}

/// The password rules, for the hint under a new password's field.
pub fn password_rules() -> Signal<&'static str> {
    t(
        "At least 12 characters, not a common password, not the user name. A few unrelated words work well.",
        "Mindestens 12 Zeichen, kein häufiges Passwort, nicht der Benutzername. Einige unzusammenhängende Wörter eignen sich gut.",
    )
}
