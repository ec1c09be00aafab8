using AlpsGhost.Ghost;

namespace AlpsGhost.Kernel;

// The stock-Linux host's launcher (SimulationOptions.LauncherCpuPerInvocationNs): one real-time thread that starts
// every invocation's process, so an invocation's process exists only after the launcher woke and did its work for it.
public sealed partial class SimulatedKernel
{
    // Invocations that have arrived and wait for the launcher, in arrival order; the head is being launched.
    private readonly Queue<SimTask> _launchQueue = new();
    private bool _launcherAwake;

    private bool HasLauncher => _options.LauncherCpuPerInvocationNs > 0;

    /// <summary>An invocation arrived: the launcher starts its process (waking first if it slept), after the ones before it.</summary>
    private void QueueLaunch(SimTask t)
    {
        _launchQueue.Enqueue(t);
        if (!_launcherAwake)
        {
            _launcherAwake = true;
            ScheduleCallback(Nanoseconds.SaturatingAdd(_now, _options.LauncherWakeLateNs), _ => LaunchHead());
        }
    }

    // The launcher's work for the head of the queue, at the start priority; when done, that process exists and begins
    // its start, and the launcher goes on with the next arrival or sleeps.
    private void LaunchHead()
    {
        SpawnRealtimeWork("alps-launch", _options.InvocationStartPriority, _options.LauncherCpuPerInvocationNs, _ =>
            // A fresh event at this instant: the launcher's exit is still being processed here.
            ScheduleCallback(_now, _ =>
            {
                OnArrival(_launchQueue.Dequeue());
                if (_launchQueue.Count > 0)
                {
                    LaunchHead();
                }
                else
                {
                    _launcherAwake = false;
                }
            }));
    }
}
