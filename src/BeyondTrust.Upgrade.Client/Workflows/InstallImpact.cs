using System.Threading;
using System.Threading.Tasks;
using BeyondTrust.Upgrade.Client.Errors;
using BeyondTrust.Upgrade.Client.Sessions;

namespace BeyondTrust.Upgrade.Client.Workflows;

/// <summary>Who an install cuts off (GUIDE-RULES.md §2 rule 6), in words for a confirmation and a warning.</summary>
public static class InstallImpact
{
    /// <summary>Counts the connected users and sessions an install will end.</summary>
    /// <param name="session">The appliance.</param>
    /// <param name="cancellationToken">Stops the call.</param>
    /// <returns>A sentence fragment, for example "ends 5 logged-in users and sessions; 40 Jump Clients reconnect afterwards".</returns>
    public static async Task<string> DescribeAsync(ApplianceSession session, CancellationToken cancellationToken)
    {
        const string Unavailable = "the appliance is unavailable during the install and every logged-in user and session is ended";
        if (!session.HasApiCredential)
        {
            return Unavailable + " (connect with -ApiCredential to count them)";
        }

        try
        {
            var list = await session.Client.Command.GetConnectedClientListAsync("all", summaryOnly: true, cancellationToken).ConfigureAwait(false);
            var jump = list.Count("pinned_client");
            return "the appliance is unavailable during the install and it ends " + list.InteractiveCount + " connected users and " + session.Profile.SessionNoun
                + (jump > 0 ? "; " + jump + " Jump Clients reconnect afterwards" : string.Empty);
        }
        catch (ApplianceException)
        {
            return Unavailable + " (the connected client list could not be read)";
        }
    }
}
