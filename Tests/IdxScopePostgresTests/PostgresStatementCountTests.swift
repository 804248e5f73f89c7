import Foundation
import IdxScopeCore
import IdxScopePostgres
import XCTest

/// The catalog with usage, sizes and bloat costs the same few statements for 50 or 2,000
/// indexes — counted by the server (pg_stat_statements) and by the inspector itself.
final class PostgresStatementCountTests: XCTestCase {
    private func statementsForFullCatalog(tables: Int, indexesPerTable: Int) throws -> (server: Int, client: Int, indexes: Int) {
        let database = try ScratchDatabase()
        defer { database.drop() }
        try database.admin.execute("""
            DO $$
            BEGIN
              FOR t IN 1..\(tables) LOOP
                EXECUTE format('CREATE TABLE t%s (%s)', t,
                               (SELECT string_agg(format('c%s int', c), ', ') FROM generate_series(1, \(indexesPerTable)) AS c));
                FOR c IN 1..\(indexesPerTable) LOOP
                  EXECUTE format('CREATE INDEX ON t%s (c%s)', t, c);
                END LOOP;
              END LOOP;
            END $$;
            ANALYZE;
            """)
        let server = try AdminConnection(try TestServer.uri())
        let databaseID = try XCTUnwrap(try server.scalar("SELECT oid FROM pg_database WHERE datname = '\(database.name)'"))
        try server.execute("SELECT pg_stat_statements_reset(0, \(databaseID), 0)")

        let inspector = try PostgresInspector(conninfo: database.conninfo)
        let catalog = try inspector.loadCatalog().merging(try inspector.loadSpace())
        let counted = try server.scalar("""
            SELECT COALESCE(sum(calls), 0) FROM pg_stat_statements
             WHERE dbid = \(databaseID) AND query LIKE '/* idxscope */%'
            """)
        return (Int(counted ?? "") ?? -1, inspector.statementsSent, catalog.indexes.count)
    }

    func testStatementCountIsTheSameFor50And2000Indexes() throws {
        let small = try statementsForFullCatalog(tables: 10, indexesPerTable: 5)
        let large = try statementsForFullCatalog(tables: 200, indexesPerTable: 10)
        XCTAssertEqual(small.indexes, 50)
        XCTAssertEqual(large.indexes, 2000)
        XCTAssertEqual(small.server, large.server, "server-side statement counts: \(small) vs \(large)")
        XCTAssertEqual(small.client, large.client)
        XCTAssertEqual(small.server, small.client, "pg_stat_statements and the inspector agree")
        XCTAssertGreaterThan(small.server, 0)
        XCTAssertLessThanOrEqual(large.server, 3)
    }
}
