using System.Security.Cryptography;
using BeyondTrust.Upgrade.Lab.Auth;
using BeyondTrust.Upgrade.Lab.Core;
using BeyondTrust.Upgrade.Lab.Endpoints;
using BeyondTrust.Upgrade.Lab.Topology;

namespace BeyondTrust.Upgrade.Lab.Appliances;

/// A new site's /login (docs/appliance-api.md 3.4): the first-time password change of admin / password, and
/// Management &gt; API Configuration's new API account. Under the gate. Secrets are hashed at once and never logged.
internal static class FirstLoginService
{
    public const string FactoryUser = "admin";
    public const string FactoryPassword = "password";
    public const int MinimumPasswordLength = 8;

    /// The first-time password change; checked in the order FirstLoginDone, InvalidCredentials, PasswordRejected.
    public static void Complete(LabRuntime lab, LabAppliance a, string? user, string? password, string? newPassword, string source)
    {
        RequireSite(a);
        if (!a.FirstLoginRequired)
        {
            throw new LabError(409, "FirstLoginDone", $"The first-time password of {a.Hostname}'s /login was changed already: log in with the new one.");
        }

        var admin = a.LoginUsers.FirstOrDefault(u => string.Equals(u.Name, user, StringComparison.Ordinal));
        if (admin is null || !SecretHash.Verify(password, admin.PasswordHash))
        {
            throw new LabError(401, "InvalidCredentials", "The first-time login is admin / password.");
        }

        if (newPassword is null || newPassword.Length < MinimumPasswordLength || newPassword == FactoryPassword)
        {
            throw new LabError(400, "PasswordRejected", $"The new password needs at least {MinimumPasswordLength} characters and must not be '{FactoryPassword}'.");
        }

        a.LoginUsers = [.. a.LoginUsers.Where(u => u != admin), admin with { PasswordHash = SecretHash.Create(newPassword) }];
        a.FirstLoginRequired = false;
        lab.Event(a, "FirstLoginCompleted", $"the first-time password of {admin.Name} was changed ({source})");
    }

    /// API Configuration: a new account with full access; the secret is returned once and kept only as a hash.
    public static (string ClientId, string ClientSecret) CreateApiAccount(LabRuntime lab, LabAppliance a, string name, string source)
    {
        RequireSite(a);
        if (a.FirstLoginRequired)
        {
            throw ProjectRoutes.FirstLoginRequired(a);
        }

        if (a.ApiAccounts.Any(x => string.Equals(x.Name, name, StringComparison.OrdinalIgnoreCase)))
        {
            throw new LabError(409, "ApiAccountExists", $"{a.Hostname} has an API account named '{name}' already.", name);
        }

        var clientId = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
        var secret = TopologyBuilder.Secret();
        a.ApiAccounts.Add(new LabApiAccount(name, clientId, SecretHash.Create(secret), ApiAuth.FullAccess));
        lab.Event(a, "ApiAccountCreated", $"{name} ({source})");
        return (clientId, secret);
    }

    /// The /login pages of a factory-new appliance (the simulated operator; the endpoints are refused earlier).
    public static void RequireSite(LabAppliance a)
    {
        if (!a.SiteInstalled)
        {
            throw new LabError(503, "SiteNotInstalled", $"The site software is not installed on {a.Hostname} yet.");
        }
    }
}
