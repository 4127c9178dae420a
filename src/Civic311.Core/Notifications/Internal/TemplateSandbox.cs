using System;
using System.Collections.Generic;
using System.Globalization;
using System.Threading;
using System.Threading.Tasks;
using Scriban;
using Scriban.Parsing;
using Scriban.Runtime;
using Scriban.Syntax;

namespace Civic311.Notifications;

/// <summary>
/// The Scriban context every notification template runs in: only the notification's data, a curated set of pure
/// functions (no <c>include</c>, no clock, no <c>object.eval</c>, no regular expressions), no .NET member access, and
/// limits on loops, recursion, evaluation steps and output. In HTML bodies every value a statement outputs is
/// HTML-encoded, unless it is a <see cref="SafeHtml"/> (the <c>raw</c> of a literal, or what <c>escape</c> returns).
/// </summary>
/// <remarks>Not thread-safe: each thread renders with its own contexts (see <see cref="For"/>).</remarks>
internal sealed class TemplateSandbox : TemplateContext
{
    /// <summary>The names a template may call besides the data variables; the checker refuses any other global name it does not define.</summary>
    public static readonly HashSet<string> FunctionNames = new(StringComparer.Ordinal) { "date", "duration", "raw", "escape", "html_escape" };

    // Scriban's pure built-ins that templates keep; the rest reach files (include), the clock (date.now), eval or regexes.
    private static readonly string[] KeptScribanBuiltIns = ["array", "empty", "blank", "math", "string"];

    private static readonly string[] KeptLiquidFilters =
    [
        "abs", "append", "capitalize", "ceil", "compact", "concat", "default", "divided_by", "downcase", "first", "floor",
        "join", "last", "lstrip", "minus", "modulo", "plus", "prepend", "remove", "remove_first", "replace", "replace_first",
        "reverse", "round", "rstrip", "size", "slice", "sort", "split", "strip", "strip_html", "strip_newlines", "times",
        "truncate", "truncatewords", "uniq", "upcase", "contains",
    ];

    private static readonly ScriptObject ScribanBuiltIns = BuiltIns(new TemplateContext().BuiltinObject, KeptScribanBuiltIns);

    private static readonly ScriptObject LiquidBuiltIns = BuiltIns(new LiquidTemplateContext().BuiltinObject, [.. KeptScribanBuiltIns, .. KeptLiquidFilters]);

    [ThreadStatic]
    private static TemplateSandbox?[]? _perThread;

    private readonly bool _escapeHtml;
    private readonly DataObject _data = new();
    private readonly ScriptObject _locals = new();
    private long _steps;

    private TemplateSandbox(bool escapeHtml, bool liquid)
        : base(liquid ? LiquidBuiltIns : ScribanBuiltIns)
    {
        _escapeHtml = escapeHtml;
        IsLiquid = liquid;
        Language = liquid ? ScriptLang.Liquid : ScriptLang.Default;
        LoopLimit = NotificationTemplates.MaxLoopIterations;
        RecursiveLimit = NotificationTemplates.MaxRecursionDepth;
        LimitToString = NotificationTemplates.MaxOutputLength;
        OutputLimit = NotificationTemplates.MaxOutputLength;
        OnOutputLimit = ScriptLimitBehavior.Throw;
        OnStringLimit = ScriptLimitBehavior.Throw;
        StrictVariables = false;
        EnableRelaxedMemberAccess = true;
        MemberFilter = static _ => false;
        NewLine = "\n";
        AutoIndent = false; // no include, so nothing to indent; it would scan every write for line ends
        IndentOnEmptyLines = false;
        RegexTimeOut = TimeSpan.FromMilliseconds(100);
    }

    /// <summary>Gets the calling thread's context for an HTML or a text template of one syntax.</summary>
    public static TemplateSandbox For(bool escapeHtml, TemplateSyntax syntax)
    {
        var contexts = _perThread ??= new TemplateSandbox?[4];
        var index = (escapeHtml ? 2 : 0) + (syntax == TemplateSyntax.Liquid ? 1 : 0);
        return contexts[index] ??= new TemplateSandbox(escapeHtml, syntax == TemplateSyntax.Liquid);
    }

    /// <summary>Renders a parsed template with one notification's values, under every limit.</summary>
    /// <exception cref="ScriptRuntimeException">The template broke a limit or failed; the exception carries its position.</exception>
    public string Render(Template template, TemplateScope scope, CancellationToken cancellationToken = default)
    {
        _data.Scope = scope;
        _steps = 0;
        CancellationToken = cancellationToken;
        PushGlobal(_data);
        PushGlobal(_locals);
        PushCulture(scope.Culture);
        var rendered = false;
        try
        {
            var output = template.Render(this);
            PopCulture();
            PopGlobal();
            PopGlobal();
            rendered = true;
            return output;
        }
        finally
        {
            _locals.Clear();
            _data.Scope = null;
            CancellationToken = default;
            if (!rendered)
            {
                // A render that threw can leave outputs, loop and call counters mid-way; the thread's next render gets a new context.
                Array.Clear(_perThread!);
            }
        }
    }

    /// <inheritdoc />
    public override object? Evaluate(ScriptNode? scriptNode, bool aliasReturnedFunction)
    {
        // A deterministic bound on work: loops are capped by LoopLimit, but calls (a function calling itself twice) are not.
        if (++_steps > NotificationTemplates.MaxEvaluationSteps && scriptNode is not null)
        {
            throw new ScriptRuntimeException(scriptNode.Span, $"The template took more than {NotificationTemplates.MaxEvaluationSteps:N0} evaluation steps; simplify its loops and functions.");
        }

        return base.Evaluate(scriptNode, aliasReturnedFunction);
    }

