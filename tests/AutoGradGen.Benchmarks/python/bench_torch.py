#!/usr/bin/python3
"""PyTorch / NumPy side of the AutoGradGen side-by-side benchmark.

Implements the five gradient objectives of tests/AutoGradGen.Benchmarks/Objectives (log-sum-exp,
polynomial least squares, GMM, LSTM, RK4 ODE) as vectorized PyTorch code at the sizes of
Suites/Problems.cs, and times

  1. each objective alone (forward under torch.no_grad()) and forward + backward,
  2. float32 square matrix products C = A·B (NumPy's `@` through its BLAS, and torch.mm),
  3. one training step of a 784-256-256-10 ReLU MLP (batch 128, cross-entropy from logits, Adam
     lr 1e-3) in float64 and float32 (--mlp-layers and --mlp-batch change the sizes),

and writes a JSON document (``--output``, default stdout) plus a short table on stderr.

``--check`` first verifies every torch objective against a literal transcription of the C# loops
(values on tiny and full-size inputs, gradients against central differences of the transcription,
and a few values worked out by hand); it exits non-zero if any comparison fails.

Run with Debian's interpreter, which has PyTorch and NumPy:

    /usr/bin/python3 tests/AutoGradGen.Benchmarks/python/bench_torch.py --check
    /usr/bin/python3 tests/AutoGradGen.Benchmarks/python/bench_torch.py --output /tmp/torch-bench.json
"""

import argparse
import contextlib
import ctypes
import io
import json
import math
import os
import platform
import re
import subprocess
import sys
import time

INSTALL_HINT = "install with: apt-get install python3-torch python3-numpy libopenblas0-pthread"

try:
    import numpy as np
except ImportError as error:  # pragma: no cover - depends on the machine
    sys.exit(f"bench_torch.py: NumPy is missing for {sys.executable} ({error}); {INSTALL_HINT}")

try:
    import torch
    import torch.nn.functional as F
except ImportError as error:  # pragma: no cover - depends on the machine
    sys.exit(f"bench_torch.py: PyTorch is missing for {sys.executable} ({error}); {INSTALL_HINT}")


# ----------------------------------------------------------------------------------------------
# Inputs (same sizes and value ranges as Suites/Problems.cs; not bit-identical: NumPy's generator
# instead of System.Random).
# ----------------------------------------------------------------------------------------------

def uniform(n, seed, scale):
    """Problems.Random: n values uniform in [-scale, scale)."""
    return (np.random.default_rng(seed).random(n) * 2 - 1) * scale


def positive(n, seed):
    """Problems.Positive: n values uniform in [0.5, 1.5)."""
    return 0.5 + np.random.default_rng(seed).random(n)


def as_tensor(values, grad=False):
    return torch.tensor(np.asarray(values, dtype=np.float64), dtype=torch.float64, requires_grad=grad)


# ----------------------------------------------------------------------------------------------
# The objectives in PyTorch.
# ----------------------------------------------------------------------------------------------

def logsumexp_objective(x):
    """log Σ exp(xᵢ) (torch.logsumexp shifts by the maximum, as the C# does)."""
    return torch.logsumexp(x, 0)


def least_squares_objective(w, t, y):
    """½ Σᵢ (Σⱼ wⱼ tᵢʲ − yᵢ)²; the Vandermonde matrix is built inside, as the C# forms the powers."""
    powers = torch.vander(t, N=w.shape[0], increasing=True)  # powers[i, j] = tᵢʲ
    residual = powers @ w - y
    return 0.5 * torch.dot(residual, residual)


def gmm_lower_index(d):
    """(d, d) indices into [0, icf[d:]...] that place the strictly lower entries of Q.

    Gmm.cs stores L column by column after the d log-diagonal entries:
    L[row, col] = icf[d + col(2d − col − 1)/2 + row − col − 1] for col < row. Index 0 picks the
    zero that is prepended, so the upper triangle and the diagonal of the result are zero.
    """
    index = torch.zeros((d, d), dtype=torch.long)
    for col in range(d):
        for row in range(col + 1, d):
            index[row, col] = 1 + col * (2 * d - col - 1) // 2 + row - col - 1
    return index


