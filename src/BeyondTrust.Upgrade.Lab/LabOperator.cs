using System.Security.Cryptography;
using System.Text.Json;
using BeyondTrust.Upgrade.Lab.Appliances;
using BeyondTrust.Upgrade.Lab.Core;
using BeyondTrust.Upgrade.Lab.Endpoints;
using BeyondTrust.Upgrade.Lab.Packages;

namespace BeyondTrust.Upgrade.Lab;

/// One action of the simulated operator (docs/appliance-api.md 6.2). <see cref="Result"/> is pending, done or refused;
/// <see cref="Detail"/> is the page's refusal message, or what was done (an operation id, a count). Secret parameters
/// (<c>key</c>, <c>password</c>) read <c>***</c>.
public sealed record LabOperatorAction(
    string Id,
    string Appliance,
    string Action,
    JsonElement Parameters,
    DateTimeOffset RequestedAt,
    DateTimeOffset? PerformedAt,
    string Result,
    string? Detail);

/// The simulated operator: a person at an appliance's /appliance and /login pages, under the lab's control
/// (docs/appliance-api.md 6.2). Every action goes through the same lab services as the [project] endpoints, so the
/// same rules, refusals and invariant checks apply. Reached as <see cref="LabServer.Operator"/> or over
/// <c>POST|GET /lab/operator/actions</c>.
public sealed partial class LabOperator
{
    /// The actions of the table in docs/appliance-api.md 6.2.
    public static readonly IReadOnlyList<string> ActionNames =
    [
        "updates.check", "updates.install", "updates.manual", "download-key", "network.shared-ip", "certificates.export",
        "failover.sync", "failover.break", "failover.establish", "failover.role", "failover.key", "backup.restore",
        "software.download", "cluster.distribute", "cluster.node", "cluster.sync", "failover.backup-operations",
        "certificates.import", "certificates.assign", "certificates.default", "appliance.factory-reset", "appliance.shutdown",
        "login.first-login", "login.api-account", "jump-clients.settings", "jump-clients.jump",
    ];

    private static readonly Dictionary<string, (string[] Required, string[] Optional)> Parameters = new(StringComparer.Ordinal)
    {
        ["updates.check"] = ([], []),
        ["updates.install"] = ([], ["version", "type", "acceptEula"]),
        ["updates.manual"] = (["path"], ["acceptEula"]),
        ["download-key"] = ([], []),
        ["network.shared-ip"] = (["address", "enabled"], []),
        ["certificates.export"] = ([], ["path", "passphrase"]),
        ["failover.sync"] = ([], []),
        ["failover.break"] = ([], []),
        ["failover.establish"] = (["peer"], ["sharedIps"]),
        ["failover.role"] = (["role"], ["dataSyncFirst", "force"]),
        ["failover.key"] = (["key"], []),
        ["backup.restore"] = (["path"], ["password"]),
        ["software.download"] = ([], ["version", "type"]),
        ["cluster.distribute"] = ([], []),
        ["cluster.node"] = (["node", "accepting"], []),
        ["cluster.sync"] = ([], []),
        ["failover.backup-operations"] = (["enabled"], []),
        ["certificates.import"] = (["path"], ["passphrase"]),
        ["certificates.assign"] = (["certificate"], ["ips"]),
        ["certificates.default"] = (["certificate"], []),
        ["appliance.factory-reset"] = ([], []),
        ["appliance.shutdown"] = ([], []),
        ["login.first-login"] = (["newPassword"], []),
        ["login.api-account"] = (["name"], []),
        ["jump-clients.settings"] = ([], [.. Profiles.JumpClientSettingNames.All]),
        ["jump-clients.jump"] = (["id"], []),
    };

    private static readonly string[] Secret = ["key", "password", "passphrase", "newPassword"];
    private static readonly string[] BoolParameters = ["enabled", "dataSyncFirst", "force", "accepting", "acceptEula"];
    private static readonly string[] ListParameters = ["sharedIps", "ips"];

    /// Parameters given as a JSON number or a string (the page's number fields, a Jump Client id).
    private static readonly string[] NumberOrStringParameters = [.. Profiles.JumpClientSettingNames.All, "id"];

    private readonly LabRuntime _lab;
    private readonly List<Entry> _entries = [];

    internal LabOperator(LabRuntime lab)
    {
        _lab = lab;
    }

