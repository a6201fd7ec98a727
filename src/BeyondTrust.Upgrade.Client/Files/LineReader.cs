using System.IO;
using System.Text;

namespace BeyondTrust.Upgrade.Client.Files;

/// <summary>Reads one '\n'-terminated line from a stream byte by byte, leaving the stream right after it.</summary>
internal static class LineReader
{
    /// <summary>Reads raw line bytes (without the newline and a trailing '\r'); null at end of stream or past max.</summary>
    public static byte[]? ReadLineBytes(Stream stream, int max)
    {
        using var ms = new MemoryStream();
        while (true)
        {
            var b = stream.ReadByte();
            if (b < 0)
            {
                return null;
            }

            if (b == '\n')
            {
                break;
            }

            if (ms.Length >= max)
            {
                return null;
            }

            ms.WriteByte((byte)b);
        }

        var bytes = ms.ToArray();
        if (bytes.Length > 0 && bytes[bytes.Length - 1] == '\r')
        {
            System.Array.Resize(ref bytes, bytes.Length - 1);
        }

        return bytes;
    }

    public static string? ReadLine(Stream stream, int max)
    {
        var bytes = ReadLineBytes(stream, max);
        return bytes is null ? null : Encoding.UTF8.GetString(bytes);
    }
}
