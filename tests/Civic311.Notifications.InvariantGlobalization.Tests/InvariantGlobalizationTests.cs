using System;
using System.Globalization;
using System.Threading.Tasks;
using Civic311.Application;
using Civic311.Notifications.Tests;
using Civic311.Requests;
using Civic311.Testing;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;

namespace Civic311.Notifications.InvariantGlobalization.Tests;

/// <summary>
/// Runs with <c>InvariantGlobalization</c> on, as many container images do: notifications still render in the template's
/// language (the linked <see cref="RenderingSnapshotTests"/> compare every event and channel with the approved snapshots).
/// </summary>
public sealed class InvariantGlobalizationTests
{
    [Fact]
    public void This_process_really_has_no_culture_data()
    {
        var spanish = () => CultureInfo.GetCultureInfo("es").DateTimeFormat.GetMonthName(1);

        // Depending on PredefinedCulturesOnly the runtime refuses the culture or hands back invariant data.
        try
        {
            spanish().Should().Be("January");
        }
        catch (CultureNotFoundException)
        {
        }
    }

    [Fact]
    public void A_spanish_request_received_message_says_the_date_in_spanish()
    {
        var message = Samples.Renderer.Render(NotificationKind.RequestReceived, ChannelKind.Sms, Samples.Base, "+50761234567", "es-PA", "k");

        message.TextBody.Should().Contain("11/24/2026", "Panama writes month first, as ICU's es-PA does");
        Samples.Renderer.Render(NotificationKind.RequestReceived, ChannelKind.Sms, Samples.Base, "+50761234567", "es", "k").TextBody.Should().Contain("24/11/2026");
    }

    [Fact]
    public async Task Submissions_with_spanish_notifications_succeed()
    {
        var services = new ServiceCollection();
        services.AddSingleton<IClock>(new FakeClock(Instant.FromUtc(2026, 11, 24, 15, 0)));
        services.AddCivic311(options =>
        {
            options.Notifications.Enabled = true;
            options.Notifications.CenterName = "NYC 311";
            options.Catalog.AddAgency("DSNY", "Department of Sanitation", "America/New_York");
            options.Catalog.AddServiceType(new Civic311.Catalog.ServiceTypeDefinition { Code = "MISSED-PICKUP", Name = "Missed collection", Agency = "DSNY" });
        }).AddInMemoryStore();

        await using var provider = services.BuildServiceProvider();
        var requests = provider.GetRequiredService<ServiceRequests>();
        for (var i = 0; i < 3; i++)
        {
            var request = await requests.SubmitAsync(new ServiceRequestSubmission
            {
                ServiceCode = "MISSED-PICKUP",
                Address = "1 Centre St",
                Reporter = new ReporterContact { Email = $"ana{i}@example.org", PreferredLanguage = "es" },
            });

            request.TrackingNumber.Should().NotBeNullOrEmpty();
        }
    }
}
