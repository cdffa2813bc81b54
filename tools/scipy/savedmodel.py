"""Reads the paper's Keras networks from their TensorFlow SavedModel directories, without TensorFlow.

A SavedModel keeps its variables in a "tensor bundle": ``variables/variables.index`` is a
LevelDB-format sorted table whose keys are variable names and whose values are ``BundleEntryProto``
messages (dtype, shape, shard, byte offset, size, masked CRC32C), and
``variables/variables.data-00000-of-00001`` holds the raw little-endian tensors. The architecture
comes from the Keras config JSON inside ``keras_metadata.pb``.

The paper's networks are Sequential: Normalization (inputs), Dense(64, sigmoid), Dense(k, linear),
Normalization (outputs, ``invert`` false), float64 throughout; ``layer_with_weights-0`` .. ``-3``
in that order. Keras' Normalization computes (x - mean) / max(sqrt(variance), 1e-7).

Usage:
    python3 savedmodel.py DIR                  # print the architecture and a few predictions
    python3 savedmodel.py DIR --json OUT.json  # also write the network in ntopo's model format
"""

import argparse
import hashlib
import json
import os
import struct
import sys

import numpy as np

KERAS_EPSILON = 1e-7
DTYPES = {1: np.float32, 2: np.float64, 3: np.int32, 9: np.int64}

# ---------------------------------------------------------------------------------------------
# CRC32C (Castagnoli), table driven, and LevelDB's mask of stored checksums.

_CRC_TABLE = []
for _i in range(256):
    _c = _i
    for _ in range(8):
        _c = (_c >> 1) ^ 0x82F63B78 if _c & 1 else _c >> 1
    _CRC_TABLE.append(_c)


def crc32c(data):
    crc = 0xFFFFFFFF
    for byte in data:
        crc = _CRC_TABLE[(crc ^ byte) & 0xFF] ^ (crc >> 8)
    return crc ^ 0xFFFFFFFF


def unmask(masked):
    rot = (masked - 0xA282EAD8) & 0xFFFFFFFF
    return ((rot >> 17) | (rot << 15)) & 0xFFFFFFFF


# ---------------------------------------------------------------------------------------------
# Protocol buffer wire format: just enough for BundleEntryProto and TensorShapeProto.

def varint(buf, pos):
    value, shift = 0, 0
    while True:
        b = buf[pos]
        pos += 1
        value |= (b & 0x7F) << shift
        if b < 0x80:
            return value, pos
        shift += 7


def proto_fields(buf):
    """Yields (field number, wire type, value) of a message; length-delimited values as bytes."""
    pos = 0
    while pos < len(buf):
        key, pos = varint(buf, pos)
        field, wire = key >> 3, key & 7
        if wire == 0:
            value, pos = varint(buf, pos)
        elif wire == 1:
            value = struct.unpack_from('<Q', buf, pos)[0]
            pos += 8
        elif wire == 2:
            length, pos = varint(buf, pos)
            value = bytes(buf[pos:pos + length])
            pos += length
        elif wire == 5:
            value = struct.unpack_from('<I', buf, pos)[0]
            pos += 4
        else:
            raise ValueError(f'unsupported protobuf wire type {wire}')
        yield field, wire, value


def bundle_entry(buf):
    entry = {'dtype': 0, 'shape': [], 'shard': 0, 'offset': 0, 'size': 0, 'crc32c': None}
    for field, _, value in proto_fields(buf):
        if field == 1:
            entry['dtype'] = value
        elif field == 2:
            for f2, _, dim in proto_fields(value):
                if f2 == 2:
                    size = 0
                    for f3, _, v3 in proto_fields(dim):
                        if f3 == 1:
                            size = v3
                    entry['shape'].append(size)
        elif field == 3:
            entry['shard'] = value
        elif field == 4:
            entry['offset'] = value
        elif field == 5:
            entry['size'] = value
        elif field == 6:
            entry['crc32c'] = value
        elif field == 7:
            raise ValueError('sliced tensors are not supported')
    return entry


# ---------------------------------------------------------------------------------------------
# LevelDB table: footer -> index block -> data blocks; each block a run of prefix-compressed
# entries followed by its restart array, then a 5-byte trailer (compression type, masked CRC).

TABLE_MAGIC = 0xDB4775248B80FB57


