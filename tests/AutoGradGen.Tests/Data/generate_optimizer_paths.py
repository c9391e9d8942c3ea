#!/usr/bin/env python3
"""Reference paths of six torch.optim optimizers on f(x, y) = x²/20 + y² (PyTorch 1.13, float64).

The experiment of CS231n's optimizer notes and "Deep Learning from Scratch" chapter 6: start at
(-7, 2), take 30 steps with SGD (lr 0.95), Momentum (lr 0.1, momentum 0.9), Nesterov (lr 0.1,
momentum 0.9), AdaGrad (lr 1.5), RMSProp (lr 0.1) and Adam (lr 0.3); every other setting is
PyTorch's default. OptimizerPathsSampleTests compares samples/OptimizerPaths' CSV with this file.

Regenerate with Debian's PyTorch (the file is written next to this script):
    /usr/bin/python3 tests/AutoGradGen.Tests/Data/generate_optimizer_paths.py
Not run by the tests: they read the checked-in JSON.
"""
import json
import os

import torch

torch.set_default_dtype(torch.float64)

START = [-7.0, 2.0]
STEPS = 30

OPTIMIZERS = [
    ("SGD", lambda p: torch.optim.SGD(p, lr=0.95)),
    ("Momentum", lambda p: torch.optim.SGD(p, lr=0.1, momentum=0.9)),
    ("Nesterov", lambda p: torch.optim.SGD(p, lr=0.1, momentum=0.9, nesterov=True)),
    ("AdaGrad", lambda p: torch.optim.Adagrad(p, lr=1.5)),
    ("RMSProp", lambda p: torch.optim.RMSprop(p, lr=0.1)),
    ("Adam", lambda p: torch.optim.Adam(p, lr=0.3)),
]


def f(xy):
    return xy[0] ** 2 / 20 + xy[1] ** 2


def path(create):
    xy = torch.tensor(START, requires_grad=True)
    optimizer = create([xy])
    points = [xy.detach().tolist()]
    for _ in range(STEPS):
        optimizer.zero_grad()
        f(xy).backward()
        optimizer.step()
        points.append(xy.detach().tolist())
    return points


result = {
    "torch_version": torch.__version__,
    "start": START,
    "steps": STEPS,
    # Each optimizer's points, step 0 (the start) to step 30, as [x, y].
    "paths": {name: path(create) for name, create in OPTIMIZERS},
}

target = os.path.join(os.path.dirname(os.path.abspath(__file__)), "optimizer_paths_torch.json")
with open(target, "w", encoding="utf-8") as out:
    json.dump(result, out, indent=1)
    out.write("\n")
print(f"wrote {target}")
