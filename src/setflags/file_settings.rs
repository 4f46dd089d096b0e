//! [`FileSettings`]: where `--set-file` reads from — the current folder, the folder links may
//! not lead out of, the size cap, and standard input (for `key=-`).

use std::cell::Cell;
use std::path::PathBuf;
use std::sync::{Arc, Mutex};

use crate::source::SourceError;

/// How `--set-file` paths are read.
#[derive(Clone, Debug, Default)]
pub struct FileSettings {
    /// The folder relative paths are resolved against.
    pub cwd: PathBuf,
    /// A path inside this folder may not reach outside it through a symlink
    /// ([`crate::source::open_given_path`]).
    pub link_base: PathBuf,
    /// The cap on one file's size.
    pub max_bytes: u64,
    /// Standard input, for `key=-`.
    pub stdin: StdinText,
}

/// Reads standard input, at most the cap; supplied by the caller, so the library never
/// touches the process's standard input itself.
pub type StdinReader = dyn Fn() -> Result<Vec<u8>, SourceError> + Send + Sync;

/// Standard input as `--set-file key=-` sees it, read at most once, on first use.
///
/// Helm reads standard input to its end for each `-` in turn: the first reader gets its
/// contents, every later one (including `--set-file` after `-f -`) an empty string. strata
/// keeps the contents, so values computed again (one flag at a time, to trace origins) read
/// the same; [`StdinUse`] replays Helm's "first reader only" within one computation.
#[derive(Clone, Default)]
pub struct StdinText {
    reader: Option<Arc<StdinReader>>,
    /// `-f -` read standard input already.
    taken: bool,
    contents: Arc<Mutex<Option<Vec<u8>>>>,
}

impl std::fmt::Debug for StdinText {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("StdinText")
            .field("taken", &self.taken)
            .finish_non_exhaustive()
    }
}

impl StdinText {
    /// Standard input read by `reader` when a `--set-file` pair first names `-`.
    pub fn new(reader: Arc<StdinReader>) -> StdinText {
        StdinText {
            reader: Some(reader),
            taken: false,
            contents: Arc::default(),
        }
    }

    /// Standard input already read to its end by `-f -`: `key=-` gets an empty string.
    pub fn taken() -> StdinText {
        StdinText {
            taken: true,
            ..StdinText::default()
        }
    }

    /// Returns the contents of standard input for a reader; `first` says whether it is the
    /// first reader of this computation (later ones get nothing, as in Helm).
    pub(super) fn read(&self, first: bool) -> Result<Vec<u8>, SourceError> {
        if self.taken || !first {
            return Ok(Vec::new());
        }
        let mut contents = self
            .contents
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        if let Some(bytes) = contents.as_ref() {
            return Ok(bytes.clone());
        }
        let bytes = match &self.reader {
            Some(reader) => reader()?,
            None => Vec::new(),
        };
        *contents = Some(bytes.clone());
        Ok(bytes)
    }
}

/// Whether standard input was read already during one computation of the values.
#[derive(Debug, Default)]
pub(super) struct StdinUse(Cell<bool>);

impl StdinUse {
    /// Returns true the first time only.
    pub(super) fn first(&self) -> bool {
        !self.0.replace(true)
    }
}
