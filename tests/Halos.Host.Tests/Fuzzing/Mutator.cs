using System.Text;

namespace Halos.Host.Tests.Fuzzing;

/// <summary>
/// Seeded byte-level mutations of a valid input, the kinds a flaky disk, a bad copy or a careless edit produce:
/// flipped bits, bytes set to JSON-significant or boundary values, cut, repeated or inserted ranges, truncation,
/// and numbers replaced by negative, zero or huge ones. The same seed always gives the same input.
/// </summary>
internal static class Mutator
{
    private static readonly byte[] Interesting = [0x00, 0xFF, 0x80, 0xC3, 0xE9, (byte)'"', (byte)'{', (byte)'}', (byte)'[', (byte)']',
        (byte)',', (byte)':', (byte)'-', (byte)'9', (byte)'\n', (byte)'\t', (byte)'\\', 0x1f, 0x8b];

    private static readonly string[] Numbers = ["-1", "0", "2147483648", "9223372036854775807", "1e308", "-0.5", "NaN", "\"x\"", "null", "[]", "{}", "\"\\ud800\""];

    public static byte[] Mutate(byte[] input, Random random)
    {
        var bytes = input.ToList();
        var edits = 1 + random.Next(4);
        for (var i = 0; i < edits; i++) Apply(bytes, random);
        return bytes.ToArray();
    }

    private static void Apply(List<byte> bytes, Random random)
    {
        if (bytes.Count == 0)
        {
            bytes.Add(Interesting[random.Next(Interesting.Length)]);
            return;
        }
        var at = random.Next(bytes.Count);
        switch (random.Next(8))
        {
            case 0:
                bytes[at] ^= (byte)(1 << random.Next(8));
                break;
            case 1:
                bytes[at] = Interesting[random.Next(Interesting.Length)];
                break;
            case 2:
                bytes.RemoveRange(at, Math.Min(1 + random.Next(16), bytes.Count - at));
                break;
            case 3:
                bytes.InsertRange(at, bytes.GetRange(at, Math.Min(1 + random.Next(32), bytes.Count - at)));
                break;
            case 4:
                bytes.RemoveRange(at, bytes.Count - at);
                break;
            case 5:
                bytes.InsertRange(at, Enumerable.Range(0, 1 + random.Next(8)).Select(_ => (byte)random.Next(256)));
                break;
            default:
                ReplaceNumber(bytes, at, random);
                break;
        }
    }

    // The next number after `at` becomes a hostile value: the mutation that finds unchecked sizes and ids.
    private static void ReplaceNumber(List<byte> bytes, int at, Random random)
    {
        var start = bytes.FindIndex(at, b => b is >= (byte)'0' and <= (byte)'9');
        if (start < 0) start = bytes.FindIndex(b => b is >= (byte)'0' and <= (byte)'9');
        if (start < 0) return;
        var end = start;
        while (end < bytes.Count && bytes[end] is >= (byte)'0' and <= (byte)'9' or (byte)'.' or (byte)'e' or (byte)'-') end++;
        bytes.RemoveRange(start, end - start);
        bytes.InsertRange(start, Encoding.UTF8.GetBytes(Numbers[random.Next(Numbers.Length)]));
    }
}
