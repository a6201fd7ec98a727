using System.Management.Automation;
using System.Net;
using BeyondTrust.Upgrade.Client.Errors;
using BeyondTrust.Upgrade.Client.Migration;
using BeyondTrust.Upgrade.Infrastructure;

namespace BeyondTrust.Upgrade.Commands;

/// <summary>
/// <para type="synopsis">The first steps on a new site: the first-time /login password change, then an API account for the module, which the session uses at once.</para>
/// </summary>
[Cmdlet(VerbsData.Initialize, "Appliance", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
[OutputType(typeof(PSCredential))]
public sealed class InitializeApplianceCommand : SessionCmdlet
{
    /// <summary>The /login administrator (admin) and the new password to set at the first login (or the current one, when the first login was done already).</summary>
    [Parameter(Mandatory = true, Position = 0)]
    [ValidateNotNull]
    [Credential]
    public PSCredential LoginCredential { get; set; } = PSCredential.Empty;

    /// <summary>The API account's name. Default btupgrade.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string ApiAccountName { get; set; } = Bootstrap.DefaultApiAccountName;

    /// <summary>Write the API account as a PSCredential (client id as user name, the secret only inside its SecureString): the appliance shows the secret once.</summary>
    [Parameter]
    public SwitchParameter PassThru { get; set; }

    /// <inheritdoc />
    protected override void ProcessRecord()
    {
        var session = ResolveSession();
        RequireNotHeldByPlan(session, "initialize the site");
        if (!ShouldProcess(session.Name + " (" + session.Profile.DisplayName + ")", "First login (the /login administrator's new password) and the API account '" + ApiAccountName + "'"))
        {
            return;
        }

        try
        {
            var account = Run(ct => Bootstrap.InitializeAsync(session, LoginCredential.Password, ApiAccountName, ct));
            if (string.IsNullOrEmpty(account.Password))
            {
                WriteWarning("The API account '" + ApiAccountName + "' was made on the page: its secret never comes back through the module. Connect again with Connect-Appliance -ApiCredential.");
                return;
            }

            if (PassThru)
            {
                WriteObject(new PSCredential(account.UserName, account.SecurePassword));
            }
            else
            {
                WriteWarning("The session to " + session.Name + " now uses the API account '" + ApiAccountName + "' (client id " + account.UserName
                    + "); its secret is held in this session only and the appliance never shows it again: use -PassThru to keep it.");
            }
        }
        catch (ApplianceException ex)
        {
            WriteFailure(ex, session);
        }
    }
}
