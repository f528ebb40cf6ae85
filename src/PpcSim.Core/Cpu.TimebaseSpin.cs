namespace PpcSim.Core;

/// <summary>
/// Fast-forwarding a thread that spins on the timebase (Linux's udelay -> __delay: mftb, compare
/// with an end value, branch back, with or without SMT priority nops). Such a loop changes no
/// state but the registers it reads the timebase into and CR, so how long it runs depends on the
/// timebase alone: the thread's clock can jump straight to the first timebase value at which the
/// loop exits, or to the end of its current run slice (the scheduler's horizon, which already
/// stops at the next decrementer expiry and device event, so interrupts and other threads'
/// doorbells are still observed at the right simulated time). The loop's instructions then
/// execute normally, so architected state is exactly what the slow loop would have produced;
/// only the retired-instruction count is smaller. Deterministic: the decision depends only on
/// guest state and the slice limit.
///
/// Detection: a timebase read at the same address as one of the last four, at most
/// <see cref="MaxSpinBody"/> instructions later. Verification: the path from that address is
/// walked over a whitelist (mftb / mfspr TB, cmp/cmpl/cmpi/cmpli, no-op or/ori, isync, b, bc and
/// bclr without CTR decrement or link); it must come back to the address. The exit time is found
/// by bisection over the timebase, assuming the exit condition is monotonic in it (it compares a
/// rising counter with a fixed value).
/// </summary>
public sealed partial class Cpu
{
    private const int MaxSpinBody = 64;
    private const int SpinWindowWords = 64; // instructions fetched around the spin address
    private TimebaseSpinHistory _spinHistory = TimebaseSpinHistory.Empty();
    // Scratch for one analysis (not state: rebuilt on every check).
    private ulong _runCycleLimit = ulong.MaxValue;
    private readonly uint[] _spinWords = new uint[SpinWindowWords];
    private readonly bool[] _spinFetched = new bool[SpinWindowWords];
    private readonly ulong[] _spinGpr = new ulong[32];

    /// <summary>Cycle at which this thread's timebase first reads at least the given value (null: no fast-forward).</summary>
    public Func<ulong, ulong>? CyclesAtTimebase { get; set; }
    /// <summary>The timebase value at a given cycle of this thread.</summary>
    public Func<ulong, ulong>? TimebaseAtCycles { get; set; }

    /// <summary>Cycles skipped by timebase-spin fast-forwarding (statistics).</summary>
    public ulong SpinSkippedCycles { get; private set; }
    /// <summary>Number of fast-forwards taken.</summary>
    public ulong SpinSkips { get; private set; }

    /// <summary>Called by mftb / mfspr TB before reading the timebase.</summary>
    internal void TimebaseSpinCheck()
    {
        if (CyclesAtTimebase == null || TimebaseAtCycles == null) return;
        ulong pc = Pc;
        // GCC unrolls __delay's loop (two timebase reads per iteration), so remember the last
        // few read addresses: a spin shows up as one of them coming back within a short body.
        bool again = _spinHistory.Record(pc, Instructions, MaxSpinBody);
        if (!again) return;
        ulong now = Cycles;
        ulong cap = _runCycleLimit;
        if (cap == ulong.MaxValue || cap <= now + 1) return;
        Array.Clear(_spinFetched);
        ulong tbNow = TimebaseAtCycles(now);
        if (!SpinContinues(pc, tbNow)) return;
        ulong tbCap = TimebaseAtCycles(cap);
        ulong target;
        if (SpinContinues(pc, tbCap)) target = cap;
        else
        {
            // Smallest T in (tbNow, tbCap] at which the loop exits.
            ulong lo = tbNow, hi = tbCap;
            while (hi - lo > 1)
            {
                ulong mid = lo + (hi - lo) / 2;
                if (SpinContinues(pc, mid)) lo = mid;
                else hi = mid;
            }
            target = Math.Min(cap, CyclesAtTimebase(hi));
        }
        if (target <= now) return;
        StallCycles += target - now;
        SpinSkippedCycles += target - now;
        SpinSkips++;
    }

