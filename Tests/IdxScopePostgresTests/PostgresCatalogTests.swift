import Foundation
import IdxScopeCore
import IdxScopePostgres
import XCTest

/// The catalog against the server's own views, on schemas each test builds and drops.
final class PostgresCatalogTests: XCTestCase {
    func testIndexSetScansAndSizesMatchTheServerViews() throws {
        let schema = try ScratchSchema()
        defer { schema.drop() }
        try schema.admin.execute("""
            SET search_path = \(schema.quoted);
            CREATE TABLE job (id int PRIMARY KEY, status text, owner int, note text);
            INSERT INTO job SELECT g, CASE WHEN g % 10 = 0 THEN 'done' ELSE 'new' END, g % 97, repeat('x', 50)
              FROM generate_series(1, 5000) AS g;
            CREATE INDEX job_status ON job (status);
            CREATE INDEX job_owner ON job (owner);
            CREATE INDEX job_never_used ON job (note);
            ANALYZE job;
            """)
        // Use two of the indexes, then have the backend publish its counters when it goes idle.
        try schema.admin.execute("SET enable_seqscan = off; SET enable_bitmapscan = off")
        for owner in 1...3 {
            try schema.admin.execute("SELECT count(*) FROM \(schema.quoted).job WHERE owner = \(owner)")
        }
        try schema.admin.execute("SELECT count(*) FROM \(schema.quoted).job WHERE status = 'done'")
        try schema.admin.execute("SELECT pg_stat_force_next_flush()")
        try waitForIndexScans(uri: schema.uri, schema: schema.name, index: "job_owner", atLeast: 3)

        let inspector = try PostgresInspector(conninfo: schema.uri)
        let catalog = try inspector.loadCatalog()
        let expected = try schema.admin.execute("""
            SELECT indexrelname, idx_scan, idx_tup_read, idx_tup_fetch, pg_relation_size(indexrelid), pg_relation_size(relid)
              FROM pg_stat_user_indexes WHERE schemaname = \(schema.literal) ORDER BY indexrelname
            """)
        let found = catalog.indexes(inSchema: schema.name).sorted { $0.info.name < $1.info.name }
        XCTAssertEqual(found.map(\.info.name), expected.map { $0[0]! })
        XCTAssertEqual(found.map(\.info.name), ["job_never_used", "job_owner", "job_pkey", "job_status"])
        for (record, row) in zip(found, expected) {
            XCTAssertEqual(record.usage.scans, Int64(row[1]!), record.info.name)
            XCTAssertEqual(record.usage.tuplesRead, Int64(row[2]!), record.info.name)
            XCTAssertEqual(record.usage.tuplesFetched, Int64(row[3]!), record.info.name)
            XCTAssertEqual(record.space.sizeBytes, Int64(row[4]!), record.info.name)
            XCTAssertEqual(record.space.tableSizeBytes, Int64(row[5]!), record.info.name)
            XCTAssertEqual(record.info.table, "job")
        }
        XCTAssertGreaterThanOrEqual(catalog.index(schema.name, "job_owner")?.usage.scans ?? 0, 3)
        XCTAssertEqual(catalog.index(schema.name, "job_never_used")?.usage.scans, 0)
        XCTAssertEqual(catalog.tables["\(schema.name).job"]?.rows, 5000)
    }

    func testServerFactsStatsSinceReplicaAndVersion() throws {
        let uri = try TestServer.uri()
        let admin = try AdminConnection(uri)
        let inspector = try PostgresInspector(conninfo: uri)
        let catalog = try inspector.loadCatalog()
        XCTAssertEqual(catalog.engine, .postgresql)
        XCTAssertEqual(catalog.serverVersion, try admin.scalar("SHOW server_version"))
        XCTAssertEqual(catalog.isReplica, false)
        let since = try XCTUnwrap(admin.scalar("""
            SELECT extract(epoch FROM COALESCE((SELECT stats_reset FROM pg_stat_database WHERE datname = current_database()),
                                               pg_postmaster_start_time()))
            """).flatMap(Double.init))
        XCTAssertEqual(try XCTUnwrap(catalog.statsSince).timeIntervalSince1970, since, accuracy: 0.001)
        XCTAssertEqual(catalog.database, inspector.displayName)
        XCTAssertTrue(catalog.notes.contains("pgstattuple: installed (exact bloat available)"), "\(catalog.notes)")
    }

