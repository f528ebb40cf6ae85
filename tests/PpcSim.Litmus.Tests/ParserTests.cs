using PpcSim.Litmus;

namespace PpcSim.Litmus.Tests;

public sealed class ParserTests
{
    public static TheoryData<string> Names() => Suite.Names();

    /// <summary>Our print of the condition is herd7's normalised one (expected.tsv's condition column).</summary>
    [Theory]
    [MemberData(nameof(Names))]
    public void ConditionPrintsAsHerdDoes(string name)
    {
        var test = Suite.Compile(name).Test;
        Assert.Equal(Suite.Entry(name).Condition, test.ConditionText);
        Assert.Equal(Suite.Entry(name).Keys, test.ObservedLocations.Select(l => l.ToString()));
    }

    private static LitmusException Bad(string text)
    {
        return Assert.Throws<LitmusException>(() => CompiledLitmus.Compile(LitmusParser.Parse(text, "t.litmus")));
    }

    private const string Good = """
        PPC T
        "doc"
        {
        0:r2=x; 1:r2=x;
        }
         P0           | P1           ;
         li r1,1      | lwz r1,0(r2) ;
         stw r1,0(r2) |              ;
        exists (1:r1=1)
        """;

    [Fact]
    public void GoodTestParses()
    {
        var t = CompiledLitmus.Compile(LitmusParser.Parse(Good, "t.litmus"));
        Assert.Equal("T", t.Name);
        Assert.Equal(2, t.Threads.Count);
        Assert.Equal("exists (1:r1=1)", t.Test.ConditionText);
    }

    [Fact]
    public void UnknownInstructionNamesItsLine()
    {
        var e = Bad(Good.Replace("li r1,1      |", "frob r1,1    |"));
        Assert.Equal(7, e.Line);
        Assert.Contains("frob", e.Reason);
    }

    [Fact]
    public void BadRegisterNamesItsLine()
    {
        Assert.Equal(4, Bad(Good.Replace("0:r2=x;", "0:r99=x;")).Line);
        var e = Bad(Good.Replace("lwz r1,0(r2)", "lwz q1,0(r2)"));
        Assert.Equal(7, e.Line);
    }

    [Fact]
    public void UndefinedLabelNamesItsLine()
    {
        var e = Bad(Good.Replace("stw r1,0(r2) |", "beq L9       |"));
        Assert.Equal(8, e.Line);
        Assert.Contains("undefined label 'L9'", e.Reason);
    }

    [Fact]
    public void UnterminatedBlocksAreReported()
    {
        Assert.Contains("unterminated initial state block", Bad(Good.Replace("}", "")).Reason);
        Assert.Contains("unterminated condition", Bad(Good.Replace("exists (1:r1=1)", "exists (1:r1=1 /\\")).Reason);
        Assert.Contains("unterminated comment", Bad(Good.Replace("\"doc\"", "(* doc")).Reason);
        Assert.Contains("missing final condition", Bad(Good.Replace("exists (1:r1=1)", "")).Reason);
    }

    [Fact]
    public void OtherArchitecturesAreRejected()
    {
        var e = Bad(Good.Replace("PPC T", "AArch64 T"));
        Assert.Equal(1, e.Line);
        Assert.Contains("not supported", e.Reason);
    }

    [Fact]
    public void HerdSyntaxVariantsAreAccepted()
    {
        var t = CompiledLitmus.Compile(LitmusParser.Parse("""
            PPC V (Other) "doc on the first line"
            (* a comment (* nested *) *)
            {
            P0:r5=x; %a=y; [x]=2;
            }
             P0             ;
             L0: lwz r1,0,r5 ;
             lwz r2,0(%a)   ;
            locations [0:r1*; x;]
            final (0:r1=2 /\ ~(0:r2=1) \/ false);
            with default: exists;
            """, "v.litmus"));
        Assert.Equal("exists (0:r1=2 /\\ not (0:r2=1) \\/ false)", t.Test.ConditionText);
        Assert.Equal(["0:r1", "0:r2", "x"], t.Observed.Select(l => l.ToString()));
    }
}
