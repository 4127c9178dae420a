using System;
using System.Buffers;
using System.Globalization;
using System.Text;

namespace Civic311.Routing;

/// <summary>
/// Folds text for keyword matching: lower case (invariant), accents removed (Unicode canonical decomposition, combining marks
/// dropped, so "BACHÉ" is "bache" and "año" is "ano"), and every run of characters that are not letters or digits turned into
/// one space, with a space at both ends. A keyword then matches as whole words: " arbol caido " is found in " el arbol caido ".
/// </summary>
internal static class RoutingText
{
    private const int StackLimit = 256;

    public static string Normalize(string text)
    {
        if (!IsAscii(text))
        {
            text = text.Normalize(NormalizationForm.FormD);
        }

        char[]? rented = null;
        var buffer = text.Length + 2 <= StackLimit ? stackalloc char[StackLimit] : (rented = ArrayPool<char>.Shared.Rent(text.Length + 2));
        var length = 0;
        buffer[length++] = ' ';
        foreach (var c in text)
        {
            if (char.IsAsciiLetterOrDigit(c) || (c >= 128 && char.IsLetterOrDigit(c)))
            {
                buffer[length++] = char.ToLowerInvariant(c);
            }
            else if ((c < 128 || !IsMark(c)) && buffer[length - 1] != ' ')
            {
                buffer[length++] = ' ';
            }
        }

        if (buffer[length - 1] != ' ')
        {
            buffer[length++] = ' ';
        }

        var result = new string(buffer[..length]);
        if (rented is not null)
        {
            ArrayPool<char>.Shared.Return(rented);
        }

        return result;
    }

    private static bool IsAscii(string text)
    {
        foreach (var c in text)
        {
            if (c >= 128)
            {
                return false;
            }
        }

        return true;
    }

    private static bool IsMark(char c) => CharUnicodeInfo.GetUnicodeCategory(c) is UnicodeCategory.NonSpacingMark or UnicodeCategory.SpacingCombiningMark or UnicodeCategory.EnclosingMark;
}
