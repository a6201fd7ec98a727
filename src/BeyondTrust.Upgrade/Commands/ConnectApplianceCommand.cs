using System;
using System.Management.Automation;
using BeyondTrust.Upgrade.Client;
using BeyondTrust.Upgrade.Client.Errors;
using BeyondTrust.Upgrade.Client.Guided;
using BeyondTrust.Upgrade.Client.Ledger;
using BeyondTrust.Upgrade.Client.Models;
using BeyondTrust.Upgrade.Client.Sessions;
using BeyondTrust.Upgrade.Infrastructure;

namespace BeyondTrust.Upgrade.Commands;

/// <summary>
/// <para type="synopsis">Connects to a BeyondTrust appliance and returns a session for the other cmdlets.</para>
/// </summary>
[Cmdlet(VerbsCommunications.Connect, "Appliance")]
[OutputType(typeof(ApplianceSession))]
public sealed class ConnectApplianceCommand : ApplianceCmdlet
{
    /// <summary>The appliance: a hostname, host:port, or https:// address.</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [Alias("Uri", "Hostname")]
    [ValidateNotNullOrEmpty]
    public string ComputerName { get; set; } = string.Empty;

    /// <summary>The API account from /login > Management > API Configuration: user name = OAuth client id, password = client secret.</summary>
    [Parameter]
    [Credential]
    public PSCredential? ApiCredential { get; set; }

    /// <summary>The /appliance administrator (updates, download key, network, certificates).</summary>
    [Parameter]
    [Credential]
    public PSCredential? ApplianceCredential { get; set; }

    /// <summary>Accept exactly the certificate with this SHA-1 or SHA-256 thumbprint.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? CertificateThumbprint { get; set; }

    /// <summary>Do not verify the appliance's certificate at all (warned).</summary>
    [Parameter]
    public SwitchParameter SkipCertificateCheck { get; set; }

    /// <summary>-ApiCredential is another appliance's account, accepted here only after a restore brings it (a hardware
    /// migration's new appliance): a guided session opens even while this appliance still refuses it.</summary>
    [Parameter]
    public SwitchParameter AccountPendingRestore { get; set; }

    /// <summary>A name for this appliance in output and messages (for example A or B).</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? Name { get; set; }

    /// <summary>The product line, when the appliance cannot say (without -ApplianceCredential; guided, a factory-new appliance before its site).</summary>
    [Parameter]
    public ProductLine Product { get; set; }

    /// <summary>
    /// How long one call to the appliance keeps being repeated while the appliance refuses connections or answers
    /// busy (503, 429), from its first attempt; 0 = never repeat. Without it, a call is tried at most 8 times over about
    /// a minute. An unattended runbook sets it to what its maintenance window can afford.
    /// </summary>
    [Parameter]
    [ValidateTimeSpanRange(0, 24 * 60 * 60)]
    public TimeSpan RetryTimeout { get; set; }

    /// <summary>
    /// How the pages without a vendor API are driven: Auto (default) uses the project's management contract when the
    /// appliance serves it (the appliance lab) and Guided otherwise (a real appliance: a person acts on the page, the
    /// module watches the vendor's documented API for the effect); Lab or Guided forces one.
    /// </summary>
    [Parameter]
    public ManagementChoice Management { get; set; }

    /// <summary>
    /// Guided sessions: Auto (default) waits for the person when the host can show the instruction, and stops with
    /// OperatorActionRequired when it cannot (-NonInteractive, Azure Automation); Wait always shows the instruction and
    /// waits (someone acts while an unattended run watches); Stop never waits.
    /// </summary>
    [Parameter]
    public OperatorMode OperatorMode { get; set; }

    /// <summary>Guided sessions: how long a page action without a timeout of its own (a shared IP, Break, Establish)
    /// is waited for. Default 30 minutes.</summary>
    [Parameter]
    [ValidateTimeSpanRange(1, 7 * 24 * 60 * 60)]
    public TimeSpan OperatorTimeout { get; set; } = TimeSpan.FromMinutes(30);

    /// <inheritdoc />
    protected override void BeginProcessing()
    {
        try
        {
            base.BeginProcessing(); // refuses a -RetryTimeout out of range
        }
        catch (Exception)
        {
            // A refused parameter is a failed connection too: the session connected before must not stay the default.
            SessionRegistry.ConnectFailed(AddressRules.WithoutUserInfo(ComputerName));
            throw;
        }
    }

