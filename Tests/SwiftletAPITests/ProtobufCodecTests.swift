import Foundation
import SwiftletAPI
import Testing

/// Wire bytes written by hand, the way a Go client lays them out.
private enum Wire {
    static func varint(_ value: UInt64) -> [UInt8] {
        var v = value
        var out: [UInt8] = []
        while v >= 0x80 {
            out.append(UInt8(v & 0x7f) | 0x80)
            v >>= 7
        }
        out.append(UInt8(v))
        return out
    }
    static func bytes(_ number: Int, _ payload: [UInt8]) -> [UInt8] {
        varint(UInt64(number << 3 | 2)) + varint(UInt64(payload.count)) + payload
    }
    static func string(_ number: Int, _ text: String) -> [UInt8] { bytes(number, Array(text.utf8)) }
    static func int(_ number: Int, _ value: Int64) -> [UInt8] {
        varint(UInt64(number << 3)) + varint(UInt64(bitPattern: value))
    }
    static func envelope(apiVersion: String, kind: String, _ raw: [UInt8]) -> [UInt8] {
        KubernetesProtobuf.magic + bytes(1, string(1, apiVersion) + string(2, kind)) + bytes(2, raw)
            + string(3, "") + string(4, "")
    }
}

@Suite struct ProtobufCodecTests {
    /// What `kubectl create namespace team-a` sends: every non-pointer
    /// string of ObjectMeta is on the wire, empty ones included.
    @Test func decodesANamespaceAsAGoClientWritesIt() throws {
        let meta =
            Wire.string(1, "team-a") + Wire.string(2, "") + Wire.string(3, "") + Wire.string(4, "")
            + Wire.int(7, 0) + Wire.bytes(8, []) + Wire.bytes(11, Wire.string(1, "env") + Wire.string(2, "dev"))
        let raw = Wire.bytes(1, meta) + Wire.bytes(2, []) + Wire.bytes(3, Wire.string(1, ""))
        let body = Wire.envelope(apiVersion: "v1", kind: "Namespace", raw)
        let object = try KubernetesProtobuf.decode(body)
        let expected: JSONValue = [
            "kind": "Namespace", "apiVersion": "v1", "metadata": ["name": "team-a", "labels": ["env": "dev"]],
            "spec": [:], "status": [:],
        ]
        #expect(object == expected)
        #expect(object.objectValue?.keys.prefix(2) == ["kind", "apiVersion"])
    }

    /// A pointer field keeps an explicit zero (`replicas: 0` must not become
    /// the default of 1); a non-pointer `omitempty` zero is left out.
    @Test func pointerZerosStayAndOmitEmptyZerosGo() throws {
        let spec = Wire.int(1, 0) + Wire.int(5, 0) + Wire.bytes(3, [])
        let body = Wire.envelope(apiVersion: "apps/v1", kind: "Deployment", Wire.bytes(2, spec))
        let object = try KubernetesProtobuf.decode(body)
        #expect(object[path: ["spec", "replicas"]] == .int(0))
        #expect(object[path: ["spec", "minReadySeconds"]] == nil)
        #expect(object[path: ["spec", "template"]] == .object([:]))
    }

    @Test func negativeInt32AndInlineFieldsDecode() throws {
        // Probe.handler is inline in JSON: its httpGet sits beside periodSeconds.
        let port = Wire.int(1, 1) + Wire.int(2, 0) + Wire.string(3, "http")
        let httpGet = Wire.string(1, "/healthz") + Wire.bytes(2, port)
        let handler = Wire.bytes(2, httpGet)
        let probe = Wire.bytes(1, handler) + Wire.int(4, 10) + Wire.int(6, -1)
        let container = Wire.string(1, "web") + Wire.string(2, "nginx") + Wire.bytes(10, probe)
        let podSpec = Wire.bytes(2, container)
        let body = Wire.envelope(apiVersion: "v1", kind: "Pod", Wire.bytes(2, podSpec))
        let object = try KubernetesProtobuf.decode(body)
        let probeJSON = object[path: ["spec", "containers"]]?.arrayValue?.first?["livenessProbe"]
        #expect(probeJSON?["httpGet"] == ["path": "/healthz", "port": "http"])
        #expect(probeJSON?["periodSeconds"] == .int(10))
        #expect(probeJSON?["failureThreshold"] == .int(-1))
    }

