using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Security;
using BeyondTrust.Upgrade.Client.Errors;
using BeyondTrust.Upgrade.Client.Files;
using BeyondTrust.Upgrade.Client.Models;
using BeyondTrust.Upgrade.Client.Sessions;
using BeyondTrust.Upgrade.Client.Workflows;
using BeyondTrust.Upgrade.Infrastructure;

namespace BeyondTrust.Upgrade.Commands;

/// <summary>
/// <para type="synopsis">Installs appliance updates from the pipeline or by name (Install This Update), or a package file (Manual Installation).</para>
/// </summary>
[Cmdlet(VerbsLifecycle.Install, "ApplianceUpdate", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High)]
[OutputType(typeof(InstallResult))]
public sealed class InstallApplianceUpdateCommand : SessionItemCmdlet
{
    private const string InputObjectSet = "InputObject";
    private const string NameSet = "Name";
    private const string PathSet = "Path";
    private const string VersionSet = "Version";

    private readonly List<(ApplianceSession Session, ApplianceUpdate? Update, string? Name, string? File)> _queue =
        new List<(ApplianceSession, ApplianceUpdate?, string?, string?)>();

    private string? _backupFolder;

    /// <summary>Updates from Get-ApplianceUpdate, or the steps of Get-ApplianceUpdatePath (their Update property).</summary>
    [Parameter(Mandatory = true, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true, ParameterSetName = InputObjectSet)]
    [Alias("Update")]
    [AllowNull]
    [AllowEmptyCollection]
    public ApplianceUpdate[]? InputObject { get; set; }

    /// <summary>Exact names (or ids) of updates in the appliance's list; no wildcards (a pattern is refused with
    /// WildcardNotSupported: select by pattern with Get-ApplianceUpdate -Name and pipe the updates in).</summary>
    [Parameter(Mandatory = true, Position = 0, ParameterSetName = NameSet)]
    [ArgumentCompleter(typeof(UpdateNameCompleter))]
    [ValidateNotNullOrEmpty]
    public string[]? Name { get; set; }

    /// <summary>Package files from Save-AppliancePackage (the manual path); several are installed Base first.</summary>
    [Parameter(Mandatory = true, ParameterSetName = PathSet, ValueFromPipelineByPropertyName = true)]
    [Alias("FullName")]
    [ValidateNotNullOrEmpty]
    public string[]? Path { get; set; }

    /// <summary>
    /// The site version to install, as /appliance > Updates lists it. On a guided session (a real appliance, whose
    /// updates no API lists) this is how the install is named: the person installs it on the page (Base updates listed
    /// before it first) and the module watches the version. On the lab, the listed site update of that version.
    /// </summary>
    [Parameter(Mandatory = true, ParameterSetName = VersionSet)]
    [ValidateNotNullOrEmpty]
    public string? Version { get; set; }

    /// <summary>Guided, with -Path: the SHA-256 the vendor published for the package file; a different file is refused before anything changes.</summary>
    [Parameter(ParameterSetName = PathSet)]
    [ValidatePattern("^[0-9A-Fa-f]{64}$")]
    public string? ExpectedHash { get; set; }

    /// <summary>Folder for the backups the guides ask for before each install; defaults to the folder of the session's last backup.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? BackupPath { get; set; }

    /// <summary>Protects the backups this cmdlet takes.</summary>
    [Parameter]
    public SecureString? BackupPassword { get; set; }

    /// <summary>Return once the install has started instead of waiting for it to end.</summary>
    [Parameter]
    public SwitchParameter NoWait { get; set; }

    /// <summary>Install a site package within 24 hours after another one on the same appliance (in this run or an earlier
    /// one), against the guides' recommendation; warns with the guide's alternative.</summary>
    [Parameter]
    public SwitchParameter IgnoreSiteWait { get; set; }

    /// <summary>Install without asking for confirmation (-WhatIf still applies).</summary>
    [Parameter]
    public SwitchParameter Force { get; set; }

    /// <summary>Accept the EULA a factory-new appliance asks for before its first site package (without it, a console
    /// asks; an unattended run stops with EulaNotAccepted before anything is sent).</summary>
    [Parameter]
    public SwitchParameter AcceptEula { get; set; }

    private readonly HashSet<ApplianceSession> _eulaAccepted = new HashSet<ApplianceSession>();

