namespace BeyondTrust.Upgrade.Lab.Hosting;

/// The ports of appliances whose listener is stopped for a while (a Base reboot, NetworkDown): marked in a folder every
/// lab process of this machine reads, so that a lab starting meanwhile (in this process or another: test projects run
/// side by side) never takes such a port when it asks for a free one, and the appliance gets its own port back. A
/// mark is written before the listener closes and removed once it listens again.
internal static class ReservedPorts
{
    private static readonly string Folder = Path.Combine(Path.GetTempPath(), "btupgrade-lab-reserved-ports");

    public static void Reserve(int port)
    {
        try
        {
            Directory.CreateDirectory(Folder);
            File.WriteAllText(PathOf(port), Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }
        catch (IOException)
        {
            // Best effort: without the mark the port is only as safe as the operating system's choice of free ports.
        }
        catch (UnauthorizedAccessException)
        {
        }
    }

    public static void Release(int port)
    {
        try
        {
            File.Delete(PathOf(port));
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }

    public static bool IsReserved(int port) => File.Exists(PathOf(port));

    private static string PathOf(int port) => Path.Combine(Folder, port.ToString(System.Globalization.CultureInfo.InvariantCulture));
}
