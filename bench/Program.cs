using System.Reflection;
using OrleansBridge.Bench;

var benches = Assembly.GetExecutingAssembly().GetTypes()
    .Where(t => t is { IsClass: true, IsAbstract: false } && typeof(IBench).IsAssignableFrom(t))
    .Select(t => (IBench)Activator.CreateInstance(t)!)
    .OrderBy(b => b.Name, StringComparer.Ordinal)
    .ToList();

if (args.Length == 0 || args[0] is "--list" or "-h" or "--help")
{
    Console.WriteLine("usage: dotnet run -c Release --project bench -- <name> [options]");
    foreach (var bench in benches)
    {
        Console.WriteLine($"  {bench.Name,-12} {bench.Description}");
    }

    return args.Length == 0 ? 1 : 0;
}

var chosen = benches.FirstOrDefault(b => b.Name == args[0]);
if (chosen is null)
{
    Console.Error.WriteLine($"No benchmark named '{args[0]}'; --list shows them.");
    return 1;
}

return await chosen.RunAsync(args[1..]);
