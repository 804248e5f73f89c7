import CSQLite
import Foundation
import IdxScopeCore

/// Reads the space of every b-tree in one ordered pass over `dbstat` (every page once), plus the
/// file-level page figures. This is the floor SQLite allows: `dbstat` must read each page.
enum SpaceQuery {
    /// dbstat visits one b-tree at a time, so a b-tree's pages arrive together.
    static let pagesSQL = "SELECT name, pagetype, ncell, unused, pgsize, pageno, path FROM dbstat('main')"

    /// Pages between two progress reports: rare enough that the pass stays as fast as without.
    static let progressInterval: Int64 = 4096

    /// `progress`, when given, is called with the pages read so far every `progressInterval` pages.
    static func loadBTrees(_ connection: Connection, progress: ((Int64) -> Void)? = nil) throws -> [String: BTreeSpace] {
        let statement: Statement
        do {
            statement = try connection.prepare(pagesSQL)
        } catch let error as SQLiteError where error.message.contains("dbstat") {
            // Builds without SQLITE_ENABLE_DBSTAT_VTAB cannot measure b-trees at all.
            throw IdxScopeError(.database, "this SQLite library (\(Connection.libraryVersion)) has no dbstat table: index sizes are unavailable")
        }
        let handle = statement.handle
        var result: [String: BTreeSpace] = [:]
        var currentName: [UInt8] = []
        var current = BTreeSpace()
        var packedPages: [Int64] = [] // pageno << 1 | isLeaf, for the fragmentation count
        var pagesRead: Int64 = 0
        var nextReport = progress == nil ? Int64.max : progressInterval

        func flush() {
            guard current.pages > 0 else { return }
            current.gaps = BTreeSpace.countGaps(packedPages: &packedPages)
            let name = String(decoding: currentName, as: UTF8.self)
            result[name, default: BTreeSpace()].merge(current)
            current = BTreeSpace()
            packedPages.removeAll(keepingCapacity: true)
        }

        while true {
            let rc = sqlite3_step(handle)
            if rc == SQLITE_DONE { break }
            guard rc == SQLITE_ROW else { throw connection.lastError(code: rc, sql: pagesSQL) }
            // Compare the name's bytes in place: it changes once per b-tree, not per page.
            let nameLength = Int(sqlite3_column_bytes(handle, 0))
            let namePointer = sqlite3_column_text(handle, 0)
            let sameName = nameLength == currentName.count && currentName.withUnsafeBufferPointer { buffer in
                nameLength == 0 || (namePointer.map { memcmp($0, buffer.baseAddress!, nameLength) == 0 } ?? false)
            }
            if !sameName {
                flush()
                currentName = namePointer.map { Array(UnsafeBufferPointer(start: $0, count: nameLength)) } ?? []
            }
            // pagetype: 'internal', 'leaf' or 'overflow' — the first byte tells them apart.
            let typeByte = sqlite3_column_text(handle, 1)?.pointee ?? 0
            let cells = sqlite3_column_int64(handle, 2)
            current.pages += 1
            current.unusedBytes += sqlite3_column_int64(handle, 3)
            current.sizeBytes += sqlite3_column_int64(handle, 4)
            packedPages.append(sqlite3_column_int64(handle, 5) << 1 | (typeByte == UInt8(ascii: "l") ? 1 : 0))
            current.cells += cells
            switch typeByte {
            case UInt8(ascii: "l"):
                current.leafPages += 1
                current.leafCells += cells
            case UInt8(ascii: "i"): current.interiorPages += 1
            default: current.overflowPages += 1
            }
            if typeByte != UInt8(ascii: "o") {
                // Path "/" is the root, "/000/" a child: depth = (length + 3) / 4, as sqlite3_analyzer.
                let level = (Int(sqlite3_column_bytes(handle, 6)) + 3) / 4
                if level > current.depth { current.depth = level }
            }
            pagesRead += 1
            if pagesRead == nextReport {
                nextReport += progressInterval
                progress?(pagesRead)
            }
        }
        flush()
        return result
    }

    /// Page size, page count and free pages in one statement.
    static func loadFile(_ connection: Connection) throws -> DatabaseSpace {
        let statement = try connection.prepare(
            "SELECT p.page_size, c.page_count, f.freelist_count FROM pragma_page_size AS p, pragma_page_count AS c, pragma_freelist_count AS f")
        guard try statement.step() else { return DatabaseSpace() }
        let pageSize = statement.int64(0)
        let pageCount = statement.int64(1)
        return DatabaseSpace(pageSize: pageSize, pageCount: pageCount, freelistPages: statement.int64(2),
                             totalBytes: pageSize * pageCount)
    }
}

extension BTreeSpace {
    /// Two runs of the same name (never expected from dbstat, but harmless) add up.
    mutating func merge(_ other: BTreeSpace) {
        pages += other.pages
        leafPages += other.leafPages
        interiorPages += other.interiorPages
        overflowPages += other.overflowPages
        sizeBytes += other.sizeBytes
        unusedBytes += other.unusedBytes
        cells += other.cells
        leafCells += other.leafCells
        depth = max(depth, other.depth)
        gaps += other.gaps
    }
}
