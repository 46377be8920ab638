#!/usr/bin/env python3
"""Times the benchmark suite on convlab, ONNX Runtime, OpenVINO, PyTorch and jax/XLA, side by
side in one run.

    swift build -c release
    pip install onnx onnxruntime openvino torch "keras>=3" jax jaxlib numpy
    python3 Benchmarks/peers.py [--repeat 7] [--only r50_1x1,...] [--off-suite]

For each case, in turn: convlab (the release binary) builds the layer, runs it, saves input,
weights and output, and times it with timeit; then ONNX Runtime (NCHW, the same weights as
initializers, 2 threads), OpenVINO (the same ONNX graph compiled for CPU, 2 threads, the LATENCY
hint), PyTorch (torch.nn with the same weights, 2 threads, under inference_mode, timed in both
contiguous NCHW and channels_last; the faster counts; Keras's asymmetric 'same' done as a PyTorch
user does it, F.pad then the conv, or a crop of a transposed output) and jax/XLA (the Keras
layer on the jax backend, jit-compiled) each run the same layer, and their output must equal
convlab's before their time is counted. Timing then
goes round `--rounds` times, convlab and the peers in turn, and each engine's figure is the
median of its per-round medians, so a burst of noise on a shared machine hits all of them alike.
One table of medians and ratios is printed at the end (ratio > 1: convlab is faster), with the
fraction of the machine's peak (`convlab peak`, our own FMA loop; the best of a reading before
the cases and one after each) the GEMM-shaped cases reach.
"""
import argparse
import math
import os
import re
import subprocess
import sys
import tempfile
import time

os.environ.setdefault("KERAS_BACKEND", "jax")
os.environ.setdefault("JAX_PLATFORMS", "cpu")
os.environ.setdefault("XLA_FLAGS", "--xla_cpu_multi_thread_eigen=true intra_op_parallelism_threads=2")

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from cases import CASES, OFF_SUITE  # noqa: E402

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BINARY = os.path.join(ROOT, ".build", "release", "convlab")


def median_ms(run, repeat):
    run()  # warm-up
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        run()
        times.append((time.perf_counter() - start) * 1e3)
    return float(np.median(times))


def run_convlab(index, layer, args, shape, folder, repeat):
    script = "\n".join([
        f"seed({index})", f"x = rand{tuple(shape)}.astype('float32')", f"l = {layer}({args})", "y = l(x)",
        f"save(x, '{folder}/x.npy'); save(y, '{folder}/y.npy')",
        "w = l.get_weights()",
        *[f"save(w[{i}], '{folder}/w{i}.npy')" for i in range(3)],
        f"timeit(l(x), repeat={repeat})",
    ])
    # Saving w[i] past the last weight fails harmlessly: run statement by statement in the REPL.
    result = subprocess.run([BINARY, "--plain"], input=script, capture_output=True, text=True, check=False)
    match = re.search(r"median ([0-9.]+) (ms|s|µs)", result.stdout)
    if not match:
        raise RuntimeError(f"convlab did not time the case:\n{result.stdout}\n{result.stderr}")
    value = float(match.group(1)) * {"ms": 1.0, "s": 1e3, "µs": 1e-3}[match.group(2)]
    weights = []
    for i in range(3):
        path = f"{folder}/w{i}.npy"
        if os.path.exists(path):
            weights.append(np.load(path))
    return value, np.load(f"{folder}/x.npy"), np.load(f"{folder}/y.npy"), weights


GEMM_SHAPED = {"r50_conv1", "r50_3x3_56", "r50_3x3_14", "r50_3x3_7", "r50_1x1", "tcn_dilated", "dcgan_convT",
               "unet3d_conv"}
# The suite's cases convlab computes by Winograd F(4x4, 3x3) (Winograd.applies: 3x3 rows and columns at stride 1,
# >= 32 channels in and out). Their "% of peak" counts the direct multiply-adds, so it can pass 100%;
# the table labels them.
WINOGRAD = {"r50_3x3_56", "r50_3x3_14", "r50_3x3_7", "unet3d_conv"}


