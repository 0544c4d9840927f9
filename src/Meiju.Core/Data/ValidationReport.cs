namespace Meiju.Data;

/// <summary>What <see cref="MeijuDataset.Validate"/> found: every problem, and the facts it established.</summary>
/// <param name="Problems">All problems, in the order found (labels first, then features by split and name).</param>
/// <param name="FilesChecked">Feature files opened and checked.</param>
/// <param name="Dimensions">Feature name → the width D that most of its files have.</param>
public sealed record ValidationReport(
    IReadOnlyList<DataProblem> Problems,
    int FilesChecked,
    IReadOnlyDictionary<string, int> Dimensions)
{
    /// <summary>True when nothing is wrong.</summary>
    public bool IsValid => Problems.Count == 0;

    /// <summary>Throws the first problem (with the count of the others) unless the dataset is valid.</summary>
    /// <exception cref="MeijuDataException">The dataset has at least one problem.</exception>
    public void ThrowIfInvalid()
    {
        if (IsValid)
        {
            return;
        }

        var first = Problems[0];
        var more = Problems.Count > 1 ? $" (and {Problems.Count - 1} more problems; `meiju dataset validate` lists them all)" : string.Empty;
        throw new MeijuDataException(first.Path, first.Message + more, first.Line);
    }
}
