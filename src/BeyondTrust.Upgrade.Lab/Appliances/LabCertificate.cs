using System.Security.Cryptography.X509Certificates;

namespace BeyondTrust.Upgrade.Lab.Appliances;

/// One certificate of Security &gt; Certificates: the leaf (with its private key), the other certificates its file
/// carried (the chain), the addresses it is assigned to (rs, bomgar) and whether it is the Default (pra).
internal sealed class LabCertificate(X509Certificate2 leaf, IReadOnlyList<X509Certificate2> chain)
{
    public X509Certificate2 Leaf { get; } = leaf;

    public IReadOnlyList<X509Certificate2> Chain { get; } = chain;

    /// The page's id: <c>c-</c> and the first twelve digits of the thumbprint, lower case.
    public string Id => "c-" + Leaf.Thumbprint[..12].ToLowerInvariant();

    /// SHA-1, upper-case hex.
    public string Thumbprint => Leaf.Thumbprint;

    /// Issued To: the subject's common name.
    public string IssuedTo => Leaf.GetNameInfo(X509NameType.SimpleName, false);

    public List<string> AssignedIps { get; } = [];

    public bool IsDefault { get; set; }
}
