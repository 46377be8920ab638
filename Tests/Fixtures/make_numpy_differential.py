#!/usr/bin/env python3
"""Writes the differential NumPy fixtures: expressions and what NumPy prints for them.

    python3 Tests/Fixtures/make_numpy_differential.py [--seed N] [--out DIR]

Needs NumPy 2.x. CI never runs this; numpy/differential.json is committed, and
`swift test` (ArrayDifferentialTests) runs every case in convlab and compares.

Each case is a few setup statements (seeded arrays of every dtype, written as convlab and
NumPy both read them) and one expression. The expected output is what Python prints for
`print(expr)` and, when the result is an array or a NumPy scalar, `print(expr.dtype,
np.shape(expr))`, with np.set_printoptions(precision=4) as convlab's default; or, when
NumPy raises, the exception's class. The expressions cover every operator over every pair of
dtypes, Python scalars on either side (NEP 50), the ufuncs, the reductions with their
arguments (over arrays large and strided enough to exercise NumPy's summation order), the
indexing forms and assignment through them, the functions, casts, and integer and float edge
values. Random expressions on top of the enumerated ones come from a seeded generator.
"""
import argparse
import contextlib
import io
import json
import math
import os
import random
import sys
import warnings

import numpy as np

ROOT = os.path.dirname(os.path.abspath(__file__))

DTYPES = ["bool", "int8", "int16", "int32", "int64", "uint8", "uint16", "uint32", "uint64", "float16", "float32",
          "float64"]
SHORT = {"bool": "b", "int8": "i8", "int16": "i16", "int32": "i32", "int64": "i64", "uint8": "u8", "uint16": "u16",
         "uint32": "u32", "uint64": "u64", "float16": "f16", "float32": "f32", "float64": "f64"}

# Seeded arrays of every dtype: `x_<dtype>` (2, 3) and `y_<dtype>` (3,), drawn with NumPy's legacy
# generator, which convlab reproduces.
SETUP = ["import numpy as np", "np.random.seed(7)"]
for dtype in DTYPES:
    s = SHORT[dtype]
    if dtype == "bool":
        SETUP += [f"x_{s} = np.random.rand(2, 3) > 0.5", f"y_{s} = np.random.rand(3) > 0.5"]
    elif dtype.startswith("float"):
        SETUP += [f"x_{s} = (np.random.randn(2, 3) * 3).astype(np.{dtype})",
                  f"y_{s} = (np.random.randn(3) * 3).astype(np.{dtype})"]
    elif dtype.startswith("uint"):
        SETUP += [f"x_{s} = np.random.randint(0, 12, (2, 3)).astype(np.{dtype})",
                  f"y_{s} = np.random.randint(1, 6, 3).astype(np.{dtype})"]
    else:
        SETUP += [f"x_{s} = np.random.randint(-12, 12, (2, 3)).astype(np.{dtype})",
                  f"y_{s} = np.random.randint(1, 6, 3).astype(np.{dtype})"]
# Edge values, and arrays large and strided enough for NumPy's summation order to show.
SETUP += [
    "e_f32 = np.array([0.0, -0.0, 1.5, -2.5, np.inf, -np.inf, np.nan, 1e30, 1e-30, 3.0], dtype=np.float32)",
    "e_f64 = np.array([0.0, -0.0, 1.5, -2.5, np.inf, -np.inf, np.nan, 1e300, 5e-324, 3.0])",
    "e_f16 = np.array([0.0, -0.0, 1.5, -2.5, np.inf, -np.inf, np.nan, 60000.0, 1e-7, 3.0], dtype=np.float16)",
    "e_i8 = np.array([-128, -127, -1, 0, 1, 2, 126, 127, -7, 7], dtype=np.int8)",
    "e_i32 = np.array([-2147483648, -2147483647, -1, 0, 1, 2, 2147483646, 2147483647, -7, 7], dtype=np.int32)",
    "e_i64 = np.array([-9223372036854775808, -1, 0, 1, 9223372036854775807, 3, -3, 100, -100, 7])",
    "e_u8 = np.array([0, 1, 2, 3, 127, 128, 200, 254, 255, 7], dtype=np.uint8)",
    "big = np.random.rand(37, 211).astype(np.float32)",
    "big64 = np.random.randn(23, 300)",
    "cube = np.random.rand(4, 14, 14, 16).astype(np.float32)",
    "long = np.random.rand(20000).astype(np.float32)",
    "ints = np.arange(24).reshape(2, 3, 4)",
    # Wide ranges for the element-wise kernels, compared to the last bit through tolist().
    "m1 = (np.random.randn(150) * 3).astype(np.float32)",
    "m2 = (np.random.randn(150) * 40).astype(np.float32)",
    "m3 = (np.random.rand(150) * 200 - 100).astype(np.float32)",
    "m4 = np.abs(np.random.randn(150) * 1e4).astype(np.float32)",
    "m5 = np.random.randn(150) * 4",
]

