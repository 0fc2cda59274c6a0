namespace Halos.Templates.Tests;

public class FilterTests
{
    const string Data = """
        {"users": [{"name": "bob", "age": 30, "admin": true}, {"name": "Al", "age": 25, "admin": false}, {"name": "cy", "age": 30, "admin": true}],
         "nums": [3, 1, 2, 3], "d": {"b": 2, "a": 1}, "s": "  Hello World  ", "tool": {"name": "f", "args": {"x": [1, 2.5, null, true]}, "text": "caf\u00e9 \"q\"\n"}}
        """;

    [Theory]
    [InlineData("{{ s | trim }}|{{ 'xxhixx' | trim('x') }}", "Hello World|hi")]
    [InlineData("{{ s | length }} {{ nums | count }} {{ d | length }}", "15 4 2")]
    [InlineData("{{ 'aBc' | upper }} {{ 'aBc' | lower }} {{ 'hello big-world' | title }} {{ 'hELLO' | capitalize }}", "ABC abc Hello Big-World Hello")]
    [InlineData("{{ missing | default('x') }} {{ '' | default('y') }} {{ '' | d('z', true) }} {{ none | default('n') }}", "x  z None")]
    [InlineData("{{ nums | join('-') }} {{ users | join(', ', attribute='name') }}", "3-1-2-3 bob, Al, cy")]
    [InlineData("{{ d | items | list }}", "[['b', 2], ['a', 1]]")]
    [InlineData("{{ nums | first }} {{ nums | last }} {{ 'abc' | first }} {{ [] | first is defined }}", "3 3 a False")]
    [InlineData("{{ 'ab' | list }} {{ 42 | string ~ '!' }}", "['a', 'b'] 42!")]
    [InlineData("{{ '42' | int + 1 }} {{ '3.9' | int }} {{ 'x' | int(7) }} {{ 2.7 | int }} {{ '1.5' | float }} {{ 2 | float }}", "43 3 7 2 1.5 2.0")]
    [InlineData("{{ -3 | abs }} {{ (-2.5) | abs }} {{ 2.567 | round(2) }} {{ 2.5 | round }} {{ 2.1 | round(0, 'ceil') }}", "3 2.5 2.57 2.0 3.0")]
    [InlineData("{{ 'a-b-c' | replace('-', '+') }} {{ '<b>&\\'' | e }} {{ '<i>' | safe }}", "a+b+c &lt;b&gt;&amp;&#39; <i>")]
    [InlineData("{{ users | map(attribute='name') | list }} {{ ['a', 'b'] | map('upper') | join }}", "['bob', 'Al', 'cy'] AB")]
    [InlineData("{{ users | selectattr('admin') | map(attribute='name') | join(',') }}", "bob,cy")]
    [InlineData("{{ users | rejectattr('age', 'equalto', 30) | map(attribute='name') | join }}", "Al")]
    [InlineData("{{ nums | select('odd') | list }} {{ nums | reject('odd') | list }} {{ nums | select('gt', 2) | list }}", "[3, 1, 3] [2] [3, 3]")]
    [InlineData("{{ nums | unique | list }} {{ nums | reverse | list }} {{ 'abc' | reverse }}", "[3, 1, 2] [3, 2, 1, 3] cba")]
    [InlineData("{{ nums | sort }} {{ nums | sort(reverse=true) }} {{ users | sort(attribute='name') | map(attribute='name') | join }}", "[1, 2, 3, 3] [3, 3, 2, 1] Albobcy")]
    [InlineData("{{ d | dictsort }} {{ d | dictsort(by='value', reverse=true) }}", "[['a', 1], ['b', 2]] [['b', 2], ['a', 1]]")]
    [InlineData("{{ 'a\\nb\\n\\nc' | indent(2) }}|{{ 'a\\nb' | indent(2, true) }}", "a\n  b\n\n  c|  a\n  b")]
    [InlineData("{{ 'one two  three' | wordcount }} {{ nums | batch(3) | list }} {{ nums | batch(3, 0) | last }}", "3 [[3, 1, 2], [3]] [3, 0, 0]")]
    [InlineData("{{ nums | max }} {{ nums | min }} {{ nums | sum }} {{ users | sum(attribute='age') }}", "3 1 9 85")]
    [InlineData("{{ '%s is %d years' | format('bob', 30) }} {{ '%05.1f' % 3.14159 }} {{ 'x=%r' % 'y' }}", "bob is 30 years 003.1 x='y'")]
    public void Filters(string template, string expected) => Assert.Equal(expected, Render.Text(template, Data));

    [Theory]
    [InlineData("{{ tool | tojson }}", """{"name": "f", "args": {"x": [1, 2.5, null, true]}, "text": "café \"q\"\n"}""")]
    [InlineData("{{ tool.args | tojson(indent=2) }}", "{\n  \"x\": [\n    1,\n    2.5,\n    null,\n    true\n  ]\n}")]
    [InlineData("{{ tool.text | tojson(ensure_ascii=true) }}", """ "caf\u00e9 \"q\"\n" """)]
    [InlineData("{{ {'b': 1, 'a': [], 'c': {}} | tojson(sort_keys=true) }}", """{"a": [], "b": 1, "c": {}}""")]
    [InlineData("{{ 1.0 | tojson }} {{ none | tojson }} {{ missing | tojson }}", "1.0 null null")]
    public void Tojson_matches_python_json_dumps(string template, string expected) =>
        Assert.Equal(expected.Trim(), Render.Text(template, Data));
}
