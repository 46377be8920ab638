#!/usr/bin/env python3
"""Writes the PyTorch fixtures. Run from the repository root:

    pip install torch numpy        # the CPU build is enough; no GPU is used
    python3 Tests/Fixtures/make_torch_fixtures.py

CI never runs this; the generated file is committed.

layers/torch.json
  layers        torch.nn.Conv1d/2d/3d and ConvTranspose1d/2d/3d over random configurations
                (padding forms x padding modes x strides x dilation x groups x output_padding),
                each with its input, weights, output, or the error PyTorch raised; some called
                with output_size, some on unbatched input.
  functional    F.conv*/F.conv_transpose* with explicit weights, and F.pad in every mode.
  init          mean/std/min/max of the default weight and bias draws per layer kind.
  random        torch.manual_seed(s) then torch.rand/torch.randn of several sizes.
Arrays are float32, little-endian, base64; shapes alongside.
"""
import json
import os
import warnings

warnings.filterwarnings("ignore")

import numpy as np
import torch
import torch.nn.functional as F

from make_layer_fixtures import ROOT, encode

torch.set_num_threads(2)
rng = np.random.default_rng(20261203)
f32 = np.float32


def pick(items):
    return items[int(rng.integers(len(items)))]


def per_axis(rank, low, high):
    """An int, or a tuple with one value per axis (PyTorch takes both)."""
    if rng.random() < 0.5:
        return int(rng.integers(low, high + 1))
    return tuple(int(v) for v in rng.integers(low, high + 1, size=rank))


def as_list(value, rank):
    return list(value) if isinstance(value, tuple) else [value] * rank


