#!/usr/bin/env python3
"""Writes the layer fixtures from the real frameworks. Run from the repository root:

    pip install "keras>=3" jax jaxlib paddlepaddle numpy
    python3 Tests/Fixtures/make_layer_fixtures.py

CI never runs this; the generated files are committed.

layers/keras.json    Keras 3 (jax backend) cases: layer class, constructor arguments, input,
                     weights given to set_weights, and Keras's output (or the error Keras raises).
layers/paddle.json   paddle.nn.Conv3DTranspose cases, with call-time output_size.
layers/initializers.json
                     mean/std/min/max of large draws of every initializer, per layer kind.
Arrays are float32, little-endian, base64; shapes alongside.
"""
import base64
import json
import os
import warnings

os.environ.setdefault("KERAS_BACKEND", "jax")
os.environ.setdefault("JAX_PLATFORMS", "cpu")
warnings.filterwarnings("ignore")

import numpy as np

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "layers")
f32 = np.float32
rng = np.random.default_rng(20261121)


def encode(array):
    array = np.ascontiguousarray(np.asarray(array, dtype="<f4"))
    return {"shape": list(array.shape), "data": base64.b64encode(array.tobytes()).decode("ascii")}


def jsonable(value):
    if isinstance(value, tuple):
        return [jsonable(v) for v in value]
    if isinstance(value, list):
        return [jsonable(v) for v in value]
    return value


# --------------------------------------------------------------------------- Keras

