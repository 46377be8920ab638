#!/usr/bin/env python3
"""Times everyday array operations in convlab and NumPy, side by side in one run.

    swift build -c release
    python3 Benchmarks/numpy_peers.py [--rounds 5] [--repeat 30]

The arrays are the same in both (NumPy's legacy seeded stream, which convlab reproduces):
`a`, `b`, `c` of 4,000,000 float32 elements and `x` of shape (8, 56, 56, 64) float32, `w` of (512, 512) float32. Each
operation runs as written in both, and its result must print the same in both before its time
counts (`@` to within float32 rounding: past one GEMM slice of K it adds in another order than
OpenBLAS, so a last printed digit may differ). Operations that make a view in NumPy (slices, transposes) are timed as
`np.ascontiguousarray(...)`, so both sides copy the elements. Timing goes round `--rounds`
times, convlab then NumPy, each taking the median of `--repeat` runs after a warm-up; each
side's figure is the median of its per-round medians, so a burst of noise on a shared machine
hits both alike. The table's ratio is NumPy's time over convlab's: above 1, convlab is faster.
NumPy runs element-wise work on one thread and `@` on OpenBLAS's threads; convlab uses the
machine's cores for large arrays.
"""
import argparse
import math
import os
import re
import subprocess
import sys
import timeit

import numpy as np

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BINARY = os.environ.get("CONVLAB_BINARY", os.path.join(ROOT, ".build", "release", "convlab"))

SETUP = [
    "import numpy as np",
    "np.random.seed(0)",
    "a = np.random.rand(4000000).astype(np.float32)",
    "b = np.random.rand(4000000).astype(np.float32)",
    "c = np.random.rand(4000000).astype(np.float32)",
    "x = np.random.rand(8, 56, 56, 64).astype(np.float32)",
    "w = np.random.rand(512, 512).astype(np.float32)",
]

OPERATIONS = [
    "a.sum()",
    "np.exp(a)",
    "np.maximum(a, 0)",
    "x.mean(axis=(1, 2))",
    "np.ascontiguousarray(x[:, ::2, ::2, :])",
    "x.max(axis=-1)",
    "np.ascontiguousarray(x.transpose(0, 3, 1, 2))",
    "a * b + c",
    "np.concatenate([x, x], axis=3)",
    "w @ w",
]

# Operations whose sums are ordered differently from NumPy's BLAS: compared number by number.
SUMMATION_ORDER_DIFFERS = {"w @ w"}
NUMBER = re.compile(r"-?(?:\d+\.?\d*|\.\d+)(?:e[+-]?\d+)?")


def same_printout(mine, theirs, tolerant):
    if mine == theirs:
        return True
    if not tolerant or NUMBER.sub("#", mine).split() != NUMBER.sub("#", theirs).split():
        return False
    pairs = zip(NUMBER.findall(mine), NUMBER.findall(theirs))
    return all(math.isclose(float(x), float(y), rel_tol=1e-5) for x, y in pairs)


def convlab_times(repeat):
    """One convlab session: the setup, each result's text, then each operation timed."""
    lines = SETUP[:]
    for operation in OPERATIONS:
        lines.append(f"print({operation})")
    for operation in OPERATIONS:
        lines.append(f"timeit({operation}, repeat={repeat})")
    result = subprocess.run([BINARY, "--plain"], input="\n".join(lines) + "\n", capture_output=True, text=True,
                            check=False)
    medians = re.findall(r"median ([0-9.]+) (ns|µs|ms|s)", result.stdout)
    if len(medians) != len(OPERATIONS):
        raise RuntimeError(f"convlab did not time every operation:\n{result.stdout}\n{result.stderr}")
    scale = {"ns": 1e-6, "µs": 1e-3, "ms": 1.0, "s": 1e3}
    printed = [line for line in result.stdout.splitlines() if not line.startswith((">>>", "...", "median"))]
    return [float(value) * scale[unit] for value, unit in medians], "\n".join(printed)


def numpy_times(env, repeat):
    times = []
    for operation in OPERATIONS:
        timer = timeit.Timer(operation, globals=env)
        timer.timeit(1)  # warm-up
        runs = sorted(timer.repeat(repeat=repeat, number=1))
        times.append(runs[len(runs) // 2] * 1e3)
    return times


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--repeat", type=int, default=30)
    args = parser.parse_args()
    if not os.path.exists(BINARY):
        sys.exit(f"{BINARY} is missing: run `swift build -c release` first")
    np.set_printoptions(precision=4)
    env = {"np": np}
    for statement in SETUP:
        exec(statement, env)
    # The results must agree before any time counts.
    _, printed = convlab_times(1)
    body = [line for line in printed.splitlines() if not line.startswith(("a:", "b:", "c:", "x:", "w:"))]
    for operation in OPERATIONS:
        expected = str(eval(operation, env))
        count = len(expected.splitlines())
        mine, body = "\n".join(body[:count]), body[count:]
        if not same_printout(mine, expected, operation in SUMMATION_ORDER_DIFFERS):
            sys.exit(f"convlab's result for {operation} differs from NumPy's:\n{mine}\n---\n{expected}")
    ours, theirs = [[] for _ in OPERATIONS], [[] for _ in OPERATIONS]
    for _ in range(args.rounds):
        for index, value in enumerate(convlab_times(args.repeat)[0]):
            ours[index].append(value)
        for index, value in enumerate(numpy_times(env, args.repeat)):
            theirs[index].append(value)
    print(f"NumPy {np.__version__}, {args.rounds} rounds × {args.repeat} runs; times are medians in ms")
    print(f"| operation | convlab | NumPy | × NumPy's speed |")
    print(f"|---|---:|---:|---:|")
    ratios = []
    for operation, mine, numpy in zip(OPERATIONS, ours, theirs):
        mine, numpy = float(np.median(mine)), float(np.median(numpy))
        ratios.append(numpy / mine)
        print(f"| `{operation}` | {mine:.3f} | {numpy:.3f} | {numpy / mine:.2f} |")
    geomean = math.exp(sum(math.log(r) for r in ratios) / len(ratios))
    print(f"| geometric mean | | | {geomean:.2f} |")


if __name__ == "__main__":
    main()
