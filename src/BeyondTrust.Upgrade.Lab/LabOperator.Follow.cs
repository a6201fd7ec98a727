using BeyondTrust.Upgrade.Lab.Appliances;
using BeyondTrust.Upgrade.Lab.Core;
using BeyondTrust.Upgrade.Lab.Packages;

namespace BeyondTrust.Upgrade.Lab;

/// A person who follows the module's instructions (docs/appliance-api.md 6.3): given an instruction's action name and
/// parameters as the module writes them (an address, a version, the backup's host and port), it does on the page what
/// the instruction says, through <see cref="Perform"/>: every click is listed by <see cref="List"/>. The rehearsal and
/// the tests use it to play the person of the guided path; they use <see cref="Perform"/> for a person who does
/// something else (late, twice, on the wrong appliance).
public sealed partial class LabOperator
{
    /// Follows one instruction addressed to the appliance at <paramref name="baseUri"/>, <paramref name="afterSeconds"/>
    /// vendor seconds from now, in the background. "updates.install" with a "version" checks for updates, installs
    /// every Base update listed first and then the site package of that version, each once the one before finished.
    /// The Atlas instructions (docs/appliance-api.md 6.3): "cluster.node" with "node" (name or hostname) and "accepting",
    /// "failover.backup-operations" with "enabled" ("true" is true, anything else false), "software.download" with its
    /// "version" and "type" (none: every listed package), "cluster.distribute" and "cluster.sync" as they are.
    /// An instruction the person cannot follow (an unknown key, a password) is listed as refused.
    /// <exception cref="ArgumentException">No appliance of the lab answers at <paramref name="baseUri"/>.</exception>
    /// The task ends when the person is done (an install: once the appliance is back).
    public Task Follow(Uri baseUri, string action, IReadOnlyDictionary<string, string> parameters, double afterSeconds = 0)
    {
        var a = ByUri(baseUri) ?? throw new ArgumentException($"No lab appliance answers at {baseUri}.", nameof(baseUri));
        var p = parameters ?? new Dictionary<string, string>();
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _lab.Event(a, "OperatorFollows", $"{action} in {afterSeconds} vendor seconds");
        _lab.Run($"operator follows {action}", async ct =>
        {
            try
            {
                await FollowAsync(a, action, p, afterSeconds, ct).ConfigureAwait(false);
                done.TrySetResult();
            }
            catch (Exception e)
            {
                done.TrySetException(e);
                throw;
            }
        });
        return done.Task;
    }

