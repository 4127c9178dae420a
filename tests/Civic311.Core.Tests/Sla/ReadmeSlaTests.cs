using System.Threading.Tasks;
using Civic311.Catalog;
using Civic311.Requests;
using Civic311.Sla;
using Civic311.Testing;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;
using Civic311.Application;

namespace Civic311.Core.Tests.Sla;

/// <summary>The README's SLA example, kept compiling and true.</summary>
public sealed class ReadmeSlaTests
{
    [Fact]
    public async Task Readme_sla_example_runs_as_documented()
    {
        var clock = new FakeClock(Instant.FromUtc(2026, 12, 23, 19, 0)); // Wednesday 14:00 in New York
        var services = new ServiceCollection();
        services.AddSingleton<IClock>(clock);
        services.AddCivic311(options =>
        {
            options.Catalog.AddAgency("DOT", "Department of Transportation", "America/New_York", calendar: "dot-field");
            options.Catalog.AddServiceType(new ServiceTypeDefinition { Code = "POTHOLE", Name = "Pothole", Agency = "DOT" });

            var hours = new BusinessCalendarDefinition { Id = "dot-field", TimeZone = "America/New_York" }
                .AddWeeklyHours(WeeklyHoursDefinition.Weekdays("07:00-12:00", "12:30-15:30"))
                .AddClosure("2026-12-24T12:00", "2026-12-26T00:00", "Christmas Eve early close");
            hours.HolidaySets.Add("us-federal");
            options.Calendars.Add(hours);

            var pothole = new SlaPolicyDefinition { ServiceCode = "POTHOLE", WarningPercent = 75 };
            pothole.Targets.Add(SlaTargetDefinition.BusinessHours(SlaTarget.FirstResponse, 2));
            pothole.Targets.Add(SlaTargetDefinition.BusinessDays(SlaTarget.Resolution, 5, BusinessDayEnd.ClosingOfDay));
            options.SlaPolicies.Add(pothole);
        }).AddInMemoryStore();

        await using var provider = services.BuildServiceProvider();
        var requests = provider.GetRequiredService<ServiceRequests>();
        var request = await requests.SubmitAsync(new ServiceRequestSubmission { ServiceCode = "POTHOLE", Address = "1 Centre St" });

        // First response: Wednesday 14:00-15:30, then Thursday 24 December 07:00-07:30 (it closes at noon).
        // Resolution: 5 working days after Wednesday 23 December, skipping Christmas: 24, 28, 29, 30, 31 December.
        var zone = DateTimeZoneProviders.Tzdb["America/New_York"];
        request.ExpectedAt.Should().Be(new LocalDateTime(2026, 12, 31, 15, 30).InZoneStrictly(zone).ToInstant());

        clock.AdvanceTo(new LocalDateTime(2026, 12, 24, 7, 30).InZoneStrictly(zone).ToInstant());
        (await provider.GetRequiredService<SlaMonitor>().RunOnceAsync()).Should().Be(2, "the first response's warning and breach");
    }
}
