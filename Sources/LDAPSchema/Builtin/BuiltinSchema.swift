// GVE — LDAPSchema
// The definitions slapd compiles in (its "system schema"): syntaxes, matching rules, the
// operational attributes and the classes every schema file assumes (`top`, `extensibleObject`…).
// OIDs and names are facts from RFC 4512, RFC 4517, RFC 4530, RFC 3045 and RFC 3672.

enum BuiltinSchema {
    /// LDAP syntaxes (RFC 4517 §3.3, RFC 4530).
    static let syntaxes: [LDAPSyntax] = {
        let p = "1.3.6.1.4.1.1466.115.121.1."
        let table: [(String, String)] = [
            ("3", "Attribute Type Description"), ("4", "Audio"), ("5", "Binary"), ("6", "Bit String"),
            ("7", "Boolean"), ("8", "Certificate"), ("9", "Certificate List"), ("10", "Certificate Pair"),
            ("11", "Country String"), ("12", "Distinguished Name"), ("13", "Data Quality"), ("14", "Delivery Method"),
            ("15", "Directory String"), ("16", "DIT Content Rule Description"), ("17", "DIT Structure Rule Description"),
            ("19", "DSA Quality"), ("21", "Enhanced Guide"), ("22", "Facsimile Telephone Number"), ("23", "Fax"),
            ("24", "Generalized Time"), ("25", "Guide"), ("26", "IA5 String"), ("27", "Integer"), ("28", "JPEG"),
            ("30", "Matching Rule Description"), ("31", "Matching Rule Use Description"), ("34", "Name And Optional UID"),
            ("35", "Name Form Description"), ("36", "Numeric String"), ("37", "Object Class Description"),
            ("38", "OID"), ("39", "Other Mailbox"), ("40", "Octet String"), ("41", "Postal Address"),
            ("42", "Protocol Information"), ("43", "Presentation Address"), ("44", "Printable String"), ("45", "SubtreeSpecification"),
            ("49", "Supported Algorithm"), ("50", "Telephone Number"), ("51", "Teletex Terminal Identifier"),
            ("52", "Telex Number"), ("53", "UTC Time"), ("54", "LDAP Syntax Description"), ("58", "Substring Assertion"),
        ]
        return table.map { LDAPSyntax(oid: p + $0.0, description: $0.1) } + [
            LDAPSyntax(oid: "1.3.6.1.1.16.1", description: "UUID"),
            LDAPSyntax(oid: "1.3.6.1.1.15.1", description: "Certificate Exact Assertion"),
            LDAPSyntax(oid: "1.3.6.1.4.1.4203.666.11.2.1", description: "CSN"),
        ]
    }()

