//! The desk's refusals in the reader's language: the desk sends a stable code
//! ([`ApiProblem::code`]) with an English message; in English the pages show that message (it
//! says the most), in German a wording of the code (with the desk's specifics where they are
//! data, such as the differences of a price mismatch, shown apart).

use super::api::ApiProblem;
use crate::i18n::Lang;

/// A problem in `lang`: the desk's message in English, the code worded in German; a code it
/// does not know keeps the desk's message.
pub fn problem_text(p: &ApiProblem, lang: Lang) -> String {
    if lang == Lang::En {
        return p.message.clone();
    }
    if p.unreachable() {
        return "Der Angebotsdesk ist nicht erreichbar. Ihre Entwürfe bleiben in diesem Browser; \
                versuchen Sie es erneut, sobald die Verbindung wieder steht."
            .to_owned();
    }
    let de = match p.code.as_str() {
        "unauthenticated" => "Ihre Sitzung ist abgelaufen. Bitte melden Sie sich erneut an.",
        "forbidden" => "Das dürfen Sie mit Ihrer Rolle nicht.",
        "csrf" => {
            "Diese Seite passt nicht mehr zu Ihrer Sitzung. Laden Sie die Seite neu und \
             versuchen Sie es erneut."
        }
        "too_many_attempts" => {
            "Zu viele Fehlversuche von hier: bitte etwas warten und dann erneut versuchen."
        }
        "not_found" => {
            "Das gibt es nicht (mehr), oder Sie dürfen es nicht sehen: ein Angebot, ein Link \
             oder eine Revision."
        }
        "conflict" => {
            "Das Angebot hat sich inzwischen geändert oder erlaubt das in seinem Status nicht. \
             Laden Sie die Seite neu und versuchen Sie es erneut."
        }
        "price_mismatch" => {
            "Die Preise des Angebots stimmen nicht mit dem Katalog überein; die Abweichungen \
             stehen darunter."
        }
        "unprocessable" => {
            return format!(
                "Der Angebotsdesk kann das so nicht übernehmen (Meldung auf Englisch: {}).",
                p.message
            )
        }
        _ => return p.message.clone(),
    };
    de.to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(code: &str) -> ApiProblem {
        ApiProblem {
            status: 409,
            code: code.to_owned(),
            message: "quote Q-1 has changed".to_owned(),
            details: Vec::new(),
        }
    }

    #[test]
    fn german_words_the_code_and_english_keeps_the_message() {
        assert_eq!(
            problem_text(&p("conflict"), Lang::En),
            "quote Q-1 has changed"
        );
        assert!(problem_text(&p("conflict"), Lang::De).starts_with("Das Angebot hat sich"));
        assert!(problem_text(&p("unprocessable"), Lang::De).contains("quote Q-1 has changed"));
        assert_eq!(
            problem_text(&p("teapot"), Lang::De),
            "quote Q-1 has changed"
        );
    }
}
