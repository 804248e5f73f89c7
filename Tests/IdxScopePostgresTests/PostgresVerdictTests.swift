import Foundation
import IdxScopeCore
import IdxScopePostgres
import XCTest

/// Findings judged on a real server: foreign keys by the generic plan of their lookup, index
/// signatures from the engine's own texts, extension-owned and partitioned indexes.
final class PostgresVerdictTests: XCTestCase {
    /// QA: a key whose column is the primary key, and one served by a partial `WHERE t_id IS NOT
    /// NULL` index, were reported unindexed; the partial index itself was "unused" with no word
    /// of the key.
    func testForeignKeysAreJudgedByTheirLookupPlan() throws {
        let database = try ScratchDatabase()
        defer { database.drop() }
        try database.admin.execute("""
            CREATE TABLE team (id int PRIMARY KEY);
            INSERT INTO team SELECT g FROM generate_series(1, 200) g;
            CREATE TABLE profile (team_id int PRIMARY KEY REFERENCES team, bio text);
            CREATE TABLE task (id int PRIMARY KEY, team_id int REFERENCES team, title text);
            CREATE INDEX task_team ON task (team_id) WHERE team_id IS NOT NULL;
            CREATE TABLE note (id int PRIMARY KEY, team_id int REFERENCES team, body text);
            CREATE TABLE late (id int PRIMARY KEY, kind int, team_id int REFERENCES team);
            CREATE INDEX late_kind_team ON late (kind, team_id);
            CREATE TABLE event (id int, team_id int REFERENCES team) PARTITION BY RANGE (id);
            CREATE TABLE event_1 PARTITION OF event FOR VALUES FROM (0) TO (5000);
            CREATE TABLE event_2 PARTITION OF event FOR VALUES FROM (5000) TO (10000);
            CREATE INDEX event_team ON event (team_id);
            INSERT INTO task SELECT g, CASE WHEN g % 3 = 0 THEN NULL ELSE g % 200 + 1 END, 't' FROM generate_series(1, 5000) g;
            INSERT INTO note SELECT g, g % 200 + 1, 'n' FROM generate_series(1, 5000) g;
            INSERT INTO late SELECT g, g % 7, g % 200 + 1 FROM generate_series(1, 5000) g;
            INSERT INTO event SELECT g, g % 200 + 1 FROM generate_series(1, 9999) g;
            ANALYZE;
            """)
        let inspector = try PostgresInspector(conninfo: database.conninfo)
        let before = inspector.roundTrips
        let catalog = try inspector.loadCatalog()
        XCTAssertEqual(inspector.roundTrips - before, 2, "the catalog, then one batch planning every key")
        func lookup(_ table: String) -> ForeignKeyLookup? { catalog.foreignKeys.first { $0.table == table }?.lookup }
        XCTAssertEqual(lookup("profile"), .indexes(["profile_pkey"]))
        XCTAssertEqual(lookup("task"), .indexes(["task_team"]))
        XCTAssertEqual(lookup("event"), .indexes(["event_team"]), "each partition's index is named by its partitioned index")
        guard case .wholeTable? = lookup("note") else { return XCTFail("\(String(describing: lookup("note")))") }
        guard case .wholeTable? = lookup("late") else { return XCTFail("a second-column Index Cond reads the whole index: \(String(describing: lookup("late")))") }

        let findings = FindingRules.findings(in: catalog)
        let unindexed = findings.filter { $0.kind == .unindexedFK }
        XCTAssertEqual(unindexed.map(\.table).sorted(), ["late", "note"], "\(unindexed)")
        let note = try XCTUnwrap(unindexed.first { $0.table == "note" })
        XCTAssertEqual(note.columns, ["team_id"])
        XCTAssertEqual(note.referencedTable, "public.team")
        XCTAssertEqual(note.referencedColumns, ["id"])
        XCTAssertEqual(note.confidence, .medium)

        // The partial index nobody scanned serves a key: the unused finding says so, low.
        let partial = try XCTUnwrap(findings.first { $0.index == "task_team" })
        XCTAssertEqual(partial.kind, .unused)
        XCTAssertEqual(partial.servesForeignKeys, ["task_team_id_fkey"])
        XCTAssertEqual(partial.confidence, .low)
        XCTAssertTrue(partial.reason.contains("task_team_id_fkey"), partial.reason)
        XCTAssertEqual(catalog.index("public", "late_kind_team")?.info.servesForeignKeys, [])

        // The JSON carries the columns.
        let json = FindingsReport.json(findings, catalog: catalog).serialized()
        XCTAssertTrue(json.contains(#""kind":"unindexed_fk","schema":"public","table":"note""#), json)
        XCTAssertTrue(json.contains(#""columns":["team_id"],"referenced_table":"public.team","referenced_columns":["id"]"#), json)
    }

    /// A monitoring role without SELECT on a table cannot plan its keys' lookups: those keys are
    /// said to be unjudged (never reported, never taken as served), the others are judged.
    func testKeysThisRoleCannotReadAreNotJudged() throws {
        let database = try ScratchDatabase()
        let role = TestServer.uniqueName("idxscope_monitor")
        let server = try AdminConnection(try TestServer.uri())
        defer {
            database.drop()
            _ = try? server.execute("DROP ROLE IF EXISTS \(role)")
        }
        try database.admin.execute("""
            CREATE ROLE \(role) LOGIN;
            CREATE TABLE team (id int PRIMARY KEY);
            CREATE TABLE open_child (team_id int REFERENCES team);
            CREATE TABLE secret_child (team_id int REFERENCES team);
            GRANT SELECT ON team, open_child TO \(role);
            """)
        let uri = try TestServer.uri()
        let catalog = try PostgresInspector(conninfo: TestServer.conninfo(uri, database: database.name, user: role)).loadCatalog()
        guard case .failed(let reason)? = catalog.foreignKeys.first(where: { $0.table == "secret_child" })?.lookup else {
            return XCTFail("\(catalog.foreignKeys)")
        }
        XCTAssertTrue(reason.contains("no SELECT privilege"), reason)
        guard case .wholeTable? = catalog.foreignKeys.first(where: { $0.table == "open_child" })?.lookup else {
            return XCTFail("\(catalog.foreignKeys)")
        }
        let findings = FindingRules.findings(in: catalog)
        XCTAssertEqual(findings.filter { $0.kind == .unindexedFK }.map(\.table), ["open_child"])
        let json = FindingsReport.json(findings, catalog: catalog).serialized()
        XCTAssertTrue(json.contains(#""foreign_keys_not_planned":[{"schema":"public","table":"secret_child","name":"secret_child_team_id_fkey""#), json)
        XCTAssertTrue(FindingsReport.table(findings, catalog: catalog).contains("1 foreign key not judged"))
    }

    /// Planning the keys costs one round trip whatever their number.
    func testKeyLookupsCostOneRoundTripFor3Or60Keys() throws {
        var trips: [Int] = []
        for keys in [3, 60] {
            let database = try ScratchDatabase()
            defer { database.drop() }
            try database.admin.execute("""
                CREATE TABLE parent (id int PRIMARY KEY);
                DO $$ BEGIN FOR k IN 1..\(keys) LOOP
                  EXECUTE format('CREATE TABLE child_%s (parent_id int REFERENCES parent)', k);
                END LOOP; END $$;
                """)
            let inspector = try PostgresInspector(conninfo: database.conninfo)
            let before = inspector.roundTrips
            let catalog = try inspector.loadCatalog()
            trips.append(inspector.roundTrips - before)
            XCTAssertEqual(catalog.foreignKeys.count, keys)
            XCTAssertTrue(catalog.foreignKeys.allSatisfy { if case .wholeTable? = $0.lookup { true } else { false } }, "\(catalog.foreignKeys)")
        }
        XCTAssertEqual(trips, [2, 2])
    }

    /// QA: text_pattern_ops vs plain and (d) vs (d NULLS FIRST) were duplicates, and so were two
    /// expressions equal in their first 63 bytes (the catalog's `name` type cut them).
    func testSignaturesUseTheServersOwnTexts() throws {
        let schema = try ScratchSchema()
        defer { schema.drop() }
        let long = String(repeating: "a_long_column_name + ", count: 4)
        try schema.admin.execute("""
            SET search_path = \(schema.quoted);
            CREATE TABLE doc (d text, a_long_column_name int);
            CREATE INDEX doc_d ON doc (d);
            CREATE INDEX doc_d_pattern ON doc (d text_pattern_ops);
            CREATE INDEX doc_d_nulls_first ON doc (d NULLS FIRST);
            CREATE INDEX doc_d_desc ON doc (d DESC);
            CREATE INDEX doc_d_desc_nulls_first ON doc (d DESC NULLS FIRST);
            CREATE INDEX doc_long_1 ON doc ((\(long) 1));
            CREATE INDEX doc_long_2 ON doc ((\(long) 2));
            """)
        let catalog = try PostgresInspector(conninfo: schema.uri).loadCatalog()
        let findings = FindingRules.findings(in: catalog).filter { $0.schema == schema.name && $0.kind == .duplicate }
        XCTAssertEqual(findings.map(\.index), ["doc_d_desc_nulls_first"], "DESC is NULLS FIRST already: the only twin")
        let pattern = try XCTUnwrap(catalog.index(schema.name, "doc_d_pattern")).info.keyColumns
        XCTAssertEqual(pattern.map(\.opclass), ["text_pattern_ops"])
        XCTAssertEqual(try XCTUnwrap(catalog.index(schema.name, "doc_d")).info.keyColumns.map(\.opclass), [nil])
        XCTAssertEqual(try XCTUnwrap(catalog.index(schema.name, "doc_d_nulls_first")).info.keyColumns.map(\.nullsFirst), [true])
        let expression = try XCTUnwrap(catalog.index(schema.name, "doc_long_2")).info.keyColumns[0].name
        XCTAssertGreaterThan(expression.utf8.count, 63, expression)
        XCTAssertTrue(expression.hasSuffix("+ 2)") || expression.hasSuffix("2"), expression)
    }

    /// A partitioned index whose partitions were never scanned is reported once, with their size.
    func testPartitionedIndexUnusedOnEveryPartition() throws {
        let schema = try ScratchSchema()
        defer { schema.drop() }
        try schema.admin.execute("""
            SET search_path = \(schema.quoted);
            CREATE TABLE metric (at int, host text) PARTITION BY RANGE (at);
            CREATE TABLE metric_1 PARTITION OF metric FOR VALUES FROM (0) TO (1000);
            CREATE TABLE metric_2 PARTITION OF metric FOR VALUES FROM (1000) TO (2000);
            INSERT INTO metric SELECT g, 'h' || (g % 10) FROM generate_series(0, 1999) g;
            CREATE INDEX metric_host ON metric (host);
            """)
        let catalog = try PostgresInspector(conninfo: schema.uri).loadCatalog()
        let findings = FindingRules.findings(in: catalog).filter { $0.schema == schema.name }
        XCTAssertEqual(findings.map(\.index), ["metric_host"], "\(findings)")
        XCTAssertEqual(findings.first?.kind, .unused)
        let total = try XCTUnwrap(schema.admin.scalar("""
            SELECT sum(pg_relation_size(relid)) FROM pg_partition_tree('\(schema.quoted).metric_host'::regclass) WHERE isleaf
            """).flatMap(Int64.init))
        XCTAssertEqual(findings.first?.bytes, total)
        XCTAssertEqual(findings.first?.sql, "DROP INDEX \(schema.name).metric_host;")
    }
}

/// QA: indexes an extension owns (pg_partman's own tables) were reported unused. A tiny real
/// extension that creates tables with indexes and an unindexed foreign key is installed into the
/// server's extension directory (the tests run as root, as the server was installed).
final class PostgresExtensionOwnedTests: XCTestCase {
    static let name = "idxscope_owned_test"
    static let directory = "/usr/share/postgresql/15/extension"

    private func installExtensionFiles() throws {
        let control = """
            comment = 'idxscope test: an extension owning tables with indexes'
            default_version = '1.0'
            relocatable = false
            schema = idxscope_owned
            """
        let script = """
            CREATE TABLE @extschema@.part_config (parent_table text PRIMARY KEY, interval text, premake int);
            CREATE INDEX part_config_interval ON @extschema@.part_config (interval);
            CREATE TABLE @extschema@.part_log (id int, parent_table text REFERENCES @extschema@.part_config, note text);
            CREATE INDEX part_log_note ON @extschema@.part_log (note);
            CREATE INDEX part_log_note_copy ON @extschema@.part_log (note);
            """
        do {
            try control.write(toFile: "\(Self.directory)/\(Self.name).control", atomically: true, encoding: .utf8)
            try script.write(toFile: "\(Self.directory)/\(Self.name)--1.0.sql", atomically: true, encoding: .utf8)
        } catch {
            throw IdxScopeError(.input, "cannot write the test extension into \(Self.directory) (run the tests as root): \(error)")
        }
    }

    func testExtensionOwnedIndexesAreLeftOutOfFindings() throws {
        try installExtensionFiles()
        let database = try ScratchDatabase()
        defer { database.drop() }
        try database.admin.execute("""
            CREATE SCHEMA idxscope_owned;
            CREATE EXTENSION \(Self.name);
            CREATE TABLE mine (id int PRIMARY KEY, note text);
            CREATE INDEX mine_note ON mine (note);
            """)
        let catalog = try PostgresInspector(conninfo: database.conninfo).loadCatalog()
        let owned = catalog.indexes.filter { $0.info.schema == "idxscope_owned" }
        XCTAssertEqual(owned.count, 4, "the extension's indexes are listed: \(owned.map(\.info.name))")
        XCTAssertTrue(owned.allSatisfy { $0.info.extensionOwner == Self.name }, "\(owned.map(\.info.extensionOwner))")
        XCTAssertNil(catalog.index("public", "mine_note")?.info.extensionOwner)
        XCTAssertTrue(catalog.foreignKeys.isEmpty, "the extension's own foreign key is its business: \(catalog.foreignKeys)")

        let findings = FindingRules.findings(in: catalog)
        XCTAssertEqual(findings.map(\.index), ["mine_note"], "\(findings)")
        let json = FindingsReport.json(findings, catalog: catalog).serialized()
        XCTAssertTrue(json.contains(#""extension_indexes_left_out":4"#), json)
        XCTAssertTrue(FindingsReport.table(findings, catalog: catalog).contains("4 indexes owned by extensions (\(Self.name)) left out"))
    }
}
