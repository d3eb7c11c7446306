using System.Collections.Concurrent;
using System.Reflection;

namespace OrleansBridge.Silo.Hosting;

/// <summary>
/// A grain reference: a <see cref="DispatchProxy"/> for the grain interface whose every call is
/// routed to <see cref="GrainHost.RunTurnAsync{TResult}"/> (in Orleans, generated code does this).
/// Grain methods must return <see cref="Task"/> or <see cref="Task{TResult}"/>.
/// </summary>
public class GrainReference : DispatchProxy
{
    private static readonly ConcurrentDictionary<MethodInfo, Func<GrainHost, GrainId, object?[]?, object>> Invokers = new();
    private static readonly MethodInfo InvokeTypedMethod = typeof(GrainReference).GetMethod(nameof(InvokeTyped), BindingFlags.NonPublic | BindingFlags.Static)!;
    private GrainHost? _host;
    private GrainId _id;

    internal static TGrain For<TGrain>(GrainHost host, GrainId id)
        where TGrain : class
    {
        var proxy = Create<TGrain, GrainReference>();
        var reference = (GrainReference)(object)proxy;
        reference._host = host;
        reference._id = id;
        return proxy;
    }

    /// <inheritdoc />
    protected override object? Invoke(MethodInfo? targetMethod, object?[]? args)
    {
        ArgumentNullException.ThrowIfNull(targetMethod);
        var invoker = Invokers.GetOrAdd(targetMethod, BuildInvoker);
        return invoker(_host!, _id, args);
    }

    /// <inheritdoc />
    public override string ToString() => _id.ToString();

    private static Func<GrainHost, GrainId, object?[]?, object> BuildInvoker(MethodInfo method)
    {
        var returnType = method.ReturnType;
        if (returnType == typeof(Task))
        {
            return (host, id, args) => host.RunTurnAsync(id, async grain =>
            {
                await (Task)Call(method, grain, args);
                return true;
            });
        }

        if (returnType.IsGenericType && returnType.GetGenericTypeDefinition() == typeof(Task<>))
        {
            return InvokeTypedMethod.MakeGenericMethod(returnType.GetGenericArguments()[0])
                .CreateDelegate<Func<MethodInfo, Func<GrainHost, GrainId, object?[]?, object>>>()(method);
        }

        throw new NotSupportedException($"Grain method {method.DeclaringType?.Name}.{method.Name} must return Task or Task<T>.");
    }

    private static Func<GrainHost, GrainId, object?[]?, object> InvokeTyped<TResult>(MethodInfo method) =>
        (host, id, args) => host.RunTurnAsync(id, grain => (Task<TResult>)Call(method, grain, args));

    private static object Call(MethodInfo method, object grain, object?[]? args) =>
        method.Invoke(grain, BindingFlags.DoNotWrapExceptions, binder: null, args, culture: null)!;
}
