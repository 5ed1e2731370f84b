//! A spanned RON tree: the parser, the serde deserializer over it, and tree surgery for
//! `extends` and `--set`. The `ron` crate reads files well but forgets where each value came
//! from once two files are merged; this tree remembers, so every error names its file:line:col.

mod de;
mod merge;
mod parse;
mod tree;

pub use de::{DeError, from_node, value_error};
pub use merge::{MergeError, PathError, merge, set_path};
pub use parse::{MAX_DEPTH, ParseError, parse, parse_from};
pub use tree::{Key, Node, Value};

pub use crate::suggest::closest;
