import Testing

@testable import SwiftletAPI

private func parse(_ text: String) throws -> LabelSelector {
    try LabelSelector(parsing: text)
}

private func parseError(_ text: String) -> String? {
    do {
        _ = try LabelSelector(parsing: text)
        return nil
    } catch {
        return error.message
    }
}

private let nameRule =
    "must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')"
private let valueRule =
    "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')"

@Suite struct SelectorLabelParserTests {
    @Test(arguments: [
        ("a=b", LabelSelectorOperator.equals, ["b"], "a=b"),
        ("a==b", .doubleEquals, ["b"], "a==b"),
        ("a!=b", .notEquals, ["b"], "a!=b"),
        ("a in (y,x)", .in, ["x", "y"], "a in (x,y)"),
        ("a notin (x)", .notIn, ["x"], "a notin (x)"),
        ("a", .exists, [], "a"),
        ("!a", .doesNotExist, [], "!a"),
        ("a>1", .greaterThan, ["1"], "a>1"),
        ("a<10", .lessThan, ["10"], "a<10"),
    ])
    func parsesEachOperator(text: String, op: LabelSelectorOperator, values: [String], rendered: String) throws {
        let selector = try parse(text)
        #expect(selector.requirements.count == 1)
        let r = try #require(selector.requirements.first)
        #expect(r.key == "a")
        #expect(r.operator == op)
        #expect(r.values == values)
        #expect(selector.description == rendered)
        #expect(!selector.isEmpty)
    }

    @Test func emptySelectorSelectsEverything() throws {
        for text in ["", "   ", "\t\n"] {
            let selector = try parse(text)
            #expect(selector.isEmpty)
            #expect(selector.requirements.isEmpty)
            #expect(selector.matches([:]))
            #expect(selector.matches(["any": "thing"]))
            #expect(selector.description == "")
        }
    }

    @Test func sortsRequirementsAndNormalizesSets() throws {
        let selector = try parse("x in (foo,,baz),y,z notin ()")
        #expect(selector.requirements.map(\.key) == ["x", "y", "z"])
        #expect(selector.requirements[0].values == ["", "baz", "foo"])
        #expect(selector.requirements[2].values == [""])
        #expect(selector.description == "x in (,baz,foo),y,z notin ()")
        #expect(try parse("b=1,a=2").description == "a=2,b=1")
        #expect(try parse("a in (x,x,y)").requirements[0].values == ["x", "y"])
    }

    @Test func emptyEntriesInSetsMeanTheEmptyValue() throws {
        #expect(try parse("a in ()").requirements[0].values == [""])
        #expect(try parse("a in (,)").requirements[0].values == [""])
        #expect(try parse("a in (,b)").requirements[0].values == ["", "b"])
        #expect(try parse("a in (b,)").requirements[0].values == ["", "b"])
        #expect(try parse("a in (b,,c)").requirements[0].values == ["", "b", "c"])
    }

    @Test func blanksSeparateTokens() throws {
        let selector = try parse("  env  =  prod  ,\ttier in ( web , api )\r\n,\n!canary ")
        #expect(selector.description == "!canary,env=prod,tier in (api,web)")
        #expect(try parse("a in(b)").description == "a in (b)")
        #expect(try parse("a=b,c").description == "a=b,c")
    }

    @Test func missingExactValueIsEmpty() throws {
        #expect(try parse("a=").requirements[0].values == [""])
        #expect(try parse("a==").requirements[0].values == [""])
        #expect(try parse("a!=,b").requirements.map(\.description) == ["a!=", "b"])
    }

    @Test func keywordsAreWordsOutsideOperatorPosition() throws {
        #expect(try parse("a=in").requirements[0].values == ["in"])
        #expect(try parse("a in (in,notin)").requirements[0].values == ["in", "notin"])
        #expect(try parse("in=x").requirements[0].key == "in")
        #expect(try parse("notin notin (notin)").description == "notin notin (notin)")
        #expect(try parse("in").requirements[0].operator == .exists)
    }

    @Test func acceptsPrefixedKeys() throws {
        let selector = try parse("app.kubernetes.io/name=web,example.com/x notin (a)")
        #expect(selector.requirements.map(\.key) == ["app.kubernetes.io/name", "example.com/x"])
    }

