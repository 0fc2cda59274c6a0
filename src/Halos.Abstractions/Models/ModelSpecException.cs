namespace Halos.Abstractions.Models;

/// <summary>
/// A model spec that cannot be built: <c>/models/x/config.json: model_type 'foo' is not supported; expected llama, gpt2</c>.
/// The message names the file or option and what was expected; the host reports it as a configuration error.
/// </summary>
public sealed class ModelSpecException(string message, Exception? inner = null) : Exception(message, inner);
