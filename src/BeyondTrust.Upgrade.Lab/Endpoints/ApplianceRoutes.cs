using BeyondTrust.Upgrade.Lab.Core;
using Microsoft.AspNetCore.Routing;

namespace BeyondTrust.Upgrade.Lab.Endpoints;

/// Everything an appliance serves, on its own port and (for the holder) on the site address.
internal static class ApplianceRoutes
{
    public static void Map(IEndpointRouteBuilder routes, LabRuntime lab)
    {
        HealthEndpoints.Map(routes, lab);
        OAuthEndpoints.Map(routes, lab);
        CommandEndpoints.Map(routes, lab);
        CommandV2Endpoints.Map(routes, lab);
        BackupEndpoints.Map(routes, lab);
        ApplianceEndpoints.Map(routes, lab);
        CertificateEndpoints.Map(routes, lab);
        LifecycleEndpoints.Map(routes, lab);
        FirstLoginEndpoints.Map(routes, lab);
        UpdateEndpoints.Map(routes, lab);
        OperationEndpoints.Map(routes, lab);
        LoginEndpoints.Map(routes, lab);
        ClusterEndpoints.Map(routes, lab);
        JumpClientEndpoints.Map(routes, lab);
    }
}