    @Test func objectsRoundTripThroughProtobuf() throws {
        let deployment: JSONValue = [
            "kind": "Deployment", "apiVersion": "apps/v1",
            "metadata": [
                "name": "web", "namespace": "default", "uid": "0b5c7c3e-1111-2222-3333-444455556666",
                "resourceVersion": "42", "generation": 3, "creationTimestamp": "2026-12-04T10:00:00Z",
                "labels": ["app": "web", "tier": "front"], "annotations": ["note": "ünïcode ✓"],
                "ownerReferences": [
                    ["apiVersion": "v1", "kind": "ConfigMap", "name": "owner", "uid": "u-1", "controller": true]
                ],
                "managedFields": [
                    [
                        "manager": "kubectl", "operation": "Update", "apiVersion": "apps/v1",
                        "time": "2026-12-04T10:00:00Z", "fieldsType": "FieldsV1",
                        "fieldsV1": ["f:spec": ["f:replicas": [:]]],
                    ]
                ],
            ],
            "spec": [
                "replicas": 0,
                "selector": ["matchLabels": ["app": "web"]],
                "strategy": [
                    "type": "RollingUpdate", "rollingUpdate": ["maxUnavailable": 0, "maxSurge": "25%"],
                ],
                "template": [
                    "metadata": ["labels": ["app": "web"]],
                    "spec": [
                        "containers": [
                            [
                                "name": "web", "image": "nginx", "args": ["-g", "daemon off;"],
                                "ports": [["containerPort": 80, "protocol": "TCP"]],
                                "resources": ["limits": ["cpu": "500m", "memory": "128Mi"]],
                                "securityContext": ["runAsUser": 0, "allowPrivilegeEscalation": false],
                            ]
                        ],
                        "volumes": [["name": "cfg", "configMap": ["name": "web-config", "defaultMode": 420]]],
                        "terminationGracePeriodSeconds": 30,
                    ],
                ],
            ],
            "status": [
                "observedGeneration": 3,
                "conditions": [
                    [
                        "type": "Available", "status": "True", "lastUpdateTime": "2026-12-04T10:00:01Z",
                        "lastTransitionTime": "2026-12-04T10:00:01Z", "reason": "MinimumReplicasAvailable",
                    ]
                ],
            ],
        ]
        let bytes = try #require(KubernetesProtobuf.encode(deployment))
        #expect(bytes.starts(with: KubernetesProtobuf.magic))
        #expect(try KubernetesProtobuf.decode(bytes) == deployment)

        let secret: JSONValue = [
            "kind": "Secret", "apiVersion": "v1", "metadata": ["name": "s"], "type": "Opaque",
            "data": ["password": "aHVudGVyMg=="],
        ]
        #expect(try KubernetesProtobuf.decode(try #require(KubernetesProtobuf.encode(secret))) == secret)

        let event: JSONValue = [
            "kind": "Event", "apiVersion": "events.k8s.io/v1", "metadata": ["name": "e"],
            "eventTime": "2026-12-04T10:00:00.123456Z", "reason": "Started", "action": "Start",
            "regarding": ["kind": "Pod", "name": "p"],
        ]
        #expect(try KubernetesProtobuf.decode(try #require(KubernetesProtobuf.encode(event))) == event)
    }

    @Test func statusAndListsUseTheirMessages() throws {
        let status: JSONValue = [
            "kind": "Status", "apiVersion": "v1", "metadata": [:], "status": "Failure",
            "message": "configmaps \"x\" not found", "reason": "NotFound",
            "details": ["name": "x", "kind": "configmaps"], "code": 404,
        ]
        #expect(try KubernetesProtobuf.decode(try #require(KubernetesProtobuf.encode(status))) == status)
        let list: JSONValue = [
            "kind": "ConfigMapList", "apiVersion": "v1", "metadata": ["resourceVersion": "7"],
            "items": [["metadata": ["name": "a"], "data": ["k": "v"]], ["metadata": ["name": "b"]]],
        ]
        #expect(try KubernetesProtobuf.decode(try #require(KubernetesProtobuf.encode(list))) == list)
        // A kind without a message (a Table) has no protobuf form.
        #expect(KubernetesProtobuf.encode(["kind": "Table", "apiVersion": "meta.k8s.io/v1"]) == nil)
    }

    @Test func malformedBodiesFailWithAReason() {
        let good = Wire.envelope(apiVersion: "v1", kind: "ConfigMap", Wire.bytes(1, Wire.string(1, "c")))
        let cases: [(String, [UInt8])] = [
            ("no prefix", Array(good.dropFirst(4))),
            ("truncated", Array(good.dropLast(3))),
            ("unknown kind", Wire.envelope(apiVersion: "v1", kind: "Nonsense", [])),
            ("missing kind", KubernetesProtobuf.magic + Wire.bytes(1, Wire.string(1, "v1"))),
            ("length past the end", KubernetesProtobuf.magic + [0x12, 0xff, 0xff, 0xff, 0x0f, 0x01]),
            ("varint overflow", KubernetesProtobuf.magic + [0x08] + [UInt8](repeating: 0xff, count: 11)),
            (
                "invalid UTF-8",
                Wire.envelope(apiVersion: "v1", kind: "ConfigMap", Wire.bytes(1, Wire.bytes(1, [0xc3, 0x28])))
            ),
            (
                "wrong wire type",
                Wire.envelope(apiVersion: "v1", kind: "ConfigMap", Wire.bytes(1, Wire.int(1, 5)))
            ),
            ("content encoding", good + Wire.string(3, "gzip")),
        ]
        for (name, body) in cases {
            #expect(throws: ProtobufError.self, "\(name)") { try KubernetesProtobuf.decode(body) }
        }
    }

