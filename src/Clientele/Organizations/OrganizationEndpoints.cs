using System.Text.Json;
using Clientele.Auth;
using Clientele.JsonApi;
using Clientele.Persistence;
using Microsoft.EntityFrameworkCore;

namespace Clientele.Organizations;

/// <summary>The singletons GET /api/organization and GET /api/application: the token's own organization and application.</summary>
public static class OrganizationEndpoints
{
    public static void MapOrganizationEndpoints(this IEndpointRouteBuilder api)
    {
        api.MapGet("/organization", OrganizationAsync).RequireAuthorization().WithTags("organization");
        api.MapGet("/application", ApplicationAsync).RequireAuthorization().WithTags("application");
    }

    private static async Task OrganizationAsync(HttpContext http, AppDb db)
    {
        var caller = http.GetCaller();
        var organization = await db.Organizations.AsNoTracking().FirstAsync(o => o.Id == caller.OrganizationId, http.RequestAborted);
        await WriteAsync(http, "organizations", organization.Id, caller, w =>
        {
            w.WriteString("name", organization.Name);
            w.WriteString("slug", organization.Slug);
            w.WriteString("created_at", AttributeField.FormatDateTime(organization.CreatedAt));
            w.WriteString("updated_at", AttributeField.FormatDateTime(organization.UpdatedAt));
        });
    }

    private static async Task ApplicationAsync(HttpContext http, AppDb db)
    {
        var caller = http.GetCaller();
        var application = await db.Applications.AsNoTracking().FirstAsync(a => a.Id == caller.ApplicationId, http.RequestAborted);
        await WriteAsync(http, "applications", application.Id, caller, w =>
        {
            w.WriteString("name", application.Name);
            w.WriteString("kind", application.Kind);
            w.WriteString("client_id", application.ClientId);
            w.WriteBoolean("public", application.SecretHash is null);
            w.WriteBoolean("confidential", application.SecretHash is not null);
            w.WriteString("created_at", AttributeField.FormatDateTime(application.CreatedAt));
            w.WriteString("updated_at", AttributeField.FormatDateTime(application.UpdatedAt));
        });
    }

    private static Task WriteAsync(HttpContext http, string type, string id, Caller caller, Action<Utf8JsonWriter> attributes) =>
        DocumentWriter.WriteAsync(http, 200, w =>
        {
            w.WriteStartObject();
            w.WriteStartObject("data");
            w.WriteString("id", id);
            w.WriteString("type", type);
            w.WriteStartObject("links");
            // The singleton's own URL: /api/organization or /api/application.
            w.WriteString("self", $"{http.Request.Scheme}://{http.Request.Host}{http.Request.PathBase}{http.Request.Path}");
            w.WriteEndObject();
            w.WriteStartObject("attributes");
            attributes(w);
            w.WriteEndObject();
            w.WriteStartObject("meta");
            w.WriteString("mode", caller.Mode);
            w.WriteString("organization_id", caller.OrganizationId);
            w.WriteEndObject();
            w.WriteEndObject();
            w.WriteEndObject();
        });
}
