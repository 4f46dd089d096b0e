//! [`RenderCache`]: helm's output kept by a content hash of everything that went into it,
//! under the workspace's `.strata/cache/`, which a `.gitignore` of `*` keeps out of git.

use std::io::Write;
use std::path::{Path, PathBuf};

use super::error::RenderError;

/// The cache folder, relative to the workspace root.
pub const CACHE_DIR: &str = ".strata/cache";

/// The first line of every entry, before the SHA-256 of the rest.
const HEADER: &str = "# strata cache entry sha256:";

fn checksum(text: &str) -> String {
    use sha2::{Digest, Sha256};
    super::helm::hex(&Sha256::digest(text.as_bytes()))
}

/// Rendered manifests by key.
#[derive(Clone, Debug)]
pub struct RenderCache {
    dir: PathBuf,
}

impl RenderCache {
    /// Opens (creating it) the cache of the workspace at `root`. `.strata/.gitignore`
    /// holding `*` is written first, so the folder never shows in `git status`.
    pub fn open(root: &Path) -> Result<RenderCache, RenderError> {
        let strata = root.join(".strata");
        std::fs::create_dir_all(&strata).map_err(RenderError::io(&strata))?;
        let ignore = strata.join(".gitignore");
        if !ignore.exists() {
            std::fs::write(
                &ignore,
                "# strata's cache and scratch files; never committed\n*\n",
            )
            .map_err(RenderError::io(&ignore))?;
        }
        let dir = root.join(CACHE_DIR);
        std::fs::create_dir_all(&dir).map_err(RenderError::io(&dir))?;
        Ok(RenderCache { dir })
    }

    /// Returns the folder.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    fn path(&self, key: &str) -> PathBuf {
        self.dir.join(&key[..2]).join(format!("{key}.yaml"))
    }

    /// Returns what was stored under `key` (a hex digest), if anything. An entry whose
    /// checksum does not match its text (cut short by a crash) is a miss.
    pub fn get(&self, key: &str) -> Option<String> {
        let stored = std::fs::read_to_string(self.path(key)).ok()?;
        let (header, text) = stored.split_once('\n')?;
        (header.strip_prefix(HEADER)? == checksum(text)).then(|| text.to_string())
    }

    /// Stores `text` under `key`: written to a temporary file, renamed into place, so
    /// parallel runs never see half an entry. It is not flushed to disk (600 flushes cost
    /// seconds); the checksum in its first line makes an entry a crash cut short a miss.
    pub fn put(&self, key: &str, text: &str) -> Result<(), RenderError> {
        let path = self.path(key);
        let dir = path.parent().expect("an entry sits in a folder");
        std::fs::create_dir_all(dir).map_err(RenderError::io(dir))?;
        let tmp = dir.join(format!(
            ".{key}.{}-{:?}.tmp",
            std::process::id(),
            std::thread::current().id()
        ));
        let result = (|| {
            let mut file = std::fs::File::create(&tmp)?;
            file.write_all(format!("{HEADER}{}\n", checksum(text)).as_bytes())?;
            file.write_all(text.as_bytes())?;
            drop(file);
            std::fs::rename(&tmp, &path)
        })();
        if result.is_err() {
            let _ = std::fs::remove_file(&tmp);
        }
        result.map_err(RenderError::io(path))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_entries_and_ignores_itself() {
        let tmp = tempfile::tempdir().expect("a temporary folder");
        let cache = RenderCache::open(tmp.path()).expect("opens");
        assert_eq!(cache.get("abcdef"), None);
        cache.put("abcdef", "kind: x\n").expect("stores");
        assert_eq!(cache.get("abcdef").as_deref(), Some("kind: x\n"));
        // An entry cut short is a miss.
        let path = tmp.path().join(".strata/cache/ab/abcdef.yaml");
        let whole = std::fs::read_to_string(&path).expect("stored");
        std::fs::write(&path, &whole[..whole.len() - 3]).expect("cut");
        assert_eq!(cache.get("abcdef"), None);
        let ignore =
            std::fs::read_to_string(tmp.path().join(".strata/.gitignore")).expect("written");
        assert!(ignore.lines().any(|l| l == "*"));
    }
}