    /// Raw extensions can hold whole objects, so nesting is bounded.
    @Test func nestingIsBounded() {
        var body = Wire.envelope(apiVersion: "v1", kind: "ConfigMap", [])
        for _ in 0..<80 {
            body = Wire.envelope(apiVersion: "apps/v1", kind: "ControllerRevision", Wire.bytes(2, Wire.bytes(1, body)))
        }
        #expect(throws: ProtobufError.self) { try KubernetesProtobuf.decode(body) }
    }

    /// Seeded random damage to valid bodies: every result is an object or a
    /// ProtobufError, never a crash.
    @Test func damagedBodiesNeverCrash() throws {
        let seeds: [JSONValue] = [
            [
                "kind": "ConfigMap", "apiVersion": "v1", "metadata": ["name": "c", "labels": ["a": "b"]],
                "data": ["k": "v"],
            ],
            [
                "kind": "Pod", "apiVersion": "v1", "metadata": ["name": "p"],
                "spec": [
                    "containers": [
                        [
                            "name": "c", "image": "busybox", "livenessProbe": ["tcpSocket": ["port": 8080]],
                            "resources": ["requests": ["cpu": "1"]],
                        ]
                    ]
                ],
            ],
        ]
        var rng = SplitMix(seed: 20_261_204)
        var decoded = 0
        var rejected = 0
        for seed in seeds {
            let valid = try #require(KubernetesProtobuf.encode(seed))
            for _ in 0..<3000 {
                var body = valid
                for _ in 0..<(1 + Int(rng.next() % 4)) {
                    let i = KubernetesProtobuf.magic.count + Int(rng.next() % UInt64(body.count - 4))
                    switch rng.next() % 4 {
                    case 0: body[i] ^= UInt8(truncatingIfNeeded: 1 << (rng.next() % 8))
                    case 1: body[i] = UInt8(truncatingIfNeeded: rng.next())
                    case 2: body.removeSubrange(i..<min(body.count, i + Int(rng.next() % 8) + 1))
                    default: body.insert(UInt8(truncatingIfNeeded: rng.next()), at: i)
                    }
                    if body.count <= 5 { break }
                }
                do {
                    let object = try KubernetesProtobuf.decode(body)
                    #expect(object.objectValue != nil)
                    decoded += 1
                } catch {
                    rejected += 1
                }
            }
        }
        // The closing notes record this split.
        print("protobuf damage corpus: 6000 bodies, \(decoded) decoded, \(rejected) rejected")
        #expect(decoded + rejected == 6000)
        #expect(rejected > 0)
    }

    /// The field table agrees with the OpenAPI schemas: every JSON name it
    /// gives a field is a property of that type.
    @Test func catalogNamesMatchTheSchemas() throws {
        let catalog = ProtobufCatalog.builtin
        let registry = SchemaRegistry.builtin
        #expect(catalog.messages.count > 400)
        var checked = 0
        for (name, message) in catalog.messages {
            guard let schema = registry.definition("io.k8s." + name.dropFirst("k8s.io.".count)),
                !schema.properties.isEmpty
            else { continue }
            let properties = schema.properties
            for field in message.fields where !field.inline && field.jsonName != "-" {
                #expect(properties[field.jsonName] != nil, "\(name).\(field.jsonName)")
                checked += 1
            }
        }
        #expect(checked > 1500)
        #expect(catalog.messageName(apiVersion: "apps/v1", kind: "Deployment") == "k8s.io.api.apps.v1.Deployment")
        #expect(catalog.messageName(apiVersion: "v1", kind: "Status") == "k8s.io.apimachinery.pkg.apis.meta.v1.Status")
        #expect(catalog.messageName(apiVersion: "policy/v1", kind: "DeleteOptions") != nil)
    }

    @Test func timestampsParseAndFormat() throws {
        let t = try #require(Timestamp.parse("2026-12-04T10:00:00Z"))
        #expect(Timestamp.rfc3339(seconds: t.seconds, nanos: t.nanos, micro: false) == "2026-12-04T10:00:00Z")
        let m = try #require(Timestamp.parse("2026-12-04T10:00:00.123456Z"))
        #expect(m.nanos == 123_456_000)
        #expect(Timestamp.rfc3339(seconds: m.seconds, nanos: m.nanos, micro: true) == "2026-12-04T10:00:00.123456Z")
        #expect(Timestamp.parse("2026-12-04T12:00:00+02:00")?.seconds == t.seconds)
        #expect(Timestamp.parse("2026-12-04 10:00:00") == nil)
        #expect(Timestamp.parse("2026-13-04T10:00:00Z") == nil)
        #expect(Timestamp.parse("2026-12-04T10:00:00.1234567891234Z")?.nanos == 123_456_789)
    }
}
