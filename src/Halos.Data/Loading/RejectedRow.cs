using Halos.Abstractions.Data;

namespace Halos.Data.Loading;

/// <summary>A row a loader left out, and why: the located error it would have stopped on.</summary>
public sealed record RejectedRow(string Input, long? Line, string Reason)
{
    public static RejectedRow From(DataFormatException error) => new(error.Input, error.Line, error.Problem);

    public override string ToString() => Line is { } l ? $"{Input}:{l}: {Reason}" : $"{Input}: {Reason}";
}
