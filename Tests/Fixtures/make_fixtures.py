#!/usr/bin/env python3
"""Writes convlab's NumPy fixtures. Run from the repository root:

    python3 Tests/Fixtures/make_fixtures.py

Needs only NumPy (2.x). CI never runs this; the generated files are committed.

printing/cases.json  NumPy's str(a) for float32 tensors under given print options. Small
                     tensors are stored as .npy; large ones are described by a generator
                     spec (NumPy's legacy seeded rand/randn, or arange) that convlab
                     reproduces, so the summarized (4, 20, 16, 24, 32) case costs no space.
npy/                 .npy files of every dtype, byte order, memory order and format version
                     convlab reads, with the float32 values NumPy's astype gives (as bits),
                     files np.save writes for float32 (convlab's writer must match them byte
                     for byte), and real files convlab must refuse (complex, object).
random.json          the first values of np.random.rand / randn after np.random.seed(s).
"""
import io
import json
import os
import shutil

import numpy as np

ROOT = os.path.dirname(os.path.abspath(__file__))
f32 = np.float32


def reset(folder):
    path = os.path.join(ROOT, folder)
    shutil.rmtree(path, ignore_errors=True)
    os.makedirs(path)
    return path


def seeded(kind, seed, shape, scale=1.0):
    """A tensor convlab can regenerate: NumPy's legacy generator, as float32, times scale."""
    np.random.seed(seed)
    draw = np.random.rand if kind == "rand" else np.random.randn
    data = draw(*shape).astype(f32)
    if scale != 1.0:
        data = (data * f32(scale)).astype(f32)
    return data, {"kind": kind, "seed": seed, "shape": list(shape), "scale": scale}


def arange(shape, scale=1.0, offset=0.0):
    count = int(np.prod(shape))
    data = ((np.arange(count, dtype=np.float64) * scale + offset).astype(f32)).reshape(shape)
    return data, {"kind": "arange", "shape": list(shape), "scale": scale, "offset": offset}


