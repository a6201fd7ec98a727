using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using BeyondTrust.Upgrade.Client.Models;
using BeyondTrust.Upgrade.Client.Transport;
using RestSharp;

namespace BeyondTrust.Upgrade.Client.Api;

/// <summary>
/// The vendor command API (<c>/api/command</c>, XML) and the unauthenticated <c>/check_health</c>. Bearer token of
/// the API account, or legacy Bomgar username/password parameters when
/// <see cref="ApplianceConnectionOptions.LegacyCommandCredential"/> is set.
/// </summary>
public sealed class CommandApi
{
    private readonly ApplianceContext _context;

    internal CommandApi(ApplianceContext context)
    {
        _context = context;
    }

    /// <summary><c>check_health</c>: version, health, failover role, shared IPs, last sync.</summary>
    /// <param name="cancellationToken">Stops the call.</param>
    /// <returns>The health check.</returns>
    public Task<HealthCheck> CheckHealthAsync(CancellationToken cancellationToken = default) => CheckHealthAsync(false, cancellationToken);

    /// <summary><c>check_health</c>, optionally once (no repeat: a watch polls again itself).</summary>
    internal async Task<HealthCheck> CheckHealthAsync(bool singleAttempt, CancellationToken cancellationToken)
    {
        var xml = await SendAsync("check_health", "Check health", null, cancellationToken, singleAttempt: singleAttempt).ConfigureAwait(false);
        var health = CommandXml.ParseHealth(xml, _context.BaseUri);
        health.Appliance = _context.Name;
        health.BaseUri = _context.BaseUri;
        return health;
    }

    /// <summary>Unauthenticated <c>GET /check_health</c>: 200 healthy, 500 not (either is a result, not an error).</summary>
    /// <param name="cancellationToken">Stops the call.</param>
    /// <returns>The answer.</returns>
    public async Task<PublicHealth> GetPublicHealthAsync(CancellationToken cancellationToken = default)
    {
        var request = new ApiRequest(Method.Get, "check_health", "Check health (unauthenticated)") { Auth = AuthMode.None, Accept = "text/plain, */*" };
        var response = await _context.Transport.SendAsync(request, cancellationToken).ConfigureAwait(false);
        if (!response.IsSuccess && response.StatusCode != 500)
        {
            throw ErrorMapper.FromResponse(request, response, _context.Transport.Settings);
        }

        return new PublicHealth
        {
            Appliance = _context.Name,
            BaseUri = _context.BaseUri,
            IsHealthy = response.StatusCode == 200,
            StatusCode = response.StatusCode,
            Message = response.Text.Trim(),
        };
    }

    /// <summary><c>get_api_info</c>: API version, appliance time, the account's permissions.</summary>
    /// <param name="cancellationToken">Stops the call.</param>
    /// <returns>The API info.</returns>
    public async Task<ApiInfo> GetApiInfoAsync(CancellationToken cancellationToken = default)
    {
        var xml = await SendAsync("get_api_info", "Get API info", null, cancellationToken).ConfigureAwait(false);
        var info = CommandXml.ParseApiInfo(xml, _context.BaseUri);
        info.Appliance = _context.Name;
        info.BaseUri = _context.BaseUri;
        return info;
    }

    /// <summary>
    /// <c>set_failover_role</c> (needs <c>perm_command=full</c>). Not idempotent: repeated only when the connection
    /// was refused or the appliance answered 503/429, never after a timeout or dropped connection.
    /// </summary>
    /// <param name="role">Primary or Backup.</param>
    /// <param name="dataSyncFirst">Sync data first; the role changes when the sync completes.</param>
    /// <param name="force">Switch even if the peer cannot be reached (primary becoming backup).</param>
    /// <param name="cancellationToken">Stops the call.</param>
    /// <returns>The appliance's answer.</returns>
    public async Task<FailoverRoleChange> SetFailoverRoleAsync(FailoverRole role, bool dataSyncFirst = false, bool force = false, CancellationToken cancellationToken = default)
    {
        var form = new List<KeyValuePair<string, string>>
        {
            new KeyValuePair<string, string>("role", WireEnums.ToWire(role)),
            new KeyValuePair<string, string>("data_sync_first", dataSyncFirst ? "1" : "0"),
            new KeyValuePair<string, string>("force", force ? "1" : "0"),
        };
        var xml = await SendAsync("set_failover_role", "Set failover role to " + role, form, cancellationToken, post: true).ConfigureAwait(false);
        var change = CommandXml.ParseRoleChange(xml, role, _context.BaseUri);
        change.Appliance = _context.Name;
        change.BaseUri = _context.BaseUri;
        return change;
    }

