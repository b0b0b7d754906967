import Testing

@testable import SwiftletAPI

private func jsonError(_ json: JSONValue?) -> String? {
    do {
        _ = try LabelSelector(json: json)
        return nil
    } catch {
        return error.message
    }
}

@Suite struct SelectorLabelJSONTests {
    @Test func nullSelectsNothingAndEmptySelectsEverything() throws {
        #expect(try LabelSelector(json: nil).selectsNothing)
        #expect(try LabelSelector(json: .null).selectsNothing)
        let empty = try LabelSelector(json: [:])
        #expect(empty.isEmpty)
        #expect(empty.matches(["a": "b"]))
        #expect(try LabelSelector(json: ["matchLabels": [:], "matchExpressions": []]).isEmpty)
        #expect(try LabelSelector(json: ["matchLabels": .null]).isEmpty)
    }

    @Test func combinesLabelsAndExpressions() throws {
        let json = try JSONParser.parse(
            """
            {"matchLabels": {"app": "web"},
             "matchExpressions": [
               {"key": "tier", "operator": "In", "values": ["b", "a"]},
               {"key": "canary", "operator": "DoesNotExist"},
               {"key": "track", "operator": "NotIn", "values": ["beta"]},
               {"key": "zone", "operator": "Exists"}
             ]}
            """)
        let s = try LabelSelector(json: json)
        #expect(s.description == "app=web,!canary,tier in (a,b),track notin (beta),zone")
        // JSON order is kept; only the rendering sorts.
        #expect(s.requirements.first { $0.key == "tier" }?.values == ["b", "a"])
        #expect(s.matches(["app": "web", "tier": "a", "zone": "z1"]))
        #expect(!s.matches(["app": "web", "tier": "a"]))
        #expect(!s.matches(["app": "web", "tier": "c", "zone": "z1"]))
        #expect(!s.matches(["app": "web", "tier": "a", "zone": "z1", "canary": ""]))
        #expect(!s.matches(["app": "web", "tier": "a", "zone": "z1", "track": "beta"]))
    }

    @Test func rejectsUnknownOperators() {
        let json: JSONValue = ["matchExpressions": [["key": "a", "operator": "Foo"]]]
        #expect(jsonError(json) == "\"Foo\" is not a valid label selector operator")
        #expect(jsonError(["matchExpressions": [["key": "a", "operator": "in", "values": ["x"]]]]) != nil)
        #expect(jsonError(["matchExpressions": [["key": "a"]]]) == "\"\" is not a valid label selector operator")
    }

    @Test func rejectsBadValueCounts() {
        #expect(
            jsonError(["matchExpressions": [["key": "a", "operator": "In"]]])
                == "values: Invalid value: []string(nil): for 'in', 'notin' operators, values set can't be empty")
        #expect(
            jsonError(["matchExpressions": [["key": "a", "operator": "NotIn", "values": []]]])
                == "values: Invalid value: []string(nil): for 'in', 'notin' operators, values set can't be empty")
        #expect(
            jsonError(["matchExpressions": [["key": "a", "operator": "Exists", "values": ["x", "y"]]]])
                == "values: Invalid value: []string{\"x\", \"y\"}: values set must be empty for exists and does not exist"
        )
    }

    @Test func validatesKeysAndValues() {
        let error = jsonError(["matchLabels": ["bad key": "x"]])
        #expect(error?.hasPrefix("key: Invalid value: \"bad key\": name part must consist of") == true)
        let valueError = jsonError(["matchLabels": ["app": "no good"]])
        #expect(valueError?.hasPrefix("values[0][app]: Invalid value: \"no good\": a valid label must be") == true)
        let both = jsonError(["matchExpressions": [["key": "-k", "operator": "In", "values": ["-v"]]]])
        #expect(both?.hasPrefix("[key: Invalid value: \"-k\"") == true)
        #expect(both?.contains(", values[0][-k]: Invalid value: \"-v\"") == true)
    }

    @Test func rejectsWrongShapes() {
        #expect(jsonError("app=web") != nil)
        #expect(jsonError(["matchLabels": ["a", "b"]]) != nil)
        #expect(jsonError(["matchLabels": ["a": 1]]) != nil)
        #expect(jsonError(["matchExpressions": ["a"]]) != nil)
        #expect(jsonError(["matchExpressions": [["key": "a", "operator": "In", "values": [1]]]]) != nil)
    }

    @Test func roundTripsThroughTheStringForm() throws {
        let json: JSONValue = [
            "matchLabels": ["b": "2", "a": "1"],
            "matchExpressions": [["key": "c", "operator": "NotIn", "values": ["y", "x"]]],
        ]
        let fromJSON = try LabelSelector(json: json)
        let reparsed = try LabelSelector(parsing: fromJSON.description)
        #expect(reparsed.description == fromJSON.description)
        for labels: [String: String] in [["a": "1", "b": "2"], ["a": "1", "b": "2", "c": "x"], ["a": "1"]] {
            #expect(reparsed.matches(labels) == fromJSON.matches(labels))
        }
    }
}
