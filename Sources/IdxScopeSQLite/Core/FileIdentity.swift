import Foundation

/// Which file a path names now (device and inode), to notice a database file deleted or
/// replaced (a new file renamed over it) while idxscope keeps the old one open.
struct FileIdentity: Equatable {
    var device: UInt64
    var inode: UInt64

    /// nil when nothing is at `path`.
    static func of(_ path: String) -> FileIdentity? {
        var info = stat()
        guard stat(path, &info) == 0 else { return nil }
        return FileIdentity(device: UInt64(info.st_dev), inode: UInt64(info.st_ino))
    }
}
