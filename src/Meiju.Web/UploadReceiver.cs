using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Net.Http.Headers;

namespace Meiju.Web;

/// <summary>
/// Streams a multipart upload straight into a server-named temp file, enforcing the size limit while it reads and
/// checking the container by its first bytes. The client's file name is kept for display only.
/// </summary>
internal sealed class UploadReceiver(string tempDirectory, long maxUploadBytes)
{
    /// <summary>Room for multipart boundaries, part headers and the transcript field on top of the file.</summary>
    public const long MultipartOverhead = 64 * 1024;

    private const int MaxTranscriptChars = 4000;
    private const int MaxDisplayNameChars = 120;

    /// <summary>The most a whole request body may hold (the Kestrel limit).</summary>
    public long MaxRequestBytes => maxUploadBytes + MultipartOverhead;

    /// <summary>Reads the request's <c>file</c> (and optional <c>transcript</c>) field.</summary>
    public async Task<ReceivedUpload> ReceiveAsync(HttpRequest request, CancellationToken cancel)
    {
        if (request.ContentLength is 0)
        {
            return ReceivedUpload.Refused(StatusCodes.Status400BadRequest, "the upload is empty (0 bytes)");
        }

        if (request.ContentLength > MaxRequestBytes)
        {
            return TooLarge("upload");
        }

        if (!MediaTypeHeaderValue.TryParse(request.ContentType, out var mediaType)
            || !mediaType.MediaType.Equals("multipart/form-data", StringComparison.OrdinalIgnoreCase)
            || HeaderUtilities.RemoveQuotes(mediaType.Boundary).Value is not { Length: > 0 } boundary)
        {
            return ReceivedUpload.Refused(StatusCodes.Status400BadRequest, "send the clip as multipart/form-data with a 'file' field");
        }

        var reader = new MultipartReader(boundary, request.Body) { BodyLengthLimit = maxUploadBytes + 1 };
        string? tempPath = null;
        var displayName = "upload";
        string? transcript = null;
        long written = 0;
        try
        {
            while (await reader.ReadNextSectionAsync(cancel).ConfigureAwait(false) is { } section)
            {
                if (!ContentDispositionHeaderValue.TryParse(section.ContentDisposition, out var disposition)
                    || !disposition.DispositionType.Equals("form-data", StringComparison.OrdinalIgnoreCase))
                {
                    continue;
                }

                var field = HeaderUtilities.RemoveQuotes(disposition.Name).Value;
                if (field == "file" && disposition.IsFileDisposition() && tempPath is null)
                {
                    displayName = SafeDisplayName(HeaderUtilities.RemoveQuotes(disposition.FileNameStar.HasValue ? disposition.FileNameStar : disposition.FileName).Value);
                    tempPath = System.IO.Path.Combine(tempDirectory, "upload-" + Guid.NewGuid().ToString("N") + ".part");
                    written = await CopyLimitedAsync(section.Body, tempPath, cancel).ConfigureAwait(false);
                    if (written > maxUploadBytes)
                    {
                        Delete(tempPath);
                        return TooLarge(displayName);
                    }
                }
                else if (field == "transcript" && !disposition.IsFileDisposition())
                {
                    transcript = await ReadTextAsync(section.Body, cancel).ConfigureAwait(false);
                }
            }
        }
        catch (BadHttpRequestException ex) when (ex.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            Delete(tempPath);
            return TooLarge(displayName);
        }
        catch (InvalidDataException ex) when (ex.Message.Contains("length limit", StringComparison.OrdinalIgnoreCase))
        {
            Delete(tempPath);
            // Before any part was found, the reader was still looking for the first boundary: the body does not
            // use the boundary its Content-Type names, whatever its size.
            return tempPath is null && transcript is null
                ? ReceivedUpload.Refused(StatusCodes.Status400BadRequest, $"malformed upload: the multipart boundary '{Shorten(boundary)}' named in Content-Type does not appear in the body")
                : TooLarge(displayName);
        }
        catch (Exception ex) when (ex is InvalidDataException or IOException or BadHttpRequestException)
        {
            Delete(tempPath);
            return ReceivedUpload.Refused(StatusCodes.Status400BadRequest, $"{displayName}: the upload could not be read ({ex.Message})", displayName);
        }
        catch
        {
            Delete(tempPath);
            throw;
        }

        if (tempPath is null)
        {
            return ReceivedUpload.Refused(StatusCodes.Status400BadRequest, "no file in the upload (expected a multipart field named 'file')");
        }

        if (written == 0)
        {
            Delete(tempPath);
            return ReceivedUpload.Refused(StatusCodes.Status400BadRequest, $"{displayName}: the file is empty (0 bytes)", displayName);
        }

        if (MediaSniffer.Detect(tempPath) is not { } kind)
        {
            Delete(tempPath);
            return ReceivedUpload.Refused(
                StatusCodes.Status415UnsupportedMediaType,
                $"{displayName}: not a video or audio file (its content is none of MP4/MOV, WebM/MKV, AVI, FLV, MPEG, WMV, WAV, MP3, Ogg, FLAC)",
                displayName);
        }

        // The extension is ours, from the content, so decoders that look at it see the truth.
        var finalPath = System.IO.Path.ChangeExtension(tempPath, kind.Extension);
        File.Move(tempPath, finalPath);
        return new ReceivedUpload
        {
            Path = finalPath,
            DisplayName = displayName,
            Transcript = string.IsNullOrWhiteSpace(transcript) ? null : transcript.Trim(),
        };
    }

