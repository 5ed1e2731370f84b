# Times nashpy on one random n x n game: python3 nashpy_timing.py {support|vertex|lh} N
import time, sys, numpy, nashpy
rng = numpy.random.default_rng(1)
kind, n = sys.argv[1], int(sys.argv[2])
A, B = rng.uniform(-1, 1, (n, n)), rng.uniform(-1, 1, (n, n))
g = nashpy.Game(A, B)
t = time.perf_counter()
if kind == "support": r = list(g.support_enumeration())
elif kind == "vertex": r = list(g.vertex_enumeration())
else: r = g.lemke_howson(initial_dropped_label=0)
print(kind, n, f"{time.perf_counter() - t:.3f} s")
