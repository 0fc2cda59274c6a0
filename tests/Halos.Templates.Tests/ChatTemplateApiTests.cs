using Halos.Templates.Chat;

namespace Halos.Templates.Tests;

public class ChatTemplateApiTests
{
    const string Config = """
        {
          "bos_token": {"content": "<s>", "lstrip": false},
          "eos_token": "</s>",
          "unk_token": null,
          "chat_template": [
            {"name": "default", "template": "{{ bos_token }}{% for m in messages %}<{{ m.role }}>{{ m.content }}</{{ m.role }}>{% endfor %}{% if add_generation_prompt %}<assistant>{% endif %}"},
            {"name": "tool_use", "template": "{{ tools | length }} tools, {{ documents is none }}, {{ unk_token is defined }}, {{ extra }}"}
          ]
        }
        """;

    [Fact]
    public void Picks_default_from_a_named_list_and_reads_added_token_objects()
    {
        var template = ChatTemplate.FromTokenizerConfig(Config);
        Assert.Equal("default", template.Name);
        Assert.Equal("<s>", template.SpecialTokens["bos_token"]);
        Assert.Equal("<s><user>hi</user><assistant>",
            template.Render([ChatMessage.User("hi")], new ChatTemplateOptions { AddGenerationPrompt = true }));
    }

    [Fact]
    public void Picks_a_template_by_name_and_passes_tools_documents_and_kwargs()
    {
        var template = ChatTemplate.FromTokenizerConfig(Config, "tool_use");
        var options = new ChatTemplateOptions
        {
            Tools = [new Dictionary<string, object?> { ["name"] = "a" }, new Dictionary<string, object?> { ["name"] = "b" }],
            Variables = new Dictionary<string, object?> { ["extra"] = 7 },
        };
        Assert.Equal("2 tools, True, False, 7", template.Render([ChatMessage.User("x")], options));
    }

    [Fact]
    public void Unknown_template_name_lists_the_available_ones()
    {
        var error = Assert.Throws<ArgumentException>(() => ChatTemplate.FromTokenizerConfig(Config, "rag"));
        Assert.Contains("no chat template named 'rag' (available: default, tool_use)", error.Message);
    }

    [Fact]
    public void Spans_locate_each_message()
    {
        var template = ChatTemplate.FromTokenizerConfig(Config);
        ChatMessage[] messages = [ChatMessage.System("s"), ChatMessage.User("q"), ChatMessage.Assistant("answer")];
        var rendered = template.RenderWithSpans(messages, new ChatTemplateOptions { AddGenerationPrompt = false });
        Assert.Equal("<s><system>s</system><user>q</user><assistant>answer</assistant>", rendered.Text);
        Assert.NotNull(rendered.Spans);
        Assert.Equal(
            [new MessageSpan(0, "system", 0, 21), new MessageSpan(1, "user", 21, 35), new MessageSpan(2, "assistant", 35, 64)],
            rendered.Spans);
        Assert.Equal("<assistant>answer</assistant>", rendered.Text[35..64]);
    }

    [Fact]
    public void Content_parts_and_null_content_reach_the_template()
    {
        var template = new ChatTemplate("{% for m in messages %}{{ m.content is none }}/{{ m.content[0].text if m.content is not none and m.content is not string else m.content }};{% endfor %}");
        var parts = new List<object?> { new Dictionary<string, object?> { ["type"] = "text", ["text"] = "look" } };
        Assert.Equal("False/look;True/None;False/plain;",
            template.Render([ChatMessage.User(parts), ChatMessage.Assistant(null), ChatMessage.User("plain")]));
    }

    [Fact]
    public void Missing_chat_template_is_an_argument_error()
    {
        var error = Assert.Throws<ArgumentException>(() => ChatTemplate.FromTokenizerConfig("""{"eos_token": "x"}"""));
        Assert.Contains("has no 'chat_template'", error.Message);
    }
}
