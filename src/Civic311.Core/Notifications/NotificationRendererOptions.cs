namespace Civic311.Notifications;

/// <summary>Options of <see cref="NotificationRenderer"/>.</summary>
public sealed class NotificationRendererOptions
{
    /// <summary>Gets or sets the language every fallback chain ends with; every event needs templates in it on every channel.</summary>
    /// <value>Defaults to <c>en</c>.</value>
    public string DefaultLanguage { get; set; } = "en";
}