    func testShapesConstraintsForeignKeysPartialDescendingAndCollation() throws {
        let schema = try ScratchSchema()
        defer { schema.drop() }
        try schema.admin.execute("""
            SET search_path = \(schema.quoted);
            CREATE TABLE owner (id int PRIMARY KEY, email text UNIQUE);
            CREATE TABLE job (id int PRIMARY KEY, owner_id int REFERENCES owner, kind text, created date, slot int,
                              EXCLUDE USING btree (slot WITH =));
            CREATE INDEX job_owner_created ON job (owner_id, created DESC) WHERE kind <> 'test';
            CREATE INDEX job_owner_kind ON job (owner_id, kind COLLATE "C");
            """)
        let catalog = try PostgresInspector(conninfo: schema.uri).loadCatalog()
        let primary = try XCTUnwrap(catalog.index(schema.name, "owner_pkey")).info
        XCTAssertTrue(primary.primary && primary.unique)
        XCTAssertEqual(primary.constraint, .primaryKey)
        XCTAssertEqual(try XCTUnwrap(catalog.index(schema.name, "owner_email_key")).info.constraint, .unique)
        XCTAssertEqual(try XCTUnwrap(catalog.index(schema.name, "job_slot_excl")).info.constraint, .exclusion)

        let partial = try XCTUnwrap(catalog.index(schema.name, "job_owner_created")).info
        XCTAssertEqual(partial.keyColumns.map(\.name), ["owner_id", "created"])
        XCTAssertEqual(partial.keyColumns.map(\.descending), [false, true])
        XCTAssertEqual(partial.partial, "kind <> 'test'::text")
        XCTAssertNil(partial.constraint)
        XCTAssertEqual(partial.servesForeignKeys, [], "a partial index does not serve a foreign key")

        let serving = try XCTUnwrap(catalog.index(schema.name, "job_owner_kind")).info
        XCTAssertEqual(serving.servesForeignKeys, ["job_owner_id_fkey"])
        XCTAssertEqual(serving.keyColumns.map(\.collation), [nil, "C"])
        XCTAssertTrue(serving.definition.hasPrefix("CREATE INDEX job_owner_kind ON \(schema.name).job USING btree"),
                      serving.definition)
        XCTAssertEqual(try XCTUnwrap(catalog.index(schema.name, "job_pkey")).info.servesForeignKeys, [])
    }

    func testExpressionIncludeGinBrinAndHashIndexes() throws {
        let schema = try ScratchSchema()
        defer { schema.drop() }
        try schema.admin.execute("""
            SET search_path = \(schema.quoted);
            CREATE TABLE doc (id int PRIMARY KEY, title text, tags text[], body jsonb, created timestamptz, code int);
            CREATE INDEX doc_lower_title ON doc (lower(title));
            CREATE UNIQUE INDEX doc_code_covering ON doc (code) INCLUDE (title, created);
            CREATE INDEX doc_tags ON doc USING gin (tags);
            CREATE INDEX doc_body ON doc USING gin (body jsonb_path_ops);
            CREATE INDEX doc_created ON doc USING brin (created);
            CREATE INDEX doc_code_hash ON doc USING hash (code);
            """)
        let catalog = try PostgresInspector(conninfo: schema.uri).loadCatalog()
        func info(_ name: String) throws -> IndexInfo { try XCTUnwrap(catalog.index(schema.name, name), name).info }

        let expression = try info("doc_lower_title")
        XCTAssertEqual(expression.keyColumns, [IndexInfo.Column(name: "lower(title)", isExpression: true)])
        XCTAssertTrue(expression.hasExpression)

        let covering = try info("doc_code_covering")
        XCTAssertEqual(covering.keyColumns.map(\.name), ["code"])
        XCTAssertEqual(covering.includeColumns.map(\.name), ["title", "created"])
        XCTAssertTrue(covering.unique)
        XCTAssertNil(covering.constraint, "a unique index without a constraint backs none")

        XCTAssertEqual(try info("doc_tags").method, "gin")
        XCTAssertEqual(try info("doc_body").method, "gin")
        XCTAssertEqual(try info("doc_created").method, "brin")
        XCTAssertEqual(try info("doc_code_hash").method, "hash")
        XCTAssertEqual(catalog.indexes(inSchema: schema.name).count, 7)
        XCTAssertTrue(catalog.indexes(inSchema: schema.name).allSatisfy { $0.info.valid })
    }

