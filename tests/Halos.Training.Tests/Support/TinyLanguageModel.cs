using Halos.Abstractions.Models;
using Halos.Torch;
using Halos.Torch.NN;

namespace Halos.Training.Tests.Support;

/// <summary>
/// A 2-layer MLP "language model": each position predicts the next token from its own token alone
/// (embedding → LayerNorm → tanh hidden layer with dropout → vocabulary). Small enough for a step in
/// milliseconds, and with a bias, a norm and dropout, so decay groups and per-step seeding matter.
/// </summary>
public sealed class TinyLanguageModel : Module, ICausalLanguageModel
{
    public TinyLanguageModel(int vocab, int width, double dropout)
    {
        Vocab = vocab;
        Width = width;
        DropoutRate = dropout;
        Embed = RegisterModule("embed", new Embedding(vocab, width));
        Norm = RegisterModule("norm", new LayerNorm(width));
        Hidden = RegisterModule("hidden", new Linear(width, width));
        Head = RegisterModule("head", new Linear(width, vocab));
    }

    public int Vocab { get; }
    public int Width { get; }
    public double DropoutRate { get; }
    public Embedding Embed { get; }
    public LayerNorm Norm { get; }
    public Linear Hidden { get; }
    public Linear Head { get; }

    public Tensor Logits(Tensor inputIds, Tensor attentionMask)
    {
        var h = Norm.forward(Embed.forward(inputIds));
        h = F.dropout(F.tanh(Hidden.forward(h)), DropoutRate, training);
        return Head.forward(h);
    }
}
