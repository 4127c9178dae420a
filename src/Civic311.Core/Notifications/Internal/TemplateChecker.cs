using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using Scriban;
using Scriban.Parsing;
using Scriban.Syntax;

namespace Civic311.Notifications;

/// <summary>
/// Parses a template with Scriban (in Scriban or Liquid syntax) and reports, with line and column, every parse error and
/// every reference the sandbox cannot satisfy: an unknown variable or function (inside blocks too), a member of a
/// notification value, <c>raw</c> of anything but literal text, <c>include</c> and <c>import</c>, a wrongly typed
/// <c>date</c> or <c>duration</c>, a bad date format, and blocks nested deeper than <see cref="NotificationTemplates.MaxBlockDepth"/>.
/// </summary>
internal static class TemplateChecker
{
    /// <summary>A template with more problems than this is reported with the first ones only.</summary>
    private const int MaxIssues = 100;

    private static readonly ParserOptions Parser = new() { ExpressionDepthLimit = 64 };

    private static readonly HashSet<string> ScribanNames = new(StringComparer.Ordinal) { "array", "empty", "blank", "math", "string", "for", "while", "tablerow" };

    private static readonly HashSet<string> LiquidNames = new(StringComparer.Ordinal)
    {
        "array", "empty", "blank", "math", "string", "forloop", "tablerowloop", "abs", "append", "capitalize", "ceil", "compact",
        "concat", "default", "divided_by", "downcase", "first", "floor", "join", "last", "lstrip", "minus", "modulo", "plus",
        "prepend", "remove", "remove_first", "replace", "replace_first", "reverse", "round", "rstrip", "size", "slice", "sort",
        "split", "strip", "strip_html", "strip_newlines", "times", "truncate", "truncatewords", "uniq", "upcase", "contains",
        "for", "tablerow",
    };

    private static readonly HashSet<string> BlockKeywords = new(StringComparer.Ordinal) { "if", "unless", "for", "while", "case", "capture", "with", "wrap", "tablerow" };

    private static readonly HashSet<string> Includes = new(StringComparer.Ordinal) { "include", "include_join", "render", "import", "object", "regex", "timespan", "html" };

    /// <summary>Parses and checks a source; the template is returned only when there is no issue.</summary>
    public static Template? Check(string source, TemplateSyntax syntax, bool html, List<TemplateIssue> issues)
    {
        if (source.Length > NotificationTemplates.MaxTemplateLength)
        {
            var (line, column) = PositionOf(source, NotificationTemplates.MaxTemplateLength);
            issues.Add(new(line, column, TemplateProblemCodes.TooLong,
                $"The template is longer than {NotificationTemplates.MaxTemplateLength} characters (64 KiB); it was not checked further."));
            return null;
        }

        for (var i = 0; i < source.Length; i++)
        {
            if (char.IsControl(source[i]) && source[i] is not ('\t' or '\n' or '\r'))
            {
                var (line, column) = PositionOf(source, i);
                issues.Add(new(line, column, TemplateProblemCodes.Syntax, $"The control character U+{(int)source[i]:X4} is not allowed in a template."));
                return null;
            }
        }

        var lexer = new LexerOptions { Lang = syntax == TemplateSyntax.Liquid ? ScriptLang.Liquid : ScriptLang.Default, EnableIncludeImplicitString = false };
        var template = Template.Parse(source, null, Parser, lexer);
        if (template.HasErrors || template.Page is null)
        {
            foreach (var message in template.Messages.Where(m => m.Type == ParserMessageType.Error).Take(MaxIssues))
            {
                var tooDeep = message.Message.Contains("depth limit", StringComparison.Ordinal);
                if (!tooDeep && message.Message.Contains("statement was not found", StringComparison.Ordinal) && UnclosedBlock(source, lexer) is { } open)
                {
                    // Scriban places a missing 'end' at the end of the template; the block that lacks it is more use to the author.
                    issues.Add(new(open.Position.Line + 1, open.Position.Column + 1, TemplateProblemCodes.Syntax,
                        $"The '{open.Keyword}' block opened here is never closed ({message.Message})."));
                    continue;
                }

                issues.Add(new(Line(message.Span), Column(message.Span), tooDeep ? TemplateProblemCodes.TooDeep : TemplateProblemCodes.Syntax,
                    tooDeep ? $"Blocks or expressions nest too deep here (at most {NotificationTemplates.MaxBlockDepth} blocks): {message.Message}" : message.Message));
            }

            if (issues.Count == 0)
            {
                issues.Add(new(1, 1, TemplateProblemCodes.Syntax, "The template could not be parsed."));
            }

            return null;
        }

        new Walker(syntax, html, issues).Walk(template.Page);
        issues.Sort(static (a, b) => a.Line != b.Line ? a.Line.CompareTo(b.Line) : a.Column.CompareTo(b.Column));
        if (issues.Count > MaxIssues)
        {
            issues.RemoveRange(MaxIssues, issues.Count - MaxIssues);
        }

        return issues.Count == 0 ? template : null;
    }

