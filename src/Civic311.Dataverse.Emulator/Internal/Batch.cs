using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace Civic311.Dataverse.Emulator.Internal;

/// <summary>
/// <c>POST $batch</c> (execute-batch-operations-using-web-api.md): a multipart/mixed body of <c>application/http</c>
/// parts and change sets. Requests run in order; a change set is atomic (a failure rolls back all of it and its
/// response is the single failing response); <c>$n</c> refers to the row a change-set part with <c>Content-ID: n</c>
/// created. Without <c>Prefer: odata.continue-on-error</c> the batch stops at the first failure and takes its status.
/// </summary>
internal static partial class Batch
{
    public static EmulatorResponse Execute(Processor processor, DataStore store, DataverseEmulatorOptions options, OperationRequest request)
    {
        var boundary = Boundary(request.Header("Content-Type"))
            ?? throw EmulatorError.BadRequest(string.Empty, "A $batch request needs Content-Type: multipart/mixed; boundary=batch_...");
        var items = Parts(request.Body ?? string.Empty, boundary);
        var total = items.Sum(i => i.ChangeSet?.Count ?? 1);
        if (total > options.MaxBatchRequests)
        {
            throw EmulatorError.BadRequest(ErrorCodes.InvalidArgument, $"The number of requests in the batch ({total}) exceeds the limit of {options.MaxBatchRequests}.");
        }

        var continueOnError = request.Prefer.ContinueOnError;
        var responseBoundary = "batchresponse_" + Guid.NewGuid().ToString("D");
        var text = new StringBuilder();
        var status = 200;
        foreach (var item in items)
        {
            int failed;
            lock (store.Sync)
            {
                failed = item.ChangeSet is null
                    ? WriteSingle(processor, item.Request!, text, responseBoundary)
                    : WriteChangeSet(processor, item.ChangeSet, text, responseBoundary);
            }

            if (failed != 0 && !continueOnError)
            {
                status = failed;
                break;
            }
        }

        text.Append("--").Append(responseBoundary).Append("--\r\n");
        return new EmulatorResponse(status) { ContentType = "multipart/mixed; boundary=" + responseBoundary, Body = text.ToString() };
    }

    /// <returns>The failing status, or 0.</returns>
    private static int WriteSingle(Processor processor, OperationRequest request, StringBuilder text, string boundary)
    {
        var response = processor.Execute(request, new OperationScope { InBatch = true });
        text.Append("--").Append(boundary).Append("\r\n");
        WritePart(text, response, contentId: null);
        return response.Status >= 400 ? response.Status : 0;
    }

    private static int WriteChangeSet(Processor processor, List<(string? ContentId, OperationRequest Request)> changeSet, StringBuilder text, string boundary)
    {
        var scope = new OperationScope { InBatch = true, ContentIds = new Dictionary<string, string>(StringComparer.Ordinal) };
        var responses = new List<(string?, EmulatorResponse)>();
        foreach (var (contentId, request) in changeSet)
        {
            var response = request.Method.Equals("GET", StringComparison.OrdinalIgnoreCase)
                ? EmulatorResponse.Error(400, string.Empty, "GET requests are not allowed in a change set.")
                : processor.Execute(request, scope);
            if (response.Status >= 400)
            {
                scope.Undo.RollbackTo(0);
                text.Append("--").Append(boundary).Append("\r\n");
                WritePart(text, response, contentId: null);
                return response.Status;
            }

            if (contentId is not null && response.Headers.FirstOrDefault(h => h.Key == "OData-EntityId").Value is { } url)
            {
                scope.ContentIds[contentId] = Processor.RelativePath(url, scope);
            }

            responses.Add((contentId, response));
        }

        var changeSetBoundary = "changesetresponse_" + Guid.NewGuid().ToString("D");
        text.Append("--").Append(boundary).Append("\r\n")
            .Append("Content-Type: multipart/mixed; boundary=").Append(changeSetBoundary).Append("\r\n\r\n");
        foreach (var (contentId, response) in responses)
        {
            text.Append("--").Append(changeSetBoundary).Append("\r\n");
            WritePart(text, response, contentId);
        }

        text.Append("--").Append(changeSetBoundary).Append("--\r\n");
        return 0;
    }

    /// <summary>One <c>application/http</c> part: its MIME headers, the status line, headers, a blank line and the body.</summary>
    private static void WritePart(StringBuilder text, EmulatorResponse response, string? contentId)
    {
        text.Append("Content-Type: application/http\r\nContent-Transfer-Encoding: binary\r\n");
        if (contentId is not null)
        {
            text.Append("Content-ID: ").Append(contentId).Append("\r\n");
        }

        text.Append("\r\n")
            .Append("HTTP/1.1 ").Append(response.Status.ToString(CultureInfo.InvariantCulture)).Append(' ').Append(Reason(response.Status)).Append("\r\n");
        if (response.ContentType is not null && response.Body is not null)
        {
            text.Append("Content-Type: ").Append(response.ContentType).Append("\r\n");
        }

        text.Append("OData-Version: 4.0\r\n");
        foreach (var (name, value) in response.Headers)
        {
            text.Append(name).Append(": ").Append(value).Append("\r\n");
        }

        text.Append("\r\n").Append(response.Body ?? string.Empty).Append("\r\n");
    }

