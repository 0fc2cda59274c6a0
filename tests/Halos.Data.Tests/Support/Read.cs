using Halos.Abstractions.Data;
using Halos.Abstractions.Losses;
using Halos.Data.Loading;

namespace Halos.Data.Tests.Support;

/// <summary>Reads a fixture through a named built-in format.</summary>
public static class Read
{
    public static IReadOnlyList<Example> All(string loader, string path, DataKind kind, BadRowPolicy policy = BadRowPolicy.Error, string? split = null) =>
        All(loader, path, kind, out _, policy, split);

    public static IReadOnlyList<Example> All(string loader, string path, DataKind kind, out ReadReport report, BadRowPolicy policy = BadRowPolicy.Error, string? split = null)
    {
        var format = DataFormats.Find(loader) ?? throw new ArgumentException($"no format {loader}");
        return DataReader.ReadAll(format, new DataReadRequest { Path = path, Kind = kind, OnBadRow = policy, Split = split }, out report);
    }
}
