namespace Meiju.Reporting;

/// <summary>A named line for <see cref="LineChart"/>: y values at x positions (x defaults to 1, 2, 3, …).</summary>
/// <param name="Name">Legend text, e.g. <c>valid JRBM</c>.</param>
/// <param name="Y">The values.</param>
/// <param name="X">Their positions, same length as <paramref name="Y"/>; null for 1..n (epochs).</param>
public sealed record LineSeries(string Name, IReadOnlyList<double> Y, IReadOnlyList<double>? X = null);