    /// <inheritdoc />
    public override TemplateContext Write(SourceSpan span, object? textAsObject)
    {
        if (textAsObject is SafeHtml safe)
        {
            Write(safe.Html);
            return this;
        }

        if (!_escapeHtml || textAsObject is null)
        {
            return base.Write(span, textAsObject);
        }

        if (ObjectToString(textAsObject) is { Length: > 0 } text)
        {
            Write(HtmlText.Escape(text));
        }

        return this;
    }

    /// <inheritdoc />
    protected override IObjectAccessor? GetMemberAccessorImpl(object target) =>
        // No .NET member of any value is reachable; script objects, arrays, strings and numbers keep theirs.
        target is IScriptObject || target is string || target is System.Collections.IList || target.GetType().IsPrimitive
            ? base.GetMemberAccessorImpl(target)
            : null;

    private static ScriptObject BuiltIns(ScriptObject source, string[] kept)
    {
        var builtIns = new ScriptObject();
        foreach (var name in kept)
        {
            if (source.TryGetValue(name, out var value))
            {
                // Scriban shares its built-in objects process-wide: a template that could add 'string.x' would carry one
                // resident's text into another's message. Each is copied, and the copy is read-only.
                if (value is ScriptObject shared)
                {
                    var copy = (ScriptObject)shared.Clone(true);
                    copy.IsReadOnly = true;
                    value = copy;
                }

                builtIns[name] = value;
            }
        }

        builtIns["date"] = new Function(1, 2, static (context, span, arguments) =>
            arguments[0] is TemplateInstant instant ? instant.Format(arguments.Count > 1 ? context.ObjectToString(arguments[1]) ?? "D" : "D") : null);
        builtIns["duration"] = new Function(1, 1, static (_, _, arguments) => arguments[0] is TemplateDuration duration ? duration.ToString() : null);
        // The checker lets 'raw' take only literal text, so resident-supplied values can never be marked raw.
        builtIns["raw"] = new Function(1, 1, static (context, _, arguments) => arguments[0] is null ? null : new SafeHtml(context.ObjectToString(arguments[0]) ?? string.Empty));
        var escape = new Function(1, 1, static (context, _, arguments) => arguments[0] is null ? null : new SafeHtml(HtmlText.Escape(context.ObjectToString(arguments[0]) ?? string.Empty)));
        builtIns["escape"] = escape;
        builtIns["html_escape"] = escape;
        builtIns.IsReadOnly = true;
        return builtIns;
    }

    /// <summary>The notification's values as Scriban sees them: read-only, read only when asked for, empty text as no value.</summary>
    private sealed class DataObject : IScriptObject
    {
        public TemplateScope? Scope { get; set; }

        public int Count => TemplateVariables.ByName.Count;

        public bool IsReadOnly
        {
            get => true;
            set { }
        }

        public IEnumerable<string> GetMembers() => TemplateVariables.Names;

        public bool Contains(string member) => TemplateVariables.ByName.ContainsKey(member);

        public bool TryGetValue(TemplateContext? context, SourceSpan span, string member, out object? value)
        {
            if (Scope is not null && TemplateVariables.ByName.TryGetValue(member, out var variable))
            {
                value = TemplateVariables.ValueOf(variable.Read, Scope);
                return true;
            }

            value = null;
            return false;
        }

        public bool CanWrite(string member) => false;

        public bool TrySetValue(TemplateContext? context, SourceSpan span, string member, object? value, bool readOnly) => false;

        public bool Remove(string member) => false;

        public void SetReadOnly(string member, bool readOnly)
        {
        }

        public IScriptObject Clone(bool deep) => new DataObject { Scope = Scope };
    }

    /// <summary>A function of the sandbox, called with positional arguments only.</summary>
    private sealed class Function(int required, int maximum, Func<TemplateContext, SourceSpan, ScriptArray, object?> body) : IScriptCustomFunction
    {
        public int RequiredParameterCount => required;

        public int ParameterCount => maximum;

        public ScriptVarParamKind VarParamKind => ScriptVarParamKind.None;

        public Type ReturnType => typeof(object);

        public object? Invoke(TemplateContext context, ScriptNode? callerContext, ScriptArray arguments, ScriptBlockStatement? blockStatement)
        {
            if (arguments.Count < required || arguments.Count > maximum)
            {
                throw new ScriptRuntimeException(callerContext?.Span ?? default, required == maximum
                    ? $"The function takes {required} argument(s); it was given {arguments.Count}."
                    : $"The function takes {required} to {maximum} arguments; it was given {arguments.Count}.");
            }

            return body(context, callerContext?.Span ?? default, arguments);
        }

        public ValueTask<object?> InvokeAsync(TemplateContext context, ScriptNode? callerContext, ScriptArray arguments, ScriptBlockStatement? blockStatement) =>
            new(Invoke(context, callerContext, arguments, blockStatement));

        public ScriptParameterInfo GetParameterInfo(int index) => new(typeof(object), "value");
    }
}

/// <summary>Text that is already HTML (a template's own literal marked <c>raw</c>, or escaped text): written as it is.</summary>
internal sealed class SafeHtml(string html)
{
    public string Html { get; } = html;

    public override string ToString() => Html;
}
