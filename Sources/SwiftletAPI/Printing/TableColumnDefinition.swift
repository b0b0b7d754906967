/// One column of a `meta.k8s.io/v1` Table: what `kubectl get` prints as a
/// header. Columns with a priority above 0 are shown only with `-o wide`.
public struct TableColumnDefinition: Sendable, Equatable {
    /// The header as upstream spells it, e.g. `Name` or `Port(s)`; kubectl
    /// upper-cases it when printing.
    public var name: String
    /// The OpenAPI type of the cells: `string`, `integer`, `number`,
    /// `boolean` or `date`.
    public var type: String
    /// An optional format hint, e.g. `name` for the object-name column.
    public var format: String
    public var description: String
    public var priority: Int32

    public init(name: String, type: String, format: String = "", description: String, priority: Int32 = 0) {
        self.name = name
        self.type = type
        self.format = format
        self.description = description
        self.priority = priority
    }

    /// The wire form: every member is always present, in upstream's order.
    public var json: JSONValue {
        .object(
            JSONObject([
                (key: "name", value: .string(name)),
                (key: "type", value: .string(type)),
                (key: "format", value: .string(format)),
                (key: "description", value: .string(description)),
                (key: "priority", value: .int(Int64(priority))),
            ]))
    }
}

extension TableColumnDefinition {
    /// The object-name column every printer starts with.
    static let name = TableColumnDefinition(
        name: "Name", type: "string", format: "name", description: TableDocs.name)
    /// The age column (a human duration since creation).
    static let age = TableColumnDefinition(name: "Age", type: "string", description: TableDocs.creationTimestamp)

    /// The two template columns most workload printers show in wide output.
    static let containers = TableColumnDefinition(
        name: "Containers", type: "string", description: "Names of each container in the template.", priority: 1)
    static let images = TableColumnDefinition(
        name: "Images", type: "string", description: "Images referenced by each container in the template.",
        priority: 1)

    static func string(_ name: String, _ description: String, priority: Int32 = 0) -> TableColumnDefinition {
        TableColumnDefinition(name: name, type: "string", description: description, priority: priority)
    }
    static func integer(_ name: String, _ description: String, priority: Int32 = 0) -> TableColumnDefinition {
        TableColumnDefinition(name: name, type: "integer", description: description, priority: priority)
    }
    static func boolean(_ name: String, _ description: String, priority: Int32 = 0) -> TableColumnDefinition {
        TableColumnDefinition(name: name, type: "boolean", description: description, priority: priority)
    }
}
