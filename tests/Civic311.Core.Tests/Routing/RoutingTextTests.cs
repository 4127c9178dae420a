using Civic311.Routing;

namespace Civic311.Core.Tests.Routing;

/// <summary>How descriptions and keywords are folded for whole-word, case- and accent-insensitive matching.</summary>
public sealed class RoutingTextTests
{
    [Theory]
    [InlineData("Bache", " bache ")]
    [InlineData("BACHÉ", " bache ")]
    [InlineData("Árbol caído", " arbol caido ")]
    [InlineData("  ¡Árbol,   CAÍDO!  ", " arbol caido ")]
    [InlineData("Año 2026: señal", " ano 2026 senal ")]
    [InlineData("straße", " straße ")]
    [InlineData("", " ")]
    public void Normalize_Text_FoldsCaseAccentsAndPunctuation(string text, string expected)
    {
        RoutingText.Normalize(text).Should().Be(expected);
    }

    [Fact]
    public void Normalize_LongText_IsNotCutShort()
    {
        var text = string.Concat(System.Linq.Enumerable.Repeat("Árbol caído ", 100));

        RoutingText.Normalize(text).Should().Be(" " + string.Concat(System.Linq.Enumerable.Repeat("arbol caido ", 100)));
    }

    [Fact]
    public void Normalize_PrecomposedAndDecomposedAccents_FoldAlike()
    {
        RoutingText.Normalize("caído").Should().Be(RoutingText.Normalize("cai\u0301do"));
    }
}
