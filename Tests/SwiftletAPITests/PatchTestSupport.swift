import SwiftletAPI
import Testing

/// Parses JSON test fixtures; a typo in a fixture is a test bug, so crash.
func patchJSON(_ text: String) -> JSONValue {
    do { return try JSONParser.parse(text) } catch { fatalError("bad fixture JSON: \(error)\n\(text)") }
}

/// The `PatchError` a patch throws, or nil when it applies.
func patchError(_ body: () throws -> JSONValue) -> PatchError? {
    do {
        _ = try body()
        return nil
    } catch let error as PatchError {
        return error
    } catch {
        Issue.record("unexpected error type: \(error)")
        return nil
    }
}
