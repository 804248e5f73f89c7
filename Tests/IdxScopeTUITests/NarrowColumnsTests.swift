import XCTest
import IdxScopeCore
@testable import IdxScopeTUI

/// On narrow terminals the data columns (size, scans, the finding badge, bloat) outlast the
/// full width of long table and column texts, which are clipped with "…" instead.
final class NarrowColumnsTests: XCTestCase {
    static var longNames: Catalog {
        Catalog(engine: .postgresql, database: "app", serverVersion: "15.8", indexes: [
            Fixtures.index("experiment_assignments_history", "experiment_assignments_history_pkey", ["id"], unique: true, primary: true,
                           constraint: .primaryKey, schema: "public", size: 1_138_688, scans: 42),
            Fixtures.index("experiment_assignments_history", "idx_eah_owner_created", ["owner_id", "created_at", "experiment_id"],
                           schema: "public", size: 450_000, scans: 0, bloat: 90_000),
        ], sizesLoaded: true)
    }

    func testEightyColumnsKeepScansBloatAndBadge() throws {
        let screen = Renderer.render(Fixtures.state(Self.longNames, width: 80, height: 24))
        let titles = screen.line(1)
        XCTAssertTrue(titles.contains("scans"), titles)
        XCTAssertTrue(titles.contains("bloat"), titles)
        let row = try XCTUnwrap(screen.row(containing: "idx_eah_owner_created"), screen.text)
        let line = screen.line(row)
        XCTAssertTrue(line.contains("439 KiB"), line)
        XCTAssertTrue(line.contains("88 KiB"), "bloat: \(line)")
        XCTAssertTrue(line.trimmingCharacters(in: .whitespaces).hasSuffix("unused"), line)
        XCTAssertTrue(line.hasPrefix("  experi…"), "the long table name is clipped (it shares what the name leaves by content): \(line)")
        XCTAssertNotNil(screen.row(containing: "experiment_assignmen…"), "the index name keeps most of its width:\n\(screen.text)")
        for y in 0..<24 { XCTAssertLessThanOrEqual(screen.line(y).displayWidth, 80) }
    }

    func testSixtyColumnsKeepScansAndBadge() throws {
        let screen = Renderer.render(Fixtures.state(Self.longNames, width: 60, height: 24))
        XCTAssertTrue(screen.line(1).contains("scans"), screen.line(1))
        let row = try XCTUnwrap(screen.row(containing: "idx_eah_own"), screen.text)
        let line = screen.line(row)
        XCTAssertTrue(line.contains("439 KiB"), line)
        XCTAssertTrue(line.trimmingCharacters(in: .whitespaces).hasSuffix("unused"), line)
        let pkey = try XCTUnwrap(screen.row(containing: "42"), screen.text)
        XCTAssertTrue(screen.line(pkey).contains("1.1 MiB"), screen.line(pkey))
        for y in 0..<24 { XCTAssertLessThanOrEqual(screen.line(y).displayWidth, 60) }
    }

    func testWideTerminalShowsEverythingInFull() {
        let screen = Renderer.render(Fixtures.state(Self.longNames, width: 180, height: 24))
        XCTAssertNotNil(screen.row(containing: "experiment_assignments_history experiment_assignments_history_pkey"), screen.text)
        XCTAssertNotNil(screen.row(containing: "owner_id, created_at, experiment_id"), screen.text)
        XCTAssertTrue(screen.line(1).contains("scans/s"), screen.line(1))
    }
}
