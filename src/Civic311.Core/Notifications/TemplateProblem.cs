namespace Civic311.Notifications;

/// <summary>
/// One problem found in the notification templates at start-up: which template (name, event, language, channel, part),
/// where in it (line and column, from 1), a stable code from <see cref="TemplateProblemCodes"/> and a message.
/// </summary>
/// <threadsafety>Immutable and thread-safe.</threadsafety>
public sealed record TemplateProblem
{
    internal TemplateProblem(string name, NotificationTemplateKey? key, int line, int column, string code, string message)
    {
        Name = name;
        Key = key;
        Line = line;
        Column = column;
        Code = code;
        Message = message;
    }

    /// <summary>Gets the template's name, for example <c>request-received.es.email.subject</c> (or the file name that could not be read as one).</summary>
    public string Name { get; }

    /// <summary>Gets the template's key (event, language, channel, part); <see langword="null"/> when the name is not a valid template name.</summary>
    public NotificationTemplateKey? Key { get; }

    /// <summary>Gets the line of the problem, from 1; 0 when the problem is about the template as a whole.</summary>
    public int Line { get; }

    /// <summary>Gets the column of the problem, from 1; 0 when the problem is about the template as a whole.</summary>
    public int Column { get; }

    /// <summary>Gets the stable code of the problem (see <see cref="TemplateProblemCodes"/>).</summary>
    public string Code { get; }

    /// <summary>Gets the human-readable description of the problem.</summary>
    public string Message { get; }

    /// <summary>Gets the language of the template, when the name is valid.</summary>
    public string? Language => Key?.Language;

    /// <summary>Gets the channel of the template, when the name is valid.</summary>
    public ChannelKind? Channel => Key?.Channel;

    /// <summary>Converts to a <see cref="ValidationError"/> whose field is <c>name(line,column)</c>.</summary>
    /// <returns>The validation error.</returns>
    public ValidationError ToValidationError() =>
        new(Line > 0 ? $"{Name}({Line},{Column})" : Name, Code, Message);

    /// <inheritdoc />
    public override string ToString() => Line > 0 ? $"{Name}({Line},{Column}): {Message} ({Code})" : $"{Name}: {Message} ({Code})";
}

/// <summary>The stable codes carried by <see cref="TemplateProblem.Code"/>.</summary>
public static class TemplateProblemCodes
{
    /// <summary>The template is not valid Scriban or Liquid (an unclosed block or expression, a misplaced <c>end</c>), or uses a form the sandbox refuses.</summary>
    public const string Syntax = "template_syntax";

    /// <summary>The template uses a variable the data model does not have.</summary>
    public const string UnknownVariable = "unknown_variable";

    /// <summary>The template calls a function that does not exist, or one the sandbox refuses (<c>include</c>, <c>import</c>).</summary>
    public const string UnknownHelper = "unknown_helper";

    /// <summary>The template marks something other than its own literal text <c>raw</c>, which could let resident-supplied text inject HTML.</summary>
    public const string RawOutput = "raw_output";

    /// <summary>A function is given a variable of the wrong type (<c>date</c> of a text).</summary>
    public const string WrongType = "wrong_type";

    /// <summary>A date format is not valid.</summary>
    public const string InvalidFormat = "invalid_format";

    /// <summary>A template that must exist is missing (a part of a set, or the default language's template of an event).</summary>
    public const string Missing = "missing_template";

    /// <summary>A template is longer than <see cref="NotificationTemplates.MaxTemplateLength"/> characters.</summary>
    public const string TooLong = "template_too_long";

    /// <summary>A template's blocks nest deeper than <see cref="NotificationTemplates.MaxBlockDepth"/>.</summary>
    public const string TooDeep = "template_too_deep";

    /// <summary>A template broke a sandbox limit (loop iterations, recursion, evaluation steps, output length, render time) when rendered with trial data at start-up.</summary>
    public const string LimitExceeded = "template_limit_exceeded";

    /// <summary>A template that passed every check failed when rendered once with trial data at start-up.</summary>
    public const string RenderFailed = "template_render_failed";

    /// <summary>An HTML template, rendered once with markup in every text value at start-up, output that markup unescaped.</summary>
    public const string UnescapedOutput = "unescaped_output";

    /// <summary>A template file's name is not <c>{kind}.{language}.{channel}.{part}.scriban</c> (or <c>.liquid</c>).</summary>
    public const string InvalidName = "invalid_template_name";
}
