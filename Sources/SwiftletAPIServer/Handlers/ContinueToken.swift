import Foundation
import SwiftletAPI
import SwiftletStorage

/// The opaque `continue` value of a paginated list: the revision the first
/// page was served at and the key to resume after, so every page shows the
/// same snapshot.
struct ContinueToken: Equatable {
    var revision: Revision
    /// The key (relative to the list prefix) to start at, inclusive.
    var start: String

    func encoded() -> String {
        let json: JSONValue = ["v": "meta.k8s.io/v1", "rv": .int(revision.value), "start": .string(start)]
        return Data(json.serialized()).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }

    init(revision: Revision, start: String) {
        self.revision = revision
        self.start = start
    }

    init(decoding token: String) throws(APIError) {
        var b64 = token.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        while b64.count % 4 != 0 { b64 += "=" }
        guard let data = Data(base64Encoded: b64), let json = try? JSONParser.parse(Array(data)),
            json["v"]?.stringValue == "meta.k8s.io/v1", let rv = json["rv"]?.intValue, rv > 0,
            let start = json["start"]?.stringValue, !start.hasPrefix("/"), !start.contains("..")
        else {
            throw APIError.badRequest(
                "continue key is not valid: incorrect encoded start resourceVersion (version meta.k8s.io/v1)")
        }
        self.revision = Revision(rv)
        self.start = start
    }
}
