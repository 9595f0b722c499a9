namespace Strangler.Faults;

/// <summary>Section "Faults". Off by default: without Enabled=true neither the middleware nor the control endpoint exists.</summary>
public sealed class FaultOptions
{
    public const string Section = "Faults";

    public bool Enabled { get; set; }

    /// <summary>Seed for the fault dice, for reproducible tests and demos; random when unset.</summary>
    public int? Seed { get; set; }

    /// <summary>Path of the control endpoint.</summary>
    public string ControlPath { get; set; } = "/_faults";
}
