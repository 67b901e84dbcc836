//! Passwords (Argon2id) and tokens (random, stored as SHA-256 hashes). Hashing runs on the
//! blocking pool: it is deliberately slow and must not stall the async workers.

use argon2::Argon2;
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use rand::Rng;
use rand::distributions::Alphanumeric;
use sha2::{Digest, Sha256};

use crate::{AppError, AppResult};

/// Token secrets start with this, so a leaked one is recognisable in logs and by scanners.
const TOKEN_PREFIX: &str = "sdl_";

/// Hashes a password with Argon2id and a random salt (PHC string format).
pub(crate) async fn hash_password(password: String) -> AppResult<String> {
    tokio::task::spawn_blocking(move || {
        let salt = SaltString::generate(&mut argon2::password_hash::rand_core::OsRng);
        Argon2::default()
            .hash_password(password.as_bytes(), &salt)
            .map(|hash| hash.to_string())
    })
    .await
    .map_err(|_| AppError::invalid("password", "could not be hashed"))?
    .map_err(|_| AppError::invalid("password", "could not be hashed"))
}

/// Whether `password` matches the stored hash. A malformed stored hash never matches.
pub(crate) async fn verify_password(password: String, hash: String) -> bool {
    tokio::task::spawn_blocking(move || {
        PasswordHash::new(&hash)
            .map(|parsed| {
                Argon2::default()
                    .verify_password(password.as_bytes(), &parsed)
                    .is_ok()
            })
            .unwrap_or(false)
    })
    .await
    .unwrap_or(false)
}

/// A fresh token: the secret to show once, and the hash to store.
pub(crate) fn new_token() -> (String, String) {
    let random: String = rand::thread_rng()
        .sample_iter(&Alphanumeric)
        .take(40)
        .map(char::from)
        .collect();
    let secret = format!("{TOKEN_PREFIX}{random}");
    let hash = hash_token(&secret);
    (secret, hash)
}

/// The stored form of a token. A fast hash is right here (unlike passwords): the secret has
/// ~238 bits of entropy, so there is nothing to brute-force.
pub(crate) fn hash_token(secret: &str) -> String {
    // Lower-case hex, written in one allocation (every request hashes its token).
    format!("{:x}", Sha256::digest(secret.as_bytes()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn a_password_verifies_against_its_hash_and_nothing_else() {
        let hash = hash_password("correct horse".to_owned()).await.unwrap();
        assert!(hash.starts_with("$argon2id$"));
        assert!(verify_password("correct horse".to_owned(), hash.clone()).await);
        assert!(!verify_password("wrong horse".to_owned(), hash).await);
        assert!(!verify_password("x".to_owned(), "not a hash".to_owned()).await);
    }

    #[test]
    fn tokens_are_unique_and_stored_only_as_hashes() {
        let (a, hash_a) = new_token();
        let (b, _) = new_token();
        assert_ne!(a, b);
        assert!(a.starts_with(TOKEN_PREFIX));
        assert_eq!(hash_a, hash_token(&a));
        assert_eq!(hash_a.len(), 64);
        assert!(!hash_a.contains(&a));
    }

    #[test]
    fn a_token_hash_is_the_lower_case_hex_sha256_stored_tokens_were_saved_under() {
        // FIPS 180-2's "abc" vector: a changed encoding would lock every stored token out.
        assert_eq!(
            hash_token("abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
    }
}
