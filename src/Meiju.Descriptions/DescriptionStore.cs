using System.Globalization;
using System.Text;
using System.Text.Json;
using Meiju.Media;
using Microsoft.Data.Sqlite;

namespace Meiju.Descriptions;

/// <summary>
/// The durable cache of model answers (SQLite, WAL journal, full sync): each answer is committed as it arrives, so a
/// crash loses at most the requests in flight. Also the read side: every stream (e.g. <c>visual_description</c>)
/// is a text per utterance, read like the subtitle text by feature extraction. Thread-safe.
/// </summary>
public sealed class DescriptionStore : IDisposable
{
    /// <summary>Schema version written to the <c>meta</c> table.</summary>
    public const int SchemaVersion = 1;

    private readonly SqliteConnection _connection;
    private readonly Lock _gate = new();

    private DescriptionStore(string path, SqliteConnection connection)
    {
        Path = path;
        _connection = connection;
    }

    /// <summary>The database file.</summary>
    public string Path { get; }

    /// <summary>Opens (creating if needed) the store at <paramref name="path"/>.</summary>
    public static DescriptionStore Open(string path)
    {
        var full = System.IO.Path.GetFullPath(path);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(full)!);
        // No pooling: Dispose must really close the file so another process (or a resumed run) owns it.
        var cs = new SqliteConnectionStringBuilder { DataSource = full, Pooling = false, Mode = SqliteOpenMode.ReadWriteCreate }.ToString();
        var connection = new SqliteConnection(cs);
        try
        {
            connection.Open();
            Exec(connection, "PRAGMA busy_timeout = 10000;");
            Exec(connection, "PRAGMA journal_mode = WAL;");
            Exec(connection, "PRAGMA synchronous = FULL;");
            Exec(connection, """
                CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
                CREATE TABLE IF NOT EXISTS descriptions (
                    utterance   TEXT NOT NULL,
                    stream      TEXT NOT NULL,
                    prompt      TEXT NOT NULL,
                    model       TEXT NOT NULL,
                    input_hash  TEXT NOT NULL,
                    status      TEXT NOT NULL CHECK (status IN ('ok', 'failed')),
                    answer      TEXT,
                    error       TEXT,
                    attempts    INTEGER NOT NULL,
                    endpoint    TEXT,
                    elapsed_ms  INTEGER NOT NULL,
                    updated_utc TEXT NOT NULL,
                    PRIMARY KEY (utterance, stream, prompt, model, input_hash)
                );
                CREATE INDEX IF NOT EXISTS descriptions_by_stream ON descriptions (stream, status, utterance);
                """);
            var version = Scalar(connection, "SELECT value FROM meta WHERE key = 'schema_version'");
            if (version is null)
            {
                Exec(connection, $"INSERT INTO meta (key, value) VALUES ('schema_version', '{SchemaVersion}')");
            }
            else if (version != SchemaVersion.ToString(CultureInfo.InvariantCulture))
            {
                throw new MeijuDataException(full, $"description store schema {version}; this Meiju reads {SchemaVersion}");
            }
        }
        catch (SqliteException ex)
        {
            connection.Dispose();
            throw new MeijuDataException(full, "not a usable SQLite description store: " + ex.Message, inner: ex);
        }
        catch
        {
            connection.Dispose();
            throw;
        }

