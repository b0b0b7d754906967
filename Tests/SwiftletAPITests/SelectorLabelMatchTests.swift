import Testing

@testable import SwiftletAPI

private func selector(_ text: String) throws -> LabelSelector {
    try LabelSelector(parsing: text)
}

@Suite struct SelectorLabelMatchTests {
    @Test func equality() throws {
        for text in ["a=b", "a==b"] {
            let s = try selector(text)
            #expect(s.matches(["a": "b"]))
            #expect(s.matches(["a": "b", "c": "d"]))
            #expect(!s.matches(["a": "c"]))
            #expect(!s.matches([:]))
        }
    }

    @Test func inequalityMatchesObjectsWithoutTheLabel() throws {
        let s = try selector("a!=b")
        #expect(s.matches([:]))
        #expect(s.matches(["a": "c"]))
        #expect(!s.matches(["a": "b"]))
    }

    @Test func setMembership() throws {
        let inSet = try selector("env in (prod,staging)")
        #expect(inSet.matches(["env": "prod"]))
        #expect(inSet.matches(["env": "staging"]))
        #expect(!inSet.matches(["env": "dev"]))
        #expect(!inSet.matches([:]))

        let notIn = try selector("env notin (prod,staging)")
        #expect(!notIn.matches(["env": "prod"]))
        #expect(notIn.matches(["env": "dev"]))
        #expect(notIn.matches([:]))
    }

    @Test func emptyValueMatchesAnEmptyLabelOnly() throws {
        let s = try selector("a=")
        #expect(s.matches(["a": ""]))
        #expect(!s.matches([:]))
        #expect(!s.matches(["a": "x"]))
        #expect(try selector("a in ()").matches(["a": ""]))
    }

    @Test func existence() throws {
        #expect(try selector("a").matches(["a": ""]))
        #expect(!(try selector("a").matches(["b": "x"])))
        #expect(try selector("!a").matches(["b": "x"]))
        #expect(!(try selector("!a").matches(["a": "x"])))
    }

    @Test func numericComparisons() throws {
        let gt = try selector("n>5")
        #expect(gt.matches(["n": "6"]))
        #expect(!gt.matches(["n": "5"]))
        #expect(!gt.matches(["n": "x"]))
        #expect(!gt.matches([:]))
        let lt = try selector("n<5")
        #expect(lt.matches(["n": "-3"]))
        #expect(lt.matches(["n": "4"]))
        #expect(!lt.matches(["n": "5"]))
        #expect(!lt.matches(["n": "4.5"]))
    }

    @Test func allRequirementsMustHold() throws {
        let s = try selector("app=web,tier in (fe,be),!canary,track!=beta")
        #expect(s.matches(["app": "web", "tier": "fe"]))
        #expect(s.matches(["app": "web", "tier": "be", "track": "stable"]))
        #expect(!s.matches(["app": "web", "tier": "fe", "canary": "yes"]))
        #expect(!s.matches(["app": "web", "tier": "fe", "track": "beta"]))
        #expect(!s.matches(["app": "api", "tier": "fe"]))
    }

    @Test func everythingAndNothing() {
        #expect(LabelSelector.everything.isEmpty)
        #expect(LabelSelector.everything.matches([:]))
        #expect(!LabelSelector.nothing.isEmpty)
        #expect(LabelSelector.nothing.selectsNothing)
        #expect(!LabelSelector.nothing.matches([:]))
        #expect(!LabelSelector.nothing.matches(["a": "b"]))
        #expect(LabelSelector.nothing.description == "")
        #expect(LabelSelector.nothing.adding([]).selectsNothing)
    }

    @Test func matchesObjectLabels() throws {
        let pod: JSONValue = ["metadata": ["name": "p", "labels": ["app": "web", "n": 3]]]
        #expect(try selector("app=web").matches(object: pod))
        // Non-string members are not labels.
        #expect(!(try selector("n").matches(object: pod)))
        #expect(try selector("!app").matches(object: ["metadata": ["name": "q"]]))
    }

    @Test func requiredValue() throws {
        #expect(try selector("a=b,c!=d").requiredValue(for: "a") == "b")
        #expect(try selector("a in (b)").requiredValue(for: "a") == "b")
        #expect(try selector("a in (b,c)").requiredValue(for: "a") == nil)
        #expect(try selector("c!=d").requiredValue(for: "c") == nil)
        #expect(try selector("c!=d").requiredValue(for: "x") == nil)
    }

    @Test func fromMatchLabels() throws {
        let s = try LabelSelector(matchLabels: ["b": "2", "a": "1"])
        #expect(s.description == "a=1,b=2")
        #expect(s.matches(["a": "1", "b": "2", "c": "3"]))
        #expect(!s.matches(["a": "1"]))
        #expect(throws: SelectorError.self) { try LabelSelector(matchLabels: ["bad key": "x"]) }
        #expect(try LabelSelector(matchLabels: [:]).isEmpty)
    }

    @Test func addingKeepsKeyOrder() throws {
        let s = try selector("m=1").adding([try LabelRequirement(key: "a", operator: .exists)])
        #expect(s.description == "a,m=1")
    }
}
