using System.Runtime.InteropServices;

namespace NeuralTopOpt.IO;

/// <summary>What a measurement or a result was produced on; recorded next to every figure.</summary>
/// <param name="Os">Operating system description.</param>
/// <param name="Runtime">.NET runtime description.</param>
/// <param name="Cpu">CPU model (from /proc/cpuinfo on Linux, else the architecture).</param>
/// <param name="Cores">Logical processors available to the process.</param>
/// <param name="NtopoVersion">Version of the NeuralTopOpt assemblies.</param>
/// <param name="Utc">When the record was taken (ISO 8601, UTC).</param>
public sealed record MachineInfo(string Os, string Runtime, string Cpu, int Cores, string NtopoVersion, string Utc)
{
    /// <summary>The machine this process runs on, now.</summary>
    public static MachineInfo Current() => new(
        RuntimeInformation.OSDescription,
        RuntimeInformation.FrameworkDescription,
        ReadCpuModel(),
        Environment.ProcessorCount,
        typeof(MachineInfo).Assembly.GetName().Version?.ToString() ?? "unknown",
        DateTime.UtcNow.ToString("yyyy-MM-ddTHH:mm:ssZ", System.Globalization.CultureInfo.InvariantCulture));

    private static string ReadCpuModel()
    {
        try
        {
            const string CpuInfo = "/proc/cpuinfo";
            if (File.Exists(CpuInfo))
            {
                var line = File.ReadLines(CpuInfo).FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal));
                if (line is not null)
                {
                    return line[(line.IndexOf(':', StringComparison.Ordinal) + 1)..].Trim();
                }
            }
        }
        catch (IOException)
        {
        }

        return RuntimeInformation.ProcessArchitecture.ToString();
    }
}
