using System;
using System.Collections.Generic;
using System.Linq;
using System.Net;
using BeyondTrust.Upgrade.Client.Errors;

namespace BeyondTrust.Upgrade.Client;

/// <summary>
/// The one rule for every address parameter (an appliance, the site, the update server, a host of a failover
/// connection): a host name or IP address, optionally with a port, or an https address of the host itself. Nothing of
/// what is given is ever dropped silently: a path, a query, a fragment, user info, another scheme or a character that
/// cannot be in a host name is refused with a stable id that names it, before anything is sent.
/// </summary>
public static class AddressRules
{
    /// <summary>The https base address (https://host[:port]/) of an appliance given as host, host:port or https URL.</summary>
    /// <param name="text">What was given.</param>
    /// <param name="parameter">The parameter, for the message (for example <c>-ComputerName</c>).</param>
    /// <returns>The base address.</returns>
    /// <exception cref="ApplianceException"><c>InvalidApplianceAddress</c>.</exception>
    public static Uri ApplianceBase(string? text, string parameter = "-ComputerName") =>
        Base(text, parameter, WorkflowErrorIds.InvalidApplianceAddress, "the appliance");

    /// <summary>The site address (https://site-hostname[:port]/), from a [Uri] parameter; a bare host name (which
    /// PowerShell makes a relative URI) is taken as https://host/.</summary>
    /// <param name="uri">What was given.</param>
    /// <param name="parameter">The parameter (for example <c>-SiteAddress</c>).</param>
    /// <returns>The base address.</returns>
    /// <exception cref="ApplianceException"><c>InvalidSiteAddress</c>.</exception>
    public static Uri SiteAddress(Uri? uri, string parameter = "-SiteAddress") =>
        Base(uri?.OriginalString, parameter, WorkflowErrorIds.InvalidSiteAddress, "the site");

    /// <summary>The update server's base address (https://host[:port]/).</summary>
    /// <param name="uri">What was given.</param>
    /// <param name="parameter">The parameter (for example <c>-UpdateServer</c>).</param>
    /// <returns>The base address.</returns>
    /// <exception cref="ApplianceException"><c>InvalidUpdateServer</c>.</exception>
    public static Uri UpdateServer(Uri? uri, string parameter = "-UpdateServer") =>
        Base(uri?.OriginalString, parameter, WorkflowErrorIds.InvalidUpdateServer, "the update server");

    /// <summary>A bare host name or IP address (no scheme, port, path or wildcard), as a failover connection or the
    /// site hostname takes it.</summary>
    /// <param name="text">What was given.</param>
    /// <param name="parameter">The parameter (for example <c>-BackupHost</c>).</param>
    /// <param name="errorId">The id to refuse it with.</param>
    /// <returns>The host, trimmed.</returns>
    /// <exception cref="ApplianceException">With <paramref name="errorId"/>.</exception>
    public static string HostName(string? text, string parameter, string errorId)
    {
        var host = (text ?? string.Empty).Trim();
        if (host.Length == 0 || Uri.CheckHostName(host.Trim('[', ']')) == UriHostNameType.Unknown)
        {
            var why = host.Contains("://") || host.Contains('/') || host.Contains(':') && !IPAddress.TryParse(host.Trim('[', ']'), out _)
                ? "give the host alone, without a scheme, port or path"
                : "it is not a host name or an IP address";
            throw Refused(errorId, parameter + " '" + WithoutUserInfo(text) + "' is refused: " + why + ".", WithoutUserInfo(text), "Give a host name or an IP address alone, for example appliance-b.example.com or 10.0.0.12.");
        }

        return host;
    }

    /// <summary>An IP address (v4 or v6).</summary>
    /// <param name="text">What was given.</param>
    /// <param name="parameter">The parameter (for example <c>-Address</c>).</param>
    /// <returns>The address as given, trimmed.</returns>
    /// <exception cref="ApplianceException"><c>InvalidIpAddress</c>.</exception>
    public static string IpAddress(string? text, string parameter)
    {
        var value = (text ?? string.Empty).Trim();
        if (!IPAddress.TryParse(value, out _))
        {
            throw Refused(WorkflowErrorIds.InvalidIpAddress, parameter + " '" + WithoutUserInfo(text) + "' is not an IP address (wildcards and host names are not taken).", WithoutUserInfo(text), null);
        }

        return value;
    }

