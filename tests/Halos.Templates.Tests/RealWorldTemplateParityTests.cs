using System.Text.Json.Nodes;
using Halos.Templates.Tests.Parity;

namespace Halos.Templates.Tests;

/// <summary>
/// Common chat-template families, written here from their published behaviour, rendered with the
/// C# interpreter and @huggingface/jinja and required to match byte for byte.
/// </summary>
public class RealWorldTemplateParityTests
{
    const string ChatMl =
        "{% for message in messages %}{{ '<|im_start|>' + message['role'] + '\\n' + message['content'] + '<|im_end|>' + '\\n' }}{% endfor %}" +
        "{% if add_generation_prompt %}{{ '<|im_start|>assistant\\n' }}{% endif %}";

    /// <summary>Llama 2: system prompt folded into the first [INST], alternation enforced with raise_exception.</summary>
    public const string Llama2 = """
        {% if messages[0]['role'] == 'system' %}
            {% set loop_messages = messages[1:] %}
            {% set system_message = messages[0]['content'] %}
        {% else %}
            {% set loop_messages = messages %}
            {% set system_message = false %}
        {% endif %}
        {% for message in loop_messages %}
            {% if (message['role'] == 'user') != (loop.index0 % 2 == 0) %}
                {{ raise_exception('Conversation roles must alternate user/assistant/user/assistant/...') }}
            {% endif %}
            {% if loop.index0 == 0 and system_message != false %}
                {% set content = '<<SYS>>\n' + system_message + '\n<</SYS>>\n\n' + message['content'] %}
            {% else %}
                {% set content = message['content'] %}
            {% endif %}
            {% if message['role'] == 'user' %}
                {{ bos_token + '[INST] ' + content.strip() + ' [/INST]' }}
            {% elif message['role'] == 'assistant' %}
                {{ ' ' + content.strip() + ' ' + eos_token }}
            {% endif %}
        {% endfor %}
        """;

    /// <summary>Mistral instruct: indented {%- -%} style, system prompt prepended to the last user turn.</summary>
    const string Mistral = """
        {%- if messages[0]['role'] == 'system' %}
            {%- set system_message = messages[0]['content'] %}
            {%- set loop_messages = messages[1:] %}
        {%- else %}
            {%- set loop_messages = messages %}
        {%- endif %}

        {{- bos_token }}
        {%- for message in loop_messages %}
            {%- if (message['role'] == 'user') != (loop.index0 % 2 == 0) %}
                {{- raise_exception('After the optional system message, roles must alternate user/assistant') }}
            {%- endif %}
            {%- if message['role'] == 'user' %}
                {%- if loop.last and system_message is defined %}
                    {{- '[INST] ' + system_message + '\n\n' + message['content'] + '[/INST]' }}
                {%- else %}
                    {{- '[INST] ' + message['content'] + '[/INST]' }}
                {%- endif %}
            {%- elif message['role'] == 'assistant' %}
                {{- ' ' + message['content']|trim + eos_token }}
            {%- else %}
                {{- raise_exception('Only user and assistant roles are supported') }}
            {%- endif %}
        {%- endfor %}
        """;

    /// <summary>Gemma: assistant renamed to model, content trimmed, no system role.</summary>
    public const string Gemma =
        "{{ bos_token }}{% if messages[0]['role'] == 'system' %}{{ raise_exception('System role not supported') }}{% endif %}" +
        "{% for message in messages %}{% if (message['role'] == 'user') != (loop.index0 % 2 == 0) %}" +
        "{{ raise_exception('Conversation roles must alternate user/assistant/user/assistant/...') }}{% endif %}" +
        "{% if (message['role'] == 'assistant') %}{% set role = 'model' %}{% else %}{% set role = message['role'] %}{% endif %}" +
        "{{ '<start_of_turn>' + role + '\n' + message['content'] | trim + '<end_of_turn>\n' }}{% endfor %}" +
        "{% if add_generation_prompt %}{{'<start_of_turn>model\n'}}{% endif %}";

    /// <summary>Vision-style: content is either a string or a list of typed parts.</summary>
    const string Multimodal = """
        {%- for message in messages %}
            {{- '<|' + message.role + '|>\n' }}
            {%- if message.content is string %}
                {{- message.content }}
            {%- else %}
                {%- for part in message.content %}
                    {%- if part.type == 'text' %}
                        {{- part.text }}
                    {%- elif part.type == 'image' %}
                        {{- '<image>' }}
                    {%- endif %}
                {%- endfor %}
            {%- endif %}
            {{- '\n' }}
        {%- endfor %}
        {%- if add_generation_prompt %}{{ '<|assistant|>\n' }}{% endif %}
        """;

