//! The conventions of command-line tools: colour as `NO_COLOR` and `--color` ask, shell
//! completions, a manual page, examples in every subcommand's help, and a version that names
//! the source revision.

mod common;

use std::process::{Command, Output};

use common::{Scratch, stderr, stdout};

const ESCAPE: &str = "\x1b[";

/// The binary with `args` in `dir`, and `NO_COLOR` set or not.
fn statecraft(args: &[&str], dir: &std::path::Path, no_color: bool) -> Output {
    let mut command = Command::new(env!("CARGO_BIN_EXE_statecraft"));
    command.args(args).current_dir(dir).env_remove("NO_COLOR").env_remove("CLICOLOR_FORCE");
    if no_color {
        command.env("NO_COLOR", "1");
    }
    command.output().expect("the binary runs")
}

/// A scenario with a mistake, which statecraft itself reports (with a snippet of the file).
fn broken(dir: &Scratch) -> String {
    let path = dir.write("broken.ron", "Scenario(\n    extends: \"h200-commission.ron\",\n    months: \"many\",\n)\n");
    path.display().to_string()
}

#[test]
fn statecraft_colours_its_own_errors_only_when_asked() {
    let dir = Scratch::new("colour");
    let file = broken(&dir);
    let plain = statecraft(&["validate", &file], dir.path(), false);
    assert_eq!(plain.status.code(), Some(2), "{}", stderr(&plain));
    assert!(stderr(&plain).contains("broken.ron:3:"), "{}", stderr(&plain));
    assert!(!stderr(&plain).contains(ESCAPE), "not a terminal, yet coloured:\n{}", stderr(&plain));

    let always = statecraft(&["validate", &file, "--color", "always"], dir.path(), false);
    assert_eq!(always.status.code(), Some(2));
    assert!(stderr(&always).contains(ESCAPE), "--color always gave no colour:\n{}", stderr(&always));
    // The flag is more specific than the environment.
    let both = statecraft(&["--color=always", "validate", &file], dir.path(), true);
    assert!(stderr(&both).contains(ESCAPE), "--color always lost to NO_COLOR:\n{}", stderr(&both));

    for (args, no_color) in [(vec!["validate", &file, "--color", "never"], false), (vec!["validate", &file], true)] {
        let o = statecraft(&args, dir.path(), no_color);
        assert_eq!(o.status.code(), Some(2));
        assert!(!stderr(&o).contains(ESCAPE), "{args:?} (NO_COLOR: {no_color}) coloured:\n{}", stderr(&o));
    }
}

/// Messages that are not scenario diagnostics (a missing file, a bad game file) follow the
/// same choice: `error` and `help` are coloured when asked, and never otherwise.
#[test]
fn plain_errors_follow_the_colour_choice_too() {
    let dir = Scratch::new("plain-colour");
    let game = dir.write("bad.nfg", "NFG 1 R \"g\" { \"a\" \"b\" } { 2 2 }\n1 2 x 4 5 6 7 8\n").display().to_string();
    for args in [vec!["solve", "no-such-game.nfg"], vec!["solve", game.as_str()]] {
        let always = statecraft(&[&["--color", "always"], &args[..]].concat(), dir.path(), true);
        assert_eq!(always.status.code(), Some(2), "{}", stderr(&always));
        assert!(stderr(&always).contains("\x1b[1;31merror\x1b[0m:"), "{args:?}: {}", stderr(&always));
        assert!(stderr(&always).contains("\x1b[1;36mhelp\x1b[0m:"), "{args:?}: {}", stderr(&always));
        for (flag, no_color) in [("never", false), ("auto", true), ("auto", false)] {
            let o = statecraft(&[&["--color", flag], &args[..]].concat(), dir.path(), no_color);
            assert_eq!(o.status.code(), Some(2));
            assert!(stderr(&o).contains("error:") && !stderr(&o).contains(ESCAPE), "{args:?} {flag}: {}", stderr(&o));
        }
    }
}

#[test]
fn clap_follows_the_same_colour_choice() {
    let dir = Scratch::new("clap-colour");
    let always = statecraft(&["--color", "always", "run", "--no-such-flag"], dir.path(), false);
    assert_eq!(always.status.code(), Some(2));
    assert!(stderr(&always).contains(ESCAPE), "{}", stderr(&always));
    for (args, no_color) in [(vec!["--color", "never", "run", "--no-such-flag"], false), (vec!["run", "--nope"], true)]
    {
        let o = statecraft(&args, dir.path(), no_color);
        assert_eq!(o.status.code(), Some(2));
        assert!(!stderr(&o).contains(ESCAPE), "{args:?} coloured:\n{}", stderr(&o));
    }
    let bad = statecraft(&["--color", "sometimes", "list"], dir.path(), true);
    assert_eq!(bad.status.code(), Some(2));
    assert!(stderr(&bad).contains("possible values: auto, always, never"), "{}", stderr(&bad));
}

