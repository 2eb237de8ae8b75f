using System.Text.Json;
using ContinualCluster.Abstractions.Api;

namespace ContinualCluster.Client.Commands;

/// <summary>Reads samples from a JSON-lines file: one {"id","owner","label","pixels":[784 floats]} object per line.</summary>
public static class SampleFile
{
    public static List<SampleDto> Read(string path)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"sample file {path} does not exist", path);
        var list = new List<SampleDto>();
        int line = 0;
        foreach (var text in File.ReadLines(path))
        {
            line++;
            if (string.IsNullOrWhiteSpace(text)) continue;
            try
            {
                list.Add(JsonSerializer.Deserialize<SampleDto>(text, GatewayClient.Json)
                    ?? throw new InvalidDataException($"{path}:{line} is null"));
            }
            catch (JsonException e)
            {
                throw new InvalidDataException($"{path}:{line}: {e.Message}", e);
            }
        }
        return list;
    }
}