def multiply_adds(layer, x, y, weights):
    """Multiply-adds of a convolution, from its input, output and kernel shapes."""
    kernel = weights[0].shape
    if "Transpose" in layer:  # every input pixel stamps the whole (k..., out, in) kernel
        return int(np.prod(x.shape[:-1]) * np.prod(kernel))
    return int(np.prod(y.shape[:-1]) * np.prod(kernel[:-1]) * y.shape[-1] // kernel[-1] * kernel[-1])


def peak_gflops():
    result = subprocess.run([BINARY, "peak"], capture_output=True, text=True, check=True)
    return float(re.search(r"([0-9.]+) GFLOP/s", result.stdout).group(1))


def keras_layer(layer, args, x, weights):
    import keras
    module = eval(f"keras.layers.{layer}({args})")
    module(x[:1])
    if weights:
        module.set_weights(weights)
    return module


def same_pads(n, k, s, d):
    window = d * (k - 1) + 1
    out = -(-n // s)
    total = max((out - 1) * s + window - n, 0)
    return total // 2, total - total // 2


def transposed_crops(k, s, padding, d=1):
    window = d * (k - 1) + 1
    if padding == "valid":
        op = max(window, s) - window
        left, right = window - 1, window - 1 + op
    else:
        pad_len = s + window - 2
        left = min(pad_len // 2 + pad_len % 2, window - 1)
        right = pad_len - left
    return window - 1 - left, window - 1 - right


def onnx_model(layer, module, x_shape, weights):
    """The same layer as an ONNX graph on NCHW data, weights as initializers."""
    import onnx
    from onnx import helper, numpy_helper, TensorProto
    config = module.get_config()
    rank = len(x_shape) - 2
    spatial = list(x_shape[1:-1])
    nodes, inits = [], []
    def tup(key, default=1):
        value = config.get(key, default)
        return list(value) if isinstance(value, (list, tuple)) else [value] * rank
    kernel_size, strides, dilation = tup("kernel_size"), tup("strides"), tup("dilation_rate")
    padding = config.get("padding", "valid")
    def forward_pads():
        if padding == "valid":
            return [0] * (2 * rank)
        pairs = [same_pads(n, k, s, d) for n, k, s, d in zip(spatial, kernel_size, strides, dilation)]
        return [p[0] for p in pairs] + [p[1] for p in pairs]
    last = "x"
    perm_to_oi = [rank + 1, rank] + list(range(rank))  # (k..., in, out) -> (out, in, k...)
    if layer.startswith("Conv") and "Transpose" not in layer:
        w = weights[0].transpose(perm_to_oi)
        inits += [numpy_helper.from_array(w, "w"), numpy_helper.from_array(weights[1], "b")]
        nodes.append(helper.make_node("Conv", ["x", "w", "b"], ["c"], kernel_shape=kernel_size, strides=strides,
                                      dilations=dilation, pads=forward_pads(), group=config.get("groups", 1)))
        last = "c"
    elif layer.startswith("DepthwiseConv"):
        c = x_shape[-1]
        w = weights[0]  # (k..., c, m)
        m = w.shape[-1]
        w = w.transpose([rank, rank + 1] + list(range(rank))).reshape([c * m, 1] + kernel_size)
        inits += [numpy_helper.from_array(w, "w"), numpy_helper.from_array(weights[1], "b")]
        nodes.append(helper.make_node("Conv", ["x", "w", "b"], ["c"], kernel_shape=kernel_size, strides=strides,
                                      dilations=dilation, pads=forward_pads(), group=c))
        last = "c"
    elif layer.startswith("SeparableConv"):
        c = x_shape[-1]
        d, p, b = weights
        m = d.shape[-1]
        d = d.transpose([rank, rank + 1] + list(range(rank))).reshape([c * m, 1] + kernel_size)
        p = p.transpose(perm_to_oi)
        inits += [numpy_helper.from_array(d, "d"), numpy_helper.from_array(p, "p"), numpy_helper.from_array(b, "b")]
        nodes.append(helper.make_node("Conv", ["x", "d"], ["t"], kernel_shape=kernel_size, strides=strides,
                                      dilations=dilation, pads=forward_pads(), group=c))
        nodes.append(helper.make_node("Conv", ["t", "p", "b"], ["c"], kernel_shape=[1] * rank))
        last = "c"
    elif "Transpose" in layer:
        w = weights[0].transpose([rank + 1, rank] + list(range(rank)))  # (k..., out, in) -> (in, out, k...)
        crops = [transposed_crops(k, s, padding) for k, s in zip(kernel_size, strides)]
        pads = [max(0, c[0]) for c in crops] + [max(0, c[1]) for c in crops]
        output_padding = [max(0, -c[1]) for c in crops]
        inits += [numpy_helper.from_array(w, "w"), numpy_helper.from_array(weights[1], "b")]
        nodes.append(helper.make_node("ConvTranspose", ["x", "w", "b"], ["c"], kernel_shape=kernel_size,
                                      strides=strides, pads=pads, output_padding=output_padding))
        last = "c"
    elif layer.startswith("UpSampling2D"):
        size = tup("size", 2)
        scales = np.array([1, 1] + [float(s) for s in size], dtype=np.float32)
        inits += [numpy_helper.from_array(scales, "scales")]
        mode = "linear" if config.get("interpolation") == "bilinear" else "nearest"
        nodes.append(helper.make_node("Resize", ["x", "", "scales"], ["c"], mode=mode,
                                      coordinate_transformation_mode="half_pixel"))
        last = "c"
    if config.get("activation") == "relu":
        nodes.append(helper.make_node("Relu", [last], ["r"]))
        last = "r"
    nodes.append(helper.make_node("Identity", [last], ["y"]))
    nchw = [x_shape[0], x_shape[-1]] + spatial
    graph = helper.make_graph(nodes, "case", [helper.make_tensor_value_info("x", TensorProto.FLOAT, nchw)],
                              [helper.make_tensor_value_info("y", TensorProto.FLOAT, None)], inits)
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 17)])
    model.ir_version = 8
    return model.SerializeToString()


