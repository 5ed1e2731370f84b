use super::Only;
use crate::failure::Failure;

pub fn main(args: Only) -> Result<(), Failure> {
    let loaded = args.scenario.load()?;
    let s = &loaded.scenario;
    println!(
        "ok: {} — {} actors, {} bills, {} events, {} months from {}",
        s.name,
        s.actors.len(),
        s.bills.len(),
        s.events.len(),
        s.months.0,
        s.start
    );
    Ok(())
}
