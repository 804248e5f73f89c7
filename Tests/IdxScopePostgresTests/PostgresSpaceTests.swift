import Foundation
import IdxScopeCore
import IdxScopePostgres
import XCTest

/// Sizes, the bloat estimate, pgstatindex, pg_stat_statements and hypopg on a real server.
final class PostgresSpaceTests: XCTestCase {
    func testBloatEstimateForBtreesSizesForAllAndConfidenceFlags() throws {
        let schema = try ScratchSchema()
        defer { schema.drop() }
        try schema.admin.execute("""
            SET search_path = \(schema.quoted);
            CREATE TABLE item (id int PRIMARY KEY, name text, tags int[], kind int);
            INSERT INTO item SELECT g, 'item ' || g, ARRAY[g % 7], g % 5 FROM generate_series(1, 30000) AS g;
            CREATE INDEX item_name ON item (name);
            CREATE INDEX item_lower_name ON item (lower(name));
            CREATE INDEX item_kind_partial ON item (kind) WHERE kind > 2;
            CREATE INDEX item_tags ON item USING gin (tags);
            ANALYZE item;
            """)
        let inspector = try PostgresInspector(conninfo: schema.uri)
        let catalog = try inspector.loadCatalog()
        let report = try inspector.loadSpace()
        func space(_ name: String) throws -> IndexSpace { try XCTUnwrap(report.indexes[IndexID(schema: schema.name, name: name)], name) }

        let sizes = try schema.admin.execute("""
            SELECT c.relname, pg_relation_size(c.oid) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
             WHERE n.nspname = \(schema.literal) AND c.relkind = 'i'
            """)
        XCTAssertEqual(sizes.count, 5)
        for row in sizes {
            XCTAssertEqual(try space(row[0]!).sizeBytes, Int64(row[1]!), row[0]!)
            XCTAssertFalse(try space(row[0]!).bloatExact)
        }
        // Freshly built btrees: the estimate is small next to the size.
        let name = try space("item_name")
        XCTAssertNotNil(name.bloatBytes)
        XCTAssertLessThan(Double(name.bloatBytes ?? .max), 0.25 * Double(name.sizeBytes ?? 0), "\(name)")
        XCTAssertFalse(name.bloatLowConfidence)
        XCTAssertEqual(name.tableSizeBytes, Int64(try schema.admin.scalar("SELECT pg_relation_size('\(schema.quoted).item')")!))
        XCTAssertTrue(try space("item_lower_name").bloatLowConfidence, "expression index")
        XCTAssertTrue(try space("item_kind_partial").bloatLowConfidence, "partial index")
        XCTAssertNil(try space("item_tags").bloatBytes, "no estimate for gin")
        XCTAssertNotNil(report.database.totalBytes)
        XCTAssertEqual(report.database.pageSize, 8192)

        // Merging keeps sizes and usage and marks the catalog complete.
        let merged = catalog.merging(report)
        XCTAssertTrue(merged.sizesLoaded)
        XCTAssertEqual(merged.index(schema.name, "item_name")?.space.sizeBytes, name.sizeBytes)
        XCTAssertEqual(merged.index(schema.name, "item_name")?.usage, catalog.index(schema.name, "item_name")?.usage)
    }

    func testWideKeysAtALowFillfactorGiveAnEstimateNotADivisionByZero() throws {
        let schema = try ScratchSchema()
        defer { schema.drop() }
        try schema.admin.execute("""
            SET search_path = \(schema.quoted);
            CREATE TABLE t (id int, a text, d text, e text, f text);
            INSERT INTO t SELECT g, repeat(md5(g::text), 10), repeat(md5((g + 1)::text), 10),
                                 repeat(md5((g + 2)::text), 10), repeat(md5((g + 3)::text), 10)
              FROM generate_series(1, 300) AS g;
            CREATE INDEX ix_wide ON t (a, d, e, f) WITH (fillfactor = 10);
            ANALYZE t;
            """)
        let inspector = try PostgresInspector(conninfo: schema.uri)
        XCTAssertNotNil(try inspector.loadCatalog().index(schema.name, "ix_wide"))
        let wide = try XCTUnwrap(try inspector.loadSpace().indexes[IndexID(schema: schema.name, name: "ix_wide")])
        XCTAssertGreaterThan(wide.sizeBytes ?? 0, 0)
        XCTAssertGreaterThanOrEqual(wide.bloatBytes ?? 0, 0, "\(wide)")
    }

