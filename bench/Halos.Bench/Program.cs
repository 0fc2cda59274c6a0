using Halos.Bench;

// Benchmarks print our figure, the peer's figure measured in the same run, and their ratio.
return args.FirstOrDefault() switch
{
    "ops" => OpsBenchmark.Run(args.Skip(1).ToArray()),
    "losses" => LossBenchmark.Run(args.Skip(1).ToArray()),
    "models" => ModelsBenchmark.Run(args.Skip(1).ToArray()),
    "dpo" => DpoBenchmark.Run(args.Skip(1).ToArray()),
    "grpo" => GrpoBenchmark.Run(args.Skip(1).ToArray()),
    "ranked" => RankedReviewsBenchmark.Run(args.Skip(1).ToArray()),
    "allreduce" => AllReduceBenchmark.Run(args.Skip(1).ToArray()),
    "allreduce-rank" => AllReduceBenchmark.RunRank(args.Skip(1).ToArray()),
    "gpu-check" => GpuCheck.Run(args.Skip(1).ToArray()),
    _ => Usage(),
};

static int Usage()
{
    Console.Error.WriteLine("usage: Halos.Bench ops [--threads N] [--steps N] [--peer /usr/bin/python3] [--shared DIR] [--floor PATH]");
    Console.Error.WriteLine("       Halos.Bench losses [--threads N] [--batch 64] [--iters 200] [--samples 101] [--peer /usr/bin/python3] [--losses DIR]");
    Console.Error.WriteLine("       Halos.Bench models [--threads N] [--steps 2] [--rounds 2] [--layers 6] [--width 512] [--seq 256] [--batch 8] [--vocab 50257] [--logprob-vocab 150000] [--logprob-seq 1024] [--peer /usr/bin/python3]");
    Console.Error.WriteLine("       Halos.Bench dpo [--threads N] [--steps 5] [--layers 6] [--width 512] [--heads 8] [--seq 256] [--batch 8] [--vocab 50257] [--peer /usr/bin/python3] [--shared DIR] [--losses DIR]");
    Console.Error.WriteLine("       Halos.Bench dpo --breakdown [--steps 2] [shape options]   (where our step's time goes, and the GEMM floor)");
    Console.Error.WriteLine("       Halos.Bench dpo --device cuda --dtype bfloat16 [--peak-tflops 990] [--peer-optional] [shape options]");
    Console.Error.WriteLine("       Halos.Bench grpo [--threads N] [--steps 3] [--halos PATH] [--peer /usr/bin/python3] [--shared DIR] [--keep] [--ours-only]");
    Console.Error.WriteLine("       Halos.Bench gpu-check   (the CUDA self-tests; exits 1 without CUDA)");
    Console.Error.WriteLine("       Halos.Bench ranked [--steps 300] [--width 128] [--layers 2] [--max-length 128] [--train-rows 800] [--shared DIR] [--halos PATH]");
    Console.Error.WriteLine("       Halos.Bench allreduce [--mb 100] [--iters 5] [--peer /usr/bin/python3]");
    return 2;
}
