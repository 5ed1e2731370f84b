#!/usr/bin/env python3
"""Hostile-user harness for issue 15: mutated inputs per reader, run through the command line.

    tests/hostile/hostile.py generate DIR [--per-target N] [--seed S]
    tests/hostile/hostile.py run DIR BINARY [--timeout SECONDS] [--jobs J] [--targets a,b]

`generate` writes N mutated inputs per target under DIR/inputs/TARGET/ (deterministic for a
given seed), from the committed fuzz corpora and the shipped scenarios, and from a small run
directory, its replay and the two shards of a small experiment that the binary given by
--maker writes first (the base files, mutated afterwards). `run` runs BINARY on
every input with a timeout and an address-space limit, and prints a table of outcomes:

    exit 0 | exit 1 | exit 2 located (file:line:col) | exit 2 unlocated | panic (101) |
    signal | timeout | other exit code

Every panic, signal or timeout is a bug; `run` lists those inputs in DIR/results-NAME.txt.
Nothing here depends on the binary's version: the same inputs serve an old and a new binary.
"""

import argparse
import concurrent.futures
import os
import random
import re
import resource
import shutil
import signal
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
CORPUS = ROOT / "fuzz" / "corpus"
SCENARIOS = ROOT / "scenarios"
TARGETS = ["scenario", "set", "nfg", "ron_game", "replay", "run_dir", "work_dir"]
# A location: FILE:LINE:COL (RON, .nfg), "line L, column C" (bytes that are not UTF-8), or
# FILE.csv:LINE (a table, whose records are lines).
LOCATED = re.compile(r":\d+:\d+|line \d+, column \d+|\.csv:\d+")
MEMORY = 3 << 30  # address space per process: an unbounded read fails instead of swamping the machine

# Tokens a hostile user types: extremes of every kind the readers take.
TOKENS = [
    "[" * 12000, "(" * 12000, "{" * 12000, "Some(" * 11000, '"' + "x" * 70000 + '"',
    "1e308", "-1e308", "1e309", "1e200", "NaN", "inf", "-0.0", "0", "-1", "18446744073709551616",
    "9223372036854775808", "18446744073709551615", "-9223372036854775809", "4294967296",
    "\ufeff", "\xff", "\x00", "\\u{0}", '"', "'", "/*", "//", "#![enable(implicit_some)]",
    "extends: \"/dev/zero\",", "extends: \"/etc/shadow\",", "extends: \"input.ron\",",
    "extends: \"full-ban\",", "extends: \"../../../../etc/passwd.ron\",", "events: Append([]),",
    "events: Replace([]),", "months: 1000000000,", "months: 0,", "months: -5,", "seed: 18446744073709551615,",
    "1000000000", "999999999999", "()", "[]", "None", "Some(1)", "true", "\u00e9\u00e9", "\U0001F600" * 100,
]
SETS = [
    "us_admin.share", "world.relations.tension", "months", "seed", "start", "events", "actors",
    "us_admin.rule", "us_admin.ceiling", "nvidia.china_allocation", "beijing.approval_rate", "chips",
    "ceilings", "bills", "name", "world.compute.lifetime_months", "x" * 5000, "", ".", "us_admin..share",
]


def mutate(rng: random.Random, data: bytes, tokens=TOKENS) -> bytes:
    """One to four random edits: flip, insert, delete, duplicate, splice a token, truncate."""
    data = bytearray(data)
    for _ in range(rng.randint(1, 4)):
        n = len(data)
        op = rng.randrange(8)
        at = rng.randrange(n + 1) if n else 0
        if op == 0 and n:
            data[rng.randrange(n)] = rng.randrange(256)
        elif op == 1:
            data[at:at] = bytes(rng.randrange(256) for _ in range(rng.randint(1, 8)))
        elif op == 2 and n:
            data[at:at + rng.randint(1, 64)] = b""
        elif op == 3 and n:
            span = data[at:at + rng.randint(1, 256)]
            data[at:at] = span * rng.randint(1, 50)
        elif op in (4, 5):
            data[at:at] = rng.choice(tokens).encode("utf-8", "surrogatepass")
        elif op == 6 and n:
            # Replace a number or a string with an extreme.
            m = list(re.finditer(rb"-?\d+(\.\d+)?(e-?\d+)?|\"[^\"\n]*\"", bytes(data)))
            if m:
                hit = rng.choice(m)
                data[hit.start():hit.end()] = rng.choice(tokens).encode("utf-8", "surrogatepass")
        elif op == 7 and n:
            del data[rng.randrange(n):]
    return bytes(data)


def shipped() -> list[Path]:
    return sorted(SCENARIOS.glob("*.ron"))


