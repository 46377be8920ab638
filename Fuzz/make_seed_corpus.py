#!/usr/bin/env python3
"""Writes Fuzz/corpus/: real statements for the fuzzer to start from.

Each session script (sessions/*.conv) is cut into runs of a few consecutive statements (the
`#:` output lines dropped), with the variables those runs use defined first, and a few
hand-written inputs add what the sessions do not reach (errors, edge numbers, odd bytes).
Inputs named config-NN start with the byte 0xFF: the harness reads them as layer
configurations (Sources/Notebook/LayerFuzzing.swift), one for each layer kind and entry point
at least, with extreme arguments and inputs that mutation rarely builds from text.

    python3 Fuzz/make_seed_corpus.py
"""
import hashlib
import os
import random
import re

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUT = os.path.join(ROOT, "Fuzz", "corpus")

EXTRA = [
    "import torch\nimport torch.nn as nn\nimport torch.nn.functional as F\nm = nn.Conv2d(3, 4, (3, 5), stride=(2, 1), padding=(1, 2), padding_mode='reflect')\ny = m(torch.randn(1, 3, 6, 9))\ny.size(1), y.permute(0, 2, 3, 1).shape",
    "import torch\nt = torch.nn.ConvTranspose2d(2, 3, 3, stride=2, padding=1, output_padding=1)\nt(torch.rand(1, 2, 4, 4), output_size=[8, 8]).shape\nt.load_state_dict(t.state_dict())",
    "import torch.nn.functional as F\nF.pad(torch.ones(1, 1, 3, 3), (1, -1, 2, 0))\nF.pad(torch.ones(1, 2, 4), (3, 3), mode='reflect')\nF.interpolate(torch.ones(1, 1, 2, 2), scale_factor=3, mode='bilinear')",
    "import torch.nn.functional as F\nF.interpolate(torch.randn(1, 2, 5, 7), size=(3, 11), mode='bicubic', align_corners=True)\nF.interpolate(torch.rand(1, 1, 9, 9), scale_factor=0.37, mode='bilinear', antialias=True)\nF.interpolate(torch.rand(1, 3, 7), scale_factor=1.6, mode='area')\ntorch.nn.Upsample(size=5, mode='nearest-exact')(torch.rand(1, 1, 2, 3, 2))",
    "import torch\ntorch.set_printoptions(precision=2, sci_mode=True)\nt = torch.randn(3, 4) * 1e5\nt, t.std(dim=0), t.max(dim=1), t.transpose(0, 1).flatten(0), torch.clamp(t, min=0)\ntorch.set_printoptions(profile='full')\ntorch.arange(12).view(3, 4) > 5",
    "torch.manual_seed(2**40 + 3)\ntorch.randn(17).sum(), torch.rand(3, 5).max()\nF.conv1d(torch.ones(1, 2, 5), torch.ones(4, 1, 3), groups=2)",
    "p = torch.nn.AvgPool2d(3, stride=2, padding=1, ceil_mode=True, divisor_override=2)\ndiagram(p, rand(1, 1, 6, 5), at=(3, 2), numbers=True)\nexplain(torch.nn.MaxPool1d(3, dilation=2, ceil_mode=True), (1, 2, 9))",
    "m = Sequential([Input((12, 12, 2)), Conv2D(2, 3), MaxPooling2D(2, padding='same'), GlobalAveragePooling2D(keepdims=True)])\nexplain(m)\ntrace(m, (1, 12, 12, 2), at=(0, 0))",
    "equivalent(Conv2DTranspose(3, 4, strides=3, padding='same'), (1, 5, 7, 2))\nequivalent(torch.nn.Conv1d(2, 2, 3, stride=2, padding=1))\nmatrix(AveragePooling1D(2, padding='same'), (1, 5, 1))",
    "x = rand(1, 5, 5, 2)\ny = Conv2D(3, 3, strides=2, padding='same', activation='relu')(x)\ny[0, :, :, 1]",
    "Conv2D(8, 7)(zeros((1, 5, 5, 1)))",
    "zeros(100000, 100000, 100)",
    "x = arange(24).reshape(2, 3, 4)\nx[..., ::-1][1, -1]\nx.sum(axis=-1)",
    "a = 2 ** 62 * 4\nb = -(2 ** 63) // -1\nInt(1e300)",
    "UpSampling2D(size=(2, 3), interpolation='bilinear')(rand(1, 3, 3, 2))",
    "m = Sequential([Input((8, 8, 3)), Conv2D(4, 3), ZeroPadding2D(1), Cropping2D(((1, 0), (0, 1)))])\nm.summary()",
    "import numpy as np\nnp.set_printoptions(precision=3)\nprint(np.linspace(0, 1, 7))",
    "l = Conv1D(2, 3)\nl.build((None, 6, 1))\nl.set_weights([ones((3, 1, 2)), zeros(2)])\nl(ones((1, 6, 1)))",
    "paddle.nn.Conv3DTranspose(2, 3, 3, stride=2, padding='SAME')(paddle.rand([1, 3, 2, 2, 2]))",
    "timeit(Conv2D(2, 1)(rand(1, 2, 2, 1)), repeat=2)",
    "x = rand(2, 3)\nx[5]\nx[:, 1:99:0]",
    "f'{1'\n'\\x00'\n(((((((1)))))))",
    "help(Conv2DTranspose)\nvars()",
    "explain(Conv3DTranspose(32, 2, strides: 2), (4, 10, 8, 12, 128))\nexplain(Conv2D(8, 7), (1, 5, 9, 3))",
    "m = Sequential([Input((16, 16, 1)), Conv2D(4, 3, strides=2, padding='same'), UpSampling2D(2)])\nexplain(m)",
    "diagram(Conv2DTranspose(1, 3, strides=2, padding='same', output_padding=1), rand(1, 3, 3, 1), at: (5, 5))",
    "diagram(paddle.nn.Conv3DTranspose(1, 1, (1, 3, 3), stride=(1, 2, 2), padding='SAME'), (1, 1, 1, 5, 5), at: (0, 0, 0))",
    "animate(Conv1D(1, 3, dilation_rate=2), (1, 7, 1))\nanimate(UpSampling2D(2, interpolation='bilinear'), (1, 2, 2, 1))",
]