    /// <inheritdoc />
    protected override void ProcessRecord()
    {
        switch (ParameterSetName)
        {
            case InputObjectSet:
                if (InputObject is null || InputObject.Length == 0 || InputObject.Any(u => u is null))
                {
                    WriteNullInput("-InputObject");
                }

                foreach (var update in InputObject?.Where(u => u is not null) ?? Enumerable.Empty<ApplianceUpdate>())
                {
                    // A -Session to another appliance never receives this update's id: that one item is refused.
                    if (ResolveSessionFor(update.BaseUri, update) is { } owner)
                    {
                        _queue.Add((owner, update, null, null));
                    }
                }

                break;
            case VersionSet:
                if (!ApplianceVersion.TryParseTarget(Version, out var version))
                {
                    ThrowTerminatingError(NewErrorRecord(new ArgumentException("'" + Version + "' is not a site version such as 24.3.1."),
                        WorkflowErrorIds.InvalidTargetVersion, ErrorCategory.InvalidArgument, Version));
                }

                var target = ResolveSession();
                try
                {
                    _queue.Add((target, Run(ct => UpdateListing.FindSiteVersionAsync(target, version!, ct)), null, null));
                }
                catch (ApplianceException ex)
                {
                    ThrowFailure(ex, Version);
                }

                break;
            case NameSet:
                RequireExactNames(Name, "-Name", "Select updates by pattern with Get-ApplianceUpdate -Name and pipe them in: Get-ApplianceUpdate -Name 'Base*' | Install-ApplianceUpdate.");
                var named = ResolveSession();
                _queue.AddRange(Name!.Select(n => (named, (ApplianceUpdate?)null, (string?)n, (string?)null)));
                break;
            default:
                var session = ResolveSession();
                foreach (var file in Path!.Select(p => ReadableFile(p, "-Path")).Where(f => f is not null))
                {
                    _queue.Add((session, null, null, file));
                }

                break;
        }
    }

    /// <inheritdoc />
    protected override void EndProcessing()
    {
        try
        {
            // Every precondition before the first install: a backup folder that is missing or read-only would
            // otherwise stop the run between Base and the site package.
            if (BackupPath is not null && _queue.Count > 0)
            {
                try
                {
                    _backupFolder = PathRules.RequireWritableFolder(ResolveFilePath(BackupPath), "-BackupPath");
                }
                catch (ApplianceException ex)
                {
                    ThrowFailure(ex);
                }
            }

            foreach (var group in _queue.GroupBy(q => q.Session))
            {
                RequireApplianceCredential(group.Key);
                RequireNotHeldByPlan(group.Key, "install a package"); // an install on an Atlas master marks every traffic node not accepting
                var batch = new InstallBatch(group.Key, Options(group.Key));
                foreach (var package in InstallBatch.Order(ResolvePackages(group.Key, group.ToList())))
                {
                    bool confirmed, previewed;
                    try
                    {
                        // The guides' rules first, the same with and without -WhatIf: what a preview lists is what a run installs.
                        var check = Run(ct => batch.CheckAsync(package, ct));
                        if (check.Refusal is not null)
                        {
                            WriteFailure(check.Refusal, package.Name);
                            continue;
                        }

                        if ((check.Warning ?? check.Note) is { } warning)
                        {
                            WriteWarning(group.Key.Name + ": " + warning);
                        }

                        confirmed = Confirm(group.Key, package.Name, out previewed);
                    }
                    catch (ApplianceException ex)
                    {
                        // The appliance or this machine's record could not be read: this package is not installed.
                        WriteFailure(ex, package.Name);
                        continue;
                    }

                    if (!confirmed)
                    {
                        if (previewed)
                        {
                            batch.Count(package);
                        }

                        continue;
                    }

                    if (Install(group.Key, package))
                    {
                        batch.Count(package);
                    }
                }
            }
        }
        finally
        {
            base.EndProcessing();
        }
    }

    /// <summary>The packages to install: updates as given, names looked up in the appliance's list, files read for their manifest.</summary>
    private List<InstallPackage> ResolvePackages(ApplianceSession session, List<(ApplianceSession Session, ApplianceUpdate? Update, string? Name, string? File)> items)
    {
        var result = items.Where(i => i.Update is not null).Select(i => InstallPackage.From(i.Update!)).ToList();
        foreach (var file in items.Where(i => i.File is not null).Select(i => i.File!))
        {
            try
            {
                var manifest = UpdateInstaller.DescribePackageFile(session, file, ExpectedHash);
                result.Add(new InstallPackage(manifest.Name, manifest.Type, manifest.Version, null, file));
            }
            catch (Exception ex) when (ex is ApplianceException || ex is System.IO.IOException)
            {
                WriteFailure(ex, file);
            }
        }

        var names = items.Where(i => i.Name is not null).Select(i => i.Name!).ToList();
        if (names.Count == 0)
        {
            return result;
        }

        try
        {
            var list = Run(ct => session.Client.Management.GetUpdatesAsync(ct));
            foreach (var name in names)
            {
                var update = UpdateLookup.Find(list.Updates, name);
                if (update is null)
                {
                    WriteFailure(UpdateLookup.NotFound(session.Name, name), name);
                }
                else
                {
                    result.Add(InstallPackage.From(update));
                }
            }
        }
        catch (ApplianceException ex)
        {
            WriteFailure(ex, session);
        }

        return result;
    }

