import Testing

@testable import SwiftletAPI

private func fieldError(_ text: String) -> String? {
    do {
        _ = try FieldSelector(parsing: text)
        return nil
    } catch {
        return error.message
    }
}

@Suite struct SelectorFieldSelectorTests {
    @Test func parsesOperators() throws {
        let s = try FieldSelector(parsing: "a=1,b==2,c!=3")
        #expect(
            s.requirements == [
                FieldRequirement(field: "a", operator: .equals, value: "1"),
                FieldRequirement(field: "b", operator: .equals, value: "2"),
                FieldRequirement(field: "c", operator: .notEquals, value: "3"),
            ])
        // `==` prints as `=`, as upstream prints it.
        #expect(s.description == "a=1,b=2,c!=3")
        #expect(s.fieldNames == ["a", "b", "c"])
    }

    @Test func termsAreSortedByTheirText() throws {
        let s = try FieldSelector(parsing: "status.phase=Running,metadata.name=x")
        #expect(s.description == "metadata.name=x,status.phase=Running")
    }

    @Test func emptyTermsAreSkipped() throws {
        #expect(try FieldSelector(parsing: "").isEmpty)
        #expect(try FieldSelector(parsing: ",").isEmpty)
        #expect(try FieldSelector(parsing: "a=b,,c=d").requirements.count == 2)
        #expect(FieldSelector.everything.matches(["x": "y"]))
    }

    @Test func emptyValues() throws {
        let s = try FieldSelector(parsing: "spec.nodeName=")
        #expect(s.requirements == [FieldRequirement(field: "spec.nodeName", operator: .equals, value: "")])
        #expect(s.matches([:]))
        #expect(s.matches(["spec.nodeName": ""]))
        #expect(!s.matches(["spec.nodeName": "n1"]))
    }

    @Test func nothingIsTrimmed() throws {
        let s = try FieldSelector(parsing: "a = b")
        #expect(s.requirements == [FieldRequirement(field: "a ", operator: .equals, value: " b")])
    }

    @Test func valuesUnescape() throws {
        let s = try FieldSelector(parsing: #"a=x\,y\=z\\w,b=plain"#)
        #expect(s.requirements.map(\.value) == [#"x,y=z\w"#, "plain"])
        #expect(s.description == #"a=x\,y\=z\\w,b=plain"#)
        #expect(try FieldSelector(parsing: s.description) == s)
    }

    @Test func escapesRoundTrip() throws {
        for value in ["", "plain", "a,b", "a=b", #"a\b"#, #"\,=\\"#, "a!=b", "ünï"] {
            let escaped = FieldSelector.escapeValue(value)
            #expect(try FieldSelector.unescapeValue(escaped) == value)
            let s = try FieldSelector(parsing: "f=" + escaped)
            #expect(s.requirements.first?.value == value)
        }
        #expect(FieldSelector.escapeValue("a!b") == "a!b")
    }

    @Test func escapeErrors() {
        #expect(fieldError(#"a=\x"#) == #"invalid field selector: invalid escape sequence: \x"#)
        #expect(fieldError(#"a=b\"#) == #"invalid field selector: invalid escape sequence: \"#)
        #expect(fieldError("a=b=c") == "invalid field selector: unescaped character in value: 61")
        #expect(fieldError("a!==b") == "invalid field selector: unescaped character in value: 61")
    }

    @Test func termsNeedAnOperator() {
        #expect(fieldError("a") == "invalid selector: 'a'; can't understand 'a'")
        #expect(fieldError("x=1,a") == "invalid selector: 'x=1,a'; can't understand 'a'")
        // The sorted first bad term is the one reported.
        #expect(fieldError("zz,aa") == "invalid selector: 'zz,aa'; can't understand 'aa'")
        #expect(fieldError("a in (b)") == "invalid selector: 'a in (b)'; can't understand 'a in (b)'")
    }

    @Test func escapedCommasDoNotSplit() throws {
        let s = try FieldSelector(parsing: #"a=x\,y,b=z"#)
        #expect(s.requirements.map(\.field) == ["a", "b"])
        #expect(s.requirements.map(\.value) == ["x,y", "z"])
    }

    @Test func theFirstOperatorSplitsTheTerm() throws {
        // An escape in the field part is not one; the term splits at the first `=`.
        #expect(fieldError(#"a\=b=c"#) == "invalid field selector: unescaped character in value: 61")
        let s = try FieldSelector(parsing: "a!=b")
        #expect(s.requirements == [FieldRequirement(field: "a", operator: .notEquals, value: "b")])
    }

    @Test func missingFieldsReadAsEmpty() throws {
        #expect(try FieldSelector(parsing: "a!=x").matches([:]))
        #expect(!(try FieldSelector(parsing: "a=x").matches([:])))
        let s = try FieldSelector(parsing: "a=1,b!=2")
        #expect(s.matches(["a": "1", "b": "3"]))
        #expect(!s.matches(["a": "1", "b": "2"]))
        #expect(!s.matches(["a": "2"]))
    }

    @Test func fieldNamesAreDistinct() throws {
        let s = try FieldSelector(parsing: "b=1,a=2,b!=3")
        #expect(s.fieldNames == ["a", "b"])
        #expect(s.requiredValue(for: "b") == "1")
        #expect(s.requiredValue(for: "c") == nil)
        #expect(try FieldSelector(parsing: "a!=1").requiredValue(for: "a") == nil)
    }

    @Test func transformRenamesAndDrops() throws {
        let s = try FieldSelector(parsing: "drop=me,old=v")
        let t = try s.transformed { (field, value) throws(SelectorError) in
            switch field {
            case "drop": return ("", "")
            case "old": return ("new", value)
            default: throw SelectorError("no")
            }
        }
        #expect(t.description == "new=v")
        #expect(throws: SelectorError.self) {
            try s.transformed { (_, _) throws(SelectorError) in throw SelectorError("no") }
        }
    }

    @Test func fromMatchingFields() {
        let s = FieldSelector(matching: ["b": "2", "a": "x,y"])
        #expect(s.description == #"a=x\,y,b=2"#)
        #expect(s.matches(["a": "x,y", "b": "2"]))
    }
}