        return new DescriptionStore(full, connection);
    }

    /// <summary>The stored row for <paramref name="key"/>, or null.</summary>
    public DescriptionRecord? Get(DescriptionKey key)
    {
        lock (_gate)
        {
            using var cmd = _connection.CreateCommand();
            cmd.CommandText = "SELECT * FROM descriptions WHERE utterance = $u AND stream = $s AND prompt = $p AND model = $m AND input_hash = $h";
            Bind(cmd, key);
            using var reader = cmd.ExecuteReader();
            return reader.Read() ? ReadRecord(reader) : null;
        }
    }

    /// <summary>Writes (or replaces) the row for <paramref name="record"/>'s key and commits it at once.</summary>
    public void Put(DescriptionRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        lock (_gate)
        {
            using var cmd = _connection.CreateCommand();
            cmd.CommandText = """
                INSERT INTO descriptions (utterance, stream, prompt, model, input_hash, status, answer, error, attempts, endpoint, elapsed_ms, updated_utc)
                VALUES ($u, $s, $p, $m, $h, $status, $answer, $error, $attempts, $endpoint, $elapsed, $updated)
                ON CONFLICT (utterance, stream, prompt, model, input_hash) DO UPDATE SET
                    status = excluded.status, answer = excluded.answer, error = excluded.error, attempts = excluded.attempts,
                    endpoint = excluded.endpoint, elapsed_ms = excluded.elapsed_ms, updated_utc = excluded.updated_utc
                """;
            Bind(cmd, record.Key);
            cmd.Parameters.AddWithValue("$status", record.Status == DescriptionStatus.Ok ? "ok" : "failed");
            cmd.Parameters.AddWithValue("$answer", (object?)record.Answer ?? DBNull.Value);
            cmd.Parameters.AddWithValue("$error", (object?)record.Error ?? DBNull.Value);
            cmd.Parameters.AddWithValue("$attempts", record.Attempts);
            cmd.Parameters.AddWithValue("$endpoint", (object?)record.Endpoint ?? DBNull.Value);
            cmd.Parameters.AddWithValue("$elapsed", record.ElapsedMs);
            cmd.Parameters.AddWithValue("$updated", record.UpdatedUtc.ToUniversalTime().ToString("O", CultureInfo.InvariantCulture));
            cmd.ExecuteNonQuery();
        }
    }

    /// <summary>Every row, ordered by utterance, then stream.</summary>
    public IReadOnlyList<DescriptionRecord> All() => Query("SELECT * FROM descriptions ORDER BY utterance, stream, updated_utc");

    /// <summary>The failed rows (what the next run will ask again).</summary>
    public IReadOnlyList<DescriptionRecord> Failures() =>
        Query("SELECT * FROM descriptions WHERE status = 'failed' ORDER BY utterance, stream");

    /// <summary>Names of the streams that hold at least one answer, sorted.</summary>
    public IReadOnlyList<string> Streams()
    {
        lock (_gate)
        {
            using var cmd = _connection.CreateCommand();
            cmd.CommandText = "SELECT DISTINCT stream FROM descriptions WHERE status = 'ok' ORDER BY stream";
            using var reader = cmd.ExecuteReader();
            var list = new List<string>();
            while (reader.Read())
            {
                list.Add(reader.GetString(0));
            }

            return list;
        }
    }

    /// <summary>
    /// The text stream <paramref name="stream"/>: utterance → answer. When an utterance has several answers (another
    /// model, prompt or changed media), the most recent one wins; <paramref name="model"/> restricts to one model.
    /// </summary>
    public IReadOnlyDictionary<string, string> ReadStream(string stream, string? model = null)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var r in Query("SELECT * FROM descriptions WHERE stream = $stream AND status = 'ok' AND ($model IS NULL OR model = $model) ORDER BY updated_utc",
                     ("$stream", stream), ("$model", model)))
        {
            result[r.Key.Utterance] = r.Answer!;
        }

        return result;
    }

    /// <summary>All streams' texts for one utterance (stream → answer), shaped like <c>UtteranceMedia.Texts</c>.</summary>
    public IReadOnlyDictionary<string, string> TextsFor(string utterance)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var r in Query("SELECT * FROM descriptions WHERE utterance = $u AND status = 'ok' ORDER BY updated_utc", ("$u", utterance)))
        {
            result[r.Key.Stream] = r.Answer!;
        }

        return result;
    }

    /// <summary>
    /// <paramref name="media"/> with this store's answers for its utterance added to its text streams, so feature
    /// extraction encodes them like the subtitle text. <paramref name="streams"/> limits which (null: all); texts the
    /// media already has under the same name are kept.
    /// </summary>
    public UtteranceMedia AttachTo(UtteranceMedia media, IReadOnlyCollection<string>? streams = null)
    {
        ArgumentNullException.ThrowIfNull(media);
        var texts = new Dictionary<string, string>(media.Texts, StringComparer.Ordinal);
        foreach (var (stream, text) in TextsFor(media.Name))
        {
            if (streams is null || streams.Contains(stream))
            {
                texts.TryAdd(stream, text);
            }
        }

        return media with { Texts = texts };
    }

    /// <summary>
    /// Writes every row to <paramref name="path"/>, as JSON Lines when it ends in <c>.jsonl</c>, else as CSV
    /// (RFC 4180 quoting). Atomic: the file is complete or absent.
    /// </summary>
    public void Export(string path)
    {
        var rows = All();
        if (path.EndsWith(".jsonl", StringComparison.OrdinalIgnoreCase))
        {
            AtomicFile.WriteAllLines(path, rows.Select(r => JsonSerializer.Serialize(new
            {
                utterance = r.Key.Utterance,
                stream = r.Key.Stream,
                status = r.Status == DescriptionStatus.Ok ? "ok" : "failed",
                answer = r.Answer,
                error = r.Error,
                model = r.Key.Model,
                prompt = r.Key.Prompt,
                input_hash = r.Key.InputHash,
                attempts = r.Attempts,
                elapsed_ms = r.ElapsedMs,
            })));
            return;
        }

        var lines = new List<string> { "utterance,stream,status,answer,error,model,prompt,input_hash,attempts,elapsed_ms" };
        lines.AddRange(rows.Select(r => string.Join(',',
            Csv(r.Key.Utterance), Csv(r.Key.Stream), r.Status == DescriptionStatus.Ok ? "ok" : "failed", Csv(r.Answer), Csv(r.Error),
            Csv(r.Key.Model), Csv(r.Key.Prompt), r.Key.InputHash, r.Attempts.ToString(CultureInfo.InvariantCulture),
            r.ElapsedMs.ToString(CultureInfo.InvariantCulture))));
        AtomicFile.WriteAllLines(path, lines);
    }

    /// <inheritdoc />
    public void Dispose()
    {
        lock (_gate)
        {
            _connection.Dispose();
        }
    }

    private List<DescriptionRecord> Query(string sql, params (string Name, string? Value)[] parameters)
    {
        lock (_gate)
        {
            using var cmd = _connection.CreateCommand();
            cmd.CommandText = sql;
            foreach (var (name, value) in parameters)
            {
                cmd.Parameters.AddWithValue(name, (object?)value ?? DBNull.Value);
            }

            using var reader = cmd.ExecuteReader();
            var list = new List<DescriptionRecord>();
            while (reader.Read())
            {
                list.Add(ReadRecord(reader));
            }

            return list;
        }
    }

    private static DescriptionRecord ReadRecord(SqliteDataReader r)
    {
        string? Str(string column) => r.IsDBNull(r.GetOrdinal(column)) ? null : r.GetString(r.GetOrdinal(column));
        var key = new DescriptionKey(Str("utterance")!, Str("stream")!, Str("prompt")!, Str("model")!, Str("input_hash")!);
        return new DescriptionRecord(
            key,
            Str("status") == "ok" ? DescriptionStatus.Ok : DescriptionStatus.Failed,
            Str("answer"),
            Str("error"),
            r.GetInt32(r.GetOrdinal("attempts")),
            Str("endpoint"),
            r.GetInt64(r.GetOrdinal("elapsed_ms")),
            DateTime.Parse(Str("updated_utc")!, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind));
    }

    private static void Bind(SqliteCommand cmd, DescriptionKey key)
    {
        cmd.Parameters.AddWithValue("$u", key.Utterance);
        cmd.Parameters.AddWithValue("$s", key.Stream);
        cmd.Parameters.AddWithValue("$p", key.Prompt);
        cmd.Parameters.AddWithValue("$m", key.Model);
        cmd.Parameters.AddWithValue("$h", key.InputHash);
    }

    private static void Exec(SqliteConnection connection, string sql)
    {
        using var cmd = connection.CreateCommand();
        cmd.CommandText = sql;
        cmd.ExecuteNonQuery();
    }

    private static string? Scalar(SqliteConnection connection, string sql)
    {
        using var cmd = connection.CreateCommand();
        cmd.CommandText = sql;
        return cmd.ExecuteScalar() as string;
    }

    private static string Csv(string? value)
    {
        if (value is null)
        {
            return "";
        }

        if (value.IndexOfAny([',', '"', '\n', '\r']) < 0)
        {
            return value;
        }

        return new StringBuilder("\"").Append(value.Replace("\"", "\"\"", StringComparison.Ordinal)).Append('"').ToString();
    }
}
