import Foundation
import Hummingbird
import SwiftletAPI
import SwiftletStorage

extension ResourceHandler {
    func create(_ request: ResourceRequest) async throws -> Response {
        try checkCreateAllowed(request)
        return try await create(try Admission.decode(request), request, ownership: .update)
    }

    func checkCreateAllowed(_ request: ResourceRequest) throws {
        if request.custom?.terminating == true {
            var e = APIError.methodNotSupported(request.gvr, verb: "create")
            e.message = "create not allowed while custom resource definition is terminating"
            throw e
        }
    }

    /// Creates a decoded object: server metadata, defaults, admission,
    /// validation, field ownership (unless an apply already set it), store.
    func create(_ decoded: Admission.Decoded, _ request: ResourceRequest, ownership: Ownership) async throws
        -> Response
    {
        let r = request.resource
        var decoded = decoded
        var object = decoded.object
        if r.namespaced {
            let declared = object.namespace
            if !declared.isEmpty, declared != request.namespace {
                throw APIError.badRequest(
                    "the namespace of the provided object does not match the namespace sent on the request")
            }
            object.setMeta("namespace", .string(request.namespace))
        } else {
            object.setMeta("namespace", nil)
        }
        if object.name.isEmpty, !object.generateName.isEmpty {
            object.setMeta("name", .string(ObjectLifecycle.generatedName(prefix: object.generateName)))
        }
        try await checkNamespace(request, creating: true)
        ObjectLifecycle.prepareForCreate(&object, resource: r, now: Date())
        Defaulting.apply(to: &object, resource: r, custom: request.custom)
        Defaulter.prepareForCreate(&object, gvk: r.gvk)
        try await admitPodPriority(&object, request)
        if r.group.isEmpty, r.plural == "pods", request.subresource.isEmpty { TolerationAdmission.admit(&object) }
        decoded.warnings += try Admission.validate(object, old: nil, resource: r, custom: request.custom)
        if ownership == .update { try recordOwnership(old: nil, new: &object, request) }
        if let custom = request.custom { object = custom.forStorage(object) }
        let name = object.name
        if request.isDryRun {
            return try render(object, request, status: .created, warnings: decoded.warnings)
        }
        let stored: KeyValue
        do {
            stored = try await api.storage.create(
                key(request, name: name), value: try ObjectCodec.encodeForStorage(object))
        } catch let error as StorageError {
            throw apiError(error, request, name: name)
        }
        decoded.object = try ObjectCodec.decode(stored)
        if isCustomResourceDefinition(request) { await api.customResourceDefinitions.sync(api) }
        return try render(decoded.object, request, status: .created, warnings: decoded.warnings)
    }
}
