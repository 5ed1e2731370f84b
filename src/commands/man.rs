//! `statecraft man`: the manual page, in roff, from the command line's own definition.

use crate::failure::Failure;

pub fn main() -> Result<(), Failure> {
    let mut page = Vec::new();
    clap_mangen::Man::new(crate::command())
        .render(&mut page)
        .map_err(|e| Failure::io("cannot render the manual page", e))?;
    super::print_bytes(&page)
}
