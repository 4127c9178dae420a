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

    /// <summary>A template with more problems than this is reported with the first ones only.</summary>
    private const int MaxIssues = 100;

    /// <summary>
    /// Lexes the source the way Handlebars.Net 2.4's tokenizer does (verified against it: see HostileTemplates in the
    /// tests), refusing whatever the two could read differently, and checks every mustache in one pass.
    /// </summary>
    public static List<TemplateIssue> Check(string source)
    {
        var issues = new List<TemplateIssue>();
        var reader = new Reader(source);
        if (source.Length > NotificationTemplates.MaxTemplateLength)
        {
            reader.MoveTo(NotificationTemplates.MaxTemplateLength);
            issues.Add(new(reader.Line, reader.Column, TemplateProblemCodes.TooLong,
                $"The template is longer than {NotificationTemplates.MaxTemplateLength} characters (64 KiB); it was not checked further."));
            return issues;
        }

        var blocks = new List<Block>();
        var controlReported = false;
        while (reader.Index < source.Length && issues.Count < MaxIssues)
        {
            var c = source[reader.Index];
            if (IsForbiddenControl(c))
            {
                if (!controlReported)
                {
                    issues.Add(new(reader.Line, reader.Column, TemplateProblemCodes.Syntax, $"The control character U+{(int)c:X4} is not allowed in a template."));
                    controlReported = true;
                }

                reader.MoveTo(reader.Index + 1);
                continue;
            }

            // Handlebars.Net reads backslashes in pairs: '\\' is text (one backslash before '{', else two) and what
            // follows is read as usual, so '\\{{x}}' is a live mustache; a lone '\' before '{{' makes '{{' text.
            if (c == '\\')
            {
                var skip = At(source, reader.Index + 1) == '\\' ? 2 : At(source, reader.Index + 1) == '{' && At(source, reader.Index + 2) == '{' ? 3 : 1;
                reader.MoveTo(reader.Index + skip);
                continue;
            }

            if (c != '{' || At(source, reader.Index + 1) != '{')
            {
                reader.MoveTo(reader.Index + 1);
                continue;
            }

            if (!Mustache(source, reader, blocks, issues))
            {
                return Sorted(issues);
            }
        }

        if (issues.Count < MaxIssues)
        {
            for (var i = blocks.Count - 1; i >= 0; i--)
            {
                var block = blocks[i];
                issues.Add(new(block.Line, block.Column, TemplateProblemCodes.Syntax, $"The block '{{{{#{block.Name}}}}}' is never closed with '{{{{/{block.Name}}}}}'."));
            }
        }

        return Sorted(issues);
    }

    /// <summary>Reads one mustache at the reader (on its '{{'); returns <see langword="false"/> when the rest of the source cannot be read.</summary>
    private static bool Mustache(string source, Reader reader, List<Block> blocks, List<TemplateIssue> issues)
    {
        var (line, column) = (reader.Line, reader.Column);
        var open = reader.Index;
        if (At(source, open + 2) == '{')
        {
            var raw = At(source, open + 3) == '{';
            var closing = raw ? "}}}}" : "}}}";
            issues.Add(raw
                ? new(line, column, TemplateProblemCodes.RawOutput, "Raw blocks '{{{{...}}}}' are not allowed: their content is output unescaped.")
                : new(line, column, TemplateProblemCodes.RawOutput, "Raw output '{{{...}}}' is not allowed: every value is escaped in HTML bodies (and never escaped in text), so use '{{...}}'."));
            if (raw)
            {
                return false; // what a raw block holds is not read as mustaches: nothing after it can be checked
            }

            var end = source.IndexOf(closing, open + closing.Length, StringComparison.Ordinal);
            if (end < 0)
            {
                return false;
            }

            reader.MoveTo(end + closing.Length);
            return true;
        }

        var start = open + 2;
        if (At(source, start) == '~')
        {
            start++;
        }

        if (At(source, start) == '!')
        {
            return Comment(source, reader, start + 1, line, column, issues);
        }

        // The expression ends at the first '}}': nothing that could hide one from Handlebars.Net ('{', '}', '[', a
        // quote inside a word, a backslash in a string) is allowed before it.
        reader.MoveTo(start);
        var contentEnd = -1;
        while (reader.Index < source.Length)
        {
            var i = reader.Index;
            var c = source[i];
            if (c == '}' && At(source, i + 1) == '}')
            {
                contentEnd = i;
                break;
            }

            if (c == '{' && At(source, i + 1) == '{')
            {
                issues.Add(new(line, column, TemplateProblemCodes.Syntax, "The expression '{{' is never closed with '}}'."));
                return true; // read on from the next mustache
            }

            if (c is '"' or '\'')
            {
                if (StringLiteral(source, reader, start) is { } problem)
                {
                    return Refuse(source, reader, problem, line, column, issues);
                }

                continue;
            }

            if (!IsExpressionCharacter(c) || (c == '~' && !(At(source, i + 1) == '}' && At(source, i + 2) == '}')))
            {
                return Refuse(source, reader, new(reader.Line, reader.Column, TemplateProblemCodes.Syntax, $"{Describe(c)} cannot appear in an expression; expressions are variables, helpers and quoted formats."), line, column, issues);
            }

            reader.MoveTo(i + 1);
        }

        if (contentEnd < 0)
        {
            issues.Add(new(line, column, TemplateProblemCodes.Syntax, "The expression '{{' is never closed with '}}'."));
            return false;
        }

        reader.MoveTo(contentEnd + 2);
        if (At(source, contentEnd + 2) == '}')
        {
            issues.Add(new(line, column, TemplateProblemCodes.Syntax, "The expression '{{' is closed with '}}}'; open and close it with two braces."));
            reader.MoveTo(contentEnd + 3);
            return true;
        }

        var content = source[start..contentEnd];
        if (content.EndsWith('~'))
        {
            content = content[..^1];
        }

        return Content(content.Trim(), line, column, blocks, issues);
    }

    /// <summary>Checks one expression's content; returns <see langword="false"/> when blocks nest too deep to read on.</summary>
    private static bool Content(string content, int line, int column, List<Block> blocks, List<TemplateIssue> issues)
    {
        if (content.Length == 0)
        {
            issues.Add(new(line, column, TemplateProblemCodes.Syntax, "The expression '{{}}' is empty."));
            return true;
        }

        switch (content[0])
        {
            case '#':
            case '^' when content.Length > 1:
                if (blocks.Count >= NotificationTemplates.MaxBlockDepth)
                {
                    issues.Add(new(line, column, TemplateProblemCodes.TooDeep, $"Blocks nest more than {NotificationTemplates.MaxBlockDepth} deep here; the template was not checked further."));
                    return false;
                }

                if (content[0] == '#')
                {
                    OpenBlock(content[1..].Trim(), line, column, blocks, issues);
                }
                else
                {
                    var inverted = content[1..].Trim();
                    CheckArguments(Tokenize(inverted, line, column, issues), 0, 1, line, column, issues, "'{{^...}}'");
                    blocks.Add(new(inverted, line, column));
                }

                break;
            case '^':
                // Handlebars.Net does not read '{{^}}' as '{{else}}': it prints the whole data model instead.
                issues.Add(new(line, column, TemplateProblemCodes.Syntax, "'{{^}}' is not supported; use '{{else}}'."));
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

        return true;
    }

    /// <summary>
    /// Reads a comment the way Handlebars.Net's comment parser does: '{{!--' ends at the first '--' directly followed by
    /// '}' (so '--~}}' and an odd run of dashes do not end it), '{{!' at the first '}'; either must then be '}}'.
    /// </summary>
    private static bool Comment(string source, Reader reader, int body, int line, int column, List<TemplateIssue> issues)
    {
        var i = body;
        int close;
        var isLong = At(source, i) == '-' && At(source, i + 1) == '-';
        if (isLong)
        {
            i += 2;
            close = -1;
            while (i < source.Length)
            {
                if (source[i] == '-' && At(source, i + 1) == '-')
                {
                    i += 2;
                    if (At(source, i) == '}')
                    {
                        close = i;
                        break;
                    }
                }
                else if (source[i] == '-')
                {
                    i++; // a lone dash takes the next character with it
                }

                i++;
            }
        }
        else
        {
            close = source.IndexOf('}', i);
        }

        if (close < 0)
        {
            issues.Add(new(line, column, TemplateProblemCodes.Syntax, isLong ? "The comment '{{!--' is never closed with '--}}'." : "The comment '{{!' is never closed with '}}'."));
            return false;
        }

        reader.MoveTo(close);
        if (At(source, close + 1) != '}')
        {
            return Refuse(source, reader, new(reader.Line, reader.Column, TemplateProblemCodes.Syntax, isLong ? "The comment '{{!--' must end with '--}}'." : "A '{{!' comment ends at its first '}', which must be '}}' (use '{{!-- --}}' for a comment with braces)."), line, column, issues);
        }

        if (At(source, close + 2) == '}')
        {
            // Handlebars.Net would read '}}}' as the close of a raw mustache and fail.
            issues.Add(new(line, column, TemplateProblemCodes.Syntax, "The comment is closed with '}}}'; close it with two braces."));
            reader.MoveTo(close + 3);
            return true;
        }

        if (!isLong && source.AsSpan(body, close - body).TrimStart().StartsWith("<"))
        {
            issues.Add(new(line, column, TemplateProblemCodes.UnknownHelper, "Layouts '{{!< ...}}' are not supported."));
        }

        reader.MoveTo(close + 2);
        return true;
    }

    /// <summary>Reads a quoted string that is a whole token; nothing in it may change where the expression ends. Returns its problem, if any.</summary>
    private static TemplateIssue? StringLiteral(string source, Reader reader, int contentStart)
    {
        var open = reader.Index;
        var quote = source[open];
        if (open > contentStart && !char.IsWhiteSpace(source[open - 1]))
        {
            return new(reader.Line, reader.Column, TemplateProblemCodes.Syntax, "A quote inside a word is not allowed; quoted formats stand alone: {{date expectedAt \"D\"}}.");
        }

        reader.MoveTo(open + 1);
        while (reader.Index < source.Length)
        {
            var c = source[reader.Index];
            if (c == quote)
            {
                var after = At(source, reader.Index + 1);
                if (after is not ('}' or '~') && !char.IsWhiteSpace(after))
                {
                    return new(reader.Line, reader.Column, TemplateProblemCodes.Syntax, "A quoted format must be followed by a space or the end of the expression.");
                }

                reader.MoveTo(reader.Index + 1);
                return null;
            }

            if (c is '{' or '}' or '\\' or '\n' or '\r' || IsForbiddenControl(c))
            {
                return new(reader.Line, reader.Column, TemplateProblemCodes.Syntax, $"{Describe(c)} cannot appear in a quoted format.");
            }

            reader.MoveTo(reader.Index + 1);
        }

        return new(reader.Line, reader.Column, TemplateProblemCodes.Syntax, "A quoted format is never closed."); // the caller finds no '}}' and reports the expression
    }

    /// <summary>
    /// Reports a problem inside an expression and reads on after its '}}'; when there is none, the expression is never
    /// closed (the one problem reported) and nothing after it can be read.
    /// </summary>
    private static bool Refuse(string source, Reader reader, TemplateIssue problem, int line, int column, List<TemplateIssue> issues)
    {
        var end = source.IndexOf("}}", reader.Index, StringComparison.Ordinal);
        if (end < 0)
        {
            issues.Add(new(line, column, TemplateProblemCodes.Syntax, "The expression '{{' is never closed with '}}'."));
            return false;
        }

        issues.Add(problem);
        reader.MoveTo(end + 2);
        return true;
    }

    private static bool IsExpressionCharacter(char c) =>
        char.IsAsciiLetterOrDigit(c) || c is ' ' or '\t' or '\n' or '\r' or '_' or '.' or '/' or '@' or '#' or '^' or '-' or '~' or '>' or '&' or '*';

    private static bool IsForbiddenControl(char c) => char.IsControl(c) && c is not ('\t' or '\n' or '\r');

    private static string Describe(char c) => c < ' ' || c > '~' ? $"The character U+{(int)c:X4}" : $"'{c}'";

    private static char At(string source, int index) => index < source.Length ? source[index] : '\0';

    private static List<TemplateIssue> Sorted(List<TemplateIssue> issues)
    {
        issues.Sort(static (a, b) => a.Line != b.Line ? a.Line.CompareTo(b.Line) : a.Column.CompareTo(b.Column));
        return issues;
    }

    private static void OpenBlock(string content, int line, int column, List<Block> blocks, List<TemplateIssue> issues)
    {
        var tokens = Tokenize(content, line, column, issues);
        var name = tokens.Count > 0 ? tokens[0].Text : string.Empty;
        blocks.Add(new(name, line, column));
        if (Array.IndexOf(BlockHelpers, name) < 0)
        {
            issues.Add(new(line, column, TemplateProblemCodes.UnknownHelper, $"'{{{{#{name}}}}}' is not a known block helper; use #if or #unless (the data model has no lists or nested objects)."));
            return;
        }

        CheckArguments(tokens, 1, 1, line, column, issues, $"'{{{{#{name}}}}}'");
    }

    private static void CloseBlock(string name, int line, int column, List<Block> blocks, List<TemplateIssue> issues)
    {
        if (blocks.Count == 0)
        {
            issues.Add(new(line, column, TemplateProblemCodes.Syntax, $"'{{{{/{name}}}}}' closes a block that was never opened."));
            return;
        }

        var open = blocks[^1];
        blocks.RemoveAt(blocks.Count - 1);
        if (!string.Equals(open.Name, name, StringComparison.Ordinal))
        {
            issues.Add(new(line, column, TemplateProblemCodes.Syntax, $"'{{{{/{name}}}}}' does not match '{{{{#{open.Name}}}}}' opened at line {open.Line}, column {open.Column}."));
        }
    }

    private static void Else(int line, int column, bool chained, List<Block> blocks, List<TemplateIssue> issues)
    {
        if (blocks.Count == 0)
        {
            issues.Add(new(line, column, TemplateProblemCodes.Syntax, "'{{else}}' is outside any block."));
            return;
        }

        // A second plain '{{else}}' in one block makes Handlebars.Net throw at render time.
        if (blocks[^1].HasElse)
        {
            issues.Add(new(line, column, TemplateProblemCodes.Syntax, $"The block '{{{{#{blocks[^1].Name}}}}}' opened at line {blocks[^1].Line}, column {blocks[^1].Column} already has its '{{{{else}}}}'."));
        }
        else if (!chained)
        {
            blocks[^1] = blocks[^1] with { HasElse = true };
        }
    }

    private static void Expression(string content, int line, int column, List<Block> blocks, List<TemplateIssue> issues)
    {
        var tokens = Tokenize(content, line, column, issues);
        if (tokens.Count == 0)
        {
            return;
        }

        var head = tokens[0].Text;
        if (head == "else")
        {
            Else(line, column, tokens.Count > 1, blocks, issues);
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

    private readonly record struct Block(string Name, int Line, int Column, bool HasElse = false);

    /// <summary>A position in the source that only moves forward, counting lines on the way, so that checking stays linear.</summary>
    private sealed class Reader(string source)
    {
        private int _lineStart;

        public int Index { get; private set; }

        public int Line { get; private set; } = 1;

        public int Column => Index - _lineStart + 1;

        public void MoveTo(int index)
        {
            for (; Index < index && Index < source.Length; Index++)
            {
                if (source[Index] == '\n')
                {
                    Line++;
                    _lineStart = Index + 1;
                }
            }

            Index = Math.Max(Index, index);
        }
    }
}

/// <summary>One problem in one template source, before it is tied to a template name.</summary>
internal readonly record struct TemplateIssue(int Line, int Column, string Code, string Message);
