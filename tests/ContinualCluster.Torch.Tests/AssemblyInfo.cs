using Xunit;

// The live-tensor counter, the seed and the thread count are process-wide: these tests run one at a time.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
