import CSQLite
import Foundation
import IdxScopeCore
@testable import IdxScopeSQLite
import IdxScopeTestSupport
import XCTest

/// Every statement idxscope prints for a SQLite database (DROP INDEX, REINDEX, CREATE INDEX for
/// an unindexed foreign key) runs on a copy of that database, whatever the names: keywords of
/// this SQLite (its own list), mixed case, quotes, spaces, unicode.
final class GeneratedSQLRunsTests: XCTestCase {
    static let schema = """
        CREATE TABLE "select"(id INTEGER PRIMARY KEY, "values" TEXT, "Mixed Case" TEXT, "a""b" TEXT, "with space" TEXT, "ünï" TEXT);
        CREATE INDEX "between" ON "select"("values");
        CREATE INDEX "values" ON "select"("values");
        CREATE INDEX "order" ON "select"("Mixed Case");
        CREATE INDEX "Mixed Case" ON "select"("a""b");
        CREATE INDEX "a""b" ON "select"("with space");
        CREATE INDEX "with space" ON "select"("ünï");
        CREATE INDEX "ünïcode ✓" ON "select"("ünï", "with space");
        CREATE INDEX "vacuum" ON "select"("with space", "ünï");
        CREATE TABLE "group"(id INTEGER PRIMARY KEY, "order" INTEGER REFERENCES "select"(id), "Mixed Case" INTEGER REFERENCES "select"(id));
        """
    private var dir: TemporaryDirectory!

    override func setUpWithError() throws {
        dir = try TemporaryDirectory(prefix: "sqlite")
        try SQLiteFixture.create(dir.path("names.db"), sql: Self.schema)
    }

    func testEveryPrintedStatementRunsOnACopy() throws {
        let inspector = try SQLiteInspector(path: dir.path("names.db"))
        let catalog = try inspector.loadCatalog()
        var statements: [String] = []
        for record in catalog.indexes {
            statements.append(contentsOf: [SQLIdentifier.drop(record.info, engine: .sqlite).sql, SQLIdentifier.rebuild(record.info, engine: .sqlite)].compactMap { $0 })
        }
        let findings = FindingRules.findings(in: catalog)
        statements.append(contentsOf: findings.map(\.sql))
        XCTAssertTrue(findings.contains { $0.kind == .unindexedFK }, "the fixture has unindexed foreign keys")
        XCTAssertTrue(statements.contains("DROP INDEX \"between\";"), statements.joined(separator: "\n"))
        XCTAssertTrue(statements.contains("REINDEX \"vacuum\";"), "a keyword only SQLite's own list knows")
        for (number, sql) in statements.enumerated() {
            let copy = dir.path("copy\(number).db")
            try FileManager.default.copyItem(atPath: dir.path("names.db"), toPath: copy)
            let db = try SQLiteFixture.open(copy)
            defer { sqlite3_close_v2(db) }
            XCTAssertNoThrow(try SQLiteFixture.exec(db, sql), sql)
        }
    }

    func testThisSQLitesKeywordListIsWhatQuotingUses() {
        _ = SQLiteKeywords.registered
        XCTAssertGreaterThan(SQLiteKeywords.words.count, 100)
        for word in SQLiteKeywords.words {
            XCTAssertTrue(SQLiteKeywords.isKeyword(word), word)
            XCTAssertEqual(SQLIdentifier.quote(word.lowercased()), "\"\(word.lowercased())\"", word)
        }
        XCTAssertFalse(SQLiteKeywords.isKeyword("job"))
        XCTAssertEqual(SQLIdentifier.quote("job"), "job")
        XCTAssertEqual(SQLIdentifier.quote("Mixed Case"), "\"Mixed Case\"")
        XCTAssertEqual(SQLIdentifier.quote("a\"b"), "\"a\"\"b\"")
    }
}