    private static Uri Base(string? given, string parameter, string errorId, string what)
    {
        var text = (given ?? string.Empty).Trim();
        var shown = WithoutUserInfo(given); // an address may hold a password: never repeat it whole
        if (text.Length == 0)
        {
            throw Refused(errorId, parameter + " is empty: give the address of " + what + ".", given, null);
        }

        if (text.IndexOfAny(new[] { ' ', '\t', '*', '?', '[', ']' }) >= 0 && !LooksLikeIpv6(text))
        {
            throw Refused(errorId, parameter + " '" + shown + "' holds a space or a wildcard character; an address is taken literally, one at a time.", shown, null);
        }

        var withScheme = text.Contains("://") ? text : "https://" + text;
        if (!Uri.TryCreate(withScheme, UriKind.Absolute, out var uri) || string.IsNullOrEmpty(uri.Host))
        {
            throw Refused(errorId, parameter + " '" + shown + "' is not a host name, an IP address or an https address.", shown, null);
        }

        var dropped = new List<string>();
        if (!string.Equals(uri.Scheme, Uri.UriSchemeHttps, StringComparison.OrdinalIgnoreCase))
        {
            dropped.Add("the scheme " + uri.Scheme + ": " + what + " is reached over https only");
        }

        if (!string.IsNullOrEmpty(uri.UserInfo))
        {
            dropped.Add("user info before the host (credentials go in the credential parameters, never in an address)");
        }

        if (uri.AbsolutePath != "/" || text.EndsWith("//", StringComparison.Ordinal))
        {
            dropped.Add("the path " + uri.AbsolutePath);
        }

        if (!string.IsNullOrEmpty(uri.Query))
        {
            dropped.Add("the query " + uri.Query);
        }

        if (!string.IsNullOrEmpty(uri.Fragment))
        {
            dropped.Add("the fragment " + uri.Fragment);
        }

        if (dropped.Count > 0)
        {
            var authority = "https://" + uri.Authority + "/";
            throw Refused(errorId, parameter + " '" + shown + "' is refused rather than cut down to "
                + authority + ": it has " + string.Join("; ", dropped) + ".", shown,
                "Give " + authority + " (or just " + uri.Authority + ") if that is " + what + "; nothing after the host and port is used.");
        }

        return new Uri("https://" + uri.Authority + "/");
    }

    private static bool LooksLikeIpv6(string text)
    {
        var open = text.IndexOf('[');
        var close = text.IndexOf(']');
        return open >= 0 && close > open && IPAddress.TryParse(text.Substring(open + 1, close - open - 1), out _)
            && text.IndexOfAny(new[] { ' ', '\t', '*', '?' }) < 0
            && text.Count(c => c == '[') == 1 && text.Count(c => c == ']') == 1;
    }

    /// <summary>An address as given, with any user info (<c>user:password@</c>) replaced by <c>***@</c>, for messages
    /// and records that outlive the call.</summary>
    /// <param name="given">The address as given.</param>
    /// <returns>The address without user info.</returns>
    public static string WithoutUserInfo(string? given)
    {
        var text = given ?? string.Empty;
        var at = text.LastIndexOf('@');
        if (at < 0)
        {
            return text;
        }

        var scheme = text.IndexOf("://", StringComparison.Ordinal);
        var start = scheme >= 0 && scheme < at ? scheme + 3 : 0;
        return text.Substring(0, start) + "***" + text.Substring(at);
    }

    private static ApplianceException Refused(string errorId, string message, object? target, string? advice) =>
        new ApplianceException(errorId, ApplianceErrorCategory.InvalidArgument, message, target) { RecommendedAction = advice };
}
