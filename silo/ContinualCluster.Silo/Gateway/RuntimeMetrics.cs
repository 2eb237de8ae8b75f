using System.Globalization;
using System.Text;

namespace ContinualCluster.Silo.Gateway;

/// <summary>
/// The process's own runtime figures in Prometheus text format: garbage-collection pauses and counts, heap size,
/// thread-pool threads and queue, and CPU time — what tells a latency spike caused by the silo itself (a long
/// collection, a starved thread pool) from one caused by its work or its neighbours.
/// </summary>
public static class RuntimeMetrics
{
    public static void Render(StringBuilder sb)
    {
        static string Num(double v) => v.ToString("R", CultureInfo.InvariantCulture);
        PrometheusText.Family(sb, "ccl_gc_pause_seconds_total", "counter", "Time the garbage collector paused this process.",
            ("", Num(GC.GetTotalPauseDuration().TotalSeconds)));
        PrometheusText.Family(sb, "ccl_gc_collections_total", "counter", "Garbage collections by generation (a gen2 collection also counts in gen0 and gen1).",
            Enumerable.Range(0, GC.MaxGeneration + 1).Select(g => ($"generation=\"{g}\"", GC.CollectionCount(g).ToString(CultureInfo.InvariantCulture))).ToArray());
        PrometheusText.Family(sb, "ccl_gc_heap_bytes", "gauge", "Bytes in the managed heap after the last collection.",
            ("", GC.GetGCMemoryInfo().HeapSizeBytes.ToString(CultureInfo.InvariantCulture)));
        PrometheusText.Family(sb, "ccl_gc_allocated_bytes_total", "counter", "Bytes allocated in the managed heap since the process started.",
            ("", GC.GetTotalAllocatedBytes().ToString(CultureInfo.InvariantCulture)));
        PrometheusText.Family(sb, "ccl_threadpool_threads", "gauge", "Thread-pool threads.", ("", ThreadPool.ThreadCount.ToString(CultureInfo.InvariantCulture)));
        PrometheusText.Family(sb, "ccl_threadpool_queue_length", "gauge", "Work items waiting for a thread-pool thread.",
            ("", ThreadPool.PendingWorkItemCount.ToString(CultureInfo.InvariantCulture)));
        PrometheusText.Family(sb, "process_cpu_seconds_total", "counter", "CPU time of this process (user and system).",
            ("", Num(Environment.CpuUsage.TotalTime.TotalSeconds)));
    }
}
