using System;
using System.Globalization;
using Civic311.Notifications;

namespace Civic311.Core.Tests.Notifications;

/// <summary>
/// The English and Spanish date data used without ICU (InvariantGlobalization) formats exactly as ICU's "en" and "es" do,
/// so a notification reads the same in a container without culture data. This process has ICU; the
/// Civic311.Notifications.InvariantGlobalization.Tests project renders the snapshots without it.
/// </summary>
public sealed class TemplateCulturesTests
{
    private static readonly string[] Formats = ["D", "d", "f", "F", "g", "G", "t", "T", "M", "Y", "dddd", "ddd d MMM", "MMMM", "h:mm tt", "HH:mm"];

    [Theory]
    [InlineData("en")]
    [InlineData("es")]
    public void The_built_in_data_formats_every_day_of_a_year_as_icu_does(string language)
    {
        var icu = CultureInfo.GetCultureInfo(language);
        var builtIn = TemplateCultures.BuiltIn(language);
        for (var day = new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Unspecified); day.Year == 2026; day = day.AddDays(1).AddMinutes(97))
        {
            foreach (var format in Formats)
            {
                day.ToString(format, builtIn).Should().Be(day.ToString(format, icu), $"'{format}' on {day:O} in {language}");
            }
        }
    }

    [Theory]
    [InlineData("es-PA", "es")]
    [InlineData("ES-mx", "es")]
    [InlineData("en-US", "en")]
    [InlineData("fr", "en")]
    [InlineData("est", "en")]
    public void Regional_and_other_languages_use_their_language_or_english(string name, string expected)
    {
        TemplateCultures.BuiltIn(name).DateTimeFormat.GetMonthName(1).Should().Be(expected == "es" ? "enero" : "January");
    }
}
