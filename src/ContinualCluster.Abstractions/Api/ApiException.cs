using System.Text.RegularExpressions;

namespace ContinualCluster.Abstractions.Api;

/// <summary>A request the service refuses: carries the HTTP status, an error code and the field that was wrong.</summary>
public sealed partial class ApiException : Exception
{
    public ApiException(int status, string error, string? field, string detail) : base($"[{status} {error} {field ?? "-"}] {detail}")
    {
        Status = status;
        Error = error;
        Field = field;
        Detail = detail;
    }

    public int Status { get; }
    public string Error { get; }
    public string? Field { get; }

    /// <summary>The readable message without the status prefix.</summary>
    public string Detail { get; }

    public static ApiException Invalid(string field, string message) => new(400, "invalid_request", field, message);
    public static ApiException NotFound(string field, string message) => new(404, "not_found", field, message);
    public static ApiException Conflict(string field, string message) => new(409, "conflict", field, message);
    public static ApiException TooLarge(string field, string message) => new(413, "too_large", field, message);

    public ApiError ToError() => new(Error, Field, Detail);

    /// <summary>Rebuilds an ApiException from its message after it crossed a silo boundary; null when it is not one.</summary>
    public static ApiException? FromMessage(string message)
    {
        var m = Wire().Match(message);
        if (!m.Success) return null;
        string field = m.Groups[3].Value, detail = m.Groups[4].Value;
        int cut = detail.LastIndexOf(" (on silo ", StringComparison.Ordinal);
        if (cut > 0) detail = detail[..cut];
        return new ApiException(int.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture), m.Groups[2].Value,
            field == "-" ? null : field, detail);
    }

    [GeneratedRegex(@"^\[(\d{3}) (\S+) (\S+)\] (.*)$", RegexOptions.Singleline)]
    private static partial Regex Wire();
}