    /// <summary><c>get_appliances</c> (rs): the nodes, their cluster and failover roles and whether they accept connections.</summary>
    /// <param name="cancellationToken">Stops the call.</param>
    /// <returns>The nodes.</returns>
    public Task<IReadOnlyList<ApplianceNode>> GetAppliancesAsync(CancellationToken cancellationToken = default) => GetAppliancesAsync(false, cancellationToken);

    /// <summary><c>get_appliances</c>, optionally once (no repeat: a watch polls again itself).</summary>
    internal async Task<IReadOnlyList<ApplianceNode>> GetAppliancesAsync(bool singleAttempt, CancellationToken cancellationToken)
    {
        var xml = await SendAsync("get_appliances", "Get appliances", null, cancellationToken, singleAttempt: singleAttempt).ConfigureAwait(false);
        var nodes = CommandXml.ParseAppliances(xml, _context.BaseUri);
        foreach (var n in nodes)
        {
            n.Appliance = _context.Name;
            n.BaseUri = _context.BaseUri;
        }

        return nodes;
    }

    /// <summary><c>get_connected_client_list</c>: counts per appliance and type, and the clients unless only the summary is asked.</summary>
    /// <param name="type">Comma list of types, <c>all</c> by default (Jump Clients are counted only with all).</param>
    /// <param name="summaryOnly">Only the counts.</param>
    /// <param name="cancellationToken">Stops the call.</param>
    /// <returns>The list.</returns>
    public async Task<ConnectedClientList> GetConnectedClientListAsync(string type = "all", bool summaryOnly = false, CancellationToken cancellationToken = default)
    {
        var parameters = new List<KeyValuePair<string, string>> { new KeyValuePair<string, string>("type", string.IsNullOrWhiteSpace(type) ? "all" : type) };
        if (summaryOnly)
        {
            parameters.Add(new KeyValuePair<string, string>("summary_only", "1"));
        }

        var xml = await SendAsync("get_connected_client_list", "Get connected clients", parameters, cancellationToken).ConfigureAwait(false);
        var list = CommandXml.ParseConnectedClients(xml, _context.BaseUri);
        list.Appliance = _context.Name;
        list.BaseUri = _context.BaseUri;
        foreach (var s in list.Summaries)
        {
            s.Appliance = _context.Name;
            s.BaseUri = _context.BaseUri;
        }

        foreach (var c in list.Clients)
        {
            c.Appliance = _context.Name;
            c.BaseUri = _context.BaseUri;
        }

        return list;
    }

    private async Task<string> SendAsync(string action, string description, List<KeyValuePair<string, string>>? parameters, CancellationToken cancellationToken, bool post = false, bool singleAttempt = false)
    {
        // With legacy username/password the call is always a POST, so that the password never sits in a URL.
        var usePost = post || _context.Options.LegacyCommandCredential is not null;
        var request = new ApiRequest(usePost ? Method.Post : Method.Get, "api/command", description)
        {
            Auth = AuthMode.Command,
            Accept = "text/xml, application/xml",
            Repeat = post ? Repeatability.NotAfterSend : Repeatability.Idempotent,
            SingleAttempt = singleAttempt,
        };
        request.WithQuery("action", action);
        foreach (var p in parameters ?? new List<KeyValuePair<string, string>>())
        {
            if (usePost)
            {
                request.WithForm(p.Key, p.Value);
            }
            else
            {
                request.WithQuery(p.Key, p.Value);
            }
        }

        var response = await _context.Transport.SendExpectingSuccessAsync(request, cancellationToken).ConfigureAwait(false);
        var text = response.Text;
        if (_context.Options.LegacyCommandCredential is not null && text.IndexOf("Invalid credentials", StringComparison.OrdinalIgnoreCase) >= 0
            && text.IndexOf('<') < 0)
        {
            // Legacy appliances answer bad username/password with 200 and a text body.
            throw new Errors.ApplianceAuthenticationException(Errors.ErrorIds.InvalidCredentials,
                description + " on " + _context.Name + " failed: the command API user name and password were refused.", _context.BaseUri)
            { StatusCode = response.StatusCode, ApplianceUri = _context.BaseUri };
        }

        return text;
    }
}
