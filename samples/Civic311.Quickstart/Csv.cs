using System;
using System.Collections.Generic;
using System.IO;
using System.Text;

namespace Civic311.Quickstart;

/// <summary>One CSV record: its fields and the line of the file it starts on (1-based).</summary>
/// <param name="Line">The line the record starts on.</param>
/// <param name="Fields">The fields, unquoted.</param>
internal sealed record CsvRecord(long Line, IReadOnlyList<string> Fields);

/// <summary>The input is not valid RFC 4180 CSV.</summary>
internal sealed class CsvFormatException(long line, string message) : FormatException($"line {line}: {message}")
{
    public long Line { get; } = line;
}

/// <summary>
/// A small RFC 4180 reader. Fields are separated by commas and records by CRLF (a lone LF or CR is accepted too). A field
/// in double quotes may contain commas, line breaks and doubled quotes (<c>""</c> reads as <c>"</c>). Blank lines are
/// skipped. Malformed input (a quote inside an unquoted field, text after a closing quote, a quote left open at the end)
/// throws <see cref="CsvFormatException"/> with the line number rather than being guessed at.
/// </summary>
internal static class Csv
{
    public static IEnumerable<CsvRecord> Read(TextReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var fields = new List<string>();
        var field = new StringBuilder();
        var line = 1L;
        var recordLine = 1L;
        var inQuotes = false;
        var fieldWasQuoted = false;
        var recordHasContent = false;

        int next;
        while ((next = reader.Read()) >= 0)
        {
            var c = (char)next;
            if (inQuotes)
            {
                if (c == '"')
                {
                    if (reader.Peek() == '"')
                    {
                        reader.Read();
                        field.Append('"');
                    }
                    else
                    {
                        inQuotes = false;
                    }
                }
                else
                {
                    if (c == '\n' || (c == '\r' && reader.Peek() != '\n'))
                    {
                        line++;
                    }

                    field.Append(c);
                }

                continue;
            }

            switch (c)
            {
                case ',':
                    fields.Add(field.ToString());
                    field.Clear();
                    fieldWasQuoted = false;
                    recordHasContent = true;
                    break;

                case '\r' or '\n':
                    if (c == '\r' && reader.Peek() == '\n')
                    {
                        reader.Read();
                    }

                    if (recordHasContent || field.Length > 0 || fieldWasQuoted)
                    {
                        fields.Add(field.ToString());
                        yield return new CsvRecord(recordLine, fields.ToArray());
                    }

                    fields.Clear();
                    field.Clear();
                    fieldWasQuoted = false;
                    recordHasContent = false;
                    line++;
                    recordLine = line;
                    break;

                case '"':
                    if (field.Length > 0 || fieldWasQuoted)
                    {
                        throw new CsvFormatException(line, fieldWasQuoted
                            ? "a closing quote must be followed by a comma or the end of the line."
                            : "a quote appears inside an unquoted field; quote the whole field and double the quote.");
                    }

                    inQuotes = true;
                    fieldWasQuoted = true;
                    break;

                default:
                    if (fieldWasQuoted)
                    {
                        throw new CsvFormatException(line, $"'{c}' follows a closing quote; a quoted field must end at a comma or the end of the line.");
                    }

                    field.Append(c);
                    break;
            }
        }

        if (inQuotes)
        {
            throw new CsvFormatException(recordLine, "a quoted field is not closed before the end of the file.");
        }

        if (recordHasContent || field.Length > 0 || fieldWasQuoted)
        {
            fields.Add(field.ToString());
            yield return new CsvRecord(recordLine, fields.ToArray());
        }
    }
}
