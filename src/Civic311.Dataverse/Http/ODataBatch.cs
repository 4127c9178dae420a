using System;
using System.Collections.Generic;
using System.Globalization;
using System.Net.Http;
using System.Text;

namespace Civic311.Dataverse.Http;

/// <summary>One operation inside a <c>$batch</c> change set.</summary>
/// <param name="Method">The HTTP method (POST, PATCH, DELETE).</param>
/// <param name="Url">The URL relative to the Web API root (for example <c>incidents(…)</c>) or a <c>$n</c> reference.</param>
/// <param name="Body">The JSON body, or <see langword="null"/>.</param>
/// <param name="Headers">Extra headers (If-Match, If-None-Match, Prefer).</param>
internal sealed record BatchOperation(HttpMethod Method, string Url, string? Body, IReadOnlyList<KeyValuePair<string, string>>? Headers = null);

/// <summary>One answer inside a <c>$batch</c> response.</summary>
internal sealed record BatchResponse(int StatusCode, IReadOnlyDictionary<string, string> Headers, string Body, string? ContentId);

/// <summary>
/// Writes a <c>$batch</c> request holding one change set (all-or-nothing: Dataverse rolls the whole set back if any
/// operation fails) and reads the multipart answer, as documented for the Web API.
/// </summary>
internal static class ODataBatch
{
    private const string Crlf = "\r\n";

    /// <summary>
    /// Builds the request content: an optional change set (its operations get Content-ID 1, 2, 3…, which later operations
    /// in the set may reference as <c>$1</c>) followed by standalone operations (reads, or writes that may fail on their own).
    /// </summary>
    public static (string ContentType, string Body) Write(Uri apiRoot, IReadOnlyList<BatchOperation> changeSet, IReadOnlyList<BatchOperation> standalone, string id)
    {
        var batch = "batch_" + id;
        var changeSetBoundary = "changeset_" + id;
        var text = new StringBuilder(1024 * (changeSet.Count + standalone.Count + 1));
        if (changeSet.Count > 0)
        {
            text.Append("--").Append(batch).Append(Crlf)
                .Append("Content-Type: multipart/mixed; boundary=").Append(changeSetBoundary).Append(Crlf).Append(Crlf);
            for (var i = 0; i < changeSet.Count; i++)
            {
                text.Append("--").Append(changeSetBoundary).Append(Crlf);
                WriteOperation(text, apiRoot, changeSet[i], i + 1);
            }

            text.Append("--").Append(changeSetBoundary).Append("--").Append(Crlf);
        }

        foreach (var operation in standalone)
        {
            text.Append("--").Append(batch).Append(Crlf);
            WriteOperation(text, apiRoot, operation, contentId: null);
        }

        text.Append("--").Append(batch).Append("--").Append(Crlf);
        return ($"multipart/mixed; boundary={batch}", text.ToString());
    }

    private static void WriteOperation(StringBuilder text, Uri apiRoot, BatchOperation operation, int? contentId)
    {
        text.Append("Content-Type: application/http").Append(Crlf)
            .Append("Content-Transfer-Encoding: binary").Append(Crlf);
        if (contentId is { } cid)
        {
            text.Append("Content-ID: ").Append(cid.ToString(CultureInfo.InvariantCulture)).Append(Crlf);
        }

        text.Append(Crlf);
        var url = operation.Url.StartsWith('$') ? operation.Url : new Uri(apiRoot, operation.Url).AbsoluteUri;
        text.Append(operation.Method.Method).Append(' ').Append(url).Append(" HTTP/1.1").Append(Crlf);
        var ifNoneMatch = false;
        if (operation.Headers is { } headers)
        {
            foreach (var (name, value) in headers)
            {
                text.Append(name).Append(": ").Append(value).Append(Crlf);
                ifNoneMatch |= name.Equals("If-None-Match", StringComparison.OrdinalIgnoreCase);
            }
        }

        if (operation.Method == HttpMethod.Get && !ifNoneMatch)
        {
            text.Append("If-None-Match: null").Append(Crlf); // as on top-level reads (DataverseConnection)
        }

        if (operation.Body is { } body)
        {
            text.Append("Content-Type: application/json; type=entry").Append(Crlf).Append(Crlf).Append(body).Append(Crlf);
        }
        else
        {
            text.Append(Crlf);
        }
    }