BINARY_OPS = ["+", "-", "*", "/", "//", "%", "**", "&", "|", "^", "<<", ">>", "<", "<=", ">", ">=", "==", "!="]
UFUNCS_1 = ["exp", "log", "sqrt", "sin", "cos", "tanh", "floor", "ceil", "rint", "trunc", "sign", "square", "abs",
            "negative", "positive", "isnan", "isinf", "isfinite", "logical_not", "invert", "log2", "log10", "expm1",
            "log1p", "arctan", "reciprocal", "signbit", "cbrt", "exp2", "deg2rad"]
UFUNCS_2 = ["maximum", "minimum", "fmax", "fmin", "add", "subtract", "multiply", "true_divide", "floor_divide",
            "remainder", "power", "logical_and", "logical_or", "logical_xor", "bitwise_and", "arctan2", "hypot",
            "equal", "less"]
REDUCTIONS = ["sum", "mean", "std", "var", "prod", "min", "max", "argmax", "argmin", "any", "all", "cumsum", "cumprod"]


def arrays(dtype):
    s = SHORT[dtype]
    return f"x_{s}", f"y_{s}"


def enumerated_cases():
    """Every operator over every pair of dtypes, scalars each side, ufuncs, reductions,
    indexing, functions, casts."""
    cases = []
    names = [SHORT[d] for d in DTYPES]
    for op in BINARY_OPS:
        for a in names:
            for b in names:
                cases.append(f"x_{a} {op} y_{b}")
    for op in BINARY_OPS:
        for a in names:
            for scalar in ["3", "2.5", "True", "-1", "0", "300", "-0.5", "np.float32(2)", "np.int8(3)", "np.float64(0.5)"]:
                cases.append(f"x_{a} {op} {scalar}")
                cases.append(f"{scalar} {op} x_{a}")
    for name in ["exp", "log", "sin", "cos", "tanh", "sqrt"]:
        for array in ["m1", "m2", "m3", "m4", "m5", "m1.astype(np.float16)", "np.abs(m2)"]:
            cases.append(f"np.{name}({array}).tolist()")
    for name in UFUNCS_1:
        for a in names:
            cases.append(f"np.{name}(x_{a})")
        for edge in ["e_f32", "e_f64", "e_f16", "e_i8", "e_i32", "e_i64", "e_u8"]:
            cases.append(f"np.{name}({edge})")
    cases += [f"-x_{a}" for a in names] + [f"~x_{a}" for a in names] + [f"abs(x_{a})" for a in names]
    for name in UFUNCS_2:
        for a in names:
            for b in ["b", "i8", "i64", "u8", "f16", "f32", "f64"]:
                cases.append(f"np.{name}(x_{a}, y_{b})")
    for edge in ["e_f32", "e_f64", "e_f16", "e_i8", "e_i32", "e_i64", "e_u8"]:
        for op in ["+", "-", "*", "/", "//", "%", "**"]:
            cases.append(f"{edge} {op} {edge}[::-1]")
            cases.append(f"{edge} {op} 2")
        cases += [f"{edge} == {edge}", f"{edge} < 0", f"np.maximum({edge}, 0)", f"{edge}.astype(np.float32)"]
        # Sorted without the leading 0 and -0: NumPy's SIMD sorting networks leave those two
        # (equal) values in an order of their own.
        cases += [f"{edge}.sum()", f"{edge}.max()", f"{edge}.min()", f"{edge}.mean()", f"np.sort({edge}[2:])"]
    for reduction in REDUCTIONS:
        for a in names:
            cases.append(f"x_{a}.{reduction}()")
            cases.append(f"np.{reduction}(x_{a}, axis=0)")
            cases.append(f"x_{a}.{reduction}(axis=-1)")
        for array in ["big", "big64", "big.T", "big[:, ::3]", "big[::-1]", "big64.T[5:]", "cube", "long", "long[::7]",
                      "cube.transpose(0, 3, 1, 2)", "big * 2 - 1", "(big.T * 3)", "e_f32", "ints"]:
            array = array if array.replace("_", "").replace(".", "").isalnum() else f"({array})"
            cases.append(f"{array}.{reduction}()")
            if reduction not in ("cumsum", "cumprod"):
                cases.append(f"{array}.{reduction}(axis=0)")
                cases.append(f"{array}.{reduction}(axis=-1)")
        for axis in ["(1, 2)", "(0, 3)", "(0, 1, 2)", "(2, 3)"]:
            if reduction not in ("cumsum", "cumprod", "argmax", "argmin"):
                cases.append(f"cube.{reduction}(axis={axis})")
                cases.append(f"cube.transpose(0, 3, 1, 2).{reduction}(axis={axis})")
        if reduction not in ("cumsum", "cumprod", "argmax", "argmin"):
            cases.append(f"big.{reduction}(axis=1, keepdims=True)")
            cases.append(f"ints.{reduction}(axis=(0, 2))")
    cases += [f"x_{a}.mean(dtype=np.float64)" for a in names] + [f"x_{a}.sum(dtype=np.float32)" for a in names]
    cases += [f"big.std(ddof=1)", "big.var(axis=0, ddof=1)", "big64.std(axis=1)", "cube.mean(axis=(1, 2))",
              "np.abs(big - big.T.T).max()", "(big > 0.5).mean()", "(cube > 0.5).sum()", "big[big > 0.9].sum()",
              "np.sqrt((big ** 2).mean())", "np.exp(big).sum()", "big.sum(axis=0)[:5]", "big64.mean(axis=0)[:3]"]
    # Indexing: basic, advanced, masks, mixed.
    cases += [
        "ints[1, :, ::-2]", "ints[..., 0]", "ints[None, -1]", "ints[:, 1:3, ::2]", "ints[-1, -1, -1]",
        "ints[[0, 1], :, [1, 2]]", "ints[:, [0, 1], [1, 2]]", "ints[0, :, [1, 2]]", "ints[:, 0, [1, 2]]",
        "ints[[1], None, [2]]", "ints[..., [0, 1]]", "ints[[[0], [1]], [0, 1, 2]]", "ints[ints > 10]",
        "ints[ints[:, :, 0] > 3]", "ints[np.array([True, False])]", "ints[[0, 0, 1]]", "ints[:, [2, 0]]",
        "ints[np.array([1, 0]), 1:, np.array([3, 0])]", "big[big > 0.99]", "big[[0, 5, 36], ::50]",
        "x_f32[x_f32 > 0]", "x_i32[x_b]", "x_u8[:, [0, 2]]", "e_f32[np.isnan(e_f32)]", "e_f32[~np.isfinite(e_f32)]",
        "ints[ints % 2 == 0]", "ints[(ints > 3) & (ints < 9)]", "ints[(ints < 3) | (ints > 20)]", "ints[1][2]",
        "ints[:, -1:]", "ints[::-1, ::-1, ::-1][0]", "ints[[-1, -2]]", "ints[np.int64(1)]",
    ]
    # Functions.
    cases += [
        "np.where(x_f32 > 0, x_f32, 0)", "np.where(x_b, 1, 2.5)", "np.where(x_b, np.float32(1), 2)",
        "np.where(x_i8 > 0, x_i8, 3)", "np.where(x_b, 1, 2)", "np.where(ints > 20)",
        "np.clip(x_f32, -1, 1)", "np.clip(x_i32, 2.5, 3)", "np.clip(e_f32, 0, 1)", "x_f64.clip(-1, 1)",
        "np.round(x_f32, 2)", "np.round(x_f64, 1)", "np.round(ints * 123, -1)", "np.round(e_f32)", "x_f64.round(3)",
        "np.sort(x_f32)", "np.sort(x_i8, axis=0)", "np.sort(e_f64[2:])", "np.argsort(y_f32)", "np.sort(big[0])[:4]",
        "np.unique(x_i8)", "np.unique(np.array([3, 1, 3, 2]))", "np.unique(e_f32[1:])",
        "np.pad(x_i8, 1)", "np.pad(x_f32, ((1, 0), (0, 2)))", "np.pad(ints[0], 1, constant_values=9)",
        "np.flip(ints)", "np.flip(ints, 0)", "np.flip(ints, axis=1)", "np.tile(y_i8, 2)", "np.tile(x_f32, (2, 1))",
        "np.repeat(y_u8, 2)", "np.repeat(x_i32, 2, axis=1)", "np.split(np.arange(6), 3)", "np.split(np.arange(6), [2, 4])",
        "np.concatenate([x_i8, x_f32])", "np.concatenate([x_u8, x_i8], axis=1)", "np.stack([y_f32, y_f64])",
        "np.cumsum(ints, axis=1)", "np.cumprod(y_i8)", "np.prod(x_f32)", "np.any(x_b)", "np.all(x_f32 > -100)",
        "np.isnan(e_f32)", "np.isfinite(e_f64)", "np.count_nonzero(x_b)", "np.diff(y_f32)", "np.diff(ints, axis=0)",
        "np.nonzero(x_b)", "np.argmax(big)", "np.argmin(big, axis=1)[:5]", "ints.reshape(4, -1)", "ints.T.shape",
        "np.transpose(ints, (1, 0, 2))[0]", "ints.swapaxes(0, 2)[0]", "np.moveaxis(ints, 0, -1).shape",
        "np.expand_dims(y_f32, 0)", "np.squeeze(ints[:, :1])", "ints.ravel()[:7]", "ints.flatten()[::5]",
        "np.broadcast_to(y_i8, (2, 3))", "np.allclose(x_f32, x_f32 + 1e-7)", "np.isclose(x_f32, x_f32 + 1e-3)",
        "np.allclose(e_f32, e_f32, equal_nan=True)", "np.array_equal(x_i8, x_i8)",
        "x_f32 @ y_f32", "x_f64 @ x_f64.T", "x_i32 @ y_i32", "np.matmul(x_f32, np.ones((3, 2), dtype=np.float32))",
        "np.dot(y_f64, y_f64)", "np.dot(3, y_i8)", "y_i64 @ y_i64", "x_b @ y_b",
        "np.zeros((2, 2), dtype=np.int8)", "np.ones(3, int)", "np.full((2,), 3)", "np.full((2,), 3.0)",
        "np.full((2,), True)", "np.full((2, 2), np.float32(3))", "np.zeros_like(x_u8)", "np.ones_like(x_f16)",
        "np.arange(10)[2:8:3]", "np.arange(5.0)", "np.arange(1, 3, dtype='int8')", "np.arange(0, 1, 0.1, dtype=np.float32)",
        "np.arange(0.1, 3.3, 0.3)", "np.linspace(0, 1, 7)", "np.linspace(-1, 1, 5, endpoint=False)", "np.eye(3, 4, 1)",
        "np.array([1, 2.5])", "np.array([True, 2])", "np.array([[1], [2]])", "np.array(3)", "np.array([np.float32(1), 2])",
        "np.array([1.7, -1.7]).astype(int)", "np.float32(13.73)", "np.float64(13.73)", "np.float16(13.73)",
        "np.int64(3)", "np.uint8(7)", "np.True_", "np.float32(1e16)", "np.float32(1e-5)", "np.float16(1e4)",
        "np.float64(1e16)", "np.float64(1e15)", "np.int8(100) + np.int8(100)", "np.uint8(3) - np.uint8(5)",
        "np.float32(0.1) + 0.2", "np.float32(2) ** 0.5", "np.int64(7) // 2", "np.int64(7) / 2",
        "[np.float32(1.5), np.float64(2.5), np.int64(3), np.True_]", "(np.arange(3), 1.5)", "[ints[0], x_f32]",
        "x_f32.tolist()", "ints.tolist()[0]", "x_f32[0, 1].item()", "len(ints)", "ints.shape",
    ]
    for a in DTYPES:
        for b in DTYPES:
            cases.append(f"x_{SHORT[a]}.astype(np.{b})")
        # NaN, inf and out-of-range floats cast to unsigned integers differently inside NumPy's
        # SIMD blocks and in their scalar tails (C leaves them undefined): signed targets only.
        if not a.startswith("uint"):
            cases.append(f"e_f32.astype(np.{a})")
            cases.append(f"e_f64.astype('{a}')")
    return cases


