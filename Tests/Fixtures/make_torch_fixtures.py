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
  functional    F.conv*/F.conv_transpose* with explicit weights, F.pad in every mode, F.interpolate
                (every mode, any size, align_corners, antialias) and nn.Upsample.
  refusals      F.interpolate calls PyTorch refuses, with its message.
  init          mean/std/min/max of the default weight and bias draws per layer kind.
  random        torch.manual_seed(s) then torch.rand/torch.randn of several sizes.
  printing      repr() of tensors made by torch: statements that run the same in Python and in
                convlab, and what PyTorch prints for the last one.
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
    # Any sizes: shrinking, fractional factors, every mode, align_corners, antialias.
    for index in range(90):
        rank = int(rng.integers(1, 4))
        modes = ["nearest", "nearest-exact", "area", {1: "linear", 2: "bilinear", 3: "trilinear"}[rank]]
        if rank == 2:
            modes.append("bicubic")
        mode = pick(modes)
        shape = [int(rng.integers(1, 3)), int(rng.integers(1, 3))] + [int(v) for v in rng.integers(1, 9, size=rank)]
        x = (rng.standard_normal(shape) * 3).astype(f32)
        kwargs = {"mode": mode}
        if index % 3 == 0:
            kwargs["size"] = [int(v) for v in rng.integers(1, 12, size=rank)]
        else:
            factors = [float(pick([0.5, 0.75, 1.5, 1.7, 2.0, 2.5, 3.0, 0.4])) for _ in range(rank)]
            kwargs["scale_factor"] = factors[0] if index % 3 == 1 else factors
            if any(int(n * f) == 0 for n, f in zip(shape[2:], factors if index % 3 == 2 else [factors[0]] * rank)):
                kwargs["scale_factor"] = 2.0
            if index % 5 == 0:
                kwargs["recompute_scale_factor"] = True
        if mode in ("linear", "bilinear", "trilinear", "bicubic"):
            kwargs["align_corners"] = bool(index % 2)
        if mode in ("bilinear", "bicubic") and index % 4 == 1:
            kwargs["antialias"] = True
        y = F.interpolate(torch.from_numpy(x), **kwargs).numpy()
        out.append({"function": "interpolate", "input": encode(x), "kwargs": kwargs, "output": encode(y)})
    for index in range(8):
        shape = [1, int(rng.integers(1, 3))] + [int(v) for v in rng.integers(2, 10, size=2)]
        x = (rng.standard_normal(shape) * 3).astype(f32)
        kwargs = {"mode": "lanczos", "antialias": True}
        if index % 2:
            kwargs["size"] = [int(v) for v in rng.integers(1, 12, size=2)]
        else:
            kwargs["scale_factor"] = float(pick([0.5, 0.75, 1.5, 2.0]))
        y = F.interpolate(torch.from_numpy(x), **kwargs).numpy()
        out.append({"function": "interpolate", "input": encode(x), "kwargs": kwargs, "output": encode(y)})
    # nn.Upsample calls F.interpolate with its arguments.
    for index, (cls, kwargs) in enumerate([("Upsample", {"scale_factor": 2, "mode": "nearest"}),
                                          ("Upsample", {"size": [5, 7], "mode": "bilinear", "align_corners": True}),
                                          ("Upsample", {"scale_factor": 1.5, "mode": "bicubic"}),
                                          ("UpsamplingNearest2d", {"scale_factor": 3}),
                                          ("UpsamplingBilinear2d", {"size": [6, 4]})]):
        x = rng.standard_normal([1, 2, 3, 4]).astype(f32)
        y = getattr(torch.nn, cls)(**kwargs)(torch.from_numpy(x)).numpy()
        out.append({"function": "nn." + cls, "input": encode(x), "kwargs": kwargs, "output": encode(y)})
    return out


INTERPOLATE_REFUSALS = [
    "F.interpolate(torch.zeros(1, 1, 4, 4), size=(2, 2, 2))",
    "F.interpolate(torch.zeros(1, 1, 4, 4), scale_factor=(2.0, 2.0, 2.0))",
    "F.interpolate(torch.zeros(1, 1, 4, 4))",
    "F.interpolate(torch.zeros(1, 1, 4, 4), size=2, scale_factor=2.0)",
    "F.interpolate(torch.zeros(1, 1, 4, 4), scale_factor=2.0, mode='nearest', align_corners=True)",
    "F.interpolate(torch.zeros(1, 1, 4, 4), scale_factor=2.0, mode='linear')",
    "F.interpolate(torch.zeros(1, 1, 4), scale_factor=2.0, mode='bilinear')",
    "F.interpolate(torch.zeros(1, 1, 4, 4, 4), scale_factor=2.0, mode='bicubic')",
    "F.interpolate(torch.zeros(1, 1, 4, 4, 4), scale_factor=0.5, mode='trilinear', antialias=True)",
    "F.interpolate(torch.zeros(1, 1, 4, 4), size=(0, 3))",
    "F.interpolate(torch.zeros(1, 1, 4, 4), size=(2, 2), recompute_scale_factor=True)",
    "F.interpolate(torch.zeros(1, 4), scale_factor=2.0)",
    "F.interpolate(torch.zeros(1, 1, 4, 4), scale_factor=2.0, mode='lanczos')",
    "F.interpolate(torch.zeros(1, 1, 4, 4), scale_factor=2.0, mode='lanczos', antialias=True, align_corners=True)",
    "F.interpolate(torch.zeros(1, 1, 4, 4), scale_factor=2.0, mode='cubic')",
]


