namespace OrleansBridge.Hosting;

/// <summary>Tells the grain host which class implements a grain interface (registered in DI by the grains assembly).</summary>
/// <param name="Interface">The grain interface, deriving from <see cref="IGrainWithStringKey"/>.</param>
/// <param name="Implementation">The grain class; built with DI and given an <see cref="IGrainContext"/>.</param>
public sealed record GrainRegistration(Type Interface, Type Implementation);
