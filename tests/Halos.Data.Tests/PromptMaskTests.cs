using Halos.Abstractions.Data;
using Halos.Abstractions.Losses;
using Halos.Data.Tests.Support;
using Halos.Data.Tokenization;
using static Halos.Data.Tests.Support.TestPaths;

namespace Halos.Data.Tests;

/// <summary>The prompt mask under real chat templates, checked against the literal rendered text.</summary>
public class PromptMaskTests
{
    private static (string Prompt, string Completion) Split(HuggingFaceTokenizer tokenizer, TokenSequence sequence) =>
        (tokenizer.Decode(sequence.PromptIds.ToArray()), tokenizer.Decode(sequence.CompletionIds.ToArray()));

    [Fact]
    public void Qwen3MasksThePromptAndGenerationHeaderAndTrainsTheEndOfTurn()
    {
        var pair = Read.All("trl-preference", Fixture("trl-preference-conversational.json"), DataKind.Paired)[0];
        var encoded = new ExampleEncoder(Qwen3, new EncodingOptions()).Encode(pair, out _)!;
        var (prompt, chosen) = Split(Qwen3, encoded.Sequences[0]);
        Assert.Equal("<|im_start|>user\nWhat color is the sky?<|im_end|>\n<|im_start|>assistant\n", prompt);
        Assert.Equal("<think>\n\n</think>\n\nIt is blue.<|im_end|>\n", chosen);
        Assert.Equal("<think>\n\n</think>\n\nIt is green.<|im_end|>\n", Split(Qwen3, encoded.Sequences[1]).Completion);
        // The masked part is exactly the tokens of the rendered prompt; <|im_end|> (151645) is trained.
        Assert.Equal(Qwen3.Encode(prompt, addSpecialTokens: false), encoded.Sequences[0].PromptIds.ToArray());
        Assert.Equal(151644, encoded.Sequences[0].Ids[0]); // <|im_start|>
        Assert.Contains(151645, encoded.Sequences[0].CompletionIds.ToArray());
        Assert.Equal(encoded.Sequences[0].PromptIds.ToArray(), encoded.Sequences[1].PromptIds.ToArray());
    }

    [Fact]
    public void Qwen3MultiTurnImplicitPromptMasksEveryEarlierTurn()
    {
        var pair = Read.All("trl-preference", Fixture("trl-preference-conversational.json"), DataKind.Paired)[1];
        var encoded = new ExampleEncoder(Qwen3, new EncodingOptions()).Encode(pair, out _)!;
        var (prompt, chosen) = Split(Qwen3, encoded.Sequences[0]);
        Assert.Equal("<|im_start|>user\nHi<|im_end|>\n<|im_start|>assistant\nHello!<|im_end|>\n<|im_start|>user\n2+2?<|im_end|>\n<|im_start|>assistant\n", prompt);
        Assert.Equal("<think>\n\n</think>\n\n4<|im_end|>\n", chosen);
    }

    [Fact]
    public void Llama3MasksThePromptAndKeepsEotButNotTheHeaderItsTemplateAlwaysAppends()
    {
        var pair = Read.All("trl-preference", Fixture("trl-preference-conversational.json"), DataKind.Paired)[0];
        var encoded = new ExampleEncoder(Llama3, new EncodingOptions()).Encode(pair, out _)!;
        var (prompt, chosen) = Split(Llama3, encoded.Sequences[0]);
        Assert.Equal("<|begin_of_text|><|start_header_id|>user<|end_header_id|>\n\nWhat color is the sky?<|eot_id|><|start_header_id|>assistant<|end_header_id|>\n\n", prompt);
        Assert.Equal("It is blue.<|eot_id|>", chosen);
        Assert.Equal(128000, encoded.Sequences[0].Ids[0]); // BOS once, from the template
        Assert.Equal(128009, encoded.Sequences[0].Ids[^1]); // <|eot_id|>
        Assert.Equal(1, encoded.Sequences[0].Ids.Count(id => id == 128000));
    }

    [Fact]
    public void Llama3KeepsEotWhenTheResponseEndsLikeThePrompt()
    {
        // Prompt and response both end in '?', the case where a plain common-suffix cut would eat the EOT.
        var pair = new PairedExample("x", Prompt.FromMessages([new ChatMessage("user", "Why?")]), "Why not?", "No.");
        var encoded = new ExampleEncoder(Llama3, new EncodingOptions()).Encode(pair, out _)!;
        Assert.Equal("Why not?<|eot_id|>", Split(Llama3, encoded.Sequences[0]).Completion);
    }

    [Fact]
    public void StandardTextGetsBosOnThePromptAndEosAfterTheCompletion()
    {
        var pair = Read.All("trl-preference", Fixture("trl-preference-standard.jsonl"), DataKind.Paired)[0];
        var encoded = new ExampleEncoder(Llama3, new EncodingOptions()).Encode(pair, out _)!;
        var (prompt, chosen) = Split(Llama3, encoded.Sequences[0]);
        Assert.Equal(("<|begin_of_text|>The sky is", " blue.<|end_of_text|>"), (prompt, chosen));
    }

    [Fact]
    public void SftMessagesUnderQwen3KeepTheSystemTurnInThePrompt()
    {
        var row = Read.All("sft", Fixture("sft.jsonl"), DataKind.Sft)[1];
        var encoded = new ExampleEncoder(Qwen3, new EncodingOptions()).Encode(row, out _)!;
        var (prompt, completion) = Split(Qwen3, encoded.Sequences[0]);
        Assert.Equal("<|im_start|>system\nBe brief.<|im_end|>\n<|im_start|>user\nHi<|im_end|>\n<|im_start|>assistant\n", prompt);
        Assert.Equal("<think>\n\n</think>\n\nHello.<|im_end|>\n", completion);
    }

    [Fact]
    public void ConversationalDataWithoutAChatTemplateIsAnErrorNamingTheRow()
    {
        var noTemplate = new HuggingFaceTokenizer(Qwen3.Inner, template: null);
        var pair = Read.All("trl-preference", Fixture("trl-preference-conversational.json"), DataKind.Paired)[0];
        var e = Assert.Throws<DataFormatException>(() => new ExampleEncoder(noTemplate, new EncodingOptions()).Encode(pair, out _));
        Assert.StartsWith("trl-preference-conversational.json:2: the chat template failed", e.Message);
        Assert.Contains("no chat template", e.Message);
    }
}
