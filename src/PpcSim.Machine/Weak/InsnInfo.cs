using PpcSim.Isa;

namespace PpcSim.Machine.Weak;

/// <summary>
/// One static instruction as the weak-memory thread engine sees it: what it reads and writes
/// (register resources, from the isa/ metadata <see cref="InsnSpec.Reads"/>/<see cref="InsnSpec.Writes"/>
/// resolved against the word's fields), whether it touches memory and how its effective address
/// is formed, and where control goes next. Semantics stay in the shared interpreter handlers.
/// </summary>
public sealed class InsnInfo
{
    public const ulong NoPc = ulong.MaxValue;

    /// <summary>Input role bits: the value feeds the effective address / anything else (data, condition).</summary>
    public const byte RoleAddr = 1, RoleData = 2;

    private InsnInfo(ulong pc, uint word, Op op)
    {
        Pc = pc;
        Word = word;
        Op = op;
        Spec = IsaTable.Get(op);
    }

    public ulong Pc { get; }
    public uint Word { get; }
    public Op Op { get; }
    public InsnSpec Spec { get; }
    public InsnKind Kind { get; private set; }
    public string? UnsupportedReason { get; private set; }
    /// <summary>Access size in bytes for memory instructions.</summary>
    public int Size { get; private set; }
    public int[] InRes { get; private set; } = [];
    public byte[] InRole { get; private set; } = [];
    public int[] OutRes { get; private set; } = [];
    /// <summary>Effective address = (EaBase resource or 0) + (EaIndex resource or 0) + EaDisp.</summary>
    public int EaBase { get; private set; } = -1;
    public int EaIndex { get; private set; } = -1;
    public long EaDisp { get; private set; }
    /// <summary>Next instruction address when known at fetch: pc+4, or an unconditional branch's target; else <see cref="NoPc"/>.</summary>
    public ulong StaticNext { get; private set; }
    /// <summary>Conditional branches with a static target: the taken target (fetch may speculate either way).</summary>
    public ulong TakenTarget { get; private set; } = NoPc;

    public bool IsMemory => Kind is InsnKind.Load or InsnKind.Store or InsnKind.LoadReserve or InsnKind.StoreConditional;
    public bool IsStore => Kind is InsnKind.Store or InsnKind.StoreConditional;
    public bool IsLoad => Kind is InsnKind.Load or InsnKind.LoadReserve;
    public bool IsBarrier => Kind is InsnKind.Sync or InsnKind.Lwsync or InsnKind.Eieio;

    public override string ToString() => $"{Pc:x}: {Disassembler.Disassemble(Word, Pc)}";

    public static InsnInfo Build(ulong pc, uint word)
    {
        var op = Decoder.Instance.Decode(word);
        var info = new InsnInfo(pc, word, op);
        info.Analyse();
        return info;
    }

