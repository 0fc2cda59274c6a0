using Halos.Abstractions.Models;
using Halos.Torch;
using Halos.Torch.NN;

namespace Halos.Abstractions.Training;

/// <summary>
/// The modules of a run as a trainer sees them. <see cref="Reference"/> is present when the loss needs
/// one; <see cref="Reward"/> when the run scores completions. The run loop owns them.
/// </summary>
public sealed record TrainingModules(Module Policy, Module? Reference, Module? Reward, ITokenizer Tokenizer, Device Device);
