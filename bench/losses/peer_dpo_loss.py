#!/usr/bin/env python3
"""PyTorch eager peer for the loss benchmark: the DPO loss (beta 0.1) and its backward at batch B,
on float32 [B] log-probs, as losses/dpo.csx computes it. Last line: JSON with microseconds per call."""
import argparse, json, os, statistics, time
import torch
import torch.nn.functional as F

ap = argparse.ArgumentParser()
ap.add_argument("--batch", type=int, default=64)
ap.add_argument("--iters", type=int, default=2000)
ap.add_argument("--samples", type=int, default=15)
ap.add_argument("--threads", type=int, default=os.cpu_count())
a = ap.parse_args()
torch.set_num_threads(a.threads)
torch.manual_seed(0)
pc, pr, rc, rr = (-(torch.rand(a.batch) * 50 + 1) for _ in range(4))
pc.requires_grad_(); pr.requires_grad_()
beta, eps = 0.1, 0.0


def dpo():
    chosen = pc - rc
    rejected = pr - rr
    z = beta * (chosen - rejected)
    losses = -(1 - eps) * F.logsigmoid(z) - eps * F.logsigmoid(-z)
    return losses, beta * chosen.detach(), beta * rejected.detach()


def sample(backward):
    t = time.perf_counter()
    for _ in range(a.iters):
        losses, _, _ = dpo()
        if backward:
            losses.mean().backward()
    return (time.perf_counter() - t) / a.iters * 1e6


for _ in range(200):  # warm-up
    dpo()[0].mean().backward()
fwd = statistics.median(sample(False) for _ in range(a.samples))
bwd = statistics.median(sample(True) for _ in range(a.samples))
print(json.dumps({"peer": f"torch {torch.__version__} eager", "dpo_forward_us": fwd, "dpo_forward_backward_us": bwd}))
