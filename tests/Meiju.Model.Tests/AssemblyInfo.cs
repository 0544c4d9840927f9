// Model construction seeds TorchSharp's process-wide generator (torch.manual_seed): tests that build models
// with a seed and compare weights must not interleave with other tests drawing random numbers.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
