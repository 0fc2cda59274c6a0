namespace Halos.Torch.NN;

/// <summary>load_state_dict in strict mode found names that do not line up.</summary>
public sealed class StateDictMismatchException : Exception
{
    public StateDictMismatchException(string module, IReadOnlyList<string> missing, IReadOnlyList<string> unexpected)
        : base($"state dict does not match {module}: " +
               (missing.Count > 0 ? $"missing {string.Join(", ", missing)}" : "") +
               (missing.Count > 0 && unexpected.Count > 0 ? "; " : "") +
               (unexpected.Count > 0 ? $"unexpected {string.Join(", ", unexpected)}" : ""))
    {
        Missing = missing;
        Unexpected = unexpected;
    }

    public IReadOnlyList<string> Missing { get; }
    public IReadOnlyList<string> Unexpected { get; }
}
