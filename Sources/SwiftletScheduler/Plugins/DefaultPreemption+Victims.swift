/// Choosing the fewest pods to evict on one node.
extension DefaultPreemption {
    /// A pod that may be evicted, with its start time read once.
    struct Victim {
        var pod: PodInfo
        /// Nanoseconds since the epoch; a pod with no readable time counts
        /// as started just now.
        var startTime: Int64

        init(_ pod: PodInfo) {
            self.pod = pod
            startTime = StartTime.nanoseconds(pod.startTime) ?? Int64.max
        }

        /// Upstream's `MoreImportantPod`: higher priority, then longer
        /// running.
        func isMoreImportant(than other: Victim) -> Bool {
            if pod.priority != other.pod.priority { return pod.priority > other.pod.priority }
            return startTime < other.startTime
        }
    }

    /// Why a node cannot be made to fit, as the status the failure message
    /// counts.
    struct Refusal: Error {
        var status: PluginStatus
    }

    /// Upstream's `SelectVictimsOnNode`: every pod of lower priority leaves,
    /// and if the pod then fits, they come back one by one, most important
    /// first and those whose eviction would break a budget before the rest,
    /// as long as the pod still fits.
    func selectVictims(on node: NodeInfo, pod: PodInfo, snapshot: Snapshot, profile: SchedulerProfile)
        -> Result<Candidate, Refusal>
    {
        let potential = node.pods.filter { $0.priority < pod.priority }.map(Victim.init)
        if potential.isEmpty {
            return .failure(Refusal(status: .unresolvable("No preemption victims found for incoming pod")))
        }
        var simulation = Simulation(node: node, snapshot: snapshot, needsSnapshot: !profile.preFilters.isEmpty)
        for victim in potential { simulation.remove(victim.pod) }
        let status = simulation.check(pod, profile: profile)
        if !status.isSuccess { return .failure(Refusal(status: status)) }

        let ordered = Self.byImportance(potential)
        let (breaking, harmless) = Self.splitByBudgetViolation(ordered, budgets: snapshot.disruptionBudgets)
        var victims: [Victim] = []
        var violations = 0
        // Puts the pod back; true when the preemptor still fits beside it.
        func reprieve(_ victim: Victim) -> Bool {
            simulation.add(victim.pod)
            if simulation.check(pod, profile: profile).isSuccess { return true }
            simulation.remove(victim.pod)
            victims.append(victim)
            return false
        }
        for victim in breaking where !reprieve(victim) { violations += 1 }
        for victim in harmless { _ = reprieve(victim) }
        // Fitting with every pod back means eviction was never the problem.
        if victims.isEmpty {
            return .failure(Refusal(status: .error("expected at least one victim pod on node \"\(node.name)\"")))
        }
        if !breaking.isEmpty && !harmless.isEmpty { victims = Self.byImportance(victims) }
        return .success(Candidate(nodeName: node.name, victims: victims, pdbViolations: violations))
    }

    /// Most important first; pods equal by that keep their order.
    static func byImportance(_ victims: [Victim]) -> [Victim] {
        victims.enumerated().sorted { lhs, rhs in
            if lhs.element.isMoreImportant(than: rhs.element) { return true }
            if rhs.element.isMoreImportant(than: lhs.element) { return false }
            return lhs.offset < rhs.offset
        }.map(\.element)
    }

    /// Upstream's `filterPodsWithPDBViolation`: walking the victims in
    /// order, each takes one disruption from every budget that covers it
    /// (unless the budget already counts it as disrupted); a victim that
    /// takes one a budget no longer has would break it. Order is kept.
    static func splitByBudgetViolation(_ victims: [Victim], budgets: [DisruptionBudget])
        -> (breaking: [Victim], harmless: [Victim])
    {
        guard !budgets.isEmpty else { return ([], victims) }
        var allowed = budgets.map(\.disruptionsAllowed)
        var breaking: [Victim] = []
        var harmless: [Victim] = []
        for victim in victims {
            var breaks = false
            // A pod without labels matches no budget.
            if !victim.pod.labels.isEmpty {
                for (index, budget) in budgets.enumerated()
                where budget.covers(victim.pod) && !budget.disruptedPods.contains(victim.pod.name) {
                    allowed[index] -= 1
                    if allowed[index] < 0 { breaks = true }
                }
            }
            if breaks { breaking.append(victim) } else { harmless.append(victim) }
        }
        return (breaking, harmless)
    }

