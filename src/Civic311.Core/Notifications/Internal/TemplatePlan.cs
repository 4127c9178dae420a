using System.Collections.Generic;
using System.Text;
using Scriban.Syntax;

namespace Civic311.Notifications;

/// <summary>
/// A direct rendering of the templates most notifications are made of (text, values, <c>if</c> / <c>else if</c> /
/// <c>else</c> and <c>unless</c> on values, <c>date</c>, <c>duration</c>, <c>raw</c> of a literal), compiled from the
/// syntax tree Scriban parsed once the checker has passed it. It writes what the Scriban sandbox writes for the same tree
/// (TemplatePlanTests compares the two on every built-in template) without interpreting the tree at every render, which
/// is most of the cost of a message. A template using anything else (assignments, loops, functions, other built-ins) has
/// no plan and renders in the sandbox.
/// </summary>
internal sealed class TemplatePlan
{
    [System.ThreadStatic]
    private static StringBuilder? _output;

    private readonly Step[] _steps;
    private readonly bool _html;
    private readonly int _capacity;

    private TemplatePlan(Step[] steps, bool html, int capacity)
    {
        _steps = steps;
        _html = html;
        _capacity = capacity;
    }

    /// <summary>The plan of a parsed page, or <see langword="null"/> when the page uses anything a plan does not do.</summary>
    public static TemplatePlan? TryCompile(ScriptPage page, bool html, int sourceLength) =>
        page.Body is { } body && Block(body) is { } steps ? new TemplatePlan(steps, html, sourceLength + 256) : null;

    /// <exception cref="Scriban.Syntax.ScriptRuntimeException">The output is longer than <see cref="NotificationTemplates.MaxOutputLength"/>.</exception>
    public string Render(TemplateScope scope)
    {
        // One builder per thread, kept while it stays small, so that a render allocates little more than its result.
        var output = _output ?? new StringBuilder(_capacity);
        _output = null;
        try
        {
            Write(_steps, scope, output);
            if (output.Length > NotificationTemplates.MaxOutputLength)
            {
                throw new ScriptRuntimeException(default, $"Rendered output exceeds OutputLimit `{NotificationTemplates.MaxOutputLength}`.");
            }

            return output.ToString();
        }
        finally
        {
            if (output.Capacity <= 16 * 1024)
            {
                _output = output.Clear();
            }
        }
    }

    private void Write(Step[] steps, TemplateScope scope, StringBuilder output)
    {
        foreach (var step in steps)
        {
            switch (step)
            {
                case TextStep text:
                    output.Append(text.Text);
                    break;
                case ValueStep value when value.Text(scope) is { Length: > 0 } written:
                    _ = _html && !value.Raw ? HtmlText.AppendBody(output, written) : output.Append(written);
                    break;
                case IfStep condition:
                    Write(condition.Holds(scope) ? condition.Then : condition.Else, scope, output);
                    break;
            }
        }
    }

    private static Step[]? Block(ScriptBlockStatement block)
    {
        var steps = new List<Step>(block.Statements.Count);
        foreach (var statement in block.Statements)
        {
            switch (statement)
            {
                case ScriptEscapeStatement or ScriptEndStatement:
                    break;
                case ScriptRawStatement raw:
                    if (raw.Text.Length > 0 && !string.IsNullOrEmpty(raw.Text.FullText))
                    {
                        steps.Add(new TextStep(raw.Text.ToString()));
                    }

                    break;
                case ScriptExpressionStatement { CanOutput: true, Expression: { } expression } when Value(expression) is { } value:
                    steps.Add(value);
                    break;
                case ScriptIfStatement condition when If(condition) is { } step:
                    steps.Add(step);
                    break;
                default:
                    return null;
            }
        }

        return [.. steps];
    }

