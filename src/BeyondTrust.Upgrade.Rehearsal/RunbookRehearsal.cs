using System.Management.Automation;
using System.Net;
using BeyondTrust.Upgrade.Lab;
using BeyondTrust.Upgrade.Rehearsal.Hosting;

namespace BeyondTrust.Upgrade.Rehearsal;

/// <summary>What a rehearsal did: the runbook's run, the appliances before and after, and the lab's invariant violations.</summary>
public sealed record RehearsalResult(
    string Runbook,
    string Topology,
    HostedRun Run,
    IReadOnlyList<LabApplianceSnapshot> Before,
    IReadOnlyList<LabApplianceSnapshot> After,
    IReadOnlyList<LabInvariantViolation> Violations,
    TimeSpan Elapsed,
    IReadOnlyList<WindowDowntime> Downtime,
    IReadOnlyList<PersonAction> PersonActions)
{
    /// <summary>The runbook ran to its end, the lab saw no invariant violation, and (guided) the person did every page
    /// action asked and the module saw each one.</summary>
    public bool Succeeded => Run.Succeeded && Violations.Count == 0 && PersonActions.All(a => a.Done);

    /// <summary>A guided rehearsal: the appliances served only the documented APIs and a simulated person did the page actions.</summary>
    public bool Guided { get; init; }
}

/// <summary>
/// Runs a runbook in a hosted PowerShell against an in-process lab. The runbook gets, among the parameters it
/// declares, the lab's connection details (ComputerName, ApiCredential, ApplianceCredential, CertificateThumbprint,
/// UpdateServer, UpdateServerThumbprint; a migration's NewComputerName and NewCertificateThumbprint), scratch folders
/// (BackupPath, PackagePath), passwords (BackupPassword, CertificatePassphrase, NewApplianceLoginCredential), -AcceptEula,
/// a SwitchScript that points the lab's DNS/NAT site at the appliance given (dns and nat topologies), -Force, and whatever
/// the caller adds.
/// Guided (<c>guided: true</c>, a topology of documented-only appliances): Connect-Appliance gets -OperatorMode Wait
/// and an -OperatorTimeout through $PSDefaultParameterValues, a runbook that takes -TargetVersion gets the next site hop
/// of the topology's catalogue (no documented API lists updates), and a <see cref="SimulatedPerson"/> does every page
/// action the module asks for.
/// </summary>
public static class RunbookRehearsal
{
    private static readonly System.Text.RegularExpressions.Regex WindowMark = new(@"^==> Window (\d+):");

    /// <summary>An extra parameter of <see cref="RunAsync"/> that is not passed to the runbook: true runs it a second time
    /// with -RetireOldAppliance once the first run ended (a migration: window 2 after the person tested the new appliance).</summary>
    public const string RetireAfterwards = "<retire-afterwards>";

    /// <summary>How often the site address is probed while a runbook runs (start to start), unless the caller says otherwise.</summary>
    public static readonly TimeSpan DefaultProbeInterval = TimeSpan.FromMilliseconds(20);

