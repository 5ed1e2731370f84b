//! The examples each subcommand's `--help` ends with: commands a user can paste, each with what
//! it does. A unit test parses every one of them, so they keep up with the arguments.

/// (subcommand, examples as `command  # what it does`).
pub const EXAMPLES: [(&str, &[&str]); 17] = [
    (
        "run",
        &[
            "statecraft run  # the flagship: the H200 for a 25% commission",
            "statecraft run full-ban  # a counterfactual: no H20, no H200",
            "statecraft run --set us_admin.share=0.5 --seed 7 --out runs/half",
            "statecraft run --set 'us_admin.rule=Fixed(\"hold\")'  # hold the administration's policy fixed",
        ],
    ),
    (
        "validate",
        &[
            "statecraft validate my-scenario.ron  # check a scenario without running it",
            "statecraft validate full-ban --set us_admin.share=0.5  # check an override too",
        ],
    ),
    (
        "explain",
        &[
            "statecraft explain full-ban  # every value the scenario resolves to",
            "statecraft explain my-scenario.ron --set world.relations.tension=0.7",
        ],
    ),
    (
        "list",
        &[
            "statecraft list  # shipped scenarios, actor kinds and their moves, decision rules, event kinds",
            "statecraft list events  # every kind of scripted event, with its fields",
            "statecraft list --columns  # the data dictionary",
        ],
    ),
    (
        "replay",
        &[
            "statecraft replay runs/h200-commission/replay.ron  # re-run and check every month",
            "statecraft replay replay.ron --out runs/theirs  # ... and write the full outputs",
        ],
    ),
    (
        "plot",
        &["statecraft plot runs/h200-commission  # redraw the charts and report.html", "statecraft plot runs/full-ban"],
    ),
    (
        "solve",
        &[
            "statecraft solve examples/games/prisoners-dilemma.nfg  # every Nash equilibrium, exactly",
            "statecraft solve examples/games/matching-pennies.nfg --method qre --lambda 5",
            "statecraft solve examples/games/battle-of-the-sexes.nfg --method lemke-howson --label 1",
            "statecraft solve --from runs/h200-commission --month 2026-04  # that month's US-Beijing game",
        ],
    ),
    (
        "tournament",
        &[
            "statecraft tournament --strategies tit-for-tat,defector,grudger --turns 200",
            "statecraft tournament --strategies tit-for-tat,defector,random --noise 0.05 --repetitions 20 --seed 1",
        ],
    ),
    (
        "learn",
        &[
            "statecraft learn examples/games/matching-pennies.nfg --rule fictitious-play --rounds 10000",
            "statecraft learn examples/games/prisoners-dilemma.nfg --rule regret-matching",
        ],
    ),
    (
        "evolve",
        &[
            "statecraft evolve examples/games/prisoners-dilemma.nfg --steps 5000",
            "statecraft evolve examples/games/battle-of-the-sexes.nfg --populations 2  # two populations, her and him",
        ],
    ),
    (
        "moran",
        &[
            "statecraft moran --fitness 1.5 --population 20  # a mutant 1.5 times as fit",
            "statecraft moran --game examples/games/prisoners-dilemma.nfg --population 50 --intensity 0.5",
        ],
    ),
    (
        "ensemble",
        &[
            "statecraft ensemble --runs 10000  # the flagship over 10,000 seeds",
            "statecraft ensemble full-ban --runs 1000 --threads 2 --out experiments/ban",
            "statecraft ensemble --runs 100000 --shard 3/20 --out results/shard-3  # one of 20 shards",
        ],
    ),
    (
        "sweep",
        &[
            "statecraft sweep --vary us_admin.share=0.0..0.5:6 --runs 500",
            "statecraft sweep --vary us_admin.share=0..0.5:3 --vary world.relations.tension=0.2..0.8:3 --runs 200",
            "statecraft sweep --vary us_admin.share=0..0.5:2 --vary beijing.weights.self_reliance=0.5..2:2 --lhs 40",
        ],
    ),
    (
        "compare",
        &[
            "statecraft compare h200-commission full-ban h20-only-15 --runs 1000",
            "statecraft compare --vary 'us_admin.rule=[Logit(lambda: 20.0), BestResponse, Fixed(\"hold\")]'",
            "statecraft compare h200-held full-ban --rank-by china_share_of_compute --runs 500",
        ],
    ),
    (
        "merge",
        &[
            "statecraft merge results/shard-* --out results/all  # join every shard of an experiment",
            "statecraft merge results/shard-1 results/shard-2 --out results/all",
        ],
    ),
    (
        "completions",
        &[
            "statecraft completions bash > ~/.local/share/bash-completion/completions/statecraft",
            "statecraft completions zsh > ~/.zfunc/_statecraft  # a directory on your $fpath",
            "statecraft completions fish > ~/.config/fish/completions/statecraft.fish",
        ],
    ),
    (
        "man",
        &[
            "statecraft man > ~/.local/share/man/man1/statecraft.1  # then: man statecraft",
            "statecraft man | man -l -  # read it without installing",
        ],
    ),
];

