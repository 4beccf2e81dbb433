// GVE — LDIFTests
// The examples of RFC 2849 §4 ("Examples of LDAP Data Interchange Format"), written out from the RFC
// text (example numbers as in the RFC). The RFC is an IETF document; its examples are used as test
// vectors here.

import LDAPCore
@testable import LDIF
import Testing

@Suite struct RFC2849ExampleTests {
    static let example1 = """
        version: 1
        dn: cn=Barbara Jensen, ou=Product Development, dc=airius, dc=com
        objectclass: top
        objectclass: person
        objectclass: organizationalPerson
        cn: Barbara Jensen
        cn: Barbara J Jensen
        cn: Babs Jensen
        sn: Jensen
        uid: bjensen
        telephonenumber: +1 408 555 1212
        description: A big sailing fan.

        dn: cn=Bjorn Jensen, ou=Accounting, dc=airius, dc=com
        objectclass: top
        objectclass: person
        objectclass: organizationalPerson
        cn: Bjorn Jensen
        sn: Jensen
        telephonenumber: +1 408 555 1212

        """

    static let example2 = """
        version: 1
        dn:cn=Barbara Jensen, ou=Product Development, dc=airius, dc=com
        objectclass:top
        objectclass:person
        objectclass:organizationalPerson
        cn:Barbara Jensen
        cn:Barbara J Jensen
        cn:Babs Jensen
        sn:Jensen
        uid:bjensen
        telephonenumber:+1 408 555 1212
        description:Babs is a big sailing fan, and travels extensively in sea
         rch of perfect sailing conditions.
        title:Product Manager, Rod and Reel Division

        """

    static let example3 = """
        version: 1
        dn: cn=Gern Jensen, ou=Product Testing, dc=airius, dc=com
        objectclass: top
        objectclass: person
        objectclass: organizationalPerson
        cn: Gern Jensen
        cn: Gern O Jensen
        sn: Jensen
        uid: gernj
        telephonenumber: +1 408 555 1212
        description:: V2hhdCBhIGNhcmVmdWwgcmVhZGVyIHlvdSBhcmUhICBUaGlzIHZhbHVlIGlzIGJhc2UtNjQtZW5jb2RlZCBiZWNhdXNlIGl0IGhhcyBhIGNvbnRyb2wgY2hhcmFjdGVyIGluIGl0IChhIENSKS4NICBCeSB0aGUgd2F5LCB5b3Ugc2hvdWxkIHJlYWxseSBnZXQgb3V0IG1vcmUu

        """

