import Foundation

/// A fresh directory per use, removed with the object; every file a test creates lives inside it.
/// XCTest keeps every test case object (and what its properties hold) alive until the process
/// ends, and a process's end runs no deinit: whatever is still here then is removed at exit.
public final class TemporaryDirectory: @unchecked Sendable {
    public let url: URL
    public var root: String { url.path }

    public init(prefix: String = "test") throws {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("idxscope-\(prefix)-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        Self.live.register(url)
    }

    deinit {
        Self.live.unregister(url)
        try? FileManager.default.removeItem(at: url)
    }

    public func path(_ name: String) -> String { url.appendingPathComponent(name).path }

    private static let live = LiveDirectories()

    /// The directories not yet removed, and one exit hook that removes them.
    private final class LiveDirectories: @unchecked Sendable {
        private let lock = NSLock()
        private var urls: Set<URL> = []
        private var hooked = false

        func register(_ url: URL) {
            lock.lock()
            defer { lock.unlock() }
            urls.insert(url)
            if !hooked {
                hooked = true
                atexit { TemporaryDirectory.live.removeAll() }
            }
        }

        func unregister(_ url: URL) {
            lock.lock()
            urls.remove(url)
            lock.unlock()
        }

        func removeAll() {
            lock.lock()
            let remaining = urls
            urls = []
            lock.unlock()
            for url in remaining { try? FileManager.default.removeItem(at: url) }
        }
    }
}
