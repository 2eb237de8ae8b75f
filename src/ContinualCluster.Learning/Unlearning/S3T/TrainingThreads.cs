using System.Runtime.InteropServices;

namespace ContinualCluster.Learning.Unlearning.S3T;

/// <summary>
/// Runs background training (S3T retraining, selector and expert training, merges) on dedicated threads below the
/// request threads' CPU priority: on Linux each such thread raises its own nice value before it first enters libtorch,
/// so the OpenMP workers it spawns inherit it, and on a busy machine predictions and deletions win the cores while
/// training takes what is left. The thread ends with its work, so no pool thread keeps the lower priority.
/// </summary>
public static partial class TrainingThreads
{
    private static int _nice = ReadNice();

    /// <summary>Nice value of background training threads (0: same priority as requests). CC_TRAINING_NICE sets the default (10).</summary>
    public static int Nice
    {
        get => Volatile.Read(ref _nice);
        set => Volatile.Write(ref _nice, value is >= 0 and <= 19 ? value : throw new ArgumentOutOfRangeException(nameof(value), value, "a nice value is 0..19"));
    }

    /// <summary>Starts <paramref name="work"/> on a new low-priority thread.</summary>
    public static Task Start(Action work) =>
        Task.Factory.StartNew(() => { LowerCurrent(); work(); }, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);

    /// <summary>Lowers the calling thread's priority to <see cref="Nice"/>; call only on a thread that ends with the work.</summary>
    public static void LowerCurrent()
    {
        IntraOpThreads.Apply();
        int nice = Nice;
        if (nice <= 0 || !OperatingSystem.IsLinux()) return;
        try { _ = SetPriority(0 /* PRIO_PROCESS: with a thread id, that thread only */, GetTid(), nice); }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException) { }
    }

    private static int ReadNice() =>
        int.TryParse(Environment.GetEnvironmentVariable("CC_TRAINING_NICE"), out int n) && n is >= 0 and <= 19 ? n : 10;

    [LibraryImport("libc.so.6", EntryPoint = "gettid")]
    private static partial int GetTid();

    [LibraryImport("libc.so.6", EntryPoint = "setpriority")]
    private static partial int SetPriority(int which, int who, int prio);
}
