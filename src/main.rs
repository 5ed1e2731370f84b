//! `statecraft`: the command line. The only place that knows terminals and exit codes:
//! 0 success, 1 failure, 2 bad input.

mod color;
mod commands;
mod failure;
mod help;
mod outdir;
mod shipped;

use std::process::ExitCode;

use clap::{CommandFactory, FromArgMatches, Parser, Subcommand};

use crate::commands::{
    compare, completions, ensemble, evolve, explain, learn, list, man, merge, moran, plot, replay, run, solve, sweep,
    tournament, validate,
};

/// An agent-based, game-theoretic simulator of the US–China contest over AI chips.
#[derive(Parser)]
#[command(name = "statecraft", about, long_about = None)]
struct Cli {
    /// Colour in messages: `auto` colours on a terminal unless NO_COLOR is set.
    #[arg(long, global = true, value_enum, value_name = "WHEN", default_value_t = color::When::Auto)]
    color: color::When,
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Subcommand)]
enum Command {
    /// Run a scenario and write its tables and summary (the flagship by default).
    Run(run::Args),
    /// Check a scenario for errors without running it.
    Validate(commands::Only),
    /// Print a scenario fully resolved: every `extends`, override and default filled in.
    Explain(commands::Only),
    /// List the shipped scenarios, actor kinds with their moves, and decision rules.
    List(list::Args),
    /// Run a replay file again and verify every month against its digests.
    Replay(replay::Args),
    /// Redraw the charts and the report of a run directory from its CSV files.
    Plot(plot::Args),
    /// Solve a normal-form game (Gambit .nfg or RON): equilibria, dominance, zero-sum value, QRE.
    Solve(solve::Args),
    /// Play a round-robin tournament of repeated-game strategies.
    Tournament(tournament::Args),
    /// Let two players learn a game by fictitious play or regret matching.
    Learn(learn::Args),
    /// Run the replicator dynamics of a game, for one population or two.
    Evolve(evolve::Args),
    /// The probability that one mutant takes over a population (Moran process).
    Moran(moran::Args),
    /// Run a scenario many times with different seeds and summarise the distribution.
    Ensemble(ensemble::Args),
    /// Run a scenario over a grid (or Latin hypercube) of parameter values.
    Sweep(sweep::Args),
    /// Compare variants of a scenario with common random numbers.
    Compare(compare::Args),
    /// Join the outputs of `--shard K/N` runs into what one machine would have produced.
    Merge(merge::Args),
    /// Print a completion script for a shell (bash, zsh, fish, elvish, powershell).
    Completions(completions::Args),
    /// Print the manual page (roff), for `man`.
    Man,
}

/// `0.1.0 (1c5506b1234a)`: the version, and the source revision when built from a checkout.
fn version() -> &'static str {
    match option_env!("STATECRAFT_REVISION").filter(|r| !r.is_empty()) {
        Some(revision) => Box::leak(format!("{} ({revision})", env!("CARGO_PKG_VERSION")).into_boxed_str()),
        None => env!("CARGO_PKG_VERSION"),
    }
}

/// The command line as clap sees it: the version with its revision, every subcommand's
/// examples after its help, and `statecraft run -V` naming the program, not `statecraft-run`.
pub fn command() -> clap::Command {
    let mut cli = Cli::command().version(version()).propagate_version(true).after_help(help::tour());
    let names: Vec<String> = cli.get_subcommands().map(|s| s.get_name().to_string()).collect();
    for name in names {
        cli = cli.mut_subcommand(&name, |sub| {
            // A command's own notes come first, its examples last, in `-h` and `--help` alike.
            let examples = help::examples(&name);
            let after = |notes: Option<&clap::builder::StyledStr>| match notes {
                Some(notes) => format!("{notes}\n\n{examples}"),
                None => examples.clone(),
            };
            let long = sub.get_after_long_help().map(|notes| after(Some(notes)));
            let short = after(sub.get_after_help());
            let sub = sub.display_name("statecraft").after_help(short);
            match long {
                Some(long) => sub.after_long_help(long),
                None => sub,
            }
        });
    }
    cli
}

/// A reader that stops early (`statecraft list | head`) closes the pipe: end quietly, as other
/// command-line tools do, rather than panic in `println!`. Any other panic is reported as usual.
fn stop_quietly_on_broken_pipe() {
    let report = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        let message = info.payload_as_str().unwrap_or_default();
        if message.starts_with("failed printing to stdout") && message.contains("Broken pipe") {
            std::process::exit(0);
        }
        report(info);
    }));
}

fn main() -> ExitCode {
    stop_quietly_on_broken_pipe();
    let args: Vec<std::ffi::OsString> = std::env::args_os().collect();
    let when = color::from_args(&args);
    color::choose(when);
    let matches = command().color(color::for_clap(when)).get_matches_from(args);
    let cli = Cli::from_arg_matches(&matches).unwrap_or_else(|e| e.exit());
    let result = match cli.command.unwrap_or(Command::Run(run::Args::default())) {
        Command::Run(args) => run::main(args),
        Command::Validate(args) => validate::main(args),
        Command::Explain(args) => explain::main(args),
        Command::List(args) => list::main(args),
        Command::Replay(args) => replay::main(args),
        Command::Plot(args) => plot::main(args),
        Command::Solve(args) => solve::main(args),
        Command::Tournament(args) => tournament::main(args),
        Command::Learn(args) => learn::main(args),
        Command::Evolve(args) => evolve::main(args),
        Command::Moran(args) => moran::main(args),
        Command::Ensemble(args) => ensemble::main(args),
        Command::Sweep(args) => sweep::main(args),
        Command::Compare(args) => compare::main(args),
        Command::Merge(args) => merge::main(args),
        Command::Completions(args) => completions::main(args),
        Command::Man => man::main(),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(failure) => {
            eprint!("{}", color::paint(&failure.message(), color::stderr()));
            ExitCode::from(failure.code())
        }
    }
}
