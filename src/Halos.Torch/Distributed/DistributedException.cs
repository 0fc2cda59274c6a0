namespace Halos.Torch.Distributed;

/// <summary>
/// A collective or the rendezvous failed: a peer died, hung past the timeout, or could not be
/// reached. <see cref="SuspectRanks"/> names the ranks the failure points at (empty when it
/// could not tell), and the message says what each was found doing.
/// </summary>
public sealed class DistributedException(string message, IReadOnlyList<int> suspectRanks, Exception? inner = null)
    : Exception(message, inner)
{
    public IReadOnlyList<int> SuspectRanks { get; } = suspectRanks;
}
