// GVE — SiteService
// The OpenAPI 3.1 document of the JSON API, built from ``SiteAPIRoute/all`` and the component schemas below: the
// router and the document read the same table, and request bodies are checked against these schemas' members.

/// The OpenAPI 3.1 description served at `/openapi.json`.
public enum SiteOpenAPI {
    private static func object(_ properties: [String: SiteJSONValue], required: [String] = []) -> SiteJSONValue {
        var o: [String: SiteJSONValue] = ["type": "object", "properties": .object(properties), "additionalProperties": false]
        if !required.isEmpty { o["required"] = .array(required.sorted().map { .string($0) }) }
        return .object(o)
    }
    private static func ref(_ name: String) -> SiteJSONValue { ["$ref": .string("#/components/schemas/\(name)")] }
    private static func array(_ of: SiteJSONValue) -> SiteJSONValue { ["type": "array", "items": of] }
    private static func enumeration(_ values: [String]) -> SiteJSONValue { ["type": "string", "enum": .array(values.map { .string($0) })] }
    private static let string: SiteJSONValue = ["type": "string"]
    private static let nullableString: SiteJSONValue = ["type": ["string", "null"]]
    private static let integer: SiteJSONValue = ["type": "integer"]
    private static let nullableInteger: SiteJSONValue = ["type": ["integer", "null"]]
    private static let boolean: SiteJSONValue = ["type": "boolean"]
    private static let dateTime: SiteJSONValue = ["type": "string", "format": "date-time"]
    /// Seconds, or an xs:duration such as `PT2H`.
    private static let duration: SiteJSONValue = ["oneOf": [["type": "integer", "minimum": 0], ["type": "string"]]]

    /// The component schemas, by name.
    public static let schemas: [String: SiteJSONValue] = [
        "Error": .object(["type": "object", "required": ["code", "message"], "properties": .object([
            "code": enumeration(["AuthenticationFailed", "NotAuthorized", "QuotaExceeded", "NoCapacity", "UnknownImage", "InvalidState",
                                 "InvalidRequest", "NotFound", "AgentError", "InternalError"]),
            "message": string, "field": string, "resource": string, "limit": integer, "used": integer, "requested": integer,
            "vm": string, "user": string,
            "hostReasons": array(object(["host": string, "reason": string], required: ["host", "reason"])),
        ])]),
        "VMRequest": object(["image": string, "vcpus": ["type": "integer", "minimum": 1], "memoryMB": ["type": "integer", "minimum": 1],
                             "diskGB": ["type": "integer", "minimum": 0], "lifetime": duration, "count": ["type": "integer", "minimum": 1, "maximum": 100],
                             "clientRequestId": string, "hints": ["type": "object", "additionalProperties": string],
                             "queueTimeout": ["type": "integer", "minimum": 0]],
                            required: ["image", "vcpus", "memoryMB", "diskGB"]),
        "ManageVMRequest": object(["action": enumeration(VMAction.allCases.map(\.rawValue))], required: ["action"]),
        "ExtendLeaseRequest": object(["extension": duration], required: ["extension"]),
        "CreateUserRequest": object(["name": string, "password": string, "role": enumeration(UserRole.allCases.map(\.rawValue)),
                                     "allowDigest": boolean, "subjectDN": string], required: ["name", "password"]),
        "DisableUserRequest": object(["disabled": boolean]),
        "RegisterAgentRequest": object(["name": string, "url": string, "username": string, "password": string, "vmmType": string],
                                       required: ["name", "url", "username", "password", "vmmType"]),
        "Limits": object(["vms": nullableInteger, "vcpus": nullableInteger, "memoryMB": nullableInteger, "diskGB": nullableInteger]),
        "Usage": object(["vms": integer, "vcpus": integer, "memoryMB": integer, "diskGB": integer], required: ["vms", "vcpus", "memoryMB", "diskGB"]),
        "Quota": object(["user": string, "limits": ref("Limits"), "used": ref("Usage"), "remaining": ref("Limits")],
                        required: ["user", "limits", "used", "remaining"]),
        "JobTransition": object(["state": ref("JobState"), "at": dateTime, "note": string], required: ["state", "at", "note"]),
        "JobState": enumeration(JobState.allCases.map(\.rawValue)),
        "Job": object(["id": string, "requestId": string, "owner": string, "state": ref("JobState"), "image": string, "vcpus": integer,
                       "memoryMB": integer, "diskGB": integer, "lifetime": integer, "host": nullableString, "vmName": nullableString,
                       "errorCode": nullableString, "errorMessage": nullableString, "attempts": integer, "created": dateTime,
                       "updated": dateTime, "history": array(ref("JobTransition"))],
                      required: ["id", "requestId", "owner", "state", "image", "vcpus", "memoryMB", "diskGB", "lifetime", "attempts",
                                 "created", "updated", "history"]),
        "RequestResult": object(["requestId": string, "replayed": boolean, "jobs": array(ref("Job"))], required: ["requestId", "replayed", "jobs"]),
        "JobList": object(["jobs": array(ref("Job"))], required: ["jobs"]),
        "VM": object(["name": string, "jobId": string, "owner": string, "host": string, "agent": string, "image": string, "vcpus": integer,
                      "memoryMB": integer, "diskGB": integer,
                      "state": ["type": "string", "description": "running, pending, suspended, halted (as the Agent reports) or released"],
                      "uuid": nullableString, "created": dateTime, "leaseEnd": dateTime, "leaseWarning": boolean,
                      "instance": ref("CloudComputingInstance")],
                     required: ["name", "jobId", "owner", "host", "agent", "image", "vcpus", "memoryMB", "diskGB", "state", "created",
                                "leaseEnd", "leaseWarning"]),
        "CloudComputingInstance": object(
            ["ID": string, "Name": string, "CreationTime": dateTime, "Validity": integer,
             "State": enumeration(["running", "pending", "suspended", "halted"]), "VMID": nullableString, "LocalID": string,
             "Owner": string, "ExecutionNode": string, "ComputingManagerSubmissionTime": dateTime,
             "StartTime": ["type": ["string", "null"], "format": "date-time"], "EndTime": ["type": ["string", "null"], "format": "date-time"],
             "ImageID": string,
             "InstanceType": object(["ID": string, "VCPU": integer, "RAM": integer, "Disk": integer], required: ["ID", "VCPU", "RAM", "Disk"]),
             "LeaseEnd": dateTime, "IPAddress": array(string), "AccessProtocol": string],
            required: ["ID", "Name", "CreationTime", "Validity", "State", "LocalID", "Owner", "ExecutionNode", "ComputingManagerSubmissionTime",
                       "ImageID", "InstanceType", "LeaseEnd", "IPAddress", "AccessProtocol"]),
        "VMList": object(["vms": array(ref("VM"))], required: ["vms"]),
        "Image": object(["name": string, "host": string, "osFamily": string, "osName": string, "osVersion": string, "format": string,
                         "virtualSizeBytes": integer, "minCpus": integer, "minMemoryMB": integer], required: ["name", "host"]),
        "ImageList": object(["images": array(ref("Image"))], required: ["images"]),
        "User": object(["id": integer, "name": string, "role": enumeration(UserRole.allCases.map(\.rawValue)), "disabled": boolean,
                        "subjectDN": nullableString], required: ["id", "name", "role", "disabled"]),
        "Agent": object(["id": integer, "name": string, "url": string, "username": string, "vmmType": string, "enabled": boolean,
                         "healthy": boolean, "lastError": nullableString], required: ["id", "name", "url", "username", "vmmType", "enabled", "healthy"]),
        "AgentList": object(["agents": array(ref("Agent"))], required: ["agents"]),
        "AuditEntry": object(["id": integer, "at": dateTime, "actor": string, "operation": string, "arguments": string, "outcome": string],
                             required: ["id", "at", "actor", "operation", "arguments", "outcome"]),
        "AuditList": object(["entries": array(ref("AuditEntry"))], required: ["entries"]),
    ]