    /// <summary>The position of a span's start, from 1 (Scriban counts from 0).</summary>
    public static int Line(SourceSpan span) => Math.Max(1, span.Start.Line + 1);

    /// <inheritdoc cref="Line"/>
    public static int Column(SourceSpan span) => Math.Max(1, span.Start.Column + 1);

    /// <summary>The innermost block opened at the start of a statement and never ended, as the lexer reads the source.</summary>
    private static (string Keyword, TextPosition Position)? UnclosedBlock(string source, LexerOptions options)
    {
        var open = new Stack<(string, TextPosition)>();
        var statementStart = false;
        foreach (var token in new Lexer(source, null, options))
        {
            if (token.Type is TokenType.CodeEnter or TokenType.LiquidTagEnter or TokenType.NewLine or TokenType.SemiColon)
            {
                statementStart = true;
                continue;
            }

            if (token.Type == TokenType.Identifier && statementStart && token.Start.Offset >= 0 && token.End.Offset < source.Length)
            {
                var word = source.Substring(token.Start.Offset, token.End.Offset - token.Start.Offset + 1);
                if (BlockKeywords.Contains(word))
                {
                    open.Push((word, token.Start));
                }
                else if ((word == "end" || (word.StartsWith("end", StringComparison.Ordinal) && BlockKeywords.Contains(word[3..]))) && open.Count > 0)
                {
                    open.Pop();
                }
            }

            statementStart = false;
        }

        return open.Count > 0 ? open.Peek() : null;
    }

    private static (int Line, int Column) PositionOf(string source, int index)
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

    private sealed class Walker(TemplateSyntax syntax, bool html, List<TemplateIssue> issues)
    {
        private readonly HashSet<string> _defined = new(StringComparer.Ordinal);

        public void Walk(ScriptPage page)
        {
            // Names the template defines (assignments, loop variables, functions, captures) are known wherever used.
            foreach (var (node, _) in Nodes(page))
            {
                switch (node)
                {
                    case ScriptAssignExpression { Target: ScriptVariable target }:
                        _defined.Add(target.Name);
                        break;
                    case ScriptForStatement { Variable: ScriptVariable variable }:
                        _defined.Add(variable.Name);
                        break;
                    case ScriptCaptureStatement { Target: ScriptVariable captured }:
                        _defined.Add(captured.Name);
                        break;
                    case ScriptFunction { NameOrDoToken: ScriptVariable name } function:
                        _defined.Add(name.Name);
                        foreach (var parameter in function.Parameters ?? [])
                        {
                            if (parameter.Name is { } parameterName)
                            {
                                _defined.Add(parameterName.Name);
                            }
                        }

                        break;
                }
            }

            foreach (var (node, depth) in Nodes(page))
            {
                if (issues.Count >= MaxIssues)
                {
                    return;
                }

                if (depth >= NotificationTemplates.MaxBlockDepth && node is ScriptStatement && node.Children.Any(c => c is ScriptBlockStatement))
                {
                    Add(node, TemplateProblemCodes.TooDeep, $"Blocks nest more than {NotificationTemplates.MaxBlockDepth} deep here; the template was not checked further.");
                    return;
                }

                Check(node);
            }
        }

