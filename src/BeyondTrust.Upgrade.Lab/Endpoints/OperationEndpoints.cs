using BeyondTrust.Upgrade.Lab.Appliances;
using BeyondTrust.Upgrade.Lab.Core;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace BeyondTrust.Upgrade.Lab.Endpoints;

/// GET .../operations/{id} on /appliance (Basic) and /login (Bearer); 202 answers that start one.
internal static class OperationEndpoints
{
    public static void Map(IEndpointRouteBuilder routes, LabRuntime lab)
    {
        routes.MapProject(lab, "GET", "/appliance/api/v1/operations/{id}", Access.Admin, (ctx, a) => GetAsync(ctx, lab, a));
        routes.MapProject(lab, "GET", "/login/api/v1/operations/{id}", Access.Api, (ctx, a) => GetAsync(ctx, lab, a));
    }

    public static Task WriteStartedAsync(HttpContext ctx, string basePath, LabOperation op)
    {
        ctx.Response.Headers.Location = $"{basePath}/operations/{op.Id}";
        return ctx.WriteJsonAsync(202, new { operationId = op.Id });
    }

    private static Task GetAsync(HttpContext ctx, LabRuntime lab, LabAppliance a)
    {
        var id = ctx.Request.RouteValues["id"]?.ToString() ?? "";
        object body;
        lock (lab.Gate)
        {
            var op = lab.FindOperation(a, id) ?? throw new LabError(404, "OperationNotFound", $"{a.Hostname} has no operation {id}.", id);
            if (op.IsRunning)
            {
                var hint = Math.Clamp(op.RemainingVendorSeconds / 10, 1, 30);
                ctx.Response.Headers.RetryAfter = Http.Int(lab.Clock.RetryAfterSeconds(hint));
            }

            var node = System.Text.Json.JsonSerializer.SerializeToNode(new
            {
                id = op.Id,
                kind = op.Kind,
                target = op.Target,
                state = op.State,
                percentComplete = op.PercentComplete,
                message = op.Message,
                error = op.ErrorId is null ? null : new { error = op.ErrorId, message = op.ErrorMessage },
                startedAt = Http.Iso(op.StartedAt),
                finishedAt = Http.Iso(op.FinishedAt),
            }, Http.Json)!.AsObject();
            if (op.State == "succeeded" && op.Result is { } result)
            {
                node["result"] = System.Text.Json.JsonSerializer.SerializeToNode(result, result.GetType(), Http.Json);
            }

            body = node;
        }

        return ctx.WriteJsonAsync(200, body);
    }
}
