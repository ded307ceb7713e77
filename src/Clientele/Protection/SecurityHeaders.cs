namespace Clientele.Protection;

/// <summary>
/// Headers on every response that stop browsers from sniffing, framing or leaking the API's URLs; token responses
/// must never be cached (RFC 6749, 5.1).
/// </summary>
public sealed class SecurityHeaders(RequestDelegate next)
{
    public Task InvokeAsync(HttpContext http)
    {
        // On starting, so that an error handler clearing the response first does not drop them.
        http.Response.OnStarting(() =>
        {
            var headers = http.Response.Headers;
            headers.XContentTypeOptions = "nosniff";
            headers.XFrameOptions = "DENY";
            headers["Referrer-Policy"] = "no-referrer";
            if (http.Request.Path.StartsWithSegments("/oauth"))
            {
                headers.CacheControl = "no-store";
                headers.Pragma = "no-cache";
            }
            return Task.CompletedTask;
        });
        return next(http);
    }
}