def printing_cases():
    r = np.random.default_rng(20261121)

    def arr(values, shape=None):
        a = np.array(values, dtype=f32)
        return a.reshape(shape) if shape is not None else a

    cases = []

    def add(name, data, options=None, spec=None):
        cases.append((name, data, options or {}, spec))

    def add_generated(name, pair, options=None):
        data, spec = pair
        add(name, data, options, spec)

    # rank 0: printed as the float32 scalar (shortest repr, no precision applied)
    for name, value in [("pi", np.pi), ("zero", 0.0), ("neg_zero", -0.0), ("nan", np.nan),
                        ("inf", np.inf), ("neg_inf", -np.inf), ("max", 3.4028235e38),
                        ("subnormal", 1e-45), ("1e-4", 1e-4), ("1.0001e-4", 1.0001e-4),
                        ("1e6", 1e6), ("999999", 999999.0), ("seven", 7.0), ("tenth", 0.1),
                        ("neg_large", -123456.789)]:
        add(f"r0_{name}", arr(value))

    # rank 1
    add("r1_half_one", arr([0.5, 1.0]))
    add("r1_integers", arr([1, 2, 3, -4]))
    add("r1_mixed_signs", r.standard_normal(10).astype(f32))
    add("r1_tiny", (r.random(6) * 1e-7).astype(f32))
    add("r1_huge", (r.random(6) * 1e7).astype(f32))
    add("r1_mixed_magnitudes", arr([1e-3, 1.0, 12345.0, -2.5]))
    add("r1_ratio_just_over_1000", arr([0.001, 1.0000001]))
    add("r1_ratio_1000", arr([1.0, 1000.0]))
    add("r1_nan_inf", arr([np.nan, 1.0, -np.inf, 2.5]))
    add("r1_nan_only", arr([np.nan, np.nan]))
    add("r1_inf_only", arr([np.inf, -np.inf]))
    add("r1_nan_inf_only", arr([np.nan, np.inf]))
    add("r1_signed_zeros", arr([-0.0, 0.0]))
    add("r1_wrap_rand", r.random(30).astype(f32))
    add("r1_wrap_randn_100", (r.standard_normal(50) * 100).astype(f32))
    add("r1_rounds_up", arr([9.99995, 0.99999, 1.5]))
    add("r1_round_half_cases", arr([0.00005, 0.00015, 0.12345, 2.5e-5]))
    add("r1_1e-5_and_1", arr([1e-5, 1.0]))
    add("r1_1e6", arr([1e6, 1.5]))
    add("r1_999999", arr([999999.0, 1.5]))
    add("r1_large_ints", arr([123456789.0, 2.0]))
    add("r1_float32_extremes", arr([3.4028235e38, -3.4028235e38, 1.1754944e-38]))
    add("r1_subnormals", arr([1e-45, 1e-40, -3e-42]))
    add("r1_linspace", np.linspace(0, 1, 7).astype(f32))
    add_generated("r1_exactly_threshold", arange([1000], 0.5))
    add_generated("r1_over_threshold", arange([1001], 0.25))
    add("r1_exp_mixed_exponents", arr([1e-30, 1e30, 1.0]))
    add("r1_negative_small", arr([-1e-5, -2e-6]))

    # rank 2
    add("r2_eye", np.eye(3, dtype=f32))
    add("r2_rand", r.random((3, 4)).astype(f32))
    add("r2_randn_1000", (r.standard_normal((5, 5)) * 1000).astype(f32))
    add("r2_integers", r.integers(-50, 50, (4, 6)).astype(f32))
    add("r2_wide_rows", r.standard_normal((3, 20)).astype(f32))
    add("r2_nan_inf", arr([[np.nan, 1], [np.inf, -2.25]]))
    add("r2_empty_rows", np.zeros((0, 3), dtype=f32))
    add("r2_empty_cols", np.zeros((2, 0), dtype=f32))
    add("r2_single", arr([[4.0]]))
    add("r2_column", r.random((5, 1)).astype(f32))
    add_generated("r2_summarized", seeded("randn", 3, (40, 40)))
    add_generated("r2_long_rows_summarized", seeded("rand", 4, (3, 400)))
    add("r2_sci", (r.standard_normal((3, 3)) * 1e-6).astype(f32))

    # rank 3 to 5
    add("r3_rand", r.random((2, 3, 4)).astype(f32))
    add("r3_sci", (r.standard_normal((3, 3, 3)) * 1e-5).astype(f32))
    add("r3_wrap", r.standard_normal((2, 2, 20)).astype(f32))
    add("r3_empty_middle", np.zeros((2, 0, 3), dtype=f32))
    add("r4_small", r.standard_normal((2, 2, 2, 2)).astype(f32))
    add_generated("r4_arange", arange([3, 4, 5, 6]))
    add_generated("r4_summarized", seeded("rand", 5, (10, 10, 10, 2)))
    add("r5_small", r.standard_normal((2, 1, 2, 1, 2)).astype(f32))
    add_generated("r5_docs_shape_summarized", seeded("rand", 0, (4, 20, 16, 24, 32)))
    add_generated("r5_randn_summarized", seeded("randn", 7, (2, 3, 8, 8, 30), 10.0))
    add("r5_empty", np.zeros((2, 0, 3, 1, 1), dtype=f32))

    # print options
    mixed = r.standard_normal(12).astype(f32)
    add("opt_precision_8", mixed, {"precision": 8})
    add("opt_precision_2", mixed, {"precision": 2})
    add("opt_precision_0", (mixed * 10).astype(f32), {"precision": 0})
    add("opt_suppress_tiny", arr([1e-7, 0.5, 123.25]), {"suppress": True})
    add("opt_suppress_huge", arr([1e10, 1e-7, 0.5]), {"suppress": True})
    add("opt_suppress_large_ints", arr([123456789.0, 1e-7, 0.5]), {"suppress": True})
    add("opt_threshold_10", r.random(12).astype(f32), {"threshold": 10})
    add("opt_edgeitems_1", r.random((5, 5)).astype(f32), {"threshold": 10, "edgeitems": 1})
    add("opt_linewidth_40", r.standard_normal((2, 12)).astype(f32), {"linewidth": 40})
    add("opt_linewidth_10", r.random(6).astype(f32), {"linewidth": 10})
    add("opt_floatmode_fixed", arr([0.5, 1.0, 0.123456]), {"floatmode": "fixed"})
    add("opt_floatmode_unique", arr([0.1, 1.0, 0.123456789]), {"floatmode": "unique"})
    add("opt_floatmode_maxprec_equal", arr([0.5, 1.0, 0.12]), {"floatmode": "maxprec_equal"})
    add("opt_fixed_sci", arr([1e-5, 1.0, 3.0]), {"floatmode": "fixed"})
    add("opt_precision_8_sci", (r.standard_normal(5) * 1e-6).astype(f32), {"precision": 8})
    add("opt_nanstr", arr([np.nan, 1.0, np.inf]), {"nanstr": "NaN", "infstr": "Inf"})
    return cases


