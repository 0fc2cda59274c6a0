namespace Halos.Losses.Configuration;

/// <summary>
/// Where <c>Loss:Script=NAME</c> and <c>halos loss list</c> find scripts: the project's <c>losses/</c> when it has
/// one, else the built-in scripts installed beside the host, so <c>halos</c> works from a folder that holds only data.
/// </summary>
public static class LossesFolder
{
    public const string Name = "losses";

    public static string For(string root)
    {
        var project = Path.Combine(root, Name);
        var builtIn = Path.Combine(AppContext.BaseDirectory, Name);
        return Directory.Exists(project) || !Directory.Exists(builtIn) ? project : builtIn;
    }
}
