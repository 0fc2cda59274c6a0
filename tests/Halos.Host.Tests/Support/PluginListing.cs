namespace Halos.Host.Tests.Support;

/// <summary>Parses the table <c>halos plugins list</c> prints: name → (kind, version, path).</summary>
public static class PluginListing
{
    public static Dictionary<string, (string Kind, string Version, string Path)> Parse(string output)
    {
        var rows = new Dictionary<string, (string, string, string)>();
        foreach (var line in output.Split('\n').Skip(1))
        {
            if (line.Trim().Length == 0) break; // the failures section follows a blank line
            var cells = line.Split("  ", StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            rows[cells[0]] = (cells[1], cells[2], cells[3]);
        }
        return rows;
    }
}
