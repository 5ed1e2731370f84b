//! `--format text|json`: what a command prints, for people or for programs. With `json` a
//! command prints one JSON document on stdout (its shape is in `docs/data.md`); errors still go
//! to stderr, with the same exit codes.

use serde::Serialize;

#[derive(clap::ValueEnum, Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Format {
    #[default]
    Text,
    Json,
}

#[derive(clap::Args, Clone, Copy, Debug, Default)]
pub struct FormatArg {
    /// `json`: print one JSON document on stdout instead of text (see docs/data.md).
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
}

impl FormatArg {
    pub fn json(&self) -> bool {
        self.format == Format::Json
    }
}

/// Print a document as pretty JSON (NaN, a statistic of too few runs, is null).
pub fn print_json<T: Serialize>(value: &T) {
    println!("{}", serde_json::to_string_pretty(value).unwrap_or_default());
}
