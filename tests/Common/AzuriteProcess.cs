using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace OrleansBridge.Tests;

/// <summary>
/// A real Azurite on 127.0.0.1, from <c>.tools/</c> (./test.sh installs azurite@3.35.0 there): its blob
/// service, and its table service for Orleans' cluster membership (its queue service runs too, unused).
/// Started on free ports with data in its own temporary folder; can be stopped (SIGTERM, so it saves its
/// metadata) and started again on the same ports and data, to test outages.
/// </summary>
public sealed class AzuriteProcess : IAsyncDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(30);
    private readonly StringBuilder _output = new();
    private Process? _process;

    private AzuriteProcess(int port, int tablePort, int queuePort, string location)
    {
        Port = port;
        TablePort = tablePort;
        QueuePort = queuePort;
        Location = location;
    }

    /// <summary>The blob service's port.</summary>
    public int Port { get; }

    /// <summary>The table service's port.</summary>
    public int TablePort { get; }

    /// <summary>The queue service's port.</summary>
    public int QueuePort { get; }

    /// <summary>Azurite's data folder.</summary>
    public string Location { get; }

    /// <summary>The connection string of the emulator account, with explicit blob and table endpoints.</summary>
    public string ConnectionString =>
        "DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;" +
        "AccountKey=Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==;" +
        $"BlobEndpoint=http://127.0.0.1:{Port}/devstoreaccount1;TableEndpoint=http://127.0.0.1:{TablePort}/devstoreaccount1";

    /// <summary>A storage spec body: the connection string and <c>;container=</c>.</summary>
    public string BlobLocation(string container) => $"{ConnectionString};container={container}";

    /// <summary>Starts Azurite on a free port and waits until it answers.</summary>
    public static async Task<AzuriteProcess> StartAsync()
    {
        var location = Path.Combine(Path.GetTempPath(), "orleansbridge-azurite", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(location);
        var azurite = new AzuriteProcess(FreePort(), FreePort(), FreePort(), location);
        await azurite.RestartAsync();
        return azurite;
    }

    /// <summary>Starts the stopped process again, same port and data; returns when it answers HTTP.</summary>
    public async Task RestartAsync()
    {
        var executable = RepositoryPaths.Under(".tools", "node_modules", ".bin", "azurite");
        if (!File.Exists(executable))
        {
            throw new InvalidOperationException($"Azurite is not installed at {executable}; run ./test.sh, or npm install --prefix .tools azurite@3.35.0.");
        }

        var ready = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var listening = 0;
        var start = new ProcessStartInfo(executable)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[]
        {
            "--blobHost", "127.0.0.1", "--blobPort", Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "--tableHost", "127.0.0.1", "--tablePort", TablePort.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "--queueHost", "127.0.0.1", "--queuePort", QueuePort.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "--location", Location,
            "--disableTelemetry", "--loose", "--silent",
        })
        {
            start.ArgumentList.Add(argument);
        }

        var process = new Process { StartInfo = start, EnableRaisingEvents = true };
        DataReceivedEventHandler collect = (_, e) =>
        {
            if (e.Data is null)
            {
                return;
            }

            lock (_output)
            {
                _output.AppendLine(e.Data);
            }

            if (e.Data.Contains("successfully listen", StringComparison.Ordinal) && Interlocked.Increment(ref listening) == 3)
            {
                ready.TrySetResult(); // blob, queue and table
            }
        };
        process.OutputDataReceived += collect;
        process.ErrorDataReceived += collect;
        process.Exited += (_, _) => ready.TrySetException(new InvalidOperationException($"Azurite exited before it was ready:{Environment.NewLine}{Output}"));
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        _process = process;
        await ready.Task.WaitAsync(StartTimeout);
        await ProbeAsync();
    }

    /// <summary>Stops Azurite with SIGTERM (it saves its metadata and closes) and waits for it to exit.</summary>
    public async Task StopAsync()
    {
        if (_process is not { HasExited: false } process)
        {
            return;
        }

        using (var kill = Process.Start("kill", ["-TERM", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
        {
            await kill.WaitForExitAsync();
        }

        try
        {
            await process.WaitForExitAsync().WaitAsync(StopTimeout);
        }
        catch (TimeoutException)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }

        process.Dispose();
        _process = null;
    }

    /// <summary>
    /// Freezes the process (SIGSTOP) until the returned handle is disposed (SIGCONT): storage that accepts
    /// connections and answers nothing, as an overloaded or partitioned account does.
    /// </summary>
    public async Task<IAsyncDisposable> PauseAsync()
    {
        var process = _process ?? throw new InvalidOperationException("Azurite is not running.");
        await SignalAsync(process, "-STOP");
        return new Paused(process);
    }

    private static async Task SignalAsync(Process process, string signal)
    {
        using var kill = Process.Start("kill", [signal, process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        await kill.WaitForExitAsync();
    }

    private sealed class Paused(Process process) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync() => await SignalAsync(process, "-CONT");
    }

    /// <summary>What Azurite printed, for failure messages.</summary>
    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        try
        {
            Directory.Delete(Location, recursive: true);
        }
        catch (IOException)
        {
            // Left for the OS to clean.
        }
    }

    /// <summary>One HTTP round trip: any answer (403 for an unsigned request) means the service is up.</summary>
    private async Task ProbeAsync()
    {
        using var http = new HttpClient { Timeout = StartTimeout };
        using var response = await http.GetAsync(new Uri($"http://127.0.0.1:{Port}/devstoreaccount1?comp=list"));
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
