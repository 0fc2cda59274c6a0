namespace Halos.Bench;

/// <summary>"--name value" pairs from the command line, with defaults.</summary>
internal sealed class BenchArgs(string[] args)
{
    public string Get(string name, string fallback)
    {
        var i = Array.IndexOf(args, "--" + name);
        return i >= 0 && i + 1 < args.Length ? args[i + 1] : fallback;
    }

    public int GetInt(string name, int fallback) => int.Parse(Get(name, fallback.ToString()));
}
