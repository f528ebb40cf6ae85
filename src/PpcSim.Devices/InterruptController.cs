namespace PpcSim.Devices;

/// <summary>
/// PpcSim's interrupt controller, as simple as the kernel allows (firmware/README.md, "PpcSim
/// devices"): every device interrupt source drives one level-sensitive line aimed at one
/// hardware thread, named by its PIR. A thread's External exception condition is the OR of the
/// lines aimed at it; there are no priorities, masks, vectors or EOIs here - the device's own
/// IRQ_STATUS/IRQ_ENABLE registers gate its line, and the guest acknowledges at the device.
/// The machine turns the result into Cpu.ExternalLevel (taken at 0x500; with LPCR[LPES]=0 a
/// hypervisor interrupt using HSRR0/1, ISA 3.0B Book III 7.5.6) and wakes a thread in stop.
/// </summary>
public sealed class InterruptController
{
    private readonly Action<uint, bool> _deliver;
    private readonly List<(uint Pir, bool Level)> _sources = [];

    /// <param name="deliver">Sets the External condition of the thread with this PIR.</param>
    public InterruptController(Action<uint, bool> deliver) => _deliver = deliver;

    /// <summary>Adds a source (initially low, aimed at PIR 0) and returns its number.</summary>
    public int AddSource()
    {
        _sources.Add((0, false));
        return _sources.Count - 1;
    }

    /// <summary>Drives source <paramref name="source"/>'s line to <paramref name="level"/> on thread <paramref name="pir"/>.</summary>
    public void SetLine(int source, uint pir, bool level)
    {
        var old = _sources[source];
        if (old.Pir == pir && old.Level == level) return;
        _sources[source] = (pir, level);
        if (old.Pir != pir) _deliver(old.Pir, LevelOf(old.Pir));
        _deliver(pir, LevelOf(pir));
    }

    /// <summary>The OR of every line aimed at thread <paramref name="pir"/>.</summary>
    public bool LevelOf(uint pir)
    {
        foreach (var s in _sources)
            if (s.Level && s.Pir == pir) return true;
        return false;
    }
}