def gmm_objective(alphas, means, icf, x, gamma, m, lower_index):
    """ADBench's GMM objective: alphas (k,), means (k, d), icf (k, d(d+1)/2), x (n, d)."""
    n, d = x.shape
    log_diagonal = icf[:, :d]
    sum_qs = log_diagonal.sum(1)                                            # Σ log diag Qₖ
    q_diagonal = log_diagonal.exp()
    lower = icf[:, d:]
    padded = torch.cat((lower.new_zeros(lower.shape[0], 1), lower), 1)
    q = torch.diag_embed(q_diagonal) + padded[:, lower_index]               # (k, d, d), Qₖ
    centered = x.unsqueeze(1) - means.unsqueeze(0)                          # (n, k, d)
    transformed = torch.einsum("kij,nkj->nki", q, centered)                 # Qₖ(xᵢ − μₖ)
    main_term = alphas + sum_qs - 0.5 * transformed.square().sum(2)         # (n, k)
    slse = torch.logsumexp(main_term, 1).sum()
    lse_alphas = torch.logsumexp(alphas, 0)
    frobenius = q_diagonal.square().sum() + lower.square().sum()
    prior = 0.5 * gamma * gamma * frobenius - m * sum_qs.sum()
    constant = -n * d * 0.5 * math.log(2 * math.pi)
    return constant + slse - n * lse_alphas + prior


def lstm_objective(main, extra, initial_state, sequence, layers):
    """ADBench's diagonal LSTM: main (layers·8b,), extra (3b,), initial_state (layers·2b,),
    sequence (steps + 1, b). Gates in the order forget, input, output, candidate; the forget and
    output gates see the layer's input, the input gate and the candidate the layer's previous
    hidden state (as in Lstm.cs)."""
    b = sequence.shape[1]
    steps = sequence.shape[0] - 1
    weights = main.view(layers, 2, 4 * b)       # [layer, 0] weights, [layer, 1] biases
    input_scale, output_scale, output_bias = extra.view(3, b)
    state = initial_state.view(layers, 2, b)    # [layer, 0] hidden, [layer, 1] cell
    hidden = [state[layer, 0] for layer in range(layers)]
    cell = [state[layer, 1] for layer in range(layers)]
    outputs = []
    for t in range(steps):
        layer_input = sequence[t] * input_scale
        for layer in range(layers):
            h = hidden[layer]
            gates = torch.cat((layer_input, h, layer_input, h)) * weights[layer, 0] + weights[layer, 1]
            forget, ingate, outgate = torch.sigmoid(gates[:3 * b]).view(3, b)
            change = torch.tanh(gates[3 * b:])
            cell[layer] = cell[layer] * forget + ingate * change
            hidden[layer] = outgate * torch.tanh(cell[layer])
            layer_input = hidden[layer]
        outputs.append(layer_input)
    # The prediction and its log-softmax do not feed back, so they are done for all steps at once.
    prediction = torch.stack(outputs) * output_scale + output_bias        # (steps, b)
    log_probabilities = prediction - torch.logsumexp(prediction, 1, keepdim=True)
    return -(sequence[1:] * log_probabilities).sum() / (steps * b)


def reaction_chain(rates, y):
    """dyᵢ/dt = rᵢ₋₁ yᵢ₋₁ − rᵢ yᵢ with y₋₁ = 0."""
    flux = rates * y
    return F.pad(flux[:-1], (1, 0)) - flux


def ode_objective(rates, initial, target, steps, h):
    """½‖y(T) − target‖² after `steps` classical RK4 steps of size h from y(0) = initial."""
    y = initial
    for _ in range(steps):
        k1 = reaction_chain(rates, y)
        k2 = reaction_chain(rates, y + 0.5 * h * k1)
        k3 = reaction_chain(rates, y + 0.5 * h * k2)
        k4 = reaction_chain(rates, y + h * k3)
        y = y + h / 6 * (k1 + 2 * k2 + 2 * k3 + k4)
    difference = y - target
    return 0.5 * torch.dot(difference, difference)