    /// <summary>Reads every operation's answer from a <c>$batch</c> response, flattening change sets, in order.</summary>
    /// <exception cref="FormatException">The body is not a multipart batch response.</exception>
    public static List<BatchResponse> ReadResponses(string contentType, string body)
    {
        var responses = new List<BatchResponse>();
        ReadMultipart(BoundaryOf(contentType), body, responses);
        return responses;
    }

    private static void ReadMultipart(string boundary, string body, List<BatchResponse> responses)
    {
        var delimiter = "--" + boundary;
        var start = body.IndexOf(delimiter, StringComparison.Ordinal);
        if (start < 0)
        {
            throw new FormatException($"The batch response has no part delimited by '{boundary}'.");
        }

        while (true)
        {
            var partStart = start + delimiter.Length;
            if (string.CompareOrdinal(body, partStart, "--", 0, 2) == 0)
            {
                return; // the closing delimiter
            }

            var next = body.IndexOf(Crlf + delimiter, partStart, StringComparison.Ordinal);
            if (next < 0)
            {
                throw new FormatException($"The batch part after offset {partStart} is not closed by '{boundary}'.");
            }

            ReadPart(body.Substring(partStart, next - partStart).TrimStart('\r', '\n'), responses);
            start = next + Crlf.Length;
        }
    }

    private static void ReadPart(string part, List<BatchResponse> responses)
    {
        var (headers, content) = SplitHeaders(part);
        headers.TryGetValue("Content-Type", out var contentType);
        if (contentType is not null && contentType.StartsWith("multipart/mixed", StringComparison.OrdinalIgnoreCase))
        {
            ReadMultipart(BoundaryOf(contentType), content, responses);
            return;
        }

        headers.TryGetValue("Content-ID", out var contentId);
        var lineEnd = content.IndexOf(Crlf, StringComparison.Ordinal);
        var statusLine = lineEnd < 0 ? content : content[..lineEnd];
        var pieces = statusLine.Split(' ', 3);
        if (pieces.Length < 2 || !pieces[0].StartsWith("HTTP/", StringComparison.Ordinal)
            || !int.TryParse(pieces[1], NumberStyles.None, CultureInfo.InvariantCulture, out var status))
        {
            throw new FormatException($"'{statusLine}' is not an HTTP status line.");
        }

        var (responseHeaders, responseBody) = lineEnd < 0 ? (new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase), string.Empty) : SplitHeaders(content[(lineEnd + 2)..]);
        responses.Add(new BatchResponse(status, responseHeaders, responseBody.TrimEnd('\r', '\n'), contentId));
    }

    private static (Dictionary<string, string> Headers, string Content) SplitHeaders(string text)
    {
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        var position = 0;
        while (position < text.Length)
        {
            var end = text.IndexOf(Crlf, position, StringComparison.Ordinal);
            if (end < 0)
            {
                end = text.Length;
            }

            if (end == position)
            {
                return (headers, text[Math.Min(text.Length, end + 2)..]);
            }

            var line = text[position..end];
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            if (colon > 0)
            {
                headers[line[..colon].Trim()] = line[(colon + 1)..].Trim();
            }

            position = end + 2;
        }

        return (headers, string.Empty);
    }

    private static string BoundaryOf(string contentType)
    {
        foreach (var parameter in contentType.Split(';'))
        {
            var trimmed = parameter.Trim();
            if (trimmed.StartsWith("boundary=", StringComparison.OrdinalIgnoreCase))
            {
                return trimmed["boundary=".Length..].Trim('"');
            }
        }

        throw new FormatException($"The content type '{contentType}' names no multipart boundary.");
    }
}
