using Halos.Models.Generation;
using Halos.Torch;

namespace Halos.Models.Tests;

public class GenerationTests
{
    public static TheoryData<string> CausalNames() => new(TinyModels.CausalNames);

    private static readonly long[][] Prompts = [[5, 17, 33, 8, 60, 12, 44], [9, 71], [23, 23, 40, 7]];

    [Theory]
    [MemberData(nameof(CausalNames))]
    public void CachedGreedyDecodingEqualsUncached(string name)
    {
        using var model = TinyModels.Causal(name);
        var options = new GenerationOptions { MaxNewTokens = 12 };
        var cached = TextGenerator.Generate(model, Prompts, options);
        var uncached = TextGenerator.Generate(model, Prompts, options with { UseCache = false });
        Assert.All(cached, row => Assert.Equal(12, row.Length));
        Assert.Equal(uncached, cached);
    }

    [Theory]
    [MemberData(nameof(CausalNames))]
    public void BatchedLeftPaddedGenerationEqualsOneByOne(string name)
    {
        using var model = TinyModels.Causal(name);
        var options = new GenerationOptions { MaxNewTokens = 10 };
        var batched = TextGenerator.Generate(model, Prompts, options);
        for (var i = 0; i < Prompts.Length; i++)
            Assert.Equal(TextGenerator.Generate(model, [Prompts[i]], options)[0], batched[i]);
    }

    [Fact]
    public void GreedyPicksTheArgmaxOfAFullForward()
    {
        using var scope = torch.NewDisposeScope();
        using var model = TinyModels.Causal("llama_gqa");
        var generated = TextGenerator.Generate(model, [Prompts[0]], new GenerationOptions { MaxNewTokens = 3 })[0];
        var sequence = Prompts[0].Concat(generated).ToArray();
        using var noGrad = torch.no_grad();
        var argmax = model.forward(torch.tensor(sequence, 1, sequence.Length)).argmax(-1).data<long>();
        for (var k = 0; k < 3; k++) Assert.Equal(argmax[Prompts[0].Length - 1 + k], generated[k]);
    }

    [Fact]
    public void StopTokensEndARowAndArePartOfItsOutput()
    {
        using var model = TinyModels.Causal("qwen2");
        var free = TextGenerator.Generate(model, Prompts, new GenerationOptions { MaxNewTokens = 8 });
        var stop = free[0][2];
        var stopped = TextGenerator.Generate(model, Prompts, new GenerationOptions { MaxNewTokens = 8, StopTokens = [stop] });
        var cut = Array.IndexOf(free[0], stop) + 1;
        Assert.Equal(free[0].Take(cut), stopped[0]);
        for (var i = 1; i < Prompts.Length; i++)
        {
            var end = Array.IndexOf(free[i], stop);
            Assert.Equal(end < 0 ? free[i] : free[i].Take(end + 1), stopped[i]);
        }
    }

    [Fact]
    public void SamplingIsSeededAndTopKOneIsGreedy()
    {
        using var model = TinyModels.Causal("gpt2");
        var sample = new GenerationOptions { MaxNewTokens = 10, DoSample = true, Temperature = 1.5, Seed = 3 };
        var a = TextGenerator.Generate(model, Prompts, sample);
        Assert.Equal(a, TextGenerator.Generate(model, Prompts, sample));
        Assert.NotEqual(a, TextGenerator.Generate(model, Prompts, sample with { Seed = 4 }));
        var greedy = TextGenerator.Generate(model, Prompts, new GenerationOptions { MaxNewTokens = 10 });
        Assert.Equal(greedy, TextGenerator.Generate(model, Prompts, sample with { TopK = 1 }));
        Assert.Equal(greedy, TextGenerator.Generate(model, Prompts, sample with { TopP = 1e-6 }));
    }

    [Fact]
    public void TopKAndTopPKeepOnlyTheirTokens()
    {
        using var scope = torch.NewDisposeScope();
        // Probabilities 0.5, 0.3, 0.15, 0.05: top_p 0.7 keeps the first two, top_k 3 the first three.
        var logits = torch.tensor(new[] { 0.5f, 0.3f, 0.15f, 0.05f }, 1, 4).log();
        torch.manual_seed(1);
        var nucleus = Enumerable.Range(0, 400).Select(_ => TokenSampler.Next(logits, new GenerationOptions { DoSample = true, TopP = 0.7 })[0]).ToList();
        Assert.Equal([0L, 1L], nucleus.Distinct().Order());
        Assert.InRange(nucleus.Count(t => t == 0) / 400.0, 0.5 / 0.8 - 0.08, 0.5 / 0.8 + 0.08);
        var topK = Enumerable.Range(0, 400).Select(_ => TokenSampler.Next(logits, new GenerationOptions { DoSample = true, TopK = 3 })[0]).ToList();
        Assert.Equal([0L, 1L, 2L], topK.Distinct().Order());
    }

    [Fact]
    public void BadOptionsAreRefused()
    {
        using var model = TinyModels.Causal("gpt2");
        Assert.Throws<ArgumentOutOfRangeException>(() => TextGenerator.Generate(model, Prompts, new GenerationOptions { Temperature = 0 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => TextGenerator.Generate(model, Prompts, new GenerationOptions { TopP = 1.5 }));
        Assert.Throws<ArgumentException>(() => TextGenerator.Generate(model, [Array.Empty<long>()], new GenerationOptions()));
    }
}
