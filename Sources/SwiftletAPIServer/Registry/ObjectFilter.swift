import SwiftletAPI

/// The label and field selectors of a list or watch, checked against the
/// resource's supported field labels when parsed.
struct ObjectFilter {
    var labels: LabelSelector
    var fields: FieldSelector
    let resource: ResourceInfo

    init(labelSelector: String?, fieldSelector: String?, resource: ResourceInfo) throws(APIError) {
        self.resource = resource
        do {
            labels = try LabelSelector(parsing: labelSelector ?? "")
            let parsed = try FieldSelector(parsing: fieldSelector ?? "")
            fields = try FieldLabels.convert(
                parsed, group: resource.group, resource: resource.plural, version: resource.version)
        } catch {
            throw APIError.badRequest(error.message)
        }
    }

    var isEverything: Bool { labels.isEmpty && fields.isEmpty }

    func matches(_ object: JSONValue) -> Bool {
        if !labels.isEmpty, !labels.matches(object: object) { return false }
        if !fields.isEmpty,
            !fields.matches(FieldLabels.fieldSet(group: resource.group, resource: resource.plural, object: object))
        {
            return false
        }
        return true
    }
}
