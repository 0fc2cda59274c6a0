using Halos.Bench;

// Benchmarks print our figure, the peer's figure measured in the same run, and their ratio.
return args.FirstOrDefault() switch
{
    "ops" => OpsBenchmark.Run(args.Skip(1).ToArray()),
    _ => Usage(),
};

static int Usage()
{
    Console.Error.WriteLine("usage: Halos.Bench ops [--threads N] [--steps N] [--peer /usr/bin/python3] [--shared DIR] [--floor PATH]");
    return 2;
}
