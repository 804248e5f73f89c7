import Foundation
import IdxScopeCore

/// Where a SQLite target points, and the checks made before SQLite sees it, so that a bad
/// path gets a clear message and no file is ever created.
struct DatabaseFile: Equatable {
    /// The name handed to `sqlite3_open_v2`.
    var openName: String
    /// The file on disk.
    var path: String
    /// True for `file:` URIs (opened with SQLITE_OPEN_URI).
    var isURI: Bool

    /// Accepts a path, `sqlite:PATH` or a `file:` URI.
    init(target: String) {
        if target.hasPrefix("file:") {
            openName = target
            path = DatabaseFile.pathOfURI(target)
            isURI = true
        } else {
            let plain = target.hasPrefix("sqlite:") ? String(target.dropFirst("sqlite:".count)) : target
            openName = plain
            path = plain
            isURI = false
        }
    }

    /// "a FIFO", "a character device"… for the refusal message.
    static func kindName(_ mode: mode_t) -> String {
        switch mode & S_IFMT {
        case S_IFIFO: return "a FIFO"
        case S_IFCHR: return "a character device"
        case S_IFBLK: return "a block device"
        case S_IFSOCK: return "a socket"
        case S_IFLNK: return "a symbolic link"
        default: return "not a regular file"
        }
    }

    /// `file:///a/b.db?mode=ro` → `/a/b.db` (authority `localhost` or empty; percent-decoded).
    static func pathOfURI(_ uri: String) -> String {
        var rest = Substring(uri.dropFirst("file:".count))
        if let query = rest.firstIndex(where: { $0 == "?" || $0 == "#" }) { rest = rest[..<query] }
        if rest.hasPrefix("//") {
            rest = rest.dropFirst(2)
            let slash = rest.firstIndex(of: "/") ?? rest.endIndex
            rest = rest[slash...]
        }
        return String(rest).removingPercentEncoding ?? String(rest)
    }

    /// The `key=value` parameters of a `file:` URI's query, percent-decoded (empty for a path).
    var uriParameters: [String: String] {
        guard isURI, let question = openName.firstIndex(of: "?") else { return [:] }
        var query = openName[openName.index(after: question)...]
        if let hash = query.firstIndex(of: "#") { query = query[..<hash] }
        var result: [String: String] = [:]
        for pair in query.split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let key = String(parts[0]).removingPercentEncoding ?? String(parts[0])
            let value = parts.count > 1 ? (String(parts[1]).removingPercentEncoding ?? String(parts[1])) : ""
            result[key] = value
        }
        return result
    }

    /// `mode=memory` or `vfs=memdb`: SQLite would open a new, empty database, not the file.
    var isInMemory: Bool {
        let parameters = uriParameters
        return parameters["mode"]?.lowercased() == "memory" || parameters["vfs"]?.lowercased() == "memdb"
    }

    /// Refuses what SQLite would create, misread or fail on obscurely.
    func checkReadable() throws {
        if isInMemory { throw IdxScopeError(.input, "\(openName): an in-memory database has nothing to inspect") }
        guard !path.isEmpty else { throw IdxScopeError(.input, "an empty SQLite path names no file") }
        guard path != ":memory:" else { throw IdxScopeError(.input, "no such file: \(path)") }
        var info = stat()
        guard stat(path, &info) == 0 else {
            let code = errno
            if code == ENOENT || code == ENOTDIR { throw IdxScopeError(.input, "no such file: \(path)") }
            throw IdxScopeError(.input, "cannot open \(path): \(String(cString: strerror(code)))")
        }
        switch info.st_mode & S_IFMT {
        case S_IFREG: break
        case S_IFDIR: throw IdxScopeError(.input, "\(path) is a directory, not a SQLite database file")
        default:
            // A FIFO would block open(2) until a writer comes; a device never reads as a database.
            throw IdxScopeError(.input, "\(path) is \(DatabaseFile.kindName(info.st_mode)), not a regular SQLite database file")
        }
        if info.st_size == 0 {
            throw IdxScopeError(.input, "\(path): file is empty, not a database")
        }
        // open(2) rather than access(2): it answers with the same credentials SQLite will use.
        // O_NONBLOCK: should the path be swapped for a FIFO after stat(2), open still returns.
        let descriptor = open(path, O_RDONLY | O_NONBLOCK)
        guard descriptor >= 0 else {
            let code = errno
            if code == EACCES || code == EPERM { throw IdxScopeError(.input, "permission denied: cannot read \(path)") }
            throw IdxScopeError(.input, "cannot open \(path): \(String(cString: strerror(code)))")
        }
        close(descriptor)
    }
}
