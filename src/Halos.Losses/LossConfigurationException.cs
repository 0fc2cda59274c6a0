namespace Halos.Losses;

/// <summary>The configuration of a loss is wrong: an unknown hyperparameter, a value of the wrong type, a bad combination.</summary>
public sealed class LossConfigurationException(string message) : Exception(message);