    private bool Install(ApplianceSession session, InstallPackage package)
    {
        try
        {
            var activity = "Installing " + package.Name + " on " + session.Name;
            var waiting = new bool[1]; // set once the install's progress is read: the appliance has started it
            Func<string?> stopped = () => StoppedInstallWarning(session, package.Name, package.Type, waiting[0]);
            var result = package.File is null
                ? RunWithProgress((progress, ct) => UpdateInstaller.InstallAsync(session, package.Update!.Id, Options(session), Seen(progress, waiting), ct), ActivityId(session), activity, stopped)
                : RunWithProgress((progress, ct) => UpdateInstaller.InstallFileAsync(session, package.File, Options(session), Seen(progress, waiting), ct), ActivityId(session), activity, stopped);
            WriteObject(result);
            return true;
        }
        catch (ApplianceException ex) when (ex.ErrorId == WorkflowErrorIds.BaseUpdateFailed)
        {
            ThrowFailure(ex, package.Name);
            return false;
        }
        catch (ApplianceException ex)
        {
            WriteFailure(ex, (object?)package.File ?? package.Update);
            return false;
        }
    }

    /// <summary>What Ctrl+C leaves behind: the appliance goes on installing, and how to follow it (the product's words).</summary>
    internal static string StoppedInstallWarning(ApplianceSession session, string package, UpdateType type, bool started) =>
        (started
            ? "Stopped waiting: " + session.Name + " goes on installing " + package + " (" + session.Profile.DisplayName + (type == UpdateType.Base ? "; a Base install restarts it" : string.Empty) + "). "
            : "Stopped. If the install of " + package + " had been started, " + session.Name + " goes on installing it. ")
        + "Do not start another install or restart it; follow it with Get-ApplianceStatus (State, version) and Get-ApplianceUpdate (an installed update leaves the list), or on "
        + session.Profile.SoftwarePage + ".";

    private static IProgress<OperationProgress> Seen(IProgress<OperationProgress> progress, bool[] seen) => new SeenProgress(progress, seen);

    private sealed class SeenProgress : IProgress<OperationProgress>
    {
        private readonly IProgress<OperationProgress> _inner;
        private readonly bool[] _seen;

        public SeenProgress(IProgress<OperationProgress> inner, bool[] seen)
        {
            _inner = inner;
            _seen = seen;
        }

        public void Report(OperationProgress value)
        {
            System.Threading.Volatile.Write(ref _seen[0], true);
            _inner.Report(value);
        }
    }

    private bool Confirm(ApplianceSession session, string package, out bool previewed)
    {
        var impact = Run(ct => InstallImpact.DescribeAsync(session, ct));
        var target = package + " on " + session.Name + " (" + session.Profile.DisplayName + ")";
        previewed = IsWhatIf;
        if (!AcceptEula && !IsWhatIf && !_eulaAccepted.Contains(session) && Run(ct => UpdateInstaller.IsFactoryNewAsync(session, ct)))
        {
            // A factory-new appliance's page asks for the EULA first: a person at a console answers; unattended, the
            // install stops with EulaNotAccepted before anything is sent.
            if (!HostOperatorChannel.IsInteractive(Host))
            {
                return true;
            }

            if (!ShouldContinue(session.Name + " is factory-new: " + package + " installs only with the " + session.Profile.DisplayName
                + " End User License Agreement accepted (shown on its /appliance > Updates page). Do you accept the EULA?", "EULA"))
            {
                WriteFailure(new ApplianceException(ErrorIds.EulaNotAccepted, ApplianceErrorCategory.InvalidOperation,
                    "The EULA was not accepted: " + package + " was not installed on " + session.Name + ". Nothing was sent.", package), package);
                return false;
            }

            _eulaAccepted.Add(session);
        }
        if (!ShouldProceed(target, "Install: " + impact, Force))
        {
            return false;
        }

        WriteWarning(session.Name + ": " + impact + ".");
        return true;
    }

    /// <summary>The install options for one appliance: its EULA is accepted by -AcceptEula or by the person's answer for
    /// that appliance alone (a "yes" for one factory-new appliance is not one for another in the same pipeline).</summary>
    private InstallOptions Options(ApplianceSession session) => new InstallOptions
    {
        BackupDirectory = _backupFolder,
        BackupPassword = BackupPassword,
        Wait = !NoWait,
        IgnoreSiteWait = IgnoreSiteWait,
        ExpectedSha256 = ExpectedHash,
        AcceptEula = AcceptEula || _eulaAccepted.Contains(session),
    };

    private static int ActivityId(ApplianceSession session) => Math.Abs(session.BaseUri.GetHashCode() % 100000) + 1;
}
