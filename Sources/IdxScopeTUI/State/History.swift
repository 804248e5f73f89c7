import Foundation

/// Statements planned in the editor, oldest first, kept across runs in one file: one entry per
/// line with `\n` and `\\` escaped, so multi-line statements survive.
struct QueryHistory: Equatable, Sendable {
    private(set) var entries: [String]
    static let limit = 500

    init(entries: [String] = []) { self.entries = Array(entries.suffix(QueryHistory.limit)) }

    /// Adds a statement unless it repeats the newest one.
    mutating func append(_ statement: String) {
        let trimmed = statement.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !trimmed.isEmpty, entries.last != trimmed else { return }
        entries.append(trimmed)
        if entries.count > QueryHistory.limit { entries.removeFirst(entries.count - QueryHistory.limit) }
    }

    /// `$XDG_STATE_HOME/idxscope/history`, default `~/.local/state/idxscope/history`.
    static func defaultFile(environment: [String: String] = ProcessInfo.processInfo.environment) -> String? {
        if let state = environment["XDG_STATE_HOME"], !state.isEmpty { return "\(state)/idxscope/history" }
        if let home = environment["HOME"], !home.isEmpty { return "\(home)/.local/state/idxscope/history" }
        return nil
    }

    static func encode(_ entries: [String]) -> String {
        entries.map { $0.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\n", with: "\\n") }
            .joined(separator: "\n") + (entries.isEmpty ? "" : "\n")
    }

    static func decode(_ text: String) -> [String] {
        text.split(separator: "\n").map { line in
            var result = ""
            var escaped = false
            for character in line {
                if escaped {
                    result.append(character == "n" ? "\n" : character)
                    escaped = false
                } else if character == "\\" {
                    escaped = true
                } else {
                    result.append(character)
                }
            }
            return result
        }
    }

    /// Reads the file; a missing or unreadable file is an empty history (never an error).
    static func load(from path: String) -> QueryHistory {
        guard let data = FileManager.default.contents(atPath: path), let text = String(data: data, encoding: .utf8) else {
            return QueryHistory()
        }
        return QueryHistory(entries: decode(text))
    }

    /// Writes the file (through a fresh temporary file and a rename), creating its parent
    /// directories on first save. Errors name the path that failed and the system's reason.
    static func save(_ entries: [String], to path: String) throws {
        let directory = (path as NSString).deletingLastPathComponent
        try makeDirectories(directory)
        let (temporary, descriptor) = try createTemporary(beside: path)
        let bytes = Array(encode(entries).utf8)
        let written = bytes.withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) }
        let writeErrno = errno
        close(descriptor)
        guard written == bytes.count else {
            unlink(temporary)
            throw HistoryFileError(path: temporary, errno: written < 0 ? writeErrno : ENOSPC)
        }
        guard rename(temporary, path) == 0 else {
            let renameErrno = errno
            unlink(temporary)
            throw HistoryFileError(path: path, errno: renameErrno)
        }
    }

    /// A new file next to `path` under a name nobody could prepare: O_EXCL refuses anything
    /// already there and O_NOFOLLOW a symlink, so a link planted in the directory is never
    /// followed (nor truncated).
    static func createTemporary(beside path: String) throws -> (String, Int32) {
        var lastErrno: Int32 = 0
        var temporary = ""
        for _ in 0..<8 {
            temporary = path + ".tmp-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
            let descriptor = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0o600)
            if descriptor >= 0 { return (temporary, descriptor) }
            lastErrno = errno
            guard lastErrno == EEXIST else { break }
        }
        throw HistoryFileError(path: temporary, errno: lastErrno)
    }

    /// `mkdir -p`, reporting the first component that cannot be a directory.
    static func makeDirectories(_ directory: String) throws {
        var prefix = directory.hasPrefix("/") ? "" : "."
        for component in directory.split(separator: "/") {
            prefix += "/" + component
            if mkdir(prefix, 0o700) != 0, errno != EEXIST { throw HistoryFileError(path: prefix, errno: errno) }
        }
    }
}

/// Why the history file could not be written, as `PATH: reason` (e.g. "/x/idxscope: Not a directory").
struct HistoryFileError: Error, Equatable, CustomStringConvertible {
    var message: String
    init(path: String, errno code: Int32) { message = "\(path): \(String(cString: strerror(code)))" }
    var description: String { message }
}
