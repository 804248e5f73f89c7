import Foundation

/// A read-only connection to a WAL database creates `-wal` and `-shm` beside it and, unable to
/// checkpoint, leaves them there. idxscope removes exactly the ones it created, once its last
/// connection to the file is closed, and only when no other connection uses them (the `-shm`
/// "dead man switch" byte is unlocked) and the `-wal` holds no frame — a writer that joined
/// meanwhile keeps both, as SQLite itself would.
final class WALSideFiles {
    /// Byte of the `-shm` file that every connection holds a shared lock on (os_unix.c's
    /// UNIX_SHM_DMS: (22 + 8) * 4 + 8).
    static let deadManSwitchOffset: off_t = 128
    /// Linux's open-file-description lock query: unlike F_GETLK it also reports locks that
    /// other handles of this same process hold.
    static let ofdGetLock: Int32 = 36

    private static let lock = NSLock()
    nonisolated(unsafe) private static var openCount: [String: Int] = [:]

    private let databasePath: String
    /// Side files absent before the open, with the inode SQLite gave them.
    private var created: [(path: String, inode: ino_t)] = []
    private var pending: [String]

    /// Before the open: which side files do not exist yet (nil when the file is not in WAL mode).
    init?(databasePath: String) {
        guard ReadOnlyWAL.isWALFile(databasePath) else { return nil }
        self.databasePath = databasePath
        pending = ["-wal", "-shm"].map { databasePath + $0 }.filter { access($0, F_OK) != 0 }
        Self.lock.lock()
        Self.openCount[databasePath, default: 0] += 1
        Self.lock.unlock()
    }

    /// After the open: remember the files SQLite created (by inode, so a file replaced by
    /// someone else later is never removed).
    func opened() {
        for path in pending {
            var info = stat()
            if stat(path, &info) == 0 { created.append((path, info.st_ino)) }
        }
        pending = []
    }

    /// After the connection closed.
    func closed() {
        Self.lock.lock()
        defer { Self.lock.unlock() }
        Self.openCount[databasePath, default: 1] -= 1
        guard Self.openCount[databasePath] == 0 else { return }
        Self.openCount[databasePath] = nil
        guard !created.isEmpty, !Self.isInUse(shm: databasePath + "-shm"), Self.walIsEmpty(databasePath + "-wal") else { return }
        for (path, inode) in created {
            var info = stat()
            if stat(path, &info) == 0, info.st_ino == inode { unlink(path) }
        }
    }

    /// True when any connection (another process, or another handle here) holds the `-shm`
    /// file's dead-man-switch lock — or when that cannot be known.
    static func isInUse(shm: String) -> Bool {
        let descriptor = open(shm, O_RDONLY | O_NOFOLLOW)
        guard descriptor >= 0 else { return errno != ENOENT }
        defer { close(descriptor) }
        var probe = flock()
        probe.l_type = Int16(F_WRLCK)
        probe.l_whence = Int16(SEEK_SET)
        probe.l_start = deadManSwitchOffset
        probe.l_len = 1
        probe.l_pid = 0
        guard fcntl(descriptor, ofdGetLock, &probe) == 0 else { return true }
        return probe.l_type != Int16(F_UNLCK)
    }

    /// A `-wal` with no frame (or none at all) holds nothing the main file lacks.
    static func walIsEmpty(_ path: String) -> Bool {
        var info = stat()
        guard stat(path, &info) == 0 else { return true }
        return info.st_size == 0
    }
}