# ----------------------------------------------------------------------------------------------
# Literal transcriptions of the C# loops (plain Python floats), used only by --check.
# ----------------------------------------------------------------------------------------------

def ref_logsumexp(x):
    mx = x[0]
    for v in x[1:]:
        mx = max(mx, v)
    s = 0.0
    for v in x:
        s += math.exp(v - mx)
    return math.log(s) + mx


def ref_least_squares(w, t, y):
    loss = 0.0
    for i in range(len(t)):
        power = 1.0
        prediction = 0.0
        for j in range(len(w)):
            prediction += w[j] * power
            power *= t[i]
        residual = prediction - y[i]
        loss += 0.5 * residual * residual
    return loss


def ref_gmm(d, k, alphas, means, icf, x, gamma, m):
    n = len(x) // d
    icf_size = d * (d + 1) // 2
    sum_qs = [0.0] * k
    q_diag = [0.0] * (k * d)
    centered = [0.0] * d
    main_term = [0.0] * k
    for c in range(k):
        s = 0.0
        for j in range(d):
            s += icf[c * icf_size + j]
            q_diag[c * d + j] = math.exp(icf[c * icf_size + j])
        sum_qs[c] = s
    slse = 0.0
    for p in range(n):
        for c in range(k):
            for j in range(d):
                centered[j] = x[p * d + j] - means[c * d + j]
            squared_norm = 0.0
            for row in range(d):
                transformed = q_diag[c * d + row] * centered[row]
                for col in range(row):
                    transformed += icf[c * icf_size + d + col * (2 * d - col - 1) // 2 + row - col - 1] * centered[col]
                squared_norm += transformed * transformed
            main_term[c] = alphas[c] + sum_qs[c] - 0.5 * squared_norm
        slse += ref_logsumexp(main_term)
    lse_alphas = ref_logsumexp(alphas)
    prior = 0.0
    for c in range(k):
        frobenius = 0.0
        for j in range(d):
            frobenius += q_diag[c * d + j] * q_diag[c * d + j]
        for j in range(d, icf_size):
            frobenius += icf[c * icf_size + j] * icf[c * icf_size + j]
        prior += 0.5 * gamma * gamma * frobenius - m * sum_qs[c]
    constant = -n * d * 0.5 * math.log(2 * math.pi)
    return constant + slse - n * lse_alphas + prior


def _sigmoid(z):
    return 1 / (1 + math.exp(-z))


def ref_lstm(layers, b, main, extra, initial_state, sequence):
    steps = len(sequence) // b - 1
    state = list(initial_state[:2 * layers * b])
    inp = [0.0] * b
    prediction = [0.0] * b
    total = 0.0
    for t in range(steps):
        for i in range(b):
            inp[i] = sequence[t * b + i] * extra[i]
        for layer in range(layers):
            weights = 2 * layer * 4 * b
            biases = weights + 4 * b
            hidden = 2 * layer * b
            cell = hidden + b
            for i in range(b):
                forget = _sigmoid(inp[i] * main[weights + i] + main[biases + i])
                ingate = _sigmoid(state[hidden + i] * main[weights + b + i] + main[biases + b + i])
                outgate = _sigmoid(inp[i] * main[weights + 2 * b + i] + main[biases + 2 * b + i])
                change = math.tanh(state[hidden + i] * main[weights + 3 * b + i] + main[biases + 3 * b + i])
                state[cell + i] = state[cell + i] * forget + ingate * change
                state[hidden + i] = outgate * math.tanh(state[cell + i])
                inp[i] = state[hidden + i]
        for i in range(b):
            prediction[i] = inp[i] * extra[b + i] + extra[2 * b + i]
        log_sum = ref_logsumexp(prediction)
        for i in range(b):
            total += sequence[(t + 1) * b + i] * (prediction[i] - log_sum)
    return -total / (steps * b)


def ref_ode(rates, initial, target, steps, h):
    n = len(initial)
    y = list(initial)

    def rhs(z):
        out = [0.0] * n
        out[0] = -rates[0] * z[0]
        for i in range(1, n):
            out[i] = rates[i - 1] * z[i - 1] - rates[i] * z[i]
        return out

    for _ in range(steps):
        k1 = rhs(y)
        k2 = rhs([y[i] + 0.5 * h * k1[i] for i in range(n)])
        k3 = rhs([y[i] + 0.5 * h * k2[i] for i in range(n)])
        k4 = rhs([y[i] + h * k3[i] for i in range(n)])
        for i in range(n):
            y[i] += h / 6 * (k1[i] + 2 * k2[i] + 2 * k3[i] + k4[i])
    loss = 0.0
    for i in range(n):
        difference = y[i] - target[i]
        loss += 0.5 * difference * difference
    return loss


# ----------------------------------------------------------------------------------------------
# Problems: differentiable inputs, the torch loss over them, and the reference over flat lists.
# ----------------------------------------------------------------------------------------------

class Problem:
    def __init__(self, name, arrays, torch_loss, reference):
        self.name = name
        self.arrays = [np.asarray(a, dtype=np.float64) for a in arrays]   # differentiable, flat
        self.params = [as_tensor(a, grad=True) for a in self.arrays]
        self.torch_loss = torch_loss      # (*params) -> scalar tensor
        self.reference = reference        # (*flat lists) -> float


def make_logsumexp(n, seed=1, scale=3.0):
    x = uniform(n, seed, scale)
    return Problem("logsumexp", [x], logsumexp_objective, ref_logsumexp)


def make_least_squares(m, points, seed=2):
    w = uniform(m, seed, 0.1)
    t = 0.5 + 0.5 * np.arange(points) / (points - 1)   # points in [0.5, 1]
    y = np.sin(3 * t)
    tt, yt = as_tensor(t), as_tensor(y)
    return Problem("least_squares", [w],
                   lambda w_: least_squares_objective(w_, tt, yt),
                   lambda w_: ref_least_squares(w_, t.tolist(), y.tolist()))


def make_gmm(d, k, n, gamma=1.0, m=0, seeds=(3, 4, 5, 6)):
    icf_size = d * (d + 1) // 2
    alphas = uniform(k, seeds[0], 1.0)
    means = uniform(k * d, seeds[1], 1.0)
    icf = uniform(k * icf_size, seeds[2], 0.5)
    x = uniform(n * d, seeds[3], 1.0)
    xt = as_tensor(x).view(n, d)
    index = gmm_lower_index(d)
    return Problem("gmm", [alphas, means, icf],
                   lambda a, mu, q: gmm_objective(a, mu.view(k, d), q.view(k, icf_size), xt, gamma, m, index),
                   lambda a, mu, q: ref_gmm(d, k, a, mu, q, x.tolist(), gamma, m))


def make_lstm(layers, b, steps, seeds=(7, 8, 9, 10)):
    main = uniform(2 * layers * 4 * b, seeds[0], 1.0)
    extra = uniform(3 * b, seeds[1], 1.0)
    state = uniform(2 * layers * b, seeds[2], 1.0)
    sequence = uniform((steps + 1) * b, seeds[3], 1.0)
    st = as_tensor(sequence).view(steps + 1, b)
    return Problem("lstm", [main, extra, state],
                   lambda mn, ex, s0: lstm_objective(mn, ex, s0, st, layers),
                   lambda mn, ex, s0: ref_lstm(layers, b, mn, ex, s0, sequence.tolist()))


def make_ode(n, steps, h, seeds=(11, 12, 13)):
    rates = positive(n, seeds[0])
    initial = positive(n, seeds[1])
    target = positive(n, seeds[2])
    tt = as_tensor(target)
    return Problem("ode", [rates, initial],
                   lambda r, y0: ode_objective(r, y0, tt, steps, h),
                   lambda r, y0: ref_ode(r, y0, target.tolist(), steps, h))


def benchmark_problems():
    """The sizes of Suites/Problems.cs."""
    return [
        make_logsumexp(50_000),
        make_least_squares(128, 4096),
        make_gmm(10, 25, 1000, gamma=1.0, m=0),
        make_lstm(2, 14, 1024),
        make_ode(1000, 100, 0.01),
    ]


# ----------------------------------------------------------------------------------------------
# --check
# ----------------------------------------------------------------------------------------------

def _close(a, b, rtol, atol=0.0):
    return abs(a - b) <= atol + rtol * max(abs(a), abs(b))


def check_objectives(log):
    failures = []

    def report(label, ok, detail):
        log(f"  {'ok  ' if ok else 'FAIL'} {label}: {detail}")
        if not ok:
            failures.append(label)

    # 1. Values worked out by hand.
    log("hand-computed values:")
    v = logsumexp_objective(as_tensor([0.0, math.log(3.0)])).item()
    report("log-sum-exp [0, ln 3] = ln 4", _close(v, math.log(4.0), 1e-14), f"{v!r}")
    # w = (1, 2), t = (0, 1, 2), y = (0, 0, 1): predictions 1, 3, 5 → ½(1 + 9 + 16) = 13.
    v = least_squares_objective(as_tensor([1.0, 2.0]), as_tensor([0.0, 1.0, 2.0]), as_tensor([0.0, 0.0, 1.0])).item()
    report("least squares, w=(1,2), t=(0,1,2), y=(0,0,1) = 13", _close(v, 13.0, 1e-14), f"{v!r}")
    # d = 1, k = 1, one point: −½ln 2π + ln q − ½q²(x − μ)² + ½γ²q² − m ln q, q = e^icf.
    icf0, x0, mu0, gamma0, m0 = 0.3, 1.2, -0.4, 1.5, 2
    q0 = math.exp(icf0)
    expected = -0.5 * math.log(2 * math.pi) + icf0 - 0.5 * (q0 * (x0 - mu0)) ** 2 + 0.5 * gamma0 ** 2 * q0 ** 2 - m0 * icf0
    v = gmm_objective(as_tensor([0.7]), as_tensor([[mu0]]), as_tensor([[icf0]]), as_tensor([[x0]]),
                      gamma0, m0, gmm_lower_index(1)).item()
    report("gmm d=1 k=1 n=1 closed form", _close(v, expected, 1e-13), f"{v!r} vs {expected!r}")
    # d = 2: Q = [[e^a, 0], [l, e^b]], so Q(x − μ) = (e^a z0, l z0 + e^b z1).
    a0, b0, l0, z = 0.1, -0.2, 0.7, (0.5, -1.5)
    sq = (math.exp(a0) * z[0]) ** 2 + (l0 * z[0] + math.exp(b0) * z[1]) ** 2
    expected = -math.log(2 * math.pi) + a0 + b0 - 0.5 * sq + 0.5 * (math.exp(2 * a0) + math.exp(2 * b0) + l0 * l0)
    v = gmm_objective(as_tensor([0.0]), as_tensor([[0.0, 0.0]]), as_tensor([[a0, b0, l0]]), as_tensor([z]),
                      1.0, 0, gmm_lower_index(2)).item()
    report("gmm d=2 k=1 n=1 lower-entry placement", _close(v, expected, 1e-13), f"{v!r} vs {expected!r}")
    # dy/dt = −r y: one RK4 step multiplies y by 1 − rh + (rh)²/2 − (rh)³/6 + (rh)⁴/24.
    r0, y0, h0, steps0 = 0.8, 1.3, 0.25, 3
    factor = sum((-r0 * h0) ** p / math.factorial(p) for p in range(5))
    expected = 0.5 * (y0 * factor ** steps0 - 0.2) ** 2
    v = ode_objective(as_tensor([r0]), as_tensor([y0]), as_tensor([0.2]), steps0, h0).item()
    report("RK4 dy/dt = -r y, 3 steps", _close(v, expected, 1e-13), f"{v!r} vs {expected!r}")
    # LSTM with one layer of one unit, one step, zero weights: every gate is σ(0) = ½ and the
    # candidate tanh(0) = 0, so c = c0/2, h = tanh(c0/2)/2; with b = 1 the log-softmax is 0.
    v = lstm_objective(as_tensor([0.0] * 8), as_tensor([1.0, 1.0, 0.0]), as_tensor([0.4, 0.6]),
                       as_tensor([[1.0], [2.0]]), 1).item()
    report("lstm b=1 (log-softmax of one value is 0)", _close(v, 0.0, 0.0, 1e-15), f"{v!r}")

    # 2. Tiny cases against the loop transcription: values and gradients (central differences).
    log("tiny cases vs. transcription of the C# loops (value; gradient vs. central differences):")
    tiny = [
        make_logsumexp(7, seed=21, scale=3.0),
        make_least_squares(5, 9, seed=22),
        make_gmm(3, 2, 4, gamma=1.3, m=2, seeds=(23, 24, 25, 26)),
        make_gmm(4, 3, 5, gamma=1.0, m=0, seeds=(27, 28, 29, 30)),
        make_lstm(2, 3, 4, seeds=(31, 32, 33, 34)),
        make_ode(4, 3, 0.1, seeds=(35, 36, 37)),
    ]
    for problem in tiny:
        flats = [a.tolist() for a in problem.arrays]
        expected = problem.reference(*flats)
        for p in problem.params:
            p.grad = None
        loss = problem.torch_loss(*problem.params)
        loss.backward()
        value_ok = _close(loss.item(), expected, 1e-12, 1e-13)
        worst = 0.0
        eps = 1e-6
        for which, (flat, param) in enumerate(zip(flats, problem.params)):
            for i in range(len(flat)):
                plus = [list(f) for f in flats]
                minus = [list(f) for f in flats]
                plus[which][i] += eps
                minus[which][i] -= eps
                numeric = (problem.reference(*plus) - problem.reference(*minus)) / (2 * eps)
                analytic = param.grad[i].item()
                worst = max(worst, abs(numeric - analytic) / max(1.0, abs(numeric)))
        sizes = "+".join(str(len(f)) for f in flats)
        report(f"{problem.name} ({sizes} inputs)", value_ok and worst < 1e-6,
               f"torch {loss.item():.15g} vs loops {expected:.15g}; worst gradient error {worst:.1e}")
        # And torch's own finite-difference check of its backward pass.
        ok = torch.autograd.gradcheck(problem.torch_loss, tuple(problem.params), eps=1e-6, atol=1e-7, rtol=1e-5,
                                      raise_exception=False)
        report(f"{problem.name} torch.autograd.gradcheck", ok, "passed" if ok else "failed")

    # 3. Full benchmark sizes: value against the transcription (checks sizes and layouts at scale).
    log("benchmark sizes vs. transcription of the C# loops (value):")
    for problem in benchmark_problems():
        expected = problem.reference(*[a.tolist() for a in problem.arrays])
        with torch.no_grad():
            v = problem.torch_loss(*problem.params).item()
        report(problem.name, _close(v, expected, 1e-10), f"torch {v:.15g} vs loops {expected:.15g}")

    return failures


# ----------------------------------------------------------------------------------------------
# Timing
# ----------------------------------------------------------------------------------------------

def loop_count(fn, min_time):
    """Warm up, then the number of calls whose loop lasts at least min_time."""
    fn()
    number = 1
    while True:
        start = time.perf_counter()
        for _ in range(number):
            fn()
        elapsed = time.perf_counter() - start
        if elapsed >= min_time:
            return number
        number = max(number * 2, int(number * 1.2 * min_time / max(elapsed, 1e-9)) + 1)


def best_seconds_interleaved(fns, repetitions, min_time):
    """Seconds per call of each function: best over `repetitions` timed loops of ≥ min_time each.

    The loops of the functions alternate within each repetition, so that a burst of load from
    other processes hits all of them alike rather than one (the ratios stay meaningful)."""
    numbers = [loop_count(fn, min_time) for fn in fns]
    best = [math.inf] * len(fns)
    for _ in range(repetitions):
        for index, (fn, number) in enumerate(zip(fns, numbers)):
            start = time.perf_counter()
            for _ in range(number):
                fn()
            best[index] = min(best[index], (time.perf_counter() - start) / number)
    return best


def best_seconds(fn, repetitions, min_time):
    return best_seconds_interleaved([fn], repetitions, min_time)[0]


def time_objectives(repetitions, min_time, log):
    results = {}
    for problem in benchmark_problems():
        params = problem.params

        def function():
            with torch.no_grad():
                return problem.torch_loss(*params)

        def gradient():
            for p in params:
                p.grad = None
            loss = problem.torch_loss(*params)
            loss.backward()
            return loss

        f, g = best_seconds_interleaved([function, gradient], repetitions, min_time)
        results[problem.name] = {"function_ms": f * 1e3, "gradient_ms": g * 1e3, "ratio": g / f}
        log(f"  {problem.name:<14} {f * 1e3:10.4f} {g * 1e3:10.4f} {g / f:7.2f}")
    return results


def time_matmul(repetitions, min_time, log):
    numpy_results, torch_results = {}, {}
    for n in (256, 512, 1024):
        rng = np.random.default_rng(n)
        a = rng.random((n, n), dtype=np.float32)
        b = rng.random((n, n), dtype=np.float32)
        at, bt = torch.from_numpy(a), torch.from_numpy(b)
        flops = 2.0 * n ** 3
        numpy_seconds, torch_seconds = best_seconds_interleaved(
            [lambda: a @ b, lambda: torch.mm(at, bt)], repetitions, min_time)
        numpy_results[str(n)] = flops / numpy_seconds / 1e9
        torch_results[str(n)] = flops / torch_seconds / 1e9
        log(f"  n = {n:<5} numpy {numpy_results[str(n)]:8.1f}   torch {torch_results[str(n)]:8.1f} GFLOP/s")
    return {"numpy": numpy_results, "torch": torch_results}


def time_mlp(dtype, sizes, batch, repetitions, min_time):
    """ms per Adam training step of a ReLU MLP with layer widths `sizes` on one fixed batch."""
    torch.manual_seed(0)
    layers = []
    for fan_in, fan_out in zip(sizes[:-1], sizes[1:]):
        layers += [torch.nn.Linear(fan_in, fan_out), torch.nn.ReLU()]
    model = torch.nn.Sequential(*layers[:-1]).to(dtype)   # no ReLU after the logits
    optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)
    inputs = torch.rand(batch, sizes[0], dtype=dtype)      # uniform [0, 1), like MlpStepBenchmarks
    labels = torch.randint(0, sizes[-1], (batch,))

    def step():
        optimizer.zero_grad()
        loss = F.cross_entropy(model(inputs), labels)
        loss.backward()
        optimizer.step()
        return loss

    first = step().item()
    seconds = best_seconds(step, repetitions, min_time)
    last = step().item()
    if not last < first:
        raise RuntimeError(f"MLP ({dtype}) did not train: loss {first} -> {last}")
    return seconds * 1e3


