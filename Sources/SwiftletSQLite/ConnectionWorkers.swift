import Dispatch
import Foundation
import Synchronization

/// Threads that each own one SQLite connection and run jobs from a shared
/// queue. SQLite calls block, so they run here rather than on the Swift
/// concurrency pool (which has one thread per core) or a NIO event loop.
final class ConnectionWorkers: Sendable {
    typealias Job = @Sendable (SQLiteConnection) -> Void

    private let jobs = Mutex<[Job?]>([])
    private let available = DispatchSemaphore(value: 0)
    private let count: Int

    init(count: Int, name: String, open: @escaping @Sendable () throws -> SQLiteConnection) throws {
        self.count = count
        let opened = Mutex<[Result<Void, any Error>]>([])
        let ready = DispatchSemaphore(value: 0)
        for i in 0..<count {
            let thread = Thread { [self] in
                let connection: SQLiteConnection
                do {
                    connection = try open()
                    opened.withLock { $0.append(.success(())) }
                    ready.signal()
                } catch {
                    opened.withLock { $0.append(.failure(error)) }
                    ready.signal()
                    return
                }
                while true {
                    self.available.wait()
                    let job = self.jobs.withLock { $0.isEmpty ? nil : $0.removeFirst() }
                    guard let job else { return }  // a nil job means stop
                    job(connection)
                }
            }
            thread.name = "\(name)-\(i)"
            thread.start()
        }
        for _ in 0..<count { ready.wait() }
        for result in opened.withLock({ $0 }) { try result.get() }
    }

    /// Runs `body` on one of the connections and returns its result.
    func run<T: Sendable>(_ body: @escaping @Sendable (SQLiteConnection) throws -> T) async throws
        -> T
    {
        try await withCheckedThrowingContinuation { continuation in
            jobs.withLock {
                $0.append { connection in continuation.resume(with: Result { try body(connection) }) }
            }
            available.signal()
        }
    }

    /// Stops every thread once the jobs queued before this call are done.
    func stop() {
        jobs.withLock { q in
            for _ in 0..<count { q.append(nil) }
        }
        for _ in 0..<count { available.signal() }
    }
}