def torch_runner(layer, module, x, weights):
    """The same layer in PyTorch as its users write it; returns (run(x_first) -> y_first, note)."""
    import torch
    import torch.nn.functional as F
    config = module.get_config()
    rank = x.ndim - 2
    spatial = list(x.shape[1:-1])
    def tup(key, default=1):
        value = config.get(key, default)
        return list(value) if isinstance(value, (list, tuple)) else [value] * rank
    kernel_size, strides, dilation = tup("kernel_size"), tup("strides"), tup("dilation_rate")
    padding = config.get("padding", "valid")
    perm = [rank + 1, rank] + list(range(rank))
    conv = {1: F.conv1d, 2: F.conv2d, 3: F.conv3d}[rank]
    convT = {1: F.conv_transpose1d, 2: F.conv_transpose2d, 3: F.conv_transpose3d}[rank]
    relu = config.get("activation") == "relu"
    t = lambda a: torch.from_numpy(np.ascontiguousarray(a))
    # Forward 'same': symmetric padding in the conv, any odd cell by F.pad before it.
    pairs = [same_pads(n, k, s, d) for n, k, s, d in zip(spatial, kernel_size, strides, dilation)] if padding == "same" \
        else [(0, 0)] * rank
    symmetric = [min(a, b) for a, b in pairs]
    extra = []
    for (a, b), m in reversed(list(zip(pairs, symmetric))):
        extra += [a - m, b - m]
    pre = (lambda v: F.pad(v, extra)) if any(extra) else (lambda v: v)
    if layer.startswith("Conv") and "Transpose" not in layer:
        w, b = t(weights[0].transpose(perm)), t(weights[1])
        groups = config.get("groups", 1)
        run = lambda v: conv(pre(v), w, b, strides, symmetric, dilation, groups)
    elif layer.startswith("DepthwiseConv"):
        c = x.shape[-1]
        w = t(weights[0].transpose([rank, rank + 1] + list(range(rank))).reshape([-1, 1] + kernel_size))
        b = t(weights[1])
        run = lambda v: conv(pre(v), w, b, strides, symmetric, dilation, c)
    elif layer.startswith("SeparableConv"):
        c = x.shape[-1]
        d = t(weights[0].transpose([rank, rank + 1] + list(range(rank))).reshape([-1, 1] + kernel_size))
        pw, b = t(weights[1].transpose(perm)), t(weights[2])
        run = lambda v: conv(conv(pre(v), d, None, strides, symmetric, dilation, c), pw, b)
    elif "Transpose" in layer:
        w, b = t(weights[0].transpose([rank + 1, rank] + list(range(rank)))), t(weights[1])
        crops = [transposed_crops(k, s, padding) for k, s in zip(kernel_size, strides)]
        # PyTorch crops `padding` on both sides and adds output_padding after; a crop it cannot
        # say (Keras's odd cell) is sliced off the output.
        pad = [min(a, max(bb, 0)) for a, bb in crops]
        output_padding = [max(0, -bb) for _, bb in crops]
        cut = [(a - p, (bb - p) if bb >= 0 else 0) for (a, bb), p in zip(crops, pad)]
        def run(v):
            out = convT(v, w, b, strides, pad, output_padding)
            if any(a or bb for a, bb in cut):
                index = (slice(None), slice(None)) + tuple(slice(a, out.shape[2 + i] - bb) for i, (a, bb) in enumerate(cut))
                out = out[index]
            return out
    elif layer.startswith("UpSampling2D"):
        size = tup("size", 2)
        mode = "bilinear" if config.get("interpolation") == "bilinear" else "nearest"
        run = lambda v: F.interpolate(v, scale_factor=[float(s) for s in size], mode=mode,
                                      **({"align_corners": False} if mode == "bilinear" else {}))
    else:
        return None
    if relu:
        inner = run
        run = lambda v: torch.relu(inner(v))
    return run


