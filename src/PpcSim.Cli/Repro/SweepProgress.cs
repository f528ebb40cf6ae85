using System.Diagnostics;
using System.Globalization;

namespace PpcSim.Cli.Repro;

/// <summary>
/// Progress on stderr: a redrawn bar when stderr is a terminal, otherwise a plain line at every
/// 10% and at least once a minute (logs and CI stay readable). Host time appears only here,
/// never in a result.
/// </summary>
public sealed class SweepProgress
{
    private readonly TextWriter _w;
    private readonly bool _terminal;
    private readonly long _total;
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private long _done, _corrupt;
    private int _lastDecile;
    private TimeSpan _lastLine;

    public SweepProgress(TextWriter w, bool terminal, long total)
    {
        _w = w;
        _terminal = terminal;
        _total = total;
    }

    public void Completed(bool corrupted)
    {
        _done++;
        if (corrupted) _corrupt++;
        var inv = CultureInfo.InvariantCulture;
        var elapsed = _clock.Elapsed;
        string eta = _done < _total ? " eta " + Span(elapsed * ((double)(_total - _done) / _done)) : "";
        if (_terminal)
        {
            const int width = 30;
            int filled = (int)(_done * width / _total);
            _w.Write(string.Create(inv, $"\rsweep: [{new string('#', filled)}{new string('.', width - filled)}] {_done}/{_total} runs, {_corrupt} corrupted, {Span(elapsed)}{eta}   "));
            if (_done == _total) _w.WriteLine();
            _w.Flush();
            return;
        }
        int decile = (int)(_done * 10 / _total);
        if (decile != _lastDecile || elapsed - _lastLine >= TimeSpan.FromMinutes(1) || _done == _total)
        {
            _lastDecile = decile;
            _lastLine = elapsed;
            _w.WriteLine(string.Create(inv, $"sweep: {_done}/{_total} runs ({100 * _done / _total}%), {_corrupt} corrupted, {Span(elapsed)}{eta}"));
            _w.Flush();
        }
    }

    private static string Span(TimeSpan t) => t.TotalHours >= 1
        ? string.Create(CultureInfo.InvariantCulture, $"{(int)t.TotalHours}h{t.Minutes:D2}m")
        : string.Create(CultureInfo.InvariantCulture, $"{(int)t.TotalMinutes}m{t.Seconds:D2}s");
}