def keras_cases():
    cases = []

    def add(layer, args, input_shape, name=None, kwargs=None, **extra):
        cases.append({"layer": layer, "args": list(args), "kwargs": dict(kwargs or {}),
                      "input_shape": list(input_shape), "name": name, **extra})

    def spatial(rank, sizes):
        return sizes[:rank]

    # Standard convolutions in 1-3 D.
    for rank in (1, 2, 3):
        conv = f"Conv{rank}D"
        sizes = [7, 6, 5] if rank == 3 else ([9, 8] if rank == 2 else [11])
        base = [2] + sizes + [3]
        add(conv, [4, 3], base)
        add(conv, [4, 3], base, kwargs={"padding": "same"})
        add(conv, [2, 2], base, kwargs={"strides": 2, "padding": "same"})
        add(conv, [2, 3], base, kwargs={"strides": 2})
        add(conv, [2, 3], base, kwargs={"strides": 3, "padding": "same"})
        add(conv, [3, 2], base, kwargs={"dilation_rate": 2})
        add(conv, [3, 3], base, kwargs={"dilation_rate": 2, "padding": "same"})
        add(conv, [6, 3], [2] + sizes + [4], kwargs={"groups": 2})
        add(conv, [6, 2], [2] + sizes + [6], kwargs={"groups": 3, "padding": "same"})
        add(conv, [4, 3], [2, 3] + sizes, kwargs={"data_format": "channels_first"})
        add(conv, [4, 2], [2, 3] + sizes, kwargs={"data_format": "channels_first", "strides": 2, "padding": "same"})
        add(conv, [3, 1], base, kwargs={"use_bias": False})
        add(conv, [5, 1], base)
        if rank >= 2:
            add(conv, [3, tuple([3, 2, 1][:rank])], base, kwargs={"strides": tuple([1, 2, 1][:rank]), "padding": "same"})
            add(conv, [3, tuple([2, 3, 2][:rank])], base, kwargs={"dilation_rate": tuple([2, 1, 1][:rank])})
            add(conv, [3, 3], base, kwargs={"strides": tuple([2, 3, 1][:rank])})
    for padding_case in ({"padding": "causal"}, {"padding": "causal", "dilation_rate": 2},
                         {"padding": "causal", "strides": 2}, {"padding": "causal", "dilation_rate": 3, "kernel_size": 2}):
        args = dict(padding_case)
        kernel = args.pop("kernel_size", 3)
        add("Conv1D", [4, kernel], [2, 10, 3], kwargs=args)
    for activation in ["relu", "relu6", "leaky_relu", "elu", "selu", "gelu", "sigmoid", "hard_sigmoid",
                       "tanh", "softplus", "softsign", "swish", "silu", "exponential", "softmax", "linear"]:
        add("Conv2D", [5, 3], [2, 6, 6, 3], kwargs={"activation": activation, "padding": "same"})
    add("Conv1D", [5, 3], [2, 2, 8], kwargs={"activation": "softmax", "data_format": "channels_first"})
    add("Conv2D", [3, 3], [1, 2, 2, 3], kwargs={"padding": "same", "strides": 2})

    # Transposed convolutions.
    for rank in (1, 2, 3):
        conv = f"Conv{rank}DTranspose"
        sizes = [4, 5, 3] if rank == 3 else ([5, 4] if rank == 2 else [6])
        base = [2] + sizes + [3]
        for padding in ("valid", "same"):
            for kernel, stride in ((2, 2), (3, 2), (4, 2), (3, 1), (1, 3), (5, 3), (3, 3), (2, 3)):
                add(conv, [4, kernel], base, kwargs={"strides": stride, "padding": padding})
            for kernel, stride, op in ((3, 2, 0), (3, 2, 1), (4, 2, 1), (2, 3, 2), (3, 3, 1), (1, 2, 1)):
                add(conv, [3, kernel], base, kwargs={"strides": stride, "padding": padding, "output_padding": op})
            add(conv, [3, 3], base, kwargs={"dilation_rate": 2, "padding": padding})
            add(conv, [3, 2], base, kwargs={"dilation_rate": 3, "padding": padding, "output_padding": 0})
        add(conv, [4, 3], [2, 3] + sizes, kwargs={"strides": 2, "data_format": "channels_first", "padding": "same"})
        add(conv, [4, 2], [2, 3] + sizes, kwargs={"strides": 2, "data_format": "channels_first"})
        add(conv, [2, 3], base, kwargs={"strides": 2, "use_bias": False, "activation": "relu"})
        if rank >= 2:
            add(conv, [3, tuple([3, 2, 4][:rank])], base,
                kwargs={"strides": tuple([2, 1, 3][:rank]), "padding": "same", "output_padding": tuple([1, 0, 2][:rank])})
            add(conv, [3, tuple([2, 4, 3][:rank])], base, kwargs={"strides": tuple([1, 2, 2][:rank])})
    add("Conv3DTranspose", [4, 2, 2], [1, 3, 2, 2, 5], kwargs={"activation": "relu"}, name="docs_small")

    # Depthwise and separable.
    for rank in (1, 2):
        sizes = [9, 7] if rank == 2 else [10]
        base = [2] + sizes + [3]
        for layer in (f"DepthwiseConv{rank}D",):
            add(layer, [3], base)
            add(layer, [3], base, kwargs={"padding": "same"})
            add(layer, [3], base, kwargs={"depth_multiplier": 2})
            add(layer, [2], base, kwargs={"strides": 2, "padding": "same", "depth_multiplier": 3})
            add(layer, [3], base, kwargs={"dilation_rate": 2})
            add(layer, [3], [2, 3] + sizes, kwargs={"data_format": "channels_first", "depth_multiplier": 2})
            add(layer, [3], base, kwargs={"use_bias": False, "activation": "relu6"})
            add(layer, [3], base, kwargs={"strides": 3})
        for layer in (f"SeparableConv{rank}D",):
            add(layer, [4, 3], base)
            add(layer, [4, 3], base, kwargs={"padding": "same", "depth_multiplier": 2})
            add(layer, [5, 2], base, kwargs={"strides": 2, "padding": "same"})
            add(layer, [4, 3], base, kwargs={"dilation_rate": 2, "padding": "same"})
            add(layer, [4, 3], [2, 3] + sizes, kwargs={"data_format": "channels_first"})
            add(layer, [4, 3], base, kwargs={"use_bias": False, "activation": "tanh"})
            add(layer, [2, 1], base, kwargs={"depth_multiplier": 3})
        if rank == 2:
            add("DepthwiseConv2D", [(3, 2)], base, kwargs={"strides": (2, 1), "padding": "same"})
            add("SeparableConv2D", [4, (3, 1)], base, kwargs={"strides": (1, 2)})

    # Cropping, zero padding, upsampling.
    shapes = {1: [2, 9, 3], 2: [2, 7, 8, 3], 3: [1, 5, 6, 7, 2]}
    first = {1: [2, 3, 9], 2: [2, 3, 7, 8], 3: [1, 2, 5, 6, 7]}
    add("Cropping1D", [], shapes[1])
    add("Cropping1D", [2], shapes[1])
    add("Cropping1D", [(0, 3)], shapes[1])
    add("Cropping2D", [], shapes[2])
    add("Cropping2D", [1], shapes[2])
    add("Cropping2D", [(1, 2)], shapes[2])
    add("Cropping2D", [((2, 1), (0, 3))], shapes[2])
    add("Cropping2D", [((1, 1), (2, 0))], first[2], kwargs={"data_format": "channels_first"})
    add("Cropping3D", [], shapes[3])
    add("Cropping3D", [(1, 0, 2)], shapes[3])
    add("Cropping3D", [((0, 1), (2, 1), (1, 3))], first[3], kwargs={"data_format": "channels_first"})
    add("ZeroPadding1D", [], shapes[1])
    add("ZeroPadding1D", [(2, 0)], shapes[1])
    add("ZeroPadding1D", [3], first[1], kwargs={"data_format": "channels_first"})
    add("ZeroPadding2D", [], shapes[2])
    add("ZeroPadding2D", [(2, 0)], shapes[2])
    add("ZeroPadding2D", [((1, 2), (3, 0))], shapes[2])
    add("ZeroPadding2D", [2], first[2], kwargs={"data_format": "channels_first"})
    add("ZeroPadding3D", [], shapes[3])
    add("ZeroPadding3D", [(1, 0, 2)], shapes[3])
    add("ZeroPadding3D", [((0, 1), (2, 0), (1, 1))], first[3], kwargs={"data_format": "channels_first"})
    add("UpSampling1D", [], shapes[1])
    add("UpSampling1D", [3], shapes[1])
    add("UpSampling2D", [], shapes[2])
    add("UpSampling2D", [(3, 2)], shapes[2])
    add("UpSampling2D", [2], first[2], kwargs={"data_format": "channels_first"})
    for interpolation in ("bilinear", "bicubic", "lanczos3", "lanczos5"):
        add("UpSampling2D", [2], [2, 5, 7, 2], kwargs={"interpolation": interpolation})
        add("UpSampling2D", [(3, 2)], [1, 3, 5, 2], kwargs={"interpolation": interpolation})
        add("UpSampling2D", [(2, 3)], [1, 2, 4, 3], kwargs={"interpolation": interpolation, "data_format": "channels_first"})
    add("UpSampling2D", [(1, 4)], [1, 1, 3, 1], kwargs={"interpolation": "bilinear"})
    add("UpSampling3D", [], shapes[3])
    add("UpSampling3D", [(1, 2, 3)], shapes[3])
    add("UpSampling3D", [2], first[3], kwargs={"data_format": "channels_first"})

    # Configurations Keras refuses: convlab must refuse them too.
    refused = [
        ("Conv2D", [4, 3], {"strides": 2, "dilation_rate": 2}, [1, 8, 8, 3]),
        ("Conv2DTranspose", [4, 3], {"strides": 2, "output_padding": 2}, [1, 4, 4, 3]),
        ("Conv2D", [5, 3], {"groups": 2}, [1, 8, 8, 4]),
        ("Conv2D", [4, 3], {"groups": 2}, [1, 8, 8, 3]),
        ("Conv2D", [4, 7], {}, [1, 5, 5, 3]),
        ("Conv2D", [0, 3], {}, [1, 5, 5, 3]),
        ("Conv2D", [4, 0], {}, [1, 5, 5, 3]),
        ("Conv2D", [4, 3], {"padding": "causal"}, [1, 5, 5, 3]),
        ("Conv1D", [4, 3], {"padding": "full"}, [1, 5, 3]),
        ("Conv2D", [4, (3, 3, 3)], {}, [1, 5, 5, 3]),
        ("Conv2D", [4, 3], {}, [1, 5, 5]),
        ("Cropping2D", [((3, 3), (0, 0))], {}, [1, 6, 5, 3]),
        ("Conv3DTranspose", [4, 3], {"strides": 1, "output_padding": 1}, [1, 4, 4, 4, 3]),
        ("DepthwiseConv2D", [3], {"depth_multiplier": 0}, [1, 5, 5, 3]),
        ("Conv1D", [4, 3], {"strides": -1}, [1, 5, 3]),
    ]
    for layer, args, kwargs, shape in refused:
        add(layer, args, shape, kwargs=kwargs, expect_error=True)
    return cases


