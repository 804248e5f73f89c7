import CSQLite
import Foundation

/// A WAL-mode database needs its `-shm` file even to be read; in a directory the reader cannot
/// write, SQLite fails ("attempt to write a readonly database"). `immutable=1` reads the main
/// file alone, at the price of not seeing a concurrent writer.
enum ReadOnlyWAL {
    static let immutableNote = "opened immutable: the directory is read-only, a concurrent writer would not be seen"

    static func needsImmutable(_ error: SQLiteError, path: String) -> Bool {
        // SQLITE_READONLY_DIRECTORY (seen here with 3.40: no -wal can be created), _CANTINIT and
        // _RECOVERY (no -shm), or SQLITE_CANTOPEN: all say the WAL side files are out of reach.
        let fitting = error.primaryCode == SQLITE_READONLY || error.primaryCode == SQLITE_CANTOPEN
        return fitting && isWALFile(path)
    }

    /// Header bytes 18 and 19 (write and read format versions) are 2 in WAL mode.
    static func isWALFile(_ path: String) -> Bool {
        guard let handle = FileHandle(forReadingAtPath: path) else { return false }
        defer { try? handle.close() }
        guard let header = try? handle.read(upToCount: 20), header.count == 20 else { return false }
        return header.starts(with: Array("SQLite format 3\0".utf8)) && header[18] == 2 && header[19] == 2
    }

    /// `file:` URI of `path` with `immutable=1` (`?`, `#`, `%` and spaces percent-encoded).
    static func immutableURI(_ path: String) -> String {
        "file:" + (path.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed) ?? path) + "?immutable=1"
    }
}
