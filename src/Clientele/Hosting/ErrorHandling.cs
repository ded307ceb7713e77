using Clientele.JsonApi;

namespace Clientele.Hosting;

/// <summary>Every failure leaves as a JSON:API error document; a 500 is logged as the bug it is.</summary>
public sealed class ErrorHandling(RequestDelegate next, ILogger<ErrorHandling> logger)
{
    public async Task InvokeAsync(HttpContext http)
    {
        try
        {
            await next(http);
            if (http.Response is { HasStarted: false, StatusCode: 404 or 405 } && http.Response.ContentLength is null)
                await WriteAsync(http, http.Response.StatusCode == 404
                    ? [JsonApiError.NotFound()]
                    : [new JsonApiError(405, "METHOD_NOT_ALLOWED", "Method not allowed", $"{http.Request.Method} is not allowed here")]);
        }
        catch (JsonApiException e)
        {
            await WriteAsync(http, e.Errors, e.Status);
        }
        catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            await WriteAsync(http, [new JsonApiError(413, "PAYLOAD_TOO_LARGE", "Payload too large", "The request body is larger than 1 MB")]);
        }
        catch (BadHttpRequestException e)
        {
            await WriteAsync(http, [new JsonApiError(400, "BAD_REQUEST", "Bad request", e.Message)]);
        }
        catch (OperationCanceledException) when (http.RequestAborted.IsCancellationRequested)
        {
            // The client went away; there is nobody to answer.
        }
        catch (Exception e)
        {
            logger.LogError(e, "Unhandled exception on {Method} {Path}", http.Request.Method, http.Request.Path);
            await WriteAsync(http, [JsonApiError.Internal()]);
        }
    }

    private static async Task WriteAsync(HttpContext http, IReadOnlyList<JsonApiError> errors, int? status = null)
    {
        if (http.Response.HasStarted) return;
        http.Response.Clear();
        await DocumentWriter.WriteErrorsAsync(http, errors, status ?? errors[0].Status);
    }
}

/// <summary>JSON:API media-type negotiation for /api: 406 for an Accept it cannot meet, 415 for a body of another type.</summary>
public sealed class MediaTypeNegotiation(RequestDelegate next)
{
    public Task InvokeAsync(HttpContext http)
    {
        if (!http.Request.Path.StartsWithSegments("/api")) return next(http);
        var accept = http.Request.Headers.Accept.ToString();
        if (accept.Length > 0 && !accept.Split(',').Select(a => a.Split(';')[0].Trim()).Any(a => IsMediaType(a, DocumentWriter.MediaType) || a is "*/*" || IsMediaType(a, "application/*")))
            throw new JsonApiException(new JsonApiError(406, "NOT_ACCEPTABLE", "Not acceptable", $"The Accept header must allow {DocumentWriter.MediaType}"));
        var hasBody = http.Request.ContentLength > 0 || http.Request.Headers.TransferEncoding.Count > 0;
        if (hasBody && http.Request.Method is "POST" or "PATCH" or "PUT"
            && !IsMediaType(http.Request.ContentType?.Split(';')[0].Trim(), DocumentWriter.MediaType))
            throw new JsonApiException(new JsonApiError(415, "UNSUPPORTED_MEDIA_TYPE", "Unsupported media type", $"The body must be sent as {DocumentWriter.MediaType}"));
        return next(http);
    }

    // Media type names are case-insensitive (RFC 9110, 8.3.1).
    private static bool IsMediaType(string? value, string mediaType) => string.Equals(value, mediaType, StringComparison.OrdinalIgnoreCase);
}
