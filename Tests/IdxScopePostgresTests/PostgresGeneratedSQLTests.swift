import Foundation
import IdxScopeCore
import IdxScopePostgres
import XCTest

/// Every statement idxscope prints for a PostgreSQL database runs on a scratch copy of the
/// objects, named with the server's own keywords (pg_get_keywords), mixed case, quotes, spaces
/// and unicode.
final class PostgresGeneratedSQLTests: XCTestCase {
    private var schema: ScratchSchema!

    override func setUpWithError() throws {
        schema = try ScratchSchema(namePrefix: "Ünï \"q\"")
        try schema.admin.execute("""
            SET search_path = \(schema.quoted);
            CREATE TABLE "select"(id int PRIMARY KEY, "values" text, "Mixed Case" text, "a""b" text, "with space" text, "ünï" text);
            CREATE INDEX "between" ON "select"("values");
            CREATE INDEX "values" ON "select"("values");
            CREATE INDEX "order" ON "select"("Mixed Case");
            CREATE INDEX "Mixed Case" ON "select"("a""b");
            CREATE INDEX "a""b" ON "select"("with space");
            CREATE INDEX "with space" ON "select"("ünï");
            CREATE INDEX "ünïcode ✓" ON "select"("ünï", "with space");
            CREATE INDEX "overlaps" ON "select"("with space", "ünï");
            CREATE TABLE "group"(id int PRIMARY KEY, "order" int REFERENCES "select"(id), "Mixed Case" int REFERENCES "select"(id));
            """)
    }

    override func tearDown() { schema?.drop() }

    func testEveryPrintedStatementRuns() throws {
        let inspector = try PostgresInspector(conninfo: schema.uri)
        try inspector.registerKeywords()
        let catalog = try inspector.loadCatalog()
        let mine = catalog.indexes.filter { $0.info.schema == schema.name }
        XCTAssertEqual(mine.count, 10, mine.map(\.info.name).description)
        let findings = FindingRules.findings(in: catalog).filter { $0.schema == schema.name }
        XCTAssertTrue(findings.contains { $0.kind == .unindexedFK }, findings.map(\.sql).description)
        // Rebuilds first, then new indexes, then drops: each leaves the next one something to act on.
        let rebuilds = mine.map { SQLIdentifier.rebuild($0.info, engine: .postgresql) }
        let creates = findings.filter { $0.kind == .unindexedFK }.map(\.sql)
        // The referencing table goes before the drops (by the test, not by idxscope): a primary
        // key that foreign keys depend on cannot be dropped, whatever its spelling.
        let drops = mine.filter { $0.info.table == "select" }.compactMap { SQLIdentifier.drop($0.info, engine: .postgresql).sql }
        let all = rebuilds + creates + drops
        XCTAssertTrue(all.contains { $0.hasSuffix(".\"between\";") }, all.joined(separator: "\n"))
        XCTAssertTrue(all.contains { $0.hasSuffix(".\"overlaps\";") }, "a type-function keyword from pg_get_keywords()")
        for sql in rebuilds + creates {
            XCTAssertNil(schema.admin.executeExpectingFailure(sql), sql)
        }
        XCTAssertEqual(try schema.admin.scalar("SELECT count(*) FROM pg_indexes WHERE schemaname = \(schema.literal)"), "12")
        try schema.admin.execute("DROP TABLE \(schema.quoted).\"group\"")
        for sql in drops {
            XCTAssertNil(schema.admin.executeExpectingFailure(sql), sql)
        }
        XCTAssertEqual(try schema.admin.scalar("SELECT count(*) FROM pg_indexes WHERE schemaname = \(schema.literal)"), "0")
    }
}
