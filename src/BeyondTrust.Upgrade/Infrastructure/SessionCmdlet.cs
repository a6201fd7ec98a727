using System;
using System.Linq;
using System.Management.Automation;
using BeyondTrust.Upgrade.Client.Errors;
using BeyondTrust.Upgrade.Client.Sessions;

namespace BeyondTrust.Upgrade.Infrastructure;

/// <summary>
/// The base of every cmdlet that acts on a connected appliance: takes -Session, also from the pipeline
/// (<c>Connect-Appliance ... | Get-ApplianceStatus</c>), and falls back to the latest connection by the rules of
/// <see cref="SessionCmdletBase.ResolveSession()"/>. Cmdlets whose own
/// objects come down the pipeline derive from <see cref="SessionItemCmdlet"/> instead.
/// </summary>
public abstract class SessionCmdlet : SessionCmdletBase
{
    /// <summary>
    /// <para type="description">The session from Connect-Appliance. Defaults to the most recent connection; a cmdlet that changes state refuses that default while sessions to more than one appliance are open (SessionAmbiguous).</para>
    /// </summary>
    [Parameter(ValueFromPipeline = true)]
    [ValidateNotNull]
    public ApplianceSession? Session { get; set; }

    /// <inheritdoc />
    protected override ApplianceSession? GivenSession => Session;
}

/// <summary>
/// The base of the cmdlets that take their own objects from the pipeline (updates, files, plans, addresses): -Session
/// is a plain parameter there, because a pipeline-bound -Session in every parameter set keeps PowerShell from binding
/// the objects; a piped object finds its session by its appliance's address instead.
/// </summary>
public abstract class SessionItemCmdlet : SessionCmdletBase
{
    /// <summary>
    /// <para type="description">The session from Connect-Appliance. Defaults to the session to the object's appliance, then the most recent connection (refused while sessions to more than one appliance are open: SessionAmbiguous).</para>
    /// </summary>
    [Parameter]
    [ValidateNotNull]
    public ApplianceSession? Session { get; set; }

    /// <inheritdoc />
    protected override ApplianceSession? GivenSession => Session;
}

/// <summary>What both session bases share: resolving the session and checking its credentials.</summary>
public abstract class SessionCmdletBase : ApplianceCmdlet
{
    /// <summary>The -Session given, if any.</summary>
    protected abstract ApplianceSession? GivenSession { get; }

    /// <summary>The session to use: -Session, or the latest connection; a terminating <c>NoApplianceSession</c> when none.</summary>
    protected ApplianceSession ResolveSession() => ResolveSession(null);

    /// <summary>True for a cmdlet that changes state (it supports -WhatIf/-Confirm): without -Session it never picks the
    /// latest of open sessions to two or more appliances, it refuses with <c>SessionAmbiguous</c>.</summary>
    protected virtual bool ChangesState => SupportsShouldProcess;

    /// <summary>The session to use for an object that came from an appliance: -Session, the session to that appliance, or
    /// the latest; a state-changing cmdlet refuses the latest when the open sessions reach more than one appliance (<c>SessionAmbiguous</c>).</summary>
    protected ApplianceSession ResolveSession(Uri? applianceUri)
    {
        var session = GivenSession ?? SessionRegistry.Find(applianceUri);
        if (session is null && SessionRegistry.FailedConnectTarget is null)
        {
            // Several sessions to one appliance leave no doubt about where the cmdlet acts; sessions to two appliances do.
            var open = SessionRegistry.Open;
            if (ChangesState && open.Select(s => s.BaseUri.GetLeftPart(UriPartial.Authority).ToUpperInvariant()).Distinct().Count() > 1)
            {
                var names = string.Join(", ", open.Select(s => s.Name + " (" + s.BaseUri.GetLeftPart(UriPartial.Authority) + ")"));
                ThrowTerminatingError(NewErrorRecord(new InvalidOperationException(string.Format(Messages.SessionAmbiguous, open.Count, names)),
                    WorkflowErrorIds.SessionAmbiguous, ErrorCategory.InvalidOperation, open.Select(s => s.Name).ToArray()));
            }

            session = SessionRegistry.Latest;
            if (session is not null)
            {
                WriteVerbose(string.Format(Messages.UsingLatestSession, session.Name));
            }
        }

        if (session is null)
        {
            var failed = SessionRegistry.FailedConnectTarget;
            var message = failed is null ? Messages.NoSession : string.Format(Messages.NoDefaultAfterFailedConnect, failed);
            ThrowTerminatingError(NewErrorRecord(new InvalidOperationException(message), WorkflowErrorIds.NoApplianceSession,
                ErrorCategory.ConnectionError, failed));
        }

        if (!session!.IsOpen)
        {
            ThrowTerminatingError(NewErrorRecord(new InvalidOperationException(string.Format(Messages.SessionClosed, session.Name)),
                WorkflowErrorIds.SessionClosed, ErrorCategory.ConnectionError, session));
        }

        return session;
    }

