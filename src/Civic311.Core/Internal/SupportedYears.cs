namespace Civic311.Internal;

/// <summary>
/// The years the SDK works in: calendars expand holidays over them, and dates given in configuration or submissions are
/// refused outside them (near NodaTime's own limits an offset would push an instant out of range).
/// </summary>
internal static class SupportedYears
{
    public const int Min = 1900;

    public const int Max = 2299;
}
