// Models are built with a seed that reseeds TorchSharp's process-wide generator, and the analyzer tests share the
// two CPU cores with ffmpeg: run test classes one after another.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
