@testable import IdxScopeSQLite
import XCTest

/// The pure text helpers: CREATE INDEX parsing, alias mapping, URI paths.
final class SQLTextTests: XCTestCase {
    func testCreateIndexTermsAndPredicate() throws {
        let parsed = try XCTUnwrap(CreateIndexSQL("""
            CREATE UNIQUE INDEX "we(ird" ON "t (x)" (lower(a) COLLATE NOCASE DESC, b ASC, substr(c, 1, 2), "d e" COLLATE "x")
            WHERE a IS NOT NULL AND b > ')' -- trailing comment is kept as written
            """))
        XCTAssertEqual(parsed.terms, ["lower(a)", "b", "substr(c, 1, 2)", "\"d e\""])
        XCTAssertEqual(parsed.predicate, "a IS NOT NULL AND b > ')' -- trailing comment is kept as written")
        XCTAssertNil(try XCTUnwrap(CreateIndexSQL("CREATE INDEX i ON t(a)")).predicate)
        XCTAssertEqual(try XCTUnwrap(CreateIndexSQL("create index [w] on [t](a /* (x */ desc)")).terms, ["a /* (x */"])
        XCTAssertEqual(try XCTUnwrap(CreateIndexSQL("CREATE INDEX i ON t(whereabouts) where x = 1")).predicate, "x = 1")
        XCTAssertNil(CreateIndexSQL("not sql at all"))
    }

    func testPredicateAfterAComment() throws {
        XCTAssertEqual(try XCTUnwrap(CreateIndexSQL("CREATE INDEX ix ON t(e) /* why */ WHERE e > 0")).predicate, "e > 0")
        XCTAssertEqual(try XCTUnwrap(CreateIndexSQL("CREATE INDEX ix ON t(e) -- c\n WHERE e < 0")).predicate, "e < 0")
        XCTAssertEqual(try XCTUnwrap(CreateIndexSQL("CREATE INDEX ix ON t(e)/*a*/-- b\n/* c */where(e<>0)")).predicate, "(e<>0)")
        XCTAssertNil(try XCTUnwrap(CreateIndexSQL("CREATE INDEX ix ON t(e) /* WHERE e > 0 */")).predicate)
        XCTAssertNil(try XCTUnwrap(CreateIndexSQL("CREATE INDEX ix ON t(e) -- WHERE e > 0")).predicate)
    }

    func testAliasMap() {
        let tables: Set<String> = ["job", "Queue", "odd \"t\""]
        XCTAssertEqual(AliasMap.aliases(in: "SELECT * FROM job AS j JOIN queue q ON q.id = j.q, \"odd \"\"t\"\"\" [o]", tables: tables),
                       ["j": ["job"], "q": ["Queue"], "o": ["odd \"t\""]])
        XCTAssertEqual(AliasMap.aliases(in: "SELECT * FROM main.job x WHERE 1", tables: tables), ["x": ["job"]])
        XCTAssertEqual(AliasMap.aliases(in: "SELECT * FROM job WHERE id IN (SELECT 1 FROM job LEFT JOIN queue ON 1)", tables: tables), [:])
        XCTAssertEqual(AliasMap.aliases(in: "UPDATE job AS u SET a = 1", tables: tables), ["u": ["job"]])
        XCTAssertEqual(AliasMap.aliases(in: "SELECT 'FROM job x' FROM queue -- FROM job y", tables: tables), [:])
        // One alias over several tables keeps them all, once each, in the order written.
        XCTAssertEqual(AliasMap.aliases(in: "SELECT 1 FROM queue t UNION SELECT 1 FROM job t UNION SELECT 1 FROM queue T", tables: tables),
                       ["t": ["Queue", "job"]])
    }

    func testExplainQueryPlanPrefixIsStripped() {
        XCTAssertEqual(OpenedTables.withoutExplainQueryPlan("/* a */ explain -- b\n QUERY  plan SELECT 1"), " SELECT 1")
        XCTAssertEqual(OpenedTables.withoutExplainQueryPlan("SELECT 1"), "SELECT 1")
        XCTAssertEqual(OpenedTables.withoutExplainQueryPlan("EXPLAIN SELECT 1"), "EXPLAIN SELECT 1")
        XCTAssertEqual(OpenedTables.withoutExplainQueryPlan("EXPLAINQUERY PLAN SELECT 1"), "EXPLAINQUERY PLAN SELECT 1")
    }

    func testURIPaths() {
        XCTAssertEqual(DatabaseFile(target: "file:///tmp/a%20b.db?mode=ro").path, "/tmp/a b.db")
        XCTAssertEqual(DatabaseFile(target: "file://localhost/tmp/x.db").path, "/tmp/x.db")
        XCTAssertEqual(DatabaseFile(target: "file:rel.db?cache=shared").path, "rel.db")
        XCTAssertEqual(DatabaseFile(target: "sqlite:/tmp/x.db"), DatabaseFile(target: "/tmp/x.db"))
        XCTAssertTrue(DatabaseFile(target: "file:x.db").isURI)
    }
}