    func testNamesWithSpacesAndQuotes() throws {
        let schema = try ScratchSchema(namePrefix: #"idx "scope" o'hare"#)
        defer { schema.drop() }
        try schema.admin.execute(#"""
            SET search_path = \#(schema.quoted);
            CREATE TABLE "my ""odd"" table" ("a col" int, "b ""col""" text);
            INSERT INTO "my ""odd"" table" SELECT g, 'v' || g FROM generate_series(1, 2000) AS g;
            CREATE INDEX "idx ""q"" o'name" ON "my ""odd"" table" ("a col", "b ""col""");
            ANALYZE "my ""odd"" table";
            """#)
        let inspector = try PostgresInspector(conninfo: schema.uri)
        let catalog = try inspector.loadCatalog()
        let record = try XCTUnwrap(catalog.index(schema.name, #"idx "q" o'name"#), "\(catalog.indexes(inSchema: schema.name))")
        XCTAssertEqual(record.info.table, #"my "odd" table"#)
        XCTAssertEqual(record.info.keyColumns.map(\.name), ["a col", #"b "col""#])
        XCTAssertGreaterThan(record.space.sizeBytes ?? 0, 0)

        let space = try inspector.loadSpace()
        XCTAssertEqual(space.indexes[record.id]?.sizeBytes, record.space.sizeBytes)
        XCTAssertNotNil(space.indexes[record.id]?.bloatBytes, "analyzed btree: an estimate")

        let exact = try inspector.measureBloat(of: record.id)
        XCTAssertEqual(exact.sizeBytes, record.space.sizeBytes)
        XCTAssertTrue(exact.bloatExact)

        let plan = try inspector.explain(#"SELECT * FROM \#(schema.quoted)."my ""odd"" table" WHERE "a col" = 5"#, analyze: false)
        XCTAssertEqual(plan.nodes.last?.relation, #"my "odd" table"#)
        XCTAssertTrue(plan.indexesUsed.contains(#"idx "q" o'name"#), "\(plan.nodes)")
    }

    func testPartitionedTableAndItsPartitions() throws {
        let schema = try ScratchSchema()
        defer { schema.drop() }
        try schema.admin.execute("""
            SET search_path = \(schema.quoted);
            CREATE TABLE reading (id int, taken date, value int, PRIMARY KEY (id, taken)) PARTITION BY RANGE (taken);
            CREATE TABLE reading_2025 PARTITION OF reading FOR VALUES FROM ('2025-01-01') TO ('2026-01-01');
            CREATE TABLE reading_2026 PARTITION OF reading FOR VALUES FROM ('2026-01-01') TO ('2027-01-01');
            CREATE INDEX reading_value ON reading (value);
            """)
        let catalog = try PostgresInspector(conninfo: schema.uri).loadCatalog()
        let parent = try XCTUnwrap(catalog.index(schema.name, "reading_value")).info
        XCTAssertTrue(parent.isPartitionedParent)
        XCTAssertNil(parent.parentIndex)
        XCTAssertNil(catalog.index(schema.name, "reading_value")?.usage.scans, "a partitioned index keeps no counters")
        let children = catalog.indexes(inSchema: schema.name).filter { $0.info.parentIndex == "reading_value" }
        XCTAssertEqual(children.map(\.info.table).sorted(), ["reading_2025", "reading_2026"])
        XCTAssertTrue(children.allSatisfy { !$0.info.isPartitionedParent && $0.usage.scans == 0 })
        let keys = catalog.indexes(inSchema: schema.name).filter { $0.info.parentIndex == "reading_pkey" }
        XCTAssertEqual(keys.count, 2)
        XCTAssertTrue(keys.allSatisfy { $0.info.constraint == .primaryKey })
        XCTAssertTrue(try XCTUnwrap(catalog.index(schema.name, "reading_pkey")).info.isPartitionedParent)
        // A partitioned index has no storage of its own: its size is its partitions' total.
        let childBytes = children.compactMap(\.space.sizeBytes).reduce(0, +)
        XCTAssertGreaterThan(childBytes, 0)
        XCTAssertEqual(catalog.index(schema.name, "reading_value")?.space.sizeBytes, childBytes)
        let inspector = try PostgresInspector(conninfo: schema.uri)
        let space = try inspector.loadSpace()
        XCTAssertEqual(space.indexes[IndexID(schema: schema.name, name: "reading_value")]?.sizeBytes, childBytes)
    }

    func testInvalidIndexFromFailedConcurrentUniqueBuild() throws {
        let schema = try ScratchSchema()
        defer { schema.drop() }
        try schema.admin.execute("""
            CREATE TABLE \(schema.quoted).dup (v int);
            INSERT INTO \(schema.quoted).dup VALUES (1), (1), (2);
            """)
        // CONCURRENTLY cannot run in a transaction block: a statement of its own.
        let failure = schema.admin.executeExpectingFailure("CREATE UNIQUE INDEX CONCURRENTLY dup_v ON \(schema.quoted).dup (v)")
        XCTAssertNotNil(failure, "duplicate values must make the build fail")
        let catalog = try PostgresInspector(conninfo: schema.uri).loadCatalog()
        let record = try XCTUnwrap(catalog.index(schema.name, "dup_v"))
        XCTAssertFalse(record.info.valid)
        XCTAssertTrue(record.info.unique)
    }
}
