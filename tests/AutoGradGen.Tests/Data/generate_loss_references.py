#!/usr/bin/env python3
"""Reference values and gradients of the standard losses (PyTorch 1.13, float64).

Regenerate with Debian's PyTorch:
    /usr/bin/python3 tests/AutoGradGen.Tests/Data/generate_loss_references.py > tests/AutoGradGen.Tests/Data/loss_references.json
"""
import json
import torch
import torch.nn.functional as F

torch.manual_seed(7)
torch.set_default_dtype(torch.float64)
N, C = 5, 4
scores = (torch.randn(N, C) * 3).requires_grad_()
labels = torch.tensor([0, 3, 1, 1, 2])
predictions = torch.randn(7).requires_grad_()
targets = torch.randn(7).requires_grad_()
logits = (torch.randn(7) * 4).requires_grad_()
binary = torch.rand(7)

cases = []
def record(name, loss, inputs):
    grads = torch.autograd.grad(loss, inputs)
    cases.append(dict(name=name, value=loss.item(), gradients=[g.flatten().tolist() for g in grads]))

record("softmax_cross_entropy", F.cross_entropy(scores, labels), [scores])
record("multiclass_hinge", F.multi_margin_loss(scores, labels, margin=1.0), [scores])
record("mean_squared_error", F.mse_loss(predictions, targets), [predictions, targets])
record("binary_cross_entropy_with_logits", F.binary_cross_entropy_with_logits(logits, binary), [logits])

print(json.dumps(dict(
    torch=torch.__version__,
    scores=scores.detach().flatten().tolist(), labels=labels.tolist(), classes=C,
    predictions=predictions.detach().tolist(), targets=targets.detach().tolist(),
    logits=logits.detach().tolist(), binary_targets=binary.tolist(),
    cases=cases), indent=1))
