namespace PpcSim.GdbStub;

public enum ResumeMode
{
    Continue,
    Step,
    ReverseContinue,
    ReverseStep,
}
