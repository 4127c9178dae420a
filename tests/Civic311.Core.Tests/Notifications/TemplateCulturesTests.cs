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
    [InlineData("en-US")]
    [InlineData("es")]
    [InlineData("es-PA")]
    [InlineData("es-US")]
    [InlineData("es-MX")]
    [InlineData("es-419")]
    [InlineData("es-ES")]
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

    [Theory]
    [InlineData("en")]
    [InlineData("en-US")]
    [InlineData("es")]
    [InlineData("es-ES")]
    [InlineData("es-PA")]
    [InlineData("es-US")]
    [InlineData("es-MX")]
    [InlineData("es-419")]
    [InlineData("es-AR")]
    [InlineData("es-CO")]
    public void The_built_in_data_formats_numbers_as_icu_does(string name)
    {
        var icu = CultureInfo.GetCultureInfo(name);
        var builtIn = TemplateCultures.BuiltIn(name);
        foreach (var value in (double[])[0.5, 12.25, 1234.5, -98765.4321, 1234567.891])
        {
            foreach (var format in (string[])["N0", "N2", "F1", "0.##", "#,##0.0"])
            {
                value.ToString(format, builtIn).Should().Be(value.ToString(format, icu), $"'{format}' of {value} in {name}");
            }
        }
    }
}
