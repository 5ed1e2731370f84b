//! Tells the binary its source revision (for replay files), when it is built from a git
//! checkout: `dcc7ace4311f`, or `dcc7ace4311f-dirty` when its sources have uncommitted changes.
//! `STATECRAFT_REVISION` set at build time overrides it (empty: no revision), which is how the
//! golden replays are made without one.

use std::process::Command;

/// What the binary is built from: an uncommitted change here makes the build dirty.
const SOURCES: [&str; 7] = ["Cargo.toml", "Cargo.lock", "build.rs", "src", "crates", "assets", "scenarios"];

fn git(args: &[&str]) -> Option<String> {
    let out = Command::new("git").args(args).output().ok().filter(|out| out.status.success())?;
    Some(String::from_utf8(out.stdout).ok()?.trim().to_string())
}

fn main() {
    println!("cargo:rerun-if-env-changed=STATECRAFT_REVISION");
    if std::env::var_os("STATECRAFT_REVISION").is_some() {
        return;
    }
    let Some(head) = git(&["rev-parse", "--short=12", "HEAD"]).filter(|s| !s.is_empty()) else { return };
    // A new commit moves HEAD or a ref; staging changes the index; an edit, even unstaged,
    // touches the sources. (In a worktree, HEAD and the index live in its own git directory; a
    // path that does not exist would make cargo rerun this script on every build.)
    let dirs = [git(&["rev-parse", "--git-dir"]), git(&["rev-parse", "--git-common-dir"])];
    let git_files = dirs
        .into_iter()
        .flatten()
        .flat_map(|dir| ["HEAD", "index", "packed-refs", "refs/heads"].map(|f| format!("{dir}/{f}")));
    for path in git_files.chain(SOURCES.map(String::from)).filter(|p| std::path::Path::new(p).exists()) {
        println!("cargo:rerun-if-changed={path}");
    }
    let status = git(&[&["--no-optional-locks", "status", "--porcelain", "--"][..], &SOURCES].concat());
    let dirty = status.is_none_or(|status| !status.is_empty());
    let revision = if dirty { format!("{head}-dirty") } else { head };
    println!("cargo:rustc-env=STATECRAFT_REVISION={revision}");
}