    private void Analyse()
    {
        StaticNext = Pc + 4;
        if (Op == Op.Invalid)
        {
            Unsupported("invalid instruction");
            return;
        }
        var ins = new List<(int Res, byte Role)>();
        var outs = new List<int>();
        Kind = ClassifyKind();
        if (Kind == InsnKind.Unsupported) return;
        // Barriers are the engine's own business; everything else runs its interpreter handler.
        bool runsHandler = Kind is not (InsnKind.Sync or InsnKind.Lwsync or InsnKind.Eieio or InsnKind.Isync);
        if (runsHandler && !Core.Dispatch.IsImplemented(Op))
        {
            Unsupported($"'{Spec.Name}' has no interpreter handler");
            return;
        }
        Size = Spec.Size;
        bool isStore = IsStore;

        int bo = HasField("bo") ? (int)Raw("bo") : -1;
        bool branchReadsCr = bo < 0 || (bo & 0x10) == 0;
        bool branchUsesCtr = bo >= 0 && (bo & 0x04) == 0;

        foreach (var name in Spec.Reads)
        {
            if (bo >= 0 && name == "cr" && !branchReadsCr) continue;
            if (bo >= 0 && name == "ctr" && !branchUsesCtr && Spec.Handler != "Bcctr") continue;
            foreach (int r in Resolve(name, reading: true))
            {
                if (r == -2) { Unsupported($"'{Spec.Name}' reads {name}, which the weak engine does not track"); return; }
                byte role = RoleData;
                if (IsMemory && !(isStore && IsDataField(name))) role = RoleAddr;
                Add(ins, r, role);
            }
        }
        foreach (var name in Spec.Writes)
        {
            if (bo >= 0 && name == "ctr" && !branchUsesCtr) continue;
            foreach (int r in Resolve(name, reading: false))
            {
                if (r == -2) { Unsupported($"'{Spec.Name}' writes {name}, which the weak engine does not track"); return; }
                if (!outs.Contains(r)) outs.Add(r);
            }
        }
        // Record forms (Rc=1, "add.") set CR0 from the result and XER[SO]; the table lists the
        // operation's registers once for all its forms.
        if (Spec.Name.EndsWith('.'))
        {
            if (!outs.Contains(Resource.Cr0)) outs.Add(Resource.Cr0);
            Add(ins, Resource.Xer, RoleData);
        }
        // Branches: decrementing CTR reads and writes it; LK=1 writes LR.
        if (Kind == InsnKind.Branch)
        {
            if (branchUsesCtr)
            {
                Add(ins, Resource.Ctr, RoleData);
                if (!outs.Contains(Resource.Ctr)) outs.Add(Resource.Ctr);
            }
            if ((Word & 1) != 0 && !outs.Contains(Resource.Lr)) outs.Add(Resource.Lr);
            AnalyseBranch(bo, branchReadsCr, branchUsesCtr);
        }
        // mtspr/mfspr: the SPR number says which register moves.
        if (HasField("spr"))
        {
            int spr = (int)IsaTable.FieldByName("spr").Value(Word);
            int r = spr switch { 1 => Resource.Xer, 8 => Resource.Lr, 9 => Resource.Ctr, 815 => Resource.Tar, _ => Resource.Misc };
            if (Spec.Name.StartsWith("mt", StringComparison.Ordinal)) { if (!outs.Contains(r)) outs.Add(r); }
            else Add(ins, r, RoleData);
        }
        if (IsMemory) AnalyseAddress(ins);
        InRes = ins.Select(x => x.Res).ToArray();
        InRole = ins.Select(x => x.Role).ToArray();
        OutRes = outs.ToArray();
    }

    private InsnKind ClassifyKind()
    {
        switch (Spec.Barrier)
        {
            case BarrierKind.Sync:
                // sync L: L=1 is lwsync, L=2 ptesync (a heavyweight sync here).
                return ((Word >> 21) & 3) == 1 ? InsnKind.Lwsync : InsnKind.Sync;
            case BarrierKind.Lwsync: return InsnKind.Lwsync;
            case BarrierKind.Eieio: return InsnKind.Eieio;
            case BarrierKind.Isync: return InsnKind.Isync;
            case BarrierKind.Ptesync or BarrierKind.Msgsync or BarrierKind.Tlbsync: return InsnKind.Sync;
        }
        switch (Spec.Mem)
        {
            case MemKind.Load: return InsnKind.Load;
            case MemKind.Store: return InsnKind.Store;
            case MemKind.LoadReserve: return InsnKind.LoadReserve;
            case MemKind.StoreConditional: return InsnKind.StoreConditional;
            case MemKind.Cache or MemKind.LoadStore:
                Unsupported($"'{Spec.Name}' (cache management / load-store-multiple) is not modelled by the weak engine");
                return InsnKind.Unsupported;
        }
        if (Spec.Unit == "bru") return InsnKind.Branch;
        if (Spec.Unit is "sys" or "fpu" or "fdiv" or "vec" or "vsx" or "dfp")
        {
            Unsupported($"'{Spec.Name}' ({Spec.Unit}) is not modelled by the weak engine");
            return InsnKind.Unsupported;
        }
        return InsnKind.Alu;
    }

    private void AnalyseBranch(int bo, bool readsCr, bool usesCtr)
    {
        ulong? target = null;
        if (HasField("li")) target = (Word & 2) != 0 ? (ulong)IsaTable.FieldByName("li").Value(Word) : Pc + (ulong)IsaTable.FieldByName("li").Value(Word);
        else if (HasField("bd")) target = (Word & 2) != 0 ? (ulong)IsaTable.FieldByName("bd").Value(Word) : Pc + (ulong)IsaTable.FieldByName("bd").Value(Word);
        bool always = bo < 0 || (!readsCr && !usesCtr);
        if (target is { } t)
        {
            if (always) StaticNext = t;
            else
            {
                StaticNext = NoPc;
                TakenTarget = t;
            }
        }
        else
        {
            // bclr/bcctr: the target comes from a register; fetch waits for the branch to resolve.
            StaticNext = NoPc;
        }
    }