def run_keras(cases):
    import keras
    out = []
    for index, case in enumerate(cases):
        cls = getattr(keras.layers, case["layer"])
        shape = case["input_shape"]
        x = rng.standard_normal(shape).astype(f32)
        entry = {"name": case["name"] or f"{case['layer']}_{index}", "layer": case["layer"],
                 "args": jsonable(case["args"]), "kwargs": jsonable(case["kwargs"])}
        try:
            layer = cls(*case["args"], **case["kwargs"])
            y = layer(x)
            weights = [(rng.standard_normal(w.shape) * 0.5).astype(f32) for w in layer.get_weights()]
            if weights:
                layer.set_weights(weights)
                y = layer(x)
            y = np.asarray(y)
        except Exception as error:  # Keras refused this configuration
            if not case.get("expect_error"):
                raise RuntimeError(f"{entry['name']}: Keras refused {case}: {error}")
            entry.update({"input": encode(x), "error": str(error).split("\n")[0][:300]})
            out.append(entry)
            continue
        if case.get("expect_error"):
            raise RuntimeError(f"{entry['name']}: Keras accepted a case expected to fail: {case}")
        entry.update({"input": encode(x), "weights": [encode(w) for w in weights], "output": encode(y)})
        out.append(entry)

    # Shapes only: the reference docs' examples, too large to store as values.
    shape_only = [
        ("Conv3DTranspose", [32, 2, 2], {"activation": "relu"}, [4, 10, 8, 12, 128]),
        ("Conv3DTranspose", [32, 2], {"strides": 2}, [4, 10, 8, 12, 128]),
        ("Conv2D", [64, 7], {"strides": 2, "padding": "same"}, [1, 224, 224, 3]),
        ("Conv2DTranspose", [128, 4], {"strides": 2, "padding": "same"}, [16, 16, 16, 256]),
        ("SeparableConv2D", [256, 3], {"padding": "same"}, [8, 28, 28, 256]),
        ("Conv1D", [256, 5], {"padding": "same", "dilation_rate": 2}, [8, 1024, 256]),
    ]
    for layer, args, kwargs, shape in shape_only:
        module = getattr(keras.layers, layer)(*args, **kwargs)
        output = module.compute_output_shape(tuple([None] + shape[1:]))
        module.build(tuple(shape))
        out.append({"name": f"shape_{layer}_{'x'.join(map(str, shape))}", "layer": layer, "args": args,
                    "kwargs": kwargs, "input_shape": [None] + shape[1:],
                    "output_shape": list(output), "params": int(module.count_params())})
    return out