def write_printing():
    folder = reset("printing")
    manifest = []
    for name, data, options, spec in printing_cases():
        opts = {"precision": 4}
        opts.update(options)
        with np.printoptions(**opts):
            expected = str(data)
        entry = {"name": name, "options": opts, "expected": expected}
        if spec is not None:
            entry["generate"] = spec
        else:
            np.save(os.path.join(folder, name + ".npy"), np.asarray(data, dtype=f32))
            entry["file"] = name + ".npy"
        manifest.append(entry)
    with open(os.path.join(folder, "cases.json"), "w") as handle:
        json.dump({"numpy": np.__version__, "cases": manifest}, handle, indent=1)
    return len(manifest)


def write_npy():
    folder = reset("npy")
    values = {
        "f2": [0.0, -1.5, 65504.0, 6e-8, np.inf, 0.333],
        "f4": [0.0, -1.5, 3.4028235e38, 1e-45, -np.inf, 0.1],
        "f8": [0.0, -1.5, 1e300, 1e-300, 0.1, 2.0 ** 60 + 1],
        "i1": [0, -128, 127, -1, 5, 100],
        "i2": [0, -32768, 32767, -1, 300, 12345],
        "i4": [0, -2 ** 31, 2 ** 31 - 1, -1, 16777217, 123456789],
        "i8": [0, -2 ** 63, 2 ** 63 - 1, -1, 2 ** 53 + 1, 16777217],
        "u1": [0, 255, 1, 128, 7, 200],
        "u2": [0, 65535, 1, 32768, 7, 300],
        "u4": [0, 2 ** 32 - 1, 1, 2 ** 31, 16777217, 77],
        "u8": [0, 2 ** 64 - 1, 1, 2 ** 63, 2 ** 53 + 1, 77],
        "b1": [True, False, True, True, False, False],
    }
    manifest = []

    def save(name, array, version):
        with open(os.path.join(folder, name), "wb") as handle:
            np.lib.format.write_array(handle, array, version=version, allow_pickle=False)

    for code, items in values.items():
        base = np.array(items, dtype=np.dtype(code)).reshape(2, 3)
        orders = ["<", ">"] if code not in ("i1", "u1", "b1") else ["|"]
        for order in orders:
            typed = base.astype(base.dtype.newbyteorder(order)) if order != "|" else base
            for memory in ("C", "F"):
                array = np.asarray(typed, order=memory)
                versions = [(1, 0)] + ([(2, 0), (3, 0)] if code in ("f4", "i8") else [])
                for version in versions:
                    endian = {"<": "le", ">": "be", "|": "na"}[order]
                    name = f"{code}_{endian}_{memory}_v{version[0]}.npy"
                    save(name, array, version)
                    expected = base.astype(f32)
                    manifest.append({
                        "file": name, "shape": list(base.shape),
                        "bits": [int(b) for b in expected.ravel(order="C").view(np.uint32)],
                    })
    # higher rank Fortran order, and the shapes that stress the header
    cube = np.arange(24, dtype=np.int16).reshape(2, 3, 4)
    for memory in ("C", "F"):
        name = f"i2_rank3_{memory}.npy"
        save(name, np.asarray(cube, order=memory), (1, 0))
        manifest.append({"file": name, "shape": [2, 3, 4],
                         "bits": [int(b) for b in cube.astype(f32).ravel().view(np.uint32)]})

    # what np.save writes for float32: convlab's writer must reproduce these bytes
    writes = []
    for name, array in [
        ("write_scalar", np.array(2.5, dtype=f32)),
        ("write_vector", np.arange(5, dtype=f32) / f32(3)),
        ("write_cube", np.linspace(-1, 1, 24, dtype=f32).reshape(2, 3, 4)),
        ("write_empty", np.zeros((0, 4), dtype=f32)),
        ("write_rank5", np.ones((1, 2, 1, 2, 3), dtype=f32)),
    ]:
        np.save(os.path.join(folder, name + ".npy"), array)
        writes.append({"file": name + ".npy", "shape": list(array.shape),
                       "bits": [int(b) for b in array.ravel().view(np.uint32)]})

    # real files convlab must refuse, each with its own message
    np.save(os.path.join(folder, "bad_complex.npy"), np.array([1 + 2j], dtype=np.complex64))
    np.save(os.path.join(folder, "bad_object.npy"), np.array([{"a": 1}], dtype=object), allow_pickle=True)
    np.save(os.path.join(folder, "bad_structured.npy"), np.zeros(2, dtype=[("x", "<f4"), ("y", "<i4")]))
    np.save(os.path.join(folder, "bad_unicode.npy"), np.array(["conv"]))

    with open(os.path.join(folder, "cases.json"), "w") as handle:
        json.dump({"numpy": np.__version__, "reads": manifest, "writes": writes}, handle, indent=1)
    return len(manifest), len(writes)


