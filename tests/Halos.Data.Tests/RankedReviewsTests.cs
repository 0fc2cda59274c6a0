using Halos.Abstractions.Data;
using Halos.Abstractions.Losses;
using Halos.Data.Tests.Support;
using static Halos.Data.Tests.Support.TestPaths;

namespace Halos.Data.Tests;

public class RankedReviewsTests
{
    [SkippableFact]
    public void SampleYields1000ListsOf4()
    {
        var path = SharedFile("data/ranked-reviews/sample.tsv");
        Skip.IfNot(File.Exists(path), $"uses ../shared/data: {path} is not present beside this clone");
        var lists = Read.All("ranked-tsv", path, DataKind.Ranked).Cast<RankedExample>().ToList();
        Assert.Equal(1000, lists.Count);
        Assert.All(lists, l => Assert.Equal(4, l.BestToWorst.Count));
        Assert.StartsWith("裤子质量很好", lists[0].BestToWorst[0]);
        Assert.Equal(6000, Read.All("ranked-tsv", path, DataKind.Paired).Count); // 4·3/2 ordered pairs each
    }
}
