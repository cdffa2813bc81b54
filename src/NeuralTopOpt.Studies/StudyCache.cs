using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using NeuralTopOpt.IO;

namespace NeuralTopOpt.Studies;

/// <summary>
/// The cache that makes a study resumable: every finished stage leaves a JSON entry
/// <c>cache/&lt;key&gt;.json</c> holding the stage's result and the fingerprint of everything it was
/// computed from (settings, seeds, upstream results). A repeated or interrupted study reuses an
/// entry only when its fingerprint matches and the files it names are unchanged; <c>force</c>
/// recomputes everything.
/// </summary>
public sealed class StudyCache
{
    private readonly List<string> _reused = [];

    private static readonly JsonSerializerOptions Json = new()
    {
        WriteIndented = true,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
        Converters = { new JsonStringEnumConverter() },
        AllowDuplicateProperties = false, // an entry with a key twice is unreadable: recomputed, never trusted
    };

    /// <summary>Opens (and creates) the cache under <paramref name="folder"/>.</summary>
    public StudyCache(string folder, bool force)
    {
        Folder = Path.GetFullPath(folder);
        Force = force;
        Directory.CreateDirectory(Path.Combine(Folder, "cache"));
    }

    /// <summary>The study's output folder.</summary>
    public string Folder { get; }

    /// <summary>True when every stage is recomputed whatever the cache holds.</summary>
    public bool Force { get; }

    /// <summary>The keys whose cached results <see cref="GetOrCompute"/> returned so far, in order.</summary>
    public IReadOnlyList<string> Reused
    {
        get
        {
            lock (_reused)
            {
                return [.. _reused];
            }
        }
    }

    /// <summary>
    /// Returns the cached result of <paramref name="key"/> when its fingerprint equals
    /// <paramref name="fingerprint"/> and <paramref name="stillValid"/> accepts it; otherwise runs
    /// <paramref name="compute"/>, stores its result atomically and returns it.
    /// </summary>
    public CachedValue<T> GetOrCompute<T>(string key, string fingerprint, Func<T> compute, Func<T, bool>? stillValid = null)
    {
        ArgumentNullException.ThrowIfNull(compute);
        if (!Force && TryLoad<T>(key, fingerprint) is { } cached && (stillValid?.Invoke(cached) ?? true))
        {
            lock (_reused)
            {
                _reused.Add(key);
            }

            return new CachedValue<T>(cached, FromCache: true);
        }

        var value = compute();
        Store(key, fingerprint, value);
        return new CachedValue<T>(value, FromCache: false);
    }

    /// <summary>The cached value of <paramref name="key"/> if its fingerprint matches, else default.</summary>
    public T? TryLoad<T>(string key, string fingerprint)
    {
        var path = EntryPath(key);
        if (!File.Exists(path))
        {
            return default;
        }

        try
        {
            var entry = JsonSerializer.Deserialize<Entry<T>>(File.ReadAllText(path), Json);
            return entry is not null && entry.Fingerprint == fingerprint ? entry.Value : default;
        }
        catch (JsonException)
        {
            return default; // an unreadable entry is recomputed, never trusted
        }
    }

    /// <summary>Stores <paramref name="value"/> under <paramref name="key"/> atomically.</summary>
    public void Store<T>(string key, string fingerprint, T value) =>
        AtomicFile.WriteAllText(EntryPath(key), JsonSerializer.Serialize(new Entry<T>(key, fingerprint, value), Json));

    /// <summary>A path inside the study folder (created on demand for its folder).</summary>
    public string PathOf(params string[] parts)
    {
        var path = Path.Combine([Folder, .. parts]);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        return path;
    }

    /// <summary>SHA-256 (hex) of the JSON form of <paramref name="parts"/>: the fingerprint of a stage's inputs.</summary>
    public static string Fingerprint(params object?[] parts) =>
        Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(JsonSerializer.Serialize(parts, Json))));

    /// <summary>SHA-256 (hex) of a file's bytes; empty when the file does not exist.</summary>
    public static string FileHash(string path)
    {
        if (!File.Exists(path))
        {
            return "";
        }

        using var stream = File.OpenRead(path);
        return Convert.ToHexString(SHA256.HashData(stream));
    }

    private string EntryPath(string key)
    {
        if (key.Length == 0 || key.Any(c => !(char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.')))
        {
            throw new ArgumentException($"cache key '{key}' must be letters, digits, '-', '_' or '.'", nameof(key));
        }

        return Path.Combine(Folder, "cache", key + ".json");
    }

    private sealed record Entry<T>(string Key, string Fingerprint, T Value);
}

/// <summary>A stage result and whether it came from the cache.</summary>
public readonly record struct CachedValue<T>(T Value, bool FromCache);
