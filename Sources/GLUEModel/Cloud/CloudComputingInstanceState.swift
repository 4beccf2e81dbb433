// GVE — GLUEModel

/// The state of a VM (GLUE 2.1 CloudComputingInstanceState_t, the four states the service counts
/// in TotalVM = RunningVM + PendingVM + SuspendedVM + HaltedVM).
public enum CloudComputingInstanceState: String, GLUEClosedEnumeration {
    /// Actively consuming resources.
    case running
    /// Being prepared to run.
    case pending
    /// Not running, resources still reserved.
    case suspended
    /// Not running, no resources reserved.
    case halted
}

extension CloudComputingInstanceState: GLUEScalar {}
