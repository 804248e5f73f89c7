import Foundation

/// The demo database (`idxscope demo`), written once per test process (it takes seconds) and
/// copied into each test's own directory, so a test may damage its copy freely.
public enum DemoFixture {
    nonisolated(unsafe) private static var written: TemporaryDirectory?
    private static let lock = NSLock()

    /// Copies `demo.db` and its workload `demo.sql` into `directory`.
    public static func copy(into directory: TemporaryDirectory) throws {
        let source = try shared()
        for name in ["demo.db", "demo.sql"] {
            try FileManager.default.copyItem(atPath: source.path(name), toPath: directory.path(name))
        }
    }

    private static func shared() throws -> TemporaryDirectory {
        lock.lock()
        defer { lock.unlock() }
        if let written { return written }
        let directory = try TemporaryDirectory(prefix: "demo")
        let result = try ProcessRunner.idxscope(["demo", directory.path("demo.db")])
        guard result.status == 0 else { throw ProcessRunnerError(description: "idxscope demo failed: \(result.describe)") }
        written = directory
        return directory
    }
}