/// The subcommands, as `statecraft --help` lists them.
fn subcommands(dir: &std::path::Path) -> Vec<String> {
    let help = stdout(&statecraft(&["--help"], dir, true));
    let listed = help.split("Commands:\n").nth(1).expect("a list of commands").split("\n\n").next().unwrap();
    // A command's line is indented by two spaces; a description wrapped onto the next line, by more.
    let names = listed.lines().filter(|l| l.starts_with("  ") && !l.starts_with("   "));
    names.filter_map(|l| l.split_whitespace().next()).filter(|&c| c != "help").map(String::from).collect()
}

#[test]
fn every_subcommand_help_ends_with_examples() {
    let dir = Scratch::new("examples");
    let commands = subcommands(dir.path());
    assert!(commands.len() >= 17, "{commands:?}");
    for command in commands {
        let o = statecraft(&[&command, "--help"], dir.path(), true);
        assert!(o.status.success(), "{command} --help: {}", stderr(&o));
        let help = stdout(&o);
        let examples = help.split("Examples:\n").nth(1).unwrap_or_else(|| panic!("`{command} --help` has no examples"));
        assert!(examples.contains(&format!("statecraft {command}")), "{command}'s examples:\n{examples}");
    }
}

#[test]
fn completions_know_every_subcommand() {
    let dir = Scratch::new("completions");
    let commands = subcommands(dir.path());
    for shell in ["bash", "zsh", "fish", "elvish", "powershell"] {
        let o = statecraft(&["completions", shell], dir.path(), true);
        assert!(o.status.success(), "{shell}: {}", stderr(&o));
        let script = stdout(&o);
        for command in &commands {
            assert!(script.contains(command.as_str()), "the {shell} completions lack `{command}`");
        }
        assert!(script.contains("color"), "the {shell} completions lack --color");
    }
    let o = statecraft(&["completions", "tcsh"], dir.path(), true);
    assert_eq!(o.status.code(), Some(2), "an unknown shell is bad input");
}

#[test]
fn the_manual_page_renders() {
    let dir = Scratch::new("man");
    let o = statecraft(&["man"], dir.path(), true);
    assert!(o.status.success(), "{}", stderr(&o));
    let page = stdout(&o);
    assert!(page.contains(".TH statecraft 1"), "no roff title line:\n{page}");
    for section in [".SH NAME", ".SH SYNOPSIS", ".SH SUBCOMMANDS", ".SH VERSION"] {
        assert!(page.contains(section), "the page lacks {section}");
    }
    assert!(page.contains("ensemble") && page.contains("Examples"), "{page}");
    // Where `man` is installed, it formats the page.
    let man = Command::new("man")
        .args(["-l", "-"])
        .env("MANPAGER", "cat")
        .env("MANWIDTH", "80")
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn();
    if let Ok(mut child) = man {
        use std::io::Write;
        child.stdin.take().unwrap().write_all(page.as_bytes()).unwrap();
        let shown = child.wait_with_output().unwrap();
        assert!(shown.status.success(), "man -l failed: {}", stderr(&shown));
        assert!(String::from_utf8_lossy(&shown.stdout).contains("SUBCOMMANDS"), "{}", stdout(&shown));
    }
}

#[test]
fn the_version_names_the_source_revision_in_every_subcommand() {
    let dir = Scratch::new("version");
    let expected = match option_env!("STATECRAFT_REVISION").filter(|r| !r.is_empty()) {
        Some(revision) => format!("statecraft {} ({revision})\n", env!("CARGO_PKG_VERSION")),
        None => format!("statecraft {}\n", env!("CARGO_PKG_VERSION")),
    };
    for args in [&["--version"][..], &["-V"], &["run", "-V"], &["ensemble", "--version"], &["solve", "-V"]] {
        let o = statecraft(args, dir.path(), true);
        assert!(o.status.success(), "{args:?}: {}", stderr(&o));
        assert_eq!(stdout(&o), expected, "{args:?}");
    }
}