    /// The members a request schema allows (what the API accepts in that body).
    static func members(ofSchema name: String) -> [String] {
        guard case .object(let p)? = schemas[name]?["properties"] else { return [] }
        return p.keys.sorted()
    }

    /// The reason phrase of a status, for response descriptions.
    static func reason(_ status: Int) -> String {
        switch status {
        case 200: "OK"
        case 201: "Created"
        case 202: "Accepted"
        case 204: "No Content"
        case 400: "Bad request (InvalidRequest)"
        case 401: "Authentication failed (AuthenticationFailed)"
        case 403: "Not authorized, or quota exceeded (NotAuthorized, QuotaExceeded)"
        case 404: "Not found (NotFound)"
        case 409: "Invalid state (InvalidState)"
        case 422: "Unknown image (UnknownImage)"
        case 502: "The Agent failed (AgentError)"
        case 503: "No host has capacity (NoCapacity)"
        default: "Internal error (InternalError)"
        }
    }

    /// The document, for a server at `serverURL`.
    public static func document(serverURL: String = "/") -> SiteJSONValue {
        var paths: [String: [String: SiteJSONValue]] = [:]
        for r in SiteAPIRoute.all {
            var parameters: [SiteJSONValue] = r.pathParameterNames.map {
                ["name": .string($0), "in": "path", "required": true, "schema": string]
            }
            parameters += r.query.map {
                ["name": .string($0.name), "in": "query", "required": false, "description": .string($0.description), "schema": ["type": .string($0.type)]]
            }
            var responses: [String: SiteJSONValue] = [:]
            let success: SiteJSONValue = r.responseSchema.map {
                ["description": .string(reason(r.status)), "content": ["application/json": ["schema": ref($0)]]]
            } ?? ["description": .string(reason(r.status))]
            responses[String(r.status)] = success
            if r.operation == "RequestVM" { responses["200"] = ["description": "Replayed: the clientRequestId was seen before",
                                                               "content": ["application/json": ["schema": ref("RequestResult")]]] }
            let faultStatuses = Set(([.invalidRequest, .authenticationFailed, .internalError] + r.faults).map(SiteJSONCodec.httpStatus))
            for s in faultStatuses.sorted() {
                responses[String(s)] = ["description": .string(reason(s)), "content": ["application/json": ["schema": ref("Error")]]]
            }
            var op: [String: SiteJSONValue] = [
                "operationId": .string(r.operation), "summary": .string(r.summary),
                "tags": [r.admin ? "admin" : "user"], "responses": .object(responses),
            ]
            if !parameters.isEmpty { op["parameters"] = .array(parameters) }
            if let body = r.requestSchema {
                op["requestBody"] = ["required": true, "content": ["application/json": ["schema": ref(body)]]]
            }
            paths[r.path, default: [:]][r.method.rawValue.lowercased()] = .object(op)
        }
        return [
            "openapi": "3.1.0",
            "info": ["title": "GVE Site Service", "version": "1",
                     "description": "The Site Service's operations as JSON: the same operations, rules and fault codes as its SOAP interface (urn:gve:site:1)."],
            "servers": [["url": .string(serverURL)]],
            "security": [["basic": []]],
            "tags": [["name": "user", "description": "Operations for every user."],
                     ["name": "admin", "description": "Operations for the admin role."]],
            "paths": .object(paths.mapValues { .object($0) }),
            "components": ["schemas": .object(schemas),
                           "securitySchemes": ["basic": ["type": "http", "scheme": "basic"]]],
        ]
    }
}
