using PpcSim.Isa;
using PpcSim.Core.Random;
using PpcSim.Machine.Weak;
using PpcSim.Memory.Weak;

namespace PpcSim.Litmus.Tests;

/// <summary>The multicore machine without the litmus front end: thread counts, reservations.</summary>
public sealed class MachineTests
{
    private static ProgramImage Program(ulong at, params string[] lines) =>
        new(at, lines.Select((l, i) => Assembler.Assemble(l, at + (ulong)(4 * i))).ToList());

    private static ulong[] Regs(params (int Reg, ulong Value)[] values)
    {
        var r = new ulong[Resource.Count];
        foreach (var (reg, v) in values) r[Resource.Gpr0 + reg] = v;
        return r;
    }

    /// <summary>64 threads, each writing its own location and reading its neighbour's.</summary>
    [Fact]
    public void SixtyFourThreadsRunToTheEndDeterministically()
    {
        const int n = 64;
        ulong Loc(int t) => 0x2000_0000UL + (ulong)t * 0x1000;
        var threads = Enumerable.Range(0, n).Select(t => new WeakThreadSetup(
            Program(0x10_0000UL + (ulong)t * 0x1000, $"li r1,{t + 1}", "stw r1,0(r2)", "lwz r3,0(r4)"),
            Regs((2, Loc(t)), (4, Loc((t + 1) % n))))).ToList();
        var m = new WeakMachine(MemoryModel.Power, threads, Enumerable.Range(0, n).Select(t => (Loc(t), 0UL)));
        var hashes = new List<ulong>();
        for (ulong seed = 0; seed < 6; seed++)
        {
            m.Run(SeedStreams.Create(seed, "s"), SeedStreams.Create(seed, "c"));
            for (int t = 0; t < n; t++)
            {
                Assert.Equal((ulong)(t + 1), m.FinalMemory(Loc(t)));
                Assert.Contains(m.FinalRegister(t, Resource.Gpr0 + 3), new[] { 0UL, (ulong)((t + 1) % n + 1) });
            }
            hashes.Add(m.StateHash());
            m.Run(SeedStreams.Create(seed, "s"), SeedStreams.Create(seed, "c"));
            Assert.Equal(hashes[^1], m.StateHash());
        }
        Assert.True(hashes.Distinct().Count() > 1);
    }

    [Fact]
    public void OneThreadIsSequential()
    {
        var p = Program(0x10_0000, "li r1,5", "stw r1,0(r2)", "lwz r3,0(r2)", "addi r3,r3,1", "stw r3,4(r2)", "lwz r4,4(r2)");
        var m = new WeakMachine(MemoryModel.Power, [new WeakThreadSetup(p, Regs((2, 0x2000_0000)))], [(0x2000_0000UL, 0UL)]);
        m.Run(new Xoshiro256StarStar(1), null);
        Assert.Equal(6UL, m.FinalRegister(0, Resource.Gpr0 + 3));
        Assert.Equal(6UL, m.FinalRegister(0, Resource.Gpr0 + 4));
        Assert.Equal(6UL, m.FinalMemory(0x2000_0004));
    }

    /// <summary>
    /// A reservation is lost only by a conflicting write: another thread busy storing to other
    /// locations (plenty of scheduler switches in between) makes the store conditional fail no
    /// more often than the seeded spurious failure (1 in 64).
    /// </summary>
    [Fact]
    public void ReservationSurvivesSchedulerSwitches()
    {
        var p0 = Program(0x10_0000, "lwarx r1,0,r2", "addi r1,r1,1", "stwcx. r1,0,r2", "mfcr r5");
        var busy = Enumerable.Range(0, 12).Select(i => i % 2 == 0 ? $"stw r{1 + i % 8},{8 * i}(r2)" : $"lwz r9,{8 * i}(r2)").ToArray();
        var p1 = Program(0x20_0000, busy);
        var m = new WeakMachine(MemoryModel.Power,
            [new WeakThreadSetup(p0, Regs((2, 0x3000_0000))), new WeakThreadSetup(p1, Regs((2, 0x3000_1000)))],
            [(0x3000_0000UL, 0UL)]);
        int runs = 20_000, failures = 0;
        for (int i = 0; i < runs; i++)
        {
            m.Run(SeedStreams.Create(9, "s", (ulong)i), SeedStreams.Create(9, "c", (ulong)i));
            bool stored = ((m.FinalRegister(0, Resource.Cr0) >> 1) & 1) != 0;
            Assert.Equal(stored ? 1UL : 0UL, m.FinalMemory(0x3000_0000));
            if (!stored) failures++;
        }
        Assert.InRange(failures, runs / 64 / 2, runs / 64 * 2);
    }

