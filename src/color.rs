//! Whether statecraft colours what it prints: `--color auto|always|never`, and in `auto` the
//! terminal and `NO_COLOR` (<https://no-color.org>: set and not empty, no colour) decide. The
//! same choice is given to clap, so its messages follow it too.

use std::io::IsTerminal;
use std::sync::OnceLock;

#[derive(clap::ValueEnum, Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum When {
    /// Colour when standard error is a terminal and `NO_COLOR` is not set.
    #[default]
    Auto,
    Always,
    Never,
}

static CHOSEN: OnceLock<When> = OnceLock::new();

/// The choice on the command line, read before clap parses it, so that clap's own errors follow
/// it as well: the last `--color WHEN` or `--color=WHEN`, as clap itself takes the last.
pub fn from_args(args: &[std::ffi::OsString]) -> When {
    let mut when = When::Auto;
    let mut words = args.iter().filter_map(|a| a.to_str());
    while let Some(word) = words.next() {
        if word == "--" {
            break;
        }
        let value = match word.strip_prefix("--color") {
            Some("") => words.next(),
            Some(rest) => rest.strip_prefix('='),
            None => None,
        };
        when = match value {
            Some("always") => When::Always,
            Some("never") => When::Never,
            Some("auto") => When::Auto,
            _ => when,
        };
    }
    when
}

/// Fix the choice for the rest of the process (the first call wins).
pub fn choose(when: When) {
    let _ = CHOSEN.set(when);
}

/// What clap should do with the choice.
pub fn for_clap(when: When) -> clap::ColorChoice {
    match when {
        When::Auto => clap::ColorChoice::Auto,
        When::Always => clap::ColorChoice::Always,
        When::Never => clap::ColorChoice::Never,
    }
}

/// Whether a message for standard error gets colour.
pub fn stderr() -> bool {
    match CHOSEN.get().copied().unwrap_or_default() {
        When::Always => true,
        When::Never => false,
        When::Auto => std::io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty()),
    }
}

/// A message for standard error with its labels coloured as clap and the scenario diagnostics
/// colour theirs (`error` bold red, `warning` bold yellow, `help` bold cyan), where a line
/// starts with the label or with a `file:line:col: ` place before it. A message that is
/// already coloured (a rendered diagnostic) is left as it is.
pub fn paint(message: &str, colour: bool) -> String {
    if !colour || message.contains('\u{1b}') {
        return message.to_string();
    }
    const LABELS: [(&str, &str); 3] = [("error:", "1;31"), ("warning:", "1;33"), ("help:", "1;36")];
    let mut out = String::with_capacity(message.len() + 32);
    for line in message.split_inclusive('\n') {
        let found = LABELS.iter().find_map(|&(label, style)| {
            let at = if line.starts_with(label) { Some(0) } else { line.find(&format!(": {label}")).map(|k| k + 2) };
            at.map(|at| (at, label, style))
        });
        match found {
            Some((at, label, style)) => {
                let name = &label[..label.len() - 1];
                out.push_str(&line[..at]);
                out.push_str(&format!("\u{1b}[{style}m{name}\u{1b}[0m:"));
                out.push_str(&line[at + label.len()..]);
            }
            None => out.push_str(line),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn when(args: &[&str]) -> When {
        from_args(&args.iter().map(|a| a.into()).collect::<Vec<_>>())
    }

    #[test]
    fn the_last_color_flag_wins_in_either_spelling() {
        assert_eq!(when(&["statecraft", "run"]), When::Auto);
        assert_eq!(when(&["statecraft", "--color", "never", "run"]), When::Never);
        assert_eq!(when(&["statecraft", "run", "--color=always"]), When::Always);
        assert_eq!(when(&["statecraft", "--color=never", "run", "--color", "always"]), When::Always);
        assert_eq!(when(&["statecraft", "run", "--", "--color=never"]), When::Auto);
    }

    #[test]
    fn labels_are_painted_at_the_start_of_a_line_or_after_a_place() {
        let message = "g.nfg:2:5: error: `x` is not a number\nhelp: payoffs are numbers\nan error: inside\n";
        let painted = paint(message, true);
        assert_eq!(
            painted,
            "g.nfg:2:5: \u{1b}[1;31merror\u{1b}[0m: `x` is not a number\n\u{1b}[1;36mhelp\u{1b}[0m: payoffs are numbers\nan error: inside\n"
        );
        assert_eq!(paint(message, false), message);
        let rendered = "\u{1b}[1merror\u{1b}[0m: already coloured\n";
        assert_eq!(paint(rendered, true), rendered);
    }
}