def random_cases(rng, count):
    """Random everyday expressions over the seeded arrays: element-wise chains, then a
    reduction, an index or a function, as people check layer outputs."""
    names = ["x_f32", "x_f64", "y_f32", "x_i32", "x_i64", "x_u8", "x_i8", "y_i8", "x_b", "x_f16", "big", "cube[0, 0]",
             "e_f32", "big64[:4]", "cube[1, ::3, 2]", "y_f64", "x_u16", "m1[:12]"]
    unary = ["np.exp({})", "np.abs({})", "np.sqrt(np.abs({}))", "-{}", "({} > 0)", "np.maximum({}, 0)", "{}.T",
             "np.tanh({})", "({} * 2)", "({} - 1)", "{}.astype(np.float32)", "np.floor({})", "({} ** 2)",
             "np.log(np.abs({}) + 1)", "np.sin({})", "np.cos({})", "np.clip({}, -1, 1)", "np.where({} > 0, {}, 0)",
             "({} / 3)", "({} // 2)", "({} % 3)", "np.round({}, 2)", "np.minimum({}, 0.5)", "(1 - {})",
             "{}.astype(np.float64)", "np.sign({})", "np.square({})", "({} >= 0.5)", "np.isnan({})", "({} * 0.1)"]
    # No ** between arrays: NumPy's float power is SVML's on AVX-512 machines (see SVML below).
    binary = ["+", "-", "*", "/", "<", "==", "&", "|", "//", "%"]
    final = ["{}", "{}.sum()", "{}.mean()", "{}.max()", "{}.min()", "{}.std()", "{}.var()", "{}.prod()",
             "{}.sum(axis=0)", "{}.mean(axis=-1)", "{}.argmax()", "{}.argmin()", "np.abs({}).max()",
             "({} > 0).mean()", "{}[0]", "{}.cumsum()", "{}.any()", "{}.all()", "np.sort({}, axis=None)",
             "{}.ravel()[::2]", "{}[{} > 0]", "np.count_nonzero({})", "np.allclose({}, {})", "{}.tolist()",
             "np.unique({})", "{}.astype(np.int32)", "np.argsort({}, axis=None, kind='stable')", "{}.sum(keepdims=True)",
             "np.median({})" if False else "{}.max(axis=0)", "np.cumsum({}, axis=-1)", "np.flip({})", "{}.T.copy()"]
    cases = []
    for _ in range(count):
        a = rng.choice(names)
        b = rng.choice(names)
        expr = rng.choice(unary).format(*([a] * 2))
        if rng.random() < 0.6:
            expr = f"({expr} {rng.choice(binary)} {rng.choice(unary).format(*([b] * 2))})"
        template = rng.choice(final)
        cases.append(template.format(*([expr] * template.count("{}"))))
    return cases


