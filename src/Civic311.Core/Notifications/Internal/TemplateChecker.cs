using System;
using System.Collections.Generic;
using System.Globalization;

namespace Civic311.Notifications;

/// <summary>
/// Reads a template's mustaches before Handlebars compiles it and reports, with line and column, every syntax error
/// (an unterminated mustache or comment, a block never closed or closed by the wrong name) and every reference the data
/// model cannot satisfy (an unknown variable, an unknown helper, a partial, raw output), inside blocks too.
/// </summary>
internal static class TemplateChecker
{
    /// <summary>Block helpers templates may open.</summary>
    private static readonly string[] BlockHelpers = ["if", "unless"];

    public static List<TemplateIssue> Check(string source)
    {
        var issues = new List<TemplateIssue>();
        var blocks = new Stack<(string Name, int Line, int Column)>();
        var index = 0;
        while (true)
        {
            var open = source.IndexOf("{{", index, StringComparison.Ordinal);
            if (open < 0)
            {
                break;
            }

            var (line, column) = Position(source, open);
            if (open > 0 && source[open - 1] == '\\')
            {
                index = open + 2; // an escaped mustache is text
                continue;
            }

            if (string.CompareOrdinal(source, open, "{{!--", 0, 5) == 0 || string.CompareOrdinal(source, open, "{{~!--", 0, 6) == 0)
            {
                var endPlain = source.IndexOf("--}}", open + 5, StringComparison.Ordinal);
                var endTrim = source.IndexOf("--~}}", open + 5, StringComparison.Ordinal);
                var end = endPlain < 0 ? endTrim : endTrim < 0 ? endPlain : Math.Min(endPlain, endTrim);
                if (end < 0)
                {
                    issues.Add(new(line, column, TemplateProblemCodes.Syntax, "The comment '{{!--' is never closed with '--}}'."));
                    break;
                }

                index = source.IndexOf("}}", end, StringComparison.Ordinal) + 2;
                continue;
            }

            var close = source.IndexOf("}}", open + 2, StringComparison.Ordinal);
            var nextOpen = source.IndexOf("{{", open + 2, StringComparison.Ordinal);
            if (close < 0 || (nextOpen >= 0 && nextOpen < close))
            {
                issues.Add(new(line, column, TemplateProblemCodes.Syntax, "The expression '{{' is never closed with '}}'."));
                if (close < 0)
                {
                    break;
                }

                index = nextOpen;
                continue;
            }

            var triple = source[open + 2] == '{';
            var content = source[(open + (triple ? 3 : 2))..close];
            index = close + 2;
            if (triple)
            {
                if (index < source.Length && source[index] == '}')
                {
                    index++;
                }

                issues.Add(new(line, column, TemplateProblemCodes.RawOutput, "Raw output '{{{...}}}' is not allowed: every value is escaped in HTML bodies (and never escaped in text), so use '{{...}}'."));
                continue;
            }

            content = content.Trim().Trim('~').Trim();
            if (content.StartsWith('!'))
            {
                continue; // a short comment
            }

            if (content.Length == 0)
            {
                issues.Add(new(line, column, TemplateProblemCodes.Syntax, "The expression '{{}}' is empty."));
                continue;
            }

            switch (content[0])
            {
                case '#':
                    OpenBlock(content[1..].Trim(), line, column, blocks, issues);
                    break;
                case '^' when content.Length == 1:
                    Else(line, column, blocks, issues);
                    break;
                case '^':
                    var inverted = content[1..].Trim();
                    CheckArguments(Tokenize(inverted, line, column, issues), 0, 1, line, column, issues, "'{{^...}}'");
                    blocks.Push((inverted, line, column));
                    break;
                case '/':
                    CloseBlock(content[1..].Trim(), line, column, blocks, issues);
                    break;
                case '>':
                    issues.Add(new(line, column, TemplateProblemCodes.UnknownHelper, $"Partials are not supported: '{{{{{content}}}}}'."));
                    break;
                case '&':
                    issues.Add(new(line, column, TemplateProblemCodes.RawOutput, $"Raw output '{{{{{content}}}}}' is not allowed; use '{{{{{content[1..].Trim()}}}}}'."));
                    break;
                default:
                    Expression(content, line, column, blocks, issues);
                    break;
            }
        }

        foreach (var block in blocks)
        {
            issues.Add(new(block.Line, block.Column, TemplateProblemCodes.Syntax, $"The block '{{{{#{block.Name}}}}}' is never closed with '{{{{/{block.Name}}}}}'."));
        }

        issues.Sort(static (a, b) => a.Line != b.Line ? a.Line.CompareTo(b.Line) : a.Column.CompareTo(b.Column));
        return issues;
    }

