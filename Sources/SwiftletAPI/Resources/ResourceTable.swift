/// Lookups over a set of resources: by group/version/plural (routing), by
/// kind (decoding and storage), by group version (discovery), and by the
/// names a user types (plural, singular, short name or kind).
///
/// Ordering follows upstream discovery: groups in `groupOrder` order (groups
/// not named there after them, by name), versions within a group from most
/// to least preferred (GA, then beta, then alpha, higher numbers first, then
/// anything else by name), resources within a group version by plural.
public struct ResourceTable: Sendable {
    /// An API group with the versions the table serves for it.
    public struct Group: Sendable, Hashable {
        /// The group name; empty for the core group.
        public let name: String
        /// Served versions, most preferred first.
        public let versions: [String]
        /// The version clients should use: the first of `versions`.
        public var preferredVersion: String { versions[0] }

        public init(name: String, versions: [String]) {
            precondition(!versions.isEmpty, "a group serves at least one version")
            self.name = name
            self.versions = versions
        }
    }

    /// The resources as given to `init`.
    public let resources: [ResourceInfo]
    /// The groups served, in discovery order (the core group, if served, first).
    public let groups: [Group]
    /// Every group version served, in discovery order: groups in order, and
    /// each group's versions from most to least preferred.
    public let groupVersions: [GroupVersion]

    private let byResource: [GroupVersionResource: Int]
    private let byKindIndex: [GroupVersionKind: Int]
    private let byGroupVersion: [GroupVersion: [Int]]
    private let groupIndex: [String: Int]
    /// Lowercased plural, singular, short name or kind -> indices of matching
    /// resources, most preferred first.
    private let aliases: [String: [Int]]

    /// Builds the table. When two entries share a group, version and plural
    /// (or a group, version and kind), the first one wins.
    public init(_ resources: [ResourceInfo], groupOrder: [String] = BuiltinResources.groupOrder) {
        self.resources = resources

        var groupRank: [String: Int] = [:]
        for (rank, name) in groupOrder.enumerated() where groupRank[name] == nil {
            groupRank[name] = rank
        }
        var versionsByGroup: [String: [String]] = [:]
        for resource in resources where !versionsByGroup[resource.group, default: []].contains(resource.version) {
            versionsByGroup[resource.group, default: []].append(resource.version)
        }
        let groupNames = versionsByGroup.keys.sorted { a, b in
            let ra = groupRank[a] ?? Int.max
            let rb = groupRank[b] ?? Int.max
            return ra != rb ? ra < rb : a < b
        }
        let groups = groupNames.map { name in
            Group(name: name, versions: versionsByGroup[name, default: []].sorted(by: ResourceTable.versionPrecedes))
        }
        self.groups = groups
        self.groupIndex = Dictionary(uniqueKeysWithValues: groups.enumerated().map { ($1.name, $0) })
        let groupVersions = groups.flatMap { group in
            group.versions.map { GroupVersion(group: group.name, version: $0) }
        }
        self.groupVersions = groupVersions
        let gvRank = Dictionary(uniqueKeysWithValues: groupVersions.enumerated().map { ($1, $0) })

        var byResource: [GroupVersionResource: Int] = [:]
        var byKind: [GroupVersionKind: Int] = [:]
        var byGroupVersion: [GroupVersion: [Int]] = [:]
        for (index, resource) in resources.enumerated() where byResource[resource.gvr] == nil {
            byResource[resource.gvr] = index
            if byKind[resource.gvk] == nil { byKind[resource.gvk] = index }
            byGroupVersion[resource.groupVersion, default: []].append(index)
        }
        for (gv, indices) in byGroupVersion {
            byGroupVersion[gv] = indices.sorted { resources[$0].plural < resources[$1].plural }
        }
        self.byResource = byResource
        self.byKindIndex = byKind
        self.byGroupVersion = byGroupVersion

        let preferenceOrder = byResource.values.sorted { a, b in
            let ra = gvRank[resources[a].groupVersion] ?? Int.max
            let rb = gvRank[resources[b].groupVersion] ?? Int.max
            return ra != rb ? ra < rb : a < b
        }
        var aliases: [String: [Int]] = [:]
        for index in preferenceOrder {
            let resource = resources[index]
            let names = [resource.plural, resource.singular, resource.kind.lowercased()] + resource.shortNames
            for name in names where !name.isEmpty {
                let key = name.lowercased()
                if !aliases[key, default: []].contains(index) { aliases[key, default: []].append(index) }
            }
        }
        self.aliases = aliases
    }

    // MARK: Lookups

    /// The resource served at `group`/`version` under `plural`.
    public func lookup(group: String, version: String, plural: String) -> ResourceInfo? {
        lookup(GroupVersionResource(group: group, version: version, resource: plural))
    }

