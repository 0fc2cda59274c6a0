namespace Halos.Torch;

/// <summary>How a loss reduces over its elements; numbered as at::Reduction.</summary>
public enum Reduction { None = 0, Mean = 1, Sum = 2 }