def interpolate_refusals():
    out = []
    for source in INTERPOLATE_REFUSALS:
        try:
            eval(source, {"torch": torch, "F": F})
        except Exception as error:  # noqa: BLE001 - the message is the fixture
            out.append({"source": source, "error": str(error).split("\n")[0]})
        else:
            raise AssertionError(f"{source} did not fail")
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


PRINTING = [
    "torch.randn(2, 3)",
    "torch.randn(4, 5) * 1000",
    "torch.rand(3) * 1e-5",
    "torch.randn(5, 5) * 1e9",
    "torch.randn(3, 3) * 100",
    "torch.tensor([1e-5, 1.0])",
    "torch.arange(12).reshape(3, 4)",
    "torch.arange(12.0).reshape(3, 4)",
    "torch.tensor([[1, 2], [3, 4]]) * 2",
    "torch.zeros(2, 3)",
    "torch.tensor([1.5, float('nan'), float('inf'), -float('inf')])",
    "torch.tensor([2.0, float('nan'), -float('inf')])",
    "torch.randn(40, 30)",
    "torch.randn(2, 600)",
    "torch.randn(1000)",
    "torch.arange(2000)",
    "torch.randn(2, 3, 4, 5)",
    "torch.randn(1, 1, 2, 2, 2)",
    "torch.randn(30)",
    "torch.tensor([True, False, True])",
    "torch.randn(2, 3) > 0",
    "torch.randn(2, 3).double()",
    "torch.arange(6).int()",
    "torch.from_numpy(np.arange(4.0))",
    "torch.zeros(0, 3)",
    "torch.zeros(0)",
    "torch.arange(0)",
    "torch.tensor(3.5)",
    "torch.tensor(-2.0)",
    "torch.randn(3, 4)[0, 1]",
    "torch.randn(3, 4).max()",
    "torch.randn(3, 4)[1]",
    "F.pad(torch.ones(1, 1, 2, 2), (1, 1, 1, 1))",
    "torch.randn(2, 2) - 5",
    "torch.sum(torch.randn(3, 4), dim=1, keepdim=True)",
    "torch.randn(3, 4).std()",
    "torch.randn(3, 4).var(dim=0)",
    "torch.randn(3, 4).max(dim=1)[1]",
    "torch.max(torch.randn(3, 4), dim=0)[0]",
    "torch.randn(3, 4).argmax(dim=1)",
    "torch.randn(2, 3, 4).transpose(0, 2)",
    "torch.transpose(torch.randn(2, 3), 0, 1)",
    "torch.randn(2, 3, 4).flatten(1)",
    "torch.clamp(torch.randn(3, 3), min=-0.5, max=0.5)",
    "torch.linspace(0, 1, steps=7)",
    "torch.full((2, 3), 2.5)",
    "torch.relu(torch.randn(4))",
    "torch.eye(3)",
    "torch.nn.Upsample(scale_factor=2)(torch.randn(1, 1, 2, 2))",
    "F.interpolate(torch.randn(1, 1, 3, 3), size=(4, 5), mode='bicubic', align_corners=True)",
    "torch.nn.Conv2d(2, 3, 3, padding=1, bias=False)(torch.ones(1, 2, 3, 3)).shape[1] * torch.ones(2)",
    "torch.set_printoptions(precision=2)\ntorch.tensor([1.12345])",
    "torch.set_printoptions(threshold=5)\ntorch.arange(10)",
    "torch.set_printoptions(sci_mode=False)\ntorch.rand(3) * 1e-5",
    "torch.set_printoptions(sci_mode=True)\ntorch.rand(3)",
    "torch.set_printoptions(linewidth=40)\ntorch.randn(20)",
    "torch.set_printoptions(profile='short')\ntorch.randn(10, 10)",
    "torch.set_printoptions(edgeitems=1)\ntorch.randn(30, 40)",
]


def printing_cases():
    out = []
    for index, source in enumerate(PRINTING):
        torch.manual_seed(index)
        torch.set_printoptions(profile="default")
        lines = source.split("\n")
        scope = {"torch": torch, "F": F, "np": np}
        for line in lines[:-1]:
            exec(line, scope)
        value = eval(lines[-1], scope)
        out.append({"seed": index, "source": source, "repr": repr(value)})
    torch.set_printoptions(profile="default")
    return out


if __name__ == "__main__":
    meta = {"torch": torch.__version__, "numpy": np.__version__}
    payload = {"versions": meta, "layers": run_layers(layer_cases()), "functional": functional_cases(),
               "init": init_stats(), "random": random_streams(), "printing": printing_cases(),
               "refusals": interpolate_refusals()}
    with open(os.path.join(ROOT, "torch.json"), "w") as handle:
        json.dump(payload, handle)
    layers = payload["layers"]
    print(f"torch layers: {sum('output' in c for c in layers)} computed, {sum('error' in c for c in layers)} refused; "
          f"functional {len(payload['functional'])}; init {len(payload['init'])}; random {len(payload['random'])}; "
          f"printing {len(payload['printing'])}")