    /// <summary>The session for one piped object that came from an appliance: as <see cref="ResolveSession(Uri?)"/>, but
    /// a -Session to another appliance is refused for that object (<c>SessionApplianceMismatch</c>, non-terminating:
    /// the other objects go on). Null after writing the error.</summary>
    protected ApplianceSession? ResolveSessionFor(Uri? applianceUri, object item)
    {
        var session = ResolveSession(applianceUri);
        if (GivenSession is not null && applianceUri is not null
            && !string.Equals(applianceUri.GetLeftPart(UriPartial.Authority), session.BaseUri.GetLeftPart(UriPartial.Authority), StringComparison.OrdinalIgnoreCase))
        {
            WriteError(NewErrorRecord(new ArgumentException(item + " came from " + applianceUri.GetLeftPart(UriPartial.Authority) + ", but -Session is "
                + session.Name + " (" + session.BaseUri.GetLeftPart(UriPartial.Authority) + "): it is not used on another appliance."),
                WorkflowErrorIds.SessionApplianceMismatch, ErrorCategory.InvalidArgument, item));
            return null;
        }

        return session;
    }

    /// <summary>Terminates with <c>SessionClosed</c> when another session given to the cmdlet was closed.</summary>
    protected void RequireOpen(ApplianceSession session)
    {
        if (!session.IsOpen)
        {
            ThrowTerminatingError(NewErrorRecord(new InvalidOperationException(string.Format(Messages.SessionClosed, session.Name)),
                WorkflowErrorIds.SessionClosed, ErrorCategory.ConnectionError, session));
        }
    }

    /// <summary>Terminates when the session lacks the /appliance administrator credential.</summary>
    protected void RequireApplianceCredential(ApplianceSession session)
    {
        if (!session.CanManageAppliancePages)
        {
            ThrowTerminatingError(ApplianceCredentialRequired(session));
        }
    }

    /// <summary>The <c>CredentialRequired</c> error of a session without the /appliance administrator credential.</summary>
    protected ErrorRecord ApplianceCredentialRequired(ApplianceSession session) =>
        CredentialRequired(Messages.ApplianceCredentialRequired, session);

    /// <summary>The <c>CredentialRequired</c> error of a session without the API account.</summary>
    protected ErrorRecord ApiCredentialRequired(ApplianceSession session) =>
        CredentialRequired(Messages.ApiCredentialRequired, session);

    private ErrorRecord CredentialRequired(string message, ApplianceSession session) =>
        NewErrorRecord(new InvalidOperationException(string.Format(message, session.Name)), WorkflowErrorIds.CredentialRequired, ErrorCategory.AuthenticationError, session);

    /// <summary>Terminates with <c>ApplianceHeldByPlan</c> while a running upgrade plan holds the appliance's configuration
    /// (an Atlas plan's Appliance A, behind its upgraded peer).</summary>
    protected void RequireNotHeldByPlan(ApplianceSession session, string what)
    {
        try
        {
            session.EnsureNotHeldByPlan(what);
        }
        catch (ApplianceException ex)
        {
            ThrowFailure(ex, session);
        }
    }

    /// <summary>Terminates when the session lacks the API account.</summary>
    protected void RequireApiCredential(ApplianceSession session)
    {
        if (!session.HasApiCredential)
        {
            ThrowTerminatingError(ApiCredentialRequired(session));
        }
    }
}
