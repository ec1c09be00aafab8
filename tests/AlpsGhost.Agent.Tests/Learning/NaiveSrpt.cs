using AlpsGhost.Agent.Learning;

namespace AlpsGhost.Agent.Tests.Learning;

/// <summary>A literal one-tick-per-iteration transcription of the SRPT rules, to check the optimised simulator.</summary>
internal static class NaiveSrpt
{
    public sealed record Result(List<int>[] Segments, long[] End, long[] Wait);

    public static Result Run(SrptJob[] jobs, int cpus, int minRun)
    {
        int n = jobs.Length;
        var rem = new long[n];
        var wait = new long[n];
        var end = new long[n];
        var segs = new List<int>[n];
        for (int j = 0; j < n; j++)
        {
            rem[j] = jobs[j].Burst;
            wait[j] = -1;
            segs[j] = [];
        }
        var waiting = new List<(long Rem, int Id)>();
        var run = new int[cpus];
        var exec = new int[cpus];
        Array.Fill(run, -1);
        int done = 0;
        for (long t = 0; done < n; t++)
        {
            for (int j = 0; j < n; j++)
            {
                if (jobs[j].ArrivalTick == t)
                {
                    waiting.Add((rem[j], j));
                }
            }
            waiting.Sort();
            for (int c = 0; c < cpus; c++)
            {
                if (run[c] < 0 && waiting.Count > 0)
                {
                    int j = waiting[0].Id;
                    waiting.RemoveAt(0);
                    run[c] = j;
                    exec[c] = 0;
                    if (wait[j] < 0)
                    {
                        wait[j] = t - jobs[j].ArrivalTick;
                    }
                }
            }
            int freed = 0;
            var cands = new List<int>();
            for (int c = 0; c < cpus; c++)
            {
                if (run[c] < 0)
                {
                    continue;
                }
                int j = run[c];
                rem[j]--;
                exec[c]++;
                if (rem[j] == 0)
                {
                    end[j] = t;
                    segs[j].Add(exec[c]);
                    run[c] = -1;
                    freed++;
                    done++;
                }
                else if (exec[c] >= minRun)
                {
                    cands.Add(c);
                }
            }
            cands.Sort((a, b) => rem[run[b]] != rem[run[a]] ? rem[run[b]].CompareTo(rem[run[a]]) : run[b].CompareTo(run[a]));
            var back = new List<(long, int)>();
            for (int i = 0; i < cands.Count; i++)
            {
                int w = freed + i;
                int c = cands[i];
                if (w >= waiting.Count || waiting[w].Rem >= rem[run[c]])
                {
                    break;
                }
                int j = run[c];
                segs[j].Add(exec[c]);
                back.Add((rem[j], j));
                run[c] = -1;
            }
            waiting.AddRange(back);
        }
        return new Result(segs, end, wait);
    }
}
