using System.Security.Cryptography;
using Strangler.Gateway.Rollout.Model;

namespace Strangler.Gateway.Rollout.Loading;

/// <summary>Reads and validates rollout.json. The only I/O of loading; parsing and binding are pure.</summary>
internal static class RolloutFileLoader
{
    /// <param name="inForce">The revision in force, if any: its features whose text is unchanged are not bound again.</param>
    public static RolloutLoadResult Load(string path, RolloutSnapshot? inForce = null)
    {
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            var why = e is FileNotFoundException or DirectoryNotFoundException
                ? $"file not found: {Path.GetFullPath(path)}"
                : $"cannot read {Path.GetFullPath(path)} ({e.Message})";
            return new RolloutLoadResult(null, null, [new RolloutError(path, 1, 1, "$", why, RolloutErrorSeverity.Error)], []);
        }

        return Parse(path, bytes, inForce);
    }

    /// <summary>
    /// The content hash of the file as <see cref="Load"/> would report it, without parsing: null when
    /// the file cannot be read. Lets a periodic check skip a file that has not changed (parsing a large
    /// rollout allocates many times its size). Streams the file through a small buffer: a large file
    /// read whole would be a large-object allocation on every check.
    /// </summary>
    public static string? ContentHashOf(string path)
    {
        try
        {
            using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, bufferSize: 0);
            return Convert.ToHexStringLower(SHA256.HashData(file));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>Validates file content as if read from <paramref name="path"/>.</summary>
    /// <param name="inForce">As for <see cref="Load"/>.</param>
    public static RolloutLoadResult Parse(string path, byte[] bytes, RolloutSnapshot? inForce = null)
    {
        var hash = HashOf(bytes);
        var lines = new LineMap(bytes);
        var ctx = new BindContext(path, lines, inForce?.FeaturesByName);

        // Offsets stay relative to the whole file, so a UTF-8 byte order mark is skipped by position.
        var start = bytes.AsSpan().StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]) ? 3 : 0;
        var root = JsonTreeReader.Read(bytes.AsSpan(start), start, lines, out var errorOffset, out var errorPath, out var syntaxError);
        if (root is null)
        {
            ctx.Error(errorOffset, errorPath, syntaxError!);
            return new RolloutLoadResult(null, hash, ctx.Errors, []);
        }

        var snapshot = RolloutBinder.Bind(ctx, root, bytes, path, hash);
        return new RolloutLoadResult(ctx.HasErrors ? null : snapshot, hash, ctx.Errors, ctx.Warnings);
    }

    private static string HashOf(byte[] bytes) => Convert.ToHexStringLower(SHA256.HashData(bytes));
}