    private async Task FollowAsync(LabAppliance a, string action, IReadOnlyDictionary<string, string> p, double afterSeconds, CancellationToken ct)
    {
            await _lab.Clock.DelayAsync(afterSeconds, ct).ConfigureAwait(false);
            switch (action)
            {
                case "updates.install-base":
                    await InstallBaseAsync(a, ct).ConfigureAwait(false);
                    break;
                case "updates.install" when p.TryGetValue("version", out var version):
                    await InstallThroughAsync(a, version, p.GetValueOrDefault("acceptEula") == "true", ct).ConfigureAwait(false);
                    break;
                case "download-key" when p.TryGetValue("folder", out var folder):
                    // The manual path's person: generates the key, takes it to the update site and downloads the packages
                    // for this appliance (every Base, the site packages up to "through"; no licence add-on) into the folder.
                    Perform(a.Name, "download-key");
                    DownloadInto(a, folder, p.GetValueOrDefault("through"));
                    break;
                case "updates.manual" when p.GetValueOrDefault("acceptEula") == "true":
                    Perform(a.Name, action, new Dictionary<string, object> { ["path"] = p.GetValueOrDefault("path", ""), ["acceptEula"] = true });
                    break;
                case "updates.manual":
                    Perform(a.Name, action, new Dictionary<string, object> { ["path"] = p.GetValueOrDefault("path", "") });
                    break;
                case "backup.restore":
                    // The backup's password is the person's (never in an instruction): given by whoever plays the person.
                    var restore = Given(p, "password");
                    restore["path"] = p.GetValueOrDefault("path", "");
                    Perform(a.Name, action, restore);
                    break;
                case "certificates.export":
                    // With a path and the passphrase (the person's, never in an instruction) the person saves the file there.
                    var export = Given(p, "path", "passphrase");
                    Perform(a.Name, action, export.Count == 0 ? null : export);
                    break;
                case "certificates.import":
                    Perform(a.Name, action, p.Where(kv => kv.Key is "path" or "passphrase").ToDictionary(kv => kv.Key, kv => (object)kv.Value));
                    break;
                case "certificates.assign" or "certificates.default":
                    // The instruction names the certificate by thumbprint (or id) and, for Assign IP, the addresses.
                    var certificate = p.GetValueOrDefault("certificate") ?? p.GetValueOrDefault("thumbprint") ?? "";
                    var named = new Dictionary<string, object> { ["certificate"] = certificate };
                    var ips = p.GetValueOrDefault("ips") ?? p.GetValueOrDefault("address");
                    if (action == "certificates.assign" && !string.IsNullOrWhiteSpace(ips))
                    {
                        named["ips"] = ips.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
                    }

                    Perform(a.Name, action, named);
                    break;
                case "login.first-login":
                    // The person picks the new password (an instruction never carries one) unless it names one.
                    Perform(a.Name, action, new Dictionary<string, object> { ["newPassword"] = p.GetValueOrDefault("newPassword") ?? Topology.TopologyBuilder.Secret() });
                    break;
                case "login.api-account":
                    Perform(a.Name, action, new Dictionary<string, object> { ["name"] = p.GetValueOrDefault("name") ?? "btupgrade" });
                    break;
                case "network.shared-ip":
                    Perform(a.Name, action, new Dictionary<string, object> { ["address"] = p.GetValueOrDefault("address", ""), ["enabled"] = p.GetValueOrDefault("enabled") == "true" });
                    break;
                case "cluster.node":
                    Perform(a.Name, action, new Dictionary<string, object> { ["node"] = p.GetValueOrDefault("node", ""), ["accepting"] = p.GetValueOrDefault("accepting") == "true" });
                    break;
                case "failover.backup-operations":
                    Perform(a.Name, action, new Dictionary<string, object> { ["enabled"] = p.GetValueOrDefault("enabled") == "true" });
                    break;
                case "software.download":
                case "jump-clients.settings":
                    // The page's fields as the instruction names them (strings, parsed by the page).
                    Perform(a.Name, action, p.Count == 0 ? null : p.ToDictionary(kv => kv.Key, kv => (object)kv.Value));
                    break;
                case "network.shared-ip-move":
                    var to = Uri.TryCreate(p.GetValueOrDefault("to"), UriKind.Absolute, out var toUri) ? ByUri(toUri) : null;
                    Perform(a.Name, "network.shared-ip", new Dictionary<string, object> { ["address"] = p.GetValueOrDefault("address", ""), ["enabled"] = false });
                    Perform(to?.Name ?? p.GetValueOrDefault("to", ""), "network.shared-ip", new Dictionary<string, object> { ["address"] = p.GetValueOrDefault("address", ""), ["enabled"] = true });
                    break;
                case "appliance.factory-reset":
                    // The guide: "Wait for the reset to complete" before the next click: the person confirms after it.
                    Perform(a.Name, action, null);
                    await IdleAsync(a, ct).ConfigureAwait(false);
                    break;
                case "appliance.shutdown":
                    // A person clicks Shut Down only on a page that is back (after a reset or an install has completed).
                    await IdleAsync(a, ct).ConfigureAwait(false);
                    Perform(a.Name, action, null);
                    break;
                case "failover.establish":
                    var peer = ByHostPort(p.GetValueOrDefault("backupHost"), p.GetValueOrDefault("backupPort"));
                    Perform(a.Name, action, new Dictionary<string, object> { ["peer"] = peer?.Name ?? p.GetValueOrDefault("backupHost", "") });
                    break;
                default:
                    Perform(a.Name, action, Parameters.TryGetValue(action, out var shape) && shape.Required.Length == 0 ? null : p.ToDictionary(kv => kv.Key, kv => (object)kv.Value));
                    break;
            }
    }