    func testBloatedIndexIsSeenByTheEstimateAndMeasuredExactly() throws {
        let schema = try ScratchSchema()
        defer { schema.drop() }
        try schema.admin.execute("""
            SET search_path = \(schema.quoted);
            CREATE TABLE event (id int PRIMARY KEY, payload text);
            INSERT INTO event SELECT g, md5(g::text) FROM generate_series(1, 60000) AS g;
            CREATE INDEX event_payload ON event (payload);
            DELETE FROM event WHERE id % 4 <> 0;
            """)
        try schema.admin.execute("VACUUM ANALYZE \(schema.quoted).event")  // not inside a transaction block
        let inspector = try PostgresInspector(conninfo: schema.uri)
        let id = IndexID(schema: schema.name, name: "event_payload")
        let estimate = try XCTUnwrap(try inspector.loadSpace().indexes[id])
        let size = try XCTUnwrap(estimate.sizeBytes)
        // Three quarters of the entries are gone but the pages stay: the estimate must see most of it.
        XCTAssertGreaterThan(Double(estimate.bloatBytes ?? 0), 0.5 * Double(size), "\(estimate)")

        let exact = try inspector.measureBloat(of: id)
        XCTAssertTrue(exact.bloatExact)
        XCTAssertEqual(exact.sizeBytes, size)
        let stats = try XCTUnwrap(try schema.admin.execute(
            "SELECT leaf_pages, tree_level FROM public.pgstatindex('\(schema.quoted).event_payload')").first)
        XCTAssertEqual(exact.leafPages, Int64(stats[0]!))
        XCTAssertEqual(exact.depth, Int(stats[1]!)! + 1)
        XCTAssertGreaterThan(Double(exact.bloatBytes ?? 0), 0.5 * Double(size), "\(exact)")

        try schema.admin.execute("REINDEX INDEX \(schema.quoted).event_payload")
        let rebuilt = try inspector.measureBloat(of: id)
        XCTAssertLessThan(Double(rebuilt.bloatBytes ?? .max), 0.1 * Double(rebuilt.sizeBytes ?? 0), "\(rebuilt)")
    }

    func testExactBloatRefusesOtherMethodsAndUnknownIndexes() throws {
        let schema = try ScratchSchema()
        defer { schema.drop() }
        try schema.admin.execute("""
            CREATE TABLE \(schema.quoted).d (tags int[]);
            CREATE INDEX d_tags ON \(schema.quoted).d USING gin (tags);
            """)
        let inspector = try PostgresInspector(conninfo: schema.uri)
        XCTAssertThrowsError(try inspector.measureBloat(of: IndexID(schema: schema.name, name: "d_tags"))) { error in
            XCTAssertEqual((error as? IdxScopeError)?.kind, .database)
            XCTAssertEqual((error as? IdxScopeError)?.message,
                           "\(schema.name).d_tags is a gin index; pgstatindex measures btree indexes only")
        }
        XCTAssertThrowsError(try inspector.measureBloat(of: IndexID(schema: schema.name, name: "nope"))) { error in
            XCTAssertEqual((error as? IdxScopeError)?.kind, .input)
        }
    }

    func testUnprivilegedRoleGetsTheCatalogAndAClearPgstatindexRefusal() throws {
        let schema = try ScratchSchema()
        defer { schema.drop() }
        try schema.admin.execute("""
            CREATE TABLE \(schema.quoted).p (id int PRIMARY KEY);
            INSERT INTO \(schema.quoted).p SELECT generate_series(1, 100);
            ANALYZE \(schema.quoted).p;
            """)
        let components = try XCTUnwrap(URLComponents(string: schema.uri))
        let password = ProcessInfo.processInfo.environment["IDXSCOPE_PG_TEST_PASSWORD"] ?? "s3cret-pw"
        let inspector = try PostgresInspector(conninfo: "host=\(components.host ?? "127.0.0.1") port=\(components.port ?? 5432) "
                                              + "dbname=postgres user=idxscope_pw password=\(password)")
        let id = IndexID(schema: schema.name, name: "p_pkey")
        let catalog = try inspector.loadCatalog().merging(try inspector.loadSpace())
        let record = try XCTUnwrap(catalog.indexes.first { $0.id == id })
        XCTAssertGreaterThan(record.space.sizeBytes ?? 0, 0)
        // pg_stats hides another role's columns: no estimate, flagged as low confidence.
        XCTAssertNil(record.space.bloatBytes)
        XCTAssertTrue(record.space.bloatLowConfidence)
        XCTAssertThrowsError(try inspector.measureBloat(of: id)) { error in
            XCTAssertEqual((error as? IdxScopeError)?.kind, .database)
            XCTAssertTrue((error as? IdxScopeError)?.message.hasPrefix("not permitted to run pgstatindex") == true, "\(error)")
        }
    }

