use super::Only;
use crate::failure::Failure;

pub fn main(args: Only) -> Result<(), Failure> {
    let loaded = args.scenario.load()?;
    let s = &loaded.scenario;
    if args.format.json() {
        super::format::print_json(&serde_json::json!({
            "ok": true,
            "name": s.name,
            "actors": s.actors.len(),
            "bills": s.bills.len(),
            "events": s.events.len(),
            "months": s.months.0,
            "start": s.start.to_string(),
        }));
        return Ok(());
    }
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
