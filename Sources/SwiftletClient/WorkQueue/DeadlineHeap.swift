/// A min-heap of (deadline, key); equal deadlines come out in insertion order.
struct DeadlineHeap<Deadline: Comparable, Key> {
    struct Entry {
        var deadline: Deadline
        var key: Key
        var sequence: Int
    }

    private var entries: [Entry] = []
    private var nextSequence = 0

    var isEmpty: Bool { entries.isEmpty }
    var first: Entry? { entries.first }

    mutating func removeAll() {
        entries.removeAll()
    }

    mutating func insert(_ key: Key, at deadline: Deadline) {
        entries.append(Entry(deadline: deadline, key: key, sequence: nextSequence))
        nextSequence += 1
        var child = entries.count - 1
        while child > 0 {
            let parent = (child - 1) / 2
            guard precedes(child, parent) else { break }
            entries.swapAt(child, parent)
            child = parent
        }
    }

    mutating func removeFirst() -> Entry? {
        guard !entries.isEmpty else { return nil }
        entries.swapAt(0, entries.count - 1)
        let first = entries.removeLast()
        var parent = 0
        while true {
            let left = 2 * parent + 1
            let right = left + 1
            var smallest = parent
            if left < entries.count && precedes(left, smallest) { smallest = left }
            if right < entries.count && precedes(right, smallest) { smallest = right }
            guard smallest != parent else { break }
            entries.swapAt(parent, smallest)
            parent = smallest
        }
        return first
    }

    private func precedes(_ a: Int, _ b: Int) -> Bool {
        let lhs = entries[a], rhs = entries[b]
        if lhs.deadline != rhs.deadline { return lhs.deadline < rhs.deadline }
        return lhs.sequence < rhs.sequence
    }
}
