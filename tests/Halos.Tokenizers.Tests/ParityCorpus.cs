using System.IO.Compression;
using System.Text.Json;

namespace Halos.Tokenizers.Tests;

/// <summary>The texts the parity and round-trip tests run on.</summary>
internal static class ParityCorpus
{
    /// <summary>Hand-picked hard cases; they need no shared data, so they always run.</summary>
    public static readonly string[] BuiltIn =
    [
        "Hello world! How's it going? I'd say we'll see, they've been there, you're right, I'm fine.",
        "HOW'S IT GOING? I'LL SEE. 'Quoted' and \"double\" quotes; don't, won't, can't.",
        "Emoji: 😀 😃 😄 🙏🏽 👍🏿 👩‍💻 👨‍👩‍👧‍👦 🏳️‍🌈 🇺🇸🇯🇵🇫🇷 ❤️ ✈️ 1️⃣ 🧑🏼‍🚀",
        "Astral letters and digits: 𠀀𠀁𠀂 𝐀𝐁𝐂 𝟎𝟏𝟐𝟑 𐐀𐐨 𝔘𝔫𝔦𝔠𝔬𝔡𝔢 and CJK ext B 𪚥𠮷野家",
        "def fib(n):\n    if n < 2:\n        return n\n    return fib(n - 1) + fib(n - 2)\n\nprint([fib(i) for i in range(10)])",
        "for (int i = 0; i < n; ++i) {\n\tsum += a[i] * b[i]; // dot\r\n}\n\n\n#include <stdio.h>\nint main(){printf(\"%d\\n\", 42);}",
        "   leading spaces, \t tabs\t\t and   multiple    spaces   \n\n\n  trailing   ",
        "\n\n\n\n\t\t\t    \r\n\r\n \u00A0\u2003\u3000 mixed whitespace \u2028 line sep",
        "<|begin_of_text|>Hello<|end_of_text|> <|im_start|>user\nHi there<|im_end|>\n<|im_start|>assistant\n",
        "<|endoftext|>GPT-2 end<|endoftext|><|endoftext|> text <|im_end|>",
        "Numbers: 1 12 123 1234 12345 123456 3.14159 1,000,000 0x1F 1e-10 ١٢٣ ٤٥٦",
        "Accents: café naïve résumé Ångström Zürich São Paulo e\u0301 a\u0308 n\u0303 ﬁ ﬂ Ⅻ ①",
        "中文测试：你好，世界！这是一个测试。日本語のテキスト、カタカナ。한국어 텍스트입니다.",
        "Mixed: Hello你好World世界123数字abc",
        "Arabic: مرحبا بالعالم. Hebrew: שלום עולם. Hindi: नमस्ते दुनिया. Thai: สวัสดีชาวโลก",
        "URLs: https://example.com/path?q=1&r=2#frag user@example.org C:\\Users\\x\\file.txt",
        "Punctuation runs: !!!??? ... --- *** ### $$$ %%% ^^^ &&& ((( ))) [[[ ]]] {{{ }}} ||| ~~~ ``` '''",
        "a",
        " ",
        "",
        "'s'S'T'RE'VE'M'LL'D's 's",
        "Zero width: a\u200Bb\u200Cc\u200Dd\uFEFFe soft\u00ADhyphen",
        "Long word: Pneumonoultramicroscopicsilicovolcanoconiosis antidisestablishmentarianism",
        new string('=', 300) + " " + new string(' ', 100) + "x" + string.Concat(Enumerable.Repeat("ab", 200)),
        "Control: \u0001\u0002\u001F\u007F\u0085 bell\a done",
    ];

    /// <summary>Both sides of every hh-rlhf harmless-base test conversation, or null without ../shared.</summary>
    public static IReadOnlyList<string>? HhRlhf()
    {
        var path = Path.Combine(RepoLayout.SharedData, "hh-rlhf", "harmless-base-test.jsonl.gz");
        if (!File.Exists(path)) return null;
        var texts = new List<string>();
        using var gz = new GZipStream(File.OpenRead(path), CompressionMode.Decompress);
        using var reader = new StreamReader(gz);
        while (reader.ReadLine() is { } line)
        {
            if (line.Length == 0) continue;
            using var doc = JsonDocument.Parse(line);
            texts.Add(doc.RootElement.GetProperty("chosen").GetString()!);
            texts.Add(doc.RootElement.GetProperty("rejected").GetString()!);
        }
        return texts;
    }

    /// <summary>Every response of the ranked Chinese reviews, or null without ../shared.</summary>
    public static IReadOnlyList<string>? ChineseReviews()
    {
        var path = Path.Combine(RepoLayout.SharedData, "ranked-reviews", "sample.tsv");
        if (!File.Exists(path)) return null;
        return File.ReadLines(path).SelectMany(l => l.Split('\t')).Where(t => t.Length > 0).ToList();
    }

    public const string MissingSharedData = "needs ../shared/data (hh-rlhf and ranked-reviews) beside the repository; absent in a fresh clone";
}
