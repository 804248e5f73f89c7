import Foundation
import IdxScopeTestSupport
import XCTest

/// Resident memory does not grow with the SQLite file: pages are read, not mapped.
final class MemoryBoundTests: XCTestCase {
    /// A 200 MiB file: with the former 2 GiB mmap the space pass held every page resident.
    func testPeakMemoryStaysBelowTheFileSize() throws {
        let directory = try TemporaryDirectory(prefix: "memory")
        let path = directory.path("big.db")
        let create = try ProcessRunner.run("sqlite3", [path, """
            PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF;
            CREATE TABLE blobs(id INTEGER PRIMARY KEY, k INTEGER, payload BLOB);
            WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 52000)
            INSERT INTO blobs SELECT i, i % 977, randomblob(4000) FROM n;
            CREATE INDEX blobs_k ON blobs(k);
            """], timeout: 120)
        XCTAssertEqual(create.status, 0, create.describe)
        let size = try XCTUnwrap(FileManager.default.attributesOfItem(atPath: path)[.size] as? Int)
        XCTAssertGreaterThan(size, 200 << 20)
        let result = try ProcessRunner.spawn(["idxscope", "indexes", path, "--format", "json"], timeout: 120)
        XCTAssertEqual(result.status, 0, result.describe)
        XCTAssertTrue(result.stdout.contains("\"blobs_k\""), result.describe)
        XCTAssertGreaterThan(result.peakResidentKiB, 0)
        XCTAssertLessThan(result.peakResidentKiB, 100 << 10, "peak RSS \(result.peakResidentKiB) KiB for a \(size >> 20) MiB file")
    }
}
