using System.Text.Json;

namespace Clientele.JsonApi;

/// <summary>One entry of a JSON:API "errors" array, shaped like Commerce Layer's.</summary>
public sealed record JsonApiError(int Status, string Code, string Title, string Detail, string? Pointer = null, string? Parameter = null, string? MetaError = null)
{
    /// <summary>422 on one attribute, e.g. ("email", "taken", "has already been taken").</summary>
    public static JsonApiError Validation(string pointer, string error, string title) =>
        new(422, "VALIDATION_ERROR", title, $"{pointer[(pointer.LastIndexOf('/') + 1)..]} - {title}", pointer, MetaError: error);

    public static JsonApiError Blank(string pointer) => Validation(pointer, "blank", "can't be blank");
    public static JsonApiError Invalid(string pointer) => Validation(pointer, "invalid", "is invalid");
    public static JsonApiError Taken(string pointer) => Validation(pointer, "taken", "has already been taken");
    public static JsonApiError TooLong(string pointer, int max) => Validation(pointer, "too_long", $"is too long (maximum is {max} characters)");
    public static JsonApiError TooShort(string pointer, int min) => Validation(pointer, "too_short", $"is too short (minimum is {min} characters)");

    /// <summary>400 naming the query parameter at fault.</summary>
    public static JsonApiError BadParameter(string code, string parameter, string detail) =>
        new(400, code, "Invalid parameter", detail, Parameter: parameter);

    /// <summary>400 naming the body member at fault.</summary>
    public static JsonApiError BadBody(string code, string pointer, string detail) =>
        new(400, code, "Bad request", detail, Pointer: pointer);

    public static JsonApiError NotFound() => new(404, "RECORD_NOT_FOUND", "Record not found", "The requested resource was not found");
    public static JsonApiError Unauthorized(string detail = "You are not authorized to perform this action") => new(401, "UNAUTHORIZED", "Unauthorized", detail);
    public static JsonApiError InvalidToken() => new(401, "INVALID_TOKEN", "Invalid token", "The access token you provided is invalid");
    public static JsonApiError Locked(string detail) => new(423, "LOCKED", "Locked", detail);
    public static JsonApiError Internal() => new(500, "INTERNAL_SERVER_ERROR", "Internal server error", "Something went wrong");

    internal void WriteTo(Utf8JsonWriter w)
    {
        w.WriteStartObject();
        w.WriteString("title", Title);
        w.WriteString("detail", Detail);
        w.WriteString("code", Code);
        w.WriteString("status", Status.ToString(System.Globalization.CultureInfo.InvariantCulture));
        if (Pointer is not null || Parameter is not null)
        {
            w.WriteStartObject("source");
            if (Pointer is not null) w.WriteString("pointer", Pointer);
            if (Parameter is not null) w.WriteString("parameter", Parameter);
            w.WriteEndObject();
        }
        if (MetaError is not null)
        {
            w.WriteStartObject("meta");
            w.WriteString("error", MetaError);
            w.WriteEndObject();
        }
        w.WriteEndObject();
    }
}

/// <summary>Thrown to stop a request with one or more errors; the error middleware writes them.</summary>
public sealed class JsonApiException(IReadOnlyList<JsonApiError> errors) : Exception(errors[0].Detail)
{
    public JsonApiException(JsonApiError error) : this([error]) { }

    public IReadOnlyList<JsonApiError> Errors { get; } = errors;

    /// <summary>The status of the response: the common one, or 400 when 4xx errors differ.</summary>
    public int Status => Errors.Select(e => e.Status).Distinct().Count() == 1 ? Errors[0].Status
        : Errors.All(e => e.Status is >= 400 and < 500) ? 400 : 500;

    /// <summary>Throws when any error has been collected.</summary>
    public static void ThrowIfAny(List<JsonApiError> errors)
    {
        if (errors.Count > 0) throw new JsonApiException(errors.ToArray());
    }
}