    private void AnalyseAddress(List<(int Res, byte Role)> ins)
    {
        string? disp = HasField("d") ? "d" : HasField("ds") ? "ds" : HasField("dq") ? "dq" : null;
        if (disp != null) EaDisp = IsaTable.FieldByName(disp).Value(Word);
        if (HasField("ra0")) EaBase = Raw("ra0") == 0 ? -1 : Resource.Gpr0 + (int)Raw("ra0");
        else if (HasField("ra")) EaBase = Resource.Gpr0 + (int)Raw("ra");
        if (HasField("rb")) EaIndex = Resource.Gpr0 + (int)Raw("rb");
        if (EaBase >= 0) Add(ins, EaBase, RoleAddr);
        if (EaIndex >= 0) Add(ins, EaIndex, RoleAddr);
        if (Size is not (1 or 2 or 4 or 8)) Unsupported($"'{Spec.Name}' accesses {Spec.Attr("size") ?? "?"} bytes; the weak engine models 1, 2, 4 and 8");
    }

    private static bool IsDataField(string name) => name is "rs" or "rt" or "frs" or "vrs" or "xs";

    private static void Add(List<(int Res, byte Role)> ins, int r, byte role)
    {
        for (int i = 0; i < ins.Count; i++)
        {
            if (ins[i].Res == r)
            {
                ins[i] = (r, (byte)(ins[i].Role | role));
                return;
            }
        }
        ins.Add((r, role));
    }

    private bool HasField(string name) => Array.IndexOf(Spec.FieldNames, name) >= 0;

    private ulong Raw(string name) => IsaTable.FieldByName(name).Raw(Word);

    /// <summary>Resources named by one reads=/writes= entry; -2 for something not tracked.</summary>
    private IEnumerable<int> Resolve(string name, bool reading)
    {
        if (IsaTable.TryGetField(name, out var f) && HasField(name))
        {
            switch (f.Kind)
            {
                case "gpr":
                    yield return Resource.Gpr0 + (int)f.Raw(Word);
                    yield break;
                case "gpr0":
                    if (f.Raw(Word) != 0) yield return Resource.Gpr0 + (int)f.Raw(Word);
                    yield break;
                case "crf":
                    yield return Resource.Cr0 + (int)f.Raw(Word);
                    yield break;
                case "crb":
                    yield return Resource.Cr0 + (int)(f.Raw(Word) >> 2);
                    yield break;
                default:
                    yield return -2;
                    yield break;
            }
        }
        switch (name)
        {
            case "cr":
                if (reading && HasField("bi")) yield return Resource.Cr0 + (int)(Raw("bi") >> 2);
                else if (!reading && HasField("bf")) yield return Resource.Cr0 + (int)Raw("bf");
                else if (reading && HasField("bfa")) yield return Resource.Cr0 + (int)Raw("bfa");
                else for (int i = 0; i < 8; i++) yield return Resource.Cr0 + i;
                yield break;
            case "cr0" or "cr1" or "cr2" or "cr3" or "cr4" or "cr5" or "cr6" or "cr7":
                yield return Resource.Cr0 + (name[2] - '0');
                yield break;
            case "so" or "ov" or "ca" or "ov32" or "ca32" or "xer":
                yield return Resource.Xer;
                yield break;
            case "lr": yield return Resource.Lr; yield break;
            case "ctr": yield return Resource.Ctr; yield break;
            case "tar": yield return Resource.Tar; yield break;
            case "fpscr": yield return Resource.Fpscr; yield break;
            case "vscr": yield return Resource.Vscr; yield break;
            // The reservation is the engine's own business (load-reserve/store-conditional pairing), not a register.
            case "resv": yield break;
            default: yield return -2; yield break;
        }
    }

    private void Unsupported(string why)
    {
        Kind = InsnKind.Unsupported;
        UnsupportedReason = why;
    }
}
