// Training seeds torch's process-wide generator; tests running side by side would draw from each other's stream.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
