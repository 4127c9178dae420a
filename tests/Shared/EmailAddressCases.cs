using System.Linq;

namespace Civic311.Tests.Shared;

/// <summary>
/// The e-mail addresses that submission validation and the e-mail channels must agree on: an address validation accepts
/// is one a channel sends to, and one it refuses a channel refuses too. Linked into the Core and Notifications tests.
/// </summary>
/// <remarks>None has surrounding white space: validation trims it before the rule applies.</remarks>
internal static class EmailAddressCases
{
    private static readonly string Local64 = new('l', 64);
    private static readonly string Label63 = new('d', 63);

    public static readonly string[] Valid =
    [
        "ana@example.org",
        "ana.perez+311@mida.gob.pa",
        "a@b.co",
        "ANA@EXAMPLE.ORG",
        "user_name@example.org",
        "o'brien@example.ie",
        "first.middle.last@sub.domain.example.com",
        "x!#$%&'*+-/=?^_`{|}~@example.org",
        "1234567890@example.org",
        "ana@123.example.org",
        "ana@example.co.uk",
        "ana@xn--ejemplo-9za.es",
        "ana@a-b.example.org",
        "ana@a--b.example.org",
        "ana@example.x1",
        "ana@e.x",
        "a.b.c.d@e.f",
        "ana-maria@example.org",
        "ana=maria@example.org",
        "{ana}@example.org",
        "ana@EXAMPLE.org",
        "ana@0example.org",
        "311@nyc.gov",
        Local64 + "@example.org",
        "ana@" + Label63 + ".org",
        Local64 + "@" + Label63 + "." + Label63 + "." + new string('d', 61), // 254 characters
    ];

    public static readonly string[] Invalid =
    [
        "ana",
        "ana@",
        "@example.org",
        "ana@example",
        "ana@localhost",
        "ana@@example.org",
        "ana@b@example.org",
        "a@b..c",
        ".a@b.c",
        "a.@b.c",
        "a..b@c.d",
        "a@-b.c",
        "a@b-.c",
        "a@b.-c",
        "a@b.c-",
        "a@b_c.d",
        "a@.b.c",
        "a@b.c.",
        "a@b",
        "ana@example..org",
        "ana@exam_ple.org",
        "ana@%example.org",
        "a@1.2.3.4",
        "a@example.123",
        "a@[192.0.2.1]",
        "a@[IPv6:2001:db8::1]",
        "\"a b\"@example.org",
        "\"ana\"@example.org",
        "\"a@b\"@example.org",
        "Ana <ana@example.org>",
        "<ana@example.org>",
        "ana@example.org>",
        "ana@example.org (Ana)",
        "(Ana)ana@example.org",
        "ana perez@example.org",
        "ana@exa mple.org",
        "ana@example.o rg",
        "ana\t@example.org",
        "ana\r\n@example.org",
        "ana@example.org\r\nBcc: eve@example.org",
        "ana\u0000@example.org",
        "ana@example.org\u0000x",
        "ana\u007f@example.org",
        "ana\u200B@example.org",
        "ana@exa\u200Dmple.org",
        "\u202Eana@example.org",
        "ana@example.org\u202C",
        "ana\u2066@example.org",
        "ana\u200F@example.org",
        "ana\uFEFF@example.org",
        "ana\u00AD@example.org",
        "ana\u0085@example.org",
        "ana\u2028@example.org",
        "ana\u00A0@example.org",
        "jos\u00E9@example.org",
        "ana@ej\u00E9mplo.es",
        "ana@ex\u0430mple.org",
        "\u0430na@example.org",
        "ana@\uFF45xample.org",
        "ana@example.org;bob@example.org",
        "ana@example.org,bob@example.org",
        "ana,bob@example.org",
        "ana;bob@example.org",
        "ana(x)@example.org",
        "ana[1]@example.org",
        "ana\\@example.org",
        "ana\\\\@example.org",
        "ana:x@example.org",
        "mailto:ana@example.org",
        "ana<@example.org",
        "ana@exa<mple.org",
        "ana@exa+mple.org",
        "ana@exa/mple.org",
        "ana@example.org/",
        "ana@example.org?",
        "ana@-example.org",
        "ana@example-.org",
        "ana@\ud800example.org",
        "ana@example.org\udc00",
        new string('l', 65) + "@example.org",
        "ana@" + new string('d', 64) + ".org",
        Local64 + "@" + Label63 + "." + Label63 + "." + new string('d', 62), // 255 characters
        "ana@" + string.Join('.', Enumerable.Repeat("d", 126)), // 255 characters of one-letter labels
        "ana@.",
        "@",
        ".",
        "ana.@.",
    ];

    public static TheoryData<string> ValidData() => new(Valid);

    public static TheoryData<string> InvalidData() => new(Invalid);
}
