using System.Text.Json;

namespace Halos.Tokenizers.Json;

/// <summary>Reads a whole tokenizer.json into the components a <see cref="Tokenizer"/> runs.</summary>
internal static class TokenizerJsonReader
{
    public static Tokenizer Read(string json, string source, TokenizerConfig config)
    {
        var doc = TokenizerJsonText.Parse(json, source);
        using (doc)
        {
            var root = new JsonSection(doc.RootElement, source, "$");
            if (doc.RootElement.ValueKind != JsonValueKind.Object) throw root.Error("expected a JSON object");
            // "truncation" and "padding" are not read: batch shaping belongs to the training loop,
            // and neither changes the ids of a text.
            var normalizer = NormalizerReader.Read(root.Child("normalizer"));
            var preTokenizer = PreTokenizerReader.Read(root.Child("pre_tokenizer"));
            var model = ModelReader.Read(root.RequiredChild("model"));
            var added = root.Items("added_tokens").Select(ReadAddedToken).ToArray();
            var addedIds = added.Select(a => a.Id).ToHashSet();
            var postProcessor = PostProcessorReader.Read(root.Child("post_processor"), id => addedIds.Contains(id) || model.IdToToken(id) is not null);
            var decoder = DecoderReader.Read(root.Child("decoder"));
            return new Tokenizer(normalizer, preTokenizer, model, postProcessor, decoder, added, config, source);
        }
    }

    private static AddedToken ReadAddedToken(JsonSection t)
    {
        var special = t.Bool("special", false);
        var content = t.RequiredString("content");
        if (content.Length == 0) throw t.Child("content").Error("expected the token's text, found an empty string");
        return new AddedToken(
            content,
            t.RequiredChild("id").TokenIdValue(),
            special,
            t.Bool("lstrip", false),
            t.Bool("rstrip", false),
            t.Bool("single_word", false),
            t.Bool("normalized", !special));
    }
}
