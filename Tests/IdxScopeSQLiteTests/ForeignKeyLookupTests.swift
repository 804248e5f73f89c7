import Foundation
import IdxScopeCore
import IdxScopeTestSupport
@testable import IdxScopeSQLite
import XCTest

/// Whether a foreign key is indexed is SQLite's own answer: the plan of the child-table lookup it
/// runs for a parent delete (QA: a key on an INTEGER PRIMARY KEY and one served by a partial
/// `WHERE col IS NOT NULL` index were reported unindexed).
final class ForeignKeyLookupTests: XCTestCase {
    private var dir: TemporaryDirectory!

    override func setUpWithError() throws { dir = try TemporaryDirectory(prefix: "sqlite") }
    override func tearDown() { dir = nil }

    private func catalog(_ sql: String) throws -> (Catalog, [Finding], String) {
        let path = dir.path("fk-\(UUID().uuidString).db")
        try SQLiteFixture.create(path, sql: sql)
        let catalog = try SQLiteInspector(path: path).loadCatalog()
        return (catalog, FindingRules.findings(in: catalog), path)
    }

    func testKeysServedByTheRowidAPartialIndexOrAWithoutRowidKeyAreIndexed() throws {
        let (catalog, findings, _) = try catalog("""
            CREATE TABLE parent(id INTEGER PRIMARY KEY, name TEXT);
            CREATE TABLE profile(id INTEGER PRIMARY KEY REFERENCES parent(id), bio TEXT);
            CREATE TABLE task(id INTEGER PRIMARY KEY, parent_id INTEGER REFERENCES parent(id), title TEXT);
            CREATE INDEX task_parent ON task(parent_id) WHERE parent_id IS NOT NULL;
            CREATE TABLE tag(parent_id INTEGER REFERENCES parent, label TEXT, PRIMARY KEY(parent_id, label)) WITHOUT ROWID;
            CREATE TABLE note(id INTEGER PRIMARY KEY, parent_id INTEGER REFERENCES parent, body TEXT);
            CREATE TABLE late(id INTEGER PRIMARY KEY, kind TEXT, parent_id INTEGER REFERENCES parent);
            CREATE INDEX late_kind_parent ON late(kind, parent_id);
            """)
        func lookup(_ table: String) -> ForeignKeyLookup? { catalog.foreignKeys.first { $0.table == table }?.lookup }
        XCTAssertEqual(lookup("profile"), .tableKey)
        XCTAssertEqual(lookup("task"), .indexes(["task_parent"]))
        XCTAssertEqual(lookup("tag"), .tableKey, "the WITHOUT ROWID table's own key leads with the column")
        XCTAssertEqual(lookup("note"), .wholeTable("SCAN note"))
        XCTAssertEqual(lookup("late"), .wholeTable("SCAN late"), "an index whose second column is the key does not serve it")

        let unindexed = findings.filter { $0.kind == .unindexedFK }
        XCTAssertEqual(unindexed.map(\.table).sorted(), ["late", "note"])
        let note = try XCTUnwrap(unindexed.first { $0.table == "note" })
        XCTAssertEqual(note.columns, ["parent_id"])
        XCTAssertEqual(note.referencedTable, "parent")
        XCTAssertEqual(note.referencedColumns, ["id"], "an implicit reference names the parent's primary key")
        XCTAssertEqual(note.sql, "CREATE INDEX note_parent_id_fk ON note (parent_id);")

        // The index the lookup searches is the one that serves the key.
        let partial = try XCTUnwrap(catalog.indexes.first { $0.info.name == "task_parent" })
        XCTAssertEqual(partial.info.servesForeignKeys, ["task(parent_id) → parent"])
        XCTAssertEqual(catalog.indexes.first { $0.info.name == "late_kind_parent" }?.info.servesForeignKeys, [])
    }

    /// The suggested index is what SQLite then uses: built in a copy, the lookup plan searches it.
    func testTheSuggestedIndexServesTheLookupInACopy() throws {
        let (_, findings, path) = try catalog("""
            CREATE TABLE "order"(id INTEGER PRIMARY KEY);
            CREATE TABLE "line item"("order id" INTEGER REFERENCES "order", "select" INTEGER REFERENCES "order");
            """)
        let unindexed = findings.filter { $0.kind == .unindexedFK }
        XCTAssertEqual(unindexed.count, 2)
        let copy = path + ".copy.db"
        try FileManager.default.copyItem(atPath: path, toPath: copy)
        for finding in unindexed {
            try SQLiteFixture.create(copy, sql: finding.sql)
        }
        let after = try SQLiteInspector(path: copy).loadCatalog()
        XCTAssertTrue(after.foreignKeys.allSatisfy { $0.lookup?.isServed == true }, "\(after.foreignKeys)")
        XCTAssertTrue(FindingRules.findings(in: after).filter { $0.kind == .unindexedFK }.isEmpty)
    }

    /// Collation and direction are part of an index's signature on SQLite too.
    func testCollationAndDirectionKeepIndexesApart() throws {
        let (_, findings, _) = try catalog("""
            CREATE TABLE t(a TEXT, b TEXT, c TEXT COLLATE NOCASE);
            CREATE INDEX t_a ON t(a); CREATE INDEX t_a_nocase ON t(a COLLATE NOCASE);
            CREATE INDEX t_b ON t(b); CREATE INDEX t_b_desc ON t(b DESC);
            CREATE INDEX t_c ON t(c); CREATE INDEX t_c_nocase ON t(c COLLATE NOCASE);
            """)
        XCTAssertEqual(findings.map(\.index), ["t_c_nocase"], "only the NOCASE column's two NOCASE indexes are twins")
    }
}
