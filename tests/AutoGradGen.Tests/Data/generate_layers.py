#!/usr/bin/env python3
"""Reference forward and backward passes of a small layer stack (PyTorch 1.13, float64), for LayerTests.

The network covers Linear, BatchNorm1d (training mode, then eval mode), ReLU, LeakyReLU, Sigmoid, Tanh
and Softmax. Its parameters are set explicitly and written out under their state_dict names, so the
C# test copies them into Module.NamedParameters() by name. The loss is sum(w * output) with fixed w.

Regenerate with Debian's PyTorch:
    /usr/bin/python3 tests/AutoGradGen.Tests/Data/generate_layers.py > tests/AutoGradGen.Tests/Data/layers_torch.json
"""
import json
import torch
import torch.nn as nn

torch.manual_seed(20240611)
torch.set_default_dtype(torch.float64)

BATCH, IN = 6, 5
SLOPE, MOMENTUM, EPS = 0.1, 0.1, 1e-5

model = nn.Sequential(
    nn.Linear(IN, 6),          # 0
    nn.BatchNorm1d(6, momentum=MOMENTUM, eps=EPS),  # 1
    nn.ReLU(),                 # 2
    nn.Linear(6, 5),           # 3
    nn.LeakyReLU(SLOPE),       # 4
    nn.Linear(5, 4),           # 5
    nn.Sigmoid(),              # 6
    nn.Linear(4, 4),           # 7
    nn.Tanh(),                 # 8
    nn.Linear(4, 3),           # 9
    nn.Softmax(dim=1),         # 10
)

# Explicit parameter values (not PyTorch's initialization): weights ~ N(0, 0.8²), biases ~ N(0, 0.3²),
# batch-norm scale around 1 and shift around 0.
with torch.no_grad():
    for name, p in model.named_parameters():
        if name == "1.weight":
            p.copy_(1.0 + 0.4 * torch.randn_like(p))
        elif name.endswith("weight"):
            p.copy_(0.8 * torch.randn_like(p))
        else:
            p.copy_(0.3 * torch.randn_like(p))

x = (torch.randn(BATCH, IN) * 1.5 + 0.5).requires_grad_()
x2 = torch.randn(BATCH, IN) * 2.0 - 0.7
w = torch.randn(BATCH, 3)

# The tests must not sit on a ReLU/LeakyReLU kink, where rounding could pick either side.
def kink_distance(inp):
    h = inp
    smallest = float("inf")
    for m in model:
        if isinstance(m, (nn.ReLU, nn.LeakyReLU)):
            smallest = min(smallest, h.abs().min().item())
        h = m(h)
    return smallest

parameters = {name: p.detach().flatten().tolist() for name, p in model.named_parameters()}


def run(inp):
    for p in model.parameters():
        p.grad = None
    inp.grad = None
    out = model(inp)
    loss = (w * out).sum()
    loss.backward()
    return dict(
        output=out.detach().flatten().tolist(),
        loss=loss.item(),
        input_gradient=inp.grad.flatten().tolist(),
        parameter_gradients={name: p.grad.flatten().tolist() for name, p in model.named_parameters()},
    )


def buffers():
    return {name: b.flatten().tolist() for name, b in model.named_buffers() if "running" in name}


# Kink distances first, in both modes, on a saved copy of the state (a training forward moves the statistics).
state = {k: v.clone() for k, v in model.state_dict().items()}
with torch.no_grad():
    model.train()
    min_kink = kink_distance(x.detach())
    model.load_state_dict(state)
model.train()
train = run(x)
train["buffers"] = buffers()          # after one training forward
with torch.no_grad():
    model(x2)                         # the second training forward
after_two = buffers()

model.eval()
with torch.no_grad():
    min_kink = min(min_kink, kink_distance(x.detach()))
assert min_kink > 1e-3, min_kink
eval_ = run(x)

print(json.dumps(dict(
    torch=torch.__version__,
    batch=BATCH, in_features=IN, negative_slope=SLOPE, momentum=MOMENTUM, eps=EPS,
    input=x.detach().flatten().tolist(),
    second_input=x2.flatten().tolist(),
    loss_weights=w.flatten().tolist(),
    parameters=parameters,
    train=train,
    running_after_two=after_two,
    eval=eval_,
    min_kink_distance=min_kink,
), indent=1))
