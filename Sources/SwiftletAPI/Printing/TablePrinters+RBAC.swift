import Foundation

/// Role and ClusterRole have no printer upstream (the generic convertor
/// serves them); the bindings do.
extension TablePrinters {
    static let rbacPrinters: [(String, Printer)] = [
        (
            "RoleBinding",
            Printer(columns: bindingColumns(TableDocs.roleBindingRoleRef, "roleBinding"), cells: bindingCells)
        ),
        (
            "ClusterRoleBinding",
            Printer(
                columns: bindingColumns(TableDocs.clusterRoleBindingRoleRef, "clusterRoleBinding"), cells: bindingCells)
        ),
    ]

    static func bindingColumns(_ roleRefDoc: String, _ noun: String) -> [TableColumnDefinition] {
        [
            .name, .string("Role", roleRefDoc), .age, .string("Users", "Users in the \(noun)", priority: 1),
            .string("Groups", "Groups in the \(noun)", priority: 1),
            .string("ServiceAccounts", "ServiceAccounts in the \(noun)", priority: 1),
        ]
    }

    /// ROLE is `Kind/name`; the wide cells list subjects by kind
    /// (`rbac.SubjectsStrings`), service accounts as `namespace/name`.
    @Sendable static func bindingCells(_ obj: PrintedObject, now: Date) -> [JSONValue] {
        var users: [String] = []
        var groups: [String] = []
        var serviceAccounts: [String] = []
        for subject in obj["subjects"].array {
            switch subject["kind"].string {
            case "ServiceAccount": serviceAccounts.append(subject["namespace"].string + "/" + subject["name"].string)
            case "User": users.append(subject["name"].string)
            case "Group": groups.append(subject["name"].string)
            default: break
            }
        }
        let roleRef = obj["roleRef"]
        return [
            name(obj), .string(roleRef["kind"].string + "/" + roleRef["name"].string), TableFormat.age(obj, now: now),
            .string(users.joined(separator: ", ")), .string(groups.joined(separator: ", ")),
            .string(serviceAccounts.joined(separator: ", ")),
        ]
    }
}