# --------------------------------------------------------------------------- Paddle

def paddle_cases():
    cases = []

    def add(args, kwargs, shape, output_size=None, expect_error=False):
        cases.append({"args": args, "kwargs": kwargs, "input_shape": shape, "output_size": output_size,
                      "expect_error": expect_error})

    ncdhw = [2, 4, 3, 4, 5]
    ndhwc = [2, 3, 4, 5, 4]
    add([4, 6, 3], {}, ncdhw)
    add([4, 6, 3], {"stride": 2}, ncdhw)
    add([4, 6, 2], {"stride": 2}, ncdhw)
    add([4, 6, 3], {"stride": 2, "padding": 1}, ncdhw)
    add([4, 6, 3], {"stride": 2, "padding": 1, "output_padding": 1}, ncdhw)
    add([4, 6, (3, 2, 4)], {"stride": (2, 1, 3), "padding": (1, 0, 2)}, ncdhw)
    add([4, 6, 3], {"stride": 2, "padding": [1, 0, 2, 1, 0, 2]}, ncdhw)
    add([4, 6, 3], {"stride": 2, "padding": [[0, 0], [0, 0], [1, 0], [2, 1], [0, 2]]}, ncdhw)
    add([4, 6, 3], {"stride": 2, "padding": [[0, 0], [1, 0], [2, 1], [0, 2], [0, 0]], "data_format": "NDHWC"}, ndhwc)
    for stride, kernel in ((1, 3), (2, 3), (2, 2), (3, 3), (2, 4), (3, 2)):
        add([4, 6, kernel], {"stride": stride, "padding": "SAME"}, ncdhw)
        add([4, 6, kernel], {"stride": stride, "padding": "VALID"}, ncdhw)
    add([4, 6, 3], {"dilation": 2}, ncdhw)
    add([4, 6, 3], {"dilation": 2, "padding": 2}, ncdhw)
    add([4, 6, 3], {"dilation": 2, "padding": "SAME"}, ncdhw)
    # (stride 1, dilation 2, output_padding 1 passes Paddle's shape check but its CPU kernel fails.)
    add([4, 6, 3], {"dilation": 2, "stride": 2, "output_padding": 1}, ncdhw)
    add([4, 6, 3], {"groups": 2}, ncdhw)
    add([4, 8, 3], {"groups": 4, "stride": 2}, ncdhw)
    add([4, 6, 3], {"data_format": "NDHWC", "stride": 2}, ndhwc)
    add([4, 6, 3], {"bias_attr": False, "stride": 2}, ncdhw)
    add([4, 6, 3], {"stride": 2}, ncdhw, output_size=[7, 9, 11])
    add([4, 6, 3], {"stride": 2}, ncdhw, output_size=[8, 10, 12])
    add([4, 6, 3], {"stride": 3, "padding": 1}, ncdhw, output_size=[9, 10, 14])
    add([4, 6, 3], {"stride": 2, "padding": "SAME"}, ncdhw, output_size=[6, 8, 10])
    # refused
    add([4, 6, 3], {"stride": 2}, ncdhw, output_size=[9, 9, 11], expect_error=True)
    add([4, 6, 3], {"stride": 2, "output_padding": 2}, ncdhw, expect_error=True)
    add([4, 6, 3], {"groups": 4}, ncdhw, expect_error=True)
    add([4, 6, 3], {}, [2, 3, 3, 4, 5], expect_error=True)
    return cases


