//! Charts from repositories, vendored and locked (DESIGN §1, a release's chart "a repository
//! source vendored and locked").
//!
//! A [`ChartSource`] is `{repository, name, version}` as `strata.yaml` declares it.
//! [`vendor()`] is `strata vendor`: the real `helm pull` ([`Puller`]) fetches each source into
//! `vendor/<chart>-<version>.tgz` and [`Lock`] records its SHA-256 in `strata.lock`. Every
//! other command is offline: [`verify`] hands it the archive only when the lock records it
//! for the declared source and its bytes still have the recorded digest.
//!
//! What lives elsewhere: reading the archive as a chart is `chart`'s job; which charts a
//! workspace declares and where they show up among its charts is `workspace`'s.

mod digest;
mod error;
mod fetch;
mod lock;
mod vendoring;

pub use crate::settings::{ChartSource, Repository};
pub use digest::Digest;
pub use error::{NotVendored, VendorError};
pub use fetch::{Fetched, Puller};
pub use lock::{archive_path, verify, Lock, LockedChart, LOCK_FILE, VENDOR_DIR};
pub use vendoring::{vendor, LockChange, Outcome, VendorReport, Vendored};