# ----------------------------------------------------------------------------------------------
# Machine and BLAS information
# ----------------------------------------------------------------------------------------------

def cpu_model():
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def loaded_blas_libraries():
    """Shared libraries mapped into this process whose names look like a BLAS."""
    paths = set()
    try:
        with open("/proc/self/maps") as f:
            for line in f:
                path = line.split()[-1]
                if path.startswith("/") and re.search(r"blas|mkl|blis|atlas", os.path.basename(path)):
                    paths.add(path)
    except OSError:
        pass
    return sorted(paths)


def blas_info(threads):
    """Best effort: which BLAS NumPy is linked to, and OpenBLAS's configuration and threads."""
    info = {}
    buffer = io.StringIO()
    with contextlib.redirect_stdout(buffer):
        try:
            np.show_config()
        except Exception:  # noqa: BLE001 - purely informational
            pass
    match = re.search(r"blas_opt_info:\n((?:    .*\n)+)", buffer.getvalue())
    if match:
        libraries = re.search(r"libraries = (.*)", match.group(1))
        info["numpy_build_blas"] = libraries.group(1) if libraries else match.group(1).strip()
    # What NumPy's extension actually resolves its BLAS to (ldd), then the real file.
    try:
        import numpy.core._multiarray_umath as umath
        output = subprocess.run(["ldd", umath.__file__], capture_output=True, text=True, timeout=10).stdout
        for line in output.splitlines():
            if "blas" in line and "=>" in line:
                path = line.split("=>")[1].split("(")[0].strip()
                info["numpy_links"] = path
                info["numpy_links_resolved"] = os.path.realpath(path)
    except Exception:  # noqa: BLE001
        pass
    libraries = loaded_blas_libraries()
    info["loaded"] = libraries
    for path in libraries:
        try:
            library = ctypes.CDLL(path)
            get_config = library.openblas_get_config
        except (OSError, AttributeError):
            continue
        get_config.restype = ctypes.c_char_p
        info["openblas_config"] = get_config().decode(errors="replace").strip()
        try:
            library.openblas_set_num_threads(ctypes.c_int(threads))
            info["openblas_threads"] = int(library.openblas_get_num_threads())
        except AttributeError:
            pass
        break
    return info


