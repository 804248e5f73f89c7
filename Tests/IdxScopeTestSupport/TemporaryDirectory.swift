import Foundation

/// A fresh directory per use, removed with the object; every file a test creates lives inside it.
public final class TemporaryDirectory: @unchecked Sendable {
    public let url: URL
    public var root: String { url.path }

    public init(prefix: String = "test") throws {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("idxscope-\(prefix)-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    deinit { try? FileManager.default.removeItem(at: url) }

    public func path(_ name: String) -> String { url.appendingPathComponent(name).path }
}
