import ArgumentParser

/// The `swiftlet` command. Subcommands only wire options to services.
@main
struct Swiftlet: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "swiftlet",
        abstract: "A Kubernetes-compatible container orchestrator.",
        subcommands: [
            ServerCommand.self, APIServerCommand.self, ControllerManagerCommand.self, SchedulerCommand.self,
            NodeCommand.self, ImagesCommand.self,
        ]
    )
}
