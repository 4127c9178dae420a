using System.Text.Json.Nodes;

namespace Civic311.Dataverse.Emulator.Internal;

/// <summary>A table's rows and its alternate-key indexes. Callers hold <see cref="DataStore.Sync"/>.</summary>
internal sealed class Table
{
    private readonly Dictionary<Guid, JsonObject> _rows = [];
    private readonly Dictionary<KeyDef, Dictionary<string, Guid>> _keyIndexes = [];

    public Table(TableDef def) => Def = def;

    public TableDef Def { get; }

    public int Count => _rows.Count;

    public IEnumerable<JsonObject> Rows => _rows.Values;

    public JsonObject? Find(Guid id) => _rows.GetValueOrDefault(id);

    /// <summary>The row whose alternate key <paramref name="key"/> has these values, or null.</summary>
    public Guid? FindByKey(KeyDef key, IReadOnlyDictionary<string, JsonNode?> values)
    {
        var composite = Composite(key, column => values.GetValueOrDefault(column));
        return composite is not null && Index(key).TryGetValue(composite, out var id) ? id : null;
    }

    /// <summary>The id of another row that already holds <paramref name="row"/>'s values of some alternate key.</summary>
    public (KeyDef Key, Guid Other)? FindKeyConflict(Guid id, JsonObject row)
    {
        foreach (var key in Def.Keys)
        {
            var composite = Composite(key, column => row[RowProperty(column)]);
            if (composite is not null && Index(key).TryGetValue(composite, out var other) && other != id)
            {
                return (key, other);
            }
        }

        return null;
    }

    /// <summary>Stores <paramref name="row"/> under <paramref name="id"/> (or removes the row when null), keeping the indexes right.</summary>
    public void Put(Guid id, JsonObject? row)
    {
        if (_rows.Remove(id, out var old))
        {
            foreach (var key in Def.Keys)
            {
                var composite = Composite(key, column => old[RowProperty(column)]);
                if (composite is not null)
                {
                    Index(key).Remove(composite);
                }
            }
        }

        if (row is null)
        {
            return;
        }

        _rows[id] = row;
        foreach (var key in Def.Keys)
        {
            var composite = Composite(key, column => row[RowProperty(column)]);
            if (composite is not null)
            {
                Index(key)[composite] = id;
            }
        }
    }

    /// <summary>Builds a new key's index; false (and no index) when existing rows already break its uniqueness.</summary>
    public bool TryIndex(KeyDef key)
    {
        var index = new Dictionary<string, Guid>(StringComparer.Ordinal);
        foreach (var (id, row) in _rows)
        {
            var composite = Composite(key, column => row[RowProperty(column)]);
            if (composite is not null && !index.TryAdd(composite, id))
            {
                return false;
            }
        }

        _keyIndexes[key] = index;
        return true;
    }

    public void DropIndex(KeyDef key) => _keyIndexes.Remove(key);

    private Dictionary<string, Guid> Index(KeyDef key)
    {
        if (!_keyIndexes.TryGetValue(key, out var index))
        {
            index = new Dictionary<string, Guid>(StringComparer.Ordinal);
            _keyIndexes[key] = index;
        }

        return index;
    }

    private string RowProperty(string column) =>
        Def.Columns.TryGetValue(column, out var def) ? TableDef.RowProperty(def) : column;

    /// <summary>The key's values joined into one string; null when any of them is null (such rows are not indexed).</summary>
    private static string? Composite(KeyDef key, Func<string, JsonNode?> value)
    {
        var parts = new string[key.Columns.Length];
        for (var i = 0; i < parts.Length; i++)
        {
            var node = value(key.Columns[i]);
            if (node is null)
            {
                return null;
            }

            // SQL Server's default collation: string keys compare case-insensitively.
            parts[i] = node.GetValueKind() == System.Text.Json.JsonValueKind.String
                ? node.GetValue<string>().ToUpperInvariant()
                : node.ToJsonString().ToUpperInvariant();
        }

        return string.Join('\u001f', parts);
    }
}