    public static async Task<RehearsalResult> RunAsync(string runbookPath, string topology, IDictionary<string, object?>? extraParameters,
        TextWriter log, double timeScale = 0.0005, TimeSpan? probeInterval = null, bool guided = false, CancellationToken cancellationToken = default)
    {
        await using var lab = await LabServer.StartAsync(new LabOptions { TopologyPath = topology, TimeScale = timeScale }, cancellationToken);
        var scratch = Directory.CreateTempSubdirectory("bt-rehearsal-").FullName;
        try
        {
            using var host = new RunbookHost(Repository.StagedManifest);
            // The lab's loopback ports may have served an earlier rehearsal: its hands-off marks and site installs
            // (the module's appliance ledger) do not apply to this new lab.
            host.Invoke("param($Uris) foreach ($uri in $Uris) { $null = [BeyondTrust.Upgrade.Client.Ledger.ApplianceLedger]::ForCurrentUser().Forget([uri]$uri) }",
                new Dictionary<string, object?> { ["Uris"] = lab.Appliances.Select(a => a.BaseUri.ToString()).ToArray() });
            var before = lab.Appliances.Select(a => lab.GetAppliance(a.Name)).ToList();
            var declared = DeclaredParameters(host, runbookPath);
            var parameters = LabParameters(lab, scratch)
                .Where(p => declared.ContainsKey(p.Key))
                .ToDictionary(p => p.Key, p => declared[p.Key] ? p.Value.All : p.Value.First);
            var retire = false;
            foreach (var extra in extraParameters ?? new Dictionary<string, object?>())
            {
                if (extra.Key == RetireAfterwards)
                {
                    retire = extra.Value is true;
                    continue;
                }

                parameters[extra.Key] = extra.Value;
            }

            if (declared.ContainsKey("SwitchScript") && !parameters.ContainsKey("SwitchScript") && lab.Topology.Switch is "dns" or "nat")
            {
                // The DNS (or NAT) of the rehearsal is the lab's: the user's switch script points the site at the appliance given.
                Action<string> point = uri => lab.SetSiteTarget(lab.Appliances.First(a => a.BaseUri == new Uri(uri)).Name);
                host.Invoke("param($Point) $global:RehearsalPointSite = $Point", new Dictionary<string, object?> { ["Point"] = point });
                parameters["SwitchScript"] = ScriptBlock.Create("param($From, $To) $global:RehearsalPointSite.Invoke([string]$To.BaseUri)");
            }

            // The person knows the passphrase and the backup password the run was given (an instruction never carries them).
            var person = guided ? new SimulatedPerson(lab, log, PersonDelaySeconds)
            {
                CertificatePassphrase = Plain(parameters.GetValueOrDefault("CertificatePassphrase")),
                BackupPassword = Plain(parameters.GetValueOrDefault("BackupPassword")),
            } : null;
            if (guided)
            {
                // The hosted runspace is "Default Host", not interactive: without Wait a guided step would stop with
                // OperatorActionRequired, as in Azure Automation.
                var setup = host.Invoke(GuidedSetup, new Dictionary<string, object?>
                {
                    ["Timeout"] = GuidedOperatorTimeout,
                    ["PollInterval"] = TimeSpan.FromTicks(Math.Max(MinimumGuidedPoll.Ticks, (long)(VendorGuidedPoll.Ticks * timeScale))),
                });
                if (!setup.Succeeded)
                {
                    throw new InvalidOperationException("Cannot set the guided defaults: " + setup.AllText);
                }

                if (declared.ContainsKey("TargetVersion") && !parameters.ContainsKey("TargetVersion") && NextSiteHop(lab.Topology) is { } target)
                {
                    parameters["TargetVersion"] = target;
                    log.WriteLine("    (guided: -TargetVersion " + target + ", the next site hop of the lab's catalogue; no documented API lists updates)");
                }

                if (parameters.TryGetValue("Method", out var method) && "Manual".Equals(method as string, StringComparison.OrdinalIgnoreCase)
                    && parameters.TryGetValue("PackagePath", out var folder) && folder is string packages)
                {
                    // The manual path on a real appliance starts with a person: the key from the appliance's page, the
                    // packages from the update site into -PackagePath.
                    var through = parameters.TryGetValue("TargetVersion", out var t) ? t as string : null;
                    await lab.Operator.Follow(lab.Appliances[0].BaseUri, "download-key",
                        new Dictionary<string, string> { ["folder"] = packages, ["through"] = through ?? string.Empty }, PersonDelaySeconds);
                    log.WriteLine("    [person] downloaded with the Appliance Download Key into " + packages + ": "
                        + string.Join(", ", Directory.GetFiles(packages).Select(Path.GetFileName)));
                }
            }

            var printer = new StreamPrinter(log);
            var marks = new List<(string Name, DateTimeOffset At)> { ("Run", DateTimeOffset.UtcNow) };
            void OnRecord(string stream, object record)
            {
                // The runbooks announce their maintenance windows as "==> Window N: ..." information lines.
                if (stream == "information" && record.ToString() is { } text && WindowMark.Match(text) is { Success: true } mark)
                {
                    marks.Add(("Window " + mark.Groups[1].Value, DateTimeOffset.UtcNow));
                }

                person?.OnRecord(stream, record);
                printer.Print(stream, record);
            }

            lab.ClearSiteRequests();
            var clock = System.Diagnostics.Stopwatch.StartNew();
            HostedRun run;
            await using (new SiteProber(lab, probeInterval ?? DefaultProbeInterval))
            {
                run = host.InvokeFile(runbookPath, parameters, OnRecord);
                if (retire && run.Succeeded)
                {
                    log.WriteLine("    (the person tested the new appliance: the runbook runs again with -RetireOldAppliance)");
                    parameters["RetireOldAppliance"] = new SwitchParameter(true);
                    run = host.InvokeFile(runbookPath, parameters, OnRecord);
                }
            }

            clock.Stop();
            if (person is not null)
            {
                await person.DrainAsync();
            }

            if (marks.Count > 1)
            {
                marks[0] = ("Before the first window", marks[0].At);
            }

            var downtime = WindowDowntime.Measure(lab.SiteRequests.ToList(), marks, DateTimeOffset.UtcNow);
            var after = lab.Appliances.Select(a => lab.GetAppliance(a.Name)).ToList();
            return new RehearsalResult(runbookPath, topology, run, before, after, lab.Violations.ToList(), clock.Elapsed, downtime, person?.Actions ?? [])
            {
                Guided = guided,
            };
        }
        finally
        {
            try
            {
                Directory.Delete(scratch, recursive: true);
            }
            catch (IOException)
            {
            }
        }
    }

