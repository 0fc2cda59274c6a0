namespace Halos.Bench;

/// <summary>What the benchmark ran on, printed with every report.</summary>
internal static class MachineInfo
{
    public static string Describe()
    {
        var cpu = "unknown cpu";
        try
        {
            var line = File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name"));
            if (line is not null) cpu = line.Split(':', 2)[1].Trim();
        }
        catch (IOException) { }
        return $"{cpu}, {Environment.ProcessorCount} cores, {Environment.OSVersion}, .NET {Environment.Version}";
    }
}
