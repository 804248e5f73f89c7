import Foundation
import IdxScopeCore
import IdxScopeSQLite
import IdxScopeTestSupport
import XCTest

/// The catalog read by `SQLiteInspector` against SQLite's own pragmas on files built for each shape.
final class CatalogTests: XCTestCase {
    static let shapes = """
        CREATE TABLE account(id INTEGER PRIMARY KEY, email TEXT NOT NULL UNIQUE, name TEXT COLLATE NOCASE,
                             created INTEGER, deleted INTEGER);
        CREATE TABLE tag(label TEXT PRIMARY KEY, hits INTEGER);             -- rowid table, TEXT PK → autoindex
        CREATE TABLE kv(k TEXT, v BLOB, n INTEGER, PRIMARY KEY (k, n DESC)) WITHOUT ROWID;
        CREATE TABLE pair(a INTEGER, b INTEGER, UNIQUE (a, b));
        CREATE INDEX idx_account_created ON account(created DESC, id);
        CREATE UNIQUE INDEX idx_account_lower_email ON account(lower(email), abs(created) COLLATE NOCASE DESC);
        CREATE INDEX idx_account_live ON account(created) WHERE deleted IS NULL AND name <> 'x, (y)';
        CREATE INDEX idx_account_name ON account(name);
        CREATE INDEX idx_account_email_nocase ON account(email COLLATE NOCASE);
        CREATE TABLE "odd ""table"" ünï"("the col" TEXT, "ß" INTEGER);
        CREATE INDEX "odd index 'ü'" ON "odd ""table"" ünï"("the col", "ß" DESC) WHERE "ß" > 0;
        CREATE VIRTUAL TABLE doc USING fts5(body);
        """

    private func makeShapes() throws -> (TemporaryDirectory, String) {
        let dir = try TemporaryDirectory(prefix: "sqlite")
        let path = dir.path("shapes.db")
        try SQLiteFixture.create(path, sql: Self.shapes + "INSERT INTO account(email, created) VALUES ('a@x', 1), ('b@x', 2); ANALYZE;")
        return (dir, path)
    }

    func testEveryIndexOfEveryTableMatchesIndexList() throws {
        let (dir, path) = try makeShapes()
        _ = dir
        let catalog = try SQLiteInspector(path: path).loadCatalog()
        // SQLite's own list, one pragma per table (what the inspector must not do, but may check against).
        let expected = try SQLiteFixture.rows(path, """
            SELECT s.name, il.name, il."unique", il.origin, il.partial FROM sqlite_schema s, pragma_index_list(s.name) il
            WHERE s.type = 'table' AND s.sql NOT LIKE 'CREATE VIRTUAL%' ORDER BY s.name, il.name
            """)
        let actual = catalog.indexes.map { record -> [String] in
            let info = record.info
            let origin = info.constraint == .primaryKey ? "pk" : info.constraint == .unique ? "u" : "c"
            return [info.table, info.name, info.unique ? "1" : "0", origin, info.partial == nil ? "0" : "1"]
        }
        XCTAssertEqual(actual, expected)
        XCTAssertTrue(catalog.indexes.allSatisfy { $0.info.schema == "main" && $0.info.method == "btree" && $0.info.valid })
        XCTAssertEqual(catalog.engine, .sqlite)
        XCTAssertEqual(catalog.database, path)
        XCTAssertEqual(catalog.serverVersion, try SQLiteFixture.rows(path, "SELECT sqlite_version()")[0][0])
    }

    func testKeyColumnsMatchIndexXinfo() throws {
        let (dir, path) = try makeShapes()
        _ = dir
        let catalog = try SQLiteInspector(path: path).loadCatalog()
        for record in catalog.indexes {
            let info = record.info
            let xinfo = try SQLiteFixture.rows(path, "SELECT cid, name, \"desc\", coll FROM pragma_index_xinfo(\(sqlLiteral(info.name))) WHERE key = 1 ORDER BY seqno")
            XCTAssertEqual(info.keyColumns.count, xinfo.count, info.name)
            for (column, row) in zip(info.keyColumns, xinfo) {
                XCTAssertEqual(column.isExpression, row[0] == "-2", info.name)
                if !column.isExpression { XCTAssertEqual(column.name, row[1], info.name) }
                XCTAssertEqual(column.descending, row[2] == "1", info.name)
                XCTAssertEqual(column.collation, row[3] == "BINARY" ? nil : row[3], info.name)
            }
        }
    }

