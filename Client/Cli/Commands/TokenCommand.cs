using System.CommandLine;
using OrleansBridge.Admission;

namespace OrleansBridge.Cli.Commands;

/// <summary><c>bridge token</c>: mints an HMAC-signed token for an application configured with that signing key.</summary>
internal static class TokenCommand
{
    public static Command Create()
    {
        var key = new Option<string>("--key") { Description = "The signing secret, base64 (as in Bridge:Applications:<name>:Auth:SigningKeys)", Required = true };
        var keyId = new Option<string>("--key-id") { Description = "The signing key's id", DefaultValueFactory = _ => "default" };
        var tenant = new Option<string>("--tenant") { Description = "The tenant the token stands for", Required = true };
        var ttl = new Option<TimeSpan>("--ttl") { Description = "How long the token is valid (hh:mm:ss)", DefaultValueFactory = _ => TimeSpan.FromHours(8) };
        var max = new Option<int?>("--max-sessions") { Description = "The tenant's concurrent session cap carried by the token" };
        var command = new Command("token", "Mint an HMAC-SHA256 signed token (tenant, expiry, session cap) for a configured signing key.");
        command.Options.Add(key);
        command.Options.Add(keyId);
        command.Options.Add(tenant);
        command.Options.Add(ttl);
        command.Options.Add(max);
        command.SetAction(parse =>
        {
            byte[] secret;
            try
            {
                secret = Convert.FromBase64String(parse.GetValue(key)!);
            }
            catch (FormatException)
            {
                Console.Error.WriteLine("error: --key must be base64.");
                return ExitCodes.Usage;
            }

            var expires = DateTimeOffset.UtcNow.Add(parse.GetValue(ttl)).ToUnixTimeSeconds();
            var token = new SignedToken(parse.GetValue(keyId)!, parse.GetValue(tenant)!, expires, parse.GetValue(max)).Sign(secret);
            Console.WriteLine(token);
            return ExitCodes.Ok;
        });
        return command;
    }
}