    /// <summary>Walks the loop from <paramref name="start"/> with every timebase read returning <paramref name="tb"/>:
    /// true if it provably comes back to <paramref name="start"/> touching nothing but CR and the registers it reads TB into.</summary>
    private bool SpinContinues(ulong start, ulong tb)
    {
        for (int i = 0; i < 32; i++) _spinGpr[i] = Gpr[i];
        uint cr = Cr;
        ulong pc = start;
        for (int step = 0; step < MaxSpinBody; step++)
        {
            if (step > 0 && pc == start) return true;
            if (!SpinFetch(start, pc, out uint w)) return false;
            uint po = w >> 26;
            int rt = (int)(w >> 21) & 31, ra = (int)(w >> 16) & 31, rb = (int)(w >> 11) & 31;
            ulong next = pc + 4;
            switch (po)
            {
                case 31:
                    switch ((w >> 1) & 0x3ff)
                    {
                        case 371: // mftb
                        case 339: // mfspr
                            int spr = rb << 5 | ra;
                            if (spr == Spr.Tb) _spinGpr[rt] = tb;
                            else if (spr == Spr.Tbu) _spinGpr[rt] = tb >> 32;
                            else return false;
                            break;
                        case 444: // or: only the no-op / priority-hint forms (or rx,rx,rx)
                            if (rt != ra || ra != rb || (w & 1) != 0) return false;
                            break;
                        case 0: // cmp
                        case 32: // cmpl
                            {
                                bool l = (w & (1u << 21)) != 0, logical = ((w >> 1) & 0x3ff) == 32;
                                ulong a = _spinGpr[ra], b = _spinGpr[rb];
                                cr = SpinCompare(cr, rt >> 2, a, b, l, logical);
                                break;
                            }
                        default: return false;
                    }
                    break;
                case 11: // cmpi
                    cr = SpinCompare(cr, rt >> 2, _spinGpr[ra], (ulong)(long)(short)(w & 0xffff), (w & (1u << 21)) != 0, false);
                    break;
                case 10: // cmpli
                    cr = SpinCompare(cr, rt >> 2, _spinGpr[ra], w & 0xffff, (w & (1u << 21)) != 0, true);
                    break;
                case 24: // ori rx,rx,0 (nop)
                    if (rt != ra || (w & 0xffff) != 0) return false;
                    break;
                case 18: // b
                    if ((w & 3) != 0) return false;
                    next = pc + (ulong)((long)((int)(w << 6) >> 6) & ~3L);
                    break;
                case 16: // bc
                    {
                        if ((w & 3) != 0 || (rt & 4) == 0) return false;
                        next = SpinCondition(cr, rt, ra) ? pc + (ulong)(long)(short)(w & 0xfffc) : pc + 4;
                        break;
                    }
                case 19:
                    switch ((w >> 1) & 0x3ff)
                    {
                        case 16: // bclr: taken = leaves the loop
                            if ((w & 1) != 0 || (rt & 4) == 0) return false;
                            if (SpinCondition(cr, rt, ra)) return false;
                            break;
                        case 150: break; // isync
                        default: return false;
                    }
                    break;
                default: return false;
            }
            pc = next;
        }
        return false;
    }

    private static bool SpinCondition(uint cr, int bo, int bi) =>
        (bo & 16) != 0 || ((cr >> (31 - bi)) & 1) == (uint)((bo >> 3) & 1);

    private uint SpinCompare(uint cr, int bf, ulong a, ulong b, bool l, bool logical)
    {
        int c;
        if (logical) c = l ? a.CompareTo(b) : ((uint)a).CompareTo((uint)b);
        else c = l ? ((long)a).CompareTo((long)b) : ((int)a).CompareTo((int)b);
        uint field = (c < 0 ? 8u : c > 0 ? 4u : 2u) | (So ? 1u : 0u);
        int shift = (7 - bf) * 4;
        return (cr & ~(0xfu << shift)) | (field << shift);
    }

    private bool SpinFetch(ulong start, ulong pc, out uint word)
    {
        word = 0;
        long idx = (long)(pc - start) / 4 + SpinWindowWords / 2;
        if ((pc & 3) != 0 || idx < 0 || idx >= SpinWindowWords) return false;
        if (!_spinFetched[idx])
        {
            if (Mem.Fetch(pc, out uint w) != MemFault.None)
            {
                Mem.FaultBits = 0;
                return false;
            }
            _spinWords[idx] = LittleEndian ? w : (uint)Swap(w, 4);
            _spinFetched[idx] = true;
        }
        word = _spinWords[idx];
        return true;
    }
}
