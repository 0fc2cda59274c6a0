using Halos.Torch;
using Quickstart;

// The quickstart: SFT, DPO, KTO and a ranked-list reward model on generated arithmetic word problems, each trained by
// the real `halos train`, from built-in defaults and with no downloads. Usage: Quickstart [--smoke] [--output DIR] [--host halos.dll]
var root = FindRoot();
var smoke = args.Contains("--smoke");
var output = Option("--output") ?? Path.Combine(root, "runs", "quickstart");
var host = Option("--host") ?? Path.Combine(root, "src", "Halos.Host", "bin", "Release", "net10.0", "halos.dll");
if (!File.Exists(host))
{
    Console.Error.WriteLine($"quickstart: the halos host is not built ({host} is missing); run dotnet build src/Halos.Host -c Release, or pass --host PATH");
    return 2;
}
torch.set_num_threads(Math.Max(1, Environment.ProcessorCount));
if (Option("--accuracy") is { } measured) // TEMP tuning
{
    var heldOut = ProblemGenerator.All(QuickstartScale.Full.Seed).Take(QuickstartScale.Full.HeldOutProblems).ToList();
    foreach (var dir in measured.Split(','))
    {
        var said = GreedyAnswers.Of(dir, heldOut);
        double Acc(bool sub) => heldOut.Select((p, i) => (p, i)).Where(x => x.p.Subtraction == sub).Average(x => said[x.i] == QuickstartData.Answer(x.p.Answer) ? 1.0 : 0.0);
        Console.WriteLine($"{dir}: add {Acc(false):F3} sub {Acc(true):F3} | " + string.Join(" ", heldOut.Select((p, i) => (p, i)).Where(x => said[x.i] != QuickstartData.Answer(x.p.Answer)).Take(12).Select(x => $"{x.p.Id}={x.p.Answer}:[{said[x.i]}]")));
    }
    return 0;
}
Console.WriteLine($"halos quickstart{(smoke ? " (smoke scale)" : "")}: arithmetic word problems, libtorch {torch.version}, {torch.get_num_threads()} threads");
try
{
    var results = new QuickstartRun(root, host, Path.GetFullPath(output), smoke ? QuickstartScale.Smoke : QuickstartScale.Full, Console.Out).Run();
    Console.WriteLine();
    Console.WriteLine($"held-out results ({results.HeldOutProblems} problems, {results.Seconds:F0} s):");
    Console.Write(results.Table());
    Console.WriteLine($"report: {Path.Combine(output, QuickstartResults.MarkdownFile)} and {QuickstartResults.JsonFile}");
    return 0;
}
catch (InvalidOperationException e)
{
    Console.Error.WriteLine($"quickstart: {e.Message}");
    return 1;
}

string? Option(string name)
{
    var at = Array.IndexOf(args, name);
    return at >= 0 && at + 1 < args.Length ? args[at + 1] : null;
}

static string FindRoot()
{
    for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        if (File.Exists(Path.Combine(dir.FullName, "Halos.Plugins.sln"))) return dir.FullName;
    throw new InvalidOperationException($"no Halos.Plugins.sln above {AppContext.BaseDirectory}");
}
