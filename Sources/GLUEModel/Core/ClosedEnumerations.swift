// GVE — GLUEModel
// The closed enumerations used by the modelled entities (GFD.147 appendix B; glue2.xsd simple types
// without a union with xsd:string).

/// QualityLevel_t: maturity of a service or endpoint.
public enum QualityLevel: String, GLUEClosedEnumeration {
    case development, preProduction = "pre-production", production, testing
}

/// EndpointHealthState_t.
public enum EndpointHealthState: String, GLUEClosedEnumeration {
    case ok, warning, critical, unknown, other
}

/// ServingState_t: whether an endpoint or share accepts and serves requests.
public enum ServingState: String, GLUEClosedEnumeration {
    /// Accepts new requests and serves existing ones.
    case production
    /// Refuses new requests, serves existing ones.
    case draining
    /// Accepts new requests but does not serve them yet.
    case queueing
    /// Neither accepts nor serves.
    case closed
}

/// Staging_t: data staging supported by a computing endpoint.
public enum Staging: String, GLUEClosedEnumeration {
    case none, stagingIn = "stagingin", stagingOut = "stagingout", stagingInOut = "staginginout"
}

/// CPUMultiplicity_t.
public enum CPUMultiplicity: String, GLUEClosedEnumeration {
    case singleCPUSingleCore = "singlecpu-singlecore", singleCPUMultiCore = "singlecpu-multicore"
    case multiCPUSingleCore = "multicpu-singlecore", multiCPUMultiCore = "multicpu-multicore"
}

/// ReservationPolicy_t.
public enum ReservationPolicy: String, GLUEClosedEnumeration {
    case mandatory, none, optional
}

extension QualityLevel: GLUEScalar {}
extension EndpointHealthState: GLUEScalar {}
extension ServingState: GLUEScalar {}
extension Staging: GLUEScalar {}
extension CPUMultiplicity: GLUEScalar {}
extension ReservationPolicy: GLUEScalar {}
