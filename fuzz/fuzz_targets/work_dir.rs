//! The experiment work directory reader (`.work/`: the plan, a block, the point's and the
//! block's distributions), as `merge` and a resumed experiment read it: any bytes give an
//! error or a result, never a panic, a hang or unbounded memory.
//!
//! The input is the files' contents separated by `\n--\n`: `plan.ron`, `p0-b0.block`,
//! `p0.cells`, `p0-b0.cells`.

#![no_main]

use libfuzzer_sys::fuzz_target;
use statecraft_experiment::plan::Unit;
use statecraft_experiment::{Kind, Plan, Point, Work};

fn split(data: &[u8]) -> Vec<&[u8]> {
    let mut parts = Vec::new();
    let mut rest = data;
    while let Some(at) = rest.windows(4).position(|w| w == b"\n--\n") {
        parts.push(&rest[..at]);
        rest = &rest[at + 4..];
    }
    parts.push(rest);
    parts
}

fuzz_target!(|data: &[u8]| {
    let dir = std::env::temp_dir().join(format!("statecraft-fuzz-work-{}", std::process::id()));
    let work_dir = dir.join(".work");
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&work_dir).unwrap();
    for (name, bytes) in ["plan.ron", "p0-b0.block", "p0.cells", "p0-b0.cells"].iter().zip(split(data)) {
        std::fs::write(work_dir.join(name), bytes).unwrap();
    }
    if let Ok((work, identity)) = Work::existing(&dir) {
        let _ = work.done();
        let _ = work.block(Unit { point: 0, block: 0 });
        if let Ok((cells, _)) = work.point_cells(0) {
            for d in &cells.cells {
                let _ = (d.quantile(0.05), d.quantile(0.5), d.quantile(1.0), d.counts(), d.is_exact());
            }
        }
        // The plan the identity describes, small enough to fold.
        if identity.runs > 0 && identity.runs <= 1024 {
            let point = Point { label: "p".into(), values: Vec::new(), scenario: Default::default() };
            let plan =
                Plan { kind: Kind::Ensemble, points: vec![point], runs: identity.runs, master_seed: 1, rank_by: None };
            let _ = statecraft_experiment::engine::summarize(&plan, &work, 0, |_, _, _| Ok(()));
        }
    }
    let _ = std::fs::remove_dir_all(&dir);
});
