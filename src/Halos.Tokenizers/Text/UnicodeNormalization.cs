using System.Globalization;
using System.Text;

namespace Halos.Tokenizers.Text;

/// <summary>
/// Unicode normalization forms (UAX #15) on our own data table. The project builds with
/// InvariantGlobalization, under which string.Normalize is a no-op on Linux, so NFC-normalizing
/// tokenizers (Qwen) would silently diverge without this.
/// </summary>
internal static class UnicodeNormalization
{
    private const int SBase = 0xAC00, LBase = 0x1100, VBase = 0x1161, TBase = 0x11A7;
    private const int LCount = 19, VCount = 21, TCount = 28, NCount = VCount * TCount, SCount = LCount * NCount;

    private static readonly Lazy<Tables> Data = new(Tables.Load);

    public static string Normalize(string text, NormalizationForm form)
    {
        var data = Data.Value;
        var compat = form is NormalizationForm.FormKC or NormalizationForm.FormKD;
        var compose = form is NormalizationForm.FormC or NormalizationForm.FormKC;
        var cps = new List<int>(text.Length + 4);
        foreach (var rune in text.EnumerateRunes()) Decompose(rune.Value, compat, cps, data);
        CanonicalOrder(cps, data);
        if (compose) Compose(cps, data);
        var sb = new StringBuilder(cps.Count + 4);
        foreach (var cp in cps) sb.Append(char.ConvertFromUtf32(cp));
        return sb.ToString();
    }

    /// <summary>Whether the code point decomposes at all (so a lone one can change under normalization).</summary>
    public static bool HasDecomposition(int cp, bool compat)
    {
        var data = Data.Value;
        return (cp >= SBase && cp < SBase + SCount) || data.Canonical.ContainsKey(cp) || (compat && data.Compatibility.ContainsKey(cp));
    }

    /// <summary>Combining class, 0 for starters.</summary>
    public static int CombiningClass(int cp) => Data.Value.Ccc.TryGetValue(cp, out var c) ? c : 0;

    /// <summary>
    /// True when normalization can never reach across a boundary placed before this code point:
    /// it is a starter that no composition consumes as its second part.
    /// </summary>
    public static bool IsSegmentStart(int cp)
    {
        var data = Data.Value;
        if (data.Ccc.ContainsKey(cp) || data.ComposesAsSecond.Contains(cp)) return false;
        if (cp >= VBase && cp < VBase + VCount) return false;
        if (cp > TBase && cp < TBase + TCount) return false;
        if (data.Canonical.TryGetValue(cp, out var m) && (data.Ccc.ContainsKey(m[0]) || data.ComposesAsSecond.Contains(m[0]))) return false;
        return true;
    }

    private static void Decompose(int cp, bool compat, List<int> output, Tables data)
    {
        if (cp >= SBase && cp < SBase + SCount)
        {
            var s = cp - SBase;
            output.Add(LBase + s / NCount);
            output.Add(VBase + s % NCount / TCount);
            if (s % TCount != 0) output.Add(TBase + s % TCount);
            return;
        }
        if (data.Canonical.TryGetValue(cp, out var mapping) || (compat && data.Compatibility.TryGetValue(cp, out mapping)))
        {
            foreach (var m in mapping) Decompose(m, compat, output, data);
            return;
        }
        output.Add(cp);
    }

    private static void CanonicalOrder(List<int> cps, Tables data)
    {
        // Stable insertion sort of each run of non-starters by combining class.
        for (var i = 1; i < cps.Count; i++)
        {
            var ccc = CccOf(cps[i], data);
            if (ccc == 0) continue;
            var j = i;
            while (j > 0 && CccOf(cps[j - 1], data) > ccc)
            {
                (cps[j - 1], cps[j]) = (cps[j], cps[j - 1]);
                j--;
            }
        }
    }

    private static int CccOf(int cp, Tables data) => data.Ccc.TryGetValue(cp, out var c) ? c : 0;

    private static void Compose(List<int> cps, Tables data)
    {
        if (cps.Count < 2) return;
        var starter = 0;
        var starterCcc = CccOf(cps[0], data);
        if (starterCcc != 0) starter = -1;
        var lastCcc = starterCcc == 0 ? 0 : 256;
        var write = 1;
        for (var read = 1; read < cps.Count; read++)
        {
            var cp = cps[read];
            var ccc = CccOf(cp, data);
            if (starter >= 0 && (lastCcc < ccc || (lastCcc == 0 && write - 1 == starter)) && TryCompose(cps[starter], cp, data, out var composed))
            {
                cps[starter] = composed;
                continue;
            }
            if (ccc == 0)
            {
                starter = write;
                lastCcc = 0;
            }
            else lastCcc = ccc;
            cps[write++] = cp;
        }
        cps.RemoveRange(write, cps.Count - write);
    }

    private static bool TryCompose(int first, int second, Tables data, out int composed)
    {
        if (first >= LBase && first < LBase + LCount && second >= VBase && second < VBase + VCount)
        {
            composed = SBase + ((first - LBase) * VCount + (second - VBase)) * TCount;
            return true;
        }
        if (first >= SBase && first < SBase + SCount && (first - SBase) % TCount == 0 && second > TBase && second < TBase + TCount)
        {
            composed = first + (second - TBase);
            return true;
        }
        return data.Composites.TryGetValue(((long)first << 32) | (uint)second, out composed);
    }

    private sealed class Tables
    {
        public readonly Dictionary<int, int> Ccc = new();
        public readonly Dictionary<int, int[]> Canonical = new();
        public readonly Dictionary<int, int[]> Compatibility = new();
        public readonly Dictionary<long, int> Composites = new();
        public readonly HashSet<int> ComposesAsSecond = new();

        public static Tables Load()
        {
            var t = new Tables();
            using var stream = typeof(UnicodeNormalization).Assembly.GetManifestResourceStream("Halos.Tokenizers.UnicodeNormalizationData.txt")
                ?? throw new InvalidOperationException("embedded resource UnicodeNormalizationData.txt is missing from Halos.Tokenizers");
            using var reader = new StreamReader(stream);
            while (reader.ReadLine() is { } line)
            {
                if (line.Length == 0 || line[0] == '#') continue;
                var parts = line.Split(' ');
                var cp = Hex(parts[1]);
                switch (parts[0])
                {
                    case "c": t.Ccc[cp] = int.Parse(parts[2], CultureInfo.InvariantCulture); break;
                    case "d": t.Canonical[cp] = parts[2..].Select(Hex).ToArray(); break;
                    case "k": t.Compatibility[cp] = parts[2..].Select(Hex).ToArray(); break;
                    case "p":
                        t.Composites[((long)Hex(parts[2]) << 32) | (uint)Hex(parts[3])] = cp;
                        t.ComposesAsSecond.Add(Hex(parts[3]));
                        break;
                }
            }
            return t;
        }

        private static int Hex(string s) => int.Parse(s, NumberStyles.HexNumber, CultureInfo.InvariantCulture);
    }
}
