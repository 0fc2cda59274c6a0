using System.Text;
using Halos.Abstractions.Losses;
using Halos.Losses.Declarations;

namespace Halos.Losses.Compilation;

/// <summary>
/// A compiled script as the cache stores it: the emitted assembly (with an embedded PDB, so a
/// run-time error can name its line), where its entry point is, and the script's declarations.
/// The format is a plain binary record, read without Roslyn or a JSON serializer, so a cached
/// load costs milliseconds.
/// </summary>
/// <param name="ReferencedFiles">Assemblies an unrestricted script pulled in with #r, loaded before it runs.</param>
internal sealed record CompiledScriptImage(byte[] Assembly, string EntryType, string EntryMethod, ScriptDeclarations Declarations,
    IReadOnlyList<string> ReferencedFiles)
{
    private const string Magic = "halos-loss-image/2";

    public void Write(Stream stream)
    {
        using var w = new BinaryWriter(stream, Encoding.UTF8, leaveOpen: true);
        w.Write(Magic);
        w.Write(EntryType);
        w.Write(EntryMethod);
        w.Write((int)Declarations.Kind);
        w.Write(Declarations.NeedsReference);
        w.Write(Declarations.Parameters.Count);
        foreach (var p in Declarations.Parameters)
        {
            w.Write(p.Name);
            w.Write((int)p.Type);
            w.Write(p.Description);
            switch (p.Default)
            {
                case double d: w.Write(d); break;
                case int i: w.Write(i); break;
                case bool b: w.Write(b); break;
            }
        }
        w.Write(Declarations.Inputs.Count);
        foreach (var i in Declarations.Inputs) w.Write(i);
        w.Write(ReferencedFiles.Count);
        foreach (var f in ReferencedFiles) w.Write(f);
        w.Write(Assembly.Length);
        w.Write(Assembly);
    }

    /// <summary>Reads an image; null when the bytes are not one (a stale or torn cache file).</summary>
    public static CompiledScriptImage? TryRead(Stream stream)
    {
        try
        {
            using var r = new BinaryReader(stream, Encoding.UTF8, leaveOpen: true);
            if (r.ReadString() != Magic) return null;
            var entryType = r.ReadString();
            var entryMethod = r.ReadString();
            var kind = (DataKind)r.ReadInt32();
            var needsReference = r.ReadBoolean();
            var parameters = new HyperParameter[r.ReadInt32()];
            for (var k = 0; k < parameters.Length; k++)
            {
                var name = r.ReadString();
                var type = (HyperParameterType)r.ReadInt32();
                var description = r.ReadString();
                object value = type switch
                {
                    HyperParameterType.Number => r.ReadDouble(),
                    HyperParameterType.Integer => r.ReadInt32(),
                    _ => r.ReadBoolean(),
                };
                parameters[k] = new HyperParameter(name, type, value, description);
            }
            var inputs = new string[r.ReadInt32()];
            for (var k = 0; k < inputs.Length; k++) inputs[k] = r.ReadString();
            var referenced = new string[r.ReadInt32()];
            for (var k = 0; k < referenced.Length; k++) referenced[k] = r.ReadString();
            var length = r.ReadInt32();
            var assembly = r.ReadBytes(length);
            if (assembly.Length != length) return null;
            return new CompiledScriptImage(assembly, entryType, entryMethod, new ScriptDeclarations(kind, needsReference, parameters, inputs), referenced);
        }
        catch (EndOfStreamException)
        {
            return null;
        }
    }
}
