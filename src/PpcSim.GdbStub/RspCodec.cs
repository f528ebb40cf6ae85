using System.Globalization;
using System.Text;

namespace PpcSim.GdbStub;

/// <summary>
/// The byte-level rules of gdb's Remote Serial Protocol ("Overview" and "Binary Data" in gdb's
/// manual, appendix E): a packet is <c>$data#cc</c> with cc the modulo-256 sum of data in two
/// lower-case hex digits; inside data, '}' escapes the next byte (XOR 0x20), and '*' followed by
/// a count character c repeats the previous character c-29 more times (run-length encoding).
/// </summary>
public static class RspCodec
{
    public const byte Escape = (byte)'}';
    public const byte RunLength = (byte)'*';

    public static byte Checksum(ReadOnlySpan<byte> data)
    {
        byte sum = 0;
        foreach (byte b in data) sum += b;
        return sum;
    }

    /// <summary>The framed packet for <paramref name="payload"/> (already escaped where needed).</summary>
    public static byte[] Frame(ReadOnlySpan<byte> payload)
    {
        var buf = new byte[payload.Length + 4];
        buf[0] = (byte)'$';
        payload.CopyTo(buf.AsSpan(1));
        buf[^3] = (byte)'#';
        byte sum = Checksum(payload);
        buf[^2] = HexDigit(sum >> 4);
        buf[^1] = HexDigit(sum & 15);
        return buf;
    }

    public static byte[] Frame(string payload) => Frame(Encoding.Latin1.GetBytes(payload));

    /// <summary>Escapes binary data for a reply or an X packet: '#', '$', '}' and '*' become '}' + (b ^ 0x20).</summary>
    public static byte[] EscapeBinary(ReadOnlySpan<byte> data)
    {
        var o = new List<byte>(data.Length + 8);
        foreach (byte b in data)
        {
            if (b is (byte)'#' or (byte)'$' or (byte)'}' or (byte)'*')
            {
                o.Add(Escape);
                o.Add((byte)(b ^ 0x20));
            }
            else
            {
                o.Add(b);
            }
        }
        return [.. o];
    }

    /// <summary>Undoes '}' escapes (X packet data). Null if the data ends in a lone escape.</summary>
    public static byte[]? UnescapeBinary(ReadOnlySpan<byte> data)
    {
        var o = new List<byte>(data.Length);
        for (int i = 0; i < data.Length; i++)
        {
            if (data[i] == Escape)
            {
                if (++i >= data.Length) return null;
                o.Add((byte)(data[i] ^ 0x20));
            }
            else
            {
                o.Add(data[i]);
            }
        }
        return [.. o];
    }

    /// <summary>
    /// Expands run-length encoding ("X*c" = X repeated c-29+1 times in all). Escaped bytes are left
    /// as they are (the count applies to the decoded text, and gdb never run-length encodes binary
    /// data). Null if the encoding is malformed: '*' first, or a count outside the allowed range.
    /// </summary>
    public static byte[]? ExpandRunLength(ReadOnlySpan<byte> data)
    {
        if (data.IndexOf(RunLength) < 0) return data.ToArray();
        var o = new List<byte>(data.Length * 2);
        for (int i = 0; i < data.Length; i++)
        {
            byte b = data[i];
            if (b != RunLength)
            {
                o.Add(b);
                continue;
            }
            if (o.Count == 0 || i + 1 >= data.Length) return null;
            int n = data[++i] - 29;
            // Counts that would make '#' or '$' (6, 7) are not allowed; valid counts are 3..97.
            if (n < 3 || n > 97 || n == 6 || n == 7) return null;
            byte prev = o[^1];
            for (int k = 0; k < n; k++) o.Add(prev);
        }
        return [.. o];
    }

    public static byte HexDigit(int v) => (byte)"0123456789abcdef"[v & 15];

    public static int HexValue(byte c) => c switch
    {
        >= (byte)'0' and <= (byte)'9' => c - '0',
        >= (byte)'a' and <= (byte)'f' => c - 'a' + 10,
        >= (byte)'A' and <= (byte)'F' => c - 'A' + 10,
        _ => -1,
    };

    public static string ToHex(ReadOnlySpan<byte> data)
    {
        var sb = new StringBuilder(data.Length * 2);
        foreach (byte b in data) sb.Append((char)HexDigit(b >> 4)).Append((char)HexDigit(b));
        return sb.ToString();
    }

    /// <summary>Hex text to bytes; null if the length is odd or a character is not a hex digit.</summary>
    public static byte[]? FromHex(ReadOnlySpan<char> hex)
    {
        if ((hex.Length & 1) != 0) return null;
        var o = new byte[hex.Length / 2];
        for (int i = 0; i < o.Length; i++)
        {
            int hi = HexValue((byte)hex[2 * i]), lo = HexValue((byte)hex[2 * i + 1]);
            if (hi < 0 || lo < 0 || hex[2 * i] > 127 || hex[2 * i + 1] > 127) return null;
            o[i] = (byte)(hi << 4 | lo);
        }
        return o;
    }

    /// <summary>A big-endian hex number as gdb writes addresses and lengths ("1000a8"); false if empty or not hex.</summary>
    public static bool TryParseHex(ReadOnlySpan<char> s, out ulong value)
    {
        value = 0;
        return s.Length is > 0 and <= 16 && ulong.TryParse(s, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out value);
    }
}
