using ContinualCluster.Learning.Models.Backbone;

namespace ContinualCluster.Learning.Unlearning.S3T;

// Retraining: jobs are prepared under the lock (references only), trained outside it, and installed under it after a
// lineage re-check; S3T runs them on a background task, SISA and full retraining on the request path.
public sealed partial class ShardedUnlearningModel
{
    private ShardRetrainJob PrepareJob(int shard, bool fresh)
    {
        var book = _books[shard];
        bool dead = fresh || book.IsDead;
        int gen = dead && !fresh ? ++_generation[shard] : _generation[shard];
        var from = new int[Options.Sequences];
        var start = new ExpertState?[Options.Sequences];
        var kept = new IReadOnlyList<StageCheckpoint>[Options.Sequences];
        for (int b = 0; b < Options.Sequences; b++)
        {
            int live = dead ? 0 : book.LivePrefix(b);
            from[b] = live == Options.Slices ? -1 : live;
            kept[b] = _checkpoints[shard][b].Take(live).ToArray();
            start[b] = live > 0 ? _checkpoints[shard][b][live - 1].State : null;
        }
        var slices = Enumerable.Range(0, Options.Slices).Select(s => _store.Contents(shard, s)).ToArray();
        return new ShardRetrainJob(shard, gen, from, start, kept, slices);
    }

    private RetrainingCost RunJob(ShardRetrainJob job, bool serveEarly = false)
    {
        var cost = RetrainingCost.Zero;
        var snapshots = job.Slices.Select(c => SliceSnapshot.Copy(c, _store.PixelsPerSample)).ToArray();
        var chains = new IReadOnlyList<StageCheckpoint>?[Options.Sequences];
        for (int b = 0; b < Options.Sequences; b++)
        {
            if (job.From[b] < 0) continue;
            int sequence = b;
            // A dead shard serves again as soon as its first stage is trained (exact: the install re-checks the lineage),
            // instead of after every stage of every sequence: the window in which it answers nothing shrinks to one stage.
            Action<IReadOnlyList<StageCheckpoint>>? early = serveEarly ? trained => InstallWhileDead(job.Shard, sequence, job.Kept[sequence].Concat(trained).ToArray()) : null;
            var (cps, c) = _chains.Train(job.Shard, b, _books[job.Shard].Order(b), job.From[b], job.Start[b], snapshots, job.Generation, early);
            chains[b] = job.Kept[b].Concat(cps).ToArray();
            cost = cost.Add(c);
        }
        lock (_gate) Install(job.Shard, chains);
        return cost;
    }

    private void InstallWhileDead(int shard, int sequence, IReadOnlyList<StageCheckpoint> chain)
    {
        lock (_gate)
        {
            if (!_books[shard].IsDead) return;
            var chains = new IReadOnlyList<StageCheckpoint>?[Options.Sequences];
            chains[sequence] = chain;
            Install(shard, chains);
        }
    }

    private void Install(int shard, IReadOnlyList<StageCheckpoint>?[] chains)
    {
        var book = _books[shard];
        for (int b = 0; b < chains.Length; b++)
        {
            if (chains[b] is not { } chain) continue;
            _checkpoints[shard][b] = chain;
            // Deletions may have arrived while this chain trained: keep only the prefix whose lineage is clean.
            int live = 0;
            while (live < chain.Count && !chain[live].Touches(_deleted)) live++;
            book.SetTrained(b, chain.Count);
            book.Restrict(b, live);
        }
        Publish();
    }

    private void StartWorker()
    {
        if (!_worker.IsCompleted) return;
        // A dedicated low-priority thread (TrainingThreads): retraining must not take the cores from predictions.
        _worker = TrainingThreads.Start(() =>
        {
            while (true)
            {
                ShardRetrainJob job;
                lock (_gate)
                {
                    if (_pending.Count == 0) return;
                    int h = _pending.Min;
                    _pending.Remove(h);
                    job = PrepareJob(h, fresh: false);
                }
                try
                {
                    // A deletion that lands while this job trains re-queues the shard itself (see Delete).
                    var cost = RunJob(job, serveEarly: true);
                    lock (_gate) BackgroundCost = BackgroundCost.Add(cost);
                }
                catch (Exception e)
                {
                    lock (_gate) { _backgroundError = e; _pending.Clear(); }
                    return;
                }
            }
        });
    }
}
