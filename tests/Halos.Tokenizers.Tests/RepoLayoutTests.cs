namespace Halos.Tokenizers.Tests;

public class RepoLayoutTests
{
    [Fact]
    public void MissingFixtureFailsWithTheFix()
    {
        var error = Assert.Throws<FileNotFoundException>(() => RepoLayout.Fixture("@lenml/no-such-package/tokenizer.json"));
        Assert.Contains("run scripts/fixtures.sh", error.Message);
    }

    [Fact]
    public void RootHoldsTheSolution() => Assert.True(File.Exists(Path.Combine(RepoLayout.Root, "Halos.Plugins.sln")));
}