    /// <summary>A conflicting write between the load-reserve and the store conditional makes it fail, always.</summary>
    [Fact]
    public void ConflictingWriteLosesTheReservation()
    {
        var p0 = Program(0x10_0000, "lwarx r1,0,r2", "stwcx. r3,0,r2");
        var p1 = Program(0x20_0000, "stw r4,0(r2)");
        var m = new WeakMachine(MemoryModel.Power,
            [new WeakThreadSetup(p0, Regs((2, 0x3000_0000), (3, 1))), new WeakThreadSetup(p1, Regs((2, 0x3000_0000), (4, 2)))],
            [(0x3000_0000UL, 0UL)]);
        var finals = new HashSet<(ulong R1, bool Stored, ulong X)>();
        Explorer.Explore(m, f => finals.Add((f.FinalRegister(0, Resource.Gpr0 + 1), ((f.FinalRegister(0, Resource.Cr0) >> 1) & 1) != 0, f.FinalMemory(0x3000_0000))));
        // Success means nothing came between: read 0 then x ends 2 (the other write after), or read 2 then x=1.
        Assert.Contains((0UL, true, 2UL), finals);
        Assert.Contains((2UL, true, 1UL), finals);
        Assert.DoesNotContain((0UL, true, 1UL), finals);
        Assert.All(finals.Where(f => !f.Stored), f => Assert.Equal(2UL, f.X));
    }

    /// <summary>
    /// Loops run past the instruction window (instructions retire from its front): two threads
    /// each add 1 to a shared counter 100 times with lwarx/stwcx. retry loops; no update is lost.
    /// </summary>
    [Fact]
    public void AtomicIncrementLoopsLoseNoUpdate()
    {
        const string loop = """
                li r5,100
            again:
                lwarx r1,0,r2
                addi r1,r1,1
                stwcx. r1,0,r2
                bne again
                addi r5,r5,-1
                cmpwi r5,0
                bne again
            """;
        ProgramImage Source(ulong at)
        {
            var bytes = SourceAssembler.Assemble(loop, at);
            return new ProgramImage(at, Enumerable.Range(0, bytes.Length / 4).Select(i => BitConverter.ToUInt32(bytes, 4 * i)).ToList());
        }
        var threads = Enumerable.Range(0, 2).Select(t => new WeakThreadSetup(Source(0x10_0000UL + (ulong)t * 0x1000), Regs((2, 0x3000_0000)))).ToList();
        var m = new WeakMachine(MemoryModel.Power, threads, [(0x3000_0000UL, 0UL)]);
        for (ulong seed = 0; seed < 5; seed++)
        {
            m.Run(SeedStreams.Create(seed, "s"), SeedStreams.Create(seed, "c"), maxSteps: 1_000_000);
            Assert.Equal(200UL, m.FinalMemory(0x3000_0000));
            Assert.Equal(0UL, m.FinalRegister(0, Resource.Gpr0 + 5));
        }
    }

    /// <summary>
    /// Another thread's store to the same 128-byte reservation granule, at a different address,
    /// cancels a reservation when it arrives between the load-reserve and the store conditional;
    /// one to another granule does not.
    /// </summary>
    [Theory]
    [InlineData(0x3000_0008UL, true)]
    [InlineData(0x3000_0080UL, false)]
    public void GranuleConflictLosesTheReservation(ulong other, bool sameGranule)
    {
        var p0 = Program(0x10_0000, "lwarx r1,0,r2", "addi r1,r1,1", "addi r1,r1,1", "addi r1,r1,1", "stwcx. r1,0,r2");
        var p1 = Program(0x20_0000, "stw r4,0(r3)");
        var m = new WeakMachine(MemoryModel.Power,
            [new WeakThreadSetup(p0, Regs((2, 0x3000_0000))), new WeakThreadSetup(p1, Regs((3, other), (4, 7)))],
            [(0x3000_0000UL, 0UL), (other, 0UL)]);
        int runs = 20_000, failures = 0;
        for (int i = 0; i < runs; i++)
        {
            m.Run(SeedStreams.Create(4, "s", (ulong)i), SeedStreams.Create(4, "c", (ulong)i));
            if (m.FinalMemory(0x3000_0000) == 0) failures++;
        }
        if (sameGranule) Assert.True(failures > runs / 10, $"only {failures} failures");
        else Assert.InRange(failures, runs / 64 / 2, runs / 64 * 2);
    }

    /// <summary>
    /// An instruction that raises an interrupt while speculative (here a misaligned lwarx on a
    /// path the branch does not take) is no fault; on the path taken it stops the thread.
    /// </summary>
    [Theory]
    [InlineData(1UL, false)]
    [InlineData(0UL, true)]
    public void SpeculativeInterruptsAreNotFaults(ulong flag, bool faults)
    {
        const string code = """
                lwz r3,0(r4)
                cmpwi r3,1
                beq skip
                lwarx r1,0,r5
            skip:
                li r6,9
            """;
        var bytes = SourceAssembler.Assemble(code, 0x10_0000);
        var p = new ProgramImage(0x10_0000, Enumerable.Range(0, bytes.Length / 4).Select(i => BitConverter.ToUInt32(bytes, 4 * i)).ToList());
        var m = new WeakMachine(MemoryModel.Power, [new WeakThreadSetup(p, Regs((4, 0x3000_0000), (5, 0x3000_1001)))], [(0x3000_0000UL, flag)]);
        for (ulong seed = 0; seed < 200; seed++)
        {
            m.Run(SeedStreams.Create(seed, "s"), null);
            Assert.Equal(faults, m.Fault != null);
            if (!faults) Assert.Equal(9UL, m.FinalRegister(0, Resource.Gpr0 + 6));
        }
    }
}