    /// Matching rules with the comparison each performs.
    static let matchingRules: [MatchingRule] = {
        let p = "1.3.6.1.4.1.1466.115.121.1."
        func r(_ oid: String, _ name: String, _ syntax: String, _ kind: MatchingRuleKind) -> MatchingRule {
            MatchingRule(oid: oid, names: [name], syntaxOID: syntax.contains(".") ? syntax : p + syntax, kind: kind)
        }
        return [
            r("2.5.13.0", "objectIdentifierMatch", "38", .objectIdentifier),
            r("2.5.13.1", "distinguishedNameMatch", "12", .distinguishedName),
            r("2.5.13.2", "caseIgnoreMatch", "15", .caseIgnore),
            r("2.5.13.3", "caseIgnoreOrderingMatch", "15", .caseIgnore),
            r("2.5.13.4", "caseIgnoreSubstringsMatch", "58", .caseIgnore),
            r("2.5.13.5", "caseExactMatch", "15", .caseExact),
            r("2.5.13.6", "caseExactOrderingMatch", "15", .caseExact),
            r("2.5.13.7", "caseExactSubstringsMatch", "58", .caseExact),
            r("2.5.13.8", "numericStringMatch", "36", .numericString),
            r("2.5.13.9", "numericStringOrderingMatch", "36", .numericString),
            r("2.5.13.10", "numericStringSubstringsMatch", "58", .numericString),
            r("2.5.13.11", "caseIgnoreListMatch", "41", .caseIgnore),
            r("2.5.13.12", "caseIgnoreListSubstringsMatch", "58", .caseIgnore),
            r("2.5.13.13", "booleanMatch", "7", .boolean),
            r("2.5.13.14", "integerMatch", "27", .integer),
            r("2.5.13.15", "integerOrderingMatch", "27", .integer),
            r("2.5.13.16", "bitStringMatch", "6", .octetString),
            r("2.5.13.17", "octetStringMatch", "40", .octetString),
            r("2.5.13.18", "octetStringOrderingMatch", "40", .octetString),
            r("2.5.13.20", "telephoneNumberMatch", "50", .telephoneNumber),
            r("2.5.13.21", "telephoneNumberSubstringsMatch", "58", .telephoneNumber),
            r("2.5.13.22", "presentationAddressMatch", "43", .octetString),
            r("2.5.13.23", "uniqueMemberMatch", "34", .uniqueMember),
            r("2.5.13.24", "protocolInformationMatch", "42", .octetString),
            r("2.5.13.27", "generalizedTimeMatch", "24", .generalizedTime),
            r("2.5.13.28", "generalizedTimeOrderingMatch", "24", .generalizedTime),
            r("2.5.13.29", "integerFirstComponentMatch", "27", .integer),
            r("2.5.13.30", "objectIdentifierFirstComponentMatch", "38", .objectIdentifier),
            r("2.5.13.34", "certificateExactMatch", "1.3.6.1.1.15.1", .octetString),
            r("1.3.6.1.4.1.1466.109.114.1", "caseExactIA5Match", "26", .caseExactIA5),
            r("1.3.6.1.4.1.1466.109.114.2", "caseIgnoreIA5Match", "26", .caseIgnoreIA5),
            r("1.3.6.1.4.1.1466.109.114.3", "caseIgnoreIA5SubstringsMatch", "58", .caseIgnoreIA5),
            r("1.3.6.1.4.1.4203.1.2.1", "caseExactIA5SubstringsMatch", "58", .caseExactIA5),
            r("1.3.6.1.1.16.2", "UUIDMatch", "1.3.6.1.1.16.1", .uuid),
            r("1.3.6.1.1.16.3", "UUIDOrderingMatch", "1.3.6.1.1.16.1", .uuid),
            r("1.3.6.1.4.1.4203.666.11.2.2", "CSNMatch", "1.3.6.1.4.1.4203.666.11.2.1", .octetString),
            r("1.3.6.1.4.1.4203.666.11.2.3", "CSNOrderingMatch", "1.3.6.1.4.1.4203.666.11.2.1", .octetString),
        ]
    }()

