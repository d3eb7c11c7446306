using Orleans.Runtime;

namespace OrleansBridge.Storage;

/// <summary>Reading an Orleans <see cref="IPersistentState{TState}"/> as "the record, or none".</summary>
internal static class PersistentStates
{
    /// <summary>
    /// The stored record, or null when there is none: Orleans' <c>State</c> is then a blank instance
    /// (a record type's fields all default), which must not be read as a record.
    /// </summary>
    public static T? Stored<T>(this IPersistentState<T> state)
        where T : class => state.RecordExists ? state.State : null;
}
