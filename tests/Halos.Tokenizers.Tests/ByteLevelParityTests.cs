namespace Halos.Tokenizers.Tests;

/// <summary>
/// Ids must equal those of @huggingface/tokenizers on real tokenizer files, line for line.
/// The built-in strings always run; the corpora need ../shared/data.
/// </summary>
public class ByteLevelParityTests
{
    public static TheoryData<string> Models => new() { "llama3", "qwen3", "gpt2" };

    [Theory]
    [MemberData(nameof(Models))]
    public void BuiltInStringsMatchReference(string model) => AssertParity(model, ParityCorpus.BuiltIn);

    [SkippableTheory]
    [MemberData(nameof(Models))]
    public void HhRlhfConversationsMatchReference(string model)
    {
        var texts = ParityCorpus.HhRlhf();
        Skip.If(texts is null, ParityCorpus.MissingSharedData);
        AssertParity(model, texts!);
    }

    [SkippableTheory]
    [MemberData(nameof(Models))]
    public void ChineseReviewsMatchReference(string model)
    {
        var texts = ParityCorpus.ChineseReviews();
        Skip.If(texts is null, ParityCorpus.MissingSharedData);
        AssertParity(model, texts!);
    }

    private static string[] ReferenceArgs(string model) => model switch
    {
        "llama3" => ReferenceTokenizer.ForFolder(RepoLayout.Llama3Folder),
        "qwen3" => ReferenceTokenizer.ForFolder(RepoLayout.Qwen3Folder),
        _ => ReferenceTokenizer.ForGpt2(),
    };

    private static void AssertParity(string model, IReadOnlyList<string> texts)
    {
        var tokenizer = LoadedTokenizers.ByName(model);
        var expected = ReferenceTokenizer.Encode(ReferenceArgs(model), texts);
        var actual = tokenizer.EncodeBatch(texts);
        for (var i = 0; i < texts.Count; i++)
        {
            if (expected[i].SequenceEqual(actual[i].Ids)) continue;
            Assert.Fail($"{model}: line {i} differs from @huggingface/tokenizers\ntext:      {System.Text.Json.JsonSerializer.Serialize(texts[i])}\n" +
                        $"reference: [{string.Join(",", expected[i])}]\nours:      [{string.Join(",", actual[i].Ids)}]");
        }
        Assert.True(expected.Sum(e => e.Length) > texts.Count, "the reference produced almost no tokens; the comparison would be vacuous");
    }
}
