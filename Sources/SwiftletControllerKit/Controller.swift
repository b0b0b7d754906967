import Logging
import SwiftletAPI
import SwiftletClient
import SwiftletModels

extension Controller {
    /// A controller whose requests come from sources you wire yourself: the
    /// `register` closure adds handlers to informers of the factory (any
    /// informer, JSON ones included) that call `enqueue`, and returns the
    /// informers to wait for. For controllers that span every resource, like
    /// a garbage collector.
    public static func custom(
        name: String, maxConcurrentReconciles: Int = 1, reconciler: some Reconciler,
        register:
            @escaping @Sendable (SharedInformerFactory, @escaping @Sendable (NamespacedName) -> Void) ->
            [any SharedInformer]
    ) -> Controller {
        let source = EventSource(registerAll: register)
        return Controller(
            name: name, reconciler: reconciler, sources: [source], workers: max(1, maxConcurrentReconciles))
    }

    /// Starts describing a controller whose requests name `Primary` objects.
    public static func `for`<Primary: KubernetesResource>(_ type: Primary.Type) -> ControllerBuilder<Primary> {
        ControllerBuilder(name: Primary.resource.singular)
    }
}

/// A running reconcile loop: informers feed keys into a work queue; workers
/// take keys and call the reconciler; errors requeue with backoff.
public final class Controller: Sendable {
    public let name: String
    let reconciler: any Reconciler
    let sources: [EventSource]
    let workers: Int
    let queue: WorkQueue<NamespacedName, ContinuousClock>

    init(name: String, reconciler: any Reconciler, sources: [EventSource], workers: Int) {
        self.name = name
        self.reconciler = reconciler
        self.sources = sources
        self.workers = workers
        self.queue = WorkQueue(clock: ContinuousClock())
    }

    /// Adds a request by hand (e.g. from a timer or another controller).
    public func enqueue(_ request: NamespacedName) async {
        await queue.add(request)
    }

    /// Registers the informers this controller needs with the factory.
    func register(with informers: SharedInformerFactory) -> [any SharedInformer] {
        let queue = self.queue
        return sources.flatMap { source in
            source.register(informers) { request in
                Task { await queue.add(request) }
            }
        }
    }

    /// Waits for its informers to sync, then runs the workers until cancelled.
    func run(informers: [any SharedInformer], logger: Logger, metrics: ControllerMetrics) async {
        for informer in informers { await informer.waitForSync() }
        logger.info("controller \(name) started with \(workers) workers")
        await withTaskGroup(of: Void.self) { group in
            for _ in 0..<workers {
                group.addTask { await self.work(logger: logger, metrics: metrics) }
            }
            group.addTask {
                // Shut the queue when the controller is cancelled, so workers return.
                await withTaskCancellationHandler {
                    while !Task.isCancelled { try? await Task.sleep(for: .seconds(3600)) }
                } onCancel: {
                    Task { await self.queue.shutDown() }
                }
            }
            await group.next()
            group.cancelAll()
            await queue.shutDown()
            await group.waitForAll()
        }
    }

    private func work(logger: Logger, metrics: ControllerMetrics) async {
        while let request = await queue.get() {
            metrics.activeWorkers(name, delta: 1)
            let start = ContinuousClock.now
            var result = "success"
            do {
                switch try await reconciler.reconcile(request) {
                case .done:
                    queue.forget(request)
                case .requeueAfter(let delay):
                    result = "requeue_after"
                    queue.forget(request)
                    await queue.addAfter(request, delay: delay)
                }
            } catch let error as TerminalError {
                result = "error"
                queue.forget(request)
                logger.error("\(name) \(request): \(error) (not retried)")
            } catch {
                result = "error"
                logger.debug("\(name) \(request): \(error), retrying")
                await queue.addRateLimited(request)
            }
            let elapsed = ContinuousClock.now - start
            metrics.reconciled(
                name, result: result,
                seconds: Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18,
                failed: result == "error")
            metrics.activeWorkers(name, delta: -1)
            await queue.done(request)
        }
    }
}
