using System.Text.Json.Nodes;
using Xunit.Sdk;

namespace Halos.Templates.Tests.Parity;

/// <summary>The parity harness itself must be able to fail, and must report where outputs diverge.</summary>
public class ParityHarnessTests
{
    [Fact]
    public void A_divergent_render_fails_with_the_first_difference()
    {
        var cases = new[] { new ParityCase("greeting", "Hello {{ name }}!", new JsonObject { ["name"] = "Ada" }) };
        var failure = Assert.Throws<TrueException>(() => ParityAssert.Identical(cases, _ => "Hello Bob!"));
        Assert.Contains("[greeting] first difference at offset 6", failure.Message);
        Assert.Contains("expected: …Hello Ada!…", failure.Message);
    }

    [Fact]
    public void Reference_renderer_runs_and_matches()
    {
        var reference = JinjaReference.Render([new ParityCase("x", "{{ a ~ '-' ~ b | upper }}", new JsonObject { ["a"] = 1, ["b"] = "z" })]);
        Assert.Equal("1-Z", reference[0].Output);
    }
}
