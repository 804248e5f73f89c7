import Foundation

/// The package's built executables, which the tests drive (`swift build` runs before `swift test`).
public enum BuiltBinary {
    /// The package root, from this file's place (Tests/IdxScopeTestSupport/…).
    public static let packageRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// `.build/debug/NAME`; throws with the command to run when it has not been built.
    public static func path(_ name: String) throws -> String {
        for directory in [".build/debug", ".build/x86_64-unknown-linux-gnu/debug", ".build/aarch64-unknown-linux-gnu/debug"] {
            let path = packageRoot.appendingPathComponent(directory).appendingPathComponent(name).path
            if FileManager.default.isExecutableFile(atPath: path) { return path }
        }
        throw ProcessRunnerError(description: "\(name) is not built under \(packageRoot.path)/.build/debug: "
            + "run `swift build` before `swift test` (scripts/test.sh does)")
    }
}