def signed_zero_tie(setup_env, expression):
    """Whether a sort or unique meets both 0 and -0: NumPy's sorting networks put those two
    equal values in an order of their own."""
    if not any(name in expression for name in ("sort", "unique")):
        return False
    inner = expression[expression.index("(") + 1:]
    inner = inner[:inner.rfind(")")].split(", axis")[0]
    try:
        with warnings.catch_warnings(), np.errstate(all="ignore"):
            warnings.simplefilter("ignore")
            value = np.asarray(eval(inner, dict(setup_env)))
    except Exception:  # noqa: BLE001
        return False
    if value.dtype.kind != "f":
        return False
    zeros = value[value == 0]
    return bool(np.signbit(zeros).any() and (~np.signbit(zeros)).any())


# Functions NumPy computes with Intel's SVML on AVX-512 machines and with the C library on
# others (float64 exp and log among them): their last bit depends on the machine, so a case
# whose printed result would change with the C library's answer is left out.
SVML = ["exp2", "log2", "log10", "expm1", "log1p", "cbrt", "tan", "arcsin", "arccos", "arctan", "sinh", "cosh",
        "arcsinh", "arccosh", "arctanh", "arctan2", "power", "**", "exp", "log"]


def c_library(x, numpy_function, scalar, inside):
    """`numpy_function(x)` with float64 elements from the C library (Python's math)."""
    x = np.asarray(x)
    if x.dtype != np.float64:
        return numpy_function(x)
    with np.errstate(all="ignore"):
        values = [scalar(v) if np.isfinite(v) and inside(v) else numpy_function(v) for v in x.ravel().tolist()]
    return np.array(values, dtype=np.float64).reshape(x.shape)


