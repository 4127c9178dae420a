using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Civic311.Dataverse.Emulator.Internal;

/// <summary>A parsed <c>$filter</c> expression.</summary>
internal abstract class FilterNode
{
    public abstract bool Matches(JsonObject row);
}

/// <summary>A property a query names: the row property to read and, when the table is typed, the column's type.</summary>
internal readonly record struct QueryProperty(string RowProperty, DataverseColumnType? Type);

/// <summary>
/// Parses the OData <c>$filter</c> subset the emulator supports: <c>eq ne gt ge lt le</c>, <c>and or not</c>,
/// parentheses, <c>null</c>, string, number, Guid, boolean and date-time literals, <c>contains</c>, <c>startswith</c>,
/// <c>endswith</c>, and <c>Microsoft.Dynamics.CRM.In</c>/<c>NotIn</c>. Anything else is refused with a 400 that says
/// so (never silently ignored). String comparisons are case-insensitive, as in Dataverse.
/// </summary>
internal sealed partial class FilterParser
{
    private readonly List<Token> _tokens;
    private readonly Func<string, QueryProperty> _resolve;
    private int _position;

    private FilterParser(string text, Func<string, QueryProperty> resolve)
    {
        _tokens = Tokenize(text);
        _resolve = resolve;
    }

    /// <param name="text">The <c>$filter</c> value, URL-decoded.</param>
    /// <param name="resolve">Validates a property name (throwing the 400 for an unknown one) and gives its row property.</param>
    public static FilterNode Parse(string text, Func<string, QueryProperty> resolve)
    {
        var parser = new FilterParser(text, resolve);
        var node = parser.ParseOr();
        if (parser.Peek.Kind != TokenKind.End)
        {
            throw Syntax($"unexpected '{parser.Peek.Text}' at position {parser.Peek.Position}");
        }

        return node;
    }

    private Token Peek => _tokens[_position];

    private Token Next() => _tokens[_position++];

    private bool IsWord(string word) => Peek.Kind == TokenKind.Identifier && Peek.Text == word;

    private FilterNode ParseOr()
    {
        var left = ParseAnd();
        while (IsWord("or"))
        {
            Next();
            var right = ParseAnd();
            var l = left;
            left = new Predicate(row => l.Matches(row) || right.Matches(row));
        }

        return left;
    }

    private FilterNode ParseAnd()
    {
        var left = ParseUnary();
        while (IsWord("and"))
        {
            Next();
            var right = ParseUnary();
            var l = left;
            left = new Predicate(row => l.Matches(row) && right.Matches(row));
        }

        return left;
    }

    private FilterNode ParseUnary()
    {
        if (IsWord("not"))
        {
            Next();
            var inner = ParseUnary();
            return new Predicate(row => !inner.Matches(row));
        }

        if (Peek.Kind == TokenKind.LeftParen)
        {
            Next();
            var inner = ParseOr();
            Expect(TokenKind.RightParen, ")");
            return inner;
        }

        if (Peek.Kind == TokenKind.Identifier && _tokens[_position + 1].Kind == TokenKind.LeftParen)
        {
            return ParseFunction();
        }

        var left = ParseOperand();
        var opToken = Next();
        var op = opToken.Kind == TokenKind.Identifier ? opToken.Text : null;
        if (op is not ("eq" or "ne" or "gt" or "ge" or "lt" or "le"))
        {
            throw Syntax($"expected a comparison operator (eq, ne, gt, ge, lt, le) but found '{opToken.Text}'");
        }

        var right = ParseOperand();
        return (left, right) switch
        {
            (PropertyOperand p, Literal l) => Compare(p, op, l),
            (Literal l, PropertyOperand p) => Compare(p, Flip(op), l),
            _ => throw EmulatorError.Unsupported(
                "The emulator supports comparisons between a column and a literal only (found '" + opToken.Text + "' between two columns or two literals)."),
        };
    }

