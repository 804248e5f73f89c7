import Foundation

/// One statement of a workload and how often it runs.
public struct WorkloadStatement: Equatable, Sendable {
    public var text: String
    public var calls: Int64
    /// Line in the workload file (nil when it came from pg_stat_statements).
    public var line: Int?

    public init(text: String, calls: Int64 = 1, line: Int? = nil) {
        self.text = text
        self.calls = calls
        self.line = line
    }
}

/// A workload file: statements split as `check` splits them, each weighted by a leading
/// `-- calls: N` comment (1 without one).
public enum Workload {
    /// Files above this are refused (a workload is a list of statements, not a dump).
    public static let maximumBytes = 16 << 20

    public static func parse(_ script: String) -> [WorkloadStatement] {
        SQLScript.split(script).map { statement in
            WorkloadStatement(text: statement.text, calls: calls(in: statement.text) ?? 1, line: statement.line)
        }
    }

    /// The N of a `-- calls: N` line comment before the statement's first code character.
    static func calls(in text: String) -> Int64? {
        for line in text.split(separator: "\n", omittingEmptySubsequences: true) {
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if trimmed.isEmpty { continue }
            guard trimmed.hasPrefix("--") else { return nil }
            let body = trimmed.dropFirst(2).trimmingCharacters(in: .whitespaces)
            guard body.lowercased().hasPrefix("calls:") else { continue }
            let number = body.dropFirst("calls:".count).trimmingCharacters(in: .whitespaces)
            if let value = Int64(number), value > 0 { return value }
        }
        return nil
    }

    /// Reads and parses a workload file; a missing, unreadable, oversized, binary or empty file is
    /// an `.input` error with one line saying which.
    public static func load(path: String) throws -> [WorkloadStatement] {
        var info = stat()
        guard stat(path, &info) == 0 else { throw IdxScopeError(.input, "workload \(path): no such file") }
        if (info.st_mode & S_IFMT) == S_IFDIR { throw IdxScopeError(.input, "workload \(path) is a directory") }
        // A FIFO would hang the open below, a device never ends: only a regular file is read.
        guard (info.st_mode & S_IFMT) == S_IFREG else { throw IdxScopeError(.input, "workload \(path) is not a regular file") }
        if info.st_size > maximumBytes {
            throw IdxScopeError(.input, "workload \(path) is \(ByteFormat.human(Int64(info.st_size))); the limit is \(ByteFormat.human(Int64(maximumBytes)))")
        }
        guard let handle = FileHandle(forReadingAtPath: path) else { throw IdxScopeError(.input, "cannot read workload \(path)") }
        defer { try? handle.close() }
        // Read at most one byte past the limit: a file that grew since stat stays bounded.
        let data = (try? handle.read(upToCount: maximumBytes + 1)) ?? Data()
        if data.count > maximumBytes { throw IdxScopeError(.input, "workload \(path) is larger than \(ByteFormat.human(Int64(maximumBytes)))") }
        return try parse(data: data, name: path)
    }

    public static func parse(data: Data, name: String) throws -> [WorkloadStatement] {
        guard !data.contains(0), let script = String(data: data, encoding: .utf8) else {
            throw IdxScopeError(.input, "workload \(name) is not a text file of SQL statements")
        }
        let statements = parse(script)
        guard !statements.isEmpty else { throw IdxScopeError(.input, "workload \(name) holds no statements") }
        return statements
    }
}
