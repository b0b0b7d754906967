import SwiftletAPI
import SwiftletModels
import Testing

@testable import SwiftletScheduler

@Suite struct VolumeRestrictionsTests {
    static let rwopReason =
        "node has pod using PersistentVolumeClaim with the same name and ReadWriteOncePod access mode"

    /// A pod mounting these volumes (written as in a pod spec).
    static func pod(
        _ name: String, namespace: String = "default", volumes: [JSONValue], nodeName: String? = nil
    ) -> CoreV1.Pod {
        Fixture.pod(name, namespace: namespace, nodeName: nodeName, spec: ["volumes": .array(volumes)])
    }

    static func claim(_ claimName: String) -> JSONValue {
        ["name": "data", "persistentVolumeClaim": ["claimName": .string(claimName)]]
    }

    static func cluster(existing: [CoreV1.Pod], rwop: Set<String>) -> PlacementHarness {
        var harness = NodePlugins.harness(["n1", "n2", "n3"].map { Fixture.node($0) }, existing: existing)
        harness.snapshot.readWriteOncePodClaims = rwop
        return harness
    }

    @Test func readWriteOncePodClaimInUseBlocksEveryNode() {
        var harness = Self.cluster(
            existing: [Self.pod("db-0", volumes: [Self.claim("data")], nodeName: "n1")], rwop: ["default/data"])
        #expect(
            harness.failureFor(Self.pod("db-1", volumes: [Self.claim("data")]))
                == "0/3 nodes are available: 3 \(Self.rwopReason).")
    }

    struct Case: Sendable, CustomTestStringConvertible {
        var name: String
        var namespace = "default"
        var claim = "data"
        var rwop: Set<String> = ["default/data"]
        var testDescription: String { name }
    }

    @Test(arguments: [
        Case(name: "claim is not ReadWriteOncePod", rwop: []),
        Case(name: "same claim name in another namespace", namespace: "other"),
        Case(name: "another claim", claim: "logs", rwop: ["default/data", "default/logs"]),
    ])
    func unrelatedClaimsDoNotConflict(_ c: Case) {
        var harness = Self.cluster(
            existing: [Self.pod("db-0", volumes: [Self.claim("data")], nodeName: "n1")], rwop: c.rwop)
        #expect(harness.nodeFor(Self.pod("db-1", namespace: c.namespace, volumes: [Self.claim(c.claim)])) != nil)
    }

    @Test func firstUserGetsTheClaimSecondWaits() {
        var harness = Self.cluster(existing: [], rwop: ["default/data"])
        #expect(harness.nodeFor(Self.pod("a", volumes: [Self.claim("data")])) != nil)
        #expect(
            harness.failureFor(Self.pod("b", volumes: [Self.claim("data")]))
                == "0/3 nodes are available: 3 \(Self.rwopReason).")
    }

    @Test func refusalIsResolvableAndPassesWhereTheUserWasRemoved() {
        let user = PodInfo(Self.pod("db-0", volumes: [Self.claim("data")], nodeName: "n1"))
        var n1 = NodeInfo(Fixture.node("n1"))
        n1.add(user)
        let n2 = NodeInfo(Fixture.node("n2"))
        let snapshot = Snapshot(nodes: [n1, n2], readWriteOncePodClaims: ["default/data"])
        let pod = PodInfo(Self.pod("db-1", volumes: [Self.claim("data")]))
        let plugin = VolumeRestrictions()
        var state = CycleState()
        #expect(plugin.preFilter(pod: pod, snapshot: snapshot, state: &state) == .success)
        #expect(plugin.filter(pod: pod, node: n2, state: state) == .unschedulable(Self.rwopReason))
        #expect(plugin.filter(pod: pod, node: n1, state: state) == .unschedulable(Self.rwopReason))
        // What preemption sees after evicting the user from n1.
        var n1WithoutUser = n1
        n1WithoutUser.remove(uid: user.uid)
        #expect(plugin.filter(pod: pod, node: n1WithoutUser, state: state) == .success)
    }

    @Test func podWithoutRestrictedVolumesSkips() {
        var state = CycleState()
        let snapshot = Snapshot(nodes: [NodeInfo(Fixture.node("n1"))], readWriteOncePodClaims: ["default/data"])
        let pod = PodInfo(Self.pod("p", volumes: [Self.claim("data"), ["name": "tmp", "emptyDir": [:]]]))
        #expect(VolumeRestrictions().preFilter(pod: pod, snapshot: snapshot, state: &state) == .skip)
    }

    // MARK: Disk conflicts

    static func gce(_ pdName: String, readOnly: Bool = false) -> JSONValue {
        ["name": "disk", "gcePersistentDisk": ["pdName": .string(pdName), "readOnly": .bool(readOnly)]]
    }

    static func ebs(_ volumeID: String, readOnly: Bool = false) -> JSONValue {
        ["name": "disk", "awsElasticBlockStore": ["volumeID": .string(volumeID), "readOnly": .bool(readOnly)]]
    }

    static func rbd(_ monitors: [String], pool: String? = nil, image: String, readOnly: Bool = false) -> JSONValue {
        var source: JSONObject = [
            "monitors": .array(monitors.map(JSONValue.string)), "image": .string(image), "readOnly": .bool(readOnly),
        ]
        if let pool { source["pool"] = .string(pool) }
        return ["name": "disk", "rbd": .object(source)]
    }

    static func iscsi(_ iqn: String, readOnly: Bool = false) -> JSONValue {
        [
            "name": "disk",
            "iscsi": ["targetPortal": "10.0.0.9:3260", "iqn": .string(iqn), "lun": 0, "readOnly": .bool(readOnly)],
        ]
    }

    struct DiskCase: Sendable, CustomTestStringConvertible {
        var name: String
        var existing: JSONValue
        var wanted: JSONValue
        var conflict: Bool
        var testDescription: String { name }
    }

    @Test(arguments: [
        DiskCase(name: "GCE PD mounted read-write twice", existing: gce("pd-1"), wanted: gce("pd-1"), conflict: true),
        DiskCase(
            name: "GCE PD read-only beside read-write", existing: gce("pd-1", readOnly: true), wanted: gce("pd-1"),
            conflict: true),
        DiskCase(
            name: "GCE PD read-only twice", existing: gce("pd-1", readOnly: true),
            wanted: gce("pd-1", readOnly: true), conflict: false),
        DiskCase(name: "GCE PD, other disk", existing: gce("pd-1"), wanted: gce("pd-2"), conflict: false),
        DiskCase(
            name: "EBS even read-only", existing: ebs("vol-1", readOnly: true), wanted: ebs("vol-1", readOnly: true),
            conflict: true),
        DiskCase(name: "EBS, other volume", existing: ebs("vol-1"), wanted: ebs("vol-2"), conflict: false),
        DiskCase(
            name: "RBD sharing a monitor", existing: rbd(["m1", "m2"], image: "img"),
            wanted: rbd(["m2", "m3"], pool: "rbd", image: "img"), conflict: true),
        DiskCase(
            name: "RBD without a common monitor", existing: rbd(["m1"], image: "img"),
            wanted: rbd(["m2"], image: "img"), conflict: false),
        DiskCase(
            name: "RBD in another pool", existing: rbd(["m1"], image: "img"),
            wanted: rbd(["m1"], pool: "fast", image: "img"), conflict: false),
        DiskCase(
            name: "RBD read-only twice", existing: rbd(["m1"], image: "img", readOnly: true),
            wanted: rbd(["m1"], image: "img", readOnly: true), conflict: false),
        DiskCase(
            name: "iSCSI same IQN", existing: iscsi("iqn.2001-04.com.example:disk"),
            wanted: iscsi("iqn.2001-04.com.example:disk", readOnly: true), conflict: true),
        DiskCase(
            name: "iSCSI read-only twice", existing: iscsi("iqn.2001-04.com.example:disk", readOnly: true),
            wanted: iscsi("iqn.2001-04.com.example:disk", readOnly: true), conflict: false),
        DiskCase(name: "different kinds", existing: gce("vol-1"), wanted: ebs("vol-1"), conflict: false),
    ])
    func diskConflicts(_ c: DiskCase) {
        var node = NodeInfo(Fixture.node("n1"))
        node.add(PodInfo(Self.pod("old", volumes: [c.existing], nodeName: "n1")))
        let pod = PodInfo(Self.pod("new", volumes: [c.wanted]))
        let status = NodePlugins.filter(VolumeRestrictions(), pod: pod, node: node)
        #expect(status == (c.conflict ? .unschedulable("node(s) had no available disk") : .success))
    }

    @Test func diskConflictSendsThePodElsewhere() {
        var harness = Self.cluster(existing: [Self.pod("old", volumes: [Self.gce("pd-1")], nodeName: "n1")], rwop: [])
        let node = harness.nodeFor(Self.pod("new", volumes: [Self.gce("pd-1")]))
        #expect(node == "n2" || node == "n3")
        var single = NodePlugins.harness(
            [Fixture.node("n1")], existing: [Self.pod("old", volumes: [Self.ebs("vol-1")], nodeName: "n1")])
        #expect(
            single.failureFor(Self.pod("new", volumes: [Self.ebs("vol-1")]))
                == "0/1 nodes are available: 1 node(s) had no available disk.")
    }
}
