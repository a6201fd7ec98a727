using System;
using System.Management.Automation;
using BeyondTrust.Upgrade.Client.Errors;
using BeyondTrust.Upgrade.Client.Sessions;

namespace BeyondTrust.Upgrade.Infrastructure;

/// <summary>
/// The base of every cmdlet that acts on a connected appliance: takes -Session (also by property name from the
/// pipeline) and falls back to the latest connection.
/// </summary>
public abstract class SessionCmdlet : ApplianceCmdlet
{
    /// <summary>
    /// <para type="description">The session from Connect-Appliance. Defaults to the most recent connection.</para>
    /// </summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    [ValidateNotNull]
    public ApplianceSession? Session { get; set; }

    /// <summary>The session to use: -Session, or the latest connection; a terminating <c>NoApplianceSession</c> when none.</summary>
    protected ApplianceSession ResolveSession() => ResolveSession(null);

    /// <summary>The session to use for an object that came from an appliance: -Session, the session to that appliance, or the latest.</summary>
    protected ApplianceSession ResolveSession(Uri? applianceUri)
    {
        var session = Session ?? SessionRegistry.Find(applianceUri) ?? SessionRegistry.Latest;
        if (session is null)
        {
            ThrowTerminatingError(new ErrorRecord(new InvalidOperationException(Messages.NoSession), WorkflowErrorIds.NoApplianceSession,
                ErrorCategory.ConnectionError, null));
        }

        if (!session!.IsOpen)
        {
            ThrowTerminatingError(new ErrorRecord(new InvalidOperationException(string.Format(Messages.SessionClosed, session.Name)),
                WorkflowErrorIds.SessionClosed, ErrorCategory.ConnectionError, session));
        }

        return session;
    }

    /// <summary>Terminates when the session lacks the /appliance administrator credential.</summary>
    protected void RequireApplianceCredential(ApplianceSession session)
    {
        if (!session.HasApplianceCredential)
        {
            ThrowTerminatingError(new ErrorRecord(new InvalidOperationException(string.Format(Messages.ApplianceCredentialRequired, session.Name)),
                WorkflowErrorIds.CredentialRequired, ErrorCategory.AuthenticationError, session));
        }
    }

    /// <summary>Terminates when the session lacks the API account.</summary>
    protected void RequireApiCredential(ApplianceSession session)
    {
        if (!session.HasApiCredential)
        {
            ThrowTerminatingError(new ErrorRecord(new InvalidOperationException(string.Format(Messages.ApiCredentialRequired, session.Name)),
                WorkflowErrorIds.CredentialRequired, ErrorCategory.AuthenticationError, session));
        }
    }
}
