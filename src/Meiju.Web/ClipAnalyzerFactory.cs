using Meiju.Inference;

namespace Meiju.Web;

/// <summary>Opens the analyzer for a model folder; the one seam between the page and the real pipeline.</summary>
/// <param name="modelDirectory">A Meiju model folder (e.g. models/meiju-base).</param>
public delegate IClipAnalyzer ClipAnalyzerFactory(string modelDirectory);
