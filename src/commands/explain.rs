use super::Only;
use crate::failure::Failure;

pub fn main(args: Only) -> Result<(), Failure> {
    let loaded = args.scenario.load()?;
    print!("{}", statecraft_scenario::to_ron(&loaded.scenario));
    Ok(())
}