def to_first(a):
    return np.ascontiguousarray(np.moveaxis(a, -1, 1))


def close(a, b):
    return a.shape == b.shape and np.allclose(a, b, rtol=1e-3, atol=1e-4)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--only", default="")
    parser.add_argument("--off-suite", action="store_true", help="time the off-suite shapes instead")
    options = parser.parse_args()
    if not os.path.exists(BINARY):
        sys.exit("build the release binary first: swift build -c release")
    import onnxruntime as ort
    import jax
    import torch
    import openvino as ov
    torch.set_num_threads(2)
    core = ov.Core()
    # The peak is what the machine can do, so the best of one reading before the cases and one
    # after each: a single reading taken during a noisy moment would flatter every percentage.
    peaks = [peak_gflops()]
    rows = []
    for index, (name, layer, args, shape) in enumerate(OFF_SUITE if options.off_suite else CASES):
        if options.only and name not in options.only.split(","):
            continue
        with tempfile.TemporaryDirectory() as folder:
            first, x, y, weights = run_convlab(index, layer, args, shape, folder, options.repeat)
        # convlab's rand is NumPy's float64; its layers compute in float32, as the peers do.
        x = x.astype(np.float32)
        module = keras_layer(layer, args, x, weights)
        row = {"case": name, "convlab": None, "ort": None, "openvino": None, "torch": None, "jax": None, "note": "",
               "peak": None}
        timers = {"convlab": None, "ort": None, "openvino": None, "torch": None, "jax": None}
        onnx_bytes = None
        try:
            so = ort.SessionOptions()
            so.intra_op_num_threads = 2
            so.inter_op_num_threads = 1
            onnx_bytes = onnx_model(layer, module, x.shape, weights)
            session = ort.InferenceSession(onnx_bytes, so, providers=["CPUExecutionProvider"])
            xf = to_first(x)
            out = session.run(["y"], {"x": xf})[0]
            if close(out, to_first(y)):
                timers["ort"] = lambda: median_ms(lambda: session.run(["y"], {"x": xf}), options.repeat)
            else:
                row["note"] += "ORT output differs; "
        except Exception as error:  # noqa: BLE001
            row["note"] += f"ORT failed: {str(error).splitlines()[0][:60]}; "
        try:
            with tempfile.NamedTemporaryFile(suffix=".onnx") as handle:
                handle.write(onnx_bytes)
                handle.flush()
                compiled = core.compile_model(core.read_model(handle.name), "CPU",
                                              {"INFERENCE_NUM_THREADS": 2, "PERFORMANCE_HINT": "LATENCY",
                                               "INFERENCE_PRECISION_HINT": "f32"})
            request = compiled.create_infer_request()
            xf = to_first(x)
            out = request.infer({0: xf})[compiled.output(0)]
            if close(np.asarray(out), to_first(y)):
                timers["openvino"] = lambda: median_ms(lambda: request.infer({0: xf}), options.repeat)
            else:
                row["note"] += "OpenVINO output differs; "
        except Exception as error:  # noqa: BLE001
            row["note"] += f"OpenVINO failed: {str(error).splitlines()[0][:60]}; "
        try:
            run = torch_runner(layer, module, x, weights)
            if run is None:
                raise RuntimeError("no PyTorch form")
            xt = torch.from_numpy(to_first(x))
            with torch.inference_mode():
                out = run(xt).numpy()
            if not close(out, to_first(y)):
                row["note"] += "PyTorch output differs; "
            else:
                memory = torch.channels_last if x.ndim == 4 else torch.channels_last_3d if x.ndim == 5 else None
                xl = xt.contiguous(memory_format=memory) if memory else xt
                def time_torch():
                    with torch.inference_mode():
                        return min(median_ms(lambda: run(xt), options.repeat), median_ms(lambda: run(xl), options.repeat))
                timers["torch"] = time_torch
        except Exception as error:  # noqa: BLE001
            row["note"] += f"PyTorch failed: {str(error).splitlines()[0][:60]}; "
        try:
            fn = jax.jit(lambda value: module(value))
            xj = jax.numpy.asarray(x)
            out = np.asarray(fn(xj))
            if close(out, y):
                timers["jax"] = lambda: median_ms(lambda: fn(xj).block_until_ready(), options.repeat)
            else:
                row["note"] += "jax output differs; "
        except Exception as error:  # noqa: BLE001
            row["note"] += f"jax failed: {str(error).splitlines()[0][:60]}; "

        def time_convlab():
            with tempfile.TemporaryDirectory() as folder:
                return run_convlab(index, layer, args, shape, folder, options.repeat)[0]
        timers["convlab"] = time_convlab
        samples = {engine: [] for engine in timers}
        samples["convlab"].append(first)
        for round_index in range(options.rounds):
            for engine, timer in timers.items():
                if timer and not (engine == "convlab" and round_index == 0):
                    samples[engine].append(timer())
        for engine, values in samples.items():
            if values:
                row[engine] = float(np.median(values))
        if name in GEMM_SHAPED:
            row["flops"] = 2 * multiply_adds(layer, x, y, weights) / (row["convlab"] * 1e-3) / 1e9
        rows.append(row)
        peaks.append(peak_gflops())
        print(f"{name:18} convlab {row['convlab']:9.2f} ms   ORT {row['ort'] or float('nan'):9.2f}   "
              f"OpenVINO {row['openvino'] or float('nan'):9.2f}   PyTorch {row['torch'] or float('nan'):9.2f}   "
              f"jax {row['jax'] or float('nan'):9.2f} ms  {row['note']}", file=sys.stderr, flush=True)

    peak = max(peaks)
    for row in rows:
        if "flops" in row:
            row["peak"] = row["flops"] / peak
    print(f"Peak (convlab peak, FMA loop on all cores, best of {len(peaks)} readings taken between the cases; "
          f"lowest {min(peaks):.0f}): {peak:.0f} GFLOP/s float32\n")
    cpu = next((line.split(":", 1)[1].strip() for line in open("/proc/cpuinfo") if line.startswith("model name")), "?")
    flags = open("/proc/cpuinfo").read()
    isa = "AVX-512" if " avx512f" in flags else "AVX2" if " avx2" in flags else "SSE"
    print(f"Machine: {cpu}, {isa}, {os.cpu_count()} cores; {time.strftime('%Y-%m-%d')}; "
          f"ONNX Runtime {ort.__version__}, OpenVINO {ov.__version__.split('-')[0]}, PyTorch {torch.__version__.split('+')[0]}, "
          f"jax {jax.__version__}\n")
    peers = [("ort", "ORT"), ("openvino", "OpenVINO"), ("torch", "PyTorch"), ("jax", "jax")]
    print("| case | convlab ms | " + " | ".join(f"{label} ms" for _, label in peers)
          + " | " + " | ".join(f"× {label}" for _, label in peers) + " | × best peer | convlab % of peak |")
    print("|---|" + "---:|" * (2 * len(peers) + 3))
    ratios = {key: [] for key, _ in peers}
    best_ratios = []
    fmt = lambda v: f"{v:.2f}" if v else "–"
    for row in rows:
        cells = [row[key] for key, _ in peers]
        row_ratios = [value / row["convlab"] if value else None for value in cells]
        for (key, _), ratio in zip(peers, row_ratios):
            if ratio:
                ratios[key].append(ratio)
        timed = [value for key, value in zip([k for k, _ in peers], cells) if value and key != "jax"]
        best = min(timed) / row["convlab"] if timed else None
        if best:
            best_ratios.append(best)
        share = f"{100 * row['peak']:.0f}%" if row["peak"] else ""
        if share and row["case"] in WINOGRAD:
            share += " (Winograd; direct-equivalent)"
        print(f"| {row['case']} | {row['convlab']:.2f} | " + " | ".join(fmt(v) for v in cells) + " | "
              + " | ".join(fmt(r) for r in row_ratios) + f" | {fmt(best)} | {share} |")
    geo = lambda values: math.exp(sum(map(math.log, values)) / len(values)) if values else float("nan")
    print("| **geometric mean** | |" + " |" * len(peers) + " " + " | ".join(f"**{geo(ratios[key]):.2f}**" for key, _ in peers)
          + f" | **{geo(best_ratios):.2f}** | |")
    print("\nRatios are peer time / convlab time (above 1: convlab is faster); the best peer is the fastest of "
          "ONNX Runtime, OpenVINO and PyTorch for each case.")


if __name__ == "__main__":
    main()
