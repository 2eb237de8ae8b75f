#!/usr/bin/python3
"""The Python side of `./run.sh bench torch`: the same training loop as TorchTrainer.cs, on Debian's python3-torch.

usage: torch_bench.py THREADS SEED
Reads commands from stdin, one per line: "MODEL STEPS" (MODEL: mlp | lenet) runs STEPS SGD steps on that model
(created on first use and kept) and prints the per-step times in milliseconds, space separated, then "|" and the
process CPU time (all threads) the chunk used, in milliseconds; "quit" exits.
"""
import sys
import time

import torch
import torch.nn as nn
import torch.nn.functional as F


def mlp():
    return nn.Sequential(nn.Linear(784, 256), nn.ReLU(), nn.Linear(256, 256), nn.ReLU(), nn.Linear(256, 10))


def lenet():
    # The LeNet-5 expert of ALGORITHMS.md: sigmoid outputs, cross-entropy on them, 32x32 input.
    return nn.Sequential(
        nn.Conv2d(1, 6, 5), nn.Sigmoid(), nn.MaxPool2d(2),
        nn.Conv2d(6, 16, 5), nn.Sigmoid(), nn.MaxPool2d(2),
        nn.Flatten(), nn.Linear(400, 120), nn.Sigmoid(), nn.Linear(120, 84), nn.Sigmoid(), nn.Linear(84, 10), nn.Sigmoid())


class Trainer:
    def __init__(self, name):
        self.model = mlp() if name == "mlp" else lenet()
        self.x = torch.randn(128, 784) if name == "mlp" else torch.randn(128, 1, 32, 32)
        self.y = torch.randint(0, 10, (128,))
        self.opt = torch.optim.SGD(self.model.parameters(), lr=0.01)

    def run(self, steps):
        times = []
        model, x, y, opt = self.model, self.x, self.y, self.opt
        for _ in range(steps):
            t0 = time.perf_counter()
            opt.zero_grad(set_to_none=True)
            loss = F.cross_entropy(model(x), y)
            loss.backward()
            opt.step()
            times.append((time.perf_counter() - t0) * 1000.0)
        return times


def main():
    threads, seed = int(sys.argv[1]), int(sys.argv[2])
    torch.set_num_threads(threads)
    torch.manual_seed(seed)
    trainers = {}
    for line in sys.stdin:
        parts = line.split()
        if not parts or parts[0] == "quit":
            break
        name, steps = parts[0], int(parts[1])
        if name not in trainers:
            trainers[name] = Trainer(name)
        cpu0 = time.process_time()
        times = trainers[name].run(steps)
        cpu = (time.process_time() - cpu0) * 1000.0
        print(" ".join(f"{t:.5f}" for t in times) + f" | {cpu:.3f}", flush=True)


if __name__ == "__main__":
    main()