/// The examples of `statecraft --help` (and the manual page): a short tour.
pub const TOUR: &[&str] = &[
    "statecraft run  # the flagship scenario; writes runs/h200-commission/",
    "statecraft list  # shipped scenarios, actor kinds and their moves, decision rules",
    "statecraft run full-ban --set us_admin.share=0.5",
    "statecraft ensemble --runs 1000",
    "statecraft solve examples/games/prisoners-dilemma.nfg",
];

/// `lines` as an `Examples:` section: each command, and what it does under it.
fn section(lines: &[&str]) -> String {
    let mut out = String::from("Examples:\n");
    for line in lines {
        let (command, what) = line.split_once("  # ").map_or((*line, None), |(c, w)| (c, Some(w)));
        out.push_str(&format!("  {command}\n"));
        if let Some(what) = what {
            out.push_str(&format!("      {what}\n"));
        }
    }
    out.pop();
    out
}

/// The examples of `statecraft --help`, and where to find the others.
pub fn tour() -> String {
    format!("{}\n\nEvery command's help ends with its own examples: statecraft help COMMAND", section(TOUR))
}

/// The `Examples:` section of `name`'s help: each command, and what it does under it.
pub fn examples(name: &str) -> String {
    EXAMPLES.iter().find(|(n, _)| *n == name).map_or(String::new(), |(_, lines)| section(lines))
}

/// The words a POSIX shell would pass for `line`, for the examples' simple quoting: single
/// quotes, and no expansion but that of a glob the test cannot know.
#[cfg(test)]
fn words(line: &str) -> Vec<String> {
    let (mut out, mut word, mut quoted, mut any) = (Vec::new(), String::new(), false, false);
    for c in line.chars() {
        match c {
            '\'' => (quoted, any) = (!quoted, true),
            ' ' if !quoted => {
                if any {
                    out.push(std::mem::take(&mut word));
                }
                any = false;
            }
            _ => (word, any) = (word + &c.to_string(), true),
        }
    }
    if any {
        out.push(word);
    }
    out
}

#[cfg(test)]
mod tests {
    use clap::{CommandFactory, Parser};

    use super::*;

    #[test]
    fn every_subcommand_has_examples_and_every_example_parses() {
        let cli = crate::Cli::command();
        for sub in cli.get_subcommands().filter(|s| s.get_name() != "help") {
            assert!(EXAMPLES.iter().any(|(n, _)| *n == sub.get_name()), "no examples for `{}`", sub.get_name());
        }
        let tour = TOUR.iter().map(|line| (line.split(' ').nth(1).unwrap(), line));
        let examples = EXAMPLES.iter().flat_map(|(name, lines)| lines.iter().map(move |line| (*name, line)));
        for (name, line) in tour.chain(examples) {
            assert!(cli.get_subcommands().any(|s| s.get_name() == name), "an example of no subcommand `{name}`");
            let command = line.split_once("  # ").map_or(*line, |(c, _)| c);
            let command = command.split(" > ").next().unwrap().split(" | ").next().unwrap();
            let words = words(command);
            assert_eq!(words[1], name, "an example of `{name}` runs another command: {line}");
            if let Err(e) = crate::Cli::try_parse_from(&words) {
                panic!("the example `{line}` does not parse:\n{e}");
            }
        }
    }

    #[test]
    fn words_split_as_a_shell_would() {
        assert_eq!(words("a 'b c' d'e'  f"), ["a", "b c", "de", "f"]);
        assert_eq!(words("x ''"), ["x", ""]);
    }
}