    func testShapesInDetail() throws {
        let (dir, path) = try makeShapes()
        _ = dir
        let catalog = try SQLiteInspector(path: path).loadCatalog()
        let index = Dictionary(uniqueKeysWithValues: catalog.indexes.map { ($0.info.name, $0.info) })

        let unique = try XCTUnwrap(index["sqlite_autoindex_account_1"])
        XCTAssertEqual(unique.constraint, .unique)
        XCTAssertTrue(unique.unique)
        XCTAssertFalse(unique.primary)
        XCTAssertEqual(unique.keyColumns.map(\.name), ["email"])
        XCTAssertTrue(unique.definition.contains("UNIQUE") && unique.definition.contains("(email)"), unique.definition)

        let withoutRowid = try XCTUnwrap(index["sqlite_autoindex_kv_1"])
        XCTAssertEqual(withoutRowid.constraint, .primaryKey)
        XCTAssertTrue(withoutRowid.primary)
        XCTAssertEqual(withoutRowid.keyColumns, [.init(name: "k"), .init(name: "n", descending: true)])

        XCTAssertEqual(index["sqlite_autoindex_tag_1"]?.constraint, .primaryKey)
        XCTAssertEqual(index["sqlite_autoindex_pair_1"]?.keyColumns.map(\.name), ["a", "b"])

        let expression = try XCTUnwrap(index["idx_account_lower_email"])
        XCTAssertEqual(expression.keyColumns, [
            .init(name: "lower(email)", isExpression: true),
            .init(name: "abs(created)", isExpression: true, descending: true, collation: "NOCASE"),
        ])
        XCTAssertTrue(expression.unique)
        XCTAssertNil(expression.constraint, "a CREATE UNIQUE INDEX backs no constraint")
        XCTAssertEqual(expression.definition,
                       "CREATE UNIQUE INDEX idx_account_lower_email ON account(lower(email), abs(created) COLLATE NOCASE DESC)")

        XCTAssertEqual(index["idx_account_live"]?.partial, "deleted IS NULL AND name <> 'x, (y)'")
        XCTAssertEqual(index["idx_account_created"]?.keyColumns, [.init(name: "created", descending: true), .init(name: "id")])
        // The column's declared collation is the index's too; BINARY is never reported.
        XCTAssertEqual(index["idx_account_name"]?.keyColumns.first?.collation, "NOCASE")
        XCTAssertEqual(index["idx_account_email_nocase"]?.keyColumns.first?.collation, "NOCASE")

        let odd = try XCTUnwrap(index["odd index 'ü'"])
        XCTAssertEqual(odd.table, "odd \"table\" ünï")
        XCTAssertEqual(odd.keyColumns, [.init(name: "the col"), .init(name: "ß", descending: true)])
        XCTAssertEqual(odd.partial, "\"ß\" > 0")
        XCTAssertFalse(catalog.indexes.contains { $0.info.table == "doc" }, "virtual tables have no b-tree indexes")
        XCTAssertEqual(catalog.tables["main.account"]?.rows, 2, "rows from sqlite_stat1: \(catalog.tables)")
    }

    func testPartialPredicateAfterACommentIsKept() throws {
        let dir = try TemporaryDirectory(prefix: "sqlite")
        let path = dir.path("commented.db")
        try SQLiteFixture.create(path, sql: """
            CREATE TABLE t(e INTEGER);
            CREATE INDEX ix_pos ON t(e) /* why */ WHERE e > 0;
            CREATE INDEX ix_neg ON t(e) -- c
             WHERE e < 0;
            """)
        let indexes = try SQLiteInspector(path: path).loadCatalog().indexes
        XCTAssertEqual(Dictionary(uniqueKeysWithValues: indexes.map { ($0.info.name, $0.info.partial ?? "nil") }),
                       ["ix_pos": "e > 0", "ix_neg": "e < 0"])
    }

    func testEmptyDatabaseHasNoIndexes() throws {
        let dir = try TemporaryDirectory(prefix: "sqlite")
        let path = dir.path("empty.db")
        try SQLiteFixture.create(path, sql: "CREATE TABLE t(a);")
        let catalog = try SQLiteInspector(path: path).loadCatalog()
        XCTAssertEqual(catalog.indexes, [])
        XCTAssertEqual(catalog.tables, [:], "no sqlite_stat1 without ANALYZE")
    }

    /// The catalog costs the same number of statements for 10 indexes and for 300.
    func testCatalogUsesAConstantNumberOfStatements() throws {
        let dir = try TemporaryDirectory(prefix: "sqlite")
        var counts: [Int] = []
        for indexCount in [10, 300] {
            let path = dir.path("many-\(indexCount).db")
            var sql = ""
            for table in 0..<(indexCount / 5) {
                sql += "CREATE TABLE t\(table)(a, b, c, d, e);"
                for column in ["a", "b", "c", "d", "e"] { sql += "CREATE INDEX i\(table)_\(column) ON t\(table)(\(column));" }
            }
            try SQLiteFixture.create(path, sql: sql)
            let inspector = try SQLiteInspector(path: path)
            let before = inspector.statementsPrepared
            let catalog = try inspector.loadCatalog()
            XCTAssertEqual(catalog.indexes.count, indexCount)
            let afterCatalog = inspector.statementsPrepared
            let space = try inspector.loadSpace()
            XCTAssertEqual(space.indexes.count, indexCount)
            counts.append(afterCatalog - before)
            counts.append(inspector.statementsPrepared - afterCatalog)
        }
        XCTAssertEqual(counts[0], counts[2], "catalog statements for 10 vs 300 indexes: \(counts)")
        XCTAssertEqual(counts[1], counts[3], "space statements for 10 vs 300 indexes: \(counts)")
        XCTAssertLessThanOrEqual(counts[0], 2)
    }

    private func sqlLiteral(_ text: String) -> String { "'" + text.replacingOccurrences(of: "'", with: "''") + "'" }
}
