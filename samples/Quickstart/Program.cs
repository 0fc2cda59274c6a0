using Halos.Torch;
using Quickstart;

// The quickstart: SFT, DPO, KTO and a ranked-list reward model on generated arithmetic word problems, each trained by
// the real `halos train`, from built-in defaults and with no downloads. Usage: Quickstart [--smoke] [--output DIR] [--host halos.dll]
var root = FindRoot();
string[] valueOptions = ["--output", "--host"];
for (var i = 0; i < args.Length; i++)
{
    if (valueOptions.Contains(args[i]) && i + 1 < args.Length) i++;
    else if (args[i] != "--smoke")
    {
        Console.Error.WriteLine($"quickstart: unexpected argument '{args[i]}'; expected --smoke, --output DIR or --host PATH/halos.dll");
        return 2;
    }
}
var smoke = args.Contains("--smoke");
var output = Option("--output") ?? Path.Combine(root, "runs", "quickstart");
var host = Option("--host") ?? Path.Combine(root, "src", "Halos.Host", "bin", "Release", "net10.0", "halos.dll");
if (!File.Exists(host))
{
    Console.Error.WriteLine($"quickstart: the halos host is not built ({host} is missing); run dotnet build src/Halos.Host -c Release, or pass --host PATH");
    return 2;
}
torch.set_num_threads(Math.Max(1, Environment.ProcessorCount));
Console.WriteLine($"halos quickstart{(smoke ? " (smoke scale)" : "")}: arithmetic word problems, libtorch {torch.version}, {torch.get_num_threads()} threads");
try
{
    var results = new QuickstartRun(root, host, Path.GetFullPath(output), smoke ? QuickstartScale.Smoke : QuickstartScale.Full, Console.Out).Run();
    Console.WriteLine();
    Console.WriteLine($"held-out results ({results.HeldOutProblems} problems, {results.Seconds:F0} s):");
    Console.Write(results.Table());
    Console.WriteLine($"report: {Path.Combine(output, QuickstartResults.HtmlFile)} (curves and this table), {QuickstartResults.MarkdownFile} and {QuickstartResults.JsonFile}");
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
