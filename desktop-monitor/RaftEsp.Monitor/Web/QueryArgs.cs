using System.Globalization;
using Microsoft.AspNetCore.Http;

namespace RaftEsp.Monitor.Web;

/// <summary>Strict parsing of integer query arguments: one value, decimal digits with an optional sign, in range.</summary>
internal static class QueryArgs
{
    public static bool TryInt(HttpRequest request, string name, int min, int max, out int value, out string error)
    {
        value = 0;
        error = "";
        var values = request.Query[name];
        if (values.Count == 0 || string.IsNullOrWhiteSpace(values[0]))
        {
            error = $"'{name}' is required";
            return false;
        }

        if (values.Count > 1)
        {
            error = $"'{name}' is given more than once";
            return false;
        }

        if (!int.TryParse(values[0], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out value))
        {
            error = $"'{name}' must be a whole number from {min} to {max}, not '{values[0]}'";
            return false;
        }

        if (value < min || value > max)
        {
            error = $"'{name}' must be from {min} to {max}, not {value}";
            return false;
        }

        return true;
    }
}
