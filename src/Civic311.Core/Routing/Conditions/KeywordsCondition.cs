using System;
using System.Collections.Generic;
using System.Linq;
using Civic311.Internal;

namespace Civic311.Routing;

/// <summary><c>{"keywords": ["bache", "árbol caído"]}</c>: the description contains one of these words or phrases (whole words; case, accents and punctuation ignored).</summary>
internal sealed class KeywordsConditionKind() : RoutingConditionKind<IList<string>>("keywords", d => d.Keywords)
{
    protected override CompiledCondition CompilePart(IList<string> keywords, RoutingConditionContext context, string path, ref ErrorList problems)
    {
        var texts = Texts(keywords, path, "keyword", ref problems);
        if (texts is null)
        {
            return default;
        }

        var folded = new string[texts.Length];
        for (var i = 0; i < texts.Length; i++)
        {
            folded[i] = RoutingText.Normalize(texts[i]);
            if (folded[i].Length <= 2)
            {
                problems.Add($"{path}[{keywords.IndexOf(texts[i])}]", ValidationErrorCodes.InvalidFormat, $"The keyword '{texts[i]}' has no letters or digits to match.");
                return default;
            }
        }

        return CompiledCondition.Leaf(new KeywordCondition(texts, folded));
    }
}

/// <summary>Keywords, folded once at build time; the description is folded at most once per evaluation, on first need.</summary>
internal sealed class KeywordCondition(string[] keywords, string[] folded) : Condition
{
    public override bool Evaluate(ref RoutingState state) => Find(ref state) >= 0;

    public override string Reason(ref RoutingState state, bool outcome)
    {
        if (string.IsNullOrEmpty(state.Input.Description))
        {
            return "keywords: the request has no description";
        }

        var found = Find(ref state);
        return found >= 0 ? $"the description mentions '{keywords[found]}'" : $"keywords: the description mentions none of {OneOf(keywords.Select(k => "'" + k + "'"))}";
    }

    public override string Describe() => "the description mentions " + OneOf(keywords.Select(k => "'" + k + "'"));

    private int Find(ref RoutingState state)
    {
        if (state.NormalizedDescription() is not { } text)
        {
            return -1;
        }

        for (var i = 0; i < folded.Length; i++)
        {
            if (text.Contains(folded[i], StringComparison.Ordinal))
            {
                return i;
            }
        }

        return -1;
    }
}
