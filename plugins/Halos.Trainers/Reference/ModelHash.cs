using System.Security.Cryptography;
using System.Text;
using Halos.Torch;
using Halos.Torch.NN;

namespace Halos.Trainers.Reference;

/// <summary>
/// A hash of a module's weights (names, dtypes, shapes and bytes, in name order): the model half of the
/// precomputed-reference cache key. Hashing the weights rather than a path means a reference rebuilt from the same
/// checkpoint, or from the same seed, finds its cache, and a changed checkpoint never does.
/// </summary>
public static class ModelHash
{
    public static string Of(Module module)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var state = module.state_dict();
        try
        {
            foreach (var (name, tensor) in state.OrderBy(p => p.Key, StringComparer.Ordinal))
            {
                using var scope = torch.NewDisposeScope();
                hash.AppendData(Encoding.UTF8.GetBytes($"{name}:{tensor.dtype}:[{string.Join(",", tensor.shape)}]\n"));
                hash.AppendData(tensor.to(Device.CPU).bytes());
            }
        }
        finally
        {
            foreach (var t in state.Values) t.Dispose();
        }
        return Convert.ToHexString(hash.GetHashAndReset()).ToLowerInvariant();
    }
}
