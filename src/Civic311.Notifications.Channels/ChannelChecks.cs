using System;

namespace Civic311.Notifications.Channels;

/// <summary>Misuse checks shared by the channels.</summary>
internal static class ChannelChecks
{
    public static void ForKind(NotificationMessage message, ChannelKind kind)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (message.Channel != kind)
        {
            throw new ArgumentException($"The message was rendered for {message.Channel}, not {kind}.", nameof(message));
        }
    }
}
