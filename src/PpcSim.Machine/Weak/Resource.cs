namespace PpcSim.Machine.Weak;

/// <summary>
/// Register resources the thread engine tracks dependencies through: each GPR, each CR field
/// (so a compare into cr1 does not make a branch on cr0 depend on it), XER, LR, CTR and a few
/// more. Dependencies are syntactic, as in the architecture: <c>xor r3,r1,r1</c> depends on r1.
/// </summary>
public static class Resource
{
    public const int Gpr0 = 0;
    public const int Cr0 = 32;
    public const int Xer = 40;
    public const int Lr = 41;
    public const int Ctr = 42;
    public const int Fpscr = 43;
    public const int Vscr = 44;
    public const int Tar = 45;
    public const int Misc = 46;
    public const int Count = 48;

    public static string Name(int r) => r switch
    {
        < Cr0 => $"r{r}",
        < Xer => $"cr{r - Cr0}",
        Xer => "xer",
        Lr => "lr",
        Ctr => "ctr",
        Fpscr => "fpscr",
        Vscr => "vscr",
        Tar => "tar",
        _ => "misc",
    };
}
