// swift-tools-version:6.0
import PackageDescription

// Layers (see README "Architecture"): C shims → engine-neutral core → one target per engine → TUI → executable.
let package = Package(
    name: "idxscope",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "idxscope", targets: ["idxscope"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
    ],
    targets: [
        // C shims: module maps plus static inline wrappers for macros and variadics.
        .systemLibrary(name: "CSQLite", path: "Sources/CSQLite",
                       providers: [.apt(["libsqlite3-dev"])]),
        .systemLibrary(name: "CLibPQ", path: "Sources/CLibPQ",
                       providers: [.apt(["libpq-dev"])]),
        .systemLibrary(name: "CNcurses", path: "Sources/CNcurses",
                       providers: [.apt(["libncurses-dev"])]),
        // The build's commit for --version (the Makefile writes Sources/CBuildInfo/build_commit.h).
        .target(name: "CBuildInfo", path: "Sources/CBuildInfo"),

        // Engine-neutral model, plan classification, findings, report rendering. Foundation only.
        .target(name: "IdxScopeCore"),

        // One folder per engine; only these speak a database's C API.
        .target(name: "IdxScopeSQLite", dependencies: ["IdxScopeCore", "CSQLite"]),
        .target(name: "IdxScopePostgres", dependencies: ["IdxScopeCore", "CLibPQ"]),

        // App state, actions, views into an in-memory screen; Terminal.swift alone touches ncurses.
        .target(name: "IdxScopeTUI", dependencies: ["IdxScopeCore", "CNcurses"]),

        .executableTarget(name: "idxscope", dependencies: [
            "CBuildInfo", "IdxScopeCore", "IdxScopeSQLite", "IdxScopePostgres", "IdxScopeTUI",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ]),

        // Render benchmark for scripts/bench-tui.sh (not a product).
        // Seeded fuzzing of the parsers of outside text (scripts/fuzz.sh; scripts/test.sh runs a short pass).
        .executableTarget(name: "idxscope-fuzz", dependencies: ["IdxScopeCore", "IdxScopePostgres", "IdxScopeTUI"]),

        .executableTarget(name: "idxscope-bench", dependencies: ["IdxScopeTUI", "IdxScopeCore", "IdxScopePostgres"]),

        // One process runner, built-binary finder, PostgreSQL guard and temporary directory for every test target.
        .target(name: "IdxScopeTestSupport", path: "Tests/IdxScopeTestSupport"),

        .testTarget(name: "IdxScopeCoreTests", dependencies: ["IdxScopeCore", "IdxScopeTestSupport"]),
        .testTarget(name: "IdxScopeSQLiteTests", dependencies: ["IdxScopeSQLite", "IdxScopeCore", "CSQLite", "IdxScopeTestSupport"]),
        .testTarget(name: "IdxScopePostgresTests", dependencies: ["IdxScopePostgres", "IdxScopeCore", "CLibPQ", "IdxScopeTestSupport"]),
        .testTarget(name: "IdxScopeTUITests", dependencies: ["IdxScopeTUI", "IdxScopeCore", "IdxScopeSQLite", "IdxScopeTestSupport"]),
        .testTarget(name: "IdxScopeCLITests", dependencies: ["IdxScopeCore", "IdxScopeTestSupport"]),
    ],
    swiftLanguageModes: [.v5]
)
