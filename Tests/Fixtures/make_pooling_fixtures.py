#!/usr/bin/env python3
"""Writes the Keras pooling fixtures. Run from the repository root:

    pip install "keras>=3" jax jaxlib numpy
    python3 Tests/Fixtures/make_pooling_fixtures.py

CI never runs this; the generated file is committed.

layers/keras_pooling.json   Keras 3 (jax backend) MaxPooling/AveragePooling 1-3D over random
                            configurations (pool size, strides, padding, data format, odd sizes),
                            the Global pooling layers with keepdims, NaN propagation, and the
                            configurations Keras refuses. Same format as layers/keras.json.
"""
import json
import os
import warnings

os.environ.setdefault("KERAS_BACKEND", "jax")
os.environ.setdefault("JAX_PLATFORMS", "cpu")
warnings.filterwarnings("ignore")

import numpy as np

from make_layer_fixtures import ROOT, encode, jsonable

rng = np.random.default_rng(20261202)
f32 = np.float32


def random_axis_value(rank, low, high):
    """An int, or a tuple with one value per axis (Keras takes both)."""
    if rng.random() < 0.5:
        return int(rng.integers(low, high + 1))
    return tuple(int(v) for v in rng.integers(low, high + 1, size=rank))


def per_axis(value, rank):
    return list(value) if isinstance(value, tuple) else [value] * rank


def cases():
    out = []

    def add(layer, args, kwargs, shape, **extra):
        out.append({"layer": layer, "args": list(args), "kwargs": dict(kwargs), "input_shape": list(shape), **extra})

    # Random windowed pooling: every option, odd sizes, windows that overhang the input under 'same'.
    while len(out) < 180:
        rank = int(rng.integers(1, 4))
        kind = "MaxPooling" if rng.random() < 0.5 else "AveragePooling"
        pool = random_axis_value(rank, 1, 4)
        kwargs = {}
        if rng.random() < 0.6:
            kwargs["strides"] = random_axis_value(rank, 1, 4)
        if rng.random() < 0.5:
            kwargs["padding"] = "same"
        channels_first = rng.random() < 0.3
        if channels_first:
            kwargs["data_format"] = "channels_first"
        spatial = [int(v) for v in rng.integers(1, {1: 13, 2: 9, 3: 6}[rank] + 1, size=rank)]
        windows = per_axis(pool, rank)
        if kwargs.get("padding") != "same" and any(w > n for w, n in zip(windows, spatial)):
            continue  # refusals are listed below, on purpose
        channels = int(rng.integers(1, 5))
        batch = int(rng.integers(1, 3))
        shape = [batch, channels] + spatial if channels_first else [batch] + spatial + [channels]
        as_keyword = rng.random() < 0.3
        add(f"{kind}{rank}D", [] if as_keyword else [pool], dict(kwargs, **({"pool_size": pool} if as_keyword else {})), shape)

    # Defaults (MaxPooling has a default pool_size; AveragePooling does not).
    for rank, shape in ((1, [2, 9, 3]), (2, [2, 7, 8, 3]), (3, [1, 5, 6, 7, 2])):
        add(f"MaxPooling{rank}D", [], {}, shape)
        add(f"AveragePooling{rank}D", [2], {"padding": "same"}, shape)
        add(f"MaxPool{rank}D", [3], {"strides": 1}, shape)
        add(f"AvgPool{rank}D", [3], {"strides": 2, "padding": "same"}, shape)
        first = [shape[0], shape[-1]] + shape[1:-1]
        for kind in ("GlobalMaxPooling", "GlobalAveragePooling"):
            add(f"{kind}{rank}D", [], {}, shape)
            add(f"{kind}{rank}D", [], {"keepdims": True}, shape)
            add(f"{kind}{rank}D", [], {"data_format": "channels_first"}, first)
            add(f"{kind}{rank}D", [], {"data_format": "channels_first", "keepdims": True}, first)
        add(f"GlobalMaxPool{rank}D", [], {}, shape)
        add(f"GlobalAvgPool{rank}D", [], {}, shape)

    # Keras refuses these (eagerly, or in compute_output_shape as a model does).
    refused = [
        ("MaxPooling2D", [0], {}, [1, 5, 5, 3]),
        ("MaxPooling2D", [(2, 2, 2)], {}, [1, 5, 5, 3]),
        ("AveragePooling1D", [(2, 0)], {}, [1, 5, 3]),
        ("MaxPooling2D", [2], {"strides": (1, 2, 3)}, [1, 5, 5, 3]),
        ("AveragePooling2D", [2], {"strides": -1}, [1, 5, 5, 3]),
        ("MaxPooling2D", [2], {"padding": "causal"}, [1, 5, 5, 3]),
        ("MaxPooling2D", [2], {"data_format": "NHWC"}, [1, 5, 5, 3]),
        ("MaxPooling2D", [7], {}, [1, 5, 5, 3]),
        ("AveragePooling3D", [(2, 2, 6)], {}, [1, 4, 4, 4, 1]),
        ("MaxPooling2D", [2], {}, [1, 5, 5]),
        ("GlobalMaxPooling2D", [], {}, [1, 4, 4]),
        ("GlobalAveragePooling1D", [], {}, [1, 4, 4, 2]),
    ]
    for layer, args, kwargs, shape in refused:
        add(layer, args, kwargs, shape, expect_error=True)
    return out


def run(all_cases):
    import keras
    out = []
    for index, case in enumerate(all_cases):
        cls = getattr(keras.layers, case["layer"])
        x = rng.standard_normal(case["input_shape"]).astype(f32)
        entry = {"name": f"{case['layer']}_{index}", "layer": case["layer"], "args": jsonable(case["args"]),
                 "kwargs": jsonable(case["kwargs"])}
        try:
            layer = cls(*case["args"], **case["kwargs"])
            layer.compute_output_shape(x.shape)  # a model's check, which eager jax skips
            y = np.asarray(layer(x))
        except Exception as error:
            if not case.get("expect_error"):
                raise RuntimeError(f"{entry['name']}: Keras refused {case}: {error}")
            message = " ".join(line.strip() for line in str(error).split("\n") if line.strip())
            entry.update({"input": encode(x), "error": message[:300]})
            out.append(entry)
            continue
        if case.get("expect_error"):
            raise RuntimeError(f"{entry['name']}: Keras accepted a case expected to fail: {case}")
        entry.update({"input": encode(x), "weights": [], "output": encode(y)})
        out.append(entry)
    return out


if __name__ == "__main__":
    import keras
    result = run(cases())
    meta = {"keras": keras.__version__, "backend": keras.backend.backend(), "numpy": np.__version__}
    with open(os.path.join(ROOT, "keras_pooling.json"), "w") as handle:
        json.dump({"versions": meta, "cases": result}, handle)
    print(f"pooling cases: {sum('output' in c for c in result)} computed, {sum('error' in c for c in result)} refused")
