using System.Runtime.InteropServices;
using Halos.Host.Cli;
using Halos.Host.Configuration;

// The first Ctrl+C (or SIGTERM) asks the running verb to stop cleanly: a training run saves a checkpoint (a loss
// script stuck in a loop is stopped at its next turn). A second Ctrl+C exits at once, saving nothing, and says so.
using var stop = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    if (stop.IsCancellationRequested)
    {
        Console.Error.WriteLine(AbortNotice.Message());
        Environment.Exit(ExitCodes.AbortedWithoutSaving);
    }
    Console.Error.WriteLine("halos: stopping (saving a checkpoint if a run is in progress); press Ctrl+C again to abort");
    stop.Cancel();
};
using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, context =>
{
    context.Cancel = true;
    stop.Cancel();
});

var io = new HostIO(Console.In, Console.Out, Console.Error, !Console.IsErrorRedirected,
    LayeredConfiguration.ProcessEnvironment(), Environment.CurrentDirectory);
return HalosCli.Run(args, io, stop.Token);
