using System.Reflection;
using PpcSim.Isa;

namespace PpcSim.Core;

/// <summary>
/// Binds each Op to its handler: the static method of <see cref="Interpreter"/> named by the
/// table's handler name (add, add., addo and addo. share <c>Add</c>). Ops with no handler yet
/// raise an illegal-instruction program interrupt, marked unimplemented so tests can list them.
/// </summary>
public static unsafe class Dispatch
{
    internal static readonly delegate*<Cpu, uint, void>[] Handlers;
    private static readonly List<Op> s_missing = [];

    static Dispatch() => Handlers = Bind(s_missing);

    /// <summary>Ops the table decodes but the interpreter does not execute.</summary>
    public static IReadOnlyList<Op> Unimplemented => s_missing;

    private static delegate*<Cpu, uint, void>[] Bind(List<Op> missing)
    {
        var specs = IsaTable.Specs;
        var table = new delegate*<Cpu, uint, void>[specs.Count];
        var flags = BindingFlags.Static | BindingFlags.Public | BindingFlags.NonPublic;
        for (int i = 0; i < specs.Count; i++)
        {
            var spec = specs[i];
            bool invalid = spec.Op == Op.Invalid || spec.IsInvalidEntry;
            MethodInfo? m = invalid ? null : typeof(Interpreter).GetMethod(spec.Handler, flags, [typeof(Cpu), typeof(uint)]);
            if (m == null)
            {
                table[i] = invalid ? &Interpreter.Illegal : &Interpreter.Unimplemented;
                if (!invalid) missing.Add(spec.Op);
            }
            else
            {
                table[i] = (delegate*<Cpu, uint, void>)m.MethodHandle.GetFunctionPointer();
            }
        }
        return table;
    }

    /// <summary>
    /// Runs the handler of <paramref name="op"/> once on <paramref name="c"/>, outside <see cref="Cpu.Run"/>:
    /// the weak-memory thread engine executes instructions out of order on a shadow CPU and needs
    /// the shared semantics without the fetch loop.
    /// </summary>
    public static void Execute(Cpu c, Op op, uint word) => Handlers[(int)op](c, word);

    /// <summary>True if the interpreter executes <paramref name="op"/>.</summary>
    public static bool IsImplemented(Op op) => op != Op.Invalid && !s_missing.Contains(op);
}
