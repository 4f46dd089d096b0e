//! The shared data model: [`Node`], [`Value`], [`Origin`], [`KeyPath`].
//!
//! Every other module speaks in these types. A `Node` is a value together with the place it
//! was written at; maps keep insertion order. Numbers are held the way Helm holds them: a
//! number read from a file is a 64-bit float, a `--set` integer a 64-bit integer.
//!
//! Output of value trees (JSON with Go's number formatting, YAML that Helm reads back to the
//! same values) lives here too, because every command prints values. Nothing here reads files
//! or knows Helm's merge rules: those are in `yaml` and `layer`.

mod entries;
mod go_number;
mod go_quote;
mod helm_equality;
mod helm_version;
mod json_out;
mod key_order;
mod key_path;
mod key_pattern;
mod map;
mod node;
mod origin;
mod origins;
mod path_query;
mod yaml_out;

pub use go_number::format_go_float;
pub(crate) use go_number::format_go_float_v;
pub(crate) use go_quote::{go_quote, go_quote_bytes, go_quote_runes};
pub use helm_version::HelmVersion;
pub use json_out::{to_json_compact, to_json_pretty, to_json_pretty_at, to_json_value};
pub use key_order::order_keys_like;
pub use key_path::{KeyPath, KeyPathError, Segment};
pub use key_pattern::{KeyPattern, KeyPatternError};
pub use map::{Key, KeyHasher, Map};
pub use node::{KeyPlace, List, Node, Value};
pub use origin::{Origin, SourceName};
pub use origins::Origins;
pub use path_query::{PathQuery, QueryStep};
pub use yaml_out::{to_yaml, YamlStyle};
