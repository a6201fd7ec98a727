using System;
using System.Net;
using System.Security;
using System.Threading;
using System.Threading.Tasks;
using BeyondTrust.Upgrade.Client.Errors;
using BeyondTrust.Upgrade.Client.Sessions;

namespace BeyondTrust.Upgrade.Client.Migration;

/// <summary>
/// The first steps on a new site (docs/appliance-api.md 3.4): the first-time /login password change (<c>admin</c> /
/// <c>password</c>), then an API account for the module, given to the open session at once.
/// </summary>
public static class Bootstrap
{
    /// <summary>The API account's default name.</summary>
    public const string DefaultApiAccountName = "btupgrade";

    /// <summary>Does the first login if it is still to do, creates the API account, and gives it to the session.</summary>
    /// <param name="session">The new appliance (its site installed).</param>
    /// <param name="newLoginPassword">The /login administrator's new password (or its current one when the first login
    /// was done already).</param>
    /// <param name="apiAccountName">The API account's name.</param>
    /// <param name="cancellationToken">Stops the call.</param>
    /// <returns>The API account (client id, secret): shown once by the appliance; in guided mode the name only (the
    /// secret stays on the page: connect again with -ApiCredential).</returns>
    /// <exception cref="ApplianceException"><c>PasswordRejected</c>, <c>InvalidCredentials</c>, <c>ApiAccountExists</c>, <c>SiteNotInstalled</c>.</exception>
    public static async Task<NetworkCredential> InitializeAsync(ApplianceSession session, SecureString newLoginPassword, string apiAccountName, CancellationToken cancellationToken)
    {
        if (session is null)
        {
            throw new ArgumentNullException(nameof(session));
        }

        if (newLoginPassword is null)
        {
            throw new ArgumentNullException(nameof(newLoginPassword));
        }

        var name = string.IsNullOrWhiteSpace(apiAccountName) ? DefaultApiAccountName : apiAccountName.Trim();
        session.EnsureOpen();
        var management = session.Client.Management;
        if (await management.IsFirstLoginRequiredAsync(cancellationToken).ConfigureAwait(false))
        {
            await management.CompleteFirstLoginAsync(newLoginPassword, cancellationToken).ConfigureAwait(false);
        }

        NetworkCredential account;
        try
        {
            account = await management.CreateApiAccountAsync(new NetworkCredential(Api.ManagementClient.FirstLoginUser, newLoginPassword), name, cancellationToken).ConfigureAwait(false);
        }
        catch (ApplianceException ex) when (ex.ErrorId == ErrorIds.ApiAccountExists)
        {
            throw new ApplianceException(ErrorIds.ApiAccountExists, ApplianceErrorCategory.ResourceExists,
                "An API account named '" + name + "' exists on " + session.Name + " already (a restore brings the old appliance's accounts too). Its secret is shown only when "
                + "it is made: give another -ApiAccountName, or connect with that account's client id and secret (Connect-Appliance -ApiCredential).", name, ex)
            {
                ApplianceUri = session.BaseUri,
                RecommendedAction = "Give another -ApiAccountName, or connect with the existing account (Connect-Appliance -ApiCredential).",
            };
        }

        if (!string.IsNullOrEmpty(account.Password))
        {
            session.UseApiCredential(account);
        }

        return account;
    }
}
