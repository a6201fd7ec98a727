using System;
using BeyondTrust.Upgrade.Client.Transport;

namespace BeyondTrust.Upgrade.Client.Api;

/// <summary>What every API group of one appliance shares.</summary>
internal sealed class ApplianceContext
{
    public ApplianceContext(ApplianceConnectionOptions options, HttpTransport transport)
    {
        Options = options;
        Transport = transport;
    }

    public ApplianceConnectionOptions Options { get; }

    public HttpTransport Transport { get; }

    public string Name => Options.DisplayName;

    public Uri BaseUri => Options.BaseUri;

    public DateTimeOffset Now => Options.Clock();
}
