import CSQLite
import Foundation
import IdxScopeCore
import IdxScopeSQLite
import IdxScopeTestSupport
import XCTest

final class DemoDatabaseTests: XCTestCase {
    func testDemoIsWrittenQuicklyAndHasEveryShape() throws {
        let dir = try TemporaryDirectory(prefix: "sqlite")
        let path = dir.path("demo.db")
        let start = Date()
        try DemoDatabase.write(to: path)
        let seconds = Date().timeIntervalSince(start)
        XCTAssertLessThan(seconds, 10, "demo took \(seconds) s")

        let inspector = try SQLiteInspector(path: path)
        let catalog = try inspector.loadCatalog()
        let byName = Dictionary(uniqueKeysWithValues: catalog.indexes.map { ($0.info.name, $0.info) })
        XCTAssertEqual(byName["idx_job_failed"]?.partial, "status = 'failed'")
        XCTAssertEqual(byName["idx_job_error_lower"]?.keyColumns.first?.name, "lower(error)")
        XCTAssertEqual(byName["idx_job_error_lower"]?.keyColumns.first?.collation, "NOCASE")
        XCTAssertEqual(byName["sqlite_autoindex_queue_1"]?.constraint, .unique)
        XCTAssertEqual(byName["sqlite_autoindex_job_event_1"]?.constraint, .primaryKey)
        XCTAssertEqual(byName["idx_dead_letter_raison d'être"]?.table, "dead letter")
        XCTAssertEqual(byName["idx_job_status"]?.keyColumns.map(\.name), ["status"])
        XCTAssertEqual(byName["idx_job_status_created"]?.keyColumns.map(\.name), ["status", "created_at"])
        XCTAssertEqual(byName["idx_job_queue_copy"]?.keyColumns, byName["idx_job_queue"]?.keyColumns)
        XCTAssertEqual(catalog.tables["main.job"]?.rows, Int64(DemoDatabase.jobCount - DemoDatabase.deletedJobCount),
                       "sqlite_stat1 row count; tables: \(catalog.tables)")

        let space = try inspector.loadSpace()
        XCTAssertGreaterThan(space.database.freelistPages ?? 0, 50, "deleted rows leave free pages: \(space.database)")
    }

    func testDemoIsDeterministic() throws {
        let dir = try TemporaryDirectory(prefix: "sqlite")
        try DemoDatabase.write(to: dir.path("a.db"))
        try DemoDatabase.write(to: dir.path("b.db"))
        let first = try Data(contentsOf: URL(fileURLWithPath: dir.path("a.db")))
        let second = try Data(contentsOf: URL(fileURLWithPath: dir.path("b.db")))
        XCTAssertEqual(first, second, "two demo files differ")
    }

    func testDemoReplacesAnOlderDemoButNotOtherFiles() throws {
        let dir = try TemporaryDirectory(prefix: "sqlite")
        let path = dir.path("demo.db")
        try DemoDatabase.write(to: path)
        XCTAssertNoThrow(try DemoDatabase.write(to: path))

        let precious = dir.path("notes.txt")
        try "my notes".write(toFile: precious, atomically: true, encoding: .utf8)
        XCTAssertThrowsError(try DemoDatabase.write(to: precious)) { error in
            XCTAssertEqual((error as? IdxScopeError)?.kind, .input)
            XCTAssertTrue("\(error)".contains("not an idxscope demo"), "\(error)")
        }
        XCTAssertEqual(try String(contentsOfFile: precious, encoding: .utf8), "my notes")

        let otherDatabase = dir.path("app.db")
        try SQLiteFixture.create(otherDatabase, sql: "CREATE TABLE t(a);")
        XCTAssertThrowsError(try DemoDatabase.write(to: otherDatabase))
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: dir.url.path).filter { $0.contains(".tmp-") }
        XCTAssertEqual(leftovers, [], "temporary files left behind")
    }

    func testWorkloadPlansShowScansIndexesAndATempBTree() throws {
        let dir = try TemporaryDirectory(prefix: "sqlite")
        let path = dir.path("demo.db")
        try DemoDatabase.write(to: path)
        let inspector = try SQLiteInspector(path: path)
        let statements = DemoDatabase.workload.components(separatedBy: ";")
            .filter { !$0.split(separator: "\n").allSatisfy { $0.trimmingCharacters(in: .whitespaces).hasPrefix("--") || $0.trimmingCharacters(in: .whitespaces).isEmpty } }
        XCTAssertGreaterThanOrEqual(statements.count, 5)
        let plans = try statements.map { try inspector.explain($0, analyze: false) }
        let kinds = Set(plans.flatMap { $0.nodes.map(\.kind) })
        let fullScans = plans.flatMap(\.fullScans)
        XCTAssertTrue(fullScans.contains("job"), "full scans: \(fullScans)")
        XCTAssertTrue(fullScans.contains("dead letter"), "full scans: \(fullScans)")
        XCTAssertTrue(kinds.contains(.indexSearch), "kinds: \(kinds)")
        XCTAssertTrue(kinds.contains(.tempBTree), "kinds: \(kinds)")
        let used = Set(plans.flatMap(\.indexesUsed))
        XCTAssertTrue(used.contains("idx_job_failed"), "indexes used: \(used)")
        XCTAssertFalse(used.contains("idx_job_worker"), "idx_job_worker is meant to be unused: \(used)")
    }
}
