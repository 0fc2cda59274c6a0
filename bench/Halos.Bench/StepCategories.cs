using Halos.Torch.Profiling;

namespace Halos.Bench;

/// <summary>One line of a step breakdown: a category's self time and matrix-product FLOPs; indented lines split the one above.</summary>
internal sealed record CategoryRow(string Name, TimeSpan Time, double Flops, bool Indented = false);

/// <summary>
/// Sorts a training step's op events into the categories the performance work acts on. Self times are used, so
/// nothing is counted twice; the head's scopes (halos::linear_log_probs*) and the optimiser's (halos::adamw_step)
/// come from ranges the shim opens.
/// </summary>
internal static class StepCategories
{
    private static readonly HashSet<string> Gemms =
        ["aten::mm", "aten::addmm", "aten::addmm_", "aten::bmm", "aten::baddbmm", "aten::baddbmm_", "aten::matmul", "aten::linear"];

    private static readonly HashSet<string> AttentionOps =
    [
        "aten::softmax", "aten::_softmax", "aten::_softmax_backward_data", "aten::masked_fill", "aten::masked_fill_",
        "aten::scaled_dot_product_attention", "aten::_scaled_dot_product_attention_math", "aten::tril", "aten::logical_not",
    ];

    private static bool InHead(OpEvent e) => e.Scope.StartsWith("halos::linear_log_probs", StringComparison.Ordinal);

    private static bool IsEngine(OpEvent e) =>
        e.Name == "halos::backward" || e.Name.Contains("Backward", StringComparison.Ordinal) ||
        e.Name.StartsWith("autograd::", StringComparison.Ordinal) || e.Name.StartsWith("torch::autograd::", StringComparison.Ordinal);

    public static IReadOnlyList<CategoryRow> Classify(OpProfile profile, TimeSpan wall)
    {
        var events = profile.Events;
        CategoryRow Row(string name, Func<OpEvent, bool> which, bool indented = false)
        {
            var picked = events.Where(which).ToList();
            return new CategoryRow(name, TimeSpan.FromTicks(picked.Sum(e => e.Self.Ticks)), picked.Sum(e => e.Flops), indented);
        }

        bool Gemm(OpEvent e) => Gemms.Contains(e.Name);
        bool Optimiser(OpEvent e) => e.Scope.StartsWith("halos::adamw", StringComparison.Ordinal) || e.Scope.StartsWith("halos::sgd", StringComparison.Ordinal);
        bool Head(OpEvent e) => !Gemm(e) && !Optimiser(e) && (InHead(e) || e.Name.Contains("log_softmax", StringComparison.Ordinal) || e.Name == "aten::logsumexp");
        bool Attention(OpEvent e) => !Gemm(e) && !Head(e) && AttentionOps.Contains(e.Name);
        bool Engine(OpEvent e) => !Gemm(e) && !Head(e) && !Optimiser(e) && IsEngine(e);
        bool Elementwise(OpEvent e) => !Gemm(e) && !Head(e) && !Attention(e) && !Optimiser(e) && !Engine(e);

        var rows = new List<CategoryRow>
        {
            Row("matrix products", Gemm),
            Row("linear layers (mm, addmm)", e => Gemm(e) && !InHead(e) && !e.Name.Contains("bmm", StringComparison.Ordinal), indented: true),
            Row("attention scores and mixing (bmm)", e => Gemm(e) && !InHead(e) && e.Name.Contains("bmm", StringComparison.Ordinal), indented: true),
            Row("LM head, chunked (forward, recompute, grads)", e => Gemm(e) && InHead(e), indented: true),
            Row("log-softmax and the chunked head (non-GEMM)", Head),
            Row("attention (softmax, masking)", Attention),
            Row("element-wise and normalisation", Elementwise),
            Row("optimiser (AdamW)", Optimiser),
            Row("autograd engine and node bookkeeping", Engine),
        };
        var outside = wall - profile.InsideLibtorch;
        rows.Add(new CategoryRow("managed overhead (outside libtorch)", outside > TimeSpan.Zero ? outside : TimeSpan.Zero, 0));
        return rows;
    }
}
