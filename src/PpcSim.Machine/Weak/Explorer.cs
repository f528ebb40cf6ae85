namespace PpcSim.Machine.Weak;

/// <summary>
/// Exhaustive search: follows every enabled choice from the initial state, depth first, and
/// recognises states it has seen by a 128-bit hash of their canonical serialization (storage
/// events named by the instruction that made them, so interleavings that commute meet again).
/// Every final state is reported once.
/// </summary>
public static class Explorer
{
    public readonly record struct Result(long States, long FinalStates, long Transitions);

    public static Result Explore(WeakMachine initial, Action<WeakMachine> onFinal, long maxStates = 20_000_000)
    {
        var visited = new HashSet<(ulong, ulong)>();
        var stack = new Stack<WeakMachine>();
        var pool = new Stack<WeakMachine>();
        var writer = new Memory.Weak.StateWriter();
        var list = new List<Transition>();
        long finals = 0, edges = 0;

        bool Fresh(WeakMachine m)
        {
            writer.Clear();
            m.Serialize(writer);
            if (!visited.Add(writer.Hash128)) return false;
            if (visited.Count > maxStates) throw new WeakMachineException($"exhaustive search stopped after {maxStates} states");
            return true;
        }

        var root = initial.Clone();
        root.Reset();
        Fresh(root);
        stack.Push(root);
        while (stack.Count > 0)
        {
            var m = stack.Pop();
            list.Clear();
            m.Enumerate(list, exhaustive: true);
            if (list.Count == 0)
            {
                if (m.Fault == null && !m.AllFinished) throw new WeakMachineException($"deadlock: no transition enabled but not every thread finished\n{m.Describe()}");
                finals++;
                onFinal(m);
                pool.Push(m);
                continue;
            }
            var choices = list.ToArray();
            foreach (var t in choices)
            {
                edges++;
                var c = pool.Count > 0 ? pool.Pop() : m.Clone();
                c.CopyFrom(m);
                c.Apply(t);
                if (Fresh(c)) stack.Push(c);
                else pool.Push(c);
            }
            pool.Push(m);
        }
        return new Result(visited.Count, finals, edges);
    }
}