def run_paddle(cases):
    import paddle
    paddle.set_device("cpu")
    out = []
    for index, case in enumerate(cases):
        x = rng.standard_normal(case["input_shape"]).astype(f32)
        entry = {"name": f"paddle_{index}", "args": jsonable(case["args"]), "kwargs": jsonable(case["kwargs"]),
                 "output_size": case["output_size"], "input": encode(x)}
        try:
            layer = paddle.nn.Conv3DTranspose(*case["args"], **case["kwargs"])
            weight = (rng.standard_normal(layer.weight.shape) * 0.5).astype(f32)
            layer.weight.set_value(weight)
            weights = [weight]
            if layer.bias is not None:
                bias = (rng.standard_normal(layer.bias.shape) * 0.5).astype(f32)
                layer.bias.set_value(bias)
                weights.append(bias)
            y = layer(paddle.to_tensor(x), output_size=case["output_size"]).numpy()
        except Exception as error:
            if not case["expect_error"]:
                raise RuntimeError(f"paddle refused {case}: {error}")
            entry["error"] = str(error).strip().split("\n")[-1][:300]
            out.append(entry)
            continue
        if case["expect_error"]:
            raise RuntimeError(f"paddle accepted a case expected to fail: {case}")
        entry.update({"weights": [encode(w) for w in weights], "output": encode(y)})
        out.append(entry)
    return out