def layer_cases():
    cases = []
    while len(cases) < 420:
        rank = int(rng.integers(1, 4))
        transposed = rng.random() < 0.4
        groups = pick([1, 1, 1, 2, 3])
        cin = groups * int(rng.integers(1, 3))
        cout = groups * int(rng.integers(1, 3))
        kernel = per_axis(rank, 1, 4)
        kwargs = {}
        stride = per_axis(rank, 1, 3) if rng.random() < 0.6 else 1
        if stride != 1:
            kwargs["stride"] = stride
        dilation = per_axis(rank, 1, 3) if rng.random() < 0.35 else 1
        if dilation != 1:
            kwargs["dilation"] = dilation
        if groups != 1:
            kwargs["groups"] = groups
        if rng.random() < 0.2:
            kwargs["bias"] = False
        sizes = [int(v) for v in rng.integers(3, {1: 14, 2: 9, 3: 6}[rank] + 1, size=rank)]
        output_size = None
        if transposed:
            if rng.random() < 0.5:
                kwargs["padding"] = per_axis(rank, 0, 2)
            s, d = as_list(stride, rank), as_list(dilation, rank)
            if rng.random() < 0.4:
                kwargs["output_padding"] = tuple(int(rng.integers(0, max(a, b))) for a, b in zip(s, d))
            elif rng.random() < 0.3 and max(s) > 1:
                output_size = "extra"
        else:
            form = pick(["int", "tuple", "same", "valid", "none"])
            if form == "same" and as_list(stride, rank) != [1] * rank:
                form = "int"
            if form == "int":
                kwargs["padding"] = int(rng.integers(0, 3))
            elif form == "tuple":
                kwargs["padding"] = tuple(int(v) for v in rng.integers(0, 3, size=rank))
            elif form in ("same", "valid"):
                kwargs["padding"] = form
            if rng.random() < 0.4:
                kwargs["padding_mode"] = pick(["reflect", "replicate", "circular"])
        batch = int(rng.integers(1, 3))
        unbatched = rng.random() < 0.1
        shape = ([] if unbatched else [batch]) + [cin] + sizes
        cls = ("ConvTranspose" if transposed else "Conv") + f"{rank}d"
        cases.append({"layer": cls, "args": [cin, cout, kernel], "kwargs": kwargs, "input_shape": shape,
                      "output_size": output_size})
    # Pooling: every option, windows that the padding and ceil_mode make hang over the input.
    pooled = 0
    while pooled < 150:
        rank = int(rng.integers(1, 4))
        kind = pick(["MaxPool", "AvgPool"])
        kernel = per_axis(rank, 1, 4)
        kwargs = {}
        if rng.random() < 0.6:
            kwargs["stride"] = per_axis(rank, 1, 3)
        dilation = per_axis(rank, 1, 2) if kind == "MaxPool" and rng.random() < 0.3 else 1
        if dilation != 1:
            kwargs["dilation"] = dilation
        windows = [d * (k - 1) + 1 for d, k in zip(as_list(dilation, rank), as_list(kernel, rank))]
        limits = windows if kind == "MaxPool" else as_list(kernel, rank)
        if rng.random() < 0.5:
            kwargs["padding"] = tuple(int(rng.integers(0, w // 2 + 1)) for w in limits) if rng.random() < 0.5 else int(rng.integers(0, min(limits) // 2 + 1))
        if rng.random() < 0.4:
            kwargs["ceil_mode"] = True
        if kind == "AvgPool":
            if rng.random() < 0.4:
                kwargs["count_include_pad"] = False
            if rng.random() < 0.15:
                kwargs["divisor_override"] = int(rng.integers(1, 7))
        sizes = [int(v) for v in rng.integers(2, {1: 13, 2: 9, 3: 6}[rank] + 1, size=rank)]
        shape = [int(rng.integers(1, 3)), int(rng.integers(1, 4))] + sizes
        if rng.random() < 0.1:
            shape = shape[1:]
        cases.append({"layer": f"{kind}{rank}d", "args": [kernel], "kwargs": kwargs, "input_shape": shape, "output_size": None})
        pooled += 1
    # PyTorch's refusals.
    refused = [
        ("Conv2d", [3, 8, 3], {"stride": 2, "padding": "same"}, [1, 3, 8, 8]),
        ("Conv2d", [3, 8, 3], {"padding": "full"}, [1, 3, 8, 8]),
        ("Conv2d", [3, 8, 3], {"groups": 2}, [1, 3, 8, 8]),
        ("Conv2d", [4, 6, 3], {"groups": 4}, [1, 4, 8, 8]),
        ("Conv2d", [3, 8, 3], {"padding_mode": "mirror"}, [1, 3, 8, 8]),
        ("ConvTranspose2d", [3, 8, 3], {"padding_mode": "reflect"}, [1, 3, 8, 8]),
        ("ConvTranspose2d", [3, 8, 3], {"stride": 2, "output_padding": 2}, [1, 3, 4, 4]),
        ("Conv2d", [3, 8, 5], {}, [1, 3, 4, 4]),
        ("Conv2d", [3, 8, 3], {}, [1, 4, 8, 8]),
        ("Conv2d", [3, 8, 3], {}, [3, 8]),
        ("Conv1d", [3, 8, 3], {"padding": 3, "padding_mode": "reflect"}, [1, 3, 3]),
        ("Conv2d", [3, 8, 3], {"groups": 0}, [1, 3, 8, 8]),
        ("MaxPool2d", [3], {"padding": 2}, [1, 3, 8, 8]),
        ("AvgPool1d", [2], {"padding": 2}, [1, 3, 8]),
        ("MaxPool2d", [5], {}, [1, 3, 4, 4]),
    ]
    for cls, args, kwargs, shape in refused:
        cases.append({"layer": cls, "args": args, "kwargs": kwargs, "input_shape": shape, "output_size": None,
                      "expect_error": True})
    return cases


def jsonable(value):
    if isinstance(value, (tuple, list)):
        return [jsonable(v) for v in value]
    return value


def run_layers(cases):
    out = []
    for index, case in enumerate(cases):
        x = rng.standard_normal(case["input_shape"]).astype(f32)
        entry = {"name": f"torch_{case['layer']}_{index}", "layer": "torch.nn." + case["layer"],
                 "args": jsonable(case["args"]), "kwargs": jsonable(case["kwargs"]), "input": encode(x)}
        try:
            module = getattr(torch.nn, case["layer"])(*case["args"], **case["kwargs"])
            weights = []
            if hasattr(module, "weight"):
                weights.append((rng.standard_normal(tuple(module.weight.shape)) * 0.5).astype(f32))
                if module.bias is not None:
                    weights.append((rng.standard_normal(tuple(module.bias.shape)) * 0.5).astype(f32))
            with torch.no_grad():
                if weights:
                    module.weight.copy_(torch.from_numpy(weights[0]))
                if len(weights) > 1:
                    module.bias.copy_(torch.from_numpy(weights[1]))
                if case["output_size"] == "extra":
                    plain = module(torch.from_numpy(x))
                    rank = len(module.stride)
                    size = [n + int(rng.integers(0, s)) for n, s in zip(plain.shape[-rank:], module.stride)]
                    entry["output_size"] = size
                    y = module(torch.from_numpy(x), output_size=size).numpy()
                else:
                    y = module(torch.from_numpy(x)).numpy()
        except Exception as error:
            if not case.get("expect_error"):
                continue  # a random configuration that does not fit its input: drawn again below
            entry["error"] = " ".join(str(error).split())[:300]
            out.append(entry)
            continue
        if case.get("expect_error"):
            raise RuntimeError(f"{entry['name']}: PyTorch accepted a case expected to fail: {case}")
        entry.update({"weights": [encode(w) for w in weights], "output": encode(y)})
        out.append(entry)
    return out


def functional_cases():
    out = []
    for index in range(40):
        rank = int(rng.integers(1, 4))
        transposed = index % 2 == 1
        groups = pick([1, 1, 2])
        cin, cout = groups * int(rng.integers(1, 3)), groups * int(rng.integers(1, 3))
        k = [int(v) for v in rng.integers(1, 4, size=rank)]
        stride = int(rng.integers(1, 3))
        padding = int(rng.integers(0, 2))
        sizes = [int(v) for v in rng.integers(5, 8, size=rank)]
        x = rng.standard_normal([2, cin] + sizes).astype(f32)
        w_shape = [cin, cout // groups] + k if transposed else [cout, cin // groups] + k
        w = rng.standard_normal(w_shape).astype(f32)
        b = rng.standard_normal([cout]).astype(f32) if index % 3 else None
        kwargs = {"stride": stride, "padding": padding, "groups": groups}
        if transposed:
            kwargs["output_padding"] = int(rng.integers(0, stride))
            fn = getattr(F, f"conv_transpose{rank}d")
        else:
            kwargs["dilation"] = 1 if stride > 1 else int(rng.integers(1, 3))
            fn = getattr(F, f"conv{rank}d")
        y = fn(torch.from_numpy(x), torch.from_numpy(w), None if b is None else torch.from_numpy(b), **kwargs).numpy()
        out.append({"function": fn.__name__, "input": encode(x), "weight": encode(w),
                    "bias": None if b is None else encode(b), "kwargs": kwargs, "output": encode(y)})
    for index in range(40):
        rank = int(rng.integers(1, 4))
        mode = pick(["constant", "reflect", "replicate", "circular"])
        shape = [int(rng.integers(1, 3)), int(rng.integers(1, 3))] + [int(v) for v in rng.integers(3, 6, size=rank)]
        pads = []
        for n in reversed(shape[2:]):
            limit = n - 1 if mode == "reflect" else n
            low = -1 if mode == "constant" else 0
            pads += [int(rng.integers(low, limit + 1)), int(rng.integers(low, limit + 1))]
        x = rng.standard_normal(shape).astype(f32)
        kwargs = {"mode": mode}
        if mode == "constant" and index % 2:
            kwargs["value"] = 1.5
        y = F.pad(torch.from_numpy(x), tuple(pads), **kwargs).numpy()
        out.append({"function": "pad", "input": encode(x), "pad": pads, "kwargs": kwargs, "output": encode(y)})
    for index in range(30):
        rank = int(rng.integers(1, 4))
        mode = pick(["nearest", {1: "linear", 2: "bilinear", 3: "trilinear"}[rank]])
        shape = [int(rng.integers(1, 3)), int(rng.integers(1, 4))] + [int(v) for v in rng.integers(1, 6, size=rank)]
        factors = [int(v) for v in rng.integers(1, 4, size=rank)]
        x = rng.standard_normal(shape).astype(f32)
        kwargs = {"mode": mode}
        if index % 3 == 0:
            kwargs["size"] = [n * f for n, f in zip(shape[2:], factors)]
        else:
            kwargs["scale_factor"] = factors[0] if index % 3 == 1 else [float(f) for f in factors]
        if mode != "nearest":
            kwargs["align_corners"] = False
        y = F.interpolate(torch.from_numpy(x), **kwargs).numpy()
        out.append({"function": "interpolate", "input": encode(x), "kwargs": kwargs, "output": encode(y)})
    return out


def init_stats():
    out = []
    for cls, args, shape in [("Conv2d", [32, 64, 5], [1, 32, 8, 8]), ("Conv1d", [48, 40, 7], [1, 48, 16]),
                             ("Conv3d", [16, 24, 3], [1, 16, 4, 4, 4]), ("Conv2d", [64, 96, 3, 1, 0, 1, 4], [1, 64, 8, 8]),
                             ("ConvTranspose2d", [40, 48, 4], [1, 40, 4, 4]),
                             ("ConvTranspose3d", [24, 32, 3, 1, 0, 0, 2], [1, 24, 4, 4, 4])]:
        torch.manual_seed(0)
        module = getattr(torch.nn, cls)(*args)
        w = module.weight.detach().numpy().astype(np.float64)
        b = module.bias.detach().numpy().astype(np.float64)
        out.append({"layer": "torch.nn." + cls, "args": args, "input_shape": shape, "weight_shape": list(w.shape),
                    "weight": {"mean": w.mean(), "std": w.std(), "min": w.min(), "max": w.max()},
                    "bias": {"mean": b.mean(), "std": b.std(), "min": b.min(), "max": b.max()}})
    return out


def random_streams():
    out = []
    for seed in (0, 1, 42, 2**32 + 5):
        for size in ([1], [5], [15], [16], [17], [3, 7], [100]):
            for fn in ("rand", "randn"):
                torch.manual_seed(seed)
                values = getattr(torch, fn)(*size).numpy()
                out.append({"seed": seed, "function": fn, "size": size, "values": encode(values)})
    return out


if __name__ == "__main__":
    meta = {"torch": torch.__version__, "numpy": np.__version__}
    payload = {"versions": meta, "layers": run_layers(layer_cases()), "functional": functional_cases(),
               "init": init_stats(), "random": random_streams()}
    with open(os.path.join(ROOT, "torch.json"), "w") as handle:
        json.dump(payload, handle)
    layers = payload["layers"]
    print(f"torch layers: {sum('output' in c for c in layers)} computed, {sum('error' in c for c in layers)} refused; "
          f"functional {len(payload['functional'])}; init {len(payload['init'])}; random {len(payload['random'])}")
