import Foundation
import IdxScopeCore
import IdxScopeSQLite
import IdxScopeTestSupport
import XCTest

/// Space figures against `dbstat` queried directly and against `sqlite3_analyzer`'s report.
final class SpaceTests: XCTestCase {
    private func makeDemo() throws -> (TemporaryDirectory, String) {
        let dir = try TemporaryDirectory(prefix: "sqlite")
        let path = dir.path("demo.db")
        try DemoDatabase.write(to: path)
        return (dir, path)
    }

    func testIndexSizesEqualDbstatSums() throws {
        let (dir, path) = try makeDemo()
        _ = dir
        let inspector = try SQLiteInspector(path: path)
        let catalog = try inspector.loadCatalog()
        let space = try inspector.loadSpace()
        XCTAssertEqual(space.indexes.count, catalog.indexes.count)
        for record in catalog.indexes {
            // A WITHOUT ROWID table's primary key is the table's own b-tree, named after the table.
            let isTableBTree = record.info.name.hasPrefix("sqlite_autoindex_") && record.info.table == "job_event"
            let btree = isTableBTree ? record.info.table : record.info.name
            let expected = try SQLiteFixture.rows(path, """
                SELECT sum(pgsize), count(*), sum(unused), sum(ncell) FROM dbstat WHERE name = '\(btree.replacingOccurrences(of: "'", with: "''"))'
                """)[0]
            let figures = try XCTUnwrap(space.indexes[record.id], record.info.name)
            XCTAssertEqual(figures.sizeBytes.map(String.init), expected[0], record.info.name)
            XCTAssertEqual(figures.pages.map(String.init), expected[1], record.info.name)
            XCTAssertEqual(figures.unusedBytes.map(String.init), expected[2], record.info.name)
            XCTAssertEqual(figures.entries.map(String.init), expected[3], record.info.name)
            XCTAssertGreaterThan(figures.sizeBytes ?? 0, 0, record.info.name)
        }
        let jobSize = try SQLiteFixture.rows(path, "SELECT sum(pgsize) FROM dbstat WHERE name = 'job'")[0][0]
        XCTAssertEqual(space.tables["main.job"]?.sizeBytes.map(String.init), jobSize)
        XCTAssertEqual(space.tables["main.job"]?.rows, Int64(DemoDatabase.jobCount - DemoDatabase.deletedJobCount))
        XCTAssertEqual(space.indexes[IndexID(schema: "main", name: "idx_job_status")]?.tableSizeBytes.map(String.init), jobSize)

        let file = try SQLiteFixture.rows(path, "SELECT * FROM pragma_page_size, pragma_page_count, pragma_freelist_count")[0]
        XCTAssertEqual([space.database.pageSize, space.database.pageCount, space.database.freelistPages].map { $0.map(String.init) ?? "nil" }, file)
        XCTAssertGreaterThan(space.database.freelistPages ?? 0, 0)
    }

    /// Depth, fragmentation, pages, entries and unused bytes as sqlite3_analyzer reports them.
    func testFiguresMatchSqlite3Analyzer() throws {
        let (dir, path) = try makeDemo()
        _ = dir
        let report = try AnalyzerReport(databasePath: path)
        let space = try SQLiteInspector(path: path).loadSpace()
        let checked = ["idx_job_status", "idx_job_status_created", "idx_job_failed", "idx_job_error_lower",
                       "idx_dead_letter_raison d'être"]
        for name in checked {
            let figures = try XCTUnwrap(space.indexes[IndexID(schema: "main", name: name)], name)
            let section = try XCTUnwrap(report.indexSection(named: name), "no analyzer section for \(name)")
            XCTAssertEqual(figures.sizeBytes, section["Bytes of storage consumed"], name)
            XCTAssertEqual(figures.pages, section["Total pages used"], name)
            XCTAssertEqual(figures.leafPages, section["Primary pages used"], name)
            XCTAssertEqual(figures.entries, section["Number of entries"], name)
            XCTAssertEqual(figures.unusedBytes, section["Unused bytes on all pages"], name)
            XCTAssertEqual(figures.depth.map(Int64.init), section["B-tree depth"], name)
            if let gaps = section["Non-sequential pages"], let pages = figures.pages, let percent = figures.fragmentationPercent {
                XCTAssertEqual(Int64((percent * Double(pages - 1) / 100).rounded()), gaps, name)
            } else {
                XCTAssertEqual(figures.pages, 1, "\(name): the analyzer omits fragmentation only for one-page b-trees")
            }
        }
        let withoutRowid = try XCTUnwrap(space.indexes[IndexID(schema: "main", name: "sqlite_autoindex_job_event_1")])
        let table = try XCTUnwrap(report.section(titled: "Table JOB_EVENT"))
        XCTAssertEqual(withoutRowid.sizeBytes, table["Bytes of storage consumed"])
        XCTAssertEqual(withoutRowid.depth.map(Int64.init), table["B-tree depth"])
    }
}

/// `sqlite3_analyzer`'s text report, split into `*** Title ***` sections of `Label.... number`.
struct AnalyzerReport {
    var sections: [String: [String: Int64]] = [:]

