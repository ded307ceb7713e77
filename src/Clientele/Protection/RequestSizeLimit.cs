using Clientele.Hosting;

namespace Clientele.Protection;

/// <summary>
/// Refuses a body announced as larger than the limit before anything reads it. Kestrel enforces the same limit on
/// bodies without a Content-Length (chunked) while they are read; both end as 413 PAYLOAD_TOO_LARGE.
/// </summary>
public sealed class RequestSizeLimit(RequestDelegate next)
{
    public Task InvokeAsync(HttpContext http)
    {
        if (http.Request.ContentLength > ClienteleApp.MaxBodyBytes)
            throw new BadHttpRequestException($"The request body is larger than {ClienteleApp.MaxBodyBytes} bytes", StatusCodes.Status413PayloadTooLarge);
        return next(http);
    }
}
