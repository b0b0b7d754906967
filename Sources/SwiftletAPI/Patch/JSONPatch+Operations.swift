// The six RFC 6902 operations. Each error text is the one upstream's library
// produces, including its inconsistencies (quoted paths for add/remove only,
// "error in remove" for a failed replace), because clients show them to users.

extension JSONPatch.Operation {
    func add(_ document: inout JSONValue) throws(PatchError) {
        guard case .success(let path) = path() else {
            throw PatchError(.unprocessable, "add operation failed to decode path: missing value")
        }
        let missing = "add operation does not apply: doc is missing path: \"\(path)\""
        try edit(&document, at: path, missing: missing) { (c, key) throws(PatchError) in
            try context("error in add for path: '\(path)'") { () throws(PatchError) in try c.patchAdd(key, value) }
        }
    }

    func remove(_ document: inout JSONValue) throws(PatchError) {
        guard case .success(let path) = path() else {
            throw PatchError(.unprocessable, "remove operation failed to decode path: missing value")
        }
        let missing = "remove operation does not apply: doc is missing path: \"\(path)\""
        try edit(&document, at: path, missing: missing) { (c, key) throws(PatchError) in
            try context("error in remove for path: '\(path)'") { () throws(PatchError) in try c.patchRemove(key) }
        }
    }

    func replace(_ document: inout JSONValue) throws(PatchError) {
        let path = try decoded(path(), "replace operation failed to decode path")
        if path.isEmpty {
            // Replacing the whole document needs a document; upstream's message
            // wraps a nil error, which Go prints as below.
            guard value.isContainer else {
                throw PatchError(.unprocessable, "replace operation value must be object or array: %!w(<nil>)")
            }
            document = value
            return
        }
        try edit(&document, at: path, missing: "replace operation does not apply: doc is missing path: \(path)") {
            (c, key) throws(PatchError) in
            do { _ = try c.patchGet(key) } catch {
                throw PatchError(
                    .pathNotFound, "replace operation does not apply: doc is missing key: \(path): missing value")
            }
            // Upstream's object lookup never fails, so a missing member is added.
            try context("error in remove for path: '\(path)'") { () throws(PatchError) in try c.patchSet(key, value) }
        }
    }

    func move(_ document: inout JSONValue) throws(PatchError) {
        let from = try decoded(from(), "move operation failed to decode from")
        let missingFrom = "move operation does not apply: doc is missing from path: \(from)"
        let taken = try edit(&document, at: from, missing: missingFrom) { (c, key) throws(PatchError) -> JSONValue in
            try context("error in move for path: '\(key)'") { () throws(PatchError) -> JSONValue in
                let value = try c.patchGet(key)
                try c.patchRemove(key)
                return value ?? .null
            }
        }
        let path = try decoded(path(), "move operation failed to decode path")
        let missing = "move operation does not apply: doc is missing destination path: \(path)"
        try edit(&document, at: path, missing: missing) { (c, key) throws(PatchError) in
            try context("error in move for path: '\(path)'") { () throws(PatchError) in try c.patchAdd(key, taken) }
        }
    }

    func copy(_ document: inout JSONValue) throws(PatchError) {
        let from = try decoded(from(), "copy operation failed to decode from")
        let missingFrom = "copy operation does not apply: doc is missing from path: \(from)"
        let copied = try edit(&document, at: from, missing: missingFrom) { (c, key) throws(PatchError) -> JSONValue in
            // A missing object member reads as nothing, which upstream copies as null.
            try context("error in copy for from: '\(from)'") { () throws(PatchError) in try c.patchGet(key) ?? .null }
        }
        guard case .success(let path) = path() else {
            throw PatchError(.unprocessable, "copy operation failed to decode path: missing value")
        }
        let missing = "copy operation does not apply: doc is missing destination path: \(path)"
        try edit(&document, at: path, missing: missing) { (c, key) throws(PatchError) in
            try context("error while adding value during copy") { () throws(PatchError) in try c.patchAdd(key, copied) }
        }
    }

    func test(_ document: JSONValue) throws(PatchError) {
        let path = try decoded(path(), "test operation failed to decode path")
        let actual: JSONValue
        if path.isEmpty {
            actual = document
        } else {
            var scratch = document
            actual = try edit(&scratch, at: path, missing: "test operation does not apply: is missing path: \(path)") {
                (c, key) throws(PatchError) -> JSONValue in
                let context = "error in test for path: '\(path)'"
                return try self.context(context) { () throws(PatchError) in try c.patchGet(key) ?? .null }
            }
        }
        // Upstream keeps JSON null as "no value", so an absent member and null
        // match each other and nothing else.
        guard actual == value else { throw PatchError(.testFailed, "testing value \(path) failed: test failed") }
    }

    /// Runs `body` on the container that holds the path's last token, or
    /// fails with upstream's "missing" message when there is none.
    private func edit<R>(
        _ document: inout JSONValue, at path: String, missing: String,
        _ body: (inout JSONValue, String) throws(PatchError) -> R
    ) throws(PatchError) -> R {
        let notFound = PatchError(.pathNotFound, "\(missing): missing value")
        guard let (parents, key) = JSONPointer.containerAndKey(path) else { throw notFound }
        let result = try JSONPatch.withContainer(&document, parents[...]) { (c: inout JSONValue) throws(PatchError) in
            try body(&c, key)
        }
        guard let result else { throw notFound }
        return result
    }

    /// A decoded `path` or `from`, with upstream's context on failure.
    private func decoded(_ field: Result<String, PatchError>, _ text: String) throws(PatchError) -> String {
        do throws(PatchError) { return try field.get() } catch { throw error.wrapped(text) }
    }

    /// Go's `fmt.Errorf("<context>: %w", err)` around a step.
    private func context<R>(_ text: String, _ body: () throws(PatchError) -> R) throws(PatchError) -> R {
        do throws(PatchError) { return try body() } catch { throw error.wrapped(text) }
    }
}

extension PatchError {
    /// Prefixes context the way Go wraps errors; the kind of the cause stays.
    func wrapped(_ context: String) -> PatchError {
        PatchError(kind, "\(context): \(message)")
    }
}
