namespace Civic311.Notifications;

/// <summary>
/// The syntax a notification template is written in. Both run on the same Scriban engine, sandbox and data model; a
/// template file says which by its extension: <c>.scriban</c> or <c>.liquid</c>.
/// </summary>
public enum TemplateSyntax
{
    /// <summary>Scriban: <c>{{ if note }}{{ note }}{{ else }}…{{ end }}</c>, <c>{{ expectedAt | date "d" }}</c>; files end with <c>.scriban</c>.</summary>
    Scriban = 0,

    /// <summary>Liquid, as Dynamics 365 Power Pages authors write it: <c>{% if note %}{{ note }}{% else %}…{% endif %}</c>, <c>{{ expectedAt | date: "d" }}</c>; files end with <c>.liquid</c>.</summary>
    Liquid = 1,
}
