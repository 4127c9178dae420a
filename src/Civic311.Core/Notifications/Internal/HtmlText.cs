using System.Text;

namespace Civic311.Notifications;

/// <summary>Escapes text for HTML element content and attribute values.</summary>
internal static class HtmlText
{
    public static void Append(StringBuilder builder, string text)
    {
        foreach (var c in text)
        {
            _ = c switch
            {
                '&' => builder.Append("&amp;"),
                '<' => builder.Append("&lt;"),
                '>' => builder.Append("&gt;"),
                '"' => builder.Append("&quot;"),
                '\'' => builder.Append("&#x27;"),
                _ => builder.Append(c),
            };
        }
    }
}
