using System.Text;
using System.Text.Json;
using Clientele.Hosting;
using Clientele.JsonApi;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Clientele.Customers;

/// <summary>The anonymization_status values, in the order a request lives through them.</summary>
public static class AnonymizationStatus
{
    public const string Requested = "requested";
    public const string Started = "started";
    public const string Completed = "completed";
    public const string Failed = "failed";
    public const string Cancelled = "cancelled";
}

/// <summary>The _request_anonymization and _cancel_anonymization triggers, and the anonymization_info attribute.</summary>
public static class Anonymization
{
    private const string CancelPointer = "/data/attributes/_cancel_anonymization";

    /// <summary>
    /// Starts the grace period. A customer already requested, being anonymized or anonymized is left as it is (the
    /// request is already satisfied, and a retried PATCH must not push the due time back); after a cancellation or a
    /// failure it starts a new request.
    /// </summary>
    public static Task RequestAsync(RequestContext ctx, Customer customer)
    {
        if (customer.AnonymizationStatus is AnonymizationStatus.Requested or AnonymizationStatus.Started or AnonymizationStatus.Completed)
            return Task.CompletedTask;
        var now = ctx.Db.UtcNow;
        var grace = ctx.Services.GetRequiredService<IOptions<ClienteleOptions>>().Value.AnonymizationGraceHours;
        customer.AnonymizationStatus = AnonymizationStatus.Requested;
        customer.AnonymizationRequestedAt = now;
        customer.AnonymizationDueAt = now.AddHours(grace);
        customer.AnonymizationStartedAt = customer.AnonymizationCompletedAt = customer.AnonymizationCancelledAt = customer.AnonymizationFailedAt = null;
        return Task.CompletedTask;
    }

    /// <summary>
    /// Cancels a request that has not started. The job claims requests with a conditional update, so the cancel is one
    /// too: whichever reaches the row first wins, and a request the job has started can no longer be cancelled (422).
    /// </summary>
    public static async Task CancelAsync(RequestContext ctx, Customer customer)
    {
        var now = ctx.Db.UtcNow;
        var cancelled = await ctx.Db.Customers
            .Where(c => c.Id == customer.Id && c.AnonymizationStatus == AnonymizationStatus.Requested)
            .ExecuteUpdateAsync(s => s.SetProperty(c => c.AnonymizationStatus, AnonymizationStatus.Cancelled)
                .SetProperty(c => c.AnonymizationCancelledAt, now).SetProperty(c => c.UpdatedAt, now), ctx.Aborted);
        if (cancelled == 1)
        {
            customer.AnonymizationStatus = AnonymizationStatus.Cancelled;
            customer.AnonymizationCancelledAt = now;
            return;
        }
        var current = await ctx.Db.Customers.Where(c => c.Id == customer.Id).Select(c => c.AnonymizationStatus).FirstOrDefaultAsync(ctx.Aborted);
        // Nothing requested, or already cancelled: there is nothing left to stop.
        if (current is null or AnonymizationStatus.Cancelled) return;
        ctx.Errors.Add(JsonApiError.Validation(CancelPointer, "invalid", $"cannot be applied: the anonymization is {current}"));
    }

    /// <summary>anonymization_info: the status and the timestamps of the request's life; null before any request.</summary>
    public static string? InfoOf(Customer c)
    {
        if (c.AnonymizationStatus is null) return null;
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            w.WriteString("status", c.AnonymizationStatus);
            Timestamp(w, "requested_at", c.AnonymizationRequestedAt);
            Timestamp(w, "started_at", c.AnonymizationStartedAt);
            Timestamp(w, "completed_at", c.AnonymizationCompletedAt);
            Timestamp(w, "cancelled_at", c.AnonymizationCancelledAt);
            Timestamp(w, "failed_at", c.AnonymizationFailedAt);
            w.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    private static void Timestamp(Utf8JsonWriter w, string name, DateTime? value)
    {
        if (value is { } v) w.WriteString(name, AttributeField.FormatDateTime(v));
        else w.WriteNull(name);
    }
}