    private object ParseOperand()
    {
        var token = Next();
        switch (token.Kind)
        {
            case TokenKind.String:
                return new Literal(LiteralKind.String, token.Text);
            case TokenKind.Number:
                return new Literal(LiteralKind.Number, decimal.Parse(token.Text.TrimEnd('m', 'M', 'd', 'D', 'f', 'F', 'l', 'L'), NumberStyles.Float, CultureInfo.InvariantCulture));
            case TokenKind.Guid:
                return new Literal(LiteralKind.Guid, Guid.Parse(token.Text));
            case TokenKind.DateTime:
                return new Literal(LiteralKind.DateTime, DateTimeOffset.Parse(token.Text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal));
            case TokenKind.Identifier when token.Text is "true" or "false":
                return new Literal(LiteralKind.Boolean, token.Text == "true");
            case TokenKind.Identifier when token.Text == "null":
                return new Literal(LiteralKind.Null, null);
            case TokenKind.Identifier when token.Text.Contains('/', StringComparison.Ordinal):
                throw EmulatorError.Unsupported($"The emulator does not support lookup paths in $filter ('{token.Text}'); filter on the _<lookup>_value column instead.");
            case TokenKind.Identifier:
                return new PropertyOperand(token.Text, _resolve(token.Text));
            default:
                throw Syntax($"unexpected '{token.Text}' at position {token.Position}");
        }
    }

    private Predicate ParseFunction()
    {
        var name = Next().Text;
        Expect(TokenKind.LeftParen, "(");
        switch (name)
        {
            case "contains" or "startswith" or "endswith":
            {
                if (ParseOperand() is not PropertyOperand property)
                {
                    throw Syntax($"the first argument of {name} must be a column");
                }

                Expect(TokenKind.Comma, ",");
                if (ParseOperand() is not Literal { Kind: LiteralKind.String, Value: string text })
                {
                    throw Syntax($"the second argument of {name} must be a string literal");
                }

                Expect(TokenKind.RightParen, ")");
                if (property.Property.Type is { } type && type is not (DataverseColumnType.String or DataverseColumnType.Memo))
                {
                    throw EmulatorError.BadRequest(ErrorCodes.QueryNotSupported, $"The function {name} needs a string column; '{property.Name}' is {type}.");
                }

                Func<string, bool> test = name switch
                {
                    "contains" => s => s.Contains(text, StringComparison.OrdinalIgnoreCase),
                    "startswith" => s => s.StartsWith(text, StringComparison.OrdinalIgnoreCase),
                    _ => s => s.EndsWith(text, StringComparison.OrdinalIgnoreCase),
                };
                var rowProperty = property.Property.RowProperty;
                return new Predicate(row => row[rowProperty] is { } v && v.GetValueKind() == JsonValueKind.String && test(v.GetValue<string>()));
            }

            case "Microsoft.Dynamics.CRM.In" or "Microsoft.Dynamics.CRM.NotIn":
            {
                ExpectWord("PropertyName");
                Expect(TokenKind.Equals, "=");
                var propertyName = Next();
                if (propertyName.Kind != TokenKind.String)
                {
                    throw Syntax("PropertyName must be a string literal");
                }

                var property = new PropertyOperand(propertyName.Text, _resolve(propertyName.Text));
                Expect(TokenKind.Comma, ",");
                ExpectWord("PropertyValues");
                Expect(TokenKind.Equals, "=");
                Expect(TokenKind.LeftBracket, "[");
                var tests = new List<FilterNode>();
                while (true)
                {
                    var value = Next();
                    if (value.Kind != TokenKind.String)
                    {
                        throw Syntax("PropertyValues must be a list of string literals");
                    }

                    tests.Add(Compare(property, "eq", LiteralFor(property, value.Text)));
                    if (Peek.Kind == TokenKind.Comma)
                    {
                        Next();
                        continue;
                    }

                    Expect(TokenKind.RightBracket, "]");
                    break;
                }

                Expect(TokenKind.RightParen, ")");
                var negate = name.EndsWith("NotIn", StringComparison.Ordinal);
                return new Predicate(row => tests.Any(t => t.Matches(row)) != negate);
            }

            default:
                throw EmulatorError.Unsupported($"The emulator does not support the $filter function '{name}'.");
        }
    }

