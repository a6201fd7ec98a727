using System;
using System.Net;
using System.Security;
using System.Threading.Tasks;
using BeyondTrust.Upgrade.Client.Errors;
using BeyondTrust.Upgrade.Client.Guided;
using BeyondTrust.Upgrade.Client.Plans.Strategies;

namespace BeyondTrust.Upgrade.Client.Plans.Steps.Migration;

/// <summary>What the migration steps share: the old appliance's API account (the restore brings it to the new one, and its
/// acceptance there is how a restore is seen, in guided mode too) and the password of the new site's first login.</summary>
internal static class MigrationRun
{
    /// <summary>The old appliance's API account (every migration session to the old appliance has one: its backup needs it).</summary>
    public static NetworkCredential OldAccount(StepContext c) =>
        c.Session(HardwareMigrationStrategy.Old).Client.Options.ApiCredential
        ?? throw Serving.Guard(c, "the old appliance's session has no API account (-ApiCredential): its backup and the check that the restore happened need it.");

    /// <summary>True when the new appliance accepts the old appliance's API account: the restore happened.</summary>
    public static async Task<bool> RestoredAsync(StepContext c)
    {
        var n = c.Session();
        var options = new ApplianceConnectionOptions(n.BaseUri)
        {
            Name = n.Name,
            ApiCredential = OldAccount(c),
            CertificateThumbprint = n.Client.Options.CertificateThumbprint,
            SkipCertificateCheck = n.Client.Options.SkipCertificateCheck,
            Retry = new RetryPolicy { MaxAttempts = 3, MaxTotalRetryTime = TimeSpan.FromSeconds(10) },
        };
        using var client = new ApplianceClient(options);
        try
        {
            await client.Command.CheckHealthAsync(c.Token).ConfigureAwait(false);
            return true;
        }
        catch (ApplianceAuthenticationException)
        {
            return false;
        }
        catch (ApplianceException ex) when (ex.ErrorId == ErrorIds.SiteNotInstalled)
        {
            return false;
        }
    }

    /// <summary>The password the new site's first login gets: the run's (a person chooses it on a guided appliance).</summary>
    public static SecureString LoginPassword(StepContext c)
    {
        if (c.Options.NewLoginPassword is { Length: > 0 } password)
        {
            return password;
        }

        if (c.Session().Management == ManagementMode.Guided)
        {
            return new SecureString(); // the person types it on the page
        }

        throw new ApplianceException(PlanErrorIds.PlanLoginPasswordRequired, ApplianceErrorCategory.InvalidArgument,
            "The new appliance's /login still asks for its first-time password change (admin / password): give the run the new password (-NewApplianceLoginCredential). "
            + "The restore replaces it with the old appliance's /login users afterwards.", c.Plan.Id);
    }
}
