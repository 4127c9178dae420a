namespace Civic311.Dataverse.Emulator.Internal;

/// <summary>
/// The undo actions of one atomic unit (a request, a change set, a CreateMultiple): every change to the store records how
/// to take it back, and a failure rolls back to a mark in reverse order. Callers hold <see cref="DataStore.Sync"/>.
/// </summary>
internal sealed class UndoLog
{
    private readonly List<Action> _undo = [];

    public int Mark => _undo.Count;

    public void Add(Action undo) => _undo.Add(undo);

    public void RollbackTo(int mark)
    {
        for (var i = _undo.Count - 1; i >= mark; i--)
        {
            _undo[i]();
        }

        _undo.RemoveRange(mark, _undo.Count - mark);
    }
}
