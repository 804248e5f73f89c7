import IdxScopeTestSupport
import XCTest
@testable import IdxScopeCore

final class ScriptAndTargetTests: XCTestCase {
    func testSplitHonoursQuotesCommentsAndDollarQuotes() {
        let script = """
        -- first; not a split
        SELECT 'a;b' FROM t;
        /* c; d */ SELECT "x;y" FROM u
        ;
        SELECT $$ ; $$, $tag$ ; $tag$, $1 FROM v; ;
        -- trailing comment only
        """
        let statements = SQLScript.split(script)
        XCTAssertEqual(statements.map(\.line), [2, 3, 5])
        XCTAssertEqual(statements[0].text, "-- first; not a split\nSELECT 'a;b' FROM t")
        XCTAssertEqual(statements[1].text, "/* c; d */ SELECT \"x;y\" FROM u")
        XCTAssertEqual(statements[2].text, "SELECT $$ ; $$, $tag$ ; $tag$, $1 FROM v")
    }

    func testSplitEscapeStringsAndLinesAfterLeadingComments() {
        let script = "-- the first one\n\nSELECT E'it\\'s; fine' FROM t;\nSELECT 'a\\' FROM u;\n/* c */ SELECT 3"
        let statements = SQLScript.split(script)
        XCTAssertEqual(statements.map(\.text), ["-- the first one\n\nSELECT E'it\\'s; fine' FROM t", "SELECT 'a\\' FROM u", "/* c */ SELECT 3"])
        XCTAssertEqual(statements.map(\.line), [3, 4, 5], "a statement's line is its first line of code, not of its comment")
    }

    func testTriggerBodiesStayInOneStatement() {
        let script = """
        CREATE TRIGGER job_done AFTER UPDATE ON job BEGIN
          INSERT INTO job_event(job_id, kind) VALUES (new.id, 'done');
          UPDATE queue SET done = done + 1 WHERE id = new.queue_id;
        END;
        SELECT 1;
        """
        let statements = SQLScript.split(script)
        XCTAssertEqual(statements.count, 2, "\(statements)")
        XCTAssertTrue(statements[0].text.hasSuffix("END"), statements[0].text)
        XCTAssertEqual(statements[1].text, "SELECT 1")
    }

    func testSplitDoubledQuotesAndEmptyInput() {
        XCTAssertEqual(SQLScript.split("SELECT 'it''s;' ; SELECT 2").map(\.text), ["SELECT 'it''s;'", "SELECT 2"])
        XCTAssertEqual(SQLScript.split("  ;; -- nothing\n").count, 0)
    }

    func testTargets() throws {
        XCTAssertEqual(try Target.parse("app.db"), .sqlite("app.db"))
        XCTAssertEqual(try Target.parse("sqlite:dir/app.db"), .sqlite("dir/app.db"))
        XCTAssertEqual(try Target.parse("file:app.db?mode=ro"), .sqlite("file:app.db?mode=ro"))
        XCTAssertEqual(try Target.parse("postgres://me@db/app"), .postgres("postgres://me@db/app"))
        XCTAssertEqual(try Target.parse("POSTGRESQL://db"), .postgres("POSTGRESQL://db"))
        XCTAssertEqual(try Target.parse("host=localhost dbname=app"), .postgres("host=localhost dbname=app"))
        XCTAssertEqual(try Target.parse("dbname=app"), .postgres("dbname=app"))
        XCTAssertEqual(try Target.parse("weird=name.db"), .sqlite("weird=name.db"))
        XCTAssertEqual(try Target.parse(nil, preferPostgres: true), .postgres(""))
        XCTAssertThrowsError(try Target.parse(nil)) { error in
            XCTAssertEqual((error as? IdxScopeError)?.kind, .input)
        }
    }

    func testConninfoStartingWithAnyLibpqKeywordIsPostgres() throws {
        for text in ["client_encoding=UTF8 host=127.0.0.1 dbname=app", "keepalives=1 host=h", "sslsni=1 dbname=app",
                     "fallback_application_name=x", "channel_binding=disable host=h", "  host = localhost dbname=app",
                     "target_session_attrs=read-write host=a,b"] {
            XCTAssertEqual(try Target.parse(text), .postgres(text), text)
        }
        XCTAssertEqual(try Target.parse("nosuchkeyword=1 host=h"), .sqlite("nosuchkeyword=1 host=h"))
        XCTAssertEqual(try Target.parse("host.db"), .sqlite("host.db"))
    }

    func testAnExistingFileNamedLikeConninfoStaysSQLite() throws {
        let scratch = try TemporaryDirectory(prefix: "target")
        let directory = scratch.url
        let previous = FileManager.default.currentDirectoryPath
        defer { FileManager.default.changeCurrentDirectoryPath(previous) }
        XCTAssertTrue(FileManager.default.changeCurrentDirectoryPath(directory.path))
        XCTAssertEqual(try Target.parse("port=5432.db"), .postgres("port=5432.db"), "no such file yet")
        XCTAssertTrue(FileManager.default.createFile(atPath: "port=5432.db", contents: Data()))
        XCTAssertEqual(try Target.parse("port=5432.db"), .sqlite("port=5432.db"))
    }

    func testCatalogMergingKeepsUnmentionedIndexes() {
        let a = IndexInfo(schema: "main", table: "t", name: "a", keyColumns: [], definition: "")
        let b = IndexInfo(schema: "main", table: "t", name: "b", keyColumns: [], definition: "")
        let catalog = Catalog(engine: .sqlite, database: "x", serverVersion: "3", indexes: [IndexRecord(info: a), IndexRecord(info: b, space: IndexSpace(sizeBytes: 7))])
        let merged = catalog.merging(SpaceReport(indexes: [a.id: IndexSpace(sizeBytes: 4096)], database: DatabaseSpace(pageSize: 4096)))
        XCTAssertEqual(merged.indexes.map(\.space.sizeBytes), [4096, 7])
        XCTAssertTrue(merged.sizesLoaded)
        XCTAssertEqual(merged.space.pageSize, 4096)
    }
}
