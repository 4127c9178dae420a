using System.Collections.Generic;
using System.Data.Common;
using System.Globalization;
using System.Text;

namespace Civic311.Relational;

/// <summary>SQL text with its parameters, built up piece by piece; values always travel as parameters, never as text.</summary>
internal sealed class SqlStatement
{
    private readonly StringBuilder _text = new();
    private readonly List<(string Name, object? Value, bool Json)> _parameters = new();

    public SqlStatement Append(string text)
    {
        _text.Append(text);
        return this;
    }

    /// <summary>Adds a parameter and writes its name into the text.</summary>
    public SqlStatement Value(object? value, bool json = false)
    {
        var name = string.Create(CultureInfo.InvariantCulture, $"@p{_parameters.Count}");
        _parameters.Add((name, value, json));
        _text.Append(name);
        return this;
    }

    public string Text => _text.ToString();

    /// <summary>Sets this statement's values on a command made from the same text (a cached, already prepared one).</summary>
    public void ApplyTo(DbCommand command)
    {
        for (var i = 0; i < _parameters.Count; i++)
        {
            command.Parameters[i].Value = _parameters[i].Value ?? System.DBNull.Value;
        }
    }

    public DbCommand CreateCommand(DbConnection connection, DbTransaction? transaction, SqlDialect dialect)
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
#pragma warning disable CA2100 // The text is built from the schema's own names; every value is a parameter.
        command.CommandText = _text.ToString();
#pragma warning restore CA2100
        foreach (var (name, value, json) in _parameters)
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = name;
            parameter.Value = value ?? System.DBNull.Value;
            if (json)
            {
                dialect.MarkJson(parameter);
            }

            command.Parameters.Add(parameter);
        }

        return command;
    }
}
