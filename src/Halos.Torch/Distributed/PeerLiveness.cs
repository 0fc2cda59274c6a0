using System.Globalization;

namespace Halos.Torch.Distributed;

/// <summary>
/// Works out, after a collective failed, which peer it failed on. The backends only say "connection
/// reset by [10.0.0.7]:41812" or "timed out"; every rank's heartbeat in the store ("beats collectives")
/// says more: a rank whose beat stopped has died, and a live rank that entered fewer collectives than
/// this one never reached the one that failed.
/// </summary>
internal sealed class PeerLiveness(RendezvousStore store, string groupName, int rank, int worldSize, TimeSpan interval)
{
    private readonly record struct Beat(long Beats, long Collectives);

    public static string HeartbeatKey(string groupName, int rank) => $"halos/pg/{groupName}/heartbeat/{rank}";

    public bool Enabled => interval > TimeSpan.Zero && worldSize > 1;

    /// <summary>The ranks to blame and a sentence about each peer that is not simply waiting alongside this one.</summary>
    public (IReadOnlyList<int> Suspects, string Explanation) Explain(long collectivesEntered)
    {
        if (!Enabled) return ([], "");
        Beat?[] first, second;
        try
        {
            first = Snapshot();
            // Three intervals: a live peer beats at least twice in that time even when its machine is busy.
            Thread.Sleep(interval * 3);
            second = Snapshot();
        }
        catch (Exception e) when (e is TorchException or DistributedException)
        {
            return rank == 0
                ? ([], $"this rank's own rendezvous store stopped answering ({e.Message})")
                : ([0], $"rank 0, which hosts the rendezvous store at {store.Address}, is unreachable: it has most likely exited");
        }

        var dead = new List<int>();
        var elsewhere = new List<int>();
        var notes = new List<string>();
        for (var r = 0; r < worldSize; r++)
        {
            if (r == rank) continue;
            if (first[r] is null && second[r] is null)
            {
                dead.Add(r);
                notes.Add($"rank {r} never joined the group");
            }
            else if (second[r] is not { } now || first[r] is not { } then || now.Beats == then.Beats)
            {
                dead.Add(r);
                notes.Add($"rank {r} stopped: no heartbeat for {RendezvousStore.Seconds(interval * 3)}, so its process has exited or hangs, or its machine is unreachable");
            }
            else if (now.Collectives != collectivesEntered)
            {
                elsewhere.Add(r);
                notes.Add($"rank {r} is alive but has entered {now.Collectives} collectives to this rank's {collectivesEntered}: " +
                          "it is busy or stuck elsewhere, or the ranks run different sequences of collectives");
            }
        }
        return (dead.Count > 0 ? dead : elsewhere, string.Join("; ", notes));
    }

    private Beat?[] Snapshot()
    {
        var beats = new Beat?[worldSize];
        for (var r = 0; r < worldSize; r++)
        {
            if (r == rank) continue;
            var key = HeartbeatKey(groupName, r);
            if (!store.Contains(key)) continue;
            var parts = store.Get(key, TimeSpan.FromSeconds(1)).Split(' ');
            beats[r] = new Beat(long.Parse(parts[0], CultureInfo.InvariantCulture), long.Parse(parts[1], CultureInfo.InvariantCulture));
        }
        return beats;
    }
}
