using Halos.Data.Formats;

namespace Halos.Data.Loading;

/// <summary>
/// The built-in formats by loader name: what <c>halos data inspect --loader NAME</c> resolves, and what the
/// standard loader plugins wrap.
/// </summary>
public static class DataFormats
{
    public static IReadOnlyList<IDataFormat> All { get; } =
    [
        new TrlPreferenceFormat(),
        new TrlPretokenizedFormat(),
        new TrlUnpairedFormat(),
        new SftFormat(),
        new HalosFeedbackFormat(),
        new HhRlhfFormat(),
        new RankedTsvFormat(),
        new PromptOnlyFormat(),
    ];

    public static IDataFormat? Find(string name) =>
        All.FirstOrDefault(f => string.Equals(f.Name, name, StringComparison.OrdinalIgnoreCase));

    public static string Names => string.Join(", ", All.Select(f => f.Name));
}
