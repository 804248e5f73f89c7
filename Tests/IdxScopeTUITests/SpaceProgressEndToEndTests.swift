import Foundation
import IdxScopeCore
import IdxScopeTestSupport
import XCTest

/// The real binary on a big SQLite file: the status line shows the pages read before the sizes
/// arrive, then the sizes replace the bar.
final class SpaceProgressEndToEndTests: XCTestCase {
    func testTheBarIsSeenBeforeTheSizesArrive() throws {
        let binary = try BuiltBinary.path("idxscope")
        let scratch = try TemporaryDirectory(prefix: "space-progress")
        let database = scratch.path("big.db")
        // ~120 MB in 512-byte pages (~240,000 pages): the page pass takes about a second.
        let created = try ProcessRunner.run("sqlite3", [database, """
            PRAGMA page_size = 512; PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF;
            CREATE TABLE t(id INTEGER PRIMARY KEY, b TEXT);
            WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 600000)
            INSERT INTO t(b) SELECT hex(randomblob(40)) FROM n;
            CREATE INDEX t_b ON t(b);
            """], timeout: 120)
        XCTAssertEqual(created.status, 0, created.describe)
        let pageCount = try ProcessRunner.run("sqlite3", [database, "PRAGMA page_count"]).stdout
            .trimmingCharacters(in: .whitespacesAndNewlines)
        let total = try XCTUnwrap(Int64(pageCount), pageCount)
        let totalText = ByteFormat.count(total)

        let session = try TmuxSession(directory: scratch.url)
        defer { session.stopServer() }
        let started = session.start(EndToEndTests.command(binary: binary, home: scratch.root, "'\(database)'"))
        XCTAssertEqual(started.status, 0, started.describe)
        XCTAssertTrue(session.waitFor("the progress bar", timeout: 30) {
            $0.contains("sizes ▕") && $0.contains(" of \(totalText) pages")
        })
        // The bar's row while it was seen: a percentage below 100 and sizes not yet in the list.
        let barLine = session.lastScreen.components(separatedBy: "\n").first { $0.contains("sizes ▕") } ?? ""
        XCTAssertNotNil(barLine.range(of: #"▏ \d{1,2}% · [\d,]+ of "#, options: .regularExpression), barLine)
        XCTAssertTrue(session.waitFor("the sizes", timeout: 30) {
            !$0.contains("sizes ▕") && $0.contains("MiB") && $0.contains("sort:")
        })
        session.keys("q")
        XCTAssertTrue(session.waitFor("exit") { $0.contains("EXITED 0") })
    }
}