        private void Check(ScriptNode node)
        {
            switch (node)
            {
                case ScriptThisExpression:
                    Add(node, TemplateProblemCodes.UnknownVariable, "'this' is not available; name the notification value, for example {{ trackingNumber }}.");
                    break;
                case ScriptImportStatement:
                    Add(node, TemplateProblemCodes.UnknownHelper, "'import' is not allowed: templates see the notification's values and functions only.");
                    break;
                case ScriptCaptureStatement when html:
                    Add(node, TemplateProblemCodes.Syntax, "'capture' is not allowed in an HTML body: what it captures is escaped once as written and again when printed.");
                    break;
                case ScriptAssignExpression { Target: ScriptMemberExpression or ScriptIndexerExpression } assignment when RootName(assignment.Target) is { } root && !_defined.Contains(root):
                    Add(node, TemplateProblemCodes.Syntax, $"'{root}' is not the template's own: only variables the template assigns can be given members.");
                    break;
                case ScriptAssignExpression { Target: ScriptVariable target } when TemplateVariables.ByName.ContainsKey(target.Name):
                    Add(node, TemplateProblemCodes.Syntax, $"'{target.Name}' is a notification value; it cannot be assigned (use another name).");
                    break;
                case ScriptMemberExpression { Target: ScriptVariable target, Member: { } member } when TemplateVariables.ByName.ContainsKey(target.Name):
                    Add(node, TemplateProblemCodes.UnknownVariable, $"'{target.Name}.{member.Name}': notification values have no members; use '{target.Name}' itself, or a function such as {{{{ {target.Name} | string.size }}}}.");
                    break;
                case ScriptVariableGlobal variable when !IsMemberName(variable):
                    Variable(variable);
                    break;
            }
        }

        /// <summary>The variable a member or indexer chain starts from (<c>string</c> for <c>string.x.y</c>).</summary>
        private static string? RootName(ScriptExpression? target) => target switch
        {
            ScriptMemberExpression member => RootName(member.Target),
            ScriptIndexerExpression indexer => RootName(indexer.Target),
            ScriptVariable variable => variable.Name,
            _ => null,
        };

        /// <summary>Whether a name is a member's, after a dot or as a key of an object literal, not a variable.</summary>
        private static bool IsMemberName(ScriptVariable variable) =>
            (variable.Parent is ScriptMemberExpression member && ReferenceEquals(member.Member, variable))
            || (variable.Parent is ScriptObjectMember literal && ReferenceEquals(literal.Name, variable));

        private void Variable(ScriptVariableGlobal variable)
        {
            var name = variable.Name;
            var arguments = CallArguments(variable, out var called);
            if (TemplateVariables.ByName.ContainsKey(name))
            {
                if (called && arguments.Count > 0 && variable.Parent is ScriptFunctionCall)
                {
                    Add(variable, TemplateProblemCodes.UnknownHelper, $"'{name}' is a notification value, not a function.");
                }

                return;
            }

            switch (name)
            {
                case "raw":
                    if (arguments.Count != 1 || arguments[0] is not ScriptLiteral { Value: string })
                    {
                        Add(variable, TemplateProblemCodes.RawOutput, "'raw' takes the template's own literal text only, for example {{ raw \"<br>\" }}: values are always escaped in HTML bodies.");
                    }

                    return;
                case "date":
                    Typed(variable, arguments, VariableType.Instant, 2, "'date' takes an instant and an optional .NET date format: {{ expectedAt | date \"d\" }}.");
                    if (arguments.Count > 1)
                    {
                        DateFormat(arguments[1]);
                    }

                    return;
                case "duration":
                    Typed(variable, arguments, VariableType.Duration, 1, "'duration' takes one duration: {{ slaTimeLeft | duration }}.");
                    return;
            }

            if (TemplateSandbox.FunctionNames.Contains(name) || _defined.Contains(name) || (syntax == TemplateSyntax.Liquid ? LiquidNames : ScribanNames).Contains(name))
            {
                return;
            }

            if (name == "html")
            {
                Add(variable, TemplateProblemCodes.UnknownHelper, "'html' is not available: HTML bodies escape every value already; use 'escape' for text that must stay escaped, or 'raw' for the template's own literal markup.");
            }
            else if (Includes.Contains(name))
            {
                Add(variable, TemplateProblemCodes.UnknownHelper, $"'{name}' is not available: templates cannot read files, other templates or .NET objects.");
            }
            else if (called)
            {
                Add(variable, TemplateProblemCodes.UnknownHelper, $"'{name}' is not a known function; the functions are date, duration, raw and escape, and Scriban's array, math and string.");
            }
            else
            {
                var hint = TemplateVariables.CaseInsensitiveMatch(name) is { } match ? $" Did you mean '{match}'?" : string.Empty;
                Add(variable, TemplateProblemCodes.UnknownVariable, $"'{name}' is not a variable of the notification data model.{hint}");
            }
        }

