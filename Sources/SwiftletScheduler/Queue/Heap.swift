/// The active queue's order: a binary heap of pod uids, highest priority
/// first, then earliest added. Removal is lazy: a uid's latest push is the
/// only live one, older copies are skipped when they surface.
struct Heap: Sendable {
    typealias Instant = ContinuousClock.Instant

    private struct Item: Sendable {
        var uid: String
        var priority: Int64
        var added: Instant
        var sequence: Int64

        func comesBefore(_ other: Item) -> Bool {
            if priority != other.priority { return priority > other.priority }
            if added != other.added { return added < other.added }
            return sequence < other.sequence
        }
    }

    private var items: [Item] = []
    /// uid to the sequence of its live push.
    private var live: [String: Int64] = [:]

    var count: Int { live.count }
    func contains(_ uid: String) -> Bool { live[uid] != nil }

    mutating func push(_ uid: String, sequence: Int64, priority: (Int64, Instant)?) {
        guard let priority else { return }
        live[uid] = sequence
        items.append(Item(uid: uid, priority: priority.0, added: priority.1, sequence: sequence))
        siftUp(items.count - 1)
    }

    mutating func remove(_ uid: String) {
        live[uid] = nil
    }

    /// Takes out the first live uid.
    mutating func popFirst() -> String? {
        while !items.isEmpty {
            let top = items[0]
            let last = items.removeLast()
            if !items.isEmpty {
                items[0] = last
                siftDown(0)
            }
            if live[top.uid] == top.sequence {
                live[top.uid] = nil
                return top.uid
            }
        }
        return nil
    }

    private mutating func siftUp(_ index: Int) {
        var child = index
        while child > 0 {
            let parent = (child - 1) / 2
            guard items[child].comesBefore(items[parent]) else { return }
            items.swapAt(child, parent)
            child = parent
        }
    }

    private mutating func siftDown(_ index: Int) {
        var parent = index
        while true {
            let left = 2 * parent + 1
            let right = left + 1
            var first = parent
            if left < items.count, items[left].comesBefore(items[first]) { first = left }
            if right < items.count, items[right].comesBefore(items[first]) { first = right }
            if first == parent { return }
            items.swapAt(parent, first)
            parent = first
        }
    }
}