    /// A private copy of one node, and of the cluster around it when the
    /// profile's PreFilters need to see the cluster, with pods taken out
    /// and put back.
    struct Simulation {
        var node: NodeInfo
        var snapshot: Snapshot?

        init(node: NodeInfo, snapshot: Snapshot, needsSnapshot: Bool) {
            self.node = node
            self.snapshot = needsSnapshot ? snapshot : nil
        }

        mutating func remove(_ pod: PodInfo) {
            node.remove(uid: pod.uid)
            snapshot?.modifyNode(named: node.name) { $0.remove(uid: pod.uid) }
        }

        mutating func add(_ pod: PodInfo) {
            node.add(pod)
            snapshot?.modifyNode(named: node.name) { $0.add(pod) }
        }

        /// Runs the PreFilters on the changed cluster, then the Filters on
        /// the changed node.
        func check(_ pod: PodInfo, profile: SchedulerProfile) -> PluginStatus {
            var state = CycleState()
            if let snapshot, let refusal = PodPlacer.runPreFilters(profile, pod: pod, snapshot: snapshot, state: &state)
            {
                return refusal
            }
            return PodPlacer.runFilters(profile, pod: pod, node: node, state: state)
        }
    }
}

extension DefaultPreemption {
    /// Reads RFC 3339 times (`2026-01-02T03:04:05.123Z`, `...+02:00`) into
    /// a number that orders them, without Foundation.
    enum StartTime {
        static func nanoseconds(_ text: String) -> Int64? {
            let bytes = Array(text.utf8)
            var index = 0
            func number(_ width: Int) -> Int64? {
                guard index + width <= bytes.count else { return nil }
                var value: Int64 = 0
                for byte in bytes[index..<index + width] {
                    guard byte >= 48 && byte <= 57 else { return nil }
                    value = value * 10 + Int64(byte - 48)
                }
                index += width
                return value
            }
            func expect(_ allowed: String) -> Bool {
                guard index < bytes.count, allowed.utf8.contains(bytes[index]) else { return false }
                index += 1
                return true
            }
            guard let year = number(4), expect("-"), let month = number(2), expect("-"), let day = number(2),
                expect("Tt "), let hour = number(2), expect(":"), let minute = number(2), expect(":"),
                let second = number(2), (1...12).contains(month), (1...31).contains(day), hour < 24, minute < 60,
                second < 61
            else { return nil }
            var nanos: Int64 = 0
            if index < bytes.count && bytes[index] == UInt8(ascii: ".") {
                index += 1
                var digits = 0
                while index < bytes.count, bytes[index] >= 48 && bytes[index] <= 57 {
                    if digits < 9 { nanos = nanos * 10 + Int64(bytes[index] - 48) }
                    digits += 1
                    index += 1
                }
                guard digits > 0 else { return nil }
                for _ in digits..<max(digits, 9) { nanos *= 10 }
            }
            var offsetSeconds: Int64 = 0
            if !expect("Zz") {
                let sign: Int64 = index < bytes.count && bytes[index] == UInt8(ascii: "-") ? -1 : 1
                guard expect("+-"), let hours = number(2), expect(":"), let minutes = number(2) else { return nil }
                offsetSeconds = sign * (hours * 3600 + minutes * 60)
            }
            guard index == bytes.count else { return nil }
            let days = daysSinceEpoch(year: year, month: month, day: day)
            let seconds = days * 86400 + hour * 3600 + minute * 60 + second - offsetSeconds
            let (scaled, overflow) = seconds.multipliedReportingOverflow(by: 1_000_000_000)
            return overflow ? nil : scaled + nanos
        }

        /// Days from 1970-01-01 to a proleptic Gregorian date.
        static func daysSinceEpoch(year: Int64, month: Int64, day: Int64) -> Int64 {
            let y = month <= 2 ? year - 1 : year
            let era = (y >= 0 ? y : y - 399) / 400
            let yearOfEra = y - era * 400
            let dayOfYear = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
            let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
            return era * 146097 + dayOfEra - 719468
        }
    }
}