        private void Typed(ScriptVariableGlobal function, List<ScriptExpression> arguments, VariableType type, int maximum, string usage)
        {
            if (arguments.Count < 1 || arguments.Count > maximum)
            {
                Add(function, TemplateProblemCodes.Syntax, usage);
            }
            else if (arguments[0] is ScriptVariableGlobal value && TemplateVariables.ByName.TryGetValue(value.Name, out var variable) && variable.Type != type)
            {
                var names = string.Join(", ", TemplateVariables.ByName.Where(v => v.Value.Type == type).Select(v => v.Key).Order(StringComparer.Ordinal));
                Add(value, TemplateProblemCodes.WrongType, $"'{function.Name}' formats {(type == VariableType.Instant ? "instants" : "durations")}; '{value.Name}' is not one ({names}).");
            }
        }

        private void DateFormat(ScriptExpression format)
        {
            if (format is not ScriptLiteral { Value: string text })
            {
                return; // a computed format is checked when the template is rendered with trial data
            }

            if (text.Contains('%', StringComparison.Ordinal))
            {
                Add(format, TemplateProblemCodes.InvalidFormat, $"\"{text}\" looks like a strftime format; 'date' takes .NET date formats, for example \"d\", \"f\" or \"dddd d 'de' MMMM\".");
                return;
            }

            try
            {
                _ = new DateTime(2026, 11, 24, 13, 5, 0, DateTimeKind.Unspecified).ToString(text, CultureInfo.InvariantCulture);
            }
            catch (FormatException)
            {
                Add(format, TemplateProblemCodes.InvalidFormat, $"\"{text}\" is not a .NET date format.");
            }
        }

        /// <summary>The arguments a function name is called with (the piped value first), and whether it is called at all.</summary>
        private static List<ScriptExpression> CallArguments(ScriptVariable function, out bool called)
        {
            var arguments = new List<ScriptExpression>();
            called = true;
            switch (function.Parent)
            {
                case ScriptFunctionCall call when ReferenceEquals(call.Target, function):
                    if (call.Parent is ScriptPipeCall { From: { } piped } outer && ReferenceEquals(outer.To, call))
                    {
                        arguments.Add(piped);
                    }

                    arguments.AddRange(call.Arguments);
                    break;
                case ScriptPipeCall { From: { } from } pipe when ReferenceEquals(pipe.To, function):
                    arguments.Add(from);
                    break;
                default:
                    called = false;
                    break;
            }

            return arguments;
        }

        private void Add(ScriptNode node, string code, string message) => issues.Add(new(Line(node.Span), Column(node.Span), code, message));

        /// <summary>Every node with the number of blocks around it, walked with a stack (a template can nest deeper than the call stack likes).</summary>
        private static IEnumerable<(ScriptNode Node, int Depth)> Nodes(ScriptPage page)
        {
            var stack = new Stack<(ScriptNode, int)>();
            stack.Push((page, 0));
            while (stack.Count > 0)
            {
                var (node, depth) = stack.Pop();
                yield return (node, depth);
                var inner = node is ScriptBlockStatement && node.Parent is not ScriptPage && node.Parent is not null ? depth + 1 : depth;
                var children = node.Children.ToList();
                for (var i = children.Count - 1; i >= 0; i--)
                {
                    if (children[i] is { } child)
                    {
                        stack.Push((child, inner));
                    }
                }
            }
        }
    }
}

/// <summary>One problem in one template source, before it is tied to a template name.</summary>
internal readonly record struct TemplateIssue(int Line, int Column, string Code, string Message);