    private static Dictionary<string, object> Given(IReadOnlyDictionary<string, string> p, params string[] keys) =>
        keys.Where(k => !string.IsNullOrEmpty(p.GetValueOrDefault(k))).ToDictionary(k => k, k => (object)p[k]);

    /// HTTP form of <see cref="Follow"/>: a 400 for an unknown appliance.
    internal void FollowJson(Uri baseUri, string action, IReadOnlyDictionary<string, string> parameters, double afterSeconds)
    {
        if (ByUri(baseUri) is null)
        {
            throw LabError.BadRequest($"No lab appliance answers at {baseUri}.");
        }

        _ = Follow(baseUri, action, parameters, afterSeconds);
    }

    private void DownloadInto(LabAppliance a, string folder, string? through)
    {
        var last = through is not null && LabVersion.TryParse(through, out var v) ? v : null;
        lock (_lab.Gate)
        {
            foreach (var package in UpdateCatalog.Available(_lab, a).Where(c => c.Type == "base" || (c.Type == "site" && (last is null || c.Version <= last))).ToList())
            {
                File.WriteAllBytes(Path.Combine(folder, package.Name + ".btpkg"), _lab.UpdateServer.FileFor(package, a.Serial));
                a.ConsumedPackages.Add(package.Id);
                _lab.Event(a, "PackageDownloaded", $"{package.Name} left the update list (downloaded by the person)");
            }
        }
    }

    private async Task InstallBaseAsync(LabAppliance a, CancellationToken ct)
    {
        Perform(a.Name, "updates.check");
        for (var clicks = 0; clicks < 8; clicks++)
        {
            await IdleAsync(a, ct).ConfigureAwait(false);
            lock (_lab.Gate)
            {
                UpdateService.Check(_lab, a);
                if (a.State == "failed" || !UpdateService.ListedUpdates(_lab, a).Any(c => c.Type == "base" && UpdateCatalog.FirstUnmet(c, a) is null))
                {
                    return;
                }
            }

            Perform(a.Name, "updates.install");
        }
    }

    private async Task InstallThroughAsync(LabAppliance a, string version, bool acceptEula, CancellationToken ct)
    {
        Perform(a.Name, "updates.check");
        for (var clicks = 0; clicks < 8; clicks++)
        {
            await IdleAsync(a, ct).ConfigureAwait(false);
            string? type;
            lock (_lab.Gate)
            {
                if (a.SiteVersion.Text == version || a.State == "failed")
                {
                    return;
                }

                UpdateService.Check(_lab, a);
                var listed = UpdateService.ListedUpdates(_lab, a).ToList();
                type = listed.Any(c => c.Type == "base" && UpdateCatalog.FirstUnmet(c, a) is null) ? "base" : "site";
            }

            // Base: the first installable one listed, as the page offers it; then the site package named.
            var install = type == "base" ? new Dictionary<string, object>() : new Dictionary<string, object> { ["version"] = version, ["type"] = "site" };
            if (acceptEula)
            {
                install["acceptEula"] = true; // a new appliance's page asks for the EULA before each install
            }

            Perform(a.Name, "updates.install", install.Count == 0 ? null : install);
            if (List().LastOrDefault(e => e.Appliance == a.Name)?.Result == "refused")
            {
                return;
            }
        }
    }

    private async Task IdleAsync(LabAppliance a, CancellationToken ct)
    {
        while (true)
        {
            lock (_lab.Gate)
            {
                if (!a.IsBusy && a.IsReachable && a.State != "installing")
                {
                    return;
                }
            }

            await _lab.Clock.DelayAsync(5, ct).ConfigureAwait(false);
        }
    }

    private LabAppliance? ByUri(Uri baseUri) =>
        _lab.Appliances.FirstOrDefault(x => x.Port == baseUri.Port && (baseUri.IsLoopback || string.Equals(baseUri.Host, x.Hostname, StringComparison.OrdinalIgnoreCase)));

    private LabAppliance? ByHostPort(string? host, string? port) =>
        int.TryParse(port, out var p) ? _lab.Appliances.FirstOrDefault(x => x.Port == p) : _lab.Appliances.FirstOrDefault(x => string.Equals(x.Hostname, host, StringComparison.OrdinalIgnoreCase) || x.Address == host);
}
