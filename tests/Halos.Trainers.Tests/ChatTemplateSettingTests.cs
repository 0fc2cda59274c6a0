using System.Text.Json;
using Halos.Abstractions.Losses;
using Halos.Data.Formats;
using Halos.Data.Loading;
using Halos.Data.Tokenization;
using Halos.Templates.Chat;
using Halos.Trainers.Tests.Support;

namespace Halos.Trainers.Tests;

/// <summary><c>Data:ChatTemplate</c>: HH's conversations train on the tiny model, which has no chat template, once <c>plain</c> supplies one.</summary>
public class ChatTemplateSettingTests
{
    private static IReadOnlyList<Abstractions.Data.Example> HhRows(string folder)
    {
        var path = Path.Combine(folder, "hh.jsonl");
        File.WriteAllLines(path, Enumerable.Range(0, 16).Select(i =>
        {
            var letter = (char)('a' + i % 8);
            var prompt = $"\n\nHuman: copy {letter}";
            return JsonSerializer.Serialize(new { chosen = $"{prompt}\n\nAssistant: {letter}{letter}{letter}", rejected = $"{prompt}\n\nAssistant: hhh" });
        }));
        return DataReader.ReadAll(new HhRlhfFormat(), new DataReadRequest { Path = path, Kind = DataKind.Paired }, out _);
    }

    /// <summary>Removes <c>chat_template</c> from a model folder's tokenizer_config.json, as many base models ship.</summary>
    private static void WithoutChatTemplate(string folder)
    {
        var path = Path.Combine(folder, "tokenizer_config.json");
        var config = System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(path))!.AsObject();
        Assert.True(config.Remove("chat_template"));
        File.WriteAllText(path, config.ToJsonString());
    }

    [Fact]
    public void ThePlainTemplate_RendersTurnsAsHhText()
    {
        var template = ChatTemplateChoice.Resolve("plain", ".");
        var text = template.Render([new ChatMessage("user", "hi"), new ChatMessage("assistant", "hello")], new ChatTemplateOptions());
        Assert.Equal("\n\nHuman: hi\n\nAssistant: hello", text);
        Assert.Equal("\n\nHuman: hi\n\nAssistant:", template.Render([new ChatMessage("user", "hi")], new ChatTemplateOptions { AddGenerationPrompt = true }));
        var chatml = ChatTemplateChoice.Resolve("chatml", ".").Render([new ChatMessage("user", "hi")], new ChatTemplateOptions { AddGenerationPrompt = true });
        Assert.Equal("<|im_start|>user\nhi<|im_end|>\n<|im_start|>assistant\n", chatml);
        var error = Assert.Throws<FileNotFoundException>(() => ChatTemplateChoice.Resolve("chatlm", "."));
        Assert.Contains("Data:ChatTemplate: 'chatlm' is neither a built-in template (plain, chatml) nor a file", error.Message);
    }

    [Fact]
    public void HhTrainsOnAModelWithoutATemplate_OnlyWithDataChatTemplatePlain()
    {
        using var folder = new TempFolder();
        var rows = HhRows(folder.Path);
        using var without = new TrainerRun("dpo", rows);
        without.Settings["Training:MaxSteps"] = "2";
        WithoutChatTemplate(without.Settings["Model:Checkpoint"]!);
        var error = Assert.ThrowsAny<Exception>(() => without.Run());
        Assert.Contains("no chat template", error.ToString());

        using var plain = new TrainerRun("dpo", rows);
        WithoutChatTemplate(plain.Settings["Model:Checkpoint"]!);
        plain.Settings["Training:MaxSteps"] = "3";
        plain.Settings["Training:BatchSize"] = "4";
        plain.Settings["Data:ChatTemplate"] = "plain";
        plain.Run();
        Assert.Equal(Math.Log(2), plain.Sink.Train("loss").First(), 4);  // the policy starts equal to its reference
        Assert.Equal(3, plain.Sink.Train("loss").Count());
    }
}
