using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using Halos.Host.Cli;

namespace Halos.Host.Verbs;

/// <summary>
/// <c>halos launch --nproc N -- train --profile X</c>: starts N local ranks of a halos command with the
/// variables torchrun sets (MASTER_ADDR, MASTER_PORT, RANK, WORLD_SIZE, LOCAL_RANK, LOCAL_WORLD_SIZE),
/// prefixes their output with the rank, and supervises them: when one rank fails, the others are
/// stopped and the launcher exits non-zero naming it. With --nnodes/--node-rank, one launcher per
/// machine starts that machine's share of a multi-node run.
/// </summary>
public sealed class LaunchVerb : Verb
{
    // How long stopped ranks get to exit after SIGTERM before they are killed.
    private static readonly TimeSpan StopGrace = TimeSpan.FromSeconds(10);

    public override string Name => "launch";

    public override string Summary => "Run a halos command as N data-parallel ranks on this machine (torchrun-style)";

    public override string Details =>
        "The command to run goes after --: a halos verb with its options (train --profile dpo), or with --program any program.\n"
        + "Rank r's output lines are prefixed with [rank r]. If a rank exits with a non-zero code, the others are\n"
        + "stopped (SIGTERM, then killed after 10 s) and the launcher exits with code 1, naming the rank.";

    public override IReadOnlyList<VerbOption> Options =>
    [
        new("--nproc", "N", "ranks to start on this machine", Required: true),
        new("--nnodes", "M", "machines in the run (default 1); start one launcher per machine"),
        new("--node-rank", "K", "this machine's index, 0..M-1 (default 0); node 0 hosts the rendezvous"),
        new("--master-addr", "HOST", "address of node 0 (default 127.0.0.1)"),
        new("--master-port", "PORT", "rendezvous port (default: a free port when --nnodes is 1, else 29500)"),
        new("--program", "PATH", "start PATH with the arguments after -- (default: halos itself)"),
    ];

    public override IReadOnlyList<VerbArgument> Arguments => [new("COMMAND", "the command each rank runs, after --", Required: false, Many: true) { AfterSeparator = true }];

    /// <summary>What to launch, checked.</summary>
    public sealed record Plan(int ProcessesPerNode, int Nodes, int NodeRank, string MasterAddress, int? MasterPort, string? Program,
        IReadOnlyList<string> Command)
    {
        public int WorldSize => ProcessesPerNode * Nodes;

        /// <summary>The plan of the parsed options (by name, as on the command line) and the command after <c>--</c>.</summary>
        public static Plan Of(Func<string, string?> option, IReadOnlyList<string> command)
        {
            var nproc = Integer("--nproc", option("--nproc") ?? throw new UsageException("--nproc is required"), 1, 4096);
            var nodes = option("--nnodes") is { } n ? Integer("--nnodes", n, 1, 100_000) : 1;
            var nodeRank = option("--node-rank") is { } k ? Integer("--node-rank", k, 0, 100_000) : 0;
            int? port = option("--master-port") is { } p ? Integer("--master-port", p, 1, 65535) : null;
            var address = option("--master-addr") ?? "127.0.0.1";
            if (nodeRank >= nodes) throw new UsageException($"--node-rank {nodeRank} must be below --nnodes {nodes}");
            if (nodes > 1 && address is "127.0.0.1" or "localhost")
                throw new UsageException("--nnodes > 1 needs --master-addr: the address of node 0, reachable from every node");
            if (command.Count == 0) throw new UsageException("nothing to launch: put the command after --, e.g. halos launch --nproc 2 -- train --profile dpo");
            return new Plan(nproc, nodes, nodeRank, address, port, option("--program"), command);
        }

        private static int Integer(string name, string text, int min, int max) =>
            int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n >= min && n <= max
                ? n
                : throw new UsageException($"{name}: '{text}' is not a whole number in {min}..{max}");
    }

    public override int Run(VerbContext context)
    {
        var plan = Plan.Of(context.Option, context.Arguments);
        var port = plan.MasterPort ?? (plan.Nodes == 1 ? FreePort() : 29500);
        var io = context.IO;
        io.Error.WriteLine($"halos launch: {plan.ProcessesPerNode} rank(s) on this machine, world size {plan.WorldSize}, " +
                           $"rendezvous at {plan.MasterAddress}:{port}");

        var ranks = new List<(int Rank, Process Process)>();
        var writeLock = new object();
        try
        {
            for (var local = 0; local < plan.ProcessesPerNode; local++)
            {
                var rank = plan.NodeRank * plan.ProcessesPerNode + local;
                var process = Start(plan, rank, local, port, context, writeLock);
                ranks.Add((rank, process));
            }
            return Supervise(ranks, context, plan);
        }
        finally
        {
            Stop(ranks.Where(r => !r.Process.HasExited).Select(r => r.Process));
            foreach (var (_, p) in ranks) p.Dispose();
        }
    }

