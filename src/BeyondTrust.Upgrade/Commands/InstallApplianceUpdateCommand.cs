using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Security;
using BeyondTrust.Upgrade.Client.Errors;
using BeyondTrust.Upgrade.Client.Models;
using BeyondTrust.Upgrade.Client.Sessions;
using BeyondTrust.Upgrade.Client.Workflows;
using BeyondTrust.Upgrade.Infrastructure;

namespace BeyondTrust.Upgrade.Commands;

/// <summary>
/// <para type="synopsis">Installs appliance updates from the pipeline or by name (Install This Update), or a package file (Manual Installation).</para>
/// </summary>
[Cmdlet(VerbsLifecycle.Install, "ApplianceUpdate", DefaultParameterSetName = InputObjectSet, SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High)]
[OutputType(typeof(InstallResult))]
public sealed class InstallApplianceUpdateCommand : SessionCmdlet
{
    private const string InputObjectSet = "InputObject";
    private const string NameSet = "Name";
    private const string PathSet = "Path";

    private readonly List<(ApplianceSession Session, ApplianceUpdate? Update, string? Name)> _queue = new List<(ApplianceSession, ApplianceUpdate?, string?)>();

    /// <summary>Updates from Get-ApplianceUpdate, or the steps of Get-ApplianceUpdatePath (their Update property).</summary>
    [Parameter(Mandatory = true, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true, ParameterSetName = InputObjectSet)]
    [Alias("Update")]
    [ValidateNotNull]
    public ApplianceUpdate[]? InputObject { get; set; }

    /// <summary>Names (or ids) of updates in the appliance's list.</summary>
    [Parameter(Mandatory = true, Position = 0, ParameterSetName = NameSet)]
    [ArgumentCompleter(typeof(UpdateNameCompleter))]
    [ValidateNotNullOrEmpty]
    public string[]? Name { get; set; }

    /// <summary>A package file from Save-AppliancePackage (the manual path).</summary>
    [Parameter(Mandatory = true, ParameterSetName = PathSet)]
    [Alias("FullName")]
    [ValidateNotNullOrEmpty]
    public string? Path { get; set; }

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

    /// <summary>Install without asking for confirmation (-WhatIf still applies).</summary>
    [Parameter]
    public SwitchParameter Force { get; set; }

    /// <inheritdoc />
    protected override void ProcessRecord()
    {
        if (ParameterSetName == InputObjectSet)
        {
            foreach (var update in InputObject!)
            {
                _queue.Add((ResolveSession(update.BaseUri), update, null));
            }
        }
        else if (ParameterSetName == NameSet)
        {
            var session = ResolveSession();
            foreach (var name in Name!)
            {
                _queue.Add((session, null, name));
            }
        }
        else
        {
            InstallFile(ResolveSession(), ResolveFilePath(Path!));
        }
    }

    /// <inheritdoc />
    protected override void EndProcessing()
    {
        try
        {
            foreach (var group in _queue.GroupBy(q => q.Session))
            {
                RequireApplianceCredential(group.Key);
                var updates = ResolveUpdates(group.Key, group.ToList());
                foreach (var update in UpdatePathPlanner.DependencyOrder(updates))
                {
                    Install(group.Key, update);
                }
            }
        }
        finally
        {
            base.EndProcessing();
        }
    }

    private List<ApplianceUpdate> ResolveUpdates(ApplianceSession session, List<(ApplianceSession Session, ApplianceUpdate? Update, string? Name)> items)
    {
        var result = items.Where(i => i.Update is not null).Select(i => i.Update!).ToList();
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
                var update = list.Updates.FirstOrDefault(u => string.Equals(u.Name, name, StringComparison.OrdinalIgnoreCase) || string.Equals(u.Id, name, StringComparison.OrdinalIgnoreCase));
                if (update is null)
                {
                    WriteFailure(WorkflowErrorIds.UpdateNotFound, ErrorCategory.ObjectNotFound,
                        "No update '" + name + "' is listed on " + session.Name + " (installed and downloaded packages leave the list). Check for updates with Get-ApplianceUpdate -Refresh.", name);
                }
                else
                {
                    result.Add(update);
                }
            }
        }
        catch (ApplianceException ex)
        {
            WriteFailure(ex, session);
        }

        return result;
    }

    private void Install(ApplianceSession session, ApplianceUpdate update)
    {
        if (!update.Installable)
        {
            // Refused before anything is sent; the appliance's own list may have changed since (a Base just installed),
            // so the installer re-reads it: only a package still blocked there is refused.
            WriteVerbose(update.Name + " was listed as blocked (" + update.BlockedReason + "); checking the appliance's current list.");
        }

        if (!Confirm(session, update.Name))
        {
            return;
        }

        try
        {
            var result = RunWithProgress((progress, ct) => UpdateInstaller.InstallAsync(session, update.Id, Options(), progress, ct),
                ActivityId(session), "Installing " + update.Name + " on " + session.Name);
            WriteObject(result);
        }
        catch (ApplianceException ex) when (ex.ErrorId == WorkflowErrorIds.BaseUpdateFailed)
        {
            ThrowFailure(ex, update);
        }
        catch (ApplianceException ex)
        {
            WriteFailure(ex, update);
        }
    }

    private void InstallFile(ApplianceSession session, string path)
    {
        RequireApplianceCredential(session);
        if (!Confirm(session, System.IO.Path.GetFileName(path)))
        {
            return;
        }

        try
        {
            var result = RunWithProgress((progress, ct) => UpdateInstaller.InstallFileAsync(session, path, Options(), progress, ct),
                ActivityId(session), "Installing " + System.IO.Path.GetFileName(path) + " on " + session.Name);
            WriteObject(result);
        }
        catch (ApplianceException ex) when (ex.ErrorId == WorkflowErrorIds.BaseUpdateFailed)
        {
            ThrowFailure(ex, path);
        }
        catch (ApplianceException ex)
        {
            WriteFailure(ex, path);
        }
    }

    private bool Confirm(ApplianceSession session, string package)
    {
        var impact = Run(ct => InstallImpact.DescribeAsync(session, ct));
        var target = package + " on " + session.Name + " (" + session.Profile.DisplayName + ")";
        if (!ShouldProceed(target, "Install: " + impact, Force))
        {
            return false;
        }

        WriteWarning(session.Name + ": " + impact + ".");
        return true;
    }

    private InstallOptions Options() => new InstallOptions
    {
        BackupDirectory = BackupPath is null ? null : ResolveFilePath(BackupPath),
        BackupPassword = BackupPassword,
        Wait = !NoWait,
    };

    private static int ActivityId(ApplianceSession session) => Math.Abs(session.BaseUri.GetHashCode() % 100000) + 1;
}