    private static IfStep? If(ScriptIfStatement statement)
    {
        var (name, negated) = statement.Condition switch
        {
            ScriptVariableGlobal variable => (variable.Name, false),
            ScriptUnaryExpression { Operator: ScriptUnaryOperator.Not, Right: var right } => (Unwrap(right) is ScriptVariableGlobal inverted ? inverted.Name : null, true),
            _ => (null, false),
        };
        if (name is null || !TemplateVariables.ByName.TryGetValue(name, out var tested) || statement.Then is not { } thenBlock || Block(thenBlock) is not { } then)
        {
            return null;
        }

        Step[]? otherwise = statement.Else switch
        {
            null => [],
            ScriptElseStatement { Body: { } body } => Block(body),
            ScriptIfStatement elseIf => If(elseIf) is { } step ? [step] : null,
            _ => null,
        };
        return otherwise is null ? null : new IfStep(tested.Read, negated, then, otherwise);
    }

    private static ValueStep? Value(ScriptExpression expression)
    {
        switch (expression)
        {
            case ScriptVariableGlobal variable when TemplateVariables.ByName.TryGetValue(variable.Name, out var read):
                return new ValueStep(read.Read, Function.None, null, null, Raw: false);
            case ScriptLiteral { Value: string literal }:
                return new ValueStep(null, Function.None, null, literal, Raw: false);
            case ScriptFunctionCall { Target: ScriptVariableGlobal function } call when call.Arguments.Count is 1 or 2:
                return Call(function.Name, call.Arguments[0], call.Arguments.Count > 1 ? call.Arguments[1] : null);
            case ScriptPipeCall { From: { } from, To: ScriptVariableGlobal function }:
                return Call(function.Name, from, null);
            case ScriptPipeCall { From: { } from, To: ScriptFunctionCall { Target: ScriptVariableGlobal function } call } when call.Arguments.Count <= 1:
                return Call(function.Name, from, call.Arguments.Count == 1 ? call.Arguments[0] : null);
            default:
                return null;
        }
    }

    private static ValueStep? Call(string function, ScriptExpression argument, ScriptExpression? format)
    {
        if (function == "raw")
        {
            return format is null && argument is ScriptLiteral { Value: string html } ? new ValueStep(null, Function.None, null, html, Raw: true) : null;
        }

        if (argument is not ScriptVariableGlobal variable || !TemplateVariables.ByName.TryGetValue(variable.Name, out var read))
        {
            return null;
        }

        return (function, format) switch
        {
            ("date", null) => new ValueStep(read.Read, Function.Date, "D", null, Raw: false),
            ("date", ScriptLiteral { Value: string text }) => new ValueStep(read.Read, Function.Date, text, null, Raw: false),
            ("duration", null) => new ValueStep(read.Read, Function.Duration, null, null, Raw: false),
            _ => null,
        };
    }

    private static ScriptExpression? Unwrap(ScriptExpression? expression) =>
        expression is ScriptNestedExpression nested ? Unwrap(nested.Expression) : expression;

    private enum Function
    {
        None = 0,
        Date = 1,
        Duration = 2,
    }

    private abstract record Step;

    private sealed record TextStep(string Text) : Step;

    private sealed record ValueStep(System.Func<TemplateScope, object?>? Read, Function Function, string? Format, string? Literal, bool Raw) : Step
    {
        public string? Text(TemplateScope scope)
        {
            if (Read is null)
            {
                return Literal;
            }

            var value = TemplateVariables.ValueOf(Read, scope);
            return Function switch
            {
                Function.Date => value is TemplateInstant instant ? instant.Format(Format!) : null,
                Function.Duration => value is TemplateDuration duration ? duration.ToString() : null,
                _ => value?.ToString(),
            };
        }
    }

    private sealed record IfStep(System.Func<TemplateScope, object?> Read, bool Negated, Step[] Then, Step[] Else) : Step
    {
        public bool Holds(TemplateScope scope) => (TemplateVariables.ValueOf(Read, scope) is not null) != Negated;
    }
}
