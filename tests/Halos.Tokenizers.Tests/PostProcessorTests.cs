using System.Text.Json.Nodes;
using static Halos.Tokenizers.Tests.TokenizerJsonBuilder;

namespace Halos.Tokenizers.Tests;

/// <summary>Special tokens added around sequences by the post-processors.</summary>
public class PostProcessorTests
{
    private static JsonObject CharModel() => new() { ["type"] = "BPE", ["vocab"] = Vocab("<s>", "</s>", "a", "b", "<|bos|>"), ["merges"] = new JsonArray() };

    private static JsonObject Bos() => Type("TemplateProcessing",
        ("single", new JsonArray(new JsonObject { ["SpecialToken"] = new JsonObject { ["id"] = "<|bos|>", ["type_id"] = 0 } },
                                 new JsonObject { ["Sequence"] = new JsonObject { ["id"] = "A", ["type_id"] = 0 } })),
        ("pair", new JsonArray(new JsonObject { ["SpecialToken"] = new JsonObject { ["id"] = "<|bos|>", ["type_id"] = 0 } },
                               new JsonObject { ["Sequence"] = new JsonObject { ["id"] = "A", ["type_id"] = 0 } },
                               new JsonObject { ["SpecialToken"] = new JsonObject { ["id"] = "<|bos|>", ["type_id"] = 1 } },
                               new JsonObject { ["Sequence"] = new JsonObject { ["id"] = "B", ["type_id"] = 1 } })),
        ("special_tokens", new JsonObject { ["<|bos|>"] = new JsonObject { ["id"] = "<|bos|>", ["ids"] = new JsonArray(4), ["tokens"] = new JsonArray("<|bos|>") } }));

    [Fact]
    public void TemplateProcessingPlacesSpecialTokensAndTypeIds()
    {
        var tokenizer = Build(Document(CharModel(), postProcessor: Bos()));
        var pair = tokenizer.Encode("ab", "ba");
        Assert.Equal([4, 2, 3, 4, 3, 2], pair.Ids);
        Assert.Equal([0, 0, 0, 1, 1, 1], pair.TypeIds);
        Assert.Equal([2, 3], tokenizer.EncodeToIds("ab", addSpecialTokens: false));
    }

    [Fact]
    public void RobertaWrapsPairsWithDoubleSeparator()
    {
        var roberta = Type("RobertaProcessing", ("sep", new JsonArray("</s>", 1)), ("cls", new JsonArray("<s>", 0)), ("trim_offsets", true), ("add_prefix_space", false));
        Assert.Equal([0, 2, 1, 1, 3, 1], Build(Document(CharModel(), postProcessor: roberta)).Encode("a", "b").Ids);
    }

    [Fact]
    public void Llama3StyleSequenceAddsBosAfterByteLevel()
    {
        // The Hub's Llama 3 tokenizer.json chains ByteLevel offset trimming with a BOS template.
        var json = JsonNode.Parse(File.ReadAllText(Path.Combine(RepoLayout.Llama3Folder, "tokenizer.json")))!.AsObject();
        json["post_processor"] = Type("Sequence", ("processors", new JsonArray(
            Type("ByteLevel", ("add_prefix_space", true), ("trim_offsets", false), ("use_regex", true)),
            Type("TemplateProcessing",
                ("single", new JsonArray(new JsonObject { ["SpecialToken"] = new JsonObject { ["id"] = "<|begin_of_text|>", ["type_id"] = 0 } },
                                         new JsonObject { ["Sequence"] = new JsonObject { ["id"] = "A", ["type_id"] = 0 } })),
                ("pair", new JsonArray(new JsonObject { ["Sequence"] = new JsonObject { ["id"] = "A", ["type_id"] = 0 } },
                                       new JsonObject { ["Sequence"] = new JsonObject { ["id"] = "B", ["type_id"] = 1 } })),
                ("special_tokens", new JsonObject { ["<|begin_of_text|>"] = new JsonObject { ["id"] = "<|begin_of_text|>", ["ids"] = new JsonArray(128000), ["tokens"] = new JsonArray("<|begin_of_text|>") } })))));
        var tokenizer = Build(json);
        Assert.Equal([128000, 9906, 1917], tokenizer.EncodeToIds("Hello world"));
        Assert.Equal([9906, 1917], tokenizer.EncodeToIds("Hello world", addSpecialTokens: false));
        Assert.Equal("Hello world", tokenizer.Decode([128000, 9906, 1917], skipSpecialTokens: true));
    }
}
