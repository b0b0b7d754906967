import SwiftletModels

/// What a taint does to pods that do not tolerate it.
public enum TaintEffect: String, Sendable {
    case noSchedule = "NoSchedule"
    case preferNoSchedule = "PreferNoSchedule"
    case noExecute = "NoExecute"
}

/// A node taint.
public struct Taint: Sendable, Equatable {
    public var key: String
    public var value: String
    public var effect: TaintEffect

    public init(key: String, value: String = "", effect: TaintEffect) {
        self.key = key
        self.value = value
        self.effect = effect
    }
}

/// A pod toleration. Upstream's rules: an empty key with `Exists` tolerates
/// every taint; an empty effect tolerates every effect.
public struct Toleration: Sendable, Equatable {
    public enum Operator: String, Sendable { case exists = "Exists", equal = "Equal" }
    public var key: String
    public var `operator`: Operator
    public var value: String
    public var effect: TaintEffect?

    public init(key: String = "", operator op: Operator = .equal, value: String = "", effect: TaintEffect? = nil) {
        self.key = key
        self.operator = op
        self.value = value
        self.effect = effect
    }

    /// Nil for an operator that is neither `Exists` nor `Equal`.
    init?(_ model: CoreV1.Toleration) {
        let op: Operator
        switch model.operator ?? "" {
        case "", "Equal": op = .equal
        case "Exists": op = .exists
        default: return nil
        }
        let effect: TaintEffect?
        switch model.effect ?? "" {
        case "": effect = nil
        default:
            guard let known = TaintEffect(rawValue: model.effect ?? "") else { return nil }
            effect = known
        }
        self.init(key: model.key ?? "", operator: op, value: model.value ?? "", effect: effect)
    }

    public func tolerates(_ taint: Taint) -> Bool {
        if let effect, effect != taint.effect { return false }
        if !key.isEmpty, key != taint.key { return false }
        switch self.operator {
        case .exists: return true
        case .equal: return value == taint.value
        }
    }
}

extension Taint {
    /// Nil for an unknown effect, which no plugin acts on.
    init?(_ model: CoreV1.Taint) {
        guard let effect = TaintEffect(rawValue: model.effect ?? "") else { return nil }
        self.init(key: model.key ?? "", value: model.value ?? "", effect: effect)
    }
}
