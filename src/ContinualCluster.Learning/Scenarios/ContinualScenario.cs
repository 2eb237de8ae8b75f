namespace ContinualCluster.Learning.Scenarios;

/// <summary>A task-agnostic stream: tasks, the order they arrive in (tasks may recur), and the batches the learner sees with hidden truth beside them.</summary>
public sealed class ContinualScenario
{
    private readonly StreamEntry[] _entries;
    private readonly int[] _batchStarts;

    public ContinualScenario(string name, IReadOnlyList<TaskDefinition> tasks, IReadOnlyList<int> schedule, ScenarioOptions options, bool blurred = false)
    {
        ArgumentNullException.ThrowIfNull(tasks);
        ArgumentNullException.ThrowIfNull(schedule);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        if (tasks.Count == 0) throw new ArgumentException("a scenario needs at least one task.", nameof(tasks));
        for (int i = 0; i < tasks.Count; i++)
            if (tasks[i].Id != i) throw new ArgumentException($"task ids must be 0..{tasks.Count - 1} in order (task {i} has id {tasks[i].Id}).", nameof(tasks));
        if (schedule.Count == 0 || schedule.Any(t => (uint)t >= (uint)tasks.Count))
            throw new ArgumentException($"schedule must be non-empty with task ids in 0..{tasks.Count - 1}.", nameof(schedule));
        var shape = (tasks[0].Train.Height, tasks[0].Train.Width);
        int cpt = tasks[0].Classes.Length;
        if (tasks.Any(t => (t.Train.Height, t.Train.Width) != shape || (t.Test.Height, t.Test.Width) != shape || t.Classes.Length != cpt))
            throw new ArgumentException("every task must share one image size and one number of classes.", nameof(tasks));
        Name = name;
        Tasks = tasks;
        Schedule = schedule.ToArray();
        Options = options;
        Blurred = blurred;
        _entries = StreamPlanner.Plan(tasks, Schedule, options, blurred);
        _batchStarts = BatchStarts(_entries, options.BatchSize, blurred);
        var segs = _batchStarts.Select(MajoritySegment).ToArray();
        BatchSegments = segs;
        BoundaryBatches = Enumerable.Range(1, Math.Max(0, segs.Length - 1)).Where(b => segs[b] != segs[b - 1]).ToArray();
    }

    public string Name { get; }

    public IReadOnlyList<TaskDefinition> Tasks { get; }

    /// <summary>The task of each segment of the stream, e.g. [0,1,2,1,3] for the recurring stream.</summary>
    public IReadOnlyList<int> Schedule { get; }

    public ScenarioOptions Options { get; }

    /// <summary>True when samples of consecutive tasks mix around each boundary.</summary>
    public bool Blurred { get; }

    /// <summary>Within-task classes (outputs of one expert).</summary>
    public int ClassesPerTask => Tasks[0].Classes.Length;

    public int Height => Tasks[0].Train.Height;

    public int Width => Tasks[0].Train.Width;

    public int BatchCount => _batchStarts.Length;

    /// <summary>Number of samples in the stream (every epoch counted).</summary>
    public int SampleCount => _entries.Length;

    /// <summary>The (majority) schedule segment of every batch.</summary>
    public IReadOnlyList<int> BatchSegments { get; }

    /// <summary>The indices of the batches whose majority segment differs from the previous batch's: the true switch points.</summary>
    public IReadOnlyList<int> BoundaryBatches { get; }

    /// <summary>The stream, batch after batch, built lazily.</summary>
    public IEnumerable<StreamBatch> Batches()
    {
        for (int b = 0; b < _batchStarts.Length; b++) yield return GetBatch(b);
    }

    /// <summary>Materialises batch <paramref name="index"/>.</summary>
    public StreamBatch GetBatch(int index)
    {
        if ((uint)index >= (uint)_batchStarts.Length)
            throw new ArgumentOutOfRangeException(nameof(index), index, $"{Name} has {_batchStarts.Length} batches.");
        int start = _batchStarts[index];
        int count = BatchLength(index);
        int pps = Height * Width;
        var pixels = new float[count * pps];
        var labels = new int[count];
        var ids = new string[count];
        var owners = new string[count];
        var taskIds = new int[count];
        var global = new int[count];
        int epoch = _entries[start].Epoch;
        for (int k = 0; k < count; k++)
        {
            var e = _entries[start + k];
            var task = Tasks[e.TaskId];
            task.CopyImage(task.Train, e.SampleIndex, pixels.AsSpan(k * pps, pps));
            global[k] = task.Train.Labels[e.SampleIndex];
            labels[k] = task.LocalLabel(global[k]);
            ids[k] = task.Train.Ids[e.SampleIndex] + task.IdSuffix;
            owners[k] = task.Train.Owners[e.SampleIndex];
            taskIds[k] = e.TaskId;
        }
        int segment = BatchSegments[index];
        var truth = new BatchTruth(Schedule[segment], segment, epoch, taskIds, global);
        return new StreamBatch(index, new LearnerBatch(pixels, Height, Width, labels, ids, owners), truth);
    }

    /// <summary>The test data of task <paramref name="taskId"/> in batches, as the learner would see it.</summary>
    public IEnumerable<EvaluationBatch> TestBatches(int taskId, int batchSize = 1000)
    {
        if ((uint)taskId >= (uint)Tasks.Count) throw new ArgumentOutOfRangeException(nameof(taskId), taskId, $"{Name} has {Tasks.Count} tasks.");
        if (batchSize < 1) throw new ArgumentOutOfRangeException(nameof(batchSize), batchSize, "batchSize must be at least 1.");
        var task = Tasks[taskId];
        int pps = Height * Width;
        for (int start = 0; start < task.Test.Count; start += batchSize)
        {
            int count = Math.Min(batchSize, task.Test.Count - start);
            var pixels = new float[count * pps];
            var global = new int[count];
            for (int k = 0; k < count; k++)
            {
                task.CopyImage(task.Test, start + k, pixels.AsSpan(k * pps, pps));
                global[k] = task.Test.Labels[start + k];
            }
            var ids = Enumerable.Range(start, count).Select(i => task.Test.Ids[i] + task.IdSuffix).ToArray();
            var owners = Enumerable.Range(start, count).Select(i => task.Test.Owners[i]).ToArray();
            yield return new EvaluationBatch(taskId,
                new LearnerBatch(pixels, Height, Width, global.Select(task.LocalLabel).ToArray(), ids, owners), global);
        }
    }

    /// <summary>Batches of the given size; without blur a batch never spans two segments (a segment's last batch may be short).</summary>
    private static int[] BatchStarts(StreamEntry[] entries, int batchSize, bool blurred)
    {
        var starts = new List<int>();
        int start = 0;
        while (start < entries.Length)
        {
            starts.Add(start);
            int end = Math.Min(start + batchSize, entries.Length);
            if (!blurred)
                for (int i = start + 1; i < end; i++)
                    if (entries[i].Segment != entries[start].Segment) { end = i; break; }
            start = end;
        }
        return starts.ToArray();
    }

    private int BatchLength(int index) =>
        (index + 1 < _batchStarts.Length ? _batchStarts[index + 1] : _entries.Length) - _batchStarts[index];

    private int MajoritySegment(int start)
    {
        int count = BatchLength(Array.BinarySearch(_batchStarts, start));
        return Enumerable.Range(start, count).GroupBy(i => _entries[i].Segment)
            .OrderByDescending(g => g.Count()).ThenBy(g => g.Key).First().Key;
    }
}
