using System.Runtime.CompilerServices;

[assembly: InternalsVisibleTo("BeyondTrust.Upgrade.Client.Tests")]
