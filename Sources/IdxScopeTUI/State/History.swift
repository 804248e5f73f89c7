import Foundation
import IdxScopeCore

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

    /// The history of one database: `$XDG_STATE_HOME/idxscope/histories/NAME` (default
    /// `~/.local/state/idxscope/histories/NAME`), NAME from `fileName(forTarget:)`, so statements
    /// typed against one database are not offered against another.
    static func defaultFile(forTarget target: String,
                            environment: [String: String] = ProcessInfo.processInfo.environment) -> String? {
        let name = fileName(forTarget: target)
        if let state = environment["XDG_STATE_HOME"], !state.isEmpty { return "\(state)/idxscope/histories/\(name)" }
        if let home = environment["HOME"], !home.isEmpty { return "\(home)/.local/state/idxscope/histories/\(name)" }
        return nil
    }

    /// A readable file name for a target (an engine's display name: a SQLite path or a
    /// `postgresql://user@host:port/db` URI) plus a hash of the whole target, so that two targets
    /// that read alike once sanitised still get two files. A password a target might still carry
    /// (`user:pw@`, `password=`) is masked before either part is made.
    static func fileName(forTarget target: String) -> String {
        let safe = SecretMask.masked(target)
        let readable = String(safe.unicodeScalars.map { scalar -> Character in
            let allowed = scalar.isASCII && (CharacterSet.alphanumerics.contains(scalar) || "._-".unicodeScalars.contains(scalar))
            return allowed ? Character(scalar) : "_"
        }.suffix(64))
        // FNV-1a (64 bits): stable across runs, unlike Swift's seeded Hasher.
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in safe.utf8 { hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3 }
        let hex = String(hash, radix: 16)
        return readable + "-" + String(repeating: "0", count: 16 - hex.count) + hex
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

    /// Writes the file whole (through a fresh temporary file and a rename), creating its parent
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

    /// Adds `statement` to the file as it is now, not as this process last read it: under an
    /// exclusive `flock` on the file's directory, the file is read again, the statement appended
    /// and the result renamed over it, so TUIs saving at the same time each keep the other's
    /// entries. Returns the merged history.
    @discardableResult
    static func append(_ statement: String, to path: String) throws -> QueryHistory {
        let directory = (path as NSString).deletingLastPathComponent
        try makeDirectories(directory)
        let lock = open(directory.isEmpty ? "." : directory, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard lock >= 0 else { throw HistoryFileError(path: directory, errno: errno) }
        defer { close(lock) }  // closing releases the lock
        while flock(lock, LOCK_EX) != 0 {
            guard errno == EINTR else { throw HistoryFileError(path: directory, errno: errno) }
        }
        var history = load(from: path)
        history.append(statement)
        try save(history.entries, to: path)
        return history
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
