using System;
using System.IO;
using System.Threading.Tasks;
using Civic311.Notifications.Channels;

namespace Civic311.Notifications.Tests.Channels;

public sealed class FileChannelTests
{
    [Fact]
    public async Task SendAsync_ToWriter_WritesAReadableMessage()
    {
        using var writer = new StringWriter();
        var channel = FileChannel.ToWriter(writer, ChannelKind.Sms);
        var message = Samples.Renderer.Render(NotificationKind.OnHold, ChannelKind.Sms, Samples.For(NotificationKind.OnHold), "+50761234567", "es", "k-1");

        var result = await channel.SendAsync(message);

        result.IsDelivered.Should().BeTrue();
        channel.Kind.Should().Be(ChannelKind.Sms);
        writer.ToString().Should().StartWith("=== on-hold via sms to +50761234567 [es] 311-26-0001234 ===\n")
            .And.Contain("Idempotency-Key: k-1\n")
            .And.Contain("Text: " + message.TextBody + "\n")
            .And.Contain("SMS: " + message.Sms);
    }

    [Fact]
    public async Task SendAsync_ToDirectory_WritesOneFilePerMessage()
    {
        var directory = Path.Combine(Path.GetTempPath(), "civic311-file-channel-" + Guid.NewGuid().ToString("N"));
        try
        {
            var channel = FileChannel.ToDirectory(directory, ChannelKind.Email);
            var message = Samples.Renderer.Render(NotificationKind.Closed, ChannelKind.Email, Samples.Base, "ana@example.pa", "en", "k-2");

            var result = await channel.SendAsync(message);

            var path = Path.Combine(directory, message.Id.ToString("N") + ".txt");
            result.ProviderMessageId.Should().Be(path);
            (await File.ReadAllTextAsync(path)).Should().Be(FileChannel.Format(message)).And.Contain("HTML:\n<!DOCTYPE html>");
        }
        finally
        {
            if (Directory.Exists(directory))
            {
                Directory.Delete(directory, recursive: true);
            }
        }
    }

    [Fact]
    public async Task SendAsync_MessageOfAnotherKind_Throws()
    {
        var channel = FileChannel.ToWriter(TextWriter.Null, ChannelKind.Push);
        var sms = Samples.Renderer.Render(NotificationKind.Closed, ChannelKind.Sms, Samples.Base, "+507", "es", "k");

        await FluentActions.Awaiting(() => channel.SendAsync(sms)).Should().ThrowAsync<ArgumentException>();
    }
}
