import Testing

@testable import SwiftletAPI

@Suite struct ValidationNameTests {
    static let subdomainMessage =
        "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')"
    static let labelMessage =
        "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')"

    @Test func dns1123Subdomain() {
        #expect(NameValidation.dns1123Subdomain("my-app.example.com").isEmpty)
        #expect(NameValidation.dns1123Subdomain("Bad_Name") == [Self.subdomainMessage])
        #expect(NameValidation.dns1123Subdomain("a..b") == [Self.subdomainMessage])
        #expect(
            NameValidation.dns1123Subdomain(String(repeating: "a", count: 254))
                == ["must be no more than 253 characters"])
    }

    @Test func dns1123LabelAndDNS1035() {
        #expect(NameValidation.dns1123Label("kube-system").isEmpty)
        #expect(NameValidation.dns1123Label("a.b") == ["must not contain dots"])
        #expect(NameValidation.dns1123Label("-x") == [Self.labelMessage])
        #expect(
            NameValidation.dns1123Label(String(repeating: "a", count: 64)) == ["must be no more than 63 characters"])
        #expect(
            NameValidation.dns1035Label("1abc")
                == [
                    "a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')"
                ])
        #expect(NameValidation.pathSegmentName("..") == ["may not be '..'"])
        #expect(NameValidation.pathSegmentName("a/b%c") == ["may not contain '/'", "may not contain '%'"])
    }

    @Test func qualifiedNamesAndLabelValues() {
        #expect(NameValidation.qualifiedName("example.com/My_Name-1").isEmpty)
        #expect(NameValidation.qualifiedName("/x") == ["prefix part must be non-empty"])
        #expect(
            NameValidation.qualifiedName("a/b/c")
                == [
                    "a qualified name must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]') with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')"
                ])
        #expect(NameValidation.labelValue("").isEmpty)
        #expect(
            NameValidation.labelValue("bad value")
                == [
                    "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')"
                ])
        #expect(NameValidation.configMapKey("..x") == ["must not start with '..'"])
        #expect(
            NameValidation.portName("HTTP") == [
                "must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)",
                "must contain at least one letter (a-z)",
            ])
    }

    @Test func generateNameMayEndInDash() {
        #expect(NameRule.dns1123Subdomain.messages("web-", prefix: true).isEmpty)
        #expect(NameRule.dns1123Subdomain.messages("web-").count == 1)
        #expect(NameRule.dns1035Label.messages("1web-", prefix: true).count == 1)
    }
}