    private static string? Plain(object? secret) => secret is System.Security.SecureString s ? new NetworkCredential(string.Empty, s).Password : null;

    /// <summary>The module's poll interval of a guided watch (ApplianceConnectionOptions.DefaultPollInterval), in vendor time.</summary>
    private static readonly TimeSpan VendorGuidedPoll = TimeSpan.FromSeconds(5);

    /// <summary>The shortest guided poll interval of a rehearsal (the site probe's interval).</summary>
    private static readonly TimeSpan MinimumGuidedPoll = TimeSpan.FromMilliseconds(20);

    /// <summary>
    /// The guided defaults of the hosted runspace. $PSDefaultParameterValues gives Connect-Appliance -OperatorMode Wait
    /// (the runspace is "Default Host": without it a page action stops with OperatorActionRequired, as unattended) and
    /// -OperatorTimeout. The module reads the documented API every 5 s (real time) while it waits for a person, which
    /// the lab's time scale does not shrink: a global Connect-Appliance proxy (the module's own cmdlet, then the poll
    /// intervals of a guided session's options set to the scaled ones) shrinks it as the lab shrinks vendor durations.
    /// </summary>
    private const string GuidedSetup = """
        param([TimeSpan] $Timeout, [TimeSpan] $PollInterval)
        $global:PSDefaultParameterValues['Connect-Appliance:OperatorMode'] = 'Wait'
        $global:PSDefaultParameterValues['Connect-Appliance:OperatorTimeout'] = $Timeout
        $global:RehearsalGuidedPoll = $PollInterval
        $metadata = [System.Management.Automation.CommandMetadata]::new((Get-Command -Name BeyondTrust.Upgrade\Connect-Appliance -CommandType Cmdlet))
        $proxy = [System.Management.Automation.ProxyCommand]::Create($metadata)
        $call = '$scriptCmd = {& $wrappedCmd @PSBoundParameters }'
        if (-not $proxy.Contains($call)) { throw 'The proxy of Connect-Appliance has no call to wrap.' }
        $tuned = '$scriptCmd = {& $wrappedCmd @PSBoundParameters | ForEach-Object { if ($_.Guided) { $_.Client.Options.MinimumPollInterval = $global:RehearsalGuidedPoll; $_.Client.Options.DefaultPollInterval = $global:RehearsalGuidedPoll }; $_ } }'
        $null = New-Item -Path Function:\global:Connect-Appliance -Value ([scriptblock]::Create($proxy.Replace($call, $tuned))) -Force
        """;

    /// <summary>How long the simulated person takes to start on an instruction, in vendor seconds.</summary>
    public const double PersonDelaySeconds = 60;

    /// <summary>Guided rehearsals: how long a page action without a timeout of its own is waited for (real time; the
    /// person starts within <see cref="PersonDelaySeconds"/> vendor seconds, a few milliseconds).</summary>
    public static readonly TimeSpan GuidedOperatorTimeout = TimeSpan.FromMinutes(2);

