//! Recognising secrets, so that strata never prints one (`shared/spec/reliability.md` §4).
//!
//! A key whose name says it holds a secret (`password`, `token`, `apiKey`, ...) holds one;
//! a key that names where a secret is kept (`existingSecret`, `passwordSecretName`,
//! `secretKeyRef`) does not. Used wherever text from input files reaches the user outside
//! the values themselves, such as the source line under an error ([`redact_yaml_lines`],
//! which reads each line in the context of the lines above it).
//!
//! Some secrets are recognised by what a string holds whatever its key is called
//! ([`classify_text`]): PEM private keys, JSON Web Tokens, credentials in URLs.

mod secret_text;
mod yaml_lines;

pub use secret_text::{classify_text, mask_url_credentials, url_credentials, SecretText, MASK};
pub use yaml_lines::{redact_yaml_lines, redact_yaml_lines_in};

/// Name fragments (lower case, without `_` and `-`) of keys that hold secrets, wherever
/// they are in the name.
const SECRET_WORDS: &[&str] = &[
    "password",
    "passwd",
    "secret",
    "token",
    "apikey",
    "privatekey",
    "credential",
    "passphrase",
    "accesskey",
    "signingkey",
    "encryptionkey",
    "connectionstring",
];

/// Endings (lower case, without `_` and `-`) of keys that name a secret instead of holding
/// one: `existingSecret`, `passwordSecretName`, `tokenSecretRef`, `passwordKey`,
/// `imagePullSecrets` (a list of Secret names).
const REFERENCE_ENDINGS: &[&str] = &[
    "name",
    "ref",
    "secretkey",
    "passwordkey",
    "tokenkey",
    "file",
    "path",
    "pullsecrets",
];

/// Short names of secrets that are only secret as whole words: `DB_PASS`, `MYSQL_PWD`,
/// `dbPass` hold one; `passive`, `bypass`, `compass` do not.
const SECRET_WHOLE_WORDS: &[&str] = &["pass", "pwd"];

/// Returns the words of a key, lower case: split at `_`, `-`, `.` and anything else that
/// is not a letter or digit, and at camelCase humps (`dbPass` → `db pass`, `DBPass` →
/// `db pass`, `MYSQL_PWD` → `mysql pwd`).
fn words(key: &str) -> Vec<String> {
    let chars: Vec<char> = key.chars().collect();
    let mut words = Vec::new();
    let mut word = String::new();
    for (i, &c) in chars.iter().enumerate() {
        if !c.is_alphanumeric() {
            if !word.is_empty() {
                words.push(std::mem::take(&mut word));
            }
            continue;
        }
        let prev = i.checked_sub(1).map(|p| chars[p]);
        let next = chars.get(i + 1);
        // A hump: `bP` in `dbPass`, or `BP` followed by a lower-case letter in `DBPass`.
        let hump = c.is_uppercase()
            && prev.is_some_and(|p| {
                p.is_lowercase()
                    || p.is_ascii_digit()
                    || (p.is_uppercase() && next.is_some_and(|n| n.is_lowercase()))
            });
        if hump && !word.is_empty() {
            words.push(std::mem::take(&mut word));
        }
        word.extend(c.to_lowercase());
    }
    if !word.is_empty() {
        words.push(word);
    }
    words
}

/// Returns true when a key's name says it holds a secret.
pub fn is_secret_key(key: &str) -> bool {
    let normalized: String = key
        .chars()
        .filter(|c| !matches!(c, '_' | '-'))
        .flat_map(char::to_lowercase)
        .collect();
    // `secretKey` alone (MinIO, S3 clients) holds one; `passwordSecretKey` names where one is.
    if normalized == "secretkey" || normalized.ends_with("awssecretkey") {
        return true;
    }
    let named = SECRET_WORDS.iter().any(|w| normalized.contains(w))
        || words(key)
            .iter()
            .any(|w| SECRET_WHOLE_WORDS.contains(&w.as_str()));
    named
        && !normalized.starts_with("existing")
        && !REFERENCE_ENDINGS.iter().any(|e| normalized.ends_with(e))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tells_secrets_from_references_to_them() {
        for key in [
            "password",
            "rootPassword",
            "db_passwd",
            "apiKey",
            "api-key",
            "client_secret",
            "accessToken",
            "privateKey",
            "awsCredentials",
            "secret",
            "sshPassphrase",
            "connectionString",
            "secretKey",
            "DB_PASS",
            "MYSQL_PWD",
            "dbPass",
            "DBPass",
            "pass",
            "admin-pwd",
            "redis.pass",
        ] {
            assert!(is_secret_key(key), "{key} holds a secret");
        }
        for key in [
            "existingSecret",
            "existingSecretPasswordKey",
            "passwordSecretName",
            "secretKeyRef",
            "tokenFile",
            "image",
            "replicaCount",
            "username",
            "imagePullSecrets",
            "passive",
            "bypass",
            "compass",
            "passengers",
            "PASSIVE_MODE",
            "dbPassFile",
            "passwordSecretName",
        ] {
            assert!(!is_secret_key(key), "{key} does not hold a secret");
        }
    }

    /// One line read on its own, as a snippet of a file that cannot be read whole would be.
    fn redact_yaml_line(line: &str) -> String {
        redact_yaml_lines(&[line]).pop().unwrap_or_default()
    }

    #[test]
    fn redacts_the_value_of_secret_keys_in_source_lines() {
        assert_eq!(
            redact_yaml_line("  password: \"hunter2"),
            "  password: <redacted>"
        );
        assert_eq!(redact_yaml_line("- apiKey: abc"), "- apiKey: <redacted>");
        assert_eq!(redact_yaml_line("  auth:"), "  auth:");
        assert_eq!(redact_yaml_line("  image: nginx"), "  image: nginx");
        assert_eq!(redact_yaml_line("password:"), "password:");
    }
}