    /// Performs <paramref name="action"/> on <paramref name="appliance"/> <paramref name="afterSeconds"/> vendor seconds
    /// from now (scaled by the time scale); with 0 the action is performed before this call returns. Returns the
    /// action id. A refusal by the page is recorded (result "refused"), not thrown.
    /// <paramref name="parameters"/> is anything that serializes to a JSON object of the action's parameters: a
    /// dictionary, a PowerShell hashtable, an anonymous object (<c>new { address = "10.20.0.10", enabled = false }</c>).
    /// <exception cref="ArgumentException">An unknown appliance or action, a missing or malformed parameter.</exception>
    public string Perform(string appliance, string action, object? parameters = null, double afterSeconds = 0)
    {
        try
        {
            var json = parameters switch
            {
                null => default,
                JsonElement e => e,
                _ => JsonSerializer.SerializeToElement(parameters, parameters.GetType()),
            };
            return PerformJson(appliance, action, json, afterSeconds);
        }
        catch (LabError e)
        {
            throw new ArgumentException(e.Message, e.Status == 404 ? nameof(appliance) : nameof(parameters), e);
        }
    }

    /// Every action asked for, oldest first.
    public IReadOnlyList<LabOperatorAction> List()
    {
        lock (_entries)
        {
            return _entries.Select(e => e.ToRecord()).ToList();
        }
    }

    /// One action by id.
    /// <exception cref="ArgumentException">No action has that id.</exception>
    public LabOperatorAction Get(string id)
    {
        lock (_entries)
        {
            return _entries.FirstOrDefault(e => e.Id == id)?.ToRecord() ?? throw new ArgumentException($"No operator action '{id}'.", nameof(id));
        }
    }

