import ArgumentParser

/// Benchmarks that measure Swiftlet against its anchors in the same run.
@main
struct Bench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "swiftlet-bench", abstract: "Swiftlet benchmarks.",
        subcommands: [
            APIBenchmark.self, InformerBenchmark.self, SchedulerBenchmark.self, PodStartupBenchmark.self,
            CustomResourceBenchmark.self, ApplyBenchmark.self,
        ])
}