    static let example4 = """
        version: 1
        dn:: b3U95Za25qWt6YOoLG89QWlyaXVz
        # dn:: ou=<JapaneseOU>,o=Airius
        objectclass: top
        objectclass: organizationalUnit
        ou:: 5Za25qWt6YOo
        # ou:: <JapaneseOU>
        ou;lang-ja:: 5Za25qWt6YOo
        # ou;lang-ja:: <JapaneseOU>
        ou;lang-ja;phonetic:: 44GI44GE44GO44KH44GG44G2
        # ou;lang-ja:: <JapaneseOU_in_phonetic_representation>
        ou;lang-en: Sales
        description: Japanese office

        dn:: dWlkPXJvZ2FzYXdhcmEsb3U95Za25qWt6YOoLG89QWlyaXVz
        # dn:: uid=<uid>,ou=<JapaneseOU>,o=Airius
        userpassword: {SHA}O3HSv1MusyL4kTjP+HKI5uxuNoM=
        objectclass: top
        objectclass: person
        objectclass: organizationalPerson
        objectclass: inetOrgPerson
        uid: rogasawara
        mail: rogasawara@airius.co.jp
        givenname;lang-ja:: 44Ot44OJ44OL44O8
        # givenname;lang-ja:: <JapaneseGivenname>
        sn;lang-ja:: 5bCP56yg5Y6f
        # sn;lang-ja:: <JapaneseSn>
        cn;lang-ja:: 5bCP56yg5Y6fIOODreODieODi+ODvA==
        # cn;lang-ja:: <JapaneseCn>
        title;lang-ja:: 5Za25qWt6YOoIOmDqOmVtw==
        # title;lang-ja:: <JapaneseTitle>
        preferredlanguage: ja
        givenname:: 44Ot44OJ44OL44O8
        # givenname:: <JapaneseGivenname>
        sn:: 5bCP56yg5Y6f
        # sn:: <JapaneseSn>
        cn:: 5bCP56yg5Y6fIOODreODieODi+ODvA==
        # cn:: <JapaneseCn>
        title:: 5Za25qWt6YOoIOmDqOmVtw==
        # title:: <JapaneseTitle>
        givenname;lang-ja;phonetic:: 44KN44Gp44Gr44O8
        # givenname;lang-ja;phonetic:: <JapaneseGivenname_in_phonetic_representation_kana>
        sn;lang-ja;phonetic:: 44GK44GM44GV44KP44KJ
        # sn;lang-ja;phonetic:: <JapaneseSn_in_phonetic_representation_kana>
        cn;lang-ja;phonetic:: 44GK44GM44GV44KP44KJIOOCjeOBqeOBq+ODvA==
        # cn;lang-ja;phonetic:: <JapaneseCn_in_phonetic_representation_kana>
        title;lang-ja;phonetic:: 44GI44GE44GO44KH44GG44G2IOOBtuOBoeOCh+OBhg==
        # title;lang-ja;phonetic:: <JapaneseTitle_in_phonetic_representation_kana>
        givenname;lang-en: Rodney
        sn;lang-en: Ogasawara
        cn;lang-en: Rodney Ogasawara
        title;lang-en: Sales, Director

        """

    static let example5 = """
        version: 1
        dn: cn=Horatio Jensen, ou=Product Testing, dc=airius, dc=com
        objectclass: top
        objectclass: person
        objectclass: organizationalPerson
        cn: Horatio Jensen
        cn: Horatio N Jensen
        sn: Jensen
        uid: hjensen
        telephonenumber: +1 408 555 1212
        jpegphoto:< file:///usr/local/directory/photos/hjensen.jpg

        """

    static let example6 = """
        version: 1
        # Add a new entry
        dn: cn=Fiona Jensen, ou=Marketing, dc=airius, dc=com
        changetype: add
        objectclass: top
        objectclass: person
        objectclass: organizationalPerson
        cn: Fiona Jensen
        sn: Jensen
        uid: fiona
        telephonenumber: +1 408 555 1212
        jpegphoto:< file:///usr/local/directory/photos/fiona.jpg

        # Delete an existing entry
        dn: cn=Robert Jensen, ou=Marketing, dc=airius, dc=com
        changetype: delete

        # Modify an entry's relative distinguished name
        dn: cn=Paul Jensen, ou=Product Development, dc=airius, dc=com
        changetype: modrdn
        newrdn: cn=Paula Jensen
        deleteoldrdn: 1

        # Rename an entry and move all of its children to a new location in
        # the directory tree (only implemented by LDAPv3 servers).
        dn: ou=PD Accountants, ou=Product Development, dc=airius, dc=com
        changetype: modrdn
        newrdn: ou=Product Development Accountants
        deleteoldrdn: 0
        newsuperior: ou=Accounting, dc=airius, dc=com

        # Modify an entry: add an additional value to the postaladdress
        # attribute, completely delete the description attribute, replace
        # the telephonenumber attribute with two values, and delete a specific
        # value from the facsimiletelephonenumber attribute
        dn: cn=Paula Jensen, ou=Product Development, dc=airius, dc=com
        changetype: modify
        add: postaladdress
        postaladdress: 123 Anystreet $ Sunnyvale, CA $ 94086
        -
        delete: description
        -
        replace: telephonenumber
        telephonenumber: +1 408 555 1234
        telephonenumber: +1 408 555 5678
        -
        delete: facsimiletelephonenumber
        facsimiletelephonenumber: +1 408 555 9876
        -

        # Modify an entry: replace the postaladdress attribute with an empty
        # set of values (which will cause the attribute to be removed), and
        # delete the entire description attribute. Note that the first will
        # always succeed, while the second will only succeed if at least
        # one value for the description attribute is present.
        dn: cn=Ingrid Jensen, ou=Product Support, dc=airius, dc=com
        changetype: modify
        replace: postaladdress
        -
        delete: description
        -

        """

