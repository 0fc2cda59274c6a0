namespace Halos.Data.Output;

/// <summary>
/// A verb's output file (<c>--output</c>), written beside its target as <c>NAME.partial</c> and moved into place only
/// when the whole body ran, so a failed or cancelled run leaves no half-written file. Without a path the body writes
/// to standard output.
/// </summary>
public static class AtomicOutputFile
{
    public static T Write<T>(string? path, TextWriter standardOutput, Func<TextWriter, T> body)
    {
        if (path is null)
        {
            var result = body(standardOutput);
            standardOutput.Flush();
            return result;
        }
        var partial = path + ".partial";
        try
        {
            T result;
            using (var output = new StreamWriter(partial))
            {
                result = body(output);
            }
            File.Move(partial, path, overwrite: true);
            return result;
        }
        finally
        {
            if (File.Exists(partial)) File.Delete(partial);
        }
    }
}