    /// <summary>Removes a temp file, ignoring one that is already gone.</summary>
    public static void Delete(string? path)
    {
        if (path is null)
        {
            return;
        }

        try
        {
            File.Delete(path);
        }
        catch (IOException)
        {
            // A file still open elsewhere is left for the folder's removal at shutdown.
        }
    }

    private ReceivedUpload TooLarge(string displayName) =>
        ReceivedUpload.Refused(
            StatusCodes.Status413PayloadTooLarge,
            $"{displayName}: too large; this server accepts uploads up to {FormatSize(maxUploadBytes)}",
            displayName);

    private static string FormatSize(long bytes) =>
        bytes % (1024 * 1024) == 0 ? $"{bytes / (1024 * 1024)} MB"
        : bytes % 1024 == 0 ? $"{bytes / 1024} KB"
        : $"{bytes} bytes";

    private async Task<long> CopyLimitedAsync(Stream source, string path, CancellationToken cancel)
    {
        // Stop one byte past the limit: enough to know it is too large without storing the rest.
        var buffer = new byte[81920];
        long total = 0;
        await using var target = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1, useAsync: true);
        int read;
        while ((read = await source.ReadAsync(buffer, cancel).ConfigureAwait(false)) > 0)
        {
            total += read;
            if (total > maxUploadBytes)
            {
                return total;
            }

            await target.WriteAsync(buffer.AsMemory(0, read), cancel).ConfigureAwait(false);
        }

        return total;
    }

    private static string Shorten(string text) => text.Length <= 70 ? text : text[..70] + "…";

    private static async Task<string> ReadTextAsync(Stream source, CancellationToken cancel)
    {
        using var reader = new StreamReader(source, Encoding.UTF8);
        var buffer = new char[MaxTranscriptChars];
        var read = await reader.ReadBlockAsync(buffer, cancel).ConfigureAwait(false);
        return new string(buffer, 0, read);
    }

    private static string SafeDisplayName(string? fileName)
    {
        // Browsers send a bare name, other clients may send a path: keep the last segment of either kind.
        var name = (fileName ?? string.Empty).Replace('\\', '/');
        name = name[(name.LastIndexOf('/') + 1)..];
        // Control characters and format characters (bidi overrides such as U+202E, zero-width marks) can make a name
        // display as something else ("cod.exe" shown as "exe.doc"): neither is kept.
        name = new string(name.Where(c => !char.IsControl(c) && char.GetUnicodeCategory(c) != System.Globalization.UnicodeCategory.Format).ToArray()).Trim();
        if (name.Length > MaxDisplayNameChars)
        {
            name = name[..MaxDisplayNameChars];
        }

        return name.Length == 0 ? "upload" : name;
    }
}
