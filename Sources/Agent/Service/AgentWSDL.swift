// GVE — Agent: the WSDL (with its XSD) of the Agent's SOAP service, served at `GET /soap?wsdl`.
import Foundation

/// The Agent service description: document/literal SOAP 1.1, namespace `urn:gve:agent:1`.
public enum AgentWSDL {
    /// The WSDL with `location` as the service address.
    public static func document(location: String) -> String {
        template.replacingOccurrences(of: "@LOCATION@", with: location)
    }

    static let template = #"""
<?xml version="1.0" encoding="UTF-8"?>
<wsdl:definitions name="GVEAgent" targetNamespace="urn:gve:agent:1"
    xmlns:wsdl="http://schemas.xmlsoap.org/wsdl/"
    xmlns:soap="http://schemas.xmlsoap.org/wsdl/soap/"
    xmlns:xs="http://www.w3.org/2001/XMLSchema"
    xmlns:tns="urn:gve:agent:1">
  <wsdl:documentation>GVE host Agent: clones template images into libvirt VMs and drives their lifecycle. Document/literal SOAP 1.1; HTTP Basic authentication per Site Service.</wsdl:documentation>
  <wsdl:types>
    <xs:schema targetNamespace="urn:gve:agent:1" elementFormDefault="qualified">
      <xs:complexType name="VMInfo">
        <xs:sequence>
          <xs:element name="name" type="xs:string"/>
          <xs:element name="uuid" type="xs:string"/>
          <xs:element name="state" type="tns:InstanceState"/>
          <xs:element name="libvirtState" type="xs:string"/>
          <xs:element name="image" type="xs:string"/>
          <xs:element name="vcpus" type="xs:int"/>
          <xs:element name="memoryMB" type="xs:int"/>
          <xs:element name="diskGB" type="xs:int"/>
          <xs:element name="owner" type="xs:string"/>
          <xs:element name="created" type="xs:dateTime"/>
        </xs:sequence>
      </xs:complexType>
      <xs:simpleType name="InstanceState">
        <xs:restriction base="xs:string">
          <xs:enumeration value="running"/>
          <xs:enumeration value="pending"/>
          <xs:enumeration value="suspended"/>
          <xs:enumeration value="halted"/>
        </xs:restriction>
      </xs:simpleType>
      <xs:complexType name="HostInfo">
        <xs:sequence>
          <xs:element name="hostname" type="xs:string"/>
          <xs:element name="hypervisor" type="xs:string"/>
          <xs:element name="hypervisorVersion" type="xs:string"/>
          <xs:element name="cpus" type="xs:int"/>
          <xs:element name="memoryMB" type="xs:int"/>
          <xs:element name="freeCpus" type="xs:int"/>
          <xs:element name="freeMemoryMB" type="xs:int"/>
          <xs:element name="instances" type="xs:int"/>
        </xs:sequence>
      </xs:complexType>
      <xs:complexType name="ImageInfo">
        <xs:sequence>
          <xs:element name="name" type="xs:string"/>
          <xs:element name="osFamily" type="xs:string"/>
          <xs:element name="osName" type="xs:string"/>
          <xs:element name="osVersion" type="xs:string"/>
          <xs:element name="format" type="xs:string"/>
          <xs:element name="virtualSizeBytes" type="xs:long"/>
          <xs:element name="minCpus" type="xs:int"/>
          <xs:element name="minMemoryMB" type="xs:int"/>
        </xs:sequence>
      </xs:complexType>
      <xs:complexType name="NameRequest">
        <xs:sequence>
          <xs:element name="name" type="xs:string"/>
        </xs:sequence>
      </xs:complexType>
      <xs:complexType name="VMResponse">
        <xs:sequence>
          <xs:element name="vm" type="tns:VMInfo"/>
        </xs:sequence>
      </xs:complexType>
      <xs:complexType name="Empty">
        <xs:sequence/>
      </xs:complexType>
      <xs:element name="GetHostInfo" type="tns:Empty"/>
      <xs:element name="GetHostInfoResponse">
        <xs:complexType><xs:sequence><xs:element name="host" type="tns:HostInfo"/></xs:sequence></xs:complexType>
      </xs:element>
      <xs:element name="ListImages" type="tns:Empty"/>
      <xs:element name="ListImagesResponse">
        <xs:complexType><xs:sequence><xs:element name="image" type="tns:ImageInfo" minOccurs="0" maxOccurs="unbounded"/></xs:sequence></xs:complexType>
      </xs:element>
      <xs:element name="Clone">
        <xs:complexType>
          <xs:sequence>
            <xs:element name="image" type="xs:string"/>
            <xs:element name="name" type="xs:string"/>
            <xs:element name="vcpus" type="xs:int"/>
            <xs:element name="memoryMB" type="xs:int"/>
            <xs:element name="diskGB" type="xs:int" minOccurs="0"/>
            <xs:element name="requestId" type="xs:string"/>
            <xs:element name="owner" type="xs:string"/>
          </xs:sequence>
        </xs:complexType>
      </xs:element>
      <xs:element name="CloneResponse" type="tns:VMResponse"/>
      <xs:element name="ListVMs" type="tns:Empty"/>
      <xs:element name="ListVMsResponse">
        <xs:complexType><xs:sequence><xs:element name="vm" type="tns:VMInfo" minOccurs="0" maxOccurs="unbounded"/></xs:sequence></xs:complexType>
      </xs:element>
      <xs:element name="AgentFault">
        <xs:complexType>
          <xs:sequence>
            <xs:element name="code" type="xs:string"/>
            <xs:element name="message" type="xs:string"/>
          </xs:sequence>
        </xs:complexType>
      </xs:element>
      <xs:element name="Start" type="tns:NameRequest"/>
      <xs:element name="StartResponse" type="tns:VMResponse"/>
      <xs:element name="Stop" type="tns:NameRequest"/>
      <xs:element name="StopResponse" type="tns:VMResponse"/>
      <xs:element name="Suspend" type="tns:NameRequest"/>
      <xs:element name="SuspendResponse" type="tns:VMResponse"/>
      <xs:element name="Resume" type="tns:NameRequest"/>
      <xs:element name="ResumeResponse" type="tns:VMResponse"/>
      <xs:element name="Reboot" type="tns:NameRequest"/>
      <xs:element name="RebootResponse" type="tns:VMResponse"/>
      <xs:element name="Destroy" type="tns:NameRequest"/>
      <xs:element name="DestroyResponse" type="tns:VMResponse"/>
      <xs:element name="GetVM" type="tns:NameRequest"/>
      <xs:element name="GetVMResponse" type="tns:VMResponse"/>
    </xs:schema>
  </wsdl:types>
  <wsdl:message name="GetHostInfoRequest"><wsdl:part name="parameters" element="tns:GetHostInfo"/></wsdl:message>
  <wsdl:message name="GetHostInfoResponse"><wsdl:part name="parameters" element="tns:GetHostInfoResponse"/></wsdl:message>
  <wsdl:message name="ListImagesRequest"><wsdl:part name="parameters" element="tns:ListImages"/></wsdl:message>
  <wsdl:message name="ListImagesResponse"><wsdl:part name="parameters" element="tns:ListImagesResponse"/></wsdl:message>
  <wsdl:message name="CloneRequest"><wsdl:part name="parameters" element="tns:Clone"/></wsdl:message>
  <wsdl:message name="CloneResponse"><wsdl:part name="parameters" element="tns:CloneResponse"/></wsdl:message>
  <wsdl:message name="StartRequest"><wsdl:part name="parameters" element="tns:Start"/></wsdl:message>
  <wsdl:message name="StartResponse"><wsdl:part name="parameters" element="tns:StartResponse"/></wsdl:message>
  <wsdl:message name="StopRequest"><wsdl:part name="parameters" element="tns:Stop"/></wsdl:message>
  <wsdl:message name="StopResponse"><wsdl:part name="parameters" element="tns:StopResponse"/></wsdl:message>
  <wsdl:message name="SuspendRequest"><wsdl:part name="parameters" element="tns:Suspend"/></wsdl:message>
  <wsdl:message name="SuspendResponse"><wsdl:part name="parameters" element="tns:SuspendResponse"/></wsdl:message>
  <wsdl:message name="ResumeRequest"><wsdl:part name="parameters" element="tns:Resume"/></wsdl:message>
  <wsdl:message name="ResumeResponse"><wsdl:part name="parameters" element="tns:ResumeResponse"/></wsdl:message>
  <wsdl:message name="RebootRequest"><wsdl:part name="parameters" element="tns:Reboot"/></wsdl:message>
  <wsdl:message name="RebootResponse"><wsdl:part name="parameters" element="tns:RebootResponse"/></wsdl:message>
  <wsdl:message name="DestroyRequest"><wsdl:part name="parameters" element="tns:Destroy"/></wsdl:message>
  <wsdl:message name="DestroyResponse"><wsdl:part name="parameters" element="tns:DestroyResponse"/></wsdl:message>
  <wsdl:message name="GetVMRequest"><wsdl:part name="parameters" element="tns:GetVM"/></wsdl:message>
  <wsdl:message name="GetVMResponse"><wsdl:part name="parameters" element="tns:GetVMResponse"/></wsdl:message>
  <wsdl:message name="ListVMsRequest"><wsdl:part name="parameters" element="tns:ListVMs"/></wsdl:message>
  <wsdl:message name="ListVMsResponse"><wsdl:part name="parameters" element="tns:ListVMsResponse"/></wsdl:message>
  <wsdl:message name="AgentFault"><wsdl:part name="fault" element="tns:AgentFault"/></wsdl:message>
  <wsdl:portType name="AgentPortType">
    <wsdl:operation name="GetHostInfo">
      <wsdl:input message="tns:GetHostInfoRequest"/>
      <wsdl:output message="tns:GetHostInfoResponse"/>
      <wsdl:fault name="AgentFault" message="tns:AgentFault"/>
    </wsdl:operation>
    <wsdl:operation name="ListImages">
      <wsdl:input message="tns:ListImagesRequest"/>
      <wsdl:output message="tns:ListImagesResponse"/>
      <wsdl:fault name="AgentFault" message="tns:AgentFault"/>
    </wsdl:operation>
    <wsdl:operation name="Clone">
      <wsdl:input message="tns:CloneRequest"/>
      <wsdl:output message="tns:CloneResponse"/>
      <wsdl:fault name="AgentFault" message="tns:AgentFault"/>
    </wsdl:operation>
    <wsdl:operation name="Start">
      <wsdl:input message="tns:StartRequest"/>
      <wsdl:output message="tns:StartResponse"/>
      <wsdl:fault name="AgentFault" message="tns:AgentFault"/>
    </wsdl:operation>
    <wsdl:operation name="Stop">
      <wsdl:input message="tns:StopRequest"/>
      <wsdl:output message="tns:StopResponse"/>
      <wsdl:fault name="AgentFault" message="tns:AgentFault"/>
    </wsdl:operation>
    <wsdl:operation name="Suspend">
      <wsdl:input message="tns:SuspendRequest"/>
      <wsdl:output message="tns:SuspendResponse"/>
      <wsdl:fault name="AgentFault" message="tns:AgentFault"/>
    </wsdl:operation>
    <wsdl:operation name="Resume">
      <wsdl:input message="tns:ResumeRequest"/>
      <wsdl:output message="tns:ResumeResponse"/>
      <wsdl:fault name="AgentFault" message="tns:AgentFault"/>
    </wsdl:operation>
    <wsdl:operation name="Reboot">
      <wsdl:input message="tns:RebootRequest"/>
      <wsdl:output message="tns:RebootResponse"/>
      <wsdl:fault name="AgentFault" message="tns:AgentFault"/>
    </wsdl:operation>
    <wsdl:operation name="Destroy">
      <wsdl:input message="tns:DestroyRequest"/>
      <wsdl:output message="tns:DestroyResponse"/>
      <wsdl:fault name="AgentFault" message="tns:AgentFault"/>
    </wsdl:operation>
    <wsdl:operation name="GetVM">
      <wsdl:input message="tns:GetVMRequest"/>
      <wsdl:output message="tns:GetVMResponse"/>
      <wsdl:fault name="AgentFault" message="tns:AgentFault"/>
    </wsdl:operation>
    <wsdl:operation name="ListVMs">
      <wsdl:input message="tns:ListVMsRequest"/>
      <wsdl:output message="tns:ListVMsResponse"/>
      <wsdl:fault name="AgentFault" message="tns:AgentFault"/>
    </wsdl:operation>
  </wsdl:portType>
  <wsdl:binding name="AgentBinding" type="tns:AgentPortType">
    <soap:binding style="document" transport="http://schemas.xmlsoap.org/soap/http"/>
    <wsdl:operation name="GetHostInfo">
      <soap:operation soapAction="urn:gve:agent:1#GetHostInfo" style="document"/>
      <wsdl:input><soap:body use="literal"/></wsdl:input>
      <wsdl:output><soap:body use="literal"/></wsdl:output>
      <wsdl:fault name="AgentFault"><soap:fault name="AgentFault" use="literal"/></wsdl:fault>
    </wsdl:operation>
    <wsdl:operation name="ListImages">
      <soap:operation soapAction="urn:gve:agent:1#ListImages" style="document"/>
      <wsdl:input><soap:body use="literal"/></wsdl:input>
      <wsdl:output><soap:body use="literal"/></wsdl:output>
      <wsdl:fault name="AgentFault"><soap:fault name="AgentFault" use="literal"/></wsdl:fault>
    </wsdl:operation>
    <wsdl:operation name="Clone">
      <soap:operation soapAction="urn:gve:agent:1#Clone" style="document"/>
      <wsdl:input><soap:body use="literal"/></wsdl:input>
      <wsdl:output><soap:body use="literal"/></wsdl:output>
      <wsdl:fault name="AgentFault"><soap:fault name="AgentFault" use="literal"/></wsdl:fault>
    </wsdl:operation>
    <wsdl:operation name="Start">
      <soap:operation soapAction="urn:gve:agent:1#Start" style="document"/>
      <wsdl:input><soap:body use="literal"/></wsdl:input>
      <wsdl:output><soap:body use="literal"/></wsdl:output>
      <wsdl:fault name="AgentFault"><soap:fault name="AgentFault" use="literal"/></wsdl:fault>
    </wsdl:operation>
    <wsdl:operation name="Stop">
      <soap:operation soapAction="urn:gve:agent:1#Stop" style="document"/>
      <wsdl:input><soap:body use="literal"/></wsdl:input>
      <wsdl:output><soap:body use="literal"/></wsdl:output>
      <wsdl:fault name="AgentFault"><soap:fault name="AgentFault" use="literal"/></wsdl:fault>
    </wsdl:operation>
    <wsdl:operation name="Suspend">
      <soap:operation soapAction="urn:gve:agent:1#Suspend" style="document"/>
      <wsdl:input><soap:body use="literal"/></wsdl:input>
      <wsdl:output><soap:body use="literal"/></wsdl:output>
      <wsdl:fault name="AgentFault"><soap:fault name="AgentFault" use="literal"/></wsdl:fault>
    </wsdl:operation>
    <wsdl:operation name="Resume">
      <soap:operation soapAction="urn:gve:agent:1#Resume" style="document"/>
      <wsdl:input><soap:body use="literal"/></wsdl:input>
      <wsdl:output><soap:body use="literal"/></wsdl:output>
      <wsdl:fault name="AgentFault"><soap:fault name="AgentFault" use="literal"/></wsdl:fault>
    </wsdl:operation>
    <wsdl:operation name="Reboot">
      <soap:operation soapAction="urn:gve:agent:1#Reboot" style="document"/>
      <wsdl:input><soap:body use="literal"/></wsdl:input>
      <wsdl:output><soap:body use="literal"/></wsdl:output>
      <wsdl:fault name="AgentFault"><soap:fault name="AgentFault" use="literal"/></wsdl:fault>
    </wsdl:operation>
    <wsdl:operation name="Destroy">
      <soap:operation soapAction="urn:gve:agent:1#Destroy" style="document"/>
      <wsdl:input><soap:body use="literal"/></wsdl:input>
      <wsdl:output><soap:body use="literal"/></wsdl:output>
      <wsdl:fault name="AgentFault"><soap:fault name="AgentFault" use="literal"/></wsdl:fault>
    </wsdl:operation>
    <wsdl:operation name="GetVM">
      <soap:operation soapAction="urn:gve:agent:1#GetVM" style="document"/>
      <wsdl:input><soap:body use="literal"/></wsdl:input>
      <wsdl:output><soap:body use="literal"/></wsdl:output>
      <wsdl:fault name="AgentFault"><soap:fault name="AgentFault" use="literal"/></wsdl:fault>
    </wsdl:operation>
    <wsdl:operation name="ListVMs">
      <soap:operation soapAction="urn:gve:agent:1#ListVMs" style="document"/>
      <wsdl:input><soap:body use="literal"/></wsdl:input>
      <wsdl:output><soap:body use="literal"/></wsdl:output>
      <wsdl:fault name="AgentFault"><soap:fault name="AgentFault" use="literal"/></wsdl:fault>
    </wsdl:operation>
  </wsdl:binding>
  <wsdl:service name="AgentService">
    <wsdl:port name="AgentPort" binding="tns:AgentBinding">
      <soap:address location="@LOCATION@"/>
    </wsdl:port>
  </wsdl:service>
</wsdl:definitions>
"""#
}
