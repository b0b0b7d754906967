import SwiftletAPI
import Testing

/// Seeded fuzzing of the decoders and patch code: damaged JSON, selectors,
/// JSON patches, merge patches, strategic merge patches and server-side
/// apply. Every input must end as a value or a thrown error; a crash fails
/// the whole run. The split of outcomes is printed in the test log.
@Suite("Decoder fuzz")
struct DecoderFuzzTests {
    static let rounds = 3000

    static let documents: [String] = [
        #"{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"c","labels":{"a":"b"}},"data":{"k":"v"}}"#,
        #"{"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"d"},"spec":{"replicas":3,"selector":{"matchLabels":{"app":"d"}},"template":{"metadata":{"labels":{"app":"d"}},"spec":{"containers":[{"name":"a","image":"i","env":[{"name":"X","value":"1"}],"ports":[{"containerPort":80,"protocol":"TCP"}]}]}}}}"#,
        #"[1,-2.5e10,99999999999999999999,true,null,"\u00e9\ud83d\ude00",{"a":[{}]}]"#,
    ]

    @Test func damagedJSONParsesOrFailsAndRoundTrips() {
        var rng = SplitMix(seed: 20_261_206)
        var parsed = 0
        var rejected = 0
        for i in 0..<Self.rounds {
            var bytes = Array(Self.documents[i % Self.documents.count].utf8)
            for _ in 0...rng.below(4) { bytes = rng.damage(bytes) }
            guard let value = try? JSONParser.parse(bytes) else {
                rejected += 1
                continue
            }
            parsed += 1
            // What the server writes must read back and be written the same
            // (a whole -2.5e10 is written, and read again, as an integer).
            let written = value.serialized()
            let again = try? JSONParser.parse(written)
            #expect(again?.serialized() == written, "\(String(decoding: bytes, as: UTF8.self))")
        }
        print("JSON fuzz: \(parsed) parsed, \(rejected) rejected")
        #expect(parsed + rejected == Self.rounds)
    }

    @Test func damagedSelectorsParseOrFail() {
        var rng = SplitMix(seed: 7)
        let labels = ["app in (web,db),tier!=front,!canary,env", "a=b,c==d,e notin (x),f", "k8s.io/name=x"]
        let fields = ["metadata.name=x,spec.nodeName!=", "status.phase==Running", "metadata.namespace!=kube-system"]
        var outcomes = (labels: 0, fields: 0, rejected: 0)
        for i in 0..<Self.rounds {
            let label = String(decoding: rng.damage(Array(labels[i % labels.count].utf8)), as: UTF8.self)
            if (try? LabelSelector(parsing: label)) != nil { outcomes.labels += 1 } else { outcomes.rejected += 1 }
            let field = String(decoding: rng.damage(Array(fields[i % fields.count].utf8)), as: UTF8.self)
            if (try? FieldSelector(parsing: field)) != nil { outcomes.fields += 1 } else { outcomes.rejected += 1 }
        }
        print(
            "selector fuzz: \(outcomes.labels) label and \(outcomes.fields) field selectors parsed, \(outcomes.rejected) rejected"
        )
        #expect(outcomes.labels + outcomes.fields + outcomes.rejected == 2 * Self.rounds)
    }

    @Test func damagedPatchesApplyOrFail() throws {
        var rng = SplitMix(seed: 11)
        let registry = SchemaRegistry.builtin
        let schema = try #require(registry.definition("io.k8s.api.apps.v1.Deployment"))
        let document = try JSONParser.parse(Array(Self.documents[1].utf8))
        let patches = [
            #"[{"op":"replace","path":"/spec/replicas","value":5},{"op":"add","path":"/metadata/labels","value":{"x":"y"}},{"op":"remove","path":"/spec/template/spec/containers/0/env/0"},{"op":"move","from":"/spec/replicas","path":"/spec/minReadySeconds"},{"op":"test","path":"/kind","value":"Deployment"},{"op":"copy","from":"/metadata/name","path":"/metadata/generateName"}]"#,
            #"{"metadata":{"labels":{"a":null,"b":"c"}},"spec":{"replicas":null,"template":{"spec":{"containers":[{"name":"a","image":"j"}]}}}}"#,
            #"{"spec":{"template":{"spec":{"containers":[{"name":"b","image":"k"},{"$patch":"delete","name":"a"}],"$setElementOrder/containers":[{"name":"b"}]}}},"metadata":{"$retainKeys":["name"]}}"#,
        ]
        var applied = [0, 0, 0]
        var rejected = 0
        for i in 0..<Self.rounds {
            let kind = i % patches.count
            var bytes = Array(patches[kind].utf8)
            for _ in 0...rng.below(3) { bytes = rng.damage(bytes) }
            guard let patch = try? JSONParser.parse(bytes) else {
                rejected += 1
                continue
            }
            let result: JSONValue?
            switch kind {
            case 0: result = try? JSONPatch.apply(patch, to: document)
            case 1: result = patch.objectValue == nil ? nil : MergePatch.apply(patch, to: document)
            default: result = try? StrategicMergePatch.apply(patch, to: document, schema: schema, registry: registry)
            }
            if let result {
                applied[kind] += 1
                let written = result.serialized()
                #expect((try? JSONParser.parse(written))?.serialized() == written)
            } else {
                rejected += 1
            }
        }
        print(
            "patch fuzz: \(applied[0]) JSON, \(applied[1]) merge, \(applied[2]) strategic patches applied, \(rejected) rejected"
        )
        #expect(applied.reduce(0, +) + rejected == Self.rounds)
    }

    @Test func damagedAppliedConfigurationsMergeOrFail() throws {
        var rng = SplitMix(seed: 13)
        let manager = FieldManager(
            schema: try #require(MergeSchema(definition: "io.k8s.api.apps.v1.Deployment")), subresource: "",
            hasStatusSubresource: true)
        var live = try manager.apply(
            try JSONParser.parse(Array(Self.documents[1].utf8)), to: nil, manager: "seed", apiVersion: "apps/v1",
            force: false, now: "t")
        var merged = 0
        var refused = 0
        for i in 0..<Self.rounds {
            var bytes = Array(Self.documents[1].utf8)
            for _ in 0...rng.below(3) { bytes = rng.damage(bytes) }
            guard let applied = try? JSONParser.parse(bytes), applied.objectValue != nil else {
                refused += 1
                continue
            }
            do {
                let result = try manager.apply(
                    applied, to: live, manager: i % 2 == 0 ? "a" : "b", apiVersion: "apps/v1", force: i % 3 == 0,
                    now: "t")
                merged += 1
                // The managedFields written must read back.
                let entries = FieldManager.entries(of: result)
                #expect(entries.count == (result[path: ["metadata", "managedFields"]]?.arrayValue?.count ?? 0))
                if i % 10 == 0 { live = result }
            } catch {
                refused += 1
            }
        }
        print("apply fuzz: \(merged) merged, \(refused) refused (conflicts or invalid)")
        #expect(merged + refused == Self.rounds)
    }
}
