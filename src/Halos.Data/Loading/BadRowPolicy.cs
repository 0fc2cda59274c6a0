namespace Halos.Data.Loading;

/// <summary>What a loader does with a row it cannot read (<c>Data:OnBadRow</c>).</summary>
public enum BadRowPolicy
{
    /// <summary>Stop with an error naming the file, line and field (the default: bad data is never silently trained on).</summary>
    Error,
    /// <summary>Leave the row out, and count it in the warning printed before training starts.</summary>
    Skip,
}