def block_handle(buf, pos):
    offset, pos = varint(buf, pos)
    size, pos = varint(buf, pos)
    return (offset, size), pos


def read_block(data, handle):
    offset, size = handle
    block = data[offset:offset + size]
    kind = data[offset + size]
    stored = struct.unpack_from('<I', data, offset + size + 1)[0]
    if kind != 0:
        raise ValueError(f'compressed table blocks (type {kind}) are not supported')
    if crc32c(data[offset:offset + size + 1]) != unmask(stored):
        raise ValueError(f'table block at {offset}: CRC32C mismatch')
    restarts = struct.unpack_from('<I', block, size - 4)[0]
    end = size - 4 - 4 * restarts
    entries, pos, key = [], 0, b''
    while pos < end:
        shared, pos = varint(block, pos)
        unshared, pos = varint(block, pos)
        length, pos = varint(block, pos)
        key = key[:shared] + bytes(block[pos:pos + unshared])
        pos += unshared
        entries.append((key, bytes(block[pos:pos + length])))
        pos += length
    return entries


def read_table(path):
    with open(path, 'rb') as f:
        data = f.read()
    if struct.unpack_from('<Q', data, len(data) - 8)[0] != TABLE_MAGIC:
        raise ValueError(f'{path}: not a LevelDB table (bad magic)')
    footer = data[len(data) - 48:]
    _, pos = block_handle(footer, 0)
    index, _ = block_handle(footer, pos)
    table = {}
    for _, handle_bytes in read_block(data, index):
        handle, _ = block_handle(handle_bytes, 0)
        for key, value in read_block(data, handle):
            table[key] = value
    return table


def read_variables(directory):
    """{variable name: numpy array} of a SavedModel directory, every tensor's CRC32C checked."""
    index = read_table(os.path.join(directory, 'variables', 'variables.index'))
    shards = {}
    tensors = {}
    for key, value in index.items():
        if key == b'':
            continue  # BundleHeaderProto
        entry = bundle_entry(value)
        shard = entry['shard']
        if shard not in shards:
            names = [n for n in os.listdir(os.path.join(directory, 'variables'))
                     if n.startswith(f'variables.data-{shard:05d}-of-')]
            with open(os.path.join(directory, 'variables', names[0]), 'rb') as f:
                shards[shard] = f.read()
        if entry['dtype'] not in DTYPES:
            continue  # strings (the checkpoint graph; their checksum covers a length prefix) are not needed
        raw = shards[shard][entry['offset']:entry['offset'] + entry['size']]
        if entry['crc32c'] is not None and crc32c(raw) != unmask(entry['crc32c']):
            raise ValueError(f'{key.decode()}: CRC32C mismatch')
        array = np.frombuffer(raw, dtype=np.dtype(DTYPES[entry['dtype']]).newbyteorder('<'))
        tensors[key.decode()] = array.reshape(entry['shape']).copy()
    return tensors


def keras_config(directory):
    """The Sequential model's config (the first JSON object in keras_metadata.pb)."""
    with open(os.path.join(directory, 'keras_metadata.pb'), 'rb') as f:
        data = f.read()
    start = data.index(b'{"name"')
    decoder = json.JSONDecoder()
    config, _ = decoder.raw_decode(data[start:].decode('utf-8', errors='replace'))
    return config


# ---------------------------------------------------------------------------------------------
# The network.

