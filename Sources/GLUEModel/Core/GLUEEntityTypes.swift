// GVE — GLUEModel

/// Every entity type of the model, for code that works over all of them (validator, documents).
public enum GLUEEntityTypes {
    /// GLUE 2.0 types first (in glue2.xsd document order), then the GLUE 2.1 cloud types.
    public static let all: [any GLUEEntity.Type] = [
        Location.self, Contact.self, AdminDomain.self,
        ComputingService.self, ComputingEndpoint.self, ComputingShare.self, ComputingManager.self,
        ExecutionEnvironment.self, AccessPolicy.self, MappingPolicy.self, Benchmark.self, ApplicationEnvironment.self,
        CloudComputingService.self, CloudComputingEndpoint.self, CloudComputingShare.self, CloudComputingManager.self,
        CloudComputingInstanceType.self, CloudComputingImage.self, CloudComputingInstance.self,
    ]
}
