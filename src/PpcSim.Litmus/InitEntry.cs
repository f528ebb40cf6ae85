namespace PpcSim.Litmus;

/// <summary>One entry of the init block: <c>0:r2=x</c>, <c>x=1</c>, <c>[y]=z</c>.</summary>
public sealed record InitEntry(LitmusLocation Location, LitmusValue Value, int Line);
