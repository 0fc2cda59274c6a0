// The quickstart's runs share 2 cores; in parallel they would only fight over them.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
