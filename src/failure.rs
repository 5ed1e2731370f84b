//! Why a command failed, and the exit code that says so.

use statecraft_scenario::Diagnostics;

pub enum Failure {
    /// The user's input is wrong (exit 2): a scenario, an override, an argument.
    Input(String),
    /// Something went wrong doing the work (exit 1): writing files, a run that fails.
    Runtime(String),
}

impl Failure {
    pub fn code(&self) -> u8 {
        match self {
            Failure::Input(_) => 2,
            Failure::Runtime(_) => 1,
        }
    }

    pub fn message(&self) -> String {
        let text = match self {
            Failure::Input(m) | Failure::Runtime(m) => m,
        };
        if text.ends_with('\n') { text.clone() } else { format!("{text}\n") }
    }

    pub fn io(what: &str, e: std::io::Error) -> Failure {
        Failure::Runtime(format!("error: {what}: {e}"))
    }
}

impl From<Diagnostics> for Failure {
    fn from(d: Diagnostics) -> Failure {
        Failure::Input(d.render(crate::color::stderr()))
    }
}
