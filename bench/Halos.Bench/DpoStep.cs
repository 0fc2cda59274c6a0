using Halos.Abstractions.Data;
using Halos.Abstractions.Losses;
using Halos.Abstractions.Training;
using Halos.Losses;
using Halos.Models.Architectures;
using Halos.Models.Configuration;
using Halos.Torch;
using Halos.Torch.Optim;
using Halos.Trainers.Trainers;

namespace Halos.Bench;

/// <summary>
/// Our side of the DPO benchmark: the peer's GPT-2 (dropout off, tied head), a frozen reference copy, the paired trainer
/// plugin with the chunked head, losses/dpo.csx and AdamW, on the peer's batch (random tokens, chosen rows then rejected
/// rows, the first quarter of each row the prompt). <see cref="Run"/> is one training step.
/// </summary>
internal sealed class DpoStep : IDisposable
{
    private readonly CausalLanguageModel _policy;
    private readonly CausalLanguageModel _reference;
    private readonly ILossFunction _loss;
    private readonly PairedPreferenceTrainer _trainer = new();
    private readonly TrainingModules _modules;
    private readonly AdamW _optimizer;
    private readonly Batch _batch;
    private readonly Device _device;
    private readonly ScalarType? _autocast;

    public DpoStep(DpoShape shape, string lossesFolder, Device device, ScalarType? autocast)
    {
        _device = device;
        _autocast = autocast;
        var json = $$$"""{"model_type":"gpt2","architectures":["GPT2LMHeadModel"],"vocab_size":{{{shape.Vocab}}},"n_positions":{{{shape.Seq}}},"n_embd":{{{shape.Width}}},"n_layer":{{{shape.Layers}}},"n_head":{{{shape.Heads}}},"activation_function":"gelu_new","resid_pdrop":0,"embd_pdrop":0,"attn_pdrop":0}""";
        _policy = (CausalLanguageModel)ArchitectureCatalog.Create(HfConfig.Parse(json, "bench"));
        _reference = (CausalLanguageModel)ArchitectureCatalog.Create(HfConfig.Parse(json, "bench"));
        _reference.load_state_dict(_policy.state_dict());
        if (device.Type != DeviceType.CPU)
        {
            _policy.to(device);
            _reference.to(device);
        }
        _reference.eval();
        foreach (var p in _reference.parameters()) p.requires_grad_(false);
        _policy.train();
        _loss = LossScript.Load(Path.Combine(lossesFolder, "dpo.csx"));
        _modules = new TrainingModules(_policy, _reference, null, Tokenizer: null!, device);
        _optimizer = new AdamW(_policy.parameters(), lr: 1e-6, weight_decay: 0);
        _batch = RandomPairs(shape, device);
        Rows = 2 * shape.Batch;
    }

    public int Rows { get; }

    public long Parameters => _policy.parameters().Sum(p => p.numel());

    public float LastLoss { get; private set; }

    public void Run()
    {
        using var scope = torch.NewDisposeScope();
        Tensor value;
        using (_autocast is { } dtype ? torch.autocast(_device, dtype) : null)
        {
            var inputs = _trainer.ComputeLossInputs(_batch, _modules, _loss);
            value = _loss.Compute(inputs).Loss();
        }
        _optimizer.zero_grad();
        value.backward();
        _optimizer.step();
        LastLoss = value.item<float>();
    }

    /// <summary>The peer's batch: random tokens, chosen rows then rejected rows, no padding, the first quarter prompt.</summary>
    private static Batch RandomPairs(DpoShape shape, Device device)
    {
        var rows = 2 * shape.Batch;
        var ids = torch.randint(0, shape.Vocab, [rows, shape.Seq]);
        var attention = torch.ones([rows, shape.Seq], ScalarType.Int64);
        var lossMask = torch.ones([rows, shape.Seq], ScalarType.Int64);
        using (torch.no_grad()) lossMask.narrow(1, 0, shape.Seq / 4).zero_();
        if (device.Type != DeviceType.CPU) (ids, attention, lossMask) = (ids.to(device), attention.to(device), lossMask.to(device));
        var examples = Enumerable.Range(0, shape.Batch)
            .Select(i => (Example)new PairedExample($"pair-{i}", Prompt.FromText(""), "", "")).ToList();
        return new Batch(DataKind.Paired, examples,
            new Dictionary<string, Tensor> { ["input_ids"] = ids, ["attention_mask"] = attention, ["loss_mask"] = lossMask });
    }

    public void Dispose()
    {
        _optimizer.Dispose();
        _reference.Dispose();
        _policy.Dispose();
    }
}
