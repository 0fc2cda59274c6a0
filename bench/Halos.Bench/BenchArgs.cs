namespace Halos.Bench;

/// <summary>"--name value" pairs from the command line, with defaults.</summary>
internal sealed class BenchArgs(string[] args)
{
    public string Get(string name, string fallback)
    {
        var i = Array.IndexOf(args, "--" + name);
        return i >= 0 && i + 1 < args.Length ? args[i + 1] : fallback;
    }

    /// <summary>Whether the flag "--name" is present (a switch with no value).</summary>
    public bool Has(string name) => Array.IndexOf(args, "--" + name) >= 0;

    public int GetInt(string name, int fallback) => int.Parse(Get(name, fallback.ToString()));
}
