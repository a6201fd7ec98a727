namespace BeyondTrust.Upgrade.Lab.Core;

/// Starts or stops an appliance's port so that it matches the appliance state (refusing TCP while down or rebooting).
internal interface IListenerControl
{
    bool IsListening { get; }

    Task ReconcileAsync();
}
