using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using BeyondTrust.Upgrade.Client.Internal;
using BeyondTrust.Upgrade.Client.Models;
using BeyondTrust.Upgrade.Client.Transport;
using Newtonsoft.Json.Linq;
using RestSharp;

namespace BeyondTrust.Upgrade.Client.Api;

/// <summary>
/// The vendor's Configuration API (<c>/api/config/v1</c>, docs/appliance-api.md 1.6), for Jump Client aftercare:
/// <c>GET /jump-client</c> (paged) and <c>GET /jump-client/{id}</c>. Bearer token of the API account, which needs
/// the Configuration API permission. Only Jump Clients of shared Jump Groups are listed: personal ones never are.
/// </summary>
public sealed class ConfigApi
{
    /// <summary>The most Jump Clients one page holds (the vendor's maximum <c>per_page</c>).</summary>
    public const int MaxPageSize = 100;

    /// <summary>The fewest (the vendor's minimum <c>per_page</c>).</summary>
    public const int MinPageSize = 5;

    private const string Root = "api/config/v1/";
    private readonly ApplianceContext _context;

    internal ConfigApi(ApplianceContext context)
    {
        _context = context;
    }

    /// <summary>
    /// Every Jump Client the API lists, page by page until a page comes back shorter than the page size (the module does
    /// not rely on the pagination headers). Errors: <c>PermissionDenied</c> (the API account lacks the Configuration API),
    /// <c>NotPrimary</c> (the backup of a failover pair: ask the primary).
    /// </summary>
    /// <param name="filter">Filters, or null for all.</param>
    /// <param name="pageSize">Jump Clients per page (5 to 100).</param>
    /// <param name="cancellationToken">Stops the call.</param>
    /// <returns>The Jump Clients, by id.</returns>
    public async Task<IReadOnlyList<JumpClient>> GetJumpClientsAsync(JumpClientFilter? filter = null, int pageSize = MaxPageSize, CancellationToken cancellationToken = default)
    {
        if (pageSize < MinPageSize || pageSize > MaxPageSize)
        {
            throw new ArgumentOutOfRangeException(nameof(pageSize), pageSize, "The Configuration API pages 5 to 100 items.");
        }

        var all = new List<JumpClient>();
        for (var page = 1; ; page++)
        {
            var request = Get("jump-client", "List Jump Clients (page " + page.ToString(CultureInfo.InvariantCulture) + ")")
                .WithQuery("per_page", pageSize.ToString(CultureInfo.InvariantCulture))
                .WithQuery("current_page", page.ToString(CultureInfo.InvariantCulture));
            AddFilter(request, filter);
            var items = await ArrayAsync(request, cancellationToken).ConfigureAwait(false);
            all.AddRange(items.Select(Read));
            if (items.Count < pageSize)
            {
                return all;
            }
        }
    }

    /// <summary><c>GET /jump-client/{id}</c>; <c>NotFound</c> for an unknown or personal Jump Client.</summary>
    /// <param name="id">The Jump Client's id.</param>
    /// <param name="cancellationToken">Stops the call.</param>
    /// <returns>The Jump Client.</returns>
    public async Task<JumpClient> GetJumpClientAsync(int id, CancellationToken cancellationToken = default)
    {
        var request = Get("jump-client/" + id.ToString(CultureInfo.InvariantCulture), "Get Jump Client " + id.ToString(CultureInfo.InvariantCulture));
        var response = await _context.Transport.SendExpectingSuccessAsync(request, cancellationToken).ConfigureAwait(false);
        return Read(_context.Object(response, request));
    }

    private static void AddFilter(ApiRequest request, JumpClientFilter? filter)
    {
        if (filter is null)
        {
            return;
        }

        Add(request, "name", filter.Name);
        Add(request, "hostname", filter.Hostname);
        Add(request, "tag", filter.Tag);
        Add(request, "jump_group_id", filter.JumpGroupId?.ToString(CultureInfo.InvariantCulture));
        if (filter.ConnectionType is JumpClientConnectionType.Active or JumpClientConnectionType.Passive)
        {
            Add(request, "connection_type", filter.ConnectionType.Value.ToString().ToLowerInvariant());
        }
    }

    private static void Add(ApiRequest request, string name, string? value)
    {
        if (!string.IsNullOrWhiteSpace(value))
        {
            request.WithQuery(name, value!);
        }
    }

    private JumpClient Read(JObject o) => new JumpClient
    {
        Appliance = _context.Name,
        BaseUri = _context.BaseUri,
        Id = JsonRead.Int(o, "id"),
        Name = JsonRead.Str(o, "name") ?? string.Empty,
        Hostname = JsonRead.Str(o, "hostname"),
        Fqdn = JsonRead.Str(o, "fqdn"),
        JumpGroupId = JsonRead.IntOrNull(o, "jump_group_id"),
        JumpGroupType = JsonRead.Str(o, "jump_group_type"),
        Tag = JsonRead.Str(o, "tag"),
        ConnectionType = (JsonRead.Str(o, "connection_type") ?? string.Empty).ToLowerInvariant() switch
        {
            "active" => JumpClientConnectionType.Active,
            "passive" => JumpClientConnectionType.Passive,
            _ => JumpClientConnectionType.Unknown,
        },
        NeedsUpdate = JsonRead.Bool(o, "needs_update"),
        IsLost = JsonRead.Bool(o, "is_lost"),
        UnavailableReason = JsonRead.Str(o, "unavailable_reason"),
        LastConnect = JsonRead.Time(o, "last_connect_timestamp"),
        LastDisconnect = JsonRead.Time(o, "last_disconnect_timestamp"),
        OperatingSystem = JsonRead.Str(o, "operating_system"),
        PublicIp = JsonRead.Str(o, "public_ip"),
        PrivateIp = JsonRead.Str(o, "private_ip"),
    };

    private static ApiRequest Get(string path, string description) =>
        new ApiRequest(Method.Get, Root + path, description) { Auth = AuthMode.Bearer, Repeat = Repeatability.Idempotent, Accept = "application/json" };

    private Task<IReadOnlyList<JObject>> ArrayAsync(ApiRequest request, CancellationToken cancellationToken) => _context.ArrayAsync(request, cancellationToken);
}
