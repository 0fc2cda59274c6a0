using System.Text.Json;
using Halos.Models.Architectures;
using Halos.Models.Checkpoints;
using Halos.Torch;
using Halos.Trainers.Tests.Support;

namespace Halos.Trainers.Tests;

/// <summary>
/// <c>halos score</c> through the real host on the transformers DeBERTa-v3 reward checkpoint, with a Unigram
/// tokenizer.json in DeBERTa-v3's pipeline (Metaspace, [CLS] $A [SEP]): a text row scores as its tokens do, and a
/// pre-tokenized row as given.
/// </summary>
public class DebertaScoreEndToEndTests
{
    [SkippableFact]
    public void ScoreRunsADebertaV3RewardModelWithItsUnigramTokenizer()
    {
        Skip.IfNot(HalosProcess.IsBuilt, $"the host is not built with its plugins ({HalosProcess.HostDll}); run dotnet build src/Halos.Host");
        var source = Path.GetFullPath(Path.Combine(TrainerRun.RepoRoot, "..", "shared", "fixtures", "hf-tiny-next", "deberta_v3_seqcls"));
        Skip.IfNot(Directory.Exists(source), "needs ../shared/fixtures/hf-tiny-next (transformers v4.45.1 reference checkpoints) beside the repository");
        using var folder = new TempFolder();
        var model = folder.Combine("model");
        Directory.CreateDirectory(model);
        foreach (var file in new[] { "config.json", "model.safetensors" }) File.Copy(Path.Combine(source, file), Path.Combine(model, file));
        // "the cat sat" is [CLS] ▁the ▁cat ▁sat [SEP] = 1 5 6 7 2.
        File.WriteAllText(Path.Combine(model, "tokenizer.json"), """
            {"version":"1.0","truncation":null,"padding":null,
             "added_tokens":[{"id":0,"content":"[PAD]","single_word":false,"lstrip":false,"rstrip":false,"normalized":false,"special":true},
                             {"id":1,"content":"[CLS]","single_word":false,"lstrip":false,"rstrip":false,"normalized":false,"special":true},
                             {"id":2,"content":"[SEP]","single_word":false,"lstrip":false,"rstrip":false,"normalized":false,"special":true},
                             {"id":3,"content":"[UNK]","single_word":false,"lstrip":false,"rstrip":false,"normalized":false,"special":true}],
             "normalizer":null,
             "pre_tokenizer":{"type":"Metaspace","replacement":"\u2581","prepend_scheme":"always","split":true},
             "post_processor":{"type":"TemplateProcessing","single":[{"SpecialToken":{"id":"[CLS]","type_id":0}},{"Sequence":{"id":"A","type_id":0}},{"SpecialToken":{"id":"[SEP]","type_id":0}}],
               "pair":null,"special_tokens":{"[CLS]":{"id":"[CLS]","ids":[1],"tokens":["[CLS]"]},"[SEP]":{"id":"[SEP]","ids":[2],"tokens":["[SEP]"]}}},
             "decoder":{"type":"Metaspace","replacement":"\u2581","prepend_scheme":"always","split":true},
             "model":{"type":"Unigram","unk_id":3,"byte_fallback":false,
               "vocab":[["[PAD]",0.0],["[CLS]",0.0],["[SEP]",0.0],["[UNK]",0.0],["\u2581",-3.0],["\u2581the",-1.0],["\u2581cat",-2.0],["\u2581sat",-2.0]]}}
            """);
        File.WriteAllLines(folder.Combine("rows.jsonl"), ["""{"text":"the cat sat"}""", """{"input_ids":[1,5,6,2]}"""]);

        var (code, output, error) = HalosProcess.Run(folder.Path, ["score", "--model", model, "--input", "rows.jsonl", "--quiet"]);
        Assert.True(code == 0, $"exit {code}\n{error}\n{output}");
        var scores = output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Where(l => l.StartsWith('{'))
            .Select(l => JsonDocument.Parse(l).RootElement.GetProperty("score").GetDouble()).ToList();

        using var scope = torch.NewDisposeScope();
        using var noGrad = torch.no_grad();
        using var reference = (SequenceClassifier)HfCheckpoint.Load(source);
        // A text row is encoded as training encodes a completion (the training encoder, its EOS included).
        var tokenizer = Halos.Data.Tokenization.HuggingFaceTokenizer.Load(model);
        var asTrained = new Halos.Data.Tokenization.ExampleEncoder(tokenizer, new Halos.Data.Tokenization.EncodingOptions { MaxLength = 1024 })
            .Encode(new Halos.Abstractions.Data.SftExample("row", Halos.Abstractions.Data.Prompt.FromText(""), "the cat sat"), out _)!.Sequences[0].Ids;
        Assert.Equal([1, 5, 6, 7, 2], asTrained);
        Assert.Equal(reference.forward(torch.tensor(asTrained.Select(i => (long)i).ToArray(), 1, asTrained.Length)).item<float>(), scores[0], 5);
        Assert.Equal(reference.forward(torch.tensor(new long[] { 1, 5, 6, 2 }, 1, 4)).item<float>(), scores[1], 5);
        Assert.NotEqual(scores[0], scores[1], 3);
    }
}
