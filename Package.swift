// swift-tools-version:6.1
import PackageDescription

let package = Package(
    name: "swiftlet",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "swiftlet", targets: ["swiftlet"]),
        .executable(name: "swiftlet-bench", targets: ["swiftlet-bench"]),
        .library(name: "SwiftletAPI", targets: ["SwiftletAPI"]),
        .library(name: "SwiftletStorage", targets: ["SwiftletStorage"]),
        .library(name: "SwiftletClient", targets: ["SwiftletClient"]),
        .library(name: "SwiftletModels", targets: ["SwiftletModels"]),
        .library(name: "SwiftletControllerKit", targets: ["SwiftletControllerKit"]),
    ],
    dependencies: [
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-nio-ssl", from: "2.37.6"),
        .package(url: "https://github.com/apple/swift-certificates", from: "1.21.1"),
        .package(url: "https://github.com/apple/swift-crypto", "3.12.3"..<"5.0.0"),
        .package(url: "https://github.com/apple/swift-asn1", from: "1.7.4"),
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/async-http-client", from: "1.37.0"),
        .package(url: "https://github.com/jpsim/Yams", from: "5.0.1"),
        .package(url: "https://github.com/grpc/grpc-swift-2", from: "2.4.3"),
        .package(url: "https://github.com/grpc/grpc-swift-nio-transport", from: "2.9.2"),
        .package(url: "https://github.com/grpc/grpc-swift-protobuf", from: "2.4.1"),
        .package(url: "https://github.com/apple/swift-protobuf", from: "1.39.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird-websocket", from: "2.8.1"),
    ],
    targets: [
        // Kubernetes API types and machinery: pure Swift, no I/O.
        .target(
            name: "SwiftletAPI",
            resources: [.copy("Resources/schemas.json"), .copy("Resources/protobuf.json")]
        ),
        // The etcd-shaped storage protocol and the in-memory backend.
        .target(name: "SwiftletStorage"),
        // The system SQLite library (Debian's libsqlite3-dev).
        .systemLibrary(name: "CSQLite", pkgConfig: "sqlite3", providers: [.apt(["libsqlite3-dev"])]),
        // The embedded SQLite storage backend.
        .target(
            name: "SwiftletSQLite",
            dependencies: [
                "SwiftletStorage", "CSQLite",
                .product(name: "NIOPosix", package: "swift-nio"),
            ]
        ),
        // The HTTPS server channel both the API server and node agents use (HTTP/2,
        // and HTTP/1.1 with WebSocket upgrades), and the channel.k8s.io stream relay.
        .target(
            name: "SwiftletStreaming",
            dependencies: [
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdHTTP2", package: "hummingbird"),
                .product(name: "HummingbirdWebSocket", package: "hummingbird-websocket"),
                .product(name: "HummingbirdWSClient", package: "hummingbird-websocket"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "NIOTLS", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        // The HTTPS API server.
        .target(
            name: "SwiftletAPIServer",
            dependencies: [
                "SwiftletAPI", "SwiftletStorage", "SwiftletStreaming",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdHTTP2", package: "hummingbird"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "X509", package: "swift-certificates"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "SwiftASN1", package: "swift-asn1"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Yams", package: "Yams"),
            ]
        ),
        .executableTarget(
            name: "swiftlet",
            dependencies: [
                "SwiftletAPIServer", "SwiftletSQLite", "SwiftletStorage", "SwiftletControllers", "SwiftletClient",
                "SwiftletScheduler", "SwiftletNode",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        // Typed models of the built-in kinds: JSON-backed views generated from the schemas.
        .target(name: "SwiftletModels", dependencies: ["SwiftletAPI"]),
        // The Swift client library: config, REST and watch, informers, work queue.
        .target(
            name: "SwiftletClient",
            dependencies: [
                "SwiftletAPI", "SwiftletModels",
                .product(name: "Yams", package: "Yams"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        // The operator framework: reconcilers, builder, controllers, manager, helpers.
        .target(
            name: "SwiftletControllerKit",
            dependencies: [
                "SwiftletClient", "SwiftletModels", "SwiftletAPI",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Hummingbird", package: "hummingbird"),
            ]
        ),
        // The built-in controllers, one folder each, on the public ControllerKit.
        .target(
            name: "SwiftletControllers",
            dependencies: [
                "SwiftletControllerKit", "SwiftletClient", "SwiftletModels", "SwiftletAPI",
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        // The scheduler: the pure placement core (snapshot, plugins, decision) and the service that binds.
        .target(
            name: "SwiftletScheduler",
            dependencies: [
                "SwiftletControllerKit", "SwiftletClient", "SwiftletModels", "SwiftletAPI",
                .product(name: "Yams", package: "Yams"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ]
        ),
        // The CRI v1 messages and client stubs, generated from Proto/cri.proto (scripts/generate-cri.sh).
        .target(
            name: "SwiftletCRI",
            dependencies: [
                .product(name: "GRPCCore", package: "grpc-swift-2"),
                .product(name: "GRPCProtobuf", package: "grpc-swift-protobuf"),
                .product(name: "SwiftProtobuf", package: "swift-protobuf"),
            ],
            exclude: ["Proto"]
        ),
        // The node agent: runs the pods bound to its node on containerd over CRI, or on the simulated runtime.
        .target(
            name: "SwiftletNode",
            dependencies: [
                "SwiftletControllerKit", "SwiftletClient", "SwiftletModels", "SwiftletAPI", "SwiftletCRI",
                "SwiftletStreaming",
                .product(name: "GRPCCore", package: "grpc-swift-2"),
                .product(name: "GRPCNIOTransportHTTP2Posix", package: "grpc-swift-nio-transport"),
                .product(name: "GRPCProtobuf", package: "grpc-swift-protobuf"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "X509", package: "swift-certificates"),
                .product(name: "SwiftASN1", package: "swift-asn1"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdHTTP2", package: "hummingbird"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ]
        ),
        // Example operator: mirrors labelled ConfigMaps into every namespace.
        .target(
            name: "MirrorOperator",
            dependencies: ["SwiftletControllerKit", "SwiftletClient", "SwiftletModels", "SwiftletAPI"],
            path: "Examples/ConfigMapMirror/Sources/MirrorOperator"
        ),
        .executableTarget(
            name: "configmap-mirror",
            dependencies: ["MirrorOperator", "SwiftletControllerKit", "SwiftletClient"],
            path: "Examples/ConfigMapMirror/Sources/configmap-mirror"
        ),
        // Example operator: a WebApp custom kind defined in Swift, owning a Deployment and a Service.
        .target(
            name: "WebAppOperator",
            dependencies: ["SwiftletControllerKit", "SwiftletClient", "SwiftletModels", "SwiftletAPI"],
            path: "Examples/WebApp/Sources/WebAppOperator"
        ),
        .executableTarget(
            name: "webapp-operator",
            dependencies: ["WebAppOperator", "SwiftletControllerKit", "SwiftletClient"],
            path: "Examples/WebApp/Sources/webapp-operator"
        ),
        // `swift package generate-crd --product OPERATOR`: an operator's CRD YAML.
        .plugin(
            name: "GenerateCRD",
            capability: .command(
                intent: .custom(
                    verb: "generate-crd", description: "Writes the CRD YAML of an operator's Swift custom kinds"),
                permissions: [.writeToPackageDirectory(reason: "writes the CRD YAML to the file --output names")]
            )
        ),
        // Test support: an in-process API server with an admin client.
        .target(
            name: "SwiftletTesting",
            dependencies: [
                "SwiftletAPIServer", "SwiftletStorage", "SwiftletAPI", "SwiftletClient",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        // What the benchmarks read from the C allocator.
        .target(name: "CBenchSupport"),
        .executableTarget(
            name: "swiftlet-bench",
            dependencies: [
                "SwiftletAPIServer", "SwiftletSQLite", "SwiftletStorage", "SwiftletAPI", "CSQLite", "SwiftletClient",
                "CBenchSupport",
                "SwiftletModels",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
            ]
        ),
        // Generator: Kubernetes definitions -> the project's schema resource.
        .executableTarget(name: "swiftlet-codegen", dependencies: ["SwiftletAPI"]),
        .testTarget(name: "SwiftletAPITests", dependencies: ["SwiftletAPI"]),
        .testTarget(
            name: "SwiftletStorageTests", dependencies: ["SwiftletStorage", "SwiftletSQLite", "SwiftletTesting"]),
        .testTarget(
            name: "SwiftletAPIServerTests",
            dependencies: [
                "SwiftletAPIServer", "SwiftletStorage", "SwiftletAPI", "SwiftletTesting",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
            ]
        ),
        .testTarget(
            name: "SwiftletEndToEndTests",
            dependencies: [
                "SwiftletAPI", "SwiftletTesting", .product(name: "AsyncHTTPClient", package: "async-http-client"),
            ]),
        .testTarget(
            name: "SwiftletClientTests",
            dependencies: ["SwiftletClient", "SwiftletTesting", "SwiftletModels", "SwiftletAPI", "SwiftletStorage"]
        ),
        .testTarget(
            name: "SwiftletControllerKitTests",
            dependencies: [
                "SwiftletControllerKit", "SwiftletClient", "SwiftletTesting", "SwiftletModels", "SwiftletAPI",
                "MirrorOperator", "WebAppOperator",
            ]
        ),
        .testTarget(
            name: "SwiftletSchedulerTests",
            dependencies: ["SwiftletScheduler", "SwiftletClient", "SwiftletTesting", "SwiftletModels", "SwiftletAPI"]
        ),
        .testTarget(name: "SwiftletModelsTests", dependencies: ["SwiftletModels", "SwiftletAPI"]),
        .testTarget(
            name: "SwiftletNodeTests",
            dependencies: [
                "SwiftletNode", "SwiftletCRI", "SwiftletClient", "SwiftletTesting", "SwiftletModels", "SwiftletAPI",
                "SwiftletStreaming",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
            ]
        ),
        .testTarget(
            name: "SwiftletControllersTests",
            dependencies: ["SwiftletControllers", "SwiftletClient", "SwiftletTesting", "SwiftletModels", "SwiftletAPI"]
        ),
    ],
    swiftLanguageModes: [.v6]
)
