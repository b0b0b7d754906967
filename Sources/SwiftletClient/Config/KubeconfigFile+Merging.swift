import Foundation

extension KubeconfigFile {
    /// Where kubectl looks for kubeconfig files, in priority order.
    public struct SearchList: Sendable, Equatable {
        public var paths: [String]
        /// True for explicit paths (`--kubeconfig`): a missing one is an error.
        /// Missing entries of `KUBECONFIG` and a missing `~/.kube/config` are skipped.
        public var mustExist: Bool

        /// Explicit paths when given; else `KUBECONFIG` split on `:` (empty
        /// entries dropped, duplicates removed); else `$HOME/.kube/config`.
        public init(
            explicitPaths: [String]? = nil, environment: [String: String] = ProcessInfo.processInfo.environment
        ) {
            if let explicit = explicitPaths?.filter({ !$0.isEmpty }), !explicit.isEmpty {
                self.paths = Self.deduplicated(explicit)
                self.mustExist = true
            } else if let list = environment["KUBECONFIG"], !list.isEmpty {
                self.paths = Self.deduplicated(list.split(separator: ":").map(String.init))
                self.mustExist = false
            } else {
                self.paths = [LexicalPath.resolve(".kube/config", against: Self.home(environment))]
                self.mustExist = false
            }
        }

        static func home(_ environment: [String: String]) -> String {
            if let home = environment["HOME"], !home.isEmpty { return home }
            return FileManager.default.homeDirectoryForCurrentUser.path
        }

        private static func deduplicated(_ paths: [String]) -> [String] {
            var seen = Set<String>()
            return paths.filter { seen.insert($0).inserted }
        }
    }

    /// Merges `lower` under `self` as kubectl merges its KUBECONFIG list: a
    /// named cluster, user or context from `self` wins whole (entries of the same
    /// name in `lower` are dropped, not field-merged); `current-context` and
    /// preferences come from `self` when set there.
    public func merging(_ lower: KubeconfigFile) -> KubeconfigFile {
        func union<T>(_ mine: [T], _ theirs: [T], name: (T) -> String) -> [T] {
            let taken = Set(mine.map(name))
            return mine + theirs.filter { !taken.contains(name($0)) }
        }
        return KubeconfigFile(
            clusters: union(clusters, lower.clusters, name: \.name),
            users: union(users, lower.users, name: \.name),
            contexts: union(contexts, lower.contexts, name: \.name),
            currentContext: currentContext ?? lower.currentContext,
            preferences: Preferences(colors: preferences.colors ?? lower.preferences.colors))
    }

    /// Loads and merges every file of `searchList`; the first file to define a
    /// name or `current-context` wins (see ``merging(_:)``).
    /// Throws ``ClientConfigError/noConfiguration(searched:)`` when nothing was found.
    public static func load(_ searchList: SearchList) throws -> KubeconfigFile {
        var merged = KubeconfigFile()
        for path in searchList.paths {
            if searchList.mustExist {
                merged = merged.merging(try load(path: path))
            } else if let file = try loadIfPresent(path: path) {
                merged = merged.merging(file)
            }
        }
        if merged.isEmpty { throw ClientConfigError.noConfiguration(searched: searchList.paths) }
        return merged
    }
}
