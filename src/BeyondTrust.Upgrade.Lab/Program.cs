using System.Globalization;
using System.Runtime.InteropServices;
using BeyondTrust.Upgrade.Lab;

// dotnet run --project src/BeyondTrust.Upgrade.Lab -- --topology <file|sample> [--time-scale 0.01] [--lab-key K] [--json-endpoints <file>]
var options = new LabOptions();
string? endpointsFile = null;
for (var i = 0; i < args.Length; i++)
{
    string Value() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value.");
    switch (args[i])
    {
        case "--topology":
            options.TopologyPath = Value();
            break;
        case "--time-scale":
            if (!double.TryParse(Value(), NumberStyles.Float, CultureInfo.InvariantCulture, out var scale) || scale <= 0)
            {
                Console.Error.WriteLine("--time-scale needs a positive number of real seconds per vendor second, such as 0.01.");
                return 2;
            }

            options.TimeScale = scale;
            break;
        case "--lab-key":
            options.LabKey = Value();
            break;
        case "--token-lifetime":
            options.TokenLifetime = TimeSpan.FromSeconds(double.Parse(Value(), CultureInfo.InvariantCulture));
            break;
        case "--json-endpoints":
            endpointsFile = Path.GetFullPath(Value());
            break;
        case "-h" or "--help":
            Console.WriteLine("Usage: BeyondTrust.Upgrade.Lab --topology <file|sample name> [--time-scale 0.01] [--lab-key K] [--token-lifetime seconds] [--json-endpoints <file>]");
            Console.WriteLine(Samples);
            return 0;
        default:
            Console.Error.WriteLine($"Unknown argument '{args[i]}' (try --help).");
            return 2;
    }
}

if (options.TopologyPath is null)
{
    Console.Error.WriteLine("--topology <file|sample name> is required (try --help).");
    return 2;
}

LabServer lab;
try
{
    lab = await LabServer.StartAsync(options);
}
catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException or ArgumentException or InvalidDataException or System.Text.Json.JsonException)
{
    Console.Error.WriteLine($"Cannot start the lab from '{options.TopologyPath}': {ex.Message}");
    Console.Error.WriteLine(Samples);
    return 2;
}

await using var running = lab;
Console.WriteLine($"BeyondTrust appliance lab '{lab.Topology.Name}' (time scale {lab.TimeScale} real s per vendor s)");
foreach (var a in lab.Appliances)
{
    Console.WriteLine($"  appliance {a.Name,-8} {a.Product,-7} {a.BaseUri}  {a.Hostname}  serial {a.Serial}");
    Console.WriteLine($"           thumbprint SHA-1 {a.Thumbprint}  SHA-256 {a.ThumbprintSha256}");
}

Console.WriteLine($"  site          {lab.SiteUri}  ({lab.SiteHostname})  thumbprint {lab.SiteThumbprint}");
Console.WriteLine($"  update server {lab.UpdateServerUri}  thumbprint {lab.UpdateServerThumbprint}");
Console.WriteLine($"  control       {lab.ControlUri}  thumbprint {lab.ControlThumbprint}");
Console.WriteLine("Lab credentials (printed once):");
Console.WriteLine($"  API account   client id {lab.Credentials.ApiClientId}  client secret {lab.Credentials.ApiClientSecret}");
Console.WriteLine($"  /appliance    user {lab.Credentials.AdminUser}  password {lab.Credentials.AdminPassword}");
Console.WriteLine($"  X-Lab-Key     {lab.LabKey}");
if (endpointsFile is not null)
{
    // For scripts (the Pester tests): everything the banner prints, once every listener is up; temp file, then rename.
    var json = System.Text.Json.JsonSerializer.Serialize(new
    {
        topology = lab.Topology.Name,
        timeScale = lab.TimeScale,
        appliances = lab.Appliances.Select(a => new { name = a.Name, product = a.Product, hostname = a.Hostname, serial = a.Serial, baseUri = a.BaseUri, thumbprint = a.Thumbprint, thumbprintSha256 = a.ThumbprintSha256 }),
        site = new { uri = lab.SiteUri, hostname = lab.SiteHostname, thumbprint = lab.SiteThumbprint },
        updateServer = new { uri = lab.UpdateServerUri, thumbprint = lab.UpdateServerThumbprint },
        control = new { uri = lab.ControlUri, thumbprint = lab.ControlThumbprint },
        credentials = new { apiClientId = lab.Credentials.ApiClientId, apiClientSecret = lab.Credentials.ApiClientSecret, adminUser = lab.Credentials.AdminUser, adminPassword = lab.Credentials.AdminPassword },
        labKey = lab.LabKey,
    }, new System.Text.Json.JsonSerializerOptions { WriteIndented = true });
    var temp = endpointsFile + ".partial";
    // It holds the lab credentials: readable by this user only.
    File.WriteAllText(temp, string.Empty);
    if (!OperatingSystem.IsWindows())
    {
        File.SetUnixFileMode(temp, UnixFileMode.UserRead | UnixFileMode.UserWrite);
    }

    File.WriteAllText(temp, json);
    File.Move(temp, endpointsFile, overwrite: true);
    Console.WriteLine($"Endpoints written to {endpointsFile}");
}

Console.WriteLine("Press Ctrl+C to stop.");

var stop = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    stop.TrySetResult();
};
using var term = PosixSignalRegistration.Create(PosixSignal.SIGTERM, c =>
{
    c.Cancel = true;
    stop.TrySetResult();
});
await stop.Task;
Console.WriteLine("Stopping the lab.");
return 0;

internal static partial class Program
{
    private const string Samples = "Samples: rs-single, pra-single, bomgar-single, bomgar-single-legacy, rs-failover-pair, pra-failover-pair, "
        + "bomgar-failover-pair, rs-atlas-cluster (a master, 16 traffic nodes in two regions), rs-atlas-failover (a master pair "
        + "and 16 traffic nodes); documented-only (vendor paths only, page actions by the simulated operator): "
        + "rs-single-documented, pra-single-documented, bomgar-single-documented, rs-failover-pair-documented, "
        + "pra-failover-pair-documented, bomgar-failover-pair-documented, rs-atlas-cluster-documented, rs-atlas-failover-documented";
}
