#!/usr/bin/python3
"""Evaluate a Keras dense network from its file with numpy and h5py, without Keras and without ntopo.

An independent oracle for ntopo's Keras importers (src/NeuralTopOpt/Nn/Formats/Keras/): another
zip reader (zipfile), another HDF5 reader (h5py on the HDF5 C library), another JSON parser and
another forward pass (numpy). Run by hand, not by CI; its output is committed as test data:

    apt-get install python3-h5py python3-numpy      # Debian 12: h5py 3.7.0, numpy 1.24.2
    /usr/bin/python3 tools/keras_reference.py MODEL.keras|MODEL.h5 --rows 50 --seed 2023 \
        --low -1 --high 1 --out reference.csv

Reads a Keras 3 .keras archive (config.json + model.weights.h5, weights under
layers/<snake_case class>[_k]/vars/<i>) or a legacy HDF5 model file (model_config attribute,
model_weights/<layer>/ with weight_names in load order; Keras 1, 2 and 3 spellings). Sequential
models of InputLayer, Normalization, Dense, Activation and Dropout only.

The CSV has x1..xn (seeded uniform inputs), y1..ym (the network in float64: float32 weights widened,
float64 arithmetic, as ntopo evaluates) and y1_float32..ym_float32 (weights, inputs and arithmetic
in float32, as Keras' predict computes with float32 layers), every number with 17 significant digits.
"""

import argparse
import io
import json
import re
import zipfile

import h5py
import numpy as np

EPSILON = 1e-7  # keras.backend.epsilon(), the floor of a Normalization layer's sqrt(variance)


def snake_case(name):
    name = re.sub(r"\W+", "", name)
    name = re.sub("(.)([A-Z][a-z]+)", r"\1_\2", name)
    return re.sub("([a-z])([A-Z])", r"\1_\2", name).lower()


def layers_of(config):
    if config["class_name"] != "Sequential":
        raise SystemExit(f"not a Sequential model: {config['class_name']}")
    inner = config["config"]
    return inner if isinstance(inner, list) else inner["layers"]   # Keras 1 writes the list itself


def keras3_weights(path):
    """Config and {layer name: [arrays]} of a .keras archive."""
    with zipfile.ZipFile(path) as archive:
        config = json.loads(archive.read("config.json"))
        h5 = h5py.File(io.BytesIO(archive.read("model.weights.h5")), "r")
    weights, used = {}, {}
    for layer in layers_of(config):
        if layer["class_name"] == "InputLayer":
            continue                                   # Sequential.layers leaves the InputLayer out
        name = snake_case(layer["class_name"])
        used[name] = used.get(name, -1) + 1
        group = f"layers/{name}" + (f"_{used[name]}" if used[name] else "")
        if f"{group}/vars" in h5:
            vars_ = h5[f"{group}/vars"]
            weights[layer["config"]["name"]] = [np.asarray(vars_[str(i)]) for i in range(len(vars_))]
    return config, weights


def legacy_weights(path):
    """Config and {layer name: [arrays]} of a legacy HDF5 model file, in weight_names order."""
    h5 = h5py.File(path, "r")
    text = h5.attrs["model_config"]
    config = json.loads(text.decode() if isinstance(text, bytes) else text)
    group = h5["model_weights"]
    weights = {}
    for layer_name in group.attrs["layer_names"]:
        layer_name = layer_name.decode() if isinstance(layer_name, bytes) else layer_name
        names = [n.decode() if isinstance(n, bytes) else n for n in group[layer_name].attrs["weight_names"]]
        weights[layer_name] = [np.asarray(group[layer_name][n]) for n in names]
    return config, weights


ACTIVATIONS = {
    "linear": lambda z: z,
    "relu": lambda z: np.maximum(z, 0),
    "sigmoid": lambda z: 1 / (1 + np.exp(-z)),
    "tanh": np.tanh,
    "softplus": lambda z: np.logaddexp(z, 0),
    "swish": lambda z: z / (1 + np.exp(-z)),
    "silu": lambda z: z / (1 + np.exp(-z)),
}


def activation_of(layer_config):
    activation = layer_config.get("activation") or "linear"
    if isinstance(activation, dict):
        activation = activation.get("config") if isinstance(activation.get("config"), str) else activation["class_name"]
    return ACTIVATIONS[activation]


def forward(config, weights, x, dtype):
    y = x.astype(dtype)
    for layer in layers_of(config):
        kind, c = layer["class_name"], layer["config"]
        w = [a.astype(dtype) for a in weights.get(c["name"], [])]
        if kind in ("InputLayer", "Dropout"):
            continue
        if kind == "Dense":
            y = y @ w[0] + (w[1] if len(w) > 1 else 0)
            y = activation_of(c)(y)
        elif kind == "Activation":
            y = activation_of(c)(y)
        elif kind == "Normalization":
            mean, variance = (w[0], w[1]) if c.get("mean") is None else (np.asarray(c["mean"], dtype), np.asarray(c["variance"], dtype))
            sigma = np.maximum(np.sqrt(variance), dtype(EPSILON))
            y = mean + y * sigma if c.get("invert") else (y - mean) / sigma
        else:
            raise SystemExit(f"unsupported layer {kind}")
    return y


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("model")
    parser.add_argument("--rows", type=int, default=50)
    parser.add_argument("--seed", type=int, default=2023)
    parser.add_argument("--low", type=float, default=-1.0)
    parser.add_argument("--high", type=float, default=1.0)
    parser.add_argument("--out", required=True)
    args = parser.parse_args()

    config, weights = keras3_weights(args.model) if args.model.endswith(".keras") else legacy_weights(args.model)
    width = next(a for a in weights.values() if a and a[0].ndim == 2)[0].shape[0]   # the first kernel's rows
    x = np.random.default_rng(args.seed).uniform(args.low, args.high, size=(args.rows, width))
    y64 = forward(config, weights, x, np.float64)
    y32 = forward(config, weights, x.astype(np.float32), np.float32)
    outputs = y64.shape[1]
    header = [f"x{i + 1}" for i in range(width)] + [f"y{j + 1}" for j in range(outputs)] + [f"y{j + 1}_float32" for j in range(outputs)]
    with open(args.out, "w", encoding="ascii") as f:
        f.write(",".join(header) + "\n")
        for row in np.hstack([x, y64, y32.astype(np.float64)]):
            f.write(",".join(f"{v:.17g}" for v in row) + "\n")


if __name__ == "__main__":
    main()