def write_random():
    sequences = []
    for seed in (0, 1, 42, 2 ** 32 - 1):
        np.random.seed(seed)
        uniform = np.random.rand(12)
        np.random.seed(seed)
        normal = np.random.randn(13)
        sequences.append({
            "seed": seed,
            "rand_bits": [int(b) for b in uniform.astype(f32).view(np.uint32)],
            "randn_bits": [int(b) for b in normal.astype(f32).view(np.uint32)],
        })
    with open(os.path.join(ROOT, "random.json"), "w") as handle:
        json.dump({"numpy": np.__version__, "sequences": sequences}, handle, indent=1)
    return len(sequences)


def fuzz_printing(folder, count, seed):
    """Many random printing cases in a scratch folder, for a long local check:

        python3 Tests/Fixtures/make_fixtures.py --fuzz /tmp/printing 5000
        CONVLAB_PRINTING_FIXTURES=/tmp/printing swift test --filter matchesNumPy
    """
    r = np.random.default_rng(seed)
    os.makedirs(folder, exist_ok=True)
    manifest = []
    specials = np.array([np.nan, np.inf, -np.inf, 0.0, -0.0, 1e-45, 3.4028235e38], dtype=f32)
    for index in range(count):
        rank = int(r.integers(1, 5))
        shape = tuple(int(r.integers(0 if r.random() < 0.03 else 1, 9)) for _ in range(rank))
        exponent = r.uniform(-12, 12)
        data = (r.standard_normal(shape) * 10.0 ** exponent).astype(f32)
        if r.random() < 0.3:
            data = np.round(data).astype(f32)
        if r.random() < 0.2 and data.size:
            flat = data.reshape(-1)
            picks = r.integers(0, flat.size, int(r.integers(1, 4)))
            flat[picks] = r.choice(specials, picks.size)
        if r.random() < 0.2:
            data = (data * f32(10.0 ** r.integers(-8, 9))).astype(f32)
        opts = {"precision": int(r.choice([4, 4, 4, 0, 1, 2, 3, 6, 8]))}
        if r.random() < 0.2:
            opts["suppress"] = True
        if r.random() < 0.2:
            opts["floatmode"] = str(r.choice(["fixed", "unique", "maxprec_equal"]))
        if r.random() < 0.2:
            opts["linewidth"] = int(r.integers(20, 120))
        if r.random() < 0.1:
            opts["threshold"] = int(r.integers(5, 50))
            opts["edgeitems"] = int(r.integers(1, 4))
        with np.printoptions(**opts):
            expected = str(data)
        name = f"fuzz_{index}"
        np.save(os.path.join(folder, name + ".npy"), data)
        manifest.append({"name": name, "options": opts, "expected": expected, "file": name + ".npy"})
    with open(os.path.join(folder, "cases.json"), "w") as handle:
        json.dump({"numpy": np.__version__, "cases": manifest}, handle)
    print(f"fuzz printing cases: {count} in {folder}")


if __name__ == "__main__":
    import sys
    if len(sys.argv) >= 2 and sys.argv[1] == "--fuzz":
        fuzz_printing(sys.argv[2], int(sys.argv[3]) if len(sys.argv) > 3 else 2000, seed=len(sys.argv))
        sys.exit(0)
    printed = write_printing()
    reads, writes = write_npy()
    seeds = write_random()
    print(f"printing cases: {printed}; npy reads: {reads}, writes: {writes}; random seeds: {seeds}")