    public static (int Line, int Column) Position(string source, int index)
    {
        var line = 1;
        var lineStart = 0;
        for (var i = 0; i < index && i < source.Length; i++)
        {
            if (source[i] == '\n')
            {
                line++;
                lineStart = i + 1;
            }
        }

        return (line, index - lineStart + 1);
    }

    private static void OpenBlock(string content, int line, int column, Stack<(string, int, int)> blocks, List<TemplateIssue> issues)
    {
        var tokens = Tokenize(content, line, column, issues);
        var name = tokens.Count > 0 ? tokens[0].Text : string.Empty;
        blocks.Push((name, line, column));
        if (Array.IndexOf(BlockHelpers, name) < 0)
        {
            issues.Add(new(line, column, TemplateProblemCodes.UnknownHelper, $"'{{{{#{name}}}}}' is not a known block helper; use #if or #unless (the data model has no lists or nested objects)."));
            return;
        }

        CheckArguments(tokens, 1, 1, line, column, issues, $"'{{{{#{name}}}}}'");
    }

    private static void CloseBlock(string name, int line, int column, Stack<(string Name, int Line, int Column)> blocks, List<TemplateIssue> issues)
    {
        if (blocks.Count == 0)
        {
            issues.Add(new(line, column, TemplateProblemCodes.Syntax, $"'{{{{/{name}}}}}' closes a block that was never opened."));
            return;
        }

        var open = blocks.Pop();
        if (!string.Equals(open.Name, name, StringComparison.Ordinal))
        {
            issues.Add(new(line, column, TemplateProblemCodes.Syntax, $"'{{{{/{name}}}}}' does not match '{{{{#{open.Name}}}}}' opened at line {open.Line}, column {open.Column}."));
        }
    }

    private static void Else(int line, int column, Stack<(string Name, int Line, int Column)> blocks, List<TemplateIssue> issues)
    {
        if (blocks.Count == 0)
        {
            issues.Add(new(line, column, TemplateProblemCodes.Syntax, "'{{else}}' is outside any block."));
        }
    }

    private static void Expression(string content, int line, int column, Stack<(string Name, int Line, int Column)> blocks, List<TemplateIssue> issues)
    {
        var tokens = Tokenize(content, line, column, issues);
        if (tokens.Count == 0)
        {
            return;
        }

        var head = tokens[0].Text;
        if (head == "else")
        {
            Else(line, column, blocks, issues);
            if (tokens.Count > 1)
            {
                var helper = tokens[1].Text;
                if (Array.IndexOf(BlockHelpers, helper) < 0)
                {
                    issues.Add(new(line, column, TemplateProblemCodes.UnknownHelper, $"'{{{{else {helper}}}}}' is not supported; use 'else if' or 'else unless'."));
                }
                else
                {
                    CheckArguments(tokens, 2, 1, line, column, issues, $"'{{{{else {helper}}}}}'");
                }
            }

            return;
        }

        if (tokens.Count == 1)
        {
            CheckArguments(tokens, 0, 1, line, column, issues, "An output expression");
            return;
        }

        switch (head)
        {
            case "date":
                if (tokens.Count > 3)
                {
                    issues.Add(new(line, column, TemplateProblemCodes.Syntax, "'date' takes an instant variable and an optional format: {{date expectedAt \"D\"}}."));
                }

                if (tokens[1].Kind != TokenKind.Path || ResolveVariable(tokens[1].Text, line, column, issues) is not { } dateType)
                {
                    if (tokens[1].Kind != TokenKind.Path)
                    {
                        issues.Add(new(line, column, TemplateProblemCodes.Syntax, "'date' takes a variable first: {{date expectedAt \"D\"}}."));
                    }
                }
                else if (dateType != VariableType.Instant)
                {
                    issues.Add(new(line, column, TemplateProblemCodes.WrongType, $"'date' formats instants; '{tokens[1].Text}' is not one (instants: {string.Join(", ", NamesOf(VariableType.Instant))})."));
                }

                if (tokens.Count > 2)
                {
                    CheckDateFormat(tokens[2], line, column, issues);
                }

                break;
            case "duration":
                if (tokens.Count != 2 || tokens[1].Kind != TokenKind.Path)
                {
                    issues.Add(new(line, column, TemplateProblemCodes.Syntax, "'duration' takes one duration variable: {{duration slaTimeLeft}}."));
                }
                else if (ResolveVariable(tokens[1].Text, line, column, issues) is { } durationType && durationType != VariableType.Duration)
                {
                    issues.Add(new(line, column, TemplateProblemCodes.WrongType, $"'duration' formats durations; '{tokens[1].Text}' is not one (durations: {string.Join(", ", NamesOf(VariableType.Duration))})."));
                }

                break;
            default:
                issues.Add(new(line, column, TemplateProblemCodes.UnknownHelper, $"'{head}' is not a known helper; the helpers are 'date' and 'duration' (and the blocks #if and #unless)."));
                break;
        }
    }

