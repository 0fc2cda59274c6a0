// Tests here seed torch's process-wide generator (tiny random models, sampled generation); run in parallel,
// one class's draws would shift another's seeded sequence. The suite is seconds long, so run it serially.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
