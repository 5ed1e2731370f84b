//! `statecraft completions SHELL`: a completion script for the shell, from the command line's
//! own definition (so it knows every subcommand and option).

use clap_complete::Shell;

use crate::failure::Failure;

#[derive(clap::Args, Debug)]
pub struct Args {
    /// The shell to complete for.
    #[arg(value_enum)]
    pub shell: Shell,
}

pub fn main(args: Args) -> Result<(), Failure> {
    let mut script = Vec::new();
    clap_complete::generate(args.shell, &mut crate::command(), "statecraft", &mut script);
    super::print_bytes(&script)
}
