namespace PpcSim.Litmus;

/// <summary>The final condition's quantifier: litmus7 calls the tests Allowed, Forbidden and Required.</summary>
public enum Quantifier : byte
{
    Exists,
    NotExists,
    Forall,
}
