import Foundation
import SwiftletAPI
import SwiftletModels
import Testing

@Suite("IntOrString, Quantity and JSONValue coding")
struct ScalarTypeTests {
    @Test("IntOrString round trips as a JSON number or string")
    func intOrStringRoundTrip() throws {
        var port = CoreV1.ServicePort()
        port.targetPort = 8080
        #expect(port.json["targetPort"] == .int(8080))
        port.targetPort = "http"
        #expect(port.json["targetPort"] == .string("http"))
        #expect(port.targetPort == .string("http"))
        #expect(IntOrString(fromJSON: .int(7)) == .int(7))
        #expect(IntOrString(fromJSON: .bool(true)) == nil)

        let values: [IntOrString] = [.int(3), .string("25%")]
        let data = try JSONEncoder().encode(values)
        #expect(String(decoding: data, as: UTF8.self) == #"[3,"25%"]"#)
        #expect(try JSONDecoder().decode([IntOrString].self, from: data) == values)
    }

    @Test("IntOrString scales percentages like upstream")
    func intOrStringScaling() {
        #expect(IntOrString.string("25%").scaledValue(total: 10, roundUp: true) == 3)
        #expect(IntOrString.string("25%").scaledValue(total: 10, roundUp: false) == 2)
        #expect(IntOrString.int(4).scaledValue(total: 10, roundUp: false) == 4)
        #expect(IntOrString.string("abc").scaledValue(total: 10, roundUp: false) == nil)
    }

    @Test("Quantity round trips as a string and reads bare numbers")
    func quantityRoundTrip() throws {
        var requirements = CoreV1.ResourceRequirements()
        requirements.limits = ["memory": "128Mi", "cpu": Quantity("500m")]
        #expect(requirements.json["limits"] == ["cpu": "500m", "memory": "128Mi"])
        #expect(requirements.limits?["cpu"]?.string == "500m")
        #expect(Quantity(fromJSON: .int(2)) == Quantity("2"))
        #expect(Quantity(fromJSON: .double(0.5)) == Quantity("0.5"))
        #expect(Quantity(fromJSON: .bool(false)) == nil)

        let data = try JSONEncoder().encode([Quantity("1Gi")])
        #expect(String(decoding: data, as: UTF8.self) == #"["1Gi"]"#)
        #expect(try JSONDecoder().decode([Quantity].self, from: Data("[\"1Gi\", 3]".utf8)) == ["1Gi", "3"])
    }

    @Test("JSONValue is Codable: exact integers, doubles, null, nesting")
    func jsonValueCodable() throws {
        let value: JSONValue = [
            "z": 9_007_199_254_740_993, "a": 1.5, "n": .null, "b": true, "s": "text", "list": [1, "two", [:]],
        ]
        let data = try JSONEncoder().encode(value)
        #expect(try JSONParser.parse(Array(data)) == value)
        let decoded = try JSONDecoder().decode(JSONValue.self, from: data)
        #expect(decoded == value)
        #expect(decoded["z"] == .int(9_007_199_254_740_993))
        #expect(decoded["a"] == .double(1.5))
        #expect(decoded["b"] == .bool(true))
    }
}
