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
numeric/edges.json   Python's and NumPy's answers at the numeric edges: every arithmetic
                     operator over signed zeros, negative bases, fractional and integral
                     exponents, nan and the infinities, as Python numbers and as float32
                     arrays, and the element-wise functions over the same values. Each
                     case is a statement, what Python or NumPy prints for it (or the kind
                     of error Python raises), and the setup statements it needs.
diagram-same-padding.txt
                     diagram(Conv2D(1, 3, padding='same'), (1, 5, 5, 1), at: (1, 2)): the
                     cells the output reads and the tap each meets are found by brute
                     force (one-hot inputs and one-hot kernels through a loop written
                     from the convolution's definition), then drawn as convlab draws them.
"""
import io
import json
import math
import os
import shutil
import sys
import warnings

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


# Values at the edges of arithmetic, in the order they appear in every table below.
EDGE_VALUES = [-7.0, -2.0, -1.5, -1.0, -0.5, -0.0, 0.0, 0.5, 1.0, 2.0, 3.0, 7.5, math.nan, math.inf, -math.inf]
EDGE_INTS = [-7, -2, -1, 0, 1, 2, 3]
OPERATORS = ["+", "-", "*", "/", "//", "%", "**"]
COMPARISONS = ["<", "<=", ">", ">=", "==", "!="]
# The element-wise functions both sides have, with NumPy's name.
FUNCTIONS = ["abs", "exp", "log", "sqrt", "tanh", "sin", "cos", "floor", "ceil", "round"]


def python_literal(value):
    """How a statement writes a Python number (nan and the infinities through np.)."""
    if isinstance(value, float):
        if math.isnan(value):
            return "np.nan"
        if math.isinf(value):
            return "np.inf" if value > 0 else "(-np.inf)"
        return f"({value!r})" if value < 0 or (value == 0 and math.copysign(1, value) < 0) else repr(value)
    return f"({value})" if value < 0 else str(value)


def python_outcome(left, op, right):
    """What Python prints for `left op right`, or the error it raises (a complex result, which
    convlab cannot hold, counts as an error)."""
    try:
        result = eval(f"left {op} right", {}, {"left": left, "right": right})
    except ZeroDivisionError:
        return {"error": "ZeroDivisionError"}
    except OverflowError:
        return {"error": "OverflowError"}
    if isinstance(result, complex):
        return {"error": "complex"}
    if isinstance(result, int) and not isinstance(result, bool) and not -2 ** 63 <= result < 2 ** 63:
        return {"error": "OverflowError"}  # convlab's integers are 64-bit; Python's grow
    return {"expected": repr(result)}


def tensor_text(array):
    shape = "(" + ", ".join(str(n) for n in array.shape) + ("," if array.ndim == 1 else "") + ")"
    with np.printoptions(precision=4):
        return f"tensor {shape} {array.dtype}\n{array}"


def numeric_edge_cases():
    cases = []
    # Python numbers: every operator over every pair, ints with ints and floats with floats.
    pairs = [(left, right, OPERATORS) for pool in (EDGE_INTS, EDGE_VALUES) for left in pool for right in pool]
    # An int with a float: the int becomes a float, as in Python.
    pairs += [(left, right, ["//", "%", "**"]) for left in EDGE_INTS for right in EDGE_VALUES]
    pairs += [(left, right, ["//", "%", "**"]) for left in EDGE_VALUES for right in EDGE_INTS]
    # Past the ends: 64-bit integers (Python's grow; convlab's refuse to overflow) and floats
    # near the largest and smallest.
    pairs += [(left, right, OPERATORS) for left in [2 ** 63 - 1, -2 ** 63, 2 ** 62] for right in [-1, 2, 3]]
    pairs += [(left, right, OPERATORS) for left in [1e308, -1e308, 5e-324] for right in [2.0, 0.5, -1.0, 1e308]]
    for left, right, operators in pairs:
        for op in operators:
            statement = f"{python_literal(left)} {op} {python_literal(right)}"
            cases.append({"kind": "python", "statement": statement, **python_outcome(left, op, right)})
    # float32 arrays.
    values = np.array(EDGE_VALUES, dtype=f32)
    literal = "np.array([" + ", ".join(python_literal(v) for v in EDGE_VALUES) + "], dtype=np.float32)"
    setup = [f"a = {literal}", "left = a[:, None]", "right = a[None, :]"]
    with warnings.catch_warnings(), np.errstate(all="ignore"):
        warnings.simplefilter("ignore")
        table = {"left": values[:, None], "right": values[None, :], "a": values, "np": np}
        # Every operator over every pair as a table (rows: left operand, columns: right), and the
        # exponent constant along rows too: NumPy's shortcuts are for one exponent only.
        statements = [f"left {op} right" for op in OPERATORS] + ["right ** left"]
        statements += [f"left {op} right" for op in COMPARISONS]
        # Python scalars on either side of an array (NEP 50: the array's float32 wins).
        for scalar in [2, 3, -1, 0, 0.5, -0.5, 2.5, math.nan, math.inf]:
            for op in OPERATORS:
                statements += [f"a {op} {python_literal(scalar)}", f"{python_literal(scalar)} {op} a"]
        statements += [f"np.{name}(a)" for name in FUNCTIONS]
        statements += [f"np.{name}(left, right)" for name in ("maximum", "minimum")]
        statements += ["-a", "np.clip(a, -1, 1)"]
        for statement in statements:
            cases.append({"kind": "numpy", "setup": setup, "statement": statement,
                          "expected": tensor_text(eval(statement, {}, table))})
    return cases


def write_numeric_edges():
    folder = reset("numeric")
    cases = numeric_edge_cases()
    with open(os.path.join(folder, "edges.json"), "w") as handle:
        json.dump({"numpy": np.__version__, "python": sys.version.split()[0], "cases": cases}, handle, indent=1)
    return len(cases)


def keras_same_before(size, kernel, stride):
    """TensorFlow's 'same' rule, which Keras follows: the total padding, the smaller half first."""
    output = -(-size // stride)
    return max((output - 1) * stride + kernel - size, 0) // 2, output


def conv2d_definition(x, w, stride, before, output):
    """y[i, j] = Σ_a Σ_b x[i·s + a − before, j·s + b − before] · w[a, b], zero outside x."""
    rows, cols = x.shape
    k = w.shape[0]
    y = np.zeros((output, output))
    for i in range(output):
        for j in range(output):
            for a in range(k):
                for b in range(k):
                    r, c = i * stride + a - before, j * stride + b - before
                    if 0 <= r < rows and 0 <= c < cols:
                        y[i, j] += x[r, c] * w[a, b]
    return y


def write_diagram():
    """The picture diagram() draws for Conv2D(1, 3, padding='same') on 5×5 at output (1, 2)."""
    n, k, s, at = 5, 3, 1, (1, 2)
    before, output = keras_same_before(n, k, s)
    after = max((output - 1) * s + k - n, 0) - before
    # Brute force: which input cell meets which tap at `at`.
    taps = {}
    for r in range(n):
        for c in range(n):
            for a in range(k):
                for b in range(k):
                    x = np.zeros((n, n)); x[r, c] = 1
                    w = np.zeros((k, k)); w[a, b] = 1
                    if conv2d_definition(x, w, s, before, output)[at] != 0:
                        taps[(r, c)] = (a, b)
    padded = n + before + after

    def grid(rows, cols, cell):
        top = "┌" + "┬".join(["───"] * cols) + "┐"
        middle = "├" + "┼".join(["───"] * cols) + "┤"
        bottom = "└" + "┴".join(["───"] * cols) + "┘"
        lines = [top]
        for row in range(rows):
            lines.append("│" + "│".join(cell(row, col) for col in range(cols)) + "│")
            lines.append(middle if row < rows - 1 else bottom)
        return lines

    def input_cell(row, col):
        r, c = row - before, col - before
        if not (0 <= r < n and 0 <= c < n):
            return " · "
        return "{},{}".format(*taps[(r, c)]) if (r, c) in taps else "   "

    def labelled(lines, label):
        # Row labels beside the cell lines (odd lines), blank beside borders.
        return [(f"{label(i // 2):>2} " if i % 2 == 1 else "   ") + line for i, line in enumerate(lines)]

    left = labelled(grid(padded, padded, input_cell), lambda row: str(row - before) if 0 <= row - before < n else "")
    right = labelled(grid(output, output, lambda r, c: " ● " if (r, c) == at else "   "), str)
    width = len(left[0])

    input_numbers = "   " + "".join("    " if not 0 <= col - before < n else f"  {col - before} " for col in range(padded))
    output_numbers = "   " + "".join(f"  {col} " for col in range(output))
    lines = [
        f"Conv2D(1, 3, padding='same'): input {n}×{n} → output {output}×{output}, output ({at[0]}, {at[1]})",
        "input".ljust(width) + "   output",
        (input_numbers.ljust(width) + "   " + output_numbers).rstrip(),
    ]
    for index in range(max(len(left), len(right))):
        line = (left[index] if index < len(left) else "").ljust(width)
        if index < len(right):
            line += "   " + right[index]
        lines.append(line.rstrip())
    lines.append("r,c kernel tap (row, col) meeting the cell · · zero padding · ● the output cell")
    # NHWC tensors with the batch item n, and Keras's HWIO kernel.
    terms = [f"x[n, {r}, {c}, 0]·w[{a}, {b}, 0, f]" for (r, c), (a, b) in sorted(taps.items())]
    lines.append(f"y[n, {at[0]}, {at[1]}, f] = " + " + ".join(terms) + " + b")
    with open(os.path.join(ROOT, "diagram-same-padding.txt"), "w") as handle:
        handle.write("\n".join(lines) + "\n")
    return len(taps)


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
    if len(sys.argv) >= 2 and sys.argv[1] == "--fuzz":
        fuzz_printing(sys.argv[2], int(sys.argv[3]) if len(sys.argv) > 3 else 2000, seed=len(sys.argv))
        sys.exit(0)
    printed = write_printing()
    reads, writes = write_npy()
    seeds = write_random()
    edges = write_numeric_edges()
    cells = write_diagram()
    print(f"printing cases: {printed}; npy reads: {reads}, writes: {writes}; random seeds: {seeds}; "
          f"numeric edges: {edges}; diagram cells read: {cells}")