    static let example7 = """
        version: 1
        # Delete an entry.  The operation will attach the LDAPv3
        # Tree Delete Control defined in [9]. The criticality
        # field is "true" and the controlValue field is
        # absent, as required by [9].
        dn: ou=Product Development, dc=airius, dc=com
        control: 1.2.840.113556.1.4.805 true
        changetype: delete

        """

    /// Example 1: two content records, multi-valued attributes grouped in order.
    @Test func example1TwoEntries() throws {
        let e = try entries(Self.example1)
        #expect(e.count == 2)
        #expect(e[0].dn == dn("cn=Barbara Jensen,ou=Product Development,dc=airius,dc=com"))
        #expect(e[0].values("cn") == ["Barbara Jensen", "Barbara J Jensen", "Babs Jensen"])
        #expect(e[0].values("objectclass") == ["top", "person", "organizationalPerson"])
        #expect(e[0].attributes.map(\.name) == ["objectclass", "cn", "sn", "uid", "telephonenumber", "description"])
        #expect(e[1].values("telephonenumber") == ["+1 408 555 1212"])
        #expect(e[1].dn.rdn?.attributes.first?.value == "Bjorn Jensen")
    }

    /// Example 2: no space after the colon and a folded value are read as one value.
    @Test func example2FoldedValue() throws {
        let e = try entries(Self.example2)
        #expect(e.count == 1)
        #expect(e[0].values("description") == [
            "Babs is a big sailing fan, and travels extensively in search of perfect sailing conditions.",
        ])
        #expect(e[0].values("title") == ["Product Manager, Rod and Reel Division"])
        #expect(e[0].values("objectclass") == ["top", "person", "organizationalPerson"])
    }

    /// Example 3: a base64 value with a control character decodes byte for byte.
    @Test func example3Base64Value() throws {
        let e = try entries(Self.example3)
        let expected = "What a careful reader you are!  This value is base-64-encoded because it has a control character in it (a CR).\r  By the way, you should really get out more."
        #expect(e[0]["description"] == [Array(expected.utf8)])
    }

    /// Example 4: base64 DNs and UTF-8 values, attribute options kept on the description.
    @Test func example4UTF8AndOptions() throws {
        let e = try entries(Self.example4)
        #expect(e.count == 2)
        #expect(e[0].dn == dn("ou=営業部,o=Airius"))
        #expect(e[0].values("ou") == ["営業部"])
        #expect(e[0].values("ou;lang-ja;phonetic") == ["えいぎょうぶ"])
        #expect(e[0].values("ou;lang-en") == ["Sales"])
        #expect(e[0].strings("ou") == ["営業部", "営業部", "えいぎょうぶ", "Sales"])
        #expect(e[1].dn == dn("uid=rogasawara,ou=営業部,o=Airius"))
        #expect(e[1].values("cn;lang-ja;phonetic") == ["おがさわら ろどにー"])
        #expect(e[1].values("givenname") == ["ロドニー"])
        #expect(e[1].values("userpassword") == ["{SHA}O3HSv1MusyL4kTjP+HKI5uxuNoM="])
        #expect(e[1].values("title;lang-en") == ["Sales, Director"])
    }

    /// Example 5: a `:<` URL is refused by default, naming the line and column of the URL.
    @Test func example5URLRefusedByDefault() throws {
        let error = try #require(parseError(Self.example5))
        #expect(error.code == .url)
        #expect(error.line == 11)
        #expect(error.column == 13)
        #expect(error.message.contains("file:///usr/local/directory/photos/hjensen.jpg"))
    }

    /// Example 5: with a resolver the URL's content becomes the value.
    @Test func example5URLResolved() throws {
        let config = LDIFParser.Configuration(urlPolicy: .resolve { url in Array("photo of \(url.suffix(11))".utf8) })
        let e = try #require(try records(Self.example5, config).first)
        guard case .content(let entry) = e else { Issue.record("not content"); return }
        #expect(entry.strings("jpegphoto") == ["photo of hjensen.jpg"])
    }

    /// Example 6: add, delete, modrdn with and without newsuperior, and modify records.
    @Test func example6ChangeRecords() throws {
        let config = LDIFParser.Configuration(urlPolicy: .resolve { _ in [0xFF, 0xD8, 0xFF] })
        let r = try records(Self.example6, config)
        #expect(r.count == 6)
        guard case .change(let add) = r[0], case .add(let attrs) = add.operation else { Issue.record("add"); return }
        #expect(add.dn == dn("cn=Fiona Jensen,ou=Marketing,dc=airius,dc=com"))
        #expect(attrs.first { $0.name == "jpegphoto" }?.values == [[0xFF, 0xD8, 0xFF]])
        #expect(r[1] == .change(LDIFChange(dn: dn("cn=Robert Jensen,ou=Marketing,dc=airius,dc=com"), operation: .delete)))
        #expect(r[2] == .change(LDIFChange(
            dn: dn("cn=Paul Jensen,ou=Product Development,dc=airius,dc=com"),
            operation: .modifyDN(newRDN: RelativeDistinguishedName(type: "cn", value: "Paula Jensen"), deleteOldRDN: true, newSuperior: nil))))
        #expect(r[3] == .change(LDIFChange(
            dn: dn("ou=PD Accountants,ou=Product Development,dc=airius,dc=com"),
            operation: .modifyDN(newRDN: RelativeDistinguishedName(type: "ou", value: "Product Development Accountants"),
                                 deleteOldRDN: false, newSuperior: dn("ou=Accounting,dc=airius,dc=com")))))
        #expect(r[4] == .change(LDIFChange(
            dn: dn("cn=Paula Jensen,ou=Product Development,dc=airius,dc=com"),
            operation: .modify([
                LDAPModification(.add, LDAPAttribute(name: "postaladdress", strings: ["123 Anystreet $ Sunnyvale, CA $ 94086"])),
                LDAPModification(.delete, LDAPAttribute(name: "description", values: [])),
                LDAPModification(.replace, LDAPAttribute(name: "telephonenumber", strings: ["+1 408 555 1234", "+1 408 555 5678"])),
                LDAPModification(.delete, LDAPAttribute(name: "facsimiletelephonenumber", strings: ["+1 408 555 9876"])),
            ]))))
        #expect(r[5] == .change(LDIFChange(
            dn: dn("cn=Ingrid Jensen,ou=Product Support,dc=airius,dc=com"),
            operation: .modify([
                LDAPModification(.replace, LDAPAttribute(name: "postaladdress", values: [])),
                LDAPModification(.delete, LDAPAttribute(name: "description", values: [])),
            ]))))
    }

    /// Example 7: a critical control without a value on a delete record.
    @Test func example7Control() throws {
        let r = try records(Self.example7)
        #expect(r == [.change(LDIFChange(
            dn: dn("ou=Product Development,dc=airius,dc=com"),
            controls: [LDIFControl(oid: "1.2.840.113556.1.4.805", isCritical: true)],
            operation: .delete))])
        guard case .change(let c) = r[0] else { return }
        #expect(c.controls == [LDIFControl(oid: "1.2.840.113556.1.4.805", isCritical: true, value: nil)])
    }

    /// Every example survives write-then-read unchanged.
    @Test(arguments: [example1, example2, example3, example4, example7])
    func examplesRoundTrip(_ text: String) throws {
        let parsed = try records(text)
        let written = LDIFWriter().string(for: parsed)
        #expect(try records(written) == parsed)
    }
}
