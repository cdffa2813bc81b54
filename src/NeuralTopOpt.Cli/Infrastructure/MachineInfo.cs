using System.Runtime.InteropServices;

namespace NeuralTopOpt.Cli.Infrastructure;

/// <summary>What a measurement or a result was produced on; recorded next to every figure.</summary>
internal sealed record MachineInfo(string Os, string Runtime, string Cpu, int Cores, string NtopoVersion, string Utc)
{
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
