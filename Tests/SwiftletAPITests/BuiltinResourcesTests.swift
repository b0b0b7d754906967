import Foundation
import SwiftletAPI
import Testing

@Suite struct BuiltinResourcesTests {
    let table = BuiltinResources.table
    let core = BuiltinResources.all.filter { $0.group.isEmpty }

    func resource(_ group: String, _ version: String, _ plural: String) -> ResourceInfo? {
        table.lookup(group: group, version: version, plural: plural)
    }

    func subresourceNames(_ group: String, _ version: String, _ plural: String) -> [String]? {
        resource(group, version, plural)?.subresources.map(\.name)
    }

    // MARK: Schemas

    /// Finds `shared/kubernetes-api/v1.32/definitions.json` in the nearest
    /// ancestor of this file that has it (`../shared`, beside the checkout).
    static func definitionsPath() -> String? {
        var dir = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        while dir.path != "/" && !dir.path.isEmpty {
            let candidate = dir.appendingPathComponent("shared/kubernetes-api/v1.32/definitions.json").path
            if FileManager.default.fileExists(atPath: candidate) { return candidate }
            dir = dir.deletingLastPathComponent()
        }
        return nil
    }

    static func loadDefinitions() throws -> JSONObject {
        let path = try #require(
            definitionsPath(), "shared/kubernetes-api/v1.32/definitions.json not found above \(#filePath)")
        let data = try #require(FileManager.default.contents(atPath: path), "cannot read \(path)")
        let document = try JSONParser.parse([UInt8](data))
        return try #require(document["$defs"]?.objectValue, "definitions.json has no $defs object")
    }

    /// The group/version/kind triples a definition declares.
    static func declaredKinds(_ definition: JSONValue) -> [GroupVersionKind] {
        (definition["x-kubernetes-group-version-kind"]?.arrayValue ?? []).compactMap { entry in
            guard let group = entry["group"]?.stringValue, let version = entry["version"]?.stringValue,
                let kind = entry["kind"]?.stringValue
            else { return nil }
            return GroupVersionKind(group: group, version: version, kind: kind)
        }
    }

    @Test func everySchemaNameExistsAndDeclaresTheResourceKind() throws {
        let defs = try Self.loadDefinitions()
        #expect(defs.count > 100)
        for resource in BuiltinResources.all {
            let definition = defs[resource.schemaName]
            #expect(definition != nil, "\(resource.schemaName) is not in definitions.json")
            if let definition {
                #expect(
                    Self.declaredKinds(definition).contains(resource.gvk),
                    "\(resource.schemaName) does not declare \(resource.gvk)")
            }
        }
    }

    @Test func subresourceKindsAreDefinedOrAreConnectOptions() throws {
        let defs = try Self.loadDefinitions()
        let known = Set(defs.flatMap { Self.declaredKinds($0.value) })
        for resource in BuiltinResources.all {
            for sub in resource.subresources {
                let gvk = GroupVersionKind(group: sub.group, version: sub.version, kind: sub.kind)
                #expect(
                    known.contains(gvk) || sub.kind.hasSuffix("Options"),
                    "\(resource.plural)/\(sub.name) speaks \(gvk), which no definition declares")
            }
        }
    }

    // MARK: Table integrity

    @Test func pluralsAndKindsAreUniqueWithinAGroupVersion() {
        var plurals = Set<GroupVersionResource>()
        var kinds = Set<GroupVersionKind>()
        for resource in BuiltinResources.all {
            #expect(plurals.insert(resource.gvr).inserted, "duplicate \(resource.gvr)")
            #expect(kinds.insert(resource.gvk).inserted, "duplicate \(resource.gvk)")
        }
    }

    @Test func shortNamesAreUnique() {
        // Within a group version no short name repeats; across groups a short
        // name always names the same plural (`ev` is events in both the core
        // and events.k8s.io groups, as upstream) and never another resource's
        // plural or singular.
        var owner: [String: String] = [:]
        let plainNames = Set(BuiltinResources.all.flatMap { [$0.plural, $0.singular] })
        for gv in table.groupVersions {
            var seen = Set<String>()
            for resource in table.resources(in: gv) {
                for short in resource.shortNames {
                    #expect(seen.insert(short).inserted, "\(short) repeats in \(gv)")
                    #expect(owner[short, default: resource.plural] == resource.plural, "\(short) names two resources")
                    owner[short] = resource.plural
                    #expect(!plainNames.contains(short), "\(short) is also a plural or singular")
                }
            }
        }
        #expect(owner.count == 27)
    }

    @Test func verbsAreInDiscoveryOrder() {
        let order = ResourceInfo.allVerbs
        for resource in BuiltinResources.all {
            let positions = resource.verbs.map { order.firstIndex(of: $0) }
            #expect(!positions.contains(nil), "\(resource.plural) has an unknown verb")
            let known = positions.compactMap { $0 }
            #expect(known == known.sorted(), "\(resource.plural) verbs out of order")
            // Reviews are created to be answered and have no other verb.
            #expect(resource.verbs.contains("get") || resource.verbs == ["create"])
            #expect(resource.subresources.map(\.name) == resource.subresources.map(\.name).sorted())
            for sub in resource.subresources {
                #expect(sub.verbs == sub.verbs.sorted(), "\(resource.plural)/\(sub.name) verbs out of order")
            }
        }
        #expect(
            resource("", "v1", "namespaces")?.verbs == [
                "create", "delete", "get", "list", "patch", "update", "watch",
            ])
        #expect(resource("", "v1", "componentstatuses")?.verbs == ["get", "list"])
        #expect(resource("apps", "v1", "deployments")?.verbs == ResourceInfo.allVerbs)
    }

    @Test func allCategoryMatchesUpstream() {
        let inAll = Set(BuiltinResources.all.filter { $0.categories.contains("all") }.map(\.gvr.qualifiedResource))
        #expect(
            inAll == [
                "pods", "replicationcontrollers", "services", "daemonsets.apps", "deployments.apps",
                "replicasets.apps", "statefulsets.apps", "horizontalpodautoscalers.autoscaling",
                "cronjobs.batch", "jobs.batch",
            ])
        #expect(resource("apiregistration.k8s.io", "v1", "apiservices")?.categories == ["api-extensions"])
    }

    @Test func clusterScopedResourcesMatchUpstream() {
        let clusterScoped = Set(BuiltinResources.all.filter { !$0.namespaced }.map(\.gvr.qualifiedResource))
        #expect(
            clusterScoped == [
                "componentstatuses", "namespaces", "nodes", "persistentvolumes",
                "apiservices.apiregistration.k8s.io", "ingressclasses.networking.k8s.io",
                "clusterrolebindings.rbac.authorization.k8s.io", "clusterroles.rbac.authorization.k8s.io",
                "storageclasses.storage.k8s.io", "priorityclasses.scheduling.k8s.io",
                "selfsubjectreviews.authentication.k8s.io", "tokenreviews.authentication.k8s.io",
                "selfsubjectaccessreviews.authorization.k8s.io", "selfsubjectrulesreviews.authorization.k8s.io",
                "subjectaccessreviews.authorization.k8s.io", "customresourcedefinitions.apiextensions.k8s.io",
            ])
    }

    // MARK: Spot checks

    @Test(arguments: [
        ("deploy", "apps", "deployments"), ("po", "", "pods"), ("svc", "", "services"), ("ns", "", "namespaces"),
        ("cm", "", "configmaps"), ("rs", "apps", "replicasets"), ("sts", "apps", "statefulsets"),
        ("ds", "apps", "daemonsets"), ("cj", "batch", "cronjobs"), ("ing", "networking.k8s.io", "ingresses"),
        ("pdb", "policy", "poddisruptionbudgets"), ("pc", "scheduling.k8s.io", "priorityclasses"),
        ("sc", "storage.k8s.io", "storageclasses"), ("hpa", "autoscaling", "horizontalpodautoscalers"),
        ("ev", "", "events"), ("ep", "", "endpoints"), ("sa", "", "serviceaccounts"), ("no", "", "nodes"),
        ("pv", "", "persistentvolumes"), ("pvc", "", "persistentvolumeclaims"),
        ("rc", "", "replicationcontrollers"), ("limits", "", "limitranges"), ("quota", "", "resourcequotas"),
        ("netpol", "networking.k8s.io", "networkpolicies"), ("cs", "", "componentstatuses"),
    ])
    func shortNameResolves(short: String, group: String, plural: String) throws {
        let resource = try #require(table.resolve(short), "\(short) does not resolve")
        #expect(resource.group == group)
        #expect(resource.plural == plural)
        #expect(resource.shortNames.contains(short))
    }

    @Test func subresourcesMatchUpstream() throws {
        let pods = try #require(resource("", "v1", "pods"))
        #expect(
            pods.subresources.map(\.name) == [
                "attach", "binding", "ephemeralcontainers", "eviction", "exec", "log", "portforward", "proxy", "status",
            ])
        #expect(
            pods.subresource("status")
                == SubresourceInfo(
                    name: "status", group: "", version: "v1", kind: "Pod", verbs: ["get", "patch", "update"]))
        #expect(
            pods.subresource("eviction")
                == SubresourceInfo(
                    name: "eviction", group: "policy", version: "v1", kind: "Eviction", verbs: ["create"]))
        #expect(pods.subresource("binding")?.kind == "Binding")
        #expect(pods.subresource("log")?.verbs == ["get"])
        #expect(pods.subresource("exec")?.verbs == ["create", "get"])
        #expect(pods.subresource("proxy")?.verbs == ["create", "delete", "get", "patch", "update"])
        #expect(pods.subresource("resize") == nil)  // alpha-gated in v1.32

        let deploy = try #require(resource("apps", "v1", "deployments"))
        #expect(
            deploy.subresource("scale")
                == SubresourceInfo(
                    name: "scale", group: "autoscaling", version: "v1", kind: "Scale",
                    verbs: ["get", "patch", "update"]))
        #expect(deploy.subresource("status")?.kind == "Deployment")
        #expect(deploy.subresource("status")?.group == "apps")

        let token = try #require(resource("", "v1", "serviceaccounts")?.subresource("token"))
        #expect(
            token
                == SubresourceInfo(
                    name: "token", group: "authentication.k8s.io", version: "v1", kind: "TokenRequest",
                    verbs: ["create"]))

        let namespaces = try #require(resource("", "v1", "namespaces"))
        #expect(namespaces.subresources.map(\.name) == ["finalize", "status"])
        #expect(namespaces.subresource("finalize")?.verbs == ["update"])

        #expect(subresourceNames("", "v1", "replicationcontrollers") == ["scale", "status"])
        #expect(resource("apps", "v1", "statefulsets")?.subresource("scale")?.kind == "Scale")
        #expect(subresourceNames("apps", "v1", "daemonsets") == ["status"])
        #expect(subresourceNames("", "v1", "services") == ["proxy", "status"])
        #expect(resource("", "v1", "nodes")?.subresource("proxy")?.kind == "NodeProxyOptions")
        #expect(subresourceNames("batch", "v1", "jobs") == ["status"])
        #expect(subresourceNames("batch", "v1", "cronjobs") == ["status"])
        #expect(resource("networking.k8s.io", "v1", "networkpolicies")?.subresources == [])
        #expect(resource("coordination.k8s.io", "v1", "leases")?.subresources == [])
    }

    @Test func singularNamesAndKinds() throws {
        let endpoints = try #require(resource("", "v1", "endpoints"))
        #expect(endpoints.singular == "endpoints")
        #expect(endpoints.kind == "Endpoints")
        #expect(endpoints.listKind == "EndpointsList")
        #expect(resource("networking.k8s.io", "v1", "ingresses")?.singular == "ingress")
        #expect(resource("", "v1", "componentstatuses")?.singular == "componentstatus")
        for resource in BuiltinResources.all {
            #expect(resource.singular == resource.kind.lowercased(), "\(resource.plural): \(resource.singular)")
        }
    }

    // MARK: Groups and ordering

    @Test func groupVersionsAreInUpstreamOrder() {
        #expect(
            table.groupVersions.map(\.apiVersion) == [
                "v1", "apiregistration.k8s.io/v1", "apps/v1", "events.k8s.io/v1", "authentication.k8s.io/v1",
                "authorization.k8s.io/v1", "autoscaling/v2", "batch/v1",
                "networking.k8s.io/v1", "policy/v1", "rbac.authorization.k8s.io/v1", "storage.k8s.io/v1",
                "apiextensions.k8s.io/v1", "scheduling.k8s.io/v1", "coordination.k8s.io/v1", "discovery.k8s.io/v1",
            ])
        #expect(table.groups.first?.name == "")
    }

    @Test func allIsInDiscoveryOrder() {
        let discoveryOrder = table.groupVersions.flatMap { table.resources(in: $0) }
        #expect(discoveryOrder == BuiltinResources.all)
        #expect(
            table.resources(in: GroupVersion(group: "rbac.authorization.k8s.io", version: "v1")).map(\.plural) == [
                "clusterrolebindings", "clusterroles", "rolebindings", "roles",
            ])
        #expect(table.resources(in: GroupVersion(group: "apps", version: "v2")) == [])
    }

    @Test func preferredVersionsAreRecorded() {
        #expect(Set(BuiltinResources.preferredVersions.keys) == Set(table.groups.map(\.name)))
        for group in table.groups {
            #expect(group.versions.count == 1)
            #expect(BuiltinResources.preferredVersions[group.name] == group.preferredVersion)
            #expect(table.preferredVersion(of: group.name) == group.preferredVersion)
        }
        #expect(table.preferredVersion(of: "autoscaling") == "v2")
        #expect(table.preferredVersion(of: "example.com") == nil)
        #expect(BuiltinResources.groupOrder.count == Set(BuiltinResources.groupOrder).count)
    }

    // MARK: Lookups

    @Test func lookupsByResourceAndKind() throws {
        #expect(resource("apps", "v1", "deployments")?.schemaName == "io.k8s.api.apps.v1.Deployment")
        #expect(resource("apps", "v1beta1", "deployments") == nil)
        #expect(resource("", "v1", "deployments") == nil)
        #expect(resource("", "v1", "bindings") == nil)
        #expect(table.lookup(GroupVersionResource(group: "batch", version: "v1", resource: "jobs"))?.kind == "Job")

        #expect(table.byKind(group: "", kind: "Pod")?.plural == "pods")
        #expect(table.byKind(group: "", kind: "Event")?.schemaName == "io.k8s.api.core.v1.Event")
        #expect(table.byKind(group: "events.k8s.io", kind: "Event")?.schemaName == "io.k8s.api.events.v1.Event")
        #expect(table.byKind(group: "autoscaling", kind: "HorizontalPodAutoscaler")?.version == "v2")
        #expect(table.byKind(group: "apps", kind: "Pod") == nil)
        #expect(table.byKind(group: "", kind: "pod") == nil)
        let pdb = GroupVersionKind(group: "policy", version: "v1", kind: "PodDisruptionBudget")
        #expect(table.byKind(pdb)?.shortNames == ["pdb"])
    }

    @Test func resolvesNamesAsKubectlDoes() {
        #expect(table.resolve("deployment")?.plural == "deployments")
        #expect(table.resolve("Deployment")?.plural == "deployments")
        #expect(table.resolve("DEPLOY")?.plural == "deployments")
        #expect(
            table.resolve("deployments")?.gvr
                == GroupVersionResource(group: "apps", version: "v1", resource: "deployments"))
        #expect(table.resolve("endpoints")?.kind == "Endpoints")
        #expect(table.resolve("nosuchthing") == nil)

        // The core group wins a shared name; qualifying picks the other group.
        #expect(table.resolveAll("ev").map(\.group) == ["", "events.k8s.io"])
        #expect(table.resolve("events")?.group == "")
        #expect(table.resolve("events.events.k8s.io")?.group == "events.k8s.io")
        #expect(table.resolve("ev.events.k8s.io")?.group == "events.k8s.io")
        #expect(table.resolve("events.v1.events.k8s.io")?.group == "events.k8s.io")

        #expect(table.resolve("deployments.apps")?.plural == "deployments")
        #expect(table.resolve("deploy.v1.apps")?.plural == "deployments")
        #expect(table.resolve("ingresses.networking")?.group == "networking.k8s.io")
        #expect(table.resolve("hpa.v2.autoscaling")?.version == "v2")
        #expect(table.resolve("pods.apps") == nil)
        #expect(table.resolve("deployments.app") == nil)
        #expect(table.resolve("deployments.") == nil)
    }

    // MARK: Tables beyond the built-ins

    @Test func versionsAndGroupsOrderLikeUpstream() {
        func hpa(_ version: String) -> ResourceInfo {
            ResourceInfo(
                group: "autoscaling", version: version, plural: "horizontalpodautoscalers",
                singular: "horizontalpodautoscaler", kind: "HorizontalPodAutoscaler", namespaced: true,
                shortNames: ["hpa"], schemaName: "io.k8s.api.autoscaling.\(version).HorizontalPodAutoscaler")
        }
        let widget = ResourceInfo(
            group: "example.com", version: "v1", plural: "widgets", singular: "widget", kind: "Widget",
            namespaced: true, shortNames: ["wd"], schemaName: "com.example.v1.Widget")
        let gadget = ResourceInfo(
            group: "acme.io", version: "v1", plural: "gadgets", singular: "gadget", kind: "Gadget",
            namespaced: false, schemaName: "io.acme.v1.Gadget")
        let table = ResourceTable(
            [widget, hpa("v1alpha1"), hpa("v2beta2"), hpa("v1"), gadget, hpa("v2"), hpa("v2beta1"), hpa("v10")]
                + core)
        #expect(table.groups.map(\.name) == ["", "autoscaling", "acme.io", "example.com"])
        #expect(table.group(named: "autoscaling")?.versions == ["v10", "v2", "v1", "v2beta2", "v2beta1", "v1alpha1"])
        #expect(table.byKind(group: "autoscaling", kind: "HorizontalPodAutoscaler")?.version == "v10")
        #expect(table.resolveAll("hpa").map(\.version) == ["v10", "v2", "v1", "v2beta2", "v2beta1", "v1alpha1"])
        #expect(table.resolve("hpa.v2beta1.autoscaling")?.version == "v2beta1")
        #expect(table.resolve("wd")?.plural == "widgets")
        #expect(table.groupVersions.last == GroupVersion(group: "example.com", version: "v1"))

        #expect(ResourceTable.versionPrecedes("v1", "v1beta1"))
        #expect(ResourceTable.versionPrecedes("v1beta1", "v1alpha2"))
        #expect(ResourceTable.versionPrecedes("v1alpha1", "foo"))
        #expect(ResourceTable.versionPrecedes("bar", "foo"))
        #expect(!ResourceTable.versionPrecedes("v01", "v1"))
    }

    @Test func firstEntryWinsOnDuplicates() {
        var copy = core[1]
        copy.shortNames = ["dup"]
        let table = ResourceTable([core[1], copy])
        #expect(table.resources(in: GroupVersion(group: "", version: "v1")).count == 1)
        #expect(table.lookup(group: "", version: "v1", plural: copy.plural)?.shortNames == core[1].shortNames)
        #expect(table.resolve("dup") == nil)
    }
}
