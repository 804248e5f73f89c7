import Foundation
import IdxScopeCore
import IdxScopeSQLite
import IdxScopeTestSupport
import XCTest

/// The space pass reports pages read while it runs (the TUI's progress bar).
final class SpaceProgressTests: XCTestCase {
    /// Small pages make a small file with many pages; the deleted rows leave free pages, which
    /// dbstat never reads, so the last report must still come up to the file's page count.
    func testProgressIncreasesAndEndsAtThePageCount() throws {
        let dir = try TemporaryDirectory(prefix: "sqlite-progress")
        let path = dir.path("pages.db")
        try SQLiteFixture.create(path, sql: """
            PRAGMA page_size = 512;
            CREATE TABLE t(id INTEGER PRIMARY KEY, b TEXT);
            WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 60000)
            INSERT INTO t(b) SELECT printf('%040d', i * 7919 % 60000) FROM n;
            CREATE INDEX t_b ON t(b);
            DELETE FROM t WHERE id > 55000;
            """)
        let file = try SQLiteFixture.rows(path, "SELECT page_count, freelist_count FROM pragma_page_count, pragma_freelist_count")[0]
        let total = try XCTUnwrap(Int64(file[0]))
        XCTAssertGreaterThan(Int64(file[1]) ?? 0, 0, "the fixture should leave free pages")

        let inspector = try SQLiteInspector(path: path)
        var reports: [SpaceProgress] = []
        let space = try inspector.loadSpace { reports.append($0) }

        XCTAssertGreaterThanOrEqual(reports.count, 3, "\(reports)")
        XCTAssertEqual(reports.last, SpaceProgress(pagesRead: total, totalPages: total), "\(reports)")
        XCTAssertTrue(reports.allSatisfy { $0.totalPages == total }, "\(reports)")
        let counts = reports.map(\.pagesRead)
        XCTAssertEqual(counts, counts.sorted(), "\(counts)")
        XCTAssertEqual(Set(counts).count, counts.count, "counts repeat: \(counts)")
        XCTAssertTrue(counts.dropLast().allSatisfy { $0 < total }, "\(counts)")
        // The same figures as the pass without a callback (the CLI's).
        XCTAssertEqual(space, try SQLiteInspector(path: path).loadSpace())
    }
}