# --------------------------------------------------------------------------- initializers

def initializer_stats():
    import keras
    names = ["glorot_uniform", "glorot_normal", "he_uniform", "he_normal", "lecun_uniform", "lecun_normal",
             "random_uniform", "random_normal", "truncated_normal", "zeros", "ones"]
    layers = [
        ("Conv2D", [64, 5], "kernel_initializer", [1, 8, 8, 32]),
        ("Conv2DTranspose", [48, 4], "kernel_initializer", [1, 8, 8, 40]),
        ("DepthwiseConv2D", [5], "depthwise_initializer", [1, 8, 8, 64], {"depth_multiplier": 16}),
        ("SeparableConv2D", [96, 3], "pointwise_initializer", [1, 8, 8, 64], {"depth_multiplier": 4}),
        ("Conv3D", [16, 3], "kernel_initializer", [1, 6, 6, 6, 80]),
    ]
    out = []
    for layer, args, key, shape, *extra in layers:
        for name in names + ["constant"]:
            kwargs = dict(extra[0]) if extra else {}
            value = name if name != "constant" else keras.initializers.Constant(0.25)
            kwargs[key] = value
            module = getattr(keras.layers, layer)(*args, **kwargs)
            module.build(tuple(shape))
            index = 1 if key == "pointwise_initializer" else 0
            w = np.asarray(module.get_weights()[index], dtype=np.float64)
            kw = {k: v for k, v in kwargs.items() if k != key}
            out.append({"layer": layer, "args": args, "kwargs": kw, "argument": key,
                        "initializer": name if name != "constant" else {"type": "Constant", "value": 0.25},
                        "input_shape": shape, "weight_index": index, "shape": list(w.shape),
                        "mean": float(w.mean()), "std": float(w.std()), "min": float(w.min()), "max": float(w.max())})
    # Paddle's default (Xavier uniform) for Conv3DTranspose weights
    import paddle
    module = paddle.nn.Conv3DTranspose(24, 32, 3)
    w = module.weight.numpy().astype(np.float64)
    out.append({"layer": "paddle.nn.Conv3DTranspose", "args": [24, 32, 3], "kwargs": {}, "argument": None,
                "initializer": "default", "input_shape": [1, 24, 4, 4, 4], "weight_index": 0, "shape": list(w.shape),
                "mean": float(w.mean()), "std": float(w.std()), "min": float(w.min()), "max": float(w.max())})
    return out


if __name__ == "__main__":
    os.makedirs(ROOT, exist_ok=True)
    import keras
    import paddle
    keras_out = run_keras(keras_cases())
    paddle_out = run_paddle(paddle_cases())
    stats = initializer_stats()
    meta = {"keras": keras.__version__, "backend": keras.backend.backend(), "paddle": paddle.__version__,
            "numpy": np.__version__}
    for name, payload in (("keras.json", keras_out), ("paddle.json", paddle_out), ("initializers.json", stats)):
        with open(os.path.join(ROOT, name), "w") as handle:
            json.dump({"versions": meta, "cases": payload}, handle)
    print(f"keras cases: {len(keras_out)}; paddle cases: {len(paddle_out)}; initializer stats: {len(stats)}")
