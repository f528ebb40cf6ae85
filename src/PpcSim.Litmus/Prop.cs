using System.Text;

namespace PpcSim.Litmus;

/// <summary>A proposition over final values: <c>/\</c>, <c>\/</c>, <c>~</c>, <c>=&gt;</c>, atoms <c>loc=value</c>.</summary>
public abstract record Prop
{
    public abstract bool Eval(Func<LitmusLocation, string> valueOf);

    public abstract void CollectLocations(ISet<LitmusLocation> into);

    public abstract void CollectSymbols(ISet<string> into);

    /// <summary>herd's normalised spelling: /\ binds tighter than \/, parentheses only where needed.</summary>
    public sealed override string ToString()
    {
        var sb = new StringBuilder();
        Print(sb, 0);
        return sb.ToString();
    }

    /// <summary>Precedence levels: 0 implication, 1 disjunction, 2 conjunction, 3 unary/atom.</summary>
    internal abstract void Print(StringBuilder sb, int context);

    public sealed record Atom(LitmusLocation Location, LitmusValue Value) : Prop
    {
        public override bool Eval(Func<LitmusLocation, string> valueOf) => valueOf(Location) == Value.ToString();
        public override void CollectLocations(ISet<LitmusLocation> into) => into.Add(Location);
        public override void CollectSymbols(ISet<string> into)
        {
            if (Value.Symbol is { } s) into.Add(s);
            if (!Location.IsRegister) into.Add(Location.Name);
        }
        internal override void Print(StringBuilder sb, int context) => sb.Append(Location).Append('=').Append(Value);
    }

    public sealed record Const(bool Value) : Prop
    {
        public override bool Eval(Func<LitmusLocation, string> valueOf) => Value;
        public override void CollectLocations(ISet<LitmusLocation> into) { }
        public override void CollectSymbols(ISet<string> into) { }
        internal override void Print(StringBuilder sb, int context) => sb.Append(Value ? "true" : "false");
    }

    public sealed record Not(Prop Inner) : Prop
    {
        public override bool Eval(Func<LitmusLocation, string> valueOf) => !Inner.Eval(valueOf);
        public override void CollectLocations(ISet<LitmusLocation> into) => Inner.CollectLocations(into);
        public override void CollectSymbols(ISet<string> into) => Inner.CollectSymbols(into);
        internal override void Print(StringBuilder sb, int context)
        {
            // herd prints negation as "not (...)".
            sb.Append("not (");
            Inner.Print(sb, 0);
            sb.Append(')');
        }
    }

    public sealed record And(Prop Left, Prop Right) : Prop
    {
        public override bool Eval(Func<LitmusLocation, string> valueOf) => Left.Eval(valueOf) && Right.Eval(valueOf);
        public override void CollectLocations(ISet<LitmusLocation> into) { Left.CollectLocations(into); Right.CollectLocations(into); }
        public override void CollectSymbols(ISet<string> into) { Left.CollectSymbols(into); Right.CollectSymbols(into); }
        internal override void Print(StringBuilder sb, int context) => Binary(sb, context, 2, " /\\ ", Left, Right);
    }

    public sealed record Or(Prop Left, Prop Right) : Prop
    {
        public override bool Eval(Func<LitmusLocation, string> valueOf) => Left.Eval(valueOf) || Right.Eval(valueOf);
        public override void CollectLocations(ISet<LitmusLocation> into) { Left.CollectLocations(into); Right.CollectLocations(into); }
        public override void CollectSymbols(ISet<string> into) { Left.CollectSymbols(into); Right.CollectSymbols(into); }
        internal override void Print(StringBuilder sb, int context) => Binary(sb, context, 1, " \\/ ", Left, Right);
    }

    public sealed record Implies(Prop Left, Prop Right) : Prop
    {
        public override bool Eval(Func<LitmusLocation, string> valueOf) => !Left.Eval(valueOf) || Right.Eval(valueOf);
        public override void CollectLocations(ISet<LitmusLocation> into) { Left.CollectLocations(into); Right.CollectLocations(into); }
        public override void CollectSymbols(ISet<string> into) { Left.CollectSymbols(into); Right.CollectSymbols(into); }
        internal override void Print(StringBuilder sb, int context)
        {
            // Right-associative, lowest precedence.
            if (context > 0) sb.Append('(');
            Left.Print(sb, 1);
            sb.Append(" => ");
            Right.Print(sb, 0);
            if (context > 0) sb.Append(')');
        }
    }

    private static void Binary(StringBuilder sb, int context, int level, string op, Prop left, Prop right)
    {
        bool paren = context > level;
        if (paren) sb.Append('(');
        left.Print(sb, level);
        sb.Append(op);
        // Associates to the right as herd parses it; a right operand at the same level needs no parentheses.
        right.Print(sb, level);
        if (paren) sb.Append(')');
    }
}
