namespace ContinualCluster.Abstractions.Api;

/// <summary>A request the service refuses: carries the HTTP status, an error code and the field that was wrong.</summary>
public sealed class ApiException : Exception
{
    public ApiException(int status, string error, string? field, string message) : base(message)
    {
        Status = status;
        Error = error;
        Field = field;
    }

    public int Status { get; }
    public string Error { get; }
    public string? Field { get; }

    public static ApiException Invalid(string field, string message) => new(400, "invalid_request", field, message);
    public static ApiException NotFound(string field, string message) => new(404, "not_found", field, message);
    public static ApiException Conflict(string field, string message) => new(409, "conflict", field, message);
    public static ApiException TooLarge(string field, string message) => new(413, "too_large", field, message);

    public ApiError ToError() => new(Error, Field, Message);
}
