//! The password policy and the hashing calls every password change makes.
//!
//! A password has at least [`MIN_CHARS`] characters, is neither the user's name nor contains
//! it, and is not a common password or an easily guessed pattern: zxcvbn (Dropbox's estimator,
//! with its bundled lists of common passwords, names and words, and its patterns of
//! repetitions, sequences, dates and keyboard walks) must rate it at least
//! [`MIN_SCORE`] of 4 ("safely unguessable" against an off-line attack on a slow hash). The
//! policy applies wherever a password is set: a new user (API and command line), a reset link,
//! a change.

use zxcvbn::Score;

use crate::auth;
use crate::error::{ApiError, ApiResult};

/// The fewest characters a password has.
pub const MIN_CHARS: usize = 12;
/// The most bytes a password has (argon2 hashes what it is given; a limit keeps that cheap).
pub const MAX_BYTES: usize = 256;
/// The lowest zxcvbn score accepted (0 to 4).
pub const MIN_SCORE: Score = Score::Three;

/// Why a password is refused.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Weakness {
    /// Fewer than [`MIN_CHARS`] characters, or more than [`MAX_BYTES`] bytes.
    Length,
    /// A common password or an easily guessed pattern.
    Common,
    /// The user's name, or contains it.
    Name,
}

impl Weakness {
    /// The error code the pages word (`configurator_api::access::codes`).
    pub fn code(self) -> &'static str {
        use configurator_api::access::codes;
        match self {
            Weakness::Length => codes::PASSWORD_LENGTH,
            Weakness::Common => codes::PASSWORD_COMMON,
            Weakness::Name => codes::PASSWORD_NAME,
        }
    }

    /// What is wrong, in English (the server's message).
    pub fn message(self) -> String {
        match self {
            Weakness::Length => {
                format!("a password has at least {MIN_CHARS} characters (and at most {MAX_BYTES} bytes)")
            }
            Weakness::Common => {
                "this password is too easy to guess: a common password or pattern".to_owned()
            }
            Weakness::Name => "a password must not contain the user's name".to_owned(),
        }
    }
}

/// Checks `password` as a new password of the user `name`.
pub fn check(name: &str, password: &str) -> Result<(), Weakness> {
    if password.chars().count() < MIN_CHARS || password.len() > MAX_BYTES {
        return Err(Weakness::Length);
    }
    let lower = password.to_lowercase();
    let name = name.to_lowercase();
    // A name of one or two letters is in many good passwords by chance: only equality counts.
    if lower == name || (name.chars().count() >= 3 && lower.contains(&name)) {
        return Err(Weakness::Name);
    }
    let inputs = [name.as_str(), "configurator", "quote desk"];
    if zxcvbn::zxcvbn(password, &inputs).score() < MIN_SCORE {
        return Err(Weakness::Common);
    }
    Ok(())
}

/// [`check`] off the async threads (zxcvbn takes milliseconds on long passwords), as an
/// [`ApiError`].
pub async fn checked(name: &str, password: &str) -> ApiResult<()> {
    let (name, password) = (name.to_owned(), password.to_owned());
    tokio::task::spawn_blocking(move || check(&name, &password))
        .await
        .map_err(|e| ApiError::Internal(e.to_string()))?
        .map_err(ApiError::WeakPassword)
}

/// The argon2id hash of a password, off the async threads.
pub async fn hash(password: &str) -> ApiResult<String> {
    let password = password.to_owned();
    tokio::task::spawn_blocking(move || auth::hash_password(&password))
        .await
        .map_err(|e| ApiError::Internal(e.to_string()))?
}

/// Whether a password matches a stored hash, off the async threads.
pub async fn matches(password: &str, stored: &str) -> ApiResult<bool> {
    let (password, stored) = (password.to_owned(), stored.to_owned());
    tokio::task::spawn_blocking(move || auth::password_matches(&password, &stored))
        .await
        .map_err(|e| ApiError::Internal(e.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_policy() {
        assert_eq!(check("rita", "abcdefghijk"), Err(Weakness::Length));
        assert_eq!(check("rita", "aaaaaaaaaaaa"), Err(Weakness::Common));
        assert_eq!(check("rita", "password1234"), Err(Weakness::Common));
        assert_eq!(check("rita", "qwertyuiop123"), Err(Weakness::Common));
        assert_eq!(check("rita", "Rita-is-a-great-seller"), Err(Weakness::Name));
        assert_eq!(check("margarita", "margarita"), Err(Weakness::Length));
        assert_eq!(
            check("margarita12345", "MARGARITA12345"),
            Err(Weakness::Name)
        );
        // The passwords of the tests, the e2e tests, the load test and made-up ones pass.
        for good in [
            "correct horse battery",
            "e2e password for the desk",
            "load test password",
            "new staple of the desk",
            "mK7pQ2xWz9rT4vNb",
        ] {
            assert_eq!(check("rita", good), Ok(()), "{good}");
        }
    }
}