    public func lookup(_ gvr: GroupVersionResource) -> ResourceInfo? {
        byResource[gvr].map { resources[$0] }
    }

    /// The resource for `kind` in `group`, at the most preferred version that
    /// serves it.
    public func byKind(group: String, kind: String) -> ResourceInfo? {
        guard let g = self.group(named: group) else { return nil }
        for version in g.versions {
            if let index = byKindIndex[GroupVersionKind(group: group, version: version, kind: kind)] {
                return resources[index]
            }
        }
        return nil
    }

    /// The resource for exactly this group, version and kind.
    public func byKind(_ gvk: GroupVersionKind) -> ResourceInfo? {
        byKindIndex[gvk].map { resources[$0] }
    }

    /// The resources of one group version, sorted by plural as discovery lists them.
    public func resources(in groupVersion: GroupVersion) -> [ResourceInfo] {
        byGroupVersion[groupVersion, default: []].map { resources[$0] }
    }

    public func group(named name: String) -> Group? {
        groupIndex[name].map { groups[$0] }
    }

    /// The preferred version of a group, or nil when the table does not serve it.
    public func preferredVersion(of group: String) -> String? {
        self.group(named: group)?.preferredVersion
    }

    // MARK: Names users type

    /// Every resource a user-typed name can mean, most preferred first (by
    /// group order, then version preference). The name is matched, ignoring
    /// case, against plurals, singulars, short names and kinds. It may be
    /// qualified as kubectl allows: `name.group` or `name.version.group`,
    /// where `group` may also be the leading part of a group name
    /// (`ingresses.networking`).
    public func resolveAll(_ name: String) -> [ResourceInfo] {
        let key = name.lowercased()
        if let hits = aliases[key] { return hits.map { resources[$0] } }
        guard let dot = key.firstIndex(of: ".") else { return [] }
        let base = String(key[..<dot])
        let qualifier = String(key[key.index(after: dot)...])
        guard !qualifier.isEmpty, let hits = aliases[base] else { return [] }
        let candidates = hits.map { resources[$0] }

        if let dot = qualifier.firstIndex(of: ".") {
            let version = String(qualifier[..<dot])
            let group = String(qualifier[qualifier.index(after: dot)...])
            if ResourceTable.kubeVersionRank(version) != nil {
                let matches = candidates.filter {
                    $0.version == version && ResourceTable.group($0.group, matches: group)
                }
                if !matches.isEmpty { return matches }
            }
        }
        return candidates.filter { ResourceTable.group($0.group, matches: qualifier) }
    }

    /// The resource a user-typed name means: the most preferred of
    /// `resolveAll(_:)`. `ev` is the core group's events, as in kubectl.
    public func resolve(_ name: String) -> ResourceInfo? {
        resolveAll(name).first
    }

    private static func group(_ group: String, matches query: String) -> Bool {
        !query.isEmpty && (group == query || group.hasPrefix(query + "."))
    }

    // MARK: Version ordering

    /// Whether version `a` is preferred over `b`: GA before beta before
    /// alpha; within each, higher major then higher minor first; versions
    /// that do not look like Kubernetes versions after all those, by name.
    public static func versionPrecedes(_ a: String, _ b: String) -> Bool {
        switch (kubeVersionRank(a), kubeVersionRank(b)) {
        case let (ra?, rb?):
            if ra.tier != rb.tier { return ra.tier < rb.tier }
            if ra.major != rb.major { return ra.major > rb.major }
            if ra.minor != rb.minor { return ra.minor > rb.minor }
            return a < b
        case (.some, .none): return true
        case (.none, .some): return false
        case (.none, .none): return a < b
        }
    }

    /// Parses `v1`, `v2beta1`, `v1alpha3`: tier 0 GA, 1 beta, 2 alpha.
    static func kubeVersionRank(_ version: String) -> (tier: Int, major: Int, minor: Int)? {
        var rest = Substring(version)
        guard rest.first == "v" else { return nil }
        rest = rest.dropFirst()
        func number(_ s: inout Substring) -> Int? {
            let digits = s.prefix { $0.isASCII && $0.isNumber }
            guard let first = digits.first, first != "0", digits.count <= 9 else { return nil }
            s = s.dropFirst(digits.count)
            return Int(digits)
        }
        guard let major = number(&rest) else { return nil }
        if rest.isEmpty { return (0, major, 0) }
        let tier: Int
        if rest.hasPrefix("beta") {
            tier = 1
            rest = rest.dropFirst(4)
        } else if rest.hasPrefix("alpha") {
            tier = 2
            rest = rest.dropFirst(5)
        } else {
            return nil
        }
        guard let minor = number(&rest), rest.isEmpty else { return nil }
        return (tier, major, minor)
    }
}