    /// The HTTP form: 400 InvalidRequest or 404 ApplianceNotFound as <see cref="LabError"/>.
    internal string PerformJson(string appliance, string action, JsonElement parameters, double afterSeconds)
    {
        var a = _lab.Get(appliance ?? "");
        var p = Validate(action, parameters);
        if (!(afterSeconds >= 0) || double.IsInfinity(afterSeconds))
        {
            throw LabError.BadRequest("afterSeconds must be a number of vendor seconds, 0 or more.");
        }

        var entry = new Entry("act-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(6)), a.Name, action, p, Redacted(p), LabClock.TrueNow);
        lock (_entries)
        {
            _entries.Add(entry);
        }

        _lab.Event(a, "OperatorActionRequested", $"{entry.Id} {action} in {afterSeconds} vendor seconds");
        if (afterSeconds == 0)
        {
            Execute(a, entry);
        }
        else
        {
            _lab.Run($"operator {entry.Id}", async ct =>
            {
                await _lab.Clock.DelayAsync(afterSeconds, ct).ConfigureAwait(false);
                Execute(a, entry);
            });
        }

        return entry.Id;
    }

    private JsonElement Validate(string action, JsonElement parameters)
    {
        if (action is null || !Parameters.TryGetValue(action, out var spec))
        {
            throw LabError.BadRequest($"action must be one of {string.Join(", ", ActionNames)}.");
        }

        var p = parameters.ValueKind is JsonValueKind.Undefined or JsonValueKind.Null ? JsonDocument.Parse("{}").RootElement : parameters;
        if (p.ValueKind != JsonValueKind.Object)
        {
            throw LabError.BadRequest("parameters must be a JSON object.");
        }

        foreach (var prop in p.EnumerateObject())
        {
            if (!spec.Required.Concat(spec.Optional).Contains(prop.Name, StringComparer.OrdinalIgnoreCase))
            {
                throw LabError.BadRequest($"{action} takes no parameter '{prop.Name}' (it takes: {string.Join(", ", spec.Required.Concat(spec.Optional).DefaultIfEmpty("none"))}).");
            }

            var isBool = BoolParameters.Contains(prop.Name, StringComparer.OrdinalIgnoreCase);
            if (isBool && prop.Value.ValueKind is not (JsonValueKind.True or JsonValueKind.False))
            {
                throw LabError.BadRequest($"{prop.Name} must be true or false.");
            }

            if (ListParameters.Contains(prop.Name, StringComparer.Ordinal))
            {
                if (prop.Value.ValueKind != JsonValueKind.Array || prop.Value.EnumerateArray().Any(x => x.ValueKind != JsonValueKind.String))
                {
                    throw LabError.BadRequest($"{prop.Name} must be a list of addresses.");
                }
            }
            else if (NumberOrStringParameters.Contains(prop.Name, StringComparer.OrdinalIgnoreCase))
            {
                if (prop.Value.ValueKind is not (JsonValueKind.String or JsonValueKind.Number))
                {
                    throw LabError.BadRequest($"{prop.Name} must be a number or a string.");
                }
            }
            else if (!isBool && prop.Value.ValueKind != JsonValueKind.String)
            {
                throw LabError.BadRequest($"{prop.Name} must be a string.");
            }
        }

        var missing = spec.Required.FirstOrDefault(r => string.IsNullOrEmpty(p.Str(r)));
        if (missing is not null)
        {
            throw LabError.BadRequest($"{action} needs the parameter '{missing}'.");
        }

        if (action is "updates.install" or "software.download" && p.Str("type") is { } type)
        {
            if (type is not ("base" or "site" or "license"))
            {
                throw LabError.BadRequest("type must be base, site or license.");
            }

            if (p.Str("version") is null)
            {
                throw LabError.BadRequest($"{action} with a type needs the version too.");
            }
        }

        if (action == "failover.role" && p.Str("role") is not ("primary" or "backup"))
        {
            throw LabError.BadRequest("role must be primary or backup (the page's Become Primary or Become Backup).");
        }

        if (action == "failover.establish")
        {
            _lab.Get(p.Str("peer")!);
        }

        return p.Clone();
    }

    private static JsonElement Redacted(JsonElement p)
    {
        var copy = System.Text.Json.Nodes.JsonNode.Parse(p.GetRawText())!.AsObject();
        foreach (var name in copy.Select(kv => kv.Key).Where(k => Secret.Contains(k, StringComparer.OrdinalIgnoreCase)).ToList())
        {
            copy[name] = "***";
        }

        return JsonSerializer.SerializeToElement(copy);
    }

    private void Execute(LabAppliance a, Entry entry)
    {
        string result, detail;
        try
        {
            detail = Act(a, entry.Action, entry.Parameters, entry.Id);
            result = "done";
        }
        catch (LabError e)
        {
            (result, detail) = ("refused", e.Message);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            (result, detail) = ("refused", $"The file could not be read: {e.Message}");
        }

        lock (_entries)
        {
            entry.Result = result;
            entry.Detail = detail;
            entry.PerformedAt = LabClock.TrueNow;
        }

        _lab.Event(a, "OperatorAction", $"{entry.Id} {entry.Action}: {result}: {detail}");
    }

    /// Performs one page action; answers what was done, or throws the page's refusal as a LabError.
    private string Act(LabAppliance a, string action, JsonElement p, string actionId)
    {
        var loginPage = action.StartsWith("failover.", StringComparison.Ordinal) || action == "backup.restore"
            || action.StartsWith("cluster.", StringComparison.Ordinal) || action.StartsWith("software.", StringComparison.Ordinal)
            || action.StartsWith("login.", StringComparison.Ordinal) || action.StartsWith("jump-clients.", StringComparison.Ordinal);
        lock (_lab.Gate)
        {
            if (!a.IsReachable)
            {
                throw new LabError(503, "ApplianceUnreachable", $"{a.Hostname} does not answer: it is rebooting, shut down or its network is down.");
            }

            if (loginPage && a.SiteUnavailable)
            {
                throw new LabError(503, "ServiceUnavailable", $"{a.Hostname} is installing a software update; the /login pages are unavailable.");
            }

            if (loginPage)
            {
                FirstLoginService.RequireSite(a);
            }

            if (loginPage && a.FirstLoginRequired && action != "login.first-login")
            {
                throw ProjectRoutes.FirstLoginRequired(a);
            }
        }

        switch (action)
        {
            case "updates.check":
                lock (_lab.Gate)
                {
                    UpdateService.Check(_lab, a);
                    return $"{a.LastCheckedIds!.Count} updates listed";
                }

            case "updates.install":
                lock (_lab.Gate)
                {
                    var package = PickUpdate(a, p.Str("version"), p.Str("type"));
                    var op = InstallService.Start(_lab, a, package, "operator", p.Bool("acceptEula") == true);
                    return $"installing {package.Id} ({op.Id})";
                }

            case "updates.manual":
            {
                var file = File.ReadAllBytes(p.Str("path")!);
                var manifest = PackageFile.Verify(file, _lab.UpdateServer.SigningKey);
                lock (_lab.Gate)
                {
                    var op = InstallService.Start(_lab, a, UpdateService.Applicable(_lab, a, manifest), "manual, operator", p.Bool("acceptEula") == true);
                    return $"installing {manifest.Id} ({op.Id})";
                }
            }

            case "download-key":
                lock (_lab.Gate)
                {
                    UpdateService.IssueKey(_lab, a, null);
                    return "an Appliance Download Key was generated (not kept)";
                }

            case "network.shared-ip":
            {
                var address = p.Str("address")!;
                var enabled = p.Bool("enabled")!.Value;
                lock (_lab.Gate)
                {
                    NetworkService.SetEnabled(_lab, a, address, enabled);
                    return $"{address} {(enabled ? "enabled" : "disabled")}";
                }
            }

            case "certificates.export":
            {
                // With a path and a passphrase the person saves the export there (docs/appliance-api.md 6.2); else nothing is kept.
                var path = p.Str("path");
                var passphrase = p.Str("passphrase");
                if (!string.IsNullOrEmpty(path) && string.IsNullOrEmpty(passphrase))
                {
                    throw new LabError(400, "PassphraseRequired", "Set a passphrase for the exported private key.");
                }

                LabCertificate exported;
                lock (_lab.Gate)
                {
                    exported = CertificateService.Exported(_lab, a);
                }

                if (!string.IsNullOrEmpty(path))
                {
                    File.WriteAllBytes(path, CertificateService.Export(exported, passphrase!));
                }

                _lab.Event(a, "CertificateExported", (a.Profile.ExportedCertificate == Profiles.CertificateSource.Default
                    ? "the Default certificate " : "the certificate assigned to the active IP ") + exported.Id + " (operator)");
                return string.IsNullOrEmpty(path) ? "the certificate was exported (not kept)" : "the certificate " + exported.Id + " was exported to " + path;
            }

            case "failover.sync":
                lock (_lab.Gate)
                {
                    return $"sync started ({FailoverService.StartSync(_lab, a, "Sync Now (operator)").Id})";
                }

            case "failover.break":
                lock (_lab.Gate)
                {
                    FailoverService.Break(_lab, a);
                    return $"{a.Name} has role none";
                }

            case "failover.establish":
                return Establish(a, p);

            case "failover.role":
            {
                var role = p.Str("role");
                lock (_lab.Gate)
                {
                    var (ok, text) = RoleService.SetRole(_lab, a, role, p.Bool("dataSyncFirst") == true, p.Bool("force") == true);
                    _lab.Event(a, "SetFailoverRole", $"operator role={role}: {text}");
                    return ok ? text : throw new LabError(422, "RoleChangeRefused", text);
                }
            }

            case "failover.key":
                lock (_lab.Gate)
                {
                    FailoverService.SetInterApplianceKey(_lab, a, p.Str("key")!);
                    return "Inter-Appliance key set";
                }

            case "backup.restore":
            {
                var file = File.ReadAllBytes(p.Str("path")!);
                var op = BackupService.StartRestore(_lab, a, file, p.Str("password") is { Length: > 0 } password ? password : null);
                return $"restore started ({op.Id})";
            }

            case "software.download":
                lock (_lab.Gate)
                {
                    ClusterService.RequireMaster(a);
                    var version = p.Str("version");
                    var packages = version is null ? UpdateService.ListedUpdates(_lab, a).ToList() : [PickUpdate(a, version, p.Str("type"))];
                    if (packages.Count == 0)
                    {
                        throw new LabError(404, "UpdateNotFound", $"The update list of {a.Hostname} is empty (check for updates first).");
                    }

                    var op = ClusterService.StartDownload(_lab, a, packages);
                    return $"downloading {string.Join(", ", packages.Select(c => c.Id))} ({op.Id})";
                }

            case "cluster.distribute":
                lock (_lab.Gate)
                {
                    return $"distributing ({ClusterService.StartDistribute(_lab, a).Id})";
                }

            case "cluster.node":
            {
                var accepting = p.Bool("accepting")!.Value;
                lock (_lab.Gate)
                {
                    var node = ClusterService.SetAccepting(_lab, a, p.Str("node")!, accepting);
                    return $"{node.Name}: Accepting New Client Connections {(accepting ? "checked" : "cleared")}";
                }
            }

            case "cluster.sync":
                lock (_lab.Gate)
                {
                    return $"cluster sync started ({ClusterService.StartClusterSync(_lab, a).Id})";
                }

            case "failover.backup-operations":
            {
                var enabled = p.Bool("enabled")!.Value;
                lock (_lab.Gate)
                {
                    ClusterService.SetBackupOperations(_lab, a, enabled);
                    return $"Enable Backup Operations {(enabled ? "checked" : "cleared")}";
                }
            }

            case "jump-clients.settings":
                lock (_lab.Gate)
                {
                    var saved = JumpClientService.Save(_lab, a, JumpClientService.Values(p), "operator");
                    return "saved: " + string.Join(", ", JumpClientService.Describe(a.Profile, saved).Select(kv => $"{kv.Key}={kv.Value}"));
                }

            case "jump-clients.jump":
                lock (_lab.Gate)
                {
                    var text = p.Str("id")!;
                    var id = LabServer.ParseJumpClientId(text);
                    var after = JumpClientService.Jump(_lab, a, id, "operator");
                    var name = a.JumpClients.Clients.First(c => c.Id == id).Name;
                    return after.QueuePosition is { } position ? $"{name}: Upgrade Pending, position {position} in the upgrade queue" : $"{name}: {after.State}";
                }

            case "certificates.import":
            case "certificates.assign":
            case "certificates.default":
            case "appliance.factory-reset":
            case "appliance.shutdown":
            case "login.first-login":
            case "login.api-account":
                return ActMigration(a, action, p, actionId);

            default:
                throw new InvalidOperationException($"No handler for operator action {action}.");
        }
    }

    private string Establish(LabAppliance a, JsonElement p)
    {
        var peer = _lab.Get(p.Str("peer")!);
        var sharedIps = p.TryGetProperty("sharedIps", out var list) ? list.EnumerateArray().Select(x => x.GetString()!).ToList() : [];
        lock (_lab.Gate)
        {
            var foreign = sharedIps.FirstOrDefault(ip => a.SharedIps.All(s => !string.Equals(s.Address, ip, StringComparison.OrdinalIgnoreCase)));
            if (foreign is not null)
            {
                throw new LabError(400, "InvalidRequest", $"{foreign} is not a shared IP of {a.Hostname}.", foreign);
            }

            FailoverService.Establish(_lab, a, peer.Address, 443, a.Address, 443);
            return $"{a.Name} primary, {peer.Name} backup" + (sharedIps.Count > 0 ? $"; shared IPs {string.Join(", ", sharedIps)}" : "");
        }
    }

    /// The listed update named by version (and type), or the first installable one listed, Base first, as a person
    /// following the page would choose. Under the gate.
    private CatalogPackage PickUpdate(LabAppliance a, string? version, string? type)
    {
        var listed = UpdateService.ListedUpdates(_lab, a).ToList();
        if (version is not null)
        {
            var named = listed.FirstOrDefault(c => c.Version.Text == version && (type is null || c.Type == type));
            return named ?? UpdateService.Listed(_lab, a, type is null ? version : $"{type}-{version}");
        }

        if (listed.Count == 0)
        {
            throw new LabError(404, "UpdateNotFound", $"The update list of {a.Hostname} is empty (check for updates first).");
        }

        var ordered = listed.OrderBy(c => c.Type == "base" ? 0 : 1).ToList();
        return ordered.FirstOrDefault(c => UpdateCatalog.FirstUnmet(c, a) is null)
            ?? throw new LabError(409, "UpdateBlockedByRequirement", UpdateCatalog.BlockedReason(ordered[0], a)!, ordered[0].Id);
    }

    private sealed class Entry(string id, string appliance, string action, JsonElement parameters, JsonElement shown, DateTimeOffset requestedAt)
    {
        public string Id { get; } = id;

        public string Action { get; } = action;

        public JsonElement Parameters { get; } = parameters;

        public string Result { get; set; } = "pending";

        public string? Detail { get; set; }

        public DateTimeOffset? PerformedAt { get; set; }

        public LabOperatorAction ToRecord() => new(Id, appliance, Action, shown, requestedAt, PerformedAt, Result, Detail);
    }
}
