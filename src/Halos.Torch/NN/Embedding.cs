namespace Halos.Torch.NN;

/// <summary>A lookup table of numEmbeddings vectors, initialised N(0, 1) as in PyTorch.</summary>
public sealed class Embedding : Module<Tensor, Tensor>
{
    public Embedding(long numEmbeddings, long embeddingDim, long? paddingIdx = null, ScalarType dtype = ScalarType.Float32, Device? device = null)
    {
        PaddingIdx = paddingIdx ?? -1;
        using var noGrad = torch.no_grad();
        var w = torch.empty([numEmbeddings, embeddingDim], dtype, device).normal_();
        if (paddingIdx is { } p) w.select(0, p).zero_().Dispose();
        weight = RegisterParameter("weight", w);
    }

    public long PaddingIdx { get; }
    public Tensor weight { get; }

    public override Tensor forward(Tensor indices) => F.embedding(indices, weight, PaddingIdx);
}
