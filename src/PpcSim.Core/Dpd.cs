namespace PpcSim.Core;

/// <summary>
/// Densely packed decimal (IEEE 754-2008 3.5.2): three BCD digits in a 10-bit declet. Used by
/// cdtbcd/cbcdtd; the decimal floating-point formats use the same declets.
/// </summary>
public static class Dpd
{
    /// <summary>A declet (bits pqr stu v wxy, p most significant) to 12 bits of BCD (three digits).</summary>
    public static uint ToBcd(uint declet)
    {
        uint p = (declet >> 9) & 1, q = (declet >> 8) & 1, r = (declet >> 7) & 1;
        uint s = (declet >> 6) & 1, t = (declet >> 5) & 1, u = (declet >> 4) & 1;
        uint v = (declet >> 3) & 1, w = (declet >> 2) & 1, x = (declet >> 1) & 1, y = declet & 1;
        uint pqr = (p << 2) | (q << 1) | r, stu = (s << 2) | (t << 1) | u, wxy = (w << 2) | (x << 1) | y;
        uint big(uint low) => 8 | low; // 100z: a digit 8 or 9
        uint d0, d1, d2;
        if (v == 0) { d0 = pqr; d1 = stu; d2 = wxy; }
        else if (w == 0 && x == 0) { d0 = pqr; d1 = stu; d2 = big(y); }
        else if (w == 0 && x == 1) { d0 = pqr; d1 = big(u); d2 = (s << 2) | (t << 1) | y; }
        else if (w == 1 && x == 0) { d0 = big(r); d1 = stu; d2 = (p << 2) | (q << 1) | y; }
        else if (s == 0 && t == 0) { d0 = big(r); d1 = big(u); d2 = (p << 2) | (q << 1) | y; }
        else if (s == 0 && t == 1) { d0 = big(r); d1 = (p << 2) | (q << 1) | u; d2 = big(y); }
        else if (s == 1 && t == 0) { d0 = pqr; d1 = big(u); d2 = big(y); }
        else { d0 = big(r); d1 = big(u); d2 = big(y); }
        return (d0 << 8) | (d1 << 4) | d2;
    }

    /// <summary>12 bits of BCD (digits abcd efgh ijkm) to a declet. Digits above 9 give an unspecified declet.</summary>
    public static uint FromBcd(uint bcd)
    {
        uint d0 = (bcd >> 8) & 0xf, d1 = (bcd >> 4) & 0xf, d2 = bcd & 0xf;
        uint a = d0 >> 3, e = d1 >> 3, i = d2 >> 3;
        uint bcd0 = d0 & 7, fgh = d1 & 7, jkm = d2 & 7; // the low three bits of each digit
        uint d = d0 & 1, h = d1 & 1, m = d2 & 1;
        uint jk = (d2 >> 1) & 3, fg = (d1 >> 1) & 3;
        uint pqr, stu, wxy, v = 1;
        switch ((a << 2) | (e << 1) | i)
        {
            case 0: pqr = bcd0; stu = fgh; v = 0; wxy = jkm; break;
            case 1: pqr = bcd0; stu = fgh; wxy = m; break;                       // 00m
            case 2: pqr = bcd0; stu = (jk << 1) | h; wxy = 2 | m; break;         // jkh, 01m
            case 3: pqr = bcd0; stu = 4 | h; wxy = 6 | m; break;                 // 10h, 11m
            case 4: pqr = (jk << 1) | d; stu = fgh; wxy = 4 | m; break;          // jkd, 10m
            case 5: pqr = (fg << 1) | d; stu = 2 | h; wxy = 6 | m; break;        // fgd, 01h, 11m
            case 6: pqr = (jk << 1) | d; stu = h; wxy = 6 | m; break;            // jkd, 00h, 11m
            default: pqr = d; stu = 6 | h; wxy = 6 | m; break;                   // 00d, 11h, 11m
        }
        return (pqr << 7) | (stu << 4) | (v << 3) | wxy;
    }
}