def gen_scenario(rng, out: Path, i: int):
    base = rng.choice(shipped()).read_bytes()
    if rng.random() < 0.3:
        # A short scenario that extends a shipped one, or a chain of them.
        parent = rng.choice(shipped()).name
        base = f'Scenario(extends: "{parent}", name: "mine", months: 6, events: Append([ScenarioEvent(at: "2026-02", event: TensionShock(0.1))]))'.encode()
    (out / f"{i:05}.ron").write_bytes(mutate(rng, base))
    if rng.random() < 0.05:
        # A chain of extends files beside it.
        depth = rng.choice([3, 40, 300])
        d = out / f"{i:05}.chain"
        d.mkdir()
        for k in range(depth):
            parent = f"c{k + 1}.ron" if k + 1 < depth else "full-ban.ron"
            (d / f"c{k}.ron").write_text(f'Scenario(extends: "{parent}", name: "c{k}")')
        (out / f"{i:05}.ron").write_text(f'Scenario(extends: "{i:05}.chain/c0.ron")')


def gen_set(rng, out: Path, i: int):
    path = rng.choice(SETS)
    value = rng.choice(TOKENS + ["0.5", "\"H20-class\"", "Logit(lambda: 2.0)", "[0.0, 0.5]"])
    text = f"{path}={value}"
    if rng.random() < 0.6:
        text = mutate(rng, text.encode()).decode("utf-8", "replace")
    (out / f"{i:05}.set").write_text(text.replace("\x00", ""), encoding="utf-8", errors="surrogatepass")


def gen_file(rng, out: Path, i: int, sources: list[Path], ext: str):
    (out / f"{i:05}.{ext}").write_bytes(mutate(rng, rng.choice(sources).read_bytes()))


def gen_dir(rng, out: Path, i: int, base: Path):
    """A copy of a run or experiment directory with one or two of its files mutated."""
    d = out / f"{i:05}"
    shutil.copytree(base, d, symlinks=True)
    files = sorted(p for p in d.rglob("*") if p.is_file())
    for f in rng.sample(files, k=min(len(files), rng.choice([1, 1, 2]))):
        if rng.random() < 0.05:
            f.unlink()
            os.symlink("/dev/zero", f)
        else:
            f.write_bytes(mutate(rng, f.read_bytes()))


def make_bases(maker: str, where: Path):
    """A 2-month run, and the two shards of a 70-run ensemble of one month."""
    where.mkdir(parents=True, exist_ok=True)
    sh = lambda *a: subprocess.run([maker, *a], cwd=where, check=True, capture_output=True)
    sh("run", "--months", "2", "--out", "run")
    for k in ("1", "2"):
        sh("ensemble", "full-ban", "--runs", "70", "--months", "1", "--shard", f"{k}/2", "--out", f"s{k}")
    for name in ("charts", "report.html", "summary.json", "summary.ron"):
        p = where / "run" / name
        shutil.rmtree(p) if p.is_dir() else p.unlink()


def generate(args):
    rng = random.Random(args.seed)
    top = Path(args.dir)
    bases = top / "bases"
    make_bases(args.maker, bases)
    shutil.copytree(bases / "s2", top / "s2")
    inputs = top / "inputs"
    for t in TARGETS:
        out = inputs / t
        out.mkdir(parents=True, exist_ok=True)
        for i in range(args.per_target):
            if t == "scenario":
                gen_scenario(rng, out, i)
            elif t == "set":
                gen_set(rng, out, i)
            elif t == "nfg":
                gen_file(rng, out, i, sorted((CORPUS / "nfg").iterdir()), "nfg")
            elif t == "ron_game":
                gen_file(rng, out, i, sorted((CORPUS / "ron_game").iterdir()), "ron")
            elif t == "replay":
                gen_file(rng, out, i, [bases / "run" / "replay.ron"], "ron")
            elif t == "run_dir":
                gen_dir(rng, out, i, bases / "run")
            elif t == "work_dir":
                gen_dir(rng, out, i, bases / "s1")
    print(f"wrote {args.per_target} inputs for each of {', '.join(TARGETS)} under {inputs}")


METHODS = ["all", "lemke-howson", "pure", "qre", "qre-path"]


