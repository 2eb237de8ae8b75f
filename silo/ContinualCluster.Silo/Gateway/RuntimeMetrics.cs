using System.Diagnostics;
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
        var inv = CultureInfo.InvariantCulture;
        sb.Append("# HELP ccl_gc_pause_seconds_total Time the garbage collector paused this process.\n");
        sb.Append("# TYPE ccl_gc_pause_seconds_total counter\n");
        sb.Append($"ccl_gc_pause_seconds_total {GC.GetTotalPauseDuration().TotalSeconds.ToString("R", inv)}\n");
        sb.Append("# HELP ccl_gc_collections_total Garbage collections by generation (a gen2 collection also counts in gen0 and gen1).\n");
        sb.Append("# TYPE ccl_gc_collections_total counter\n");
        for (int g = 0; g <= GC.MaxGeneration; g++) sb.Append($"ccl_gc_collections_total{{generation=\"{g}\"}} {GC.CollectionCount(g)}\n");
        sb.Append("# HELP ccl_gc_heap_bytes Bytes in the managed heap after the last collection.\n");
        sb.Append("# TYPE ccl_gc_heap_bytes gauge\n");
        sb.Append($"ccl_gc_heap_bytes {GC.GetGCMemoryInfo().HeapSizeBytes}\n");
        sb.Append("# HELP ccl_gc_allocated_bytes_total Bytes allocated in the managed heap since the process started.\n");
        sb.Append("# TYPE ccl_gc_allocated_bytes_total counter\n");
        sb.Append($"ccl_gc_allocated_bytes_total {GC.GetTotalAllocatedBytes()}\n");
        sb.Append("# HELP ccl_threadpool_threads Thread-pool threads.\n");
        sb.Append("# TYPE ccl_threadpool_threads gauge\n");
        sb.Append($"ccl_threadpool_threads {ThreadPool.ThreadCount}\n");
        sb.Append("# HELP ccl_threadpool_queue_length Work items waiting for a thread-pool thread.\n");
        sb.Append("# TYPE ccl_threadpool_queue_length gauge\n");
        sb.Append($"ccl_threadpool_queue_length {ThreadPool.PendingWorkItemCount}\n");
        sb.Append("# HELP process_cpu_seconds_total CPU time of this process (user and system).\n");
        sb.Append("# TYPE process_cpu_seconds_total counter\n");
        sb.Append($"process_cpu_seconds_total {Process.GetCurrentProcess().TotalProcessorTime.TotalSeconds.ToString("R", inv)}\n");
    }
}
