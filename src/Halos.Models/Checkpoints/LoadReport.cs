namespace Halos.Models.Checkpoints;

/// <summary>What a non-strict load left out: model tensors the files lack, and file tensors the model has no place for.</summary>
public sealed record LoadReport(IReadOnlyList<string> Missing, IReadOnlyList<string> Unexpected)
{
    public bool IsComplete => Missing.Count == 0 && Unexpected.Count == 0;
}
