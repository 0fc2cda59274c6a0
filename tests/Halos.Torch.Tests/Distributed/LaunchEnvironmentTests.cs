using Halos.Torch.Distributed;

namespace Halos.Torch.Tests.Distributed;

public class LaunchEnvironmentTests
{
    [Fact]
    public void Torchrun_variables_are_read()
    {
        var env = LaunchEnvironment.FromVariables(new Dictionary<string, string>
        {
            ["MASTER_ADDR"] = "node-a", ["MASTER_PORT"] = "29400", ["RANK"] = "5", ["WORLD_SIZE"] = "8", ["LOCAL_RANK"] = "1",
        });
        Assert.Equal(new LaunchEnvironment("node-a", 29400, 5, 8, 1), env);
    }

    [Fact]
    public void No_variables_means_a_single_process_run()
    {
        Assert.Null(LaunchEnvironment.FromVariables(new Dictionary<string, string> { ["PATH"] = "/bin" }));
    }

    [Fact]
    public void Slurm_variables_stand_in_for_rank_and_world_size()
    {
        var env = LaunchEnvironment.FromVariables(new Dictionary<string, string>
        {
            ["MASTER_ADDR"] = "node-a", ["SLURM_PROCID"] = "3", ["SLURM_NTASKS"] = "4", ["SLURM_LOCALID"] = "1",
        });
        Assert.Equal(new LaunchEnvironment("node-a", LaunchEnvironment.DefaultPort, 3, 4, 1), env);
    }

    [Theory]
    [InlineData("RANK", "two", "RANK='two' is not a whole number >= 0")]
    [InlineData("RANK", "4", "RANK=4 must be below WORLD_SIZE=4")]
    [InlineData("WORLD_SIZE", "0", "WORLD_SIZE='0' is not a whole number >= 1")]
    [InlineData("MASTER_PORT", "70000", "MASTER_PORT=70000 is not a TCP port")]
    [InlineData("MASTER_ADDR", "", "MASTER_ADDR is not")]
    public void Malformed_variables_are_errors_naming_the_variable(string name, string value, string expected)
    {
        var vars = new Dictionary<string, string> { ["MASTER_ADDR"] = "h", ["MASTER_PORT"] = "1234", ["RANK"] = "1", ["WORLD_SIZE"] = "4" };
        vars[name] = value;
        var e = Assert.Throws<DistributedConfigurationException>(() => LaunchEnvironment.FromVariables(vars));
        Assert.Contains(expected, e.Message);
    }
}