    /// <inheritdoc />
    protected override void ProcessRecord()
    {
        // Whatever makes this connection fail (a bad parameter, an unreachable appliance, refused credentials), the
        // session connected before must not stay the default: the next cmdlet without -Session would act on it.
        var connected = false;
        try
        {
            connected = Connect();
        }
        finally
        {
            if (!connected)
            {
                SessionRegistry.ConnectFailed(AddressRules.WithoutUserInfo(ComputerName));
            }
        }
    }

    private bool Connect()
    {
        if (ApiCredential is null && ApplianceCredential is null)
        {
            ThrowTerminatingError(NewErrorRecord(new ArgumentException("Give -ApiCredential, -ApplianceCredential, or both."),
                WorkflowErrorIds.CredentialRequired, ErrorCategory.InvalidArgument, AddressRules.WithoutUserInfo(ComputerName)));
        }

        RequireCertificateOptions(SkipCertificateCheck, CertificateThumbprint, AddressRules.WithoutUserInfo(ComputerName));
        if (Name is not null && (WildcardPattern.ContainsWildcardCharacters(Name) || Name.Trim().Length == 0))
        {
            ThrowTerminatingError(InvalidArgument(WorkflowErrorIds.InvalidSessionName, "-Name '" + Name
                + "' is refused: a session name is matched as a pattern by Get-ApplianceSession -Name, so it must hold no wildcard character (* ? [ ]) and not be blank.", Name));
        }

        Uri baseUri;
        try
        {
            baseUri = AddressRules.ApplianceBase(ComputerName);
        }
        catch (Client.Errors.ApplianceException ex)
        {
            // One bad address among piped ones: the others are still connected. Given as a parameter: the call is wrong.
            if (MyInvocation.ExpectingInput)
            {
                WriteFailure(ex);
                return false;
            }

            ThrowFailure(ex);
            return false;
        }

        ApplianceConnectionOptions options;
        try
        {
            options = new ApplianceConnectionOptions(baseUri)
            {
                Name = Name,
                ApiCredential = ApiCredential?.GetNetworkCredential(),
                AdministratorCredential = ApplianceCredential?.GetNetworkCredential(),
                CertificateThumbprint = CertificateThumbprint,
                SkipCertificateCheck = SkipCertificateCheck,
                AccountPendingRestore = AccountPendingRestore,
                Management = Management,
                OperatorMode = OperatorMode,
                OperatorTimeout = OperatorTimeout,
            };
            if (MyInvocation.BoundParameters.ContainsKey(nameof(RetryTimeout)))
            {
                // The time is then the only bound: a count of attempts would cut a longer timeout short.
                options.Retry = new RetryPolicy { MaxAttempts = int.MaxValue, MaxTotalRetryTime = RetryTimeout };
            }
        }
        catch (Exception ex) when (ex is ArgumentException || ex is UriFormatException || ex is FormatException)
        {
            ThrowTerminatingError(NewErrorRecord(ex, WorkflowErrorIds.InvalidApplianceAddress, ErrorCategory.InvalidArgument, AddressRules.WithoutUserInfo(ComputerName)));
            return false;
        }

        if (SkipCertificateCheck)
        {
            WriteWarning(string.Format(Messages.SkipCertificateWarning, options.DisplayName));
        }

        try
        {
            var product = MyInvocation.BoundParameters.ContainsKey(nameof(Product)) ? Product : (ProductLine?)null;
            // Guided peers are watched among the guided appliances of this runspace only (as the session registry is per runspace).
            var factory = new ApplianceSessionFactory(ApplianceLedger.ForCurrentUser()) { GuidedScope = System.Management.Automation.Runspaces.Runspace.DefaultRunspace?.InstanceId };
            var session = Run(ct => factory.OpenAsync(options, product, ct));
            SessionRegistry.Add(session);
            if (session.Management == ManagementMode.Guided)
            {
                WriteVerbose(string.Format(Messages.GuidedSession, session.Name));
                if (ApplianceCredential is not null)
                {
                    WriteWarning(string.Format(Messages.GuidedIgnoresApplianceCredential, session.Name));
                }
            }
            WriteVerbose("Connected to " + session.Name + " (" + session.Profile.DisplayName + ", " + session.BaseUri + ").");
            if (session.HandsOffReason is { } handsOff)
            {
                // GUIDE-RULES.md §2 rule 2: the mark of a failed Base install outlives the session that set it.
                WriteWarning(session.Name + " is hands-off: " + handsOff + " Nothing is installed on it until the mark is cleared with Clear-ApplianceHandsOff, after "
                    + session.Profile.SupportPointer + " has looked at it.");
            }

            WriteObject(session);
            return true;
        }
        catch (Client.Errors.ApplianceException ex)
        {
            WriteFailure(ex, AddressRules.WithoutUserInfo(ComputerName));
            return false;
        }
    }

}
