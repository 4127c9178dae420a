using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;

namespace Civic311.Quickstart;

/// <summary>A plain-text table with aligned columns: a header, a rule, the rows. Columns whose header starts with '>' are right-aligned.</summary>
internal sealed class TextTable
{
    private readonly string[] _headers;
    private readonly bool[] _rightAligned;
    private readonly List<string[]> _rows = [];

    public TextTable(params string[] headers)
    {
        _rightAligned = headers.Select(h => h.StartsWith('>')).ToArray();
        _headers = headers.Select(h => h.TrimStart('>')).ToArray();
    }

    public TextTable Add(params object?[] cells)
    {
        if (cells.Length != _headers.Length)
        {
            throw new ArgumentException($"The table has {_headers.Length} columns; the row has {cells.Length} cells.", nameof(cells));
        }

        _rows.Add(cells.Select(c => Convert.ToString(c, System.Globalization.CultureInfo.InvariantCulture) ?? string.Empty).ToArray());
        return this;
    }

    public void Print(int indent = 2)
    {
        var widths = new int[_headers.Length];
        for (var i = 0; i < widths.Length; i++)
        {
            widths[i] = Math.Max(_headers[i].Length, _rows.Count == 0 ? 0 : _rows.Max(r => r[i].Length));
        }

        var pad = new string(' ', indent);
        Console.WriteLine(pad + Format(_headers, widths));
        Console.WriteLine(pad + string.Join("  ", widths.Select(w => new string('-', w))));
        foreach (var row in _rows)
        {
            Console.WriteLine(pad + Format(row, widths));
        }
    }

    private string Format(string[] cells, int[] widths)
    {
        var line = new StringBuilder();
        for (var i = 0; i < cells.Length; i++)
        {
            if (i > 0)
            {
                line.Append("  ");
            }

            var isLast = i == cells.Length - 1;
            if (_rightAligned[i])
            {
                line.Append(cells[i].PadLeft(widths[i]));
            }
            else
            {
                line.Append(isLast ? cells[i] : cells[i].PadRight(widths[i]));
            }
        }

        return line.ToString().TrimEnd();
    }
}
