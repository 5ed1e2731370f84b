//! Scenarios for statecraft: the schema, loading RON files with `extends` and `--set`,
//! validation, and diagnostics with file:line:col.
//!
//! This is the only crate that knows RON. Other crates receive a typed [`Scenario`], and
//! write RON through [`to_ron`].

mod diagnostic;
pub mod distribution;
mod fields;
pub mod input;
mod loader;
pub mod quote;
pub mod ron;
pub mod schema;
mod source;
mod suggest;
mod validate;

pub use diagnostic::{Diagnostic, Diagnostics};
pub use fields::{field_names, variant_names};
pub use input::{ReadError, SCENARIO_LIMIT};
pub use loader::{
    CATALOGUE, CATALOGUE_NAME, Disk, EXPORT_RULES, EXPORT_RULES_NAME, Files, Loaded, MAX_EXTENDS, MAX_REPORTED,
    Override, load, read,
};
pub use schema::*;
pub use source::{LineCol, SourceId, Sources, Span, line_col};
pub use suggest::{MAX_SUGGESTIBLE, closest, edit_distance};
pub use validate::{Issue, Path, Seg};

use serde::Serialize;
use serde::de::DeserializeOwned;

/// Pretty RON for any output (explain, summaries), in the dialect the loader reads.
pub fn to_ron<T: Serialize>(value: &T) -> String {
    pretty(value, "    ")
}

/// [`to_ron`] indented by two spaces: for replays, which are meant to be small.
pub fn to_ron_narrow<T: Serialize>(value: &T) -> String {
    pretty(value, "  ")
}

fn pretty<T: Serialize>(value: &T, indentor: &'static str) -> String {
    let config = ::ron::ser::PrettyConfig::new()
        .struct_names(true)
        .extensions(
            ::ron::extensions::Extensions::IMPLICIT_SOME | ::ron::extensions::Extensions::UNWRAP_VARIANT_NEWTYPES,
        )
        .indentor(indentor);
    let mut text = ::ron::ser::to_string_pretty(value, config).expect("model types serialise to RON");
    text.push('\n');
    text
}

/// A syntax error for a user. A text that ends before its value does was most likely cut short
/// (a copy or a download that did not finish), and is said to be so.
pub fn parse_diagnostic(e: ron::ParseError) -> Diagnostic {
    if e.truncated {
        Diagnostic::new(format!("the text ends early: {}", e.message))
            .at(Some(e.span))
            .hint(Some("the file looks cut short (an interrupted copy or download?): use a complete copy of it".into()))
    } else {
        Diagnostic::new(e.message).at(Some(e.span)).hint(e.hint)
    }
}

/// Read a RON text written by [`to_ron`] (or by hand) into any type, with diagnostics.
pub fn from_ron<T: DeserializeOwned>(name: &str, text: &str) -> Result<T, Diagnostics> {
    let mut sources = Sources::default();
    let id = sources.add(name, text);
    let fail = |sources: Sources, d: Diagnostic| Diagnostics { sources, list: vec![d] };
    let node = match ron::parse(text, id) {
        Ok(node) => node,
        Err(e) => return Err(fail(sources, parse_diagnostic(e))),
    };
    ron::from_node(&node).map_err(|e| fail(sources.clone(), Diagnostic::new(e.message).at(e.span).hint(e.hint)))
}