    func testWithoutPgstattupleAClearNoteAndNoStatementStats() throws {
        let database = try ScratchDatabase()
        defer { database.drop() }
        try database.admin.execute("CREATE TABLE t (id int PRIMARY KEY)")
        let inspector = try PostgresInspector(conninfo: database.conninfo)
        XCTAssertThrowsError(try inspector.measureBloat(of: IndexID(schema: "public", name: "t_pkey"))) { error in
            XCTAssertEqual((error as? IdxScopeError)?.kind, .database)
            XCTAssertEqual((error as? IdxScopeError)?.message,
                           "pgstattuple is not installed in this database (CREATE EXTENSION pgstattuple)")
        }
        let catalog = try inspector.loadCatalog()
        XCTAssertTrue(catalog.notes.contains("pgstattuple: not installed (bloat figures are estimates)"), "\(catalog.notes)")
        XCTAssertEqual(catalog.indexes.map(\.info.name), ["t_pkey"], "a fresh database holds only its own index")
        let statements = try inspector.topStatements(limit: 5)
        XCTAssertNil(statements.byMeanTime)
        XCTAssertNil(statements.byTotalTime)
        XCTAssertTrue(statements.note?.contains("pg_stat_statements is not installed") == true, "\(statements)")
    }

    func testTopStatementsRankByMeanAndTotalTimeWithoutIdxscopesOwn() throws {
        // A database of its own: its statements alone, whatever else the server has run.
        let database = try ScratchDatabase()
        defer { database.drop() }
        try database.admin.execute("CREATE EXTENSION pg_stat_statements; CREATE TABLE slow (v int)")
        // This database's entries only from here: on a loaded machine CREATE EXTENSION itself can take
        // longer than the 50 ms sleep below.
        try database.admin.execute("SELECT pg_stat_statements_reset(0, (SELECT oid FROM pg_database WHERE datname = current_database()), 0)")
        try database.admin.execute("SELECT pg_sleep(0.05), count(*) FROM slow")
        for _ in 1...5 { try database.admin.execute("SELECT count(*) FROM slow WHERE v > 1") }
        let inspector = try PostgresInspector(conninfo: database.conninfo)
        _ = try inspector.loadCatalog()
        let report = try inspector.topStatements(limit: 50)
        XCTAssertNil(report.note)
        let byMean = try XCTUnwrap(report.byMeanTime)
        let byTotal = try XCTUnwrap(report.byTotalTime)
        let sleeper = try XCTUnwrap(byMean.first, "\(byMean.map(\.query))")
        XCTAssertTrue(sleeper.query.contains("pg_sleep"), "slowest by mean: \(sleeper.query)")
        XCTAssertGreaterThanOrEqual(sleeper.meanMs, 50)
        XCTAssertEqual(byMean.map(\.meanMs), byMean.map(\.meanMs).sorted(by: >))
        XCTAssertEqual(byTotal.map(\.totalMs), byTotal.map(\.totalMs).sorted(by: >))
        let repeated = try XCTUnwrap(byTotal.first { $0.query.contains("v > $1") }, "\(byTotal.map(\.query))")
        XCTAssertEqual(repeated.calls, 5)
        XCTAssertFalse((byMean + byTotal).contains { $0.query.hasPrefix("/* idxscope */") })
        XCTAssertEqual(try inspector.topStatements(limit: 1).byMeanTime?.count, 1)
    }

    func testIdxscopesOwnExplainsAreLeftOutOfTopStatements() throws {
        let database = try ScratchDatabase()
        defer { database.drop() }
        try database.admin.execute("CREATE EXTENSION pg_stat_statements; CREATE TABLE w (id int PRIMARY KEY, v int)")
        try database.admin.execute("SELECT count(*) FROM w WHERE v > 1")
        let inspector = try PostgresInspector(conninfo: database.conninfo)
        for analyze in [false, true] {
            _ = try inspector.explain("SELECT * FROM w WHERE id = 1", analyze: analyze)
            _ = try inspector.explain("SELECT * FROM w WHERE id = $1", analyze: analyze)
            _ = try inspector.explain("DELETE FROM w WHERE v = 3", analyze: analyze)
        }
        let report = try inspector.topStatements(limit: 100)
        let queries = (report.byMeanTime ?? []).map(\.query) + (report.byTotalTime ?? []).map(\.query)
        XCTAssertTrue(queries.contains { $0.contains("FROM w WHERE v > $1") }, "the user's own statement is listed: \(queries)")
        XCTAssertFalse(queries.contains { $0.localizedCaseInsensitiveContains("explain") || $0.contains("idxscope") }, "\(queries)")
    }

    func testHypopgIsAvailable() throws {
        let database = try ScratchDatabase()
        defer { database.drop() }
        try database.admin.execute("CREATE EXTENSION hypopg; CREATE TABLE t (a int, b int)")
        let created = try database.admin.execute("SELECT indexname FROM hypopg_create_index('CREATE INDEX ON t (b)')")
        XCTAssertEqual(created.count, 1)
        XCTAssertTrue(created[0][0]?.contains("btree_t_b") == true, "\(created)")
    }
}
