using Halos.Abstractions.Models;
using Halos.Torch;
using Halos.Torch.SafeTensors;

namespace Halos.Trainers.PolicyGradient;

/// <summary>
/// The value head a PPO run saved beside the policy's weights (<c>v_head.summary.weight</c> [1, H] and
/// <c>v_head.summary.bias</c> [1], TRL's names), read back from the policy's checkpoint folder as TRL's
/// <c>AutoModelForCausalLMWithValueHead.from_pretrained</c> does: from <c>model.safetensors</c>, or from the shards that
/// <c>model.safetensors.index.json</c> maps the tensors to. A folder without them (a plain causal LM) has no saved head.
/// </summary>
public static class SavedValueHead
{
    public const string WeightName = ValueHead.ChildName + ".summary.weight";
    public const string BiasName = ValueHead.ChildName + ".summary.bias";
    private const string Prefix = ValueHead.ChildName + ".";
    private const string SingleFile = "model.safetensors";
    private const string IndexFile = SafeTensorsIndex.FileName;

    /// <summary>
    /// The files that hold the saved head's tensors (tensor name → file), or null when <paramref name="folder"/> saved none.
    /// Throws <see cref="ModelSpecException"/> when the folder holds part of a head or a head of another layout.
    /// </summary>
    public static IReadOnlyDictionary<string, string>? Locate(string folder)
    {
        var index = Path.Combine(folder, IndexFile);
        var single = Path.Combine(folder, SingleFile);
        Dictionary<string, string> found;
        string source;
        if (File.Exists(index))
        {
            source = index;
            found = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var (name, file) in WeightMap(index))
                if (name.StartsWith(Prefix, StringComparison.Ordinal)) found[name] = Path.Combine(folder, file);
        }
        else if (File.Exists(single))
        {
            source = single;
            using var file = SafeTensorsFile.Open(single);
            found = file.Names.Where(n => n.StartsWith(Prefix, StringComparison.Ordinal)).ToDictionary(n => n, _ => single, StringComparer.Ordinal);
        }
        else return null;  // no weights at all: the model plugin reports that, not the head

        if (found.Count == 0) return null;
        if (found.Keys.FirstOrDefault(n => n is not WeightName and not BiasName) is { } other)
            throw new ModelSpecException(
                $"{source}: tensor '{other}' is not part of PPO's value head, which saves only '{WeightName}' and '{BiasName}' (Linear(hidden, 1), TRL's layout)");
        foreach (var name in new[] { WeightName, BiasName }.Where(n => !found.ContainsKey(n)))
            throw new ModelSpecException(
                $"{source}: tensor '{name}' is missing: the folder saved part of a value head ({string.Join(", ", found.Keys.Select(n => $"'{n}'"))})");
        return found;
    }

    /// <summary>
    /// Copies the head saved in <paramref name="folder"/> into <paramref name="head"/> (converted to its float32 and
    /// device) and returns true; returns false, leaving the head as it is, when the folder saved none. A saved head of
    /// another hidden size is a <see cref="ModelSpecException"/> naming the file and the tensor.
    /// </summary>
    public static bool LoadInto(ValueHead head, string folder)
    {
        if (Locate(folder) is not { } files) return false;
        var hidden = head.Summary.weight.size(1);
        var targets = new (string Name, Tensor Target, long[] Shape)[]
        {
            (WeightName, head.Summary.weight, [1, hidden]),
            (BiasName, head.Summary.bias!, [1]),
        };
        // Every shape is checked before anything is copied, so a bad checkpoint leaves the head untouched.
        var sources = new List<(Tensor Target, string File, string Name)>();
        foreach (var (name, target, shape) in targets)
        {
            var path = files[name];
            using var file = SafeTensorsFile.Open(path);
            if (!file.Contains(name))
                throw new ModelSpecException($"{path}: tensor '{name}' is missing, though {Path.Combine(folder, IndexFile)} maps it to this shard");
            var info = file.Info(name);
            if (!info.Shape.SequenceEqual(shape))
                throw new ModelSpecException(
                    $"{path}: tensor '{name}' has shape [{string.Join(", ", info.Shape)}], but the policy's value head needs [{string.Join(", ", shape)}] " +
                    $"(its final hidden states have width {hidden}): the checkpoint's value head was trained on another model");
            if (!info.DType.IsFloatingPoint())
                throw new ModelSpecException($"{path}: tensor '{name}' is {info.DType}; a value head's weights are floating point");
            sources.Add((target, path, name));
        }
        using var noGrad = torch.no_grad();
        foreach (var (target, path, name) in sources)
        {
            using var file = SafeTensorsFile.Open(path);
            using var source = file.Load(name);
            target.copy_(source);  // to the head's dtype (float32) and device
        }
        return true;
    }

    private static IEnumerable<(string Name, string File)> WeightMap(string index)
    {
        IReadOnlyDictionary<string, string> map;
        try
        {
            map = SafeTensorsIndex.ReadWeightMap(index);
        }
        catch (SafeTensorsIndexException e)
        {
            throw new ModelSpecException(e.Message, e);
        }
        foreach (var (name, file) in map)
        {
            if (!name.StartsWith(Prefix, StringComparison.Ordinal)) continue;
            if (file.Contains('/') || file.Contains('\\') || file.Contains(".."))
                throw new ModelSpecException($"{index}: weight_map entry '{name}' must be a plain shard file name in the same folder");
            yield return (name, file);
        }
    }
}
