namespace ContinualCluster.Client.Report;

/// <summary>Every figure the demo measured; written to out/report.json and drawn in out/report.html.</summary>
public sealed class DemoReport
{
    public string Title { get; set; } = "ContinualCluster demo";
    public DateTimeOffset StartedAt { get; set; }
    public double DurationSeconds { get; set; }
    /// <summary>How the demo ran (e.g. "grains on 2 in-process silos" or the honest fallback).</summary>
    public string Mode { get; set; } = "";
    public List<string> Notes { get; set; } = new();
    public Dictionary<string, string> Settings { get; set; } = new();

    public List<double> BatchLoss { get; set; } = new();
    public List<int> BatchTask { get; set; } = new();
    public List<int> TrueBoundaries { get; set; } = new();
    public List<int> DetectedSwitches { get; set; } = new();
    public int Experts { get; set; }

    /// <summary>Accuracy matrix: row i = after training task i, column j = accuracy on task j (class-incremental).</summary>
    public List<List<double>> AccuracyMatrix { get; set; } = new();
    public List<List<double>> WithinTaskMatrix { get; set; } = new();
    public List<TimePoint> AccuracyOverTime { get; set; } = new();
    public double FinalAccuracy { get; set; }
    public double FinalWithinTaskAccuracy { get; set; }
    public double RoutingAccuracy { get; set; }

    public List<double> DeletionLatenciesMs { get; set; } = new();
    public int DeletionRequests { get; set; }
    public int SamplesDeleted { get; set; }
    public int OwnersDeleted { get; set; }
    public bool LineageClean { get; set; }
    public int LineageViolations { get; set; }
    public bool RawDataRemoved { get; set; }
    public int Retrainings { get; set; }
    public List<PrefixPoint> ServedPrefixes { get; set; } = new();

    public int? ForgottenClass { get; set; }
    public double ForgetAccuracyBefore { get; set; }
    public double ForgetAccuracyAfter { get; set; }
    public double RetainAccuracyBefore { get; set; }
    public double RetainAccuracyAfter { get; set; }

    public long PredictionsServed { get; set; }
    public long PredictionsFailed { get; set; }
    public double PredictionsPerSecond { get; set; }
    public double PredictP50Ms { get; set; }
    public double PredictP99Ms { get; set; }
    public double IngestSamplesPerSecond { get; set; }
}
