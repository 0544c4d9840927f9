using System.IO.Compression;
using Meiju.Data;
using Meiju.Labels;

namespace Meiju.Training;

/// <summary>What <see cref="Submission.Write"/> produced.</summary>
/// <param name="Csv">The <c>submission.csv</c> path.</param>
/// <param name="Zip">The zip holding it.</param>
/// <param name="Rows">Predicted utterances.</param>
/// <param name="Predictions">The predictions themselves.</param>
public sealed record SubmissionResult(string Csv, string Zip, int Rows, Predictions Predictions);