    @Test func structuralErrors() {
        let ops = "in, notin, =, ==, !=, gt, lt"
        #expect(parseError("a b") == "unable to parse requirement: found 'b', expected: \(ops)")
        #expect(parseError("a!") == "unable to parse requirement: found '!', expected: \(ops)")
        #expect(parseError("a in (b") == "unable to parse requirement: found '', expected: ',' or ')'")
        #expect(parseError("a in b") == "unable to parse requirement: found 'b' expected: '('")
        #expect(parseError("a in )") == "unable to parse requirement: found ')' expected: '('")
        #expect(parseError("a in ((b)") == "unable to parse requirement: found '(', expected: ',', ')' or identifier")
        #expect(parseError("a in (,=)") == "unable to parse requirement: found '=', expected: ',', or identifier")
        #expect(parseError("a in (b))") == "found ')', expected: ',' or 'end of string'")
        #expect(parseError("a,") == "found '', expected: identifier after ','")
        #expect(parseError("a,,b") == "found ',', expected: identifier after ','")
        #expect(parseError(",a") == "found ',', expected: !, identifier, or 'end of string'")
        #expect(parseError("=a") == "found '=', expected: !, identifier, or 'end of string'")
        #expect(parseError("a=b c") == "found 'c', expected: ',' or 'end of string'")
        #expect(parseError("a=(b)") == "unable to parse requirement: found '(', expected: identifier")
        #expect(parseError("a===b") == "unable to parse requirement: found '=', expected: identifier")
        #expect(parseError("!a=b") == "found '=', expected: ',' or 'end of string'")
        #expect(parseError("!") == "unable to parse requirement: found '', expected: identifier")
        #expect(parseError("!!a") == "unable to parse requirement: found '!', expected: identifier")
    }

    @Test func invalidKeys() {
        #expect(
            parseError("-a=b") == "unable to parse requirement: <nil>: Invalid value: \"-a\": name part \(nameRule)")
        #expect(parseError("a$") == "unable to parse requirement: <nil>: Invalid value: \"a$\": name part \(nameRule)")
        let long = String(repeating: "k", count: 64)
        #expect(
            parseError(long)
                == "unable to parse requirement: <nil>: Invalid value: \"\(long)\": name part must be no more than 63 characters"
        )
        #expect(parseError(String(repeating: "k", count: 63)) == nil)
        #expect(
            parseError("/a")
                == "unable to parse requirement: <nil>: Invalid value: \"/a\": prefix part must be non-empty")
        #expect(
            parseError("a/")
                == "unable to parse requirement: <nil>: Invalid value: \"a/\": name part must be non-empty; name part \(nameRule)"
        )
        #expect(
            parseError("a/b/c")
                == "unable to parse requirement: <nil>: Invalid value: \"a/b/c\": a qualified name \(nameRule) with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')"
        )
        #expect(
            parseError("Example.com/a")
                == "unable to parse requirement: <nil>: Invalid value: \"Example.com/a\": prefix part a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')"
        )
        #expect(parseError("a..b.com/x") != nil)
        #expect(parseError("k\"q=v")?.contains("\"k\\\"q\"") == true)
    }

    @Test func invalidValues() {
        #expect(parseError("a=-b") == "unable to parse requirement: values[0][a]: Invalid value: \"-b\": \(valueRule)")
        #expect(parseError("a=b_") == "unable to parse requirement: values[0][a]: Invalid value: \"b_\": \(valueRule)")
        let long = String(repeating: "v", count: 64)
        #expect(
            parseError("a=\(long)")
                == "unable to parse requirement: values[0][a]: Invalid value: \"\(long)\": must be no more than 63 characters"
        )
        #expect(parseError("a=\(String(repeating: "v", count: 63))") == nil)
        #expect(
            parseError("a in (b$,c$)")
                == "unable to parse requirement: [values[0][a]: Invalid value: \"b$\": \(valueRule), values[1][a]: Invalid value: \"c$\": \(valueRule)]"
        )
        #expect(
            parseError("a in (ok,b$)")
                == "unable to parse requirement: values[0][a]: Invalid value: \"b$\": \(valueRule)")
    }

    @Test func numericComparisonsNeedIntegers() {
        #expect(
            parseError("a>x")
                == "unable to parse requirement: values[0]: Invalid value: \"x\": for 'Gt', 'Lt' operators, the value must be an integer"
        )
        #expect(parseError("a<1.5")?.contains("the value must be an integer") == true)
        #expect(parseError("a>") != nil)
        // A negative bound parses as an integer but is not a label value.
        #expect(parseError("a>-1") == "unable to parse requirement: values[0][a]: Invalid value: \"-1\": \(valueRule)")
        #expect(parseError("a>9223372036854775808")?.contains("the value must be an integer") == true)
    }

    @Test func requirementsValidateWhenBuiltDirectly() throws {
        #expect(throws: SelectorError.self) { try LabelRequirement(key: "a", operator: .equals, values: []) }
        #expect(throws: SelectorError.self) { try LabelRequirement(key: "a", operator: .in, values: []) }
        #expect(throws: SelectorError.self) { try LabelRequirement(key: "a", operator: .exists, values: ["x"]) }
        #expect(throws: SelectorError.self) {
            try LabelRequirement(key: "a", operator: .greaterThan, values: ["1", "2"])
        }
        let r = try LabelRequirement(key: "a", operator: .notIn, values: ["b", "a"])
        #expect(r.description == "a notin (a,b)")
        #expect(r.values == ["b", "a"])
    }

    @Test func nulByteBehavesAsUpstream() throws {
        // At a token boundary it ends the input; after a word it only splits.
        #expect(try parse("a=b \u{0}garbage here").description == "a=b")
        #expect(parseError("a=b\u{0}garbage") == "found 'garbage', expected: ',' or 'end of string'")
        #expect(try parse("a=\u{0}b").description == "a=b")
        #expect(parseError("a\u{0}b") != nil)
    }
}
