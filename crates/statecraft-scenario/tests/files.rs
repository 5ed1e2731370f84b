//! Scenario files on disk: what `extends` may name, how much is read, and what an error shows.

use std::path::{Path, PathBuf};

use statecraft_scenario::{Diagnostics, Disk, Loaded, load};

/// A directory of its own under the system's temporary directory, removed at the end.
struct Dir(PathBuf);

impl Dir {
    fn new(name: &str) -> Dir {
        let path = std::env::temp_dir().join(format!("statecraft-files-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&path);
        std::fs::create_dir_all(&path).unwrap();
        Dir(path)
    }

    fn write(&self, name: &str, text: impl AsRef<[u8]>) -> PathBuf {
        let path = self.0.join(name);
        std::fs::write(&path, text).unwrap();
        path
    }
}

impl Drop for Dir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

const BASE: &str = r#"Scenario(name: "base", months: 12, actors: [
    UsAdministration(id: "us_admin", ceiling: "H20-class", share: 0.15),
    Beijing(id: "beijing", antitrust_target: ""),
])"#;

fn try_load(path: &Path) -> Result<Loaded, Diagnostics> {
    load(path, &Disk, &[], &|_| Vec::new())
}

/// The first error's location and the whole rendered message.
fn refused(path: &Path) -> (String, String) {
    let d = try_load(path).expect_err("should be refused");
    (d.first_location().unwrap_or_default(), d.render(false))
}

#[test]
fn an_endless_or_oversized_scenario_is_refused_at_the_limit() {
    let dir = Dir::new("size");
    if Path::new("/dev/zero").exists() {
        let (_, text) = refused(Path::new("/dev/zero"));
        assert!(text.contains("cannot read scenario `/dev/zero`: it is larger than 16 MiB"), "{text}");
    }
    let big = dir.0.join("big.ron");
    std::fs::File::create(&big).unwrap().set_len(statecraft_scenario::SCENARIO_LIMIT + 1).unwrap();
    let (_, text) = refused(&big);
    assert!(text.contains("it is larger than 16 MiB"), "{text}");
    // The limit holds for a scenario and its ancestors together.
    let padding = " ".repeat(9 << 20);
    dir.write("parent.ron", format!("{BASE}{padding}"));
    let child = dir.write("child.ron", format!("Scenario(extends: \"parent.ron\"){padding}"));
    let (at, text) = refused(&child);
    assert!(at.ends_with("child.ron:1:19"), "{at}");
    assert!(text.contains("hold at most 16 MiB together"), "{text}");
}

#[test]
fn invalid_utf8_is_located_at_its_first_byte() {
    let dir = Dir::new("utf8");
    let bad = dir.write("bad.ron", b"Scenario(\n    name: \"caf\xe9\",\n)".as_slice());
    let (at, text) = refused(&bad);
    assert!(at.ends_with("bad.ron:2:15"), "{at}");
    assert!(text.contains("is not UTF-8 text from here on"), "{text}");
    assert!(text.contains("save the file as UTF-8 text"), "{text}");
}

#[test]
fn extends_names_only_regular_ron_files_and_never_shows_another_file() {
    let dir = Dir::new("targets");
    dir.write("base.ron", BASE);
    let secret = dir.write("shadow", "root:$6$SECRETHASH:19000:0:99999:7:::\n");
    let cases: Vec<(String, &str)> = vec![
        (secret.display().to_string(), "which is not a `.ron` file"),
        ("missing.ron".into(), "no such file"),
        ("folder.ron".into(), "it is a directory"),
        ("zero.ron".into(), "its target (`/dev/zero`) is not a `.ron` file"),
        ("secret.ron".into(), "its target (`"),
        ("fifo.ron".into(), "it is not a regular file (a device, a FIFO or a socket)"),
    ];
    std::fs::create_dir_all(dir.0.join("folder.ron")).unwrap();
    #[cfg(unix)]
    {
        std::os::unix::fs::symlink("/dev/zero", dir.0.join("zero.ron")).unwrap();
        std::os::unix::fs::symlink(&secret, dir.0.join("secret.ron")).unwrap();
    }
    let fifo = std::process::Command::new("mkfifo").arg(dir.0.join("fifo.ron")).status().is_ok_and(|s| s.success());
    if !fifo {
        eprintln!("note: no `mkfifo` here: the FIFO case is skipped");
    }
    for (target, why) in cases {
        if (target == "fifo.ron" && !fifo) || (cfg!(not(unix)) && target.ends_with("o.ron")) {
            continue;
        }
        let child = dir.write("child.ron", format!("Scenario(extends: \"{target}\")"));
        let (at, text) = refused(&child);
        assert!(at.ends_with("child.ron:1:19"), "{target}: {at}");
        assert!(text.contains(why), "{target}: {text}");
        assert!(!text.contains("SECRETHASH"), "{target}: {text}");
    }
    // Absolute paths and paths up the tree are fine when they name a scenario.
    let sub = dir.0.join("sub");
    std::fs::create_dir_all(&sub).unwrap();
    let absolute = dir.0.join("base.ron").display().to_string();
    std::fs::write(sub.join("a.ron"), format!("Scenario(extends: \"{absolute}\", name: \"a\")")).unwrap();
    std::fs::write(sub.join("b.ron"), "Scenario(extends: \"../base.ron\", name: \"b\")").unwrap();
    assert_eq!(try_load(&sub.join("a.ron")).unwrap_or_else(|d| panic!("{d}")).scenario.name, "a");
    assert_eq!(try_load(&sub.join("b.ron")).unwrap_or_else(|d| panic!("{d}")).scenario.name, "b");
}