    /// <summary>Llama 3.1-style tool prompt: tojson(indent), selectattr, macros, namespace, loop.last.</summary>
    const string ToolPrompt = """
        {%- macro render_tool(tool, prefix='') -%}
        {{ prefix }}{{ tool.function.name }}: {{ tool | tojson(indent=4) }}
        {%- endmacro -%}
        {%- set ns = namespace(system='', count=0) %}
        {%- for m in messages | selectattr('role', 'equalto', 'system') %}
            {%- set ns.system = ns.system ~ m.content | trim %}
        {%- endfor %}
        {{- bos_token }}
        {%- if ns.system %}{{ '[SYS]' ~ ns.system ~ '[/SYS]\n' }}{% endif %}
        {%- if tools is not none %}
            {{- 'Tools (' ~ tools | length ~ '):\n' }}
            {%- for tool in tools %}
                {{- render_tool(tool, prefix=loop.index ~ '. ') }}
                {%- if not loop.last %}{{ '\n' }}{% endif %}
            {%- endfor %}
            {{- '\n' }}
        {%- endif %}
        {%- for m in messages if m.role != 'system' %}
            {%- set ns.count = ns.count + 1 %}
            {%- if m.tool_calls is defined and m.tool_calls %}
                {%- for call in m.tool_calls %}
                    {{- '<call>' ~ call.function.name ~ ' ' ~ call.function.arguments | tojson ~ '</call>' }}
                {%- endfor %}
            {%- else %}
                {{- m.role | upper ~ ': ' ~ m.content }}
            {%- endif %}
            {{- '\n' if not loop.last else '' }}
        {%- endfor %}
        {{- '\n#' ~ ns.count ~ ' ' ~ (messages | map(attribute='role') | unique | join(',')) }}
        """;

    static readonly JsonObject Tokens = new() { ["bos_token"] = "<s>", ["eos_token"] = "</s>" };

    static ParityCase Case(string name, string template, string messages, bool prompt = true, JsonObject? extra = null)
    {
        var variables = new JsonObject
        {
            ["messages"] = JsonNode.Parse(messages),
            ["add_generation_prompt"] = prompt,
            ["bos_token"] = "<s>",
            ["eos_token"] = "</s>",
        };
        if (extra is not null)
            foreach (var (key, value) in extra) variables[key] = value?.DeepClone();
        return new ParityCase(name, template, variables);
    }

    const string Conversation = """
        [{"role": "system", "content": "You are terse."},
         {"role": "user", "content": " Hello \n"},
         {"role": "assistant", "content": "Hi."},
         {"role": "user", "content": "Bye"}]
        """;

    const string NoSystem = """
        [{"role": "user", "content": "Hello"}, {"role": "assistant", "content": "  Hi!  "}, {"role": "user", "content": "Name three colours."}]
        """;

    [Fact]
    public void ChatMl_matches_reference() => ParityAssert.Identical(
    [
        Case("with system", ChatMl, Conversation),
        Case("no prompt", ChatMl, NoSystem, prompt: false),
    ]);

    [Fact]
    public void Llama2_matches_reference() => ParityAssert.Identical(
    [
        Case("with system", Llama2, Conversation),
        Case("no system", Llama2, NoSystem, prompt: false),
    ]);

    [Fact]
    public void Mistral_matches_reference() => ParityAssert.Identical(
    [
        Case("with system", Mistral, Conversation),
        Case("no system", Mistral, NoSystem),
    ]);

    [Fact]
    public void Gemma_matches_reference() => ParityAssert.Identical(
    [
        Case("no system", Gemma, NoSystem),
        Case("no system, no prompt", Gemma, NoSystem, prompt: false),
    ]);

    [Fact]
    public void Multimodal_parts_match_reference() => ParityAssert.Identical(
    [
        Case("parts", Multimodal, """
            [{"role": "user", "content": [{"type": "image"}, {"type": "text", "text": "What is this?"}]},
             {"role": "assistant", "content": "A cat."}]
            """),
    ]);

    [Fact]
    public void Tool_prompt_matches_reference() => ParityAssert.Identical(
    [
        Case("tools", ToolPrompt, """
            [{"role": "system", "content": " Use tools. "},
             {"role": "user", "content": "Weather?"},
             {"role": "assistant", "content": null, "tool_calls": [{"function": {"name": "weather", "arguments": {"city": "Oslo", "units": ["c", "f"]}}}]},
             {"role": "tool", "content": "cold"}]
            """, extra: new JsonObject
        {
            ["tools"] = JsonNode.Parse("""
                [{"type": "function", "function": {"name": "weather", "description": "Weather by city",
                  "parameters": {"type": "object", "properties": {"city": {"type": "string"}}, "required": ["city"]}}}]
                """),
        }),
        Case("no tools", ToolPrompt, NoSystem, extra: new JsonObject { ["tools"] = null }),
    ]);
}