def machine_dependent(setup_env, expression, outcome):
    """Whether the case's text would differ under correctly rounded SVML-family functions."""
    if not any(name in expression for name in SVML) or "expected" not in outcome:
        return False
    env = dict(setup_env)
    originals = {}
    for name in ["exp2", "log2", "log10", "expm1", "log1p", "cbrt", "tan", "arcsin", "arccos", "arctan", "sinh",
                 "cosh", "arcsinh", "arccosh", "arctanh"]:
        function = getattr(np, name)
        def rounded(x, function=function):
            x = np.asarray(x)
            kind = np.result_type(function(x[..., :0] if x.ndim else x))
            return function(x.astype(np.float64)).astype(kind) if x.dtype != np.float64 else function(x)
        originals[name] = rounded
    originals["exp"] = lambda x: c_library(x, np.exp, math.exp, lambda v: v < 709.0)
    originals["log"] = lambda x: c_library(x, np.log, math.log, lambda v: v > 0)
    shim = type("np", (), {})()
    for name in dir(np):
        try:
            setattr(shim, name, originals.get(name, getattr(np, name)))
        except Exception:  # noqa: BLE001
            pass
    env["np"] = shim
    return evaluate(env, expression) != outcome


def evaluate(setup_env, expression):
    """What Python prints for the case, or the exception's class name."""
    env = dict(setup_env)
    buffer = io.StringIO()
    try:
        with warnings.catch_warnings(), np.errstate(all="ignore"), contextlib.redirect_stdout(buffer):
            warnings.simplefilter("ignore")
            value = eval(expression, env)
            print(value)
            if isinstance(value, (np.ndarray, np.generic)):
                print(value.dtype, np.shape(value))
    except Exception as error:  # noqa: BLE001 - the class is the expectation
        return {"error": type(error).__name__}
    return {"expected": buffer.getvalue()}


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--random", type=int, default=1500)
    parser.add_argument("--out", default=os.path.join(ROOT, "numpy"))
    parser.add_argument("--setup-seed", type=int, default=7, help="the seed the arrays are drawn with")
    args = parser.parse_args()
    SETUP[1] = f"np.random.seed({args.setup_seed})"
    np.set_printoptions(precision=4)
    env = {"np": np}
    with warnings.catch_warnings(), np.errstate(all="ignore"):
        warnings.simplefilter("ignore")
        for statement in SETUP:
            exec(statement, env)
    rng = random.Random(args.seed)
    expressions = enumerated_cases() + random_cases(rng, args.random)
    seen = set()
    cases = []
    skipped = []
    for expression in expressions:
        if expression in seen:
            continue
        seen.add(expression)
        outcome = evaluate(env, expression)
        if "expected" in outcome and len(outcome["expected"]) > 4000:
            continue  # keep the file small
        if signed_zero_tie(env, expression) or machine_dependent(env, expression, outcome):
            skipped.append(expression)
            continue
        cases.append({"statement": expression, **outcome})
    os.makedirs(args.out, exist_ok=True)
    path = os.path.join(args.out, "differential.json")
    with open(path, "w") as handle:
        json.dump({"numpy": np.__version__, "python": sys.version.split()[0], "setup": SETUP, "cases": cases}, handle,
                  indent=0)
    errors = sum(1 for case in cases if "error" in case)
    print(f"{len(cases)} cases ({errors} NumPy errors) in {os.path.relpath(path)}; "
          f"{len(skipped)} left out as machine-dependent: {skipped}")


if __name__ == "__main__":
    main()
