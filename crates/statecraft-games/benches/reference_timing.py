"""Times Gambit (pygambit) and Nashpy on exactly the games `benches/equilibria.rs` times.

Write the games first, then time them (sequentially: run nothing else meanwhile):

    cargo run --release -p statecraft-games --example bench_games /tmp/bench-games
    python3 -m venv /tmp/games-venv
    /tmp/games-venv/bin/pip install pygambit==16.7.0 nashpy==0.0.43
    /tmp/games-venv/bin/python crates/statecraft-games/benches/reference_timing.py /tmp/bench-games

Each figure is the median of up to 5 runs (fewer when one run takes more than a few seconds).
A run is stopped after --budget seconds (default 900), and a method that was stopped is not
tried on larger games; the table says so. The last column gives the number of equilibria each
enumeration found (they agree).
"""

import argparse
import multiprocessing
import pathlib
import statistics
import time
import warnings

import nashpy
import numpy
import pygambit as gbt

warnings.filterwarnings("ignore")


def repeat(call, answer):
    """Median wall time of up to 5 runs, and how many equilibria the last found."""
    times, result = [], None
    while len(times) < 5 and sum(times) < 5.0:
        start = time.perf_counter()
        result = call()
        times.append(time.perf_counter() - start)
    answer.put((statistics.median(times), len(result) if isinstance(result, list) else None))


def timed(call, budget):
    """`repeat` in a child process (forked: the call needs no pickling), stopped after `budget`
    seconds: (seconds, count), or (None, None) if stopped."""
    answer = multiprocessing.Queue()
    child = multiprocessing.get_context("fork").Process(target=repeat, args=(call, answer))
    child.start()
    child.join(budget)
    if child.is_alive():
        child.kill()
        child.join()
        return None, None
    return answer.get()


def arrays(game):
    players = list(game.players)
    rows, cols = (len(p.strategies) for p in players)
    a = numpy.zeros((rows, cols), dtype=object)
    b = numpy.zeros((rows, cols), dtype=object)
    for i, s in enumerate(players[0].strategies):
        for j, t in enumerate(players[1].strategies):
            a[i, j] = int(game[s, t][players[0]])
            b[i, j] = int(game[s, t][players[1]])
    return a.astype(float), b.astype(float)


def show(seconds, budget):
    if seconds == "skipped":
        return "not run"
    if seconds is None:
        return f"> {budget:.0f} s (stopped)"
    if seconds < 1e-3:
        return f"{seconds * 1e6:.0f} µs"
    if seconds < 1:
        return f"{seconds * 1e3:.1f} ms"
    return f"{seconds:.1f} s"


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("directory")
    parser.add_argument("--budget", type=float, default=900.0)
    args = parser.parse_args()
    folder = pathlib.Path(args.directory)
    over = set()

    def run(method, call):
        if method in over:
            return "skipped", None
        seconds, count = timed(call, args.budget)
        if seconds is None:
            over.add(method)
        return seconds, count

    def cell(seconds):
        return show(seconds, args.budget)

    print(f"pygambit {gbt.__version__}, nashpy {nashpy.__version__}\n")
    print("| n | Gambit enummixed (rational) | Gambit enummixed (float) | Nashpy support enumeration | Nashpy vertex enumeration | equilibria found |")
    print("|---|---|---|---|---|---|")
    for n in range(4, 13):
        game = gbt.read_nfg(str(folder / f"random-{n}x{n}.nfg"))
        a, b = arrays(game)
        nash = nashpy.Game(a, b)
        rational, found_r = run("gambit-rational", lambda: list(gbt.nash.enummixed_solve(game, rational=True).equilibria))
        double, found_d = run("gambit-float", lambda: list(gbt.nash.enummixed_solve(game, rational=False).equilibria))
        support, found_s = run("nashpy-support", lambda: list(nash.support_enumeration()))
        vertex, found_v = run("nashpy-vertex", lambda: list(nash.vertex_enumeration()))
        counts = [str(c) if c is not None else "-" for c in (found_r, found_d, found_s, found_v)]
        print(f"| {n} | {cell(rational)} | {cell(double)} | {cell(support)} | {cell(vertex)} | "
              f"{'/'.join(counts)} |", flush=True)

    print("\n| n | Gambit lcp (float, one equilibrium) | Gambit lcp (rational, one) | Nashpy lemke_howson (label 0) |")
    print("|---|---|---|---|")
    for n in (100, 200):
        game = gbt.read_nfg(str(folder / f"random-{n}x{n}.nfg"))
        a, b = arrays(game)
        nash = nashpy.Game(a, b)
        lcp, _ = run("gambit-lcp", lambda: gbt.nash.lcp_solve(game, rational=False, stop_after=1))
        lcp_rational, _ = run("gambit-lcp-rational", lambda: gbt.nash.lcp_solve(game, rational=True, stop_after=1))
        lemke, _ = run("nashpy-lh", lambda: nash.lemke_howson(initial_dropped_label=0))
        print(f"| {n} | {cell(lcp)} | {cell(lcp_rational)} | {cell(lemke)} |", flush=True)


if __name__ == "__main__":
    main()