class KerasMlp:
    """Normalization -> Dense(sigmoid) -> Dense(linear) -> Normalization(invert=False), float64."""

    def __init__(self, directory):
        v = read_variables(directory)
        config = keras_config(directory)
        layers = config['config']['layers']
        kinds = [layer['class_name'] for layer in layers]
        if kinds != ['InputLayer', 'Normalization', 'Dense', 'Dense', 'Normalization']:
            raise ValueError(f'{directory}: unexpected architecture {kinds}')
        for norm in (layers[1], layers[4]):
            if norm['config'].get('invert', False):
                raise ValueError('an inverted output normalization is not what the paper trained')
        self.activations = [layers[2]['config']['activation'], layers[3]['config']['activation']]
        if self.activations != ['sigmoid', 'linear']:
            raise ValueError(f'unexpected activations {self.activations}')

        def var(layer, name):
            return v[f'layer_with_weights-{layer}/{name}/.ATTRIBUTES/VARIABLE_VALUE']

        self.mean_in, self.var_in = var(0, 'mean').ravel(), var(0, 'variance').ravel()
        self.w1, self.b1 = var(1, 'kernel'), var(1, 'bias')
        self.w2, self.b2 = var(2, 'kernel'), var(2, 'bias')
        self.mean_out, self.var_out = var(3, 'mean').ravel(), var(3, 'variance').ravel()
        self.std_in = np.maximum(np.sqrt(self.var_in), KERAS_EPSILON)
        self.std_out = np.maximum(np.sqrt(self.var_out), KERAS_EPSILON)
        self.directory = directory

    @property
    def inputs(self):
        return self.w1.shape[0]

    @property
    def outputs(self):
        return self.w2.shape[1]

    def predict(self, x):
        """y (rows x outputs) for x (rows x inputs), as the Keras layers compute it."""
        x = np.asarray(x, dtype=np.float64).reshape(-1, self.inputs)
        h = 1.0 / (1.0 + np.exp(-((x - self.mean_in) / self.std_in @ self.w1 + self.b1)))
        z = h @ self.w2 + self.b2
        return (z - self.mean_out) / self.std_out

    def jacobian(self, x):
        """dy/dx (rows x outputs x inputs) by the chain rule, as the paper's NNJ (dcfun, der_type 1)."""
        x = np.asarray(x, dtype=np.float64).reshape(-1, self.inputs)
        a = (x - self.mean_in) / self.std_in @ self.w1 + self.b1
        # the paper's dact_fn: w * exp(a) / (1 + exp(a))^2
        sig = np.exp(a) / (1.0 + np.exp(a)) ** 2
        # d y_o / d x_i = sum_j w1[i, j] / std_in[i] * sig_j * w2[j, o] / std_out[o]
        return np.einsum('ij,rj,jo->roi', self.w1 / self.std_in[:, None], sig, self.w2) / self.std_out[None, :, None]

    def to_ntopo_json(self, input_names, output_names, source):
        """ntopo's model format. Its output map is raw = z*std + mean, which expresses Keras'
        invert=False layer (z - m)/s only with folded constants: std' = 1/s, mean' = -m/s (equal to
        roundoff, about 1e-16 relative to the dense output)."""
        return {
            'format': 'ntopo-mlp',
            'version': 1,
            'architecture': f'{self.inputs}-{self.w1.shape[1]}-{self.outputs}',
            'inputs': input_names,
            'outputs': output_names,
            'input_normalization': {'mean': self.mean_in.tolist(), 'std': self.std_in.tolist()},
            'output_normalization': {'mean': (-self.mean_out / self.std_out).tolist(),
                                     'std': (1.0 / self.std_out).tolist()},
            'layers': [
                {'activation': 'sigmoid', 'weights': self.w1.T.tolist(), 'biases': self.b1.tolist()},
                {'activation': 'linear', 'weights': self.w2.T.tolist(), 'biases': self.b2.tolist()},
            ],
            'provenance': source,
        }


def sha256(path):
    with open(path, 'rb') as f:
        return hashlib.sha256(f.read()).hexdigest()


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument('directory')
    parser.add_argument('--json', help='write the network in ntopo model format here')
    args = parser.parse_args()
    net = KerasMlp(args.directory)
    print(f'{args.directory}: {net.inputs}-{net.w1.shape[1]}-{net.outputs} '
          f'({net.activations[0]}, {net.activations[1]}), output Normalization invert=False')
    print('  input mean', net.mean_in, 'std', net.std_in)
    print('  output mean', net.mean_out, 'std', net.std_out)
    probe = np.full((1, net.inputs), 0.5)
    print('  prediction at 0.5:', net.predict(probe).ravel())
    if args.json:
        names = (['width', 'height'], ['C11', 'C12', 'C22', 'C33']) if net.inputs == 2 else (['theta'], ['E'])
        data_file = os.path.join(args.directory, 'variables', 'variables.data-00000-of-00001')
        source = {
            'format': 'tensorflow-savedmodel',
            'file': os.path.relpath(data_file, os.path.dirname(os.path.abspath(args.json))),
            'sha256': sha256(data_file),
            'converted_by': 'tools/scipy/savedmodel.py',
        }
        with open(args.json, 'w') as f:
            json.dump(net.to_ntopo_json(*names, source), f, indent=2)
            f.write('\n')
        print('  wrote', args.json)


if __name__ == '__main__':
    sys.exit(main())
