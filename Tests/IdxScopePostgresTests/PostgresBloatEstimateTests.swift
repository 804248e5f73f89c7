import Foundation
import IdxScopeCore
import IdxScopePostgres
import XCTest

/// The statistics-based btree bloat estimate against what REINDEX really frees, on the cases it
/// used to miss: btree deduplication (PostgreSQL 13+) stores each run of equal keys once, so an
/// index of duplicates was estimated 0 % bloated where REINDEX freed half of it.
final class PostgresBloatEstimateTests: XCTestCase {
    /// Points of the index size the estimate may be off (scripts/bloat-accuracy.sh's threshold).
    private let tolerance = 15.0

    private struct Measured {
        var estimatePercent: Double
        var freedPercent: Double
        var lowConfidence: Bool
    }

    /// idxscope's estimate for each index, then each one REINDEXed for real (the scratch schema
    /// is thrown away afterwards) and the share of its size that went.
    private func measure(_ schema: ScratchSchema, _ names: [String]) throws -> [String: Measured] {
        let report = try PostgresInspector(conninfo: schema.uri).loadSpace()
        var results: [String: Measured] = [:]
        for name in names {
            let space = try XCTUnwrap(report.indexes[IndexID(schema: schema.name, name: name)], name)
            let size = Double(try XCTUnwrap(space.sizeBytes, name))
            let bloat = Double(try XCTUnwrap(space.bloatBytes, "\(name): no estimate"))
            let qualified = "\(schema.quoted).\(quoteIdentifier(name))"
            try schema.admin.execute("REINDEX INDEX \(qualified)")
            let after = Double(try XCTUnwrap(try schema.admin.scalar("SELECT pg_relation_size('\(qualified)')")).flatMap(Double.init) ?? 0)
            results[name] = Measured(estimatePercent: 100 * bloat / size, freedPercent: 100 * (size - after) / size,
                                     lowConfidence: space.bloatLowConfidence)
        }
        return results
    }

    private func fill(_ schema: ScratchSchema, rows: Int) throws {
        try schema.admin.execute("""
            SET search_path = \(schema.quoted);
            CREATE TABLE orders (id int PRIMARY KEY, status text, customer_id int, tenant_id int, note text, total numeric(10,2))
              WITH (autovacuum_enabled = off);
            CREATE INDEX orders_status ON orders (status);
            CREATE INDEX orders_customer ON orders (customer_id);
            CREATE INDEX orders_note ON orders (note);
            CREATE INDEX orders_total ON orders (total);
            CREATE INDEX orders_tenant_status ON orders (tenant_id, status);
            INSERT INTO orders
            SELECT g, (ARRAY['new','paid','shipped','delivered','returned'])[1 + (hashint4(g) & 65535) % 5],
                   (hashint4(g + 1) & 65535) % 5000, g % 40,
                   CASE WHEN g % 5 = 0 THEN md5(g::text) END, ((hashint4(g + 2) & 65535) % 300)::numeric + 0.5
              FROM generate_series(1, \(rows)) AS g;
            """)
    }

    /// VACUUM until no dead row is left: another session's snapshot (a test running beside this
    /// one, the standby's feedback) can keep the deleted rows, and then REINDEX frees nothing.
    private func vacuumUntilClean(_ schema: ScratchSchema) throws {
        let deadline = Date().addingTimeInterval(30)
        var dead: String?
        repeat {
            try schema.admin.execute("VACUUM ANALYZE \(schema.quoted).orders")
            dead = try schema.admin.scalar("SELECT n_dead_tup FROM pg_stat_user_tables WHERE relid = '\(schema.quoted).orders'::regclass")
            if dead == "0" { return }
            Thread.sleep(forTimeInterval: 0.5)
        } while Date() < deadline
        XCTFail("VACUUM left \(dead ?? "?") dead rows for 30 s: another snapshot holds them back")
    }

    func testDeduplicatedIndexesAfterDeletesAreEstimatedAsReindexFreesThem() throws {
        let schema = try ScratchSchema()
        defer { schema.drop() }
        try fill(schema, rows: 100_000)
        try schema.admin.execute("DELETE FROM \(schema.quoted).orders WHERE hashint4(id + 9) % 2 = 0")
        try vacuumUntilClean(schema)
        let measured = try measure(schema, ["orders_status", "orders_customer", "orders_note", "orders_total", "orders_tenant_status"])
        for (name, result) in measured.sorted(by: { $0.key < $1.key }) {
            XCTAssertEqual(result.estimatePercent, result.freedPercent, accuracy: tolerance,
                           "\(name): estimated \(result.estimatePercent) %, REINDEX freed \(result.freedPercent) %")
        }
        // Before deduplication was modelled these read 0 % where REINDEX freed over 40 %.
        XCTAssertGreaterThan(measured["orders_status"]?.freedPercent ?? 0, 30, "the fixture must be bloated")
        XCTAssertGreaterThan(measured["orders_status"]?.estimatePercent ?? 0, 30)
        XCTAssertGreaterThan(measured["orders_customer"]?.estimatePercent ?? 0, 30)
        // One key column: its own statistics; several: their combinations are a guess.
        XCTAssertEqual(measured["orders_status"]?.lowConfidence, false)
        XCTAssertEqual(measured["orders_customer"]?.lowConfidence, false)
        XCTAssertEqual(measured["orders_tenant_status"]?.lowConfidence, true)
        XCTAssertEqual(measured["orders_total"]?.lowConfidence, false, "numeric cannot deduplicate: the plain model holds")
    }

    func testFreshIndexesOfDuplicatesAndMostlyNullColumnsAreNotCalledBloated() throws {
        let schema = try ScratchSchema()
        defer { schema.drop() }
        try fill(schema, rows: 100_000)
        try schema.admin.execute("REINDEX TABLE \(schema.quoted).orders")
        try schema.admin.execute("VACUUM ANALYZE \(schema.quoted).orders")
        let measured = try measure(schema, ["orders_status", "orders_customer", "orders_note", "orders_total"])
        for (name, result) in measured.sorted(by: { $0.key < $1.key }) {
            XCTAssertLessThan(result.estimatePercent, tolerance, "\(name) was just built: estimated \(result.estimatePercent) %")
            XCTAssertEqual(result.freedPercent, 0, accuracy: 5, "\(name): a second REINDEX frees nothing")
        }
    }
}
