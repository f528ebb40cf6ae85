namespace PpcSim.Core;

/// <summary>Doorbell message kinds of ISA 3.0 Book III 5.9 as POWER9 uses them.</summary>
public enum DoorbellKind : byte
{
    /// <summary>msgsnd type 5 (server doorbell): hypervisor doorbell interrupt, vector 0xE80, HSRR0/1.</summary>
    Hypervisor,
    /// <summary>msgsndp type 5: directed privileged doorbell via DPDES, vector 0xA00, SRR0/1.</summary>
    Privileged,
}
