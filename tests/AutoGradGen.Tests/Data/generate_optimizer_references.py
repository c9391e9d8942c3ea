#!/usr/bin/env python3
"""Reference trajectories of torch.optim (PyTorch 1.13, float64) for the optimizer tests.

Regenerate with Debian's PyTorch (apt-get install python3-torch):
    /usr/bin/python3 tests/AutoGradGen.Tests/Data/generate_optimizer_references.py > tests/AutoGradGen.Tests/Data/optimizer_references.json
Not run by the tests: they read the checked-in JSON.
"""
import json
import torch

torch.set_default_dtype(torch.float64)

A = torch.tensor([[1.0, 2.0, -1.0], [0.5, -1.0, 3.0], [2.0, 0.0, 1.0], [-1.5, 1.0, 0.5]])
B = torch.tensor([1.0, -2.0, 0.5, 3.0])


def surface(p):
    x, y = p[0]
    return x * x / 20 + y * y


def least_squares(p):
    r = A @ p[0] - B
    return 0.5 * (r * r).sum()


PROBLEMS = {
    "surface": (surface, [[-7.0, 2.0]]),
    "least_squares": (least_squares, [[0.5, -0.5, 1.0]]),
    # Two parameters in two groups: the surface split into x and y.
    "surface_groups": (lambda p: p[0][0] ** 2 / 20 + p[1][0] ** 2, [[-7.0], [2.0]]),
}

OPTIMIZERS = {
    "sgd": torch.optim.SGD,
    "adagrad": torch.optim.Adagrad,
    "rmsprop": torch.optim.RMSprop,
    "adam": torch.optim.Adam,
    "adamw": torch.optim.AdamW,
}


def run(case):
    f, start = PROBLEMS[case["problem"]]
    params = [torch.tensor(s, requires_grad=True) for s in start]
    groups = case.get("groups")
    if groups:
        optimizer = OPTIMIZERS[case["optimizer"]]([dict(params=[p], **g) for p, g in zip(params, groups)])
    else:
        optimizer = OPTIMIZERS[case["optimizer"]](params, **case["options"])
    schedule = None
    if "schedule" in case:
        kind, arguments = case["schedule"]
        schedule = {
            "step": torch.optim.lr_scheduler.StepLR,
            "exponential": torch.optim.lr_scheduler.ExponentialLR,
            "cosine": torch.optim.lr_scheduler.CosineAnnealingLR,
        }[kind](optimizer, **arguments)
    trajectory = [[v for p in params for v in p.detach().tolist()]]
    rates = [[g["lr"] for g in optimizer.param_groups]]
    for _ in range(case["steps"]):
        optimizer.zero_grad()
        f(params).backward()
        optimizer.step()
        if schedule is not None:
            schedule.step()
        trajectory.append([v for p in params for v in p.detach().tolist()])
        rates.append([g["lr"] for g in optimizer.param_groups])
    result = dict(case)
    result["trajectory"] = trajectory
    result["learning_rates"] = rates
    return result


CASES = [
    # The six optimizers of the notes' surface experiment, with the sample's settings.
    dict(name="sgd", optimizer="sgd", problem="surface", steps=30, options=dict(lr=0.95)),
    dict(name="momentum", optimizer="sgd", problem="surface", steps=30, options=dict(lr=0.1, momentum=0.9)),
    dict(name="nesterov", optimizer="sgd", problem="surface", steps=30, options=dict(lr=0.1, momentum=0.9, nesterov=True)),
    dict(name="adagrad", optimizer="adagrad", problem="surface", steps=30, options=dict(lr=1.5)),
    dict(name="rmsprop", optimizer="rmsprop", problem="surface", steps=30, options=dict(lr=0.1)),
    dict(name="adam", optimizer="adam", problem="surface", steps=30, options=dict(lr=0.3)),
    # Every option.
    dict(name="sgd-dampening-decay", optimizer="sgd", problem="surface", steps=25, options=dict(lr=0.05, momentum=0.9, dampening=0.5, weight_decay=0.1)),
    dict(name="sgd-maximize", optimizer="sgd", problem="surface", steps=10, options=dict(lr=0.01, maximize=True)),
    dict(name="adagrad-decay-accumulator", optimizer="adagrad", problem="surface", steps=25, options=dict(lr=0.5, lr_decay=0.1, initial_accumulator_value=0.1, weight_decay=0.05, eps=1e-6)),
    dict(name="rmsprop-centered-momentum", optimizer="rmsprop", problem="surface", steps=25, options=dict(lr=0.01, alpha=0.9, momentum=0.5, centered=True, weight_decay=0.1)),
    dict(name="adam-amsgrad-decay", optimizer="adam", problem="surface", steps=25, options=dict(lr=0.3, betas=(0.8, 0.99), amsgrad=True, weight_decay=0.1)),
    dict(name="adam-maximize", optimizer="adam", problem="surface", steps=10, options=dict(lr=0.01, maximize=True)),
    dict(name="adamw", optimizer="adamw", problem="surface", steps=25, options=dict(lr=0.3, weight_decay=0.1)),
    dict(name="adamw-amsgrad", optimizer="adamw", problem="surface", steps=25, options=dict(lr=0.3, amsgrad=True)),
    # Least squares.
    dict(name="ls-sgd", optimizer="sgd", problem="least_squares", steps=20, options=dict(lr=0.02, momentum=0.5)),
    dict(name="ls-adagrad", optimizer="adagrad", problem="least_squares", steps=20, options=dict(lr=0.3)),
    dict(name="ls-rmsprop", optimizer="rmsprop", problem="least_squares", steps=20, options=dict(lr=0.01)),
    dict(name="ls-adam", optimizer="adam", problem="least_squares", steps=20, options=dict(lr=0.05)),
    dict(name="ls-adamw", optimizer="adamw", problem="least_squares", steps=20, options=dict(lr=0.05)),
    # Parameter groups with their own hyperparameters.
    dict(name="groups-sgd", optimizer="sgd", problem="surface_groups", steps=20, options=dict(), groups=[dict(lr=0.9), dict(lr=0.1, momentum=0.9)]),
    dict(name="groups-adam", optimizer="adam", problem="surface_groups", steps=20, options=dict(), groups=[dict(lr=0.5), dict(lr=0.1, amsgrad=True)]),
    # Learning-rate schedules, stepped after every optimizer step.
    dict(name="schedule-step", optimizer="sgd", problem="surface", steps=12, options=dict(lr=0.5), schedule=("step", dict(step_size=3, gamma=0.5))),
    dict(name="schedule-exponential", optimizer="adam", problem="surface", steps=12, options=dict(lr=0.3), schedule=("exponential", dict(gamma=0.9))),
    dict(name="schedule-cosine", optimizer="sgd", problem="surface", steps=14, options=dict(lr=0.5, momentum=0.5), schedule=("cosine", dict(T_max=5, eta_min=0.01))),
]

print(json.dumps(dict(torch=torch.__version__, cases=[run(c) for c in CASES]), indent=1))
