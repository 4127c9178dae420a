using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Threading.Tasks;
using Civic311.Dataverse.Webhooks.Internal;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Microsoft.AspNetCore.Builder;

/// <summary>Maps the Dataverse webhook endpoint.</summary>
public static partial class DataverseWebhookEndpointExtensions
{
    /// <summary>
    /// Maps <c>POST {pattern}</c> to the Dataverse webhook receiver registered with <c>AddDataverseWebhook</c>. It answers
    /// 200 when the call was handled or deliberately ignored (a repeat, a write-back of Civic311's own, another table or
    /// message), 400 for a body that is not a RemoteExecutionContext (naming the JSON path), 401 for a missing or wrong key,
    /// 409 when the change cannot be applied to the case's lifecycle, 413 for an oversized body, 422 when Civic311 refuses the
    /// case (every validation problem listed), and 503 when handling ran out of time, kept losing races or Dataverse was
    /// unavailable (Dataverse retries a 503 once). Errors are RFC 7807 problem details; nothing changes on any 4xx.
    /// </summary>
    /// <param name="endpoints">The application's endpoints.</param>
    /// <param name="pattern">The route.</param>
    /// <returns>The endpoint's convention builder (to add host or rate-limit requirements, for example).</returns>
    public static IEndpointConventionBuilder MapDataverseWebhook(this IEndpointRouteBuilder endpoints, string pattern = "/dataverse/webhook")
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        ArgumentException.ThrowIfNullOrWhiteSpace(pattern);
        if (endpoints.ServiceProvider.GetService<WebhookProcessor>() is null)
        {
            throw new InvalidOperationException("The Dataverse webhook receiver is not registered: call services.AddCivic311(...).AddDataverseWebhook(...) first.");
        }

        return endpoints.MapPost(pattern, HandleAsync).WithDisplayName("Civic311 Dataverse webhook");
    }

    private static async Task HandleAsync(HttpContext context)
    {
        var processor = context.RequestServices.GetRequiredService<WebhookProcessor>();
        WebhookResult result;
        try
        {
            result = await processor.HandleAsync(context.Request, context.RequestAborted).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            return; // Dataverse hung up; nobody reads an answer
        }
#pragma warning disable CA1031 // the answer to Dataverse must be a problem document whatever failed
        catch (Exception ex)
#pragma warning restore CA1031
        {
            if (context.RequestServices.GetService<ILoggerFactory>() is { } loggers)
            {
                Log.Unexpected(loggers.CreateLogger("Civic311.Dataverse.Webhooks"), Civic311.PersonalData.Redact(ex));
            }

            result = WebhookResult.Fail(500, "error", "Civic311 failed unexpectedly while handling this call; see the receiver's log.");
        }

        if (result.RetryAfterSeconds is { } seconds)
        {
            context.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        }

        await ToResult(result).ExecuteAsync(context).ConfigureAwait(false);
    }

    private static IResult ToResult(WebhookResult result)
    {
        if (result.IsSuccess)
        {
            return TypedResults.Ok(new WebhookAnswer(result.Outcome, result.Detail, result.TrackingNumber, result.Actions));
        }

        var extensions = new Dictionary<string, object?> { ["outcome"] = result.Outcome };
        if (result.Path is not null)
        {
            extensions["path"] = result.Path;
        }

        if (result.TrackingNumber is not null)
        {
            extensions["trackingNumber"] = result.TrackingNumber;
        }

        if (result.Errors.Count > 0)
        {
            extensions["errors"] = result.Errors.Select(e => new { field = e.Field, code = e.Code, message = e.Message }).ToArray();
        }

        return TypedResults.Problem(result.Detail, statusCode: result.Status, title: Title(result.Status), extensions: extensions);
    }

    private static string Title(int status) => status switch
    {
        400 => "Malformed webhook payload",
        401 => "Webhook call not authenticated",
        409 => "Change not applicable to the case",
        413 => "Webhook payload too large",
        422 => "Case refused by Civic311",
        503 => "Try again",
        _ => "Webhook handling failed",
    };

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Error, "Dataverse webhook failed unexpectedly")]
        public static partial void Unexpected(ILogger logger, Exception exception);
    }

    private sealed record WebhookAnswer(string Outcome, string Detail, string? TrackingNumber, IReadOnlyList<string> Actions);
}