def command(target: str, item: Path, top: Path, scratch: Path, i: int) -> list[str]:
    """The command line for one input (the same for any binary)."""
    if target == "scenario":
        return ["validate", str(item)]
    if target == "set":
        return ["validate", "--set", item.read_text(encoding="utf-8", errors="surrogateescape")]
    if target in ("nfg", "ron_game"):
        # A different reader of the game each time: solve by each method, learn, evolve.
        pick = i % 7
        if pick < 5:
            return ["solve", str(item), "--method", METHODS[pick]]
        return ["learn", str(item), "--rule", "fictitious-play", "--rounds", "50"] if pick == 5 else ["evolve", str(item), "--steps", "50"]
    if target == "replay":
        return ["replay", str(item), "--out", str(scratch / "out")]
    if target == "run_dir":
        d = scratch / "run"
        shutil.copytree(item, d, symlinks=True)
        return ["plot", str(d)]
    if target == "work_dir":
        d = scratch / "s1"
        shutil.copytree(item, d, symlinks=True)
        return ["merge", "--out", str(scratch / "merged"), str(d), str(top / "s2")]
    raise ValueError(target)


def limit():
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY, MEMORY))
    os.setpgrp()


def classify(binary: str, target: str, item: Path, top: Path, i: int, timeout: float) -> tuple[str, str]:
    with tempfile.TemporaryDirectory(prefix="hostile-") as scratch:
        scratch = Path(scratch)
        argv = [binary] + command(target, item, top, scratch, i)
        env = dict(os.environ, NO_COLOR="1")
        proc = subprocess.Popen(argv, cwd=scratch, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                                preexec_fn=limit, env=env)
        try:
            _, err = proc.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.communicate()
            return "timeout", ""
        # The scratch directory's name differs each time: not part of the message.
        err = err[:200_000].decode("utf-8", "replace").replace(str(scratch), "SCRATCH")
        rc = proc.returncode
        if rc == 0:
            return "exit 0", ""
        if rc == 1:
            return "exit 1", ""
        if rc == 2:
            return ("exit 2 located" if LOCATED.search(err) else "exit 2 unlocated"), err.strip().splitlines()[0][:160] if err.strip() else ""
        if rc == 101:
            return "panic", err[-400:]
        if rc < 0:
            return f"signal", f"signal {-rc}: " + err[-400:]
        return "other", f"exit {rc}: " + err[-400:]


OUTCOMES = ["exit 0", "exit 1", "exit 2 located", "exit 2 unlocated", "panic", "signal", "timeout", "other"]


def run(args):
    top = Path(args.dir).resolve()
    targets = args.targets.split(",") if args.targets else TARGETS
    name = args.name or Path(args.binary).name
    table = {}
    bugs = []
    unlocated = {}
    for t in targets:
        items = sorted((top / "inputs" / t).iterdir())
        items = [p for p in items if not p.name.endswith(".chain")]
        counts = dict.fromkeys(OUTCOMES, 0)
        with concurrent.futures.ThreadPoolExecutor(args.jobs) as pool:
            futures = {pool.submit(classify, args.binary, t, p, top, i, args.timeout): p for i, p in enumerate(items)}
            for f in concurrent.futures.as_completed(futures):
                outcome, detail = f.result()
                counts[outcome] += 1
                if outcome in ("panic", "signal", "timeout", "other"):
                    bugs.append(f"{t} {futures[f].name} {outcome}: {detail}")
                if outcome == "exit 2 unlocated":
                    unlocated.setdefault((t, detail), futures[f].name)
        table[t] = (len(items), counts)
        print(f"{t}: {len(items)} inputs: " + ", ".join(f"{k} {v}" for k, v in counts.items() if v), flush=True)
    print(f"\n| target | inputs | " + " | ".join(OUTCOMES) + " |")
    print("|---|---|" + "---|" * len(OUTCOMES))
    for t, (n, counts) in table.items():
        print(f"| `{t}` | {n} | " + " | ".join(str(counts[o]) for o in OUTCOMES) + " |")
    report = top / f"results-{name}.txt"
    with report.open("w") as f:
        f.write("\n".join(bugs) + "\n\nexit 2 without a location, one input each:\n")
        f.write("\n".join(f"{t} {n}: {d}" for (t, d), n in sorted(unlocated.items())) + "\n")
    print(f"\n{len(bugs)} panics, signals, timeouts or other exit codes: listed in {report}")


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = p.add_subparsers(dest="cmd", required=True)
    g = sub.add_parser("generate")
    g.add_argument("dir")
    g.add_argument("--maker", required=True, help="the binary that makes the base run and shards")
    g.add_argument("--per-target", type=int, default=500)
    g.add_argument("--seed", type=int, default=15)
    r = sub.add_parser("run")
    r.add_argument("dir")
    r.add_argument("binary")
    r.add_argument("--name")
    r.add_argument("--timeout", type=float, default=20.0)
    r.add_argument("--jobs", type=int, default=1)
    r.add_argument("--targets")
    args = p.parse_args()
    generate(args) if args.cmd == "generate" else run(args)


if __name__ == "__main__":
    sys.exit(main())
