using System.Diagnostics.CodeAnalysis;

namespace OrleansBridge.Storage.Azure;

/// <summary>
/// A container in an account, written as a connection string with one more setting,
/// <c>container=&lt;name&gt;</c> (the text after <c>azure:</c> in a cache or grain storage spec).
/// </summary>
/// <param name="Account">The account.</param>
/// <param name="Container">The container's name.</param>
internal sealed record AzureBlobLocation(AzureStorageAccount Account, string Container)
{
    /// <summary>Parses <c>&lt;connection string&gt;;container=&lt;name&gt;</c>.</summary>
    public static bool TryParse(string text, [NotNullWhen(true)] out AzureBlobLocation? location, [NotNullWhen(false)] out string? error)
    {
        location = null;
        if (!AzureStorageAccount.TryParseSettings(text, out var settings, out error))
        {
            return false;
        }

        if (!settings.Remove("container", out var container))
        {
            error = "The Azure spec needs ';container=<name>' after the connection string.";
            return false;
        }

        if (!IsValidContainerName(container))
        {
            error = $"'{container}' is not a container name: 3 to 63 lowercase letters, digits and single hyphens, starting with a letter or digit.";
            return false;
        }

        var connectionString = string.Join(';', settings.Select(s => $"{s.Key}={s.Value}"));
        if (!AzureStorageAccount.TryParse(connectionString, out var account, out error))
        {
            return false;
        }

        location = new AzureBlobLocation(account, container);
        return true;
    }

    /// <summary>Container naming rules of the Blob service.</summary>
    public static bool IsValidContainerName(string name)
    {
        if (name.Length is < 3 or > 63 || name[0] == '-' || name[^1] == '-' || name.Contains("--", StringComparison.Ordinal))
        {
            return false;
        }

        foreach (var c in name)
        {
            if (c is not ((>= 'a' and <= 'z') or (>= '0' and <= '9') or '-'))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>For messages: the container and endpoint, never the key.</summary>
    public override string ToString() => $"container '{Container}' at {Account.BlobEndpoint}";
}
