using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Meiju.Training;

/// <summary>One row of an ablation table: a modality subset with or without the joint module, over seeds.</summary>
/// <param name="Modalities">Subset letters (V, A, T).</param>
/// <param name="Joint">Whether the joint module was trained.</param>
/// <param name="Runs">Seeds that finished.</param>
/// <param name="Emotion">Emotion metric, mean and sample standard deviation.</param>
/// <param name="Intent">Intent metric.</param>
/// <param name="Jrbm">JRBM.</param>
/// <param name="Parameters">Parameters of the model.</param>
public sealed record AblationRow(string Modalities, bool Joint, int Runs, (double Mean, double Std) Emotion, (double Mean, double Std) Intent, (double Mean, double Std) Jrbm, long Parameters);