    init(databasePath: String) throws {
        let result = try ProcessRunner.run("/usr/bin/sqlite3_analyzer", [databasePath])
        guard result.status == 0 else {
            throw SQLiteFixture.FixtureError("sqlite3_analyzer failed: \(result.describe)")
        }
        var title = ""
        for line in result.stdout.split(separator: "\n") {
            if line.hasPrefix("*** ") {
                title = line.dropFirst(4).replacingOccurrences(of: #"\s*\*+$"#, with: "", options: .regularExpression)
                continue
            }
            guard let dots = line.range(of: "..") else { continue }
            let label = String(line[..<dots.lowerBound])
            let value = line[dots.upperBound...].drop { $0 == "." }.split(separator: " ").first.flatMap { Int64($0) }
            if let value { sections[title, default: [:]][label] = value }
        }
    }

    func section(titled title: String) -> [String: Int64]? { sections[title] }

    /// The analyzer upper-cases ASCII letters of names in its titles.
    func indexSection(named name: String) -> [String: Int64]? {
        let prefix = "Index " + name.uppercased() + " of table "
        return sections.first { $0.key.uppercased().hasPrefix(prefix.uppercased()) }?.value
    }
}

final class TableBTreeTests: XCTestCase {
    /// QA: a WITHOUT ROWID table's primary key was counted as index space on top of the table.
    func testWithoutRowidPrimaryKeyIsTheTablesOwnBTree() throws {
        let directory = try TemporaryDirectory(prefix: "tablebtree")
        let path = directory.path("t.db")
        let writer = try Connection(target: path, mode: .readWriteCreate)
        try writer.execute("CREATE TABLE kv(k TEXT PRIMARY KEY, v TEXT) WITHOUT ROWID; CREATE TABLE r(a); CREATE INDEX r_a ON r(a);"
                           + "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 500) INSERT INTO kv SELECT 'k' || i, 'v' FROM n; INSERT INTO r VALUES (1);")
        let inspector = try SQLiteInspector(path: path)
        let catalog = try inspector.loadCatalog().merging(try inspector.loadSpace())
        let pk = try XCTUnwrap(catalog.indexes.first { $0.info.table == "kv" })
        XCTAssertTrue(pk.space.isTableBTree)
        XCTAssertEqual(pk.space.sizeBytes, pk.space.tableSizeBytes)
        let plain = try XCTUnwrap(catalog.indexes.first { $0.info.name == "r_a" })
        XCTAssertFalse(plain.space.isTableBTree)
        XCTAssertTrue(IndexesReport.summary(catalog).contains(ByteFormat.human(plain.space.sizeBytes) + " in indexes"),
                      IndexesReport.summary(catalog))
    }
}

final class SQLiteForeignKeyTests: XCTestCase {
    func testIndexesServingForeignKeysAreNamed() throws {
        let directory = try TemporaryDirectory(prefix: "fk")
        let path = directory.path("fk.db")
        let writer = try Connection(target: path, mode: .readWriteCreate)
        try writer.execute("""
            CREATE TABLE team(id INTEGER PRIMARY KEY, org INT, code TEXT, UNIQUE(org, code));
            CREATE TABLE member(id INTEGER PRIMARY KEY, team_org INT, team_code TEXT, name TEXT,
                                FOREIGN KEY (team_org, team_code) REFERENCES team(org, code));
            CREATE INDEX member_team ON member(team_org, team_code, name);
            CREATE INDEX member_code ON member(team_code);
            CREATE INDEX member_lower ON member(lower(name));
            """)
        let catalog = try SQLiteInspector(path: path).loadCatalog()
        func serves(_ name: String) -> [String]? { catalog.indexes.first { $0.info.name == name }?.info.servesForeignKeys }
        XCTAssertEqual(serves("member_team"), ["member(team_org, team_code) → team"])
        XCTAssertEqual(serves("member_code"), [], "the lookup searches member_team")
        XCTAssertEqual(serves("member_lower"), [])
        XCTAssertEqual(catalog.foreignKeys.map(\.name), ["member(team_org, team_code) → team"])
        // Without member_team, SQLite searches member_code (team_code = ?): still no whole read.
        try writer.execute("DROP INDEX member_team")
        let partly = try SQLiteInspector(path: path).loadCatalog()
        XCTAssertEqual(partly.indexes.first { $0.info.name == "member_code" }?.info.servesForeignKeys, ["member(team_org, team_code) → team"])
        XCTAssertTrue(FindingRules.findings(in: partly).filter { $0.kind == .unindexedFK }.isEmpty)
        // Without either, the key has no index: a finding with the CREATE INDEX to add.
        try writer.execute("DROP INDEX member_code")
        let after = try SQLiteInspector(path: path).loadCatalog()
        let finding = FindingRules.findings(in: after).first { $0.kind == .unindexedFK }
        XCTAssertEqual(finding?.sql, "CREATE INDEX member_team_org_team_code_fk ON member (team_org, team_code);")
    }
}
