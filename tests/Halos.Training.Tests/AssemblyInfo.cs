// Training runs re-seed libtorch's process-wide generator before every step; two runs on parallel test
// threads would draw from each other's sequences and the bit-exact resume checks would fail at random.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
