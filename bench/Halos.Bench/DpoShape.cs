namespace Halos.Bench;

/// <summary>The model and batch shape, as the peer's options name them.</summary>
internal sealed record DpoShape(int Layers, int Width, int Heads, int Seq, int Batch, int Vocab, int Steps)
{
    public static DpoShape From(BenchArgs a) => new(a.GetInt("layers", 6), a.GetInt("width", 512), a.GetInt("heads", 8),
        a.GetInt("seq", 256), a.GetInt("batch", 8), a.GetInt("vocab", 50257), a.GetInt("steps", 5));

    public string[] Arguments =>
    [
        "--layers", Layers.ToString(), "--width", Width.ToString(), "--heads", Heads.ToString(), "--seq", Seq.ToString(),
        "--batch", Batch.ToString(), "--vocab", Vocab.ToString(), "--steps", Steps.ToString(),
    ];

    public override string ToString() =>
        $"{Layers} layers, width {Width}, {Heads} heads, seq {Seq}, batch {Batch} pairs, vocab {Vocab}";
}