    private static Process Start(Plan plan, int rank, int localRank, int port, VerbContext context, object writeLock)
    {
        var (file, prefix) = plan.Program is { } program ? (program, Array.Empty<string>()) : SelfCommand();
        var start = new ProcessStartInfo(file)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = context.IO.WorkingDirectory,
        };
        foreach (var a in prefix.Concat(plan.Command)) start.ArgumentList.Add(a);
        var env = start.Environment;
        env["MASTER_ADDR"] = plan.MasterAddress;
        env["MASTER_PORT"] = port.ToString(CultureInfo.InvariantCulture);
        env["RANK"] = rank.ToString(CultureInfo.InvariantCulture);
        env["WORLD_SIZE"] = plan.WorldSize.ToString(CultureInfo.InvariantCulture);
        env["LOCAL_RANK"] = localRank.ToString(CultureInfo.InvariantCulture);
        env["LOCAL_WORLD_SIZE"] = plan.ProcessesPerNode.ToString(CultureInfo.InvariantCulture);
        // As torchrun: ranks sharing a machine would otherwise each start one thread per core and thrash.
        if (!env.ContainsKey("OMP_NUM_THREADS"))
            env["OMP_NUM_THREADS"] = Math.Max(1, Environment.ProcessorCount / plan.ProcessesPerNode).ToString(CultureInfo.InvariantCulture);

        var process = new Process { StartInfo = start };
        var tag = $"[rank {rank}] ";
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (writeLock) context.IO.Out.WriteLine(tag + e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (writeLock) context.IO.Error.WriteLine(tag + e.Data); };
        try
        {
            process.Start();
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            process.Dispose();
            throw new UsageException($"could not start rank {rank} ({file}): {e.Message}");
        }
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    /// <summary>Waits until every rank has exited; on the first failure stops the rest and names it.</summary>
    private static int Supervise(List<(int Rank, Process Process)> ranks, VerbContext context, Plan plan)
    {
        var running = new List<(int Rank, Process Process)>(ranks);
        while (running.Count > 0)
        {
            if (context.Cancellation.IsCancellationRequested)
            {
                context.IO.Error.WriteLine("halos launch: stopping every rank");
                Stop(running.Select(r => r.Process));
                return ExitCodes.Interrupted;
            }
            foreach (var (rank, process) in running.ToList())
            {
                if (!process.WaitForExit(0)) continue;
                process.WaitForExit(); // flushes the rank's remaining output
                running.Remove((rank, process));
                if (process.ExitCode == 0) continue;
                var others = running.Select(r => r.Rank).ToList();
                context.IO.Error.WriteLine($"halos launch: rank {rank} exited with code {process.ExitCode}" +
                                           (others.Count > 0 ? $"; stopping rank(s) {string.Join(", ", others)}" : ""));
                Stop(running.Select(r => r.Process));
                context.IO.Error.WriteLine($"halos launch: failed: rank {rank} (of {plan.WorldSize}) exited with code {process.ExitCode}");
                return ExitCodes.RuntimeFailure;
            }
            Thread.Sleep(50);
        }
        return ExitCodes.Success;
    }

    /// <summary>SIGTERM (a halos rank saves what it can and exits), then a kill for those still running after the grace period.</summary>
    private static void Stop(IEnumerable<Process> processes)
    {
        var list = processes.Where(p => !p.HasExited).ToList();
        foreach (var p in list) _ = Terminate(p.Id, SigTerm);
        var deadline = Stopwatch.StartNew();
        foreach (var p in list)
        {
            var left = StopGrace - deadline.Elapsed;
            if (!p.WaitForExit(left > TimeSpan.Zero ? left : TimeSpan.Zero)) p.Kill(entireProcessTree: true);
            p.WaitForExit();
        }
    }

    private const int SigTerm = 15;

    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int Terminate(int pid, int signal);

    /// <summary>How to start this same halos: the apphost directly, or <c>dotnet halos.dll</c>.</summary>
    private static (string File, string[] Prefix) SelfCommand()
    {
        var processPath = Environment.ProcessPath ?? "dotnet";
        var entry = System.Reflection.Assembly.GetEntryAssembly()?.Location;
        if (Path.GetFileNameWithoutExtension(processPath) == "dotnet")
        {
            var hostDll = entry is not null && Path.GetFileName(entry) == "halos.dll"
                ? entry
                : Path.Combine(AppContext.BaseDirectory, "halos.dll");
            return (processPath, [hostDll]);
        }
        return (processPath, []);
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