def statements(text):
    out = []
    for line in text.splitlines():
        if line.startswith("#:") or not line.strip():
            continue
        out.append(line)
    return out


def main():
    os.makedirs(OUT, exist_ok=True)
    seeds = []
    for name in sorted(os.listdir(os.path.join(ROOT, "sessions"))):
        if not name.endswith(".conv"):
            continue
        lines = statements(open(os.path.join(ROOT, "sessions", name)).read())
        definitions = [l for l in lines if re.match(r"^(seed|[a-z_0-9]+ = (rand|randn|zeros|ones|arange))", l)]
        for start in range(0, len(lines), 4):
            seeds.append("\n".join(definitions[:6] + lines[start:start + 4]) + "\n")
    seeds += [s + "\n" for s in EXTRA]
    for seed in seeds:
        data = seed.encode()
        with open(os.path.join(OUT, hashlib.sha1(data).hexdigest()[:16]), "wb") as f:
            f.write(data)
    with open(os.path.join(OUT, "invalid-utf8"), "wb") as f:
        f.write(b"x = 'caf\xe9'\ny = \xff\n")
    # Layer configurations: each of the 18 layer kinds (the first choice) 7 times, the other
    # choices (arguments, shape, entry point) drawn from a seeded generator.
    configs = 0
    for kind in range(18):
        for entry in range(7):
            draw = random.Random(kind * 7 + entry)
            choices = [kind] + [draw.randrange(256) for _ in range(23)]
            with open(os.path.join(OUT, f"config-{kind:02d}-{entry}"), "wb") as f:
                f.write(bytes([0xFF] + choices))
            configs += 1
    print(f"wrote {len(seeds) + 1} seeds and {configs} configurations to {OUT}")


if __name__ == "__main__":
    main()
