using System.Text.Json;
using BeyondTrust.Upgrade.Lab.Appliances;
using BeyondTrust.Upgrade.Lab.Core;
using BeyondTrust.Upgrade.Lab.Endpoints;

namespace BeyondTrust.Upgrade.Lab;

/// An API account the simulated operator made on API Configuration: the page shows its secret once, and so does
/// <see cref="LabOperator.TakeApiAccount"/>. Never written to the event log or the action list.
public sealed record LabApiAccountCredential(string Name, string ClientId, string ClientSecret);

/// The hardware migration's page actions (docs/appliance-api.md 3.4 and 6.2): certificates, factory reset, shutdown,
/// a new site's first login and API account.
public sealed partial class LabOperator
{
    private readonly Dictionary<string, LabApiAccountCredential> _createdAccounts = new(StringComparer.Ordinal);

    /// The API account made by the <c>login.api-account</c> action <paramref name="actionId"/>, once (as the page
    /// shows the secret once); null when that action made none or it was taken already.
    public LabApiAccountCredential? TakeApiAccount(string actionId)
    {
        lock (_createdAccounts)
        {
            return _createdAccounts.Remove(actionId, out var credential) ? credential : null;
        }
    }

    private string ActMigration(LabAppliance a, string action, JsonElement p, string actionId)
    {
        switch (action)
        {
            case "certificates.import":
            {
                var (leaf, chain) = CertificateService.Read(File.ReadAllBytes(p.Str("path")!), p.Str("passphrase"));
                lock (_lab.Gate)
                {
                    var (certificate, created) = CertificateService.Import(_lab, a, leaf, chain, "operator");
                    return $"{certificate.Id} {(created ? "imported" : "was there already")} (thumbprint {certificate.Thumbprint})";
                }
            }

            case "certificates.assign":
                lock (_lab.Gate)
                {
                    if (a.Profile.ExportedCertificate == Profiles.CertificateSource.Default)
                    {
                        throw new LabError(409, "NotSupportedOnProduct", $"{a.Profile.DisplayName} has no Assign IP: make the certificate the Default certificate instead.");
                    }

                    var certificate = CertificateService.Get(a, p.Str("certificate")!);
                    var ips = p.TryGetProperty("ips", out var list)
                        ? list.EnumerateArray().Select(x => x.GetString()!).ToList()
                        : CertificateService.Addresses(a).ToList();
                    CertificateService.Assign(_lab, a, certificate, ips, "operator");
                    return $"{certificate.Id} serves {string.Join(", ", certificate.AssignedIps)}";
                }

            case "certificates.default":
                lock (_lab.Gate)
                {
                    if (a.Profile.ExportedCertificate != Profiles.CertificateSource.Default)
                    {
                        throw new LabError(409, "NotSupportedOnProduct", $"{a.Profile.DisplayName} assigns certificates to addresses (Assign IP), it has no Default certificate.");
                    }

                    var certificate = CertificateService.Get(a, p.Str("certificate")!);
                    CertificateService.SetDefault(_lab, a, certificate, "operator");
                    return $"{certificate.Id} is the Default certificate";
                }

            case "appliance.factory-reset":
                lock (_lab.Gate)
                {
                    return $"factory reset started ({LifecycleService.StartFactoryReset(_lab, a, "operator").Id})";
                }

            case "appliance.shutdown":
                lock (_lab.Gate)
                {
                    LifecycleService.Shutdown(_lab, a, "operator");
                }

                LifecycleService.ReconcileLater(_lab, a);
                return $"{a.Name} shuts down";

            case "login.first-login":
                lock (_lab.Gate)
                {
                    FirstLoginService.Complete(_lab, a, FirstLoginService.FactoryUser, FirstLoginService.FactoryPassword, p.Str("newPassword"), "operator");
                    return "the first-time password was changed";
                }

            case "login.api-account":
            {
                var name = p.Str("name")!;
                (string ClientId, string ClientSecret) created;
                lock (_lab.Gate)
                {
                    created = FirstLoginService.CreateApiAccount(_lab, a, name, "operator");
                }

                lock (_createdAccounts)
                {
                    _createdAccounts[actionId] = new LabApiAccountCredential(name, created.ClientId, created.ClientSecret);
                }

                return $"API account {name} created (its secret was shown once: LabOperator.TakeApiAccount)";
            }

            default:
                throw new InvalidOperationException($"No handler for operator action {action}.");
        }
    }
}