    /// Attribute types and object classes slapd defines itself (commented out in core.schema
    /// as "system schema"), in schema-file syntax.
    static let text = """
    attributetype ( 2.5.4.0 NAME 'objectClass' DESC 'RFC4512: object classes of the entity'
      EQUALITY objectIdentifierMatch SYNTAX 1.3.6.1.4.1.1466.115.121.1.38 )
    attributetype ( 2.5.21.9 NAME 'structuralObjectClass' DESC 'RFC4512: structural object class of entry'
      EQUALITY objectIdentifierMatch SYNTAX 1.3.6.1.4.1.1466.115.121.1.38 SINGLE-VALUE NO-USER-MODIFICATION USAGE directoryOperation )
    attributetype ( 2.5.18.1 NAME 'createTimestamp' DESC 'RFC4512: time which object was created'
      EQUALITY generalizedTimeMatch ORDERING generalizedTimeOrderingMatch SYNTAX 1.3.6.1.4.1.1466.115.121.1.24
      SINGLE-VALUE NO-USER-MODIFICATION USAGE directoryOperation )
    attributetype ( 2.5.18.2 NAME 'modifyTimestamp' DESC 'RFC4512: time which object was last modified'
      EQUALITY generalizedTimeMatch ORDERING generalizedTimeOrderingMatch SYNTAX 1.3.6.1.4.1.1466.115.121.1.24
      SINGLE-VALUE NO-USER-MODIFICATION USAGE directoryOperation )
    attributetype ( 2.5.18.3 NAME 'creatorsName' DESC 'RFC4512: name of creator'
      EQUALITY distinguishedNameMatch SYNTAX 1.3.6.1.4.1.1466.115.121.1.12 SINGLE-VALUE NO-USER-MODIFICATION USAGE directoryOperation )
    attributetype ( 2.5.18.4 NAME 'modifiersName' DESC 'RFC4512: name of last modifier'
      EQUALITY distinguishedNameMatch SYNTAX 1.3.6.1.4.1.1466.115.121.1.12 SINGLE-VALUE NO-USER-MODIFICATION USAGE directoryOperation )
    attributetype ( 2.5.18.9 NAME 'hasSubordinates' DESC 'X.501: entry has children'
      EQUALITY booleanMatch SYNTAX 1.3.6.1.4.1.1466.115.121.1.7 SINGLE-VALUE NO-USER-MODIFICATION USAGE directoryOperation )
    attributetype ( 2.5.18.10 NAME 'subschemaSubentry' DESC 'RFC4512: name of controlling subschema entry'
      EQUALITY distinguishedNameMatch SYNTAX 1.3.6.1.4.1.1466.115.121.1.12 SINGLE-VALUE NO-USER-MODIFICATION USAGE directoryOperation )
    attributetype ( 1.3.6.1.1.20 NAME 'entryDN' DESC 'DN of the entry'
      EQUALITY distinguishedNameMatch SYNTAX 1.3.6.1.4.1.1466.115.121.1.12 SINGLE-VALUE NO-USER-MODIFICATION USAGE directoryOperation )
    attributetype ( 1.3.6.1.1.16.4 NAME 'entryUUID' DESC 'UUID of the entry'
      EQUALITY UUIDMatch ORDERING UUIDOrderingMatch SYNTAX 1.3.6.1.1.16.1 SINGLE-VALUE NO-USER-MODIFICATION USAGE directoryOperation )
    attributetype ( 1.3.6.1.4.1.4203.666.1.7 NAME 'entryCSN' DESC 'change sequence number of the entry content'
      EQUALITY CSNMatch ORDERING CSNOrderingMatch SYNTAX 1.3.6.1.4.1.4203.666.11.2.1{64} SINGLE-VALUE NO-USER-MODIFICATION USAGE directoryOperation )
    attributetype ( 2.5.21.5 NAME 'attributeTypes' DESC 'RFC4512: attribute types'
      EQUALITY objectIdentifierFirstComponentMatch SYNTAX 1.3.6.1.4.1.1466.115.121.1.3 USAGE directoryOperation )
    attributetype ( 2.5.21.6 NAME 'objectClasses' DESC 'RFC4512: object classes'
      EQUALITY objectIdentifierFirstComponentMatch SYNTAX 1.3.6.1.4.1.1466.115.121.1.37 USAGE directoryOperation )
    attributetype ( 2.5.21.4 NAME 'matchingRules' DESC 'RFC4512: matching rules'
      EQUALITY objectIdentifierFirstComponentMatch SYNTAX 1.3.6.1.4.1.1466.115.121.1.30 USAGE directoryOperation )
    attributetype ( 2.5.21.8 NAME 'matchingRuleUse' DESC 'RFC4512: matching rule uses'
      EQUALITY objectIdentifierFirstComponentMatch SYNTAX 1.3.6.1.4.1.1466.115.121.1.31 USAGE directoryOperation )
    attributetype ( 1.3.6.1.4.1.1466.101.120.16 NAME 'ldapSyntaxes' DESC 'RFC4512: LDAP syntaxes'
      EQUALITY objectIdentifierFirstComponentMatch SYNTAX 1.3.6.1.4.1.1466.115.121.1.54 USAGE directoryOperation )
    attributetype ( 1.3.6.1.4.1.1466.101.120.5 NAME 'namingContexts' DESC 'RFC4512: naming contexts'
      SYNTAX 1.3.6.1.4.1.1466.115.121.1.12 USAGE dSAOperation )
    attributetype ( 1.3.6.1.4.1.1466.101.120.6 NAME 'altServer' DESC 'RFC4512: alternative servers'
      SYNTAX 1.3.6.1.4.1.1466.115.121.1.26 USAGE dSAOperation )
    attributetype ( 1.3.6.1.4.1.1466.101.120.7 NAME 'supportedExtension' DESC 'RFC4512: supported extended operations'
      SYNTAX 1.3.6.1.4.1.1466.115.121.1.38 USAGE dSAOperation )
    attributetype ( 1.3.6.1.4.1.1466.101.120.13 NAME 'supportedControl' DESC 'RFC4512: supported controls'
      SYNTAX 1.3.6.1.4.1.1466.115.121.1.38 USAGE dSAOperation )
    attributetype ( 1.3.6.1.4.1.1466.101.120.14 NAME 'supportedSASLMechanisms' DESC 'RFC4512: supported SASL mechanisms'
      SYNTAX 1.3.6.1.4.1.1466.115.121.1.15 USAGE dSAOperation )
    attributetype ( 1.3.6.1.4.1.1466.101.120.15 NAME 'supportedLDAPVersion' DESC 'RFC4512: supported LDAP versions'
      SYNTAX 1.3.6.1.4.1.1466.115.121.1.27 USAGE dSAOperation )
    attributetype ( 1.3.6.1.4.1.4203.1.3.5 NAME 'supportedFeatures' DESC 'RFC4512: features supported by the server'
      EQUALITY objectIdentifierMatch SYNTAX 1.3.6.1.4.1.1466.115.121.1.38 USAGE dSAOperation )
    attributetype ( 1.3.6.1.1.4 NAME 'vendorName' DESC 'RFC3045: name of implementation vendor'
      EQUALITY caseExactMatch SYNTAX 1.3.6.1.4.1.1466.115.121.1.15 SINGLE-VALUE NO-USER-MODIFICATION USAGE dSAOperation )
    attributetype ( 1.3.6.1.1.5 NAME 'vendorVersion' DESC 'RFC3045: version of implementation'
      EQUALITY caseExactMatch SYNTAX 1.3.6.1.4.1.1466.115.121.1.15 SINGLE-VALUE NO-USER-MODIFICATION USAGE dSAOperation )
    attributetype ( 2.5.18.5 NAME 'administrativeRole' DESC 'RFC3672: administrative role'
      EQUALITY objectIdentifierMatch SYNTAX 1.3.6.1.4.1.1466.115.121.1.38 USAGE directoryOperation )
    attributetype ( 2.5.18.6 NAME 'subtreeSpecification' DESC 'RFC3672: subtree specification'
      SYNTAX 1.3.6.1.4.1.1466.115.121.1.45 SINGLE-VALUE USAGE directoryOperation )
    attributetype ( 2.16.840.1.113730.3.1.34 NAME 'ref' DESC 'RFC3296: subordinate referral URL'
      EQUALITY caseExactMatch SYNTAX 1.3.6.1.4.1.1466.115.121.1.15 USAGE distributedOperation )
    attributetype ( 2.5.4.1 NAME ( 'aliasedObjectName' 'aliasedEntryName' ) DESC 'RFC4512: name of aliased object'
      EQUALITY distinguishedNameMatch SYNTAX 1.3.6.1.4.1.1466.115.121.1.12 SINGLE-VALUE )
    attributetype ( 2.5.4.41 NAME 'name' DESC 'RFC4519: common supertype of name attributes'
      EQUALITY caseIgnoreMatch SUBSTR caseIgnoreSubstringsMatch SYNTAX 1.3.6.1.4.1.1466.115.121.1.15{32768} )
    attributetype ( 2.5.4.3 NAME ( 'cn' 'commonName' ) DESC 'RFC4519: common name(s) for which the entity is known by'
      SUP name )
    attributetype ( 0.9.2342.19200300.100.1.1 NAME ( 'uid' 'userid' ) DESC 'RFC4519: user identifier'
      EQUALITY caseIgnoreMatch SUBSTR caseIgnoreSubstringsMatch SYNTAX 1.3.6.1.4.1.1466.115.121.1.15{256} )
    attributetype ( 2.5.4.13 NAME 'description' DESC 'RFC4519: descriptive information'
      EQUALITY caseIgnoreMatch SUBSTR caseIgnoreSubstringsMatch SYNTAX 1.3.6.1.4.1.1466.115.121.1.15{1024} )
    attributetype ( 2.5.4.49 NAME 'distinguishedName' DESC 'RFC4519: common supertype of DN attributes'
      EQUALITY distinguishedNameMatch SYNTAX 1.3.6.1.4.1.1466.115.121.1.12 )
    attributetype ( 2.5.4.34 NAME 'seeAlso' DESC 'RFC4519: DN of related object'
      SUP distinguishedName )
    attributetype ( 2.5.4.35 NAME 'userPassword' DESC 'RFC4519/2307: password of user'
      EQUALITY octetStringMatch SYNTAX 1.3.6.1.4.1.1466.115.121.1.40{128} )
    attributetype ( 1.3.6.1.4.1.250.1.57 NAME 'labeledURI' DESC 'RFC2079: Uniform Resource Identifier with optional label'
      EQUALITY caseExactMatch SYNTAX 1.3.6.1.4.1.1466.115.121.1.15 )
    objectclass ( 2.5.6.0 NAME 'top' DESC 'top of the superclass chain' ABSTRACT MUST objectClass )
    objectclass ( 1.3.6.1.4.1.1466.101.120.111 NAME 'extensibleObject' DESC 'RFC4512: extensible object'
      SUP top AUXILIARY )
    objectclass ( 2.5.6.1 NAME 'alias' DESC 'RFC4512: an alias' SUP top STRUCTURAL MUST aliasedObjectName )
    objectclass ( 2.16.840.1.113730.3.2.6 NAME 'referral' DESC 'namedref: named subordinate referral'
      SUP top STRUCTURAL MUST ref )
    objectclass ( 2.5.17.0 NAME 'subentry' DESC 'RFC3672: subentry' SUP top STRUCTURAL
      MUST ( cn $ subtreeSpecification ) )
    objectclass ( 2.5.20.1 NAME 'subschema' DESC 'RFC4512: controlling subschema (sub)entry' AUXILIARY
      MAY ( dITStructureRules $ nameForms $ dITContentRules $ objectClasses $ attributeTypes $ matchingRules $ matchingRuleUse ) )
    objectclass ( 1.3.6.1.4.1.4203.1.4.1 NAME ( 'OpenLDAProotDSE' 'LDAProotDSE' ) DESC 'OpenLDAP Root DSE object'
      SUP top STRUCTURAL MAY cn )
    attributetype ( 2.5.21.1 NAME 'dITStructureRules' DESC 'RFC4512: DIT structure rules'
      EQUALITY integerFirstComponentMatch SYNTAX 1.3.6.1.4.1.1466.115.121.1.17 USAGE directoryOperation )
    attributetype ( 2.5.21.2 NAME 'dITContentRules' DESC 'RFC4512: DIT content rules'
      EQUALITY objectIdentifierFirstComponentMatch SYNTAX 1.3.6.1.4.1.1466.115.121.1.16 USAGE directoryOperation )
    attributetype ( 2.5.21.7 NAME 'nameForms' DESC 'RFC4512: name forms '
      EQUALITY objectIdentifierFirstComponentMatch SYNTAX 1.3.6.1.4.1.1466.115.121.1.35 USAGE directoryOperation )
    """
}
