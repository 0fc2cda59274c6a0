using System.Security.Cryptography;
using System.Text;
using Halos.Abstractions.Losses;
using Halos.Losses.Declarations;

namespace Halos.Losses.Compilation;

/// <summary>
/// A compiled script as the cache stores it: the emitted assembly (with an embedded PDB, so a
/// run-time error can name its line), where its entry point is, the script's declarations, and its
/// <see cref="ImageProvenance"/>. The format is a plain binary record, read without Roslyn or a JSON
/// serializer, so a cached load costs milliseconds: the magic, the body's length, the body, and the
/// body's SHA-256, so a torn or corrupted file reads as no image at all.
/// </summary>
/// <param name="ReferencedFiles">Assemblies an unrestricted script pulled in with #r, loaded before it runs.</param>
internal sealed record CompiledScriptImage(byte[] Assembly, string EntryType, string EntryMethod, ScriptDeclarations Declarations,
    IReadOnlyList<string> ReferencedFiles, ImageProvenance Provenance)
{
    private const string Magic = "halos-loss-image/4";

    public void Write(Stream stream)
    {
        using var body = new MemoryStream();
        WriteBody(body);
        using var w = new BinaryWriter(stream, Encoding.UTF8, leaveOpen: true);
        w.Write(Magic);
        w.Write(body.Length);
        w.Write(body.GetBuffer(), 0, (int)body.Length);
        w.Write(SHA256.HashData(body.GetBuffer().AsSpan(0, (int)body.Length)));
    }

    private void WriteBody(Stream stream)
    {
        using var w = new BinaryWriter(stream, Encoding.UTF8, leaveOpen: true);
        w.Write(Provenance.SourceHash);
        w.Write(Provenance.Unrestricted);
        w.Write(Provenance.Engine);
        w.Write(EntryType);
        w.Write(EntryMethod);
        w.Write((int)Declarations.Kind);
        w.Write(Declarations.NeedsReference);
        w.Write(Declarations.ReferenceSwitch ?? "");
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
                case string text:
                    w.Write(text);
                    w.Write(string.Join("|", p.Choices));
                    break;
            }
        }
        w.Write(Declarations.Inputs.Count);
        foreach (var i in Declarations.Inputs) w.Write(i);
        w.Write(ReferencedFiles.Count);
        foreach (var f in ReferencedFiles) w.Write(f);
        w.Write(Assembly.Length);
        w.Write(Assembly);
    }

    /// <summary>Reads an image; null when the bytes are not one (another format, a torn or corrupted file).</summary>
    public static CompiledScriptImage? TryRead(Stream stream)
    {
        try
        {
            using var r = new BinaryReader(stream, Encoding.UTF8, leaveOpen: true);
            if (r.ReadString() != Magic) return null;
            var length = r.ReadInt64();
            if (length < 0 || length > int.MaxValue) return null;
            var body = r.ReadBytes((int)length);
            var hash = r.ReadBytes(SHA256.HashSizeInBytes);
            if (body.Length != length || !SHA256.HashData(body).AsSpan().SequenceEqual(hash)) return null;
            using var bodyStream = new MemoryStream(body, writable: false);
            return ReadBody(new BinaryReader(bodyStream, Encoding.UTF8));
        }
        catch (Exception e) when (e is EndOfStreamException or FormatException or ArgumentException or OverflowException)
        {
            return null;
        }
    }

    private static CompiledScriptImage? ReadBody(BinaryReader r)
    {
        var provenance = new ImageProvenance(r.ReadString(), r.ReadBoolean(), r.ReadString());
        var entryType = r.ReadString();
        var entryMethod = r.ReadString();
        var kind = (DataKind)r.ReadInt32();
        var needsReference = r.ReadBoolean();
        var referenceSwitch = r.ReadString();
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
                HyperParameterType.Choice => r.ReadString(),
                _ => r.ReadBoolean(),
            };
            var choices = type == HyperParameterType.Choice ? r.ReadString().Split('|') : [];
            parameters[k] = new HyperParameter(name, type, value, description) { Choices = choices };
        }
        var inputs = new string[r.ReadInt32()];
        for (var k = 0; k < inputs.Length; k++) inputs[k] = r.ReadString();
        var referenced = new string[r.ReadInt32()];
        for (var k = 0; k < referenced.Length; k++) referenced[k] = r.ReadString();
        var length = r.ReadInt32();
        var assembly = r.ReadBytes(length);
        if (assembly.Length != length) return null;
        return new CompiledScriptImage(assembly, entryType, entryMethod, new ScriptDeclarations(kind, needsReference, parameters, inputs) { ReferenceSwitch = referenceSwitch.Length == 0 ? null : referenceSwitch }, referenced,
            provenance);
    }
}
