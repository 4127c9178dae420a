using System;
using System.Buffers;
using System.Text;

namespace Civic311.Notifications;

/// <summary>Escapes text for HTML element content and attribute values.</summary>
internal static class HtmlText
{
    // '`' and '=' too: they end or open an unquoted attribute value. The same set Handlebars encoded, so bodies read the same.
    private static readonly SearchValues<char> BodySpecial = SearchValues.Create("&<>\"'`=");

    public static void Append(StringBuilder builder, string text)
    {
        foreach (var c in text)
        {
            AppendEscaped(builder, c, body: false);
        }
    }

    /// <summary>The text with every character that could open markup or leave an attribute value encoded; the same string when there is none.</summary>
    public static string Escape(string text) =>
        text.AsSpan().IndexOfAny(BodySpecial) < 0 ? text : AppendBody(new StringBuilder(text.Length + 16), text).ToString();

    /// <summary>Appends the text encoded as <see cref="Escape"/> encodes it.</summary>
    public static StringBuilder AppendBody(StringBuilder builder, string text)
    {
        var first = text.AsSpan().IndexOfAny(BodySpecial);
        if (first < 0)
        {
            return builder.Append(text);
        }

        builder.Append(text, 0, first);
        for (var i = first; i < text.Length; i++)
        {
            AppendEscaped(builder, text[i], body: true);
        }

        return builder;
    }

    private static void AppendEscaped(StringBuilder builder, char c, bool body) =>
        _ = c switch
        {
            '&' => builder.Append("&amp;"),
            '<' => builder.Append("&lt;"),
            '>' => builder.Append("&gt;"),
            '"' => builder.Append("&quot;"),
            '\'' => builder.Append("&#x27;"),
            '`' when body => builder.Append("&#x60;"),
            '=' when body => builder.Append("&#x3D;"),
            _ => builder.Append(c),
        };
}
