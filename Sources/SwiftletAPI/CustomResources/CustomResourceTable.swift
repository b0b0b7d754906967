import Foundation

/// Table columns and cells of a custom resource version from its CRD's
/// `additionalPrinterColumns`, as upstream's table convertor for custom
/// resources: `Name` first, then each column's JSONPath value typed by the
/// column (`date` as an age). A version without columns gets `Name` and `Age`.
public enum CustomResourceTable {
    public static func columns(_ printerColumns: [CustomResourceDefinitionInfo.PrinterColumn])
        -> [TableColumnDefinition]
    {
        guard !printerColumns.isEmpty else { return TablePrinters.customResourceColumns }
        return [.name]
            + printerColumns.map {
                TableColumnDefinition(
                    name: $0.name, type: $0.type, format: $0.format, description: $0.description,
                    priority: Int32(clamping: $0.priority))
            }
    }

    public static func cells(
        _ object: JSONValue, group: String, kind: String, printerColumns: [CustomResourceDefinitionInfo.PrinterColumn],
        now: Date
    ) -> [JSONValue] {
        guard !printerColumns.isEmpty else {
            return TablePrinters.cells(group: group, kind: kind, object: object, now: now)
        }
        var cells: [JSONValue] = [.string(object[path: ["metadata", "name"]]?.stringValue ?? "")]
        for column in printerColumns {
            guard let expression = column.expression else {
                cells.append(.null)
                continue
            }
            let found = expression.evaluate(object)
            guard let first = found.first else {
                cells.append(.null)
                continue
            }
            let value: JSONValue = found.count == 1 ? first : .array(found)
            cells.append(cell(value, type: column.type, now: now))
        }
        return cells
    }

    /// A value as the column's type shows it; a value of another type is
    /// left empty, except that `string` columns print anything.
    static func cell(_ value: JSONValue, type: String, now: Date) -> JSONValue {
        switch type {
        case "string":
            switch value {
            case .string: return value
            case .array(let items): return .string(items.map(text).joined(separator: " "))
            default: return .string(text(value))
            }
        case "integer":
            return value.intValue.map { .int($0) } ?? .null
        case "number":
            switch value {
            case .int, .double: return value
            default: return .null
            }
        case "boolean":
            return value.boolValue.map { .bool($0) } ?? .null
        case "date":
            guard let s = value.stringValue else { return .null }
            guard let date = RFC3339.parse(s) else { return .string("<invalid>") }
            return .string(TableFormat.since(date == RFC3339.zero ? nil : date, now: now))
        default:
            return .null
        }
    }

    static func text(_ value: JSONValue) -> String {
        switch value {
        case .string(let s): return s
        case .int(let i): return String(i)
        case .double(let d): return GoSyntax.float(d)
        case .bool(let b): return b ? "true" : "false"
        case .null: return ""
        default: return value.serializedString()
        }
    }
}
