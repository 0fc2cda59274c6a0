// The runs share libtorch's global RNG and thread pool; in parallel they would only fight over 2 cores.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
