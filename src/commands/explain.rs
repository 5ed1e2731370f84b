use super::Only;
use crate::failure::Failure;

pub fn main(args: Only) -> Result<(), Failure> {
    let loaded = args.scenario.load()?;
    if args.format.json() {
        super::format::print_json(&loaded.scenario);
        return Ok(());
    }
    print!("{}", statecraft_scenario::to_ron(&loaded.scenario));
    Ok(())
}
