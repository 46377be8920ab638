#!/usr/bin/env python3
"""Writes layers/configs.json: Keras 3's get_config() for convlab's layers. Run from the
repository root:

    pip install "keras>=3" jax
    python3 Tests/Fixtures/make_config_fixtures.py

Each case is a constructor call that reads the same in Keras and convlab, and Keras's config
with its serialized objects reduced to their names (the dtype policy to its dtype, an
initializer, regularizer or constraint to its class name), as a Python repr. CI never runs this.
"""
import json
import os
import warnings

os.environ.setdefault("KERAS_BACKEND", "jax")
os.environ.setdefault("JAX_PLATFORMS", "cpu")
warnings.filterwarnings("ignore")

import keras

CASES = [
    "Conv1D(2, 3)",
    "Conv2D(4, 3, padding='same')",
    "Conv3D(2, (1, 2, 3), strides=(1, 2, 1))",
    "Conv2D(8, 3, groups=2, use_bias=False, activation='relu')",
    "Conv2D(4, 3, data_format='channels_first', dilation_rate=2)",
    "Conv2D(4, 3, kernel_initializer='he_normal', bias_initializer='ones')",
    "Conv1D(2, 5, padding='causal')",
    "Conv1DTranspose(2, 3, strides=2, output_padding=1)",
    "Conv2DTranspose(3, 2, strides=2, padding='same')",
    "Conv3DTranspose(2, 3)",
    "DepthwiseConv1D(3)",
    "DepthwiseConv2D(3, depth_multiplier=2, strides=2)",
    "SeparableConv1D(4, 3)",
    "SeparableConv2D(4, 3, depth_multiplier=2, padding='same')",
    "UpSampling1D(3)",
    "UpSampling2D((2, 1), interpolation='bilinear')",
    "UpSampling3D(2)",
    "ZeroPadding1D(2)",
    "ZeroPadding2D(((1, 2), (3, 4)))",
    "ZeroPadding3D(1)",
    "Cropping1D((1, 2))",
    "Cropping2D(2)",
    "Cropping3D(((1, 1), (2, 2), (0, 1)))",
    "MaxPooling1D()",
    "MaxPooling2D(3, strides=1, padding='same')",
    "AveragePooling2D((2, 3), data_format='channels_first')",
    "AveragePooling3D(2, strides=(1, 2, 1))",
    "MaxPool2D(2)",
    "AvgPool1D(4, padding='same')",
    "GlobalMaxPooling1D()",
    "GlobalAveragePooling2D(keepdims=True)",
    "GlobalMaxPooling3D(data_format='channels_first')",
]


def reduced(config):
    out = {}
    for key, value in config.items():
        if isinstance(value, dict):
            value = value["config"]["name"] if key == "dtype" else value["class_name"]
        out[key] = value
    return repr(out)


def main():
    cases = []
    for source in CASES:
        keras.backend.clear_session()  # names restart, as each case's session does
        layer = eval("keras.layers." + source)
        cases.append({"source": source, "config": reduced(layer.get_config())})
    path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "layers", "configs.json")
    with open(path, "w") as file:
        json.dump({"keras": keras.__version__, "cases": cases}, file, indent=1)
        file.write("\n")
    print(f"{len(cases)} configs from Keras {keras.__version__} -> {path}")


main()