    /// <summary>In/NotIn take every value as a string; read it as the column's type.</summary>
    private static Literal LiteralFor(PropertyOperand property, string text) => property.Property.Type switch
    {
        DataverseColumnType.Integer or DataverseColumnType.BigInt or DataverseColumnType.Picklist or DataverseColumnType.State
            or DataverseColumnType.Status or DataverseColumnType.Decimal or DataverseColumnType.Double or DataverseColumnType.Money
            when decimal.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) => new Literal(LiteralKind.Number, number),
        DataverseColumnType.Uniqueidentifier or DataverseColumnType.Lookup when Guid.TryParse(text, out var guid) => new Literal(LiteralKind.Guid, guid),
        DataverseColumnType.DateTime when DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var date) => new Literal(LiteralKind.DateTime, date),
        DataverseColumnType.Boolean when bool.TryParse(text, out var flag) => new Literal(LiteralKind.Boolean, flag),
        null or DataverseColumnType.String or DataverseColumnType.Memo => new Literal(LiteralKind.String, text),
        _ => throw EmulatorError.BadRequest(ErrorCodes.QueryNotSupported, $"'{text}' is not a valid value for '{property.Name}'."),
    };

    private static Predicate Compare(PropertyOperand property, string op, Literal literal)
    {
        CheckTypes(property, op, literal);
        var rowProperty = property.Property.RowProperty;
        if (literal.Kind == LiteralKind.Null)
        {
            return op switch
            {
                "eq" => new Predicate(row => row[rowProperty] is null),
                "ne" => new Predicate(row => row[rowProperty] is not null),
                _ => throw EmulatorError.BadRequest(ErrorCodes.QueryNotSupported, $"The operator '{op}' cannot be used with null."),
            };
        }

        return new Predicate(row =>
        {
            var value = row[rowProperty];
            if (value is null)
            {
                return op == "ne";
            }

            var order = CompareValue(value, literal, property.Name, op);
            return op switch
            {
                "eq" => order == 0,
                "ne" => order != 0,
                "gt" => order > 0,
                "ge" => order >= 0,
                "lt" => order < 0,
                _ => order <= 0,
            };
        });
    }

    private static int CompareValue(JsonNode value, Literal literal, string name, string op)
    {
        var kind = value.GetValueKind();
        switch (literal.Kind)
        {
            case LiteralKind.String when kind == JsonValueKind.String:
                return string.Compare(value.GetValue<string>(), (string)literal.Value!, StringComparison.OrdinalIgnoreCase);
            case LiteralKind.Number when kind == JsonValueKind.Number:
                return decimal.Parse(value.ToJsonString(), NumberStyles.Float, CultureInfo.InvariantCulture).CompareTo((decimal)literal.Value!);
            case LiteralKind.Boolean when kind is JsonValueKind.True or JsonValueKind.False:
                return value.GetValue<bool>().CompareTo((bool)literal.Value!);
            case LiteralKind.Guid when kind == JsonValueKind.String && Guid.TryParse(value.GetValue<string>(), out var guid):
                return guid.CompareTo((Guid)literal.Value!);
            case LiteralKind.DateTime when kind == JsonValueKind.String
                && DateTimeOffset.TryParse(value.GetValue<string>(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var date):
                return date.CompareTo((DateTimeOffset)literal.Value!);
            default:
                throw Incompatible(EdmOf(kind), literal.Kind, op);
        }
    }

    private static void CheckTypes(PropertyOperand property, string op, Literal literal)
    {
        if (property.Property.Type is not { } type || literal.Kind == LiteralKind.Null)
        {
            return;
        }

        var expected = type switch
        {
            DataverseColumnType.String or DataverseColumnType.Memo => LiteralKind.String,
            DataverseColumnType.Boolean => LiteralKind.Boolean,
            DataverseColumnType.DateTime => LiteralKind.DateTime,
            DataverseColumnType.Uniqueidentifier or DataverseColumnType.Lookup => LiteralKind.Guid,
            _ => LiteralKind.Number,
        };
        if (expected != literal.Kind)
        {
            throw Incompatible(Edm(expected), literal.Kind, op);
        }
    }

    private static EmulatorError Incompatible(string left, LiteralKind right, string op) =>
        EmulatorError.BadRequest(
            ErrorCodes.QueryNotSupported,
            $"A binary operator with incompatible types was detected. Found operand types '{left}' and '{Edm(right)}' for operator kind '{OperatorKind(op)}'.");

    private static string OperatorKind(string op) => op switch
    {
        "eq" => "Equal",
        "ne" => "NotEqual",
        "gt" => "GreaterThan",
        "ge" => "GreaterThanOrEqual",
        "lt" => "LessThan",
        _ => "LessThanOrEqual",
    };

    private static string Edm(LiteralKind kind) => kind switch
    {
        LiteralKind.String => "Edm.String",
        LiteralKind.Number => "Edm.Decimal",
        LiteralKind.Boolean => "Edm.Boolean",
        LiteralKind.Guid => "Edm.Guid",
        LiteralKind.DateTime => "Edm.DateTimeOffset",
        _ => "null",
    };

    private static string EdmOf(JsonValueKind kind) => kind switch
    {
        JsonValueKind.String => "Edm.String",
        JsonValueKind.Number => "Edm.Decimal",
        JsonValueKind.True or JsonValueKind.False => "Edm.Boolean",
        _ => "Edm.Untyped",
    };

    private static string Flip(string op) => op switch
    {
        "gt" => "lt",
        "ge" => "le",
        "lt" => "gt",
        "le" => "ge",
        _ => op,
    };

    private void Expect(TokenKind kind, string text)
    {
        var token = Next();
        if (token.Kind != kind)
        {
            throw Syntax($"expected '{text}' but found '{token.Text}' at position {token.Position}");
        }
    }

    private void ExpectWord(string word)
    {
        var token = Next();
        if (token.Kind != TokenKind.Identifier || token.Text != word)
        {
            throw Syntax($"expected '{word}' but found '{token.Text}'");
        }
    }

    private static EmulatorError Syntax(string detail) =>
        EmulatorError.BadRequest(ErrorCodes.QueryNotSupported, "Syntax error in $filter: " + detail + ".");

    private static List<Token> Tokenize(string text)
    {
        var tokens = new List<Token>();
        var i = 0;
        while (i < text.Length)
        {
            var c = text[i];
            if (char.IsWhiteSpace(c))
            {
                i++;
                continue;
            }

            var single = c switch
            {
                '(' => TokenKind.LeftParen,
                ')' => TokenKind.RightParen,
                ',' => TokenKind.Comma,
                '[' => TokenKind.LeftBracket,
                ']' => TokenKind.RightBracket,
                '=' => TokenKind.Equals,
                _ => (TokenKind?)null,
            };
            if (single is { } kind)
            {
                tokens.Add(new Token(kind, c.ToString(), i));
                i++;
                continue;
            }

            if (c == '\'')
            {
                var start = i;
                var value = new System.Text.StringBuilder();
                i++;
                while (true)
                {
                    if (i >= text.Length)
                    {
                        throw Syntax($"unterminated string literal at position {start}");
                    }

                    if (text[i] == '\'')
                    {
                        if (i + 1 < text.Length && text[i + 1] == '\'')
                        {
                            value.Append('\'');
                            i += 2;
                            continue;
                        }

                        i++;
                        break;
                    }

                    value.Append(text[i++]);
                }

                tokens.Add(new Token(TokenKind.String, value.ToString(), start));
                continue;
            }

            var rest = text.AsSpan(i);
            Match match;
            if ((match = GuidPattern().Match(text, i)).Success && match.Index == i)
            {
                tokens.Add(new Token(TokenKind.Guid, match.Value, i));
            }
            else if ((match = DatePattern().Match(text, i)).Success && match.Index == i)
            {
                tokens.Add(new Token(TokenKind.DateTime, match.Value, i));
            }
            else if ((match = NumberPattern().Match(text, i)).Success && match.Index == i)
            {
                tokens.Add(new Token(TokenKind.Number, match.Value, i));
            }
            else if ((match = IdentifierPattern().Match(text, i)).Success && match.Index == i)
            {
                tokens.Add(new Token(TokenKind.Identifier, match.Value, i));
            }
            else
            {
                throw Syntax($"unexpected character '{rest[0]}' at position {i}");
            }

            i += match.Length;
        }

        tokens.Add(new Token(TokenKind.End, "end of expression", text.Length));
        tokens.Add(new Token(TokenKind.End, "end of expression", text.Length));
        return tokens;
    }

    [GeneratedRegex(@"\G[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}(?![0-9A-Za-z_])")]
    private static partial Regex GuidPattern();

    [GeneratedRegex(@"\G\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})?)?(?![0-9A-Za-z_])")]
    private static partial Regex DatePattern();

    [GeneratedRegex(@"\G-?\d+(\.\d+)?([eE][+-]?\d+)?[mMdDfFlL]?(?![0-9A-Za-z_])")]
    private static partial Regex NumberPattern();

    [GeneratedRegex(@"\G[A-Za-z_][A-Za-z0-9_./]*")]
    private static partial Regex IdentifierPattern();

    private enum TokenKind
    {
        Identifier,
        String,
        Number,
        Guid,
        DateTime,
        LeftParen,
        RightParen,
        Comma,
        LeftBracket,
        RightBracket,
        Equals,
        End,
    }

    private enum LiteralKind
    {
        String,
        Number,
        Boolean,
        Guid,
        DateTime,
        Null,
    }

    private sealed record Token(TokenKind Kind, string Text, int Position);

    private sealed record Literal(LiteralKind Kind, object? Value);

    private sealed record PropertyOperand(string Name, QueryProperty Property);

    private sealed class Predicate(Func<JsonObject, bool> test) : FilterNode
    {
        public override bool Matches(JsonObject row) => test(row);
    }
}
