using BeyondTrust.Upgrade.Lab.Core;

namespace BeyondTrust.Upgrade.Lab.Appliances;

/// Networking > IP Configuration: enabling and disabling shared IPs. Under the gate.
internal static class NetworkService
{
    public static object AddressJson(LabAppliance a, string address)
    {
        if (string.Equals(address, a.Address, StringComparison.OrdinalIgnoreCase))
        {
            return new { address = a.Address, prefixLength = a.PrefixLength, shared = false, enabled = true };
        }

        var ip = a.SharedIps.First(s => string.Equals(s.Address, address, StringComparison.OrdinalIgnoreCase));
        return new { address = ip.Address, prefixLength = a.PrefixLength, shared = true, enabled = ip.Enabled };
    }

    public static object NetworkJson(LabAppliance a) => new
    {
        hostname = a.Hostname,
        addresses = new[] { a.Address }.Concat(a.SharedIps.Select(s => s.Address)).Select(x => AddressJson(a, x)),
        ntp = NtpJson(a),
    };

    public static object NtpJson(LabAppliance a) => new { servers = a.NtpServers, synchronized = a.Faults.ClockSkewSeconds == 0 };

    public static void SetEnabled(LabRuntime lab, LabAppliance a, string address, bool enabled)
    {
        if (string.Equals(address, a.Address, StringComparison.OrdinalIgnoreCase))
        {
            throw LabError.BadRequest($"{address} is the unique address of {a.Hostname}; only shared IPs are switched in the lab.");
        }

        var ip = a.SharedIps.FirstOrDefault(s => string.Equals(s.Address, address, StringComparison.OrdinalIgnoreCase))
            ?? throw new LabError(404, "AddressNotFound", $"{a.Hostname} has no address {address}.", address);
        if (enabled && a.Faults.FailEnableSharedIp)
        {
            a.Faults.FailEnableSharedIp = false;
            lab.Event(a, "SharedIpEnableFailed", $"{address} (fault)");
            throw new LabError(500, "SharedIpEnableFailed", $"{a.Hostname} could not enable {address}.", address);
        }

        if (ip.Enabled != enabled)
        {
            ip.Enabled = enabled;
            lab.Event(a, enabled ? "SharedIpEnabled" : "SharedIpDisabled", address);
        }

        lab.Invariants.Check();
    }
}