    private static void CheckDateFormat(Token token, int line, int column, List<TemplateIssue> issues)
    {
        if (token.Kind != TokenKind.String)
        {
            issues.Add(new(line, column, TemplateProblemCodes.Syntax, "The format of 'date' is a quoted .NET date format, for example \"D\" or \"dddd d MMMM yyyy\"."));
            return;
        }

        try
        {
            _ = new DateTime(2026, 11, 24, 13, 5, 0, DateTimeKind.Unspecified).ToString(token.Text, CultureInfo.InvariantCulture);
        }
        catch (FormatException)
        {
            issues.Add(new(line, column, TemplateProblemCodes.InvalidFormat, $"\"{token.Text}\" is not a .NET date format."));
        }
    }

    private static void CheckArguments(List<Token> tokens, int first, int count, int line, int column, List<TemplateIssue> issues, string what)
    {
        if (tokens.Count - first != count)
        {
            issues.Add(new(line, column, TemplateProblemCodes.Syntax, $"{what} takes exactly {count} variable."));
        }

        for (var i = first; i < tokens.Count; i++)
        {
            if (tokens[i].Kind == TokenKind.Path)
            {
                ResolveVariable(tokens[i].Text, line, column, issues);
            }
            else
            {
                issues.Add(new(line, column, TemplateProblemCodes.Syntax, $"{what} takes a variable, not '{tokens[i].Text}'."));
            }
        }
    }

    private static VariableType? ResolveVariable(string path, int line, int column, List<TemplateIssue> issues)
    {
        var name = path;
        if (name.StartsWith("@root.", StringComparison.Ordinal))
        {
            name = name[6..];
        }
        else if (name.StartsWith("this.", StringComparison.Ordinal) || name.StartsWith("./", StringComparison.Ordinal))
        {
            name = name[(name[0] == '.' ? 2 : 5)..];
        }

        if (name.StartsWith("../", StringComparison.Ordinal))
        {
            issues.Add(new(line, column, TemplateProblemCodes.UnknownVariable, $"'{path}' goes above the data model: there is no enclosing context."));
            return null;
        }

        if (name.StartsWith('@'))
        {
            issues.Add(new(line, column, TemplateProblemCodes.UnknownVariable, $"'{path}' is not available: there is no #each block."));
            return null;
        }

        if (TemplateVariables.ByName.TryGetValue(name, out var variable))
        {
            return variable.Type;
        }

        var hint = TemplateVariables.CaseInsensitiveMatch(name) is { } match ? $" Did you mean '{match}'?" : string.Empty;
        issues.Add(new(line, column, TemplateProblemCodes.UnknownVariable, $"'{path}' is not a variable of the notification data model.{hint}"));
        return null;
    }

    private static IEnumerable<string> NamesOf(VariableType type)
    {
        foreach (var pair in TemplateVariables.ByName)
        {
            if (pair.Value.Type == type)
            {
                yield return pair.Key;
            }
        }
    }

    private static List<Token> Tokenize(string content, int line, int column, List<TemplateIssue> issues)
    {
        var tokens = new List<Token>(3);
        var i = 0;
        while (i < content.Length)
        {
            var c = content[i];
            if (char.IsWhiteSpace(c))
            {
                i++;
                continue;
            }

            if (c is '"' or '\'')
            {
                var end = content.IndexOf(c, i + 1);
                if (end < 0)
                {
                    issues.Add(new(line, column, TemplateProblemCodes.Syntax, $"The string starting {content[i..]} is never closed."));
                    return tokens;
                }

                tokens.Add(new Token(TokenKind.String, content[(i + 1)..end]));
                i = end + 1;
                continue;
            }

            var start = i;
            while (i < content.Length && !char.IsWhiteSpace(content[i]))
            {
                i++;
            }

            var text = content[start..i];
            if (text.StartsWith('(') || text.Contains('=', StringComparison.Ordinal))
            {
                issues.Add(new(line, column, TemplateProblemCodes.Syntax, $"'{text}': sub-expressions and hash arguments are not supported."));
                tokens.Add(new Token(TokenKind.Other, text));
            }
            else if (char.IsAsciiDigit(text[0]) || text is "true" or "false" or "null" or "undefined")
            {
                tokens.Add(new Token(TokenKind.Other, text));
            }
            else
            {
                tokens.Add(new Token(TokenKind.Path, text));
            }
        }

        return tokens;
    }

    private enum TokenKind
    {
        Path = 0,
        String = 1,
        Other = 2,
    }

    private readonly record struct Token(TokenKind Kind, string Text);
}

/// <summary>One problem in one template source, before it is tied to a template name.</summary>
internal readonly record struct TemplateIssue(int Line, int Column, string Code, string Message);