    /// <summary>
    /// The site version a lab-mode run of the failover or single runbooks reaches on the topology's first appliance:
    /// the first site package on the path to the newest one listed (Get-ApplianceUpdatePath -NextHop), found by following
    /// the site requirements down from the newest (the lowest site version that meets each one); Base requirements are
    /// the person's (they install every Base update listed). Null when nothing newer is listed.
    /// </summary>
    public static string? NextSiteHop(LabTopology topology)
    {
        var appliance = topology.Appliances.FirstOrDefault() ?? throw new ArgumentException("The topology has no appliance.", nameof(topology));
        var installed = Version.Parse(appliance.SiteVersion);
        var sites = topology.Catalog
            .Where(c => string.Equals(c.Product, appliance.Product, StringComparison.OrdinalIgnoreCase) && c.Type == "site" && Version.Parse(c.Version) > installed)
            .OrderBy(c => Version.Parse(c.Version))
            .ToList();
        var hop = sites.LastOrDefault();
        for (var depth = 0; hop is not null && depth <= sites.Count; depth++)
        {
            var unmet = hop.Requires.FirstOrDefault(r => r.Type == "site" && Version.Parse(r.MinVersion) > installed);
            if (unmet is null)
            {
                return hop.Version;
            }

            hop = sites.FirstOrDefault(c => Version.Parse(c.Version) >= Version.Parse(unmet.MinVersion));
        }

        return null;
    }

    /// <summary>The runbook's parameters: name → whether it takes an array (then every appliance's value is passed).</summary>
    private static Dictionary<string, bool> DeclaredParameters(RunbookHost host, string runbookPath)
    {
        var run = host.Invoke("param($P) (Get-Command -Name $P).Parameters.Values | ForEach-Object { $_.Name + '|' + $_.ParameterType.IsArray }",
            new Dictionary<string, object?> { ["P"] = runbookPath });
        if (!run.Succeeded)
        {
            throw new InvalidOperationException("Cannot read the parameters of " + runbookPath + ": " + run.AllText);
        }

        return run.Output.Select(o => o.ToString().Split('|')).ToDictionary(p => p[0], p => p[1] == "True", StringComparer.OrdinalIgnoreCase);
    }

    private static Dictionary<string, (object? First, object? All)> LabParameters(LabServer lab, string scratch)
    {
        var backups = Directory.CreateDirectory(Path.Combine(scratch, "backups")).FullName;
        var packages = Directory.CreateDirectory(Path.Combine(scratch, "packages")).FullName;
        (object? First, object? All) One(object? value) => (value, new[] { value });
        (object? First, object? All) Each(Func<LabApplianceEndpoint, string> pick) =>
            (pick(lab.Appliances[0]), lab.Appliances.Select(pick).ToArray());
        return new Dictionary<string, (object?, object?)>(StringComparer.OrdinalIgnoreCase)
        {
            ["ComputerName"] = Each(a => a.BaseUri.ToString()),
            ["CertificateThumbprint"] = Each(a => a.Thumbprint),
            ["ApiCredential"] = One(new PSCredential(lab.Credentials.ApiClientId, new NetworkCredential(string.Empty, lab.Credentials.ApiClientSecret).SecurePassword)),
            ["ApplianceCredential"] = One(new PSCredential(lab.Credentials.AdminUser, new NetworkCredential(string.Empty, lab.Credentials.AdminPassword).SecurePassword)),
            ["UpdateServer"] = One(lab.UpdateServerUri),
            ["UpdateServerThumbprint"] = One(lab.UpdateServerThumbprint),
            ["SiteAddress"] = One(lab.SiteUri),
            ["SiteThumbprint"] = One(lab.SiteThumbprint),
            ["SiteHostname"] = One(lab.SiteHostname),
            ["BackupPath"] = One(backups),
            ["PackagePath"] = One(packages),
            ["BackupPassword"] = One(new NetworkCredential(string.Empty, "rehearsal-backup-password").SecurePassword),
            ["CertificatePassphrase"] = One(new NetworkCredential(string.Empty, "rehearsal-certificate-passphrase").SecurePassword),
            ["NewComputerName"] = One(lab.Appliances.ElementAtOrDefault(1)?.BaseUri.ToString()),
            ["NewCertificateThumbprint"] = One(lab.Appliances.ElementAtOrDefault(1)?.Thumbprint),
            ["NewApplianceLoginCredential"] = One(new PSCredential("admin", new NetworkCredential(string.Empty, "rehearsal-login-password").SecurePassword)),
            ["AcceptEula"] = One(new SwitchParameter(true)),
            ["Force"] = One(new SwitchParameter(true)),
        };
    }
}
