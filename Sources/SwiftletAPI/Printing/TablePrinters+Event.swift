import Foundation

/// Events print the same whichever API serves them: `events.k8s.io` events
/// are the core type underneath, with renamed fields.
extension TablePrinters {
    static let eventPrinters: [(String, Printer)] = [
        ("Event", Printer(columns: eventColumns) { obj, now in eventCells(EventFields(core: obj), now: now) })
    ]
    static let eventsAPIPrinters: [(String, Printer)] = [
        ("Event", Printer(columns: eventColumns) { obj, now in eventCells(EventFields(eventsAPI: obj), now: now) })
    ]

    static let eventColumns: [TableColumnDefinition] = [
        .string("Last Seen", TableDocs.eventLastTimestamp), .string("Type", TableDocs.eventType),
        .string("Reason", TableDocs.eventReason), .string("Object", TableDocs.eventInvolvedObject),
        .string("Subobject", TableDocs.eventFieldPath, priority: 1),
        .string("Source", TableDocs.eventSource, priority: 1), .string("Message", TableDocs.eventMessage),
        .string("First Seen", TableDocs.eventFirstTimestamp, priority: 1),
        .string("Count", TableDocs.eventCount, priority: 1),
        TableColumnDefinition(name: "Name", type: "string", format: "name", description: TableDocs.name, priority: 1),
    ]

    /// The fields `printEvent` reads, named as in the core type.
    struct EventFields {
        var object: PrintedObject
        var involvedObject: PrintedObject
        var message: String
        var source: PrintedObject
        var firstTimestamp: PrintedObject
        var lastTimestamp: PrintedObject
        var count: Int64

        init(core obj: PrintedObject) {
            object = obj
            involvedObject = obj["involvedObject"]
            message = obj["message"].string
            source = obj["source"]
            firstTimestamp = obj["firstTimestamp"]
            lastTimestamp = obj["lastTimestamp"]
            count = obj["count"].int
        }

        init(eventsAPI obj: PrintedObject) {
            object = obj
            involvedObject = obj["regarding"]
            message = obj["note"].string
            source = obj["deprecatedSource"]
            firstTimestamp = obj["deprecatedFirstTimestamp"]
            lastTimestamp = obj["deprecatedLastTimestamp"]
            count = obj["deprecatedCount"].int
        }
    }

    /// `printEvent`: LAST SEEN falls back to the first timestamp and then to
    /// `eventTime`; a series reports its own last time and count; singleton
    /// events count 1.
    static func eventCells(_ event: EventFields, now: Date) -> [JSONValue] {
        let obj = event.object
        var first = TableFormat.since(event.firstTimestamp.time, now: now)
        if event.firstTimestamp.time == nil { first = TableFormat.since(obj["eventTime"].time, now: now) }
        var last = TableFormat.since(event.lastTimestamp.time, now: now)
        if event.lastTimestamp.time == nil { last = first }
        var count = event.count
        if obj["series"].exists {
            last = TableFormat.since(obj["series", "lastObservedTime"].time, now: now)
            count = obj["series", "count"].int
        } else if count == 0 {
            count = 1
        }
        let kind = event.involvedObject["kind"].string.lowercased()
        let involvedName = event.involvedObject["name"].string
        let target = involvedName.isEmpty ? kind : "\(kind)/\(involvedName)"

        let component = firstNonEmpty(event.source["component"].string, obj["reportingController"].string)
        let instance = firstNonEmpty(event.source["host"].string, obj["reportingInstance"].string)
        let source = instance.isEmpty ? component : "\(component), \(instance)"

        return [
            .string(last), .string(obj["type"].string), .string(obj["reason"].string), .string(target),
            .string(event.involvedObject["fieldPath"].string), .string(source),
            .string(event.message.trimmingCharacters(in: .whitespacesAndNewlines)), .string(first), .int(count),
            name(obj),
        ]
    }

    private static func firstNonEmpty(_ a: String, _ b: String) -> String { a.isEmpty ? b : a }
}
