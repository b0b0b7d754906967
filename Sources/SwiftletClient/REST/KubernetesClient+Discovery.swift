import SwiftletAPI

extension KubernetesClient {
    /// The resources the server serves beyond the built-in table (custom
    /// resources), from legacy discovery: every group not built in, at its
    /// preferred version. Subresources are left out.
    public func customResources() async throws -> [ResourceInfo] {
        let groups = try JSONParser.parse(try await send(.GET, "/apis").body)
        var found: [ResourceInfo] = []
        for group in groups["groups"]?.arrayValue ?? [] {
            guard let name = group["name"]?.stringValue, BuiltinResources.table.group(named: name) == nil,
                let version = group[path: ["preferredVersion", "version"]]?.stringValue
            else { continue }
            let list: JSONValue
            do {
                list = try JSONParser.parse(try await send(.GET, "/apis/\(name)/\(version)").body)
            } catch let error as KubernetesError where error.isNotFound {
                continue  // removed between the two reads
            }
            for r in list["resources"]?.arrayValue ?? [] {
                guard let plural = r["name"]?.stringValue, !plural.contains("/"), let kind = r["kind"]?.stringValue
                else { continue }
                found.append(
                    ResourceInfo(
                        group: name, version: version, plural: plural, singular: r["singularName"]?.stringValue ?? "",
                        kind: kind, namespaced: r["namespaced"]?.boolValue ?? true,
                        verbs: (r["verbs"]?.arrayValue ?? []).compactMap(\.stringValue), schemaName: ""))
            }
        }
        return found
    }

    /// The resource serving `kind` of `group`: built in, or found through
    /// discovery. Nil when the server serves no such kind.
    public func resource(group: String, kind: String) async throws -> ResourceInfo? {
        if let builtin = BuiltinResources.table.byKind(group: group, kind: kind) { return builtin }
        guard BuiltinResources.table.group(named: group) == nil else { return nil }
        return try await customResources().first { $0.group == group && $0.kind == kind }
    }
}
