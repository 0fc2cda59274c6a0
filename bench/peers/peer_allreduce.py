"""Peer for `Halos.Bench allreduce`: PyTorch eager's torch.distributed allreduce over Gloo, one rank.

Started once per rank with MASTER_ADDR/MASTER_PORT/RANK/WORLD_SIZE set (as torchrun would); rank 0
prints one JSON line: the median seconds of one allreduce of --mb megabytes of float32.
"""
import argparse, json, os, statistics, time
import torch
import torch.distributed as dist

p = argparse.ArgumentParser()
p.add_argument("--mb", type=float, default=100)
p.add_argument("--iters", type=int, default=5)
a = p.parse_args()
torch.set_num_threads(1)
dist.init_process_group("gloo")
x = torch.ones(int(a.mb * 1e6 / 4))
dist.all_reduce(x)  # warm-up: connects the pairs and faults the pages in
times = []
for _ in range(a.iters):
    dist.barrier()
    t = time.perf_counter()
    dist.all_reduce(x)
    times.append(time.perf_counter() - t)
if dist.get_rank() == 0:
    print(json.dumps({"seconds": statistics.median(times), "torch": torch.__version__}))
dist.destroy_process_group()