# ----------------------------------------------------------------------------------------------

def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--output", help="write the JSON document here (default: stdout)")
    parser.add_argument("--quick", action="store_true", help="2 repetitions of short loops (for smoke tests)")
    parser.add_argument("--check", action="store_true",
                        help="verify the torch objectives against the C# definitions, then exit")
    parser.add_argument("--threads", type=int, default=2, help="torch (and OpenBLAS) threads (default 2)")
    parser.add_argument("--mlp-layers", default="784,256,256,10",
                        help="MLP layer widths, comma-separated (default 784,256,256,10)")
    parser.add_argument("--mlp-batch", type=int, default=128, help="MLP batch size (default 128)")
    args = parser.parse_args()

    def log(message):
        print(message, file=sys.stderr, flush=True)

    torch.set_num_threads(args.threads)

    if args.check:
        log("checking the torch objectives against the C# definitions")
        failures = check_objectives(log)
        if failures:
            log(f"check FAILED: {', '.join(failures)}")
            return 1
        log("check passed")
        return 0

    repetitions, min_time = (2, 0.05) if args.quick else (7, 0.2)
    blas = blas_info(args.threads)
    machine = {
        "cpu": cpu_model(),
        "cores": os.cpu_count(),
        "cores_available": len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else None,
        "python": platform.python_version(),
        "python_executable": sys.executable,
        "torch": torch.__version__,
        "numpy": np.__version__,
        "torch_threads": torch.get_num_threads(),
        "blas": blas,
        "load_average_start": list(os.getloadavg()),
    }
    log(f"{machine['cpu']}, {machine['cores']} cores; Python {machine['python']}, torch {machine['torch']} "
        f"({machine['torch_threads']} threads), NumPy {machine['numpy']}")
    log(f"NumPy BLAS: {blas.get('numpy_links_resolved', blas.get('numpy_build_blas', '?'))}"
        + (f" [{blas['openblas_config']}, {blas.get('openblas_threads', '?')} threads]" if "openblas_config" in blas else ""))
    log(f"load average {machine['load_average_start'][0]:.2f} (other processes on these cores slow the "
        f"multi-threaded timings); best of {repetitions} loops of >= {min_time} s, float64")
    log(f"  {'objective':<14} {'function':>10} {'gradient':>10} {'ratio':>7}   (ms per call)")
    objectives = time_objectives(repetitions, min_time, log)
    log("float32 C = A·B")
    matmul = time_matmul(repetitions, min_time, log)
    sizes = [int(width) for width in args.mlp_layers.split(",")]
    mlp = {
        "float64_ms": time_mlp(torch.float64, sizes, args.mlp_batch, repetitions, min_time),
        "float32_ms": time_mlp(torch.float32, sizes, args.mlp_batch, repetitions, min_time),
        "layers": sizes,
        "batch": args.mlp_batch,
    }
    log(f"MLP {'-'.join(map(str, sizes))} ReLU, Adam step, batch {args.mlp_batch}: "
        f"float64 {mlp['float64_ms']:.3f} ms, float32 {mlp['float32_ms']:.3f} ms")

    machine["load_average_end"] = list(os.getloadavg())
    document = {
        "machine": machine,
        "settings": {"repetitions": repetitions, "min_loop_seconds": min_time, "quick": args.quick,
                     "dtype_objectives": "float64"},
        "objectives": objectives,
        "matmul": matmul,
        "mlp_step": mlp,
    }
    text = json.dumps(document, indent=2)
    if args.output:
        with open(args.output, "w") as f:
            f.write(text + "\n")
        log(f"wrote {args.output}")
    else:
        print(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
