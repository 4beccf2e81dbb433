// GVE — SiteService
// The WSDL 1.1 (document/literal, SOAP 1.1 and 1.2 bindings) with its embedded XSD, namespace urn:gve:site:1.

/// The Site Service's service description.
public enum SiteWSDL {
    /// The target namespace.
    public static let namespace = "urn:gve:site:1"

    /// Operations: name, request element content, response element content (XSD particles).
    static let operations: [(String, String, String)] = [
        ("RequestVM", """
            <xsd:element name="image" type="xsd:string"/><xsd:element name="vcpus" type="xsd:int"/>\
            <xsd:element name="memoryMB" type="xsd:int"/><xsd:element name="diskGB" type="xsd:int"/>\
            <xsd:element name="lifetime" type="xsd:string" minOccurs="0"/><xsd:element name="count" type="xsd:int" minOccurs="0"/>\
            <xsd:element name="clientRequestId" type="xsd:string" minOccurs="0"/>\
            <xsd:element name="hint" type="tns:Hint" minOccurs="0" maxOccurs="unbounded"/>\
            <xsd:element name="queueTimeout" type="xsd:int" minOccurs="0"/>
            """, """
            <xsd:element name="requestId" type="xsd:string"/><xsd:element name="replayed" type="xsd:boolean"/>\
            <xsd:element name="job" type="tns:Job" maxOccurs="unbounded"/>
            """),
        ("GetJob", #"<xsd:element name="jobId" type="xsd:string"/>"#, #"<xsd:element name="job" type="tns:Job"/>"#),
        ("ListJobs", #"<xsd:element name="state" type="tns:JobState" minOccurs="0"/>"#,
         #"<xsd:element name="job" type="tns:Job" minOccurs="0" maxOccurs="unbounded"/>"#),
        ("ListVMs", #"<xsd:element name="includeReleased" type="xsd:boolean" minOccurs="0"/>"#,
         #"<xsd:element name="vm" type="tns:VM" minOccurs="0" maxOccurs="unbounded"/>"#),
        ("DescribeVM", #"<xsd:element name="name" type="xsd:string"/>"#, #"<xsd:element name="vm" type="tns:VM"/>"#),
        ("ManageVM", #"<xsd:element name="name" type="xsd:string"/><xsd:element name="action" type="tns:VMAction"/>"#,
         #"<xsd:element name="vm" type="tns:VM"/>"#),
        ("ExtendLease", #"<xsd:element name="name" type="xsd:string"/><xsd:element name="extension" type="xsd:string"/>"#,
         #"<xsd:element name="vm" type="tns:VM"/>"#),
        ("ReleaseVM", #"<xsd:element name="name" type="xsd:string"/>"#, #"<xsd:element name="job" type="tns:Job"/>"#),
        ("ListImages", "", #"<xsd:element name="image" type="tns:Image" minOccurs="0" maxOccurs="unbounded"/>"#),
        ("GetQuota", #"<xsd:element name="user" type="xsd:string" minOccurs="0"/>"#, quotaParticles),
        ("CreateUser", """
            <xsd:element name="name" type="xsd:string"/><xsd:element name="password" type="xsd:string"/>\
            <xsd:element name="role" type="tns:Role" minOccurs="0"/><xsd:element name="allowDigest" type="xsd:boolean" minOccurs="0"/>\
            <xsd:element name="subjectDN" type="xsd:string" minOccurs="0"/>
            """, #"<xsd:element name="user" type="tns:User"/>"#),
        ("SetQuota", """
            <xsd:element name="user" type="xsd:string"/><xsd:element name="vms" type="xsd:int" minOccurs="0"/>\
            <xsd:element name="vcpus" type="xsd:int" minOccurs="0"/><xsd:element name="memoryMB" type="xsd:int" minOccurs="0"/>\
            <xsd:element name="diskGB" type="xsd:int" minOccurs="0"/>
            """, quotaParticles),
        ("DisableUser", #"<xsd:element name="name" type="xsd:string"/><xsd:element name="disabled" type="xsd:boolean" minOccurs="0"/>"#,
         #"<xsd:element name="user" type="tns:User"/>"#),
        ("RegisterAgent", """
            <xsd:element name="name" type="xsd:string"/><xsd:element name="url" type="xsd:anyURI"/>\
            <xsd:element name="username" type="xsd:string"/><xsd:element name="password" type="xsd:string"/>\
            <xsd:element name="vmmType" type="xsd:string"/>
            """, #"<xsd:element name="agent" type="tns:Agent"/>"#),
        ("RemoveAgent", #"<xsd:element name="name" type="xsd:string"/>"#, #"<xsd:element name="removed" type="xsd:boolean"/>"#),
        ("ListAgents", "", #"<xsd:element name="agent" type="tns:Agent" minOccurs="0" maxOccurs="unbounded"/>"#),
        ("QueryAudit", """
            <xsd:element name="actor" type="xsd:string" minOccurs="0"/><xsd:element name="operation" type="xsd:string" minOccurs="0"/>\
            <xsd:element name="since" type="xsd:dateTime" minOccurs="0"/><xsd:element name="until" type="xsd:dateTime" minOccurs="0"/>\
            <xsd:element name="limit" type="xsd:int" minOccurs="0"/>
            """, #"<xsd:element name="entry" type="tns:AuditEntry" minOccurs="0" maxOccurs="unbounded"/>"#),
    ]

    static let quotaParticles = """
        <xsd:element name="user" type="xsd:string"/><xsd:element name="limits" type="tns:Limits"/>\
        <xsd:element name="used" type="tns:Amount"/><xsd:element name="remaining" type="tns:Limits"/>
        """

    static let types = """
    <xsd:simpleType name="JobState"><xsd:restriction base="xsd:string">\
    <xsd:enumeration value="queued"/><xsd:enumeration value="placing"/><xsd:enumeration value="cloning"/>\
    <xsd:enumeration value="starting"/><xsd:enumeration value="running"/><xsd:enumeration value="failed"/>\
    <xsd:enumeration value="releasing"/><xsd:enumeration value="released"/></xsd:restriction></xsd:simpleType>
    <xsd:simpleType name="VMAction"><xsd:restriction base="xsd:string">\
    <xsd:enumeration value="start"/><xsd:enumeration value="stop"/><xsd:enumeration value="suspend"/>\
    <xsd:enumeration value="resume"/><xsd:enumeration value="reboot"/></xsd:restriction></xsd:simpleType>
    <xsd:simpleType name="Role"><xsd:restriction base="xsd:string"><xsd:enumeration value="user"/><xsd:enumeration value="admin"/>\
    </xsd:restriction></xsd:simpleType>
    <xsd:complexType name="Hint"><xsd:sequence><xsd:element name="name" type="xsd:string"/><xsd:element name="value" type="xsd:string"/>\
    </xsd:sequence></xsd:complexType>
    <xsd:complexType name="Transition"><xsd:sequence><xsd:element name="state" type="tns:JobState"/>\
    <xsd:element name="at" type="xsd:dateTime"/><xsd:element name="note" type="xsd:string"/></xsd:sequence></xsd:complexType>
    <xsd:complexType name="Job"><xsd:sequence>\
    <xsd:element name="id" type="xsd:string"/><xsd:element name="requestId" type="xsd:string"/><xsd:element name="owner" type="xsd:string"/>\
    <xsd:element name="state" type="tns:JobState"/><xsd:element name="image" type="xsd:string"/><xsd:element name="vcpus" type="xsd:int"/>\
    <xsd:element name="memoryMB" type="xsd:int"/><xsd:element name="diskGB" type="xsd:int"/><xsd:element name="lifetime" type="xsd:int"/>\
    <xsd:element name="host" type="xsd:string" minOccurs="0"/><xsd:element name="vmName" type="xsd:string" minOccurs="0"/>\
    <xsd:element name="errorCode" type="xsd:string" minOccurs="0"/><xsd:element name="errorMessage" type="xsd:string" minOccurs="0"/>\
    <xsd:element name="attempts" type="xsd:int"/><xsd:element name="created" type="xsd:dateTime"/><xsd:element name="updated" type="xsd:dateTime"/>\
    <xsd:element name="transition" type="tns:Transition" minOccurs="0" maxOccurs="unbounded"/></xsd:sequence></xsd:complexType>
    <xsd:complexType name="VM"><xsd:sequence>\
    <xsd:element name="name" type="xsd:string"/><xsd:element name="jobId" type="xsd:string"/><xsd:element name="owner" type="xsd:string"/>\
    <xsd:element name="host" type="xsd:string"/><xsd:element name="agent" type="xsd:string"/><xsd:element name="image" type="xsd:string"/>\
    <xsd:element name="vcpus" type="xsd:int"/><xsd:element name="memoryMB" type="xsd:int"/><xsd:element name="diskGB" type="xsd:int"/>\
    <xsd:element name="state" type="xsd:string"/><xsd:element name="uuid" type="xsd:string" minOccurs="0"/>\
    <xsd:element name="created" type="xsd:dateTime"/><xsd:element name="leaseEnd" type="xsd:dateTime"/>\
    <xsd:element name="leaseWarning" type="xsd:boolean"/>\
    <xsd:element name="instance" type="tns:CloudComputingInstance" minOccurs="0"/></xsd:sequence></xsd:complexType>
    <xsd:simpleType name="CloudComputingInstanceState"><xsd:annotation><xsd:documentation>GLUE 2.1 instance states.\
    </xsd:documentation></xsd:annotation><xsd:restriction base="xsd:string"><xsd:enumeration value="running"/>\
    <xsd:enumeration value="pending"/><xsd:enumeration value="suspended"/><xsd:enumeration value="halted"/>\
    </xsd:restriction></xsd:simpleType>
    <xsd:complexType name="CloudComputingInstanceType"><xsd:sequence><xsd:element name="ID" type="xsd:anyURI"/>\
    <xsd:element name="VCPU" type="xsd:int"/><xsd:element name="RAM" type="xsd:int"/><xsd:element name="Disk" type="xsd:int"/>\
    </xsd:sequence></xsd:complexType>
    <xsd:complexType name="CloudComputingInstance"><xsd:annotation><xsd:documentation>The GLUE 2.1 CloudComputingInstance \
    attributes of a VM (DescribeVM), with its lease end and access details.</xsd:documentation></xsd:annotation><xsd:sequence>\
    <xsd:element name="ID" type="xsd:anyURI"/><xsd:element name="Name" type="xsd:string"/>\
    <xsd:element name="CreationTime" type="xsd:dateTime"/><xsd:element name="Validity" type="xsd:long"/>\
    <xsd:element name="State" type="tns:CloudComputingInstanceState"/><xsd:element name="VMID" type="xsd:string" minOccurs="0"/>\
    <xsd:element name="LocalID" type="xsd:string"/><xsd:element name="Owner" type="xsd:string"/>\
    <xsd:element name="ExecutionNode" type="xsd:string"/><xsd:element name="ComputingManagerSubmissionTime" type="xsd:dateTime"/>\
    <xsd:element name="StartTime" type="xsd:dateTime" minOccurs="0"/><xsd:element name="EndTime" type="xsd:dateTime" minOccurs="0"/>\
    <xsd:element name="ImageID" type="xsd:anyURI"/><xsd:element name="InstanceType" type="tns:CloudComputingInstanceType"/>\
    <xsd:element name="LeaseEnd" type="xsd:dateTime"/><xsd:element name="IPAddress" type="xsd:string" minOccurs="0" maxOccurs="unbounded"/>\
    <xsd:element name="AccessProtocol" type="xsd:string"/></xsd:sequence></xsd:complexType>
    <xsd:complexType name="Image"><xsd:sequence>\
    <xsd:element name="name" type="xsd:string"/><xsd:element name="host" type="xsd:string"/><xsd:element name="osFamily" type="xsd:string"/>\
    <xsd:element name="osName" type="xsd:string"/><xsd:element name="osVersion" type="xsd:string"/><xsd:element name="format" type="xsd:string"/>\
    <xsd:element name="virtualSizeBytes" type="xsd:long"/><xsd:element name="minCpus" type="xsd:int"/>\
    <xsd:element name="minMemoryMB" type="xsd:int"/></xsd:sequence></xsd:complexType>
    <xsd:complexType name="Limits"><xsd:annotation><xsd:documentation>An absent limit is unlimited.</xsd:documentation></xsd:annotation>\
    <xsd:sequence><xsd:element name="vms" type="xsd:int" minOccurs="0"/><xsd:element name="vcpus" type="xsd:int" minOccurs="0"/>\
    <xsd:element name="memoryMB" type="xsd:int" minOccurs="0"/><xsd:element name="diskGB" type="xsd:int" minOccurs="0"/></xsd:sequence></xsd:complexType>
    <xsd:complexType name="Amount"><xsd:sequence><xsd:element name="vms" type="xsd:int"/><xsd:element name="vcpus" type="xsd:int"/>\
    <xsd:element name="memoryMB" type="xsd:int"/><xsd:element name="diskGB" type="xsd:int"/></xsd:sequence></xsd:complexType>
    <xsd:complexType name="User"><xsd:sequence><xsd:element name="id" type="xsd:long"/><xsd:element name="name" type="xsd:string"/>\
    <xsd:element name="role" type="tns:Role"/><xsd:element name="disabled" type="xsd:boolean"/>\
    <xsd:element name="subjectDN" type="xsd:string" minOccurs="0"/></xsd:sequence></xsd:complexType>
    <xsd:complexType name="Agent"><xsd:sequence><xsd:element name="id" type="xsd:long"/><xsd:element name="name" type="xsd:string"/>\
    <xsd:element name="url" type="xsd:string"/><xsd:element name="username" type="xsd:string"/><xsd:element name="vmmType" type="xsd:string"/>\
    <xsd:element name="enabled" type="xsd:boolean"/><xsd:element name="healthy" type="xsd:boolean"/>\
    <xsd:element name="lastError" type="xsd:string" minOccurs="0"/></xsd:sequence></xsd:complexType>
    <xsd:complexType name="AuditEntry"><xsd:sequence><xsd:element name="id" type="xsd:long"/><xsd:element name="at" type="xsd:dateTime"/>\
    <xsd:element name="actor" type="xsd:string"/><xsd:element name="operation" type="xsd:string"/>\
    <xsd:element name="arguments" type="xsd:string"/><xsd:element name="outcome" type="xsd:string"/></xsd:sequence></xsd:complexType>
    <xsd:complexType name="HostReason"><xsd:sequence><xsd:element name="host" type="xsd:string"/>\
    <xsd:element name="reason" type="xsd:string"/></xsd:sequence></xsd:complexType>
    <xsd:element name="SiteFault"><xsd:complexType><xsd:sequence>\
    <xsd:element name="code" type="xsd:string"/><xsd:element name="message" type="xsd:string"/>\
    <xsd:element name="field" type="xsd:string" minOccurs="0"/><xsd:element name="resource" type="xsd:string" minOccurs="0"/>\
    <xsd:element name="limit" type="xsd:int" minOccurs="0"/><xsd:element name="used" type="xsd:int" minOccurs="0"/>\
    <xsd:element name="requested" type="xsd:int" minOccurs="0"/>\
    <xsd:element name="hostReason" type="tns:HostReason" minOccurs="0" maxOccurs="unbounded"/>\
    </xsd:sequence></xsd:complexType></xsd:element>
    """

    /// The WSDL document for a service at `location` (the POST /soap URL).
    public static func document(location: String) -> String {
        var schema = ""
        var messages = ""
        var portOps = ""
        var binding11 = ""
        var binding12 = ""
        for (name, input, output) in operations {
            schema += "<xsd:element name=\"\(name)\"><xsd:complexType><xsd:sequence>\(input)</xsd:sequence></xsd:complexType></xsd:element>\n"
            schema += "<xsd:element name=\"\(name)Response\"><xsd:complexType><xsd:sequence>\(output)</xsd:sequence></xsd:complexType></xsd:element>\n"
            messages += "<wsdl:message name=\"\(name)Input\"><wsdl:part name=\"parameters\" element=\"tns:\(name)\"/></wsdl:message>\n"
            messages += "<wsdl:message name=\"\(name)Output\"><wsdl:part name=\"parameters\" element=\"tns:\(name)Response\"/></wsdl:message>\n"
            messages += "" 
            portOps += "<wsdl:operation name=\"\(name)\"><wsdl:input message=\"tns:\(name)Input\"/><wsdl:output message=\"tns:\(name)Output\"/></wsdl:operation>\n"
            let action = "\(namespace)#\(name)"
            binding11 += "<wsdl:operation name=\"\(name)\"><soap:operation soapAction=\"\(action)\" style=\"document\"/>"
                + "<wsdl:input><soap:body use=\"literal\"/></wsdl:input><wsdl:output><soap:body use=\"literal\"/></wsdl:output></wsdl:operation>\n"
            binding12 += "<wsdl:operation name=\"\(name)\"><soap12:operation soapAction=\"\(action)\" style=\"document\"/>"
                + "<wsdl:input><soap12:body use=\"literal\"/></wsdl:input><wsdl:output><soap12:body use=\"literal\"/></wsdl:output></wsdl:operation>\n"
        }
        let loc = XMLEscape.attribute(location)
        return """
        <?xml version="1.0" encoding="UTF-8"?>
        <wsdl:definitions xmlns:wsdl="http://schemas.xmlsoap.org/wsdl/" xmlns:soap="http://schemas.xmlsoap.org/wsdl/soap/" \
        xmlns:soap12="http://schemas.xmlsoap.org/wsdl/soap12/" xmlns:xsd="http://www.w3.org/2001/XMLSchema" \
        xmlns:tns="\(namespace)" targetNamespace="\(namespace)" name="GVESiteService">
        <wsdl:documentation>GVE Site Service: request, manage and release VMs. Authenticate with WS-Security UsernameToken \
        (PasswordText or PasswordDigest) or HTTP Basic. Faults carry tns:SiteFault in their detail.</wsdl:documentation>
        <wsdl:types>
        <xsd:schema targetNamespace="\(namespace)" elementFormDefault="qualified">
        \(types)
        \(schema)</xsd:schema>
        </wsdl:types>
        \(messages)<wsdl:portType name="SitePortType">
        \(portOps)</wsdl:portType>
        <wsdl:binding name="SiteSoap11Binding" type="tns:SitePortType">
        <soap:binding style="document" transport="http://schemas.xmlsoap.org/soap/http"/>
        \(binding11)</wsdl:binding>
        <wsdl:binding name="SiteSoap12Binding" type="tns:SitePortType">
        <soap12:binding style="document" transport="http://schemas.xmlsoap.org/soap/http"/>
        \(binding12)</wsdl:binding>
        <wsdl:service name="SiteService">
        <wsdl:port name="SiteSoap11Port" binding="tns:SiteSoap11Binding"><soap:address location="\(loc)"/></wsdl:port>
        <wsdl:port name="SiteSoap12Port" binding="tns:SiteSoap12Binding"><soap12:address location="\(loc)"/></wsdl:port>
        </wsdl:service>
        </wsdl:definitions>
        """
    }
}

import SOAP

enum XMLEscape {
    static func attribute(_ s: String) -> String { XMLWriter.escapeAttribute(s) }
}
