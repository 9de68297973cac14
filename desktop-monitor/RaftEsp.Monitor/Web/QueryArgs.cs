using System.Globalization;
using Microsoft.AspNetCore.Http;

namespace RaftEsp.Monitor.Web;

/// <summary>
/// Strict parsing of query arguments: each given exactly once; integers are decimal digits with an optional leading
/// '-', nothing else (no '+', spaces, separators or trailing NULs, which int.TryParse would let through), in range.
/// </summary>
internal static class QueryArgs
{
    /// <summary>The one value of argument <paramref name="name"/>: missing, empty or repeated is an error.</summary>
    public static bool TryOne(HttpRequest request, string name, out string value, out string error)
    {
        value = "";
        error = "";
        var values = request.Query[name];
        if (values.Count > 1)
        {
            error = $"'{name}' is given more than once";
            return false;
        }

        if (values.Count == 0 || string.IsNullOrWhiteSpace(values[0]))
        {
            error = $"'{name}' is required";
            return false;
        }

        value = values[0]!;
        return true;
    }

    public static bool TryInt(HttpRequest request, string name, int min, int max, out int value, out string error)
    {
        value = 0;
        if (!TryOne(request, name, out string text, out error)) return false;
        if (!IsDecimal(text) || !int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out value))
        {
            error = $"'{name}' must be a whole number from {min} to {max}, not '{Printable(text)}'";
            return false;
        }

        if (value < min || value > max)
        {
            error = $"'{name}' must be from {min} to {max}, not {value}";
            return false;
        }

        return true;
    }

    private static bool IsDecimal(string text)
    {
        int start = text.StartsWith('-') ? 1 : 0;
        if (text.Length == start) return false;
        for (int i = start; i < text.Length; i++)
        {
            if (text[i] is < '0' or > '9') return false;
        }

        return true;
    }

    /// <summary>The argument as shown in an error: control characters escaped, so the JSON stays readable.</summary>
    private static string Printable(string text) =>
        string.Concat(text.Select(c => char.IsControl(c) ? $"\\u{(int)c:x4}" : c.ToString()));
}