    internal static string Reason(int status) => status switch
    {
        200 => "OK",
        201 => "Created",
        204 => "No Content",
        304 => "Not Modified",
        400 => "Bad Request",
        401 => "Unauthorized",
        403 => "Forbidden",
        404 => "Not Found",
        405 => "Method Not Allowed",
        412 => "Precondition Failed",
        413 => "Payload Too Large",
        429 => "Too Many Requests",
        500 => "Internal Server Error",
        501 => "Not Implemented",
        502 => "Bad Gateway",
        503 => "Service Unavailable",
        504 => "Gateway Timeout",
        _ => "Status",
    };

    private sealed record Item(OperationRequest? Request, List<(string? ContentId, OperationRequest Request)>? ChangeSet);

    private static List<Item> Parts(string body, string boundary)
    {
        var items = new List<Item>();
        foreach (var (headers, content) in SplitMultipart(body, boundary))
        {
            var type = headers.GetValueOrDefault("Content-Type") ?? string.Empty;
            if (type.StartsWith("multipart/mixed", StringComparison.OrdinalIgnoreCase))
            {
                var changeSetBoundary = Boundary(type) ?? throw EmulatorError.BadRequest(string.Empty, "A change set needs a boundary.");
                var operations = new List<(string?, OperationRequest)>();
                foreach (var (partHeaders, partContent) in SplitMultipart(content, changeSetBoundary))
                {
                    operations.Add((partHeaders.GetValueOrDefault("Content-ID"), ParseHttp(partHeaders, partContent)));
                }

                items.Add(new Item(null, operations));
            }
            else
            {
                items.Add(new Item(ParseHttp(headers, content), null));
            }
        }

        return items;
    }

    private static OperationRequest ParseHttp(Dictionary<string, string> partHeaders, string content)
    {
        if (!(partHeaders.GetValueOrDefault("Content-Type") ?? string.Empty).StartsWith("application/http", StringComparison.OrdinalIgnoreCase))
        {
            throw EmulatorError.BadRequest(string.Empty, "Each batch part must have Content-Type: application/http (or be a multipart/mixed change set).");
        }

        var (lines, bodyText) = SplitHead(content);
        if (lines.Count == 0)
        {
            throw EmulatorError.BadRequest(string.Empty, "A batch part has no request line.");
        }

        var requestLine = lines[0].Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (requestLine.Length < 2)
        {
            throw EmulatorError.BadRequest(string.Empty, $"Invalid request line in a batch part: '{lines[0]}'.");
        }

        if (requestLine[1].Contains("$batch", StringComparison.Ordinal))
        {
            throw EmulatorError.BadRequest(string.Empty, "Batch requests cannot be nested.");
        }

        var headers = HeaderLines(lines.Skip(1));
        return new OperationRequest(requestLine[0], requestLine[1], headers, bodyText.Length == 0 ? null : bodyText);
    }

    private static List<(Dictionary<string, string> Headers, string Content)> SplitMultipart(string body, string boundary)
    {
        var delimiter = "--" + boundary;
        var parts = new List<(Dictionary<string, string>, string)>();
        var position = body.IndexOf(delimiter, StringComparison.Ordinal);
        if (position < 0)
        {
            throw EmulatorError.BadRequest(string.Empty, $"The multipart body has no boundary '{boundary}'.");
        }

        while (true)
        {
            position += delimiter.Length;
            if (string.CompareOrdinal(body, position, "--", 0, 2) == 0)
            {
                return parts;
            }

            var start = body.IndexOf('\n', position) + 1;
            var next = NextDelimiter(body, delimiter, start);
            if (start <= 0 || next < 0)
            {
                throw EmulatorError.BadRequest(string.Empty, $"The multipart body is not closed by '{delimiter}--'.");
            }

            var partEnd = next > 0 && body[next - 1] == '\n' ? (next > 1 && body[next - 2] == '\r' ? next - 2 : next - 1) : next;
            var (lines, content) = SplitHead(body[start..partEnd]);
            parts.Add((HeaderLines(lines), content));
            position = next;
        }
    }

    private static int NextDelimiter(string body, string delimiter, int from)
    {
        var index = from;
        while ((index = body.IndexOf(delimiter, index, StringComparison.Ordinal)) >= 0)
        {
            if (index == 0 || body[index - 1] == '\n')
            {
                return index;
            }

            index += delimiter.Length;
        }

        return -1;
    }

    /// <summary>Splits header lines from the body at the first blank line (CRLF or LF line ends).</summary>
    private static (List<string> Lines, string Body) SplitHead(string text)
    {
        var lines = new List<string>();
        var position = 0;
        while (position < text.Length)
        {
            var end = text.IndexOf('\n', position);
            var line = (end < 0 ? text[position..] : text[position..end]).TrimEnd('\r');
            position = end < 0 ? text.Length : end + 1;
            if (line.Length == 0)
            {
                if (lines.Count == 0)
                {
                    continue;
                }

                return (lines, text[position..].Trim('\r', '\n'));
            }

            lines.Add(line);
        }

        return (lines, string.Empty);
    }

    private static Dictionary<string, string> HeaderLines(IEnumerable<string> lines)
    {
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var line in lines)
        {
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            if (colon > 0)
            {
                headers[line[..colon].Trim()] = line[(colon + 1)..].Trim();
            }
        }

        return headers;
    }

    internal static string? Boundary(string? contentType)
    {
        if (contentType is null || !contentType.StartsWith("multipart/mixed", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        var match = BoundaryPattern().Match(contentType);
        return match.Success ? match.Groups[1].Value : null;
    }

    [GeneratedRegex("boundary=\"?([^\";]+)\"?", RegexOptions.IgnoreCase)]
    private static partial Regex BoundaryPattern();
}
