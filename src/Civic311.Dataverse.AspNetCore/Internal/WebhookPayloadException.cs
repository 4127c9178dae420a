using System;

namespace Civic311.Dataverse.Webhooks.Internal;

/// <summary>The posted body is not a RemoteExecutionContext the receiver can read; names the JSON path at fault.</summary>
internal sealed class WebhookPayloadException : Exception
{
    public WebhookPayloadException(string path, string problem, Exception? innerException = null)
        : base($"{path}: {problem}", innerException)
    {
        Path = path;
        Problem = problem;
    }

    /// <summary>Gets the JSON path, for example <c>$.InputParameters[0].value.Attributes[3].value</c>.</summary>
    public string Path { get; }

    /// <summary>Gets what is wrong there.</summary>
    public string Problem { get; }
}
