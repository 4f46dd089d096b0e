//! Secrets: the one authority on which values are secret and how a hidden value is shown,
//! so that strata never prints one (`shared/spec/reliability.md` §4). `diff`, `matrix`,
//! `explain`, `validate`, error excerpts and the manifest diff all ask this module.
//!
//! - Key names: a key whose name says it holds a secret (`password`, `token`, `apiKey`,
//!   ...) holds one; a key that names where a secret is kept (`existingSecret`,
//!   `passwordSecretName`, `secretKeyRef`) does not ([`is_secret_key`], here).
//! - Content: PEM private keys, JSON Web Tokens, credentials in URLs and DSNs, whatever the
//!   key is called ([`classify_text`], `secret_text.rs`).
//! - Paths: `secrets:` globs, schemas' `writeOnly` properties (handed in as paths by the
//!   caller, which reads the schemas), `{name, value}` pairs, Secret resources' data
//!   ([`SecretRules`], `rules.rs`).
//! - Hiding: a value tree masked, one value shown, both sides of a pair, a value in a
//!   message (`mask.rs`); the lines of a source file under an error or a finding
//!   ([`redact_yaml_lines`], `yaml_lines.rs`).
//! - Printing: [`Redacted`] (`redacted.rs`), whose `Display` is the only place the text of
//!   a hidden value is written.
//!
//! Not here: reading schemas (`schema`), walking a chart's subcharts to place their schemas
//! (`workspace::release_secrets`). This module names only `values` and `yaml`.

mod mask;
mod memo;
mod redacted;
mod rules;
mod secret_text;
mod yaml_lines;

use memo::Memo;

pub use mask::{
    credentials_changed, hide, mask_node, mask_secret_pair, mask_string_pair, shown_key,
    shown_new_key, shown_old_key, shown_value, Hide, Masked, MaskedSide, Tally,
};
pub use redacted::Redacted;
pub use rules::{
    may_show_identity, names_secret_on, resource_field_pattern, secret_resource_fields,
    write_only_pattern, SecretRules, WriteOnlyStep,
};
pub use secret_text::{classify_text, mask_url_credentials, url_credentials, SecretText};
pub use yaml_lines::{hide_value_from, redact_yaml_lines, redact_yaml_lines_in};

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
    thread_local! {
        static KNOWN: Memo<bool> = Memo::new();
    }
    KNOWN.with(|known| known.answer(key, key_names_secret))
}

/// [`is_secret_key`], worked out.
fn key_names_secret(key: &str) -> bool {
    // An ASCII key (nearly all) is normalised on the stack.
    let mut buf = [0u8; 64];
    let owned: String;
    let normalized: &str = if key.len() <= buf.len() && key.is_ascii() {
        let mut len = 0;
        for byte in key.bytes().filter(|b| !matches!(b, b'_' | b'-')) {
            buf[len] = byte.to_ascii_lowercase();
            len += 1;
        }
        std::str::from_utf8(&buf[..len]).expect("ASCII stays UTF-8")
    } else {
        owned = key
            .chars()
            .filter(|c| !matches!(c, '_' | '-'))
            .flat_map(char::to_lowercase)
            .collect();
        &owned
    };
    // `secretKey` alone (MinIO, S3 clients) holds one; `passwordSecretKey` names where one is.
    if normalized == "secretkey" || normalized.ends_with("awssecretkey") {
        return true;
    }
    // A whole word (`pass` in `dbPass`, not in `passthrough`) is looked for only in a key
    // that holds its letters.
    let named = SECRET_WORDS.iter().any(|w| normalized.contains(w))
        || (SECRET_WHOLE_WORDS.iter().any(|w| normalized.contains(w))
            && words(key)
                .iter()
                .any(|w| SECRET_WHOLE_WORDS.contains(&w.as_str())));
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
