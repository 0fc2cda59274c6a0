using System.Runtime.InteropServices;
using Halos.Torch.Native;

namespace Halos.Torch.Profiling;

/// <summary>
/// libtorch's own op events (RecordFunction, what torch.profiler records), added up while recording: each dispatched
/// op, autograd node and named range, with its calls, total and self time, and the FLOPs of the matrix products.
/// One recording at a time per process: <c>OpProfiler.Start(); ...; var profile = OpProfiler.Stop();</c>
/// </summary>
public static class OpProfiler
{
    public static void Start() => Check.Status(Lib.ht_op_profiler_start());

    /// <summary>Stops recording and returns what it added up.</summary>
    public static OpProfile Stop()
    {
        Check.Status(Lib.ht_op_profiler_stop());
        return OpProfile.Parse(Marshal.PtrToStringUTF8(Check.Handle(Lib.ht_op_profiler_report())) ?? "");
    }

    /// <summary>
    /// A named range until disposed (torch.profiler.record_function): the ops inside it are attributed to it. Names
    /// starting "halos::" become the scope of everything nested in them. Costs nothing measurable when not recording.
    /// </summary>
    public static RecordScope record_function(string name) => new(name);
}
