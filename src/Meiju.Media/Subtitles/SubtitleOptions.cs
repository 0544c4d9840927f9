namespace Meiju.Media.Subtitles;

/// <summary>How burned-in subtitles are read.</summary>
public sealed record SubtitleOptions
{
    /// <summary>
    /// Tesseract language codes joined by '+', the first one primary. Default "chi_sim+eng": measured on 22-px
    /// burned-in subtitles, "eng+chi_sim" read two of five Chinese clips as Latin garbage (CER 0.26) while
    /// "chi_sim+eng" read Chinese at CER 0.025 and English as well as "eng+chi_sim" did (0.011). Use "eng" alone
    /// for English-only data.
    /// </summary>
    public string Languages { get; init; } = "chi_sim+eng";

    /// <summary>Top of the subtitle band as a share of the frame height. Default 0.75 (the bottom 25%).</summary>
    public double BandTop { get; init; } = 0.75;

    /// <summary>Bottom of the subtitle band as a share of the frame height. Default 1.0.</summary>
    public double BandBottom { get; init; } = 1.0;

    /// <summary>Pixels at or above this grey level count as subtitle text (white and yellow text). Default 180.</summary>
    public int TextThreshold { get; init; } = 180;

    /// <summary>
    /// True when the subtitle text is dark on a light band; then pixels at or below 255 − <see cref="TextThreshold"/>
    /// count as text. Default false (the usual white text).
    /// </summary>
    public bool DarkText { get; init; }

    /// <summary>Upscaling of the band before OCR (Tesseract reads 20–40 px glyphs best). Default 2.</summary>
    public int Upscale { get; init; } = 2;

    /// <summary>Most frames sent to OCR per utterance (frames whose band did not change are skipped first). Default 12.</summary>
    public int MaxOcrFrames { get; init; } = 12;

    /// <summary>Share of band pixels that must change before a frame is read again. Default 0.02.</summary>
    public double ChangeThreshold { get; init; } = 0.02;

    /// <summary>Tesseract executable (env <c>MEIJU_TESSERACT</c>, else "tesseract" on PATH).</summary>
    public string Tesseract { get; init; } =
        Environment.GetEnvironmentVariable("MEIJU_TESSERACT") is { Length: > 0 } t ? t : "tesseract";

    /// <summary>Fails with a clear message on values that cannot work.</summary>
    public void Validate()
    {
        if (!(BandTop >= 0 && BandBottom <= 1 && BandTop < BandBottom))
        {
            throw new ArgumentException($"subtitles: band must satisfy 0 ≤ top < bottom ≤ 1 (got {BandTop}, {BandBottom})");
        }

        if (Upscale is < 1 or > 4 || MaxOcrFrames < 1 || string.IsNullOrWhiteSpace(Languages))
        {
            throw new ArgumentException("subtitles: upscale must be 1–4, max OCR frames ≥ 1 and languages non-empty");
        }
    }
}
