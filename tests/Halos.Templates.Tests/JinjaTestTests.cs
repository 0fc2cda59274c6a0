namespace Halos.Templates.Tests;

/// <summary>The <c>is</c> tests.</summary>
public class JinjaTestTests
{
    const string Data = """{"m": {"role": "user", "content": null, "n": 4, "f": 1.5, "b": true, "xs": [1]}}""";

    [Theory]
    [InlineData("{{ m.role is defined }} {{ m.nope is defined }} {{ m.nope is undefined }} {{ m.nope.deeper.still is defined }}", "True False True False")]
    [InlineData("{{ m.content is none }} {{ m.role is not none }} {{ m.nope is none }}", "True True False")]
    [InlineData("{{ m.role is string }} {{ m.n is string }} {{ m.n is number }} {{ m.f is number }}", "True False True True")]
    [InlineData("{{ m.n is integer }} {{ m.f is integer }} {{ m.f is float }} {{ m.b is boolean }} {{ m.n is boolean }}", "True False True True False")]
    [InlineData("{{ m is mapping }} {{ m.xs is mapping }} {{ m.xs is iterable }} {{ m.role is iterable }} {{ m.n is iterable }} {{ m.xs is sequence }}", "True False True True False True")]
    [InlineData("{{ range is callable }} {{ m.role.upper is callable }} {{ m.role is callable }}", "True True False")]
    [InlineData("{{ m.b is true }} {{ m.b is false }} {{ 1 is true }} {{ false is false }}", "True False False True")]
    [InlineData("{{ m.n is even }} {{ m.n is odd }} {{ 9 is divisibleby 3 }} {{ 9 is divisibleby(4) }}", "True False True False")]
    [InlineData("{{ m.n is eq 4 }} {{ m.n is ne 4 }} {{ m.n is lt 5 }} {{ m.n is gt(5) }} {{ m.n is ge 4 }} {{ m.n is le 3 }}", "True False True False True False")]
    [InlineData("{{ m.n is in [1, 4] }} {{ 'x' is in 'abc' }} {{ m.role is equalto 'user' }} {{ none is sameas none }}", "True False True True")]
    [InlineData("{{ 'abc' is lower }} {{ 'ABC' is upper }} {{ 'yes' if m.nope is not defined else 'no' }}", "True True yes")]
    public void Tests(string template, string expected) => Assert.Equal(expected, Render.Text(template, Data));
}
