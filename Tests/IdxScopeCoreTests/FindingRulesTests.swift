import XCTest
@testable import IdxScopeCore

final class FindingRulesTests: XCTestCase {
    private let now = Date(timeIntervalSince1970: 1_800_000_000)

    private func index(_ name: String, _ columns: [String], table: String = "t", unique: Bool = false, primary: Bool = false,
                       constraint: IndexInfo.Constraint? = nil, partial: String? = nil, method: String = "btree", valid: Bool = true,
                       include: [String] = [], scans: Int64? = 10, size: Int64 = 8192, bloat: Int64? = nil, exact: Bool = false,
                       fks: [String] = [], parent: String? = nil) -> IndexRecord {
        IndexRecord(info: IndexInfo(schema: "public", table: table, name: name, keyColumns: columns.map { IndexInfo.Column(name: $0) },
                                    includeColumns: include.map { IndexInfo.Column(name: $0) }, unique: unique, primary: primary,
                                    constraint: constraint, partial: partial, method: method, valid: valid, definition: "",
                                    servesForeignKeys: fks, parentIndex: parent),
                    usage: IndexUsage(scans: scans), space: IndexSpace(sizeBytes: size, bloatBytes: bloat, bloatExact: exact))
    }

    private func catalog(_ records: [IndexRecord], since: Date? = nil, replica: Bool? = false) -> Catalog {
        Catalog(engine: .postgresql, database: "db", serverVersion: "15", statsSince: since ?? now.addingTimeInterval(-30 * 86400),
                isReplica: replica, indexes: records)
    }

    private func kinds(_ findings: [Finding]) -> [String: Finding.Kind] {
        Dictionary(uniqueKeysWithValues: findings.map { ($0.index ?? "", $0.kind) })
    }

    func testDuplicateOfThePrimaryKeyIsTheOneDropped() {
        let findings = FindingRules.findings(in: catalog([
            index("t_pkey", ["id"], unique: true, primary: true, constraint: .primaryKey),
            index("idx_t_id", ["id"]),
        ]), now: now)
        XCTAssertEqual(findings.count, 1)
        XCTAssertEqual(findings[0].kind, .duplicate)
        XCTAssertEqual(findings[0].index, "idx_t_id")
        XCTAssertEqual(findings[0].coveredBy, "t_pkey")
        XCTAssertEqual(findings[0].sql, "DROP INDEX CONCURRENTLY public.idx_t_id;")
    }

    func testDuplicatesNeedTheSamePredicateMethodOrderAndInclude() {
        var desc = index("b_desc", ["a"])
        desc.info.keyColumns[0].descending = true
        let findings = FindingRules.findings(in: catalog([
            index("a1", ["a"]), index("a_partial", ["a"], partial: "a > 0"), index("a_hash", ["a"], method: "hash"),
            desc, index("a_inc", ["a"], include: ["b"]),
        ]), now: now)
        XCTAssertTrue(findings.allSatisfy { $0.kind != .duplicate }, "\(findings)")
        // Two plain copies: the first by name is kept.
        let copies = FindingRules.findings(in: catalog([index("z_copy", ["a", "b"]), index("a_orig", ["a", "b"])]), now: now)
        XCTAssertEqual(copies.map(\.index), ["z_copy"])
    }

    func testRedundantPrefixButNeverAUniqueOneOrAcrossPredicates() {
        let findings = kinds(FindingRules.findings(in: catalog([
            index("ab", ["a", "b"]), index("a", ["a"]), index("u_b", ["b"], unique: true),
            index("b_where", ["b"], partial: "b > 1"), index("bc", ["b", "c"]),
            index("gin_a", ["a"], method: "gin"),
        ]), now: now))
        XCTAssertEqual(findings["a"], .redundant)
        XCTAssertNil(findings["u_b"], "a unique index enforces what the wider one does not")
        XCTAssertNil(findings["b_where"], "different predicate")
        XCTAssertNil(findings["gin_a"], "prefixes only mean something for btree")
    }

    func testUnusedSkipsConstraintsAndWeighsTheStatsWindow() {
        var findings = FindingRules.findings(in: catalog([
            index("idle", ["x"], scans: 0), index("busy", ["y"], scans: 5),
            index("u", ["z"], unique: true, scans: 0), index("pk", ["id"], primary: true, constraint: .primaryKey, scans: 0),
            index("fk_idx", ["owner"], scans: 0, fks: ["t_owner_fkey"]),
        ]), now: now)
        XCTAssertEqual(Set(findings.map { $0.index! }), ["idle", "fk_idx"])
        XCTAssertEqual(findings.first { $0.index == "idle" }?.confidence, .high)
        XCTAssertEqual(findings.first { $0.index == "fk_idx" }?.confidence, .low)
        findings = FindingRules.findings(in: catalog([index("idle", ["x"], scans: 0)], since: now.addingTimeInterval(-3600)), now: now)
        XCTAssertEqual(findings.first?.confidence, .medium, "an hour of counters proves little")
        findings = FindingRules.findings(in: catalog([index("idle", ["x"], scans: 0)], replica: true), now: now)
        XCTAssertEqual(findings.first?.confidence, .low)
        // SQLite: no counters, no unused findings.
        XCTAssertTrue(FindingRules.findings(in: catalog([index("idle", ["x"], scans: nil)]), now: now).isEmpty)
    }

    func testInvalidAndBloated() {
        let findings = kinds(FindingRules.findings(in: catalog([
            index("broken", ["a"], valid: false),
            index("fat", ["b"], size: 10 << 20, bloat: 4 << 20),
            index("fine", ["c"], size: 10 << 20, bloat: 1 << 20),
            index("tiny", ["d"], size: 64 << 10, bloat: 48 << 10),
        ]), now: now))
        XCTAssertEqual(findings, ["broken": .invalid, "fat": .bloated])
        let fat = FindingRules.findings(in: catalog([index("fat", ["b"], size: 10 << 20, bloat: 4 << 20)]), now: now)[0]
        XCTAssertEqual(fat.sql, "REINDEX INDEX CONCURRENTLY public.fat;")
        XCTAssertEqual(fat.bytes, 4 << 20)
        XCTAssertEqual(fat.confidence, .medium)
    }

    func testPartitionChildrenFollowTheirParent() {
        let findings = FindingRules.findings(in: catalog([
            index("p_a", ["a"], scans: nil), index("p_a_copy", ["a"], scans: nil),
            index("c1_a", ["a"], table: "c1", scans: 0, parent: "p_a"),
            index("c1_a1", ["a"], table: "c1", scans: 0, parent: "p_a_copy"),
        ]), now: now)
        XCTAssertEqual(findings.map(\.index), ["p_a_copy"])
    }

    func testBadgeKindsAndTheSingleFindingAgreeWithTheFullList() {
        let records = [
            index("t_pkey", ["id"], unique: true, primary: true, constraint: .primaryKey), index("idx_t_id", ["id"]),
            index("ab", ["a", "b"]), index("a", ["a"]), index("idle", ["x"], scans: 0),
            index("other_a", ["a"], table: "other"),
        ]
        let all = catalog(records)
        let findings = FindingRules.findings(in: all, now: now)
        let kinds = FindingRules.kinds(in: all, now: now)
        XCTAssertEqual(kinds.count, findings.count)
        for finding in findings {
            XCTAssertEqual(kinds[finding.indexID!], finding.kind)
            XCTAssertEqual(FindingRules.finding(for: finding.indexID!, in: all, now: now), finding)
        }
        XCTAssertNil(kinds[IndexID(schema: "public", name: "other_a")], "another table's index is not a duplicate")
        XCTAssertNil(FindingRules.finding(for: IndexID(schema: "public", name: "ab"), in: all, now: now))
    }

    func testFindingsNeverTogetherDropWhatAQueryNeeds() {
        // QA: the wider index has no scans, the prefix is the one in use.
        var kinds = FindingRules.kinds(in: catalog([
            index("ticket_state", ["state"], scans: 2), index("ticket_state_opened", ["state", "opened"], scans: 0),
        ]), now: now)
        XCTAssertEqual(kinds, [IndexID(schema: "public", name: "ticket_state_opened"): .unused],
                       "a cover nobody scans is no reason to drop the scanned prefix")
        // Both idle: each is simply unused (no query read either), not a prefix of the other.
        kinds = FindingRules.kinds(in: catalog([index("s", ["s"], scans: 0), index("s_o", ["s", "o"], scans: 0)]), now: now)
        XCTAssertEqual(Set(kinds.values), [.unused], "\(kinds)")
        // A duplicate's kept twin is never flagged unused, even with zero scans.
        kinds = FindingRules.kinds(in: catalog([index("a", ["a"], scans: 0), index("a_copy", ["a"], scans: 9)]), now: now)
        XCTAssertEqual(kinds, [IndexID(schema: "public", name: "a_copy"): .duplicate])
        // The wider index kept for a redundant prefix is not dropped as unused either.
        kinds = FindingRules.kinds(in: catalog([index("p", ["p"], scans: 0), index("p_q", ["p", "q"], scans: 4),
                                                 index("p_q_r", ["p", "q", "r"], scans: 0)]), now: now)
        XCTAssertNil(kinds[IndexID(schema: "public", name: "p_q")])
        XCTAssertEqual(kinds[IndexID(schema: "public", name: "p")], .redundant)
    }

    func testUnindexedForeignKeys() {
        var all = catalog([index("member_team", ["team_code", "team_org", "name"], table: "member"),
                           index("visit_lower", ["lower(x)"], table: "visit")])
        all.foreignKeys = [
            ForeignKey(schema: "public", table: "member", name: "member_team_fkey", columns: ["team_org", "team_code"], referencedTable: "public.team"),
            ForeignKey(schema: "public", table: "visit", name: "visit_member_fkey", columns: ["member_id"], referencedTable: "public.member"),
        ]
        all.tables["public.visit"] = TableSpace(schema: "public", name: "visit", rows: 50_000)
        let findings = FindingRules.findings(in: all, now: now).filter { $0.kind == .unindexedFK }
        XCTAssertEqual(findings.count, 1, "an index leading with the key's columns in any order serves it: \(findings)")
        XCTAssertEqual(findings[0].table, "visit")
        XCTAssertNil(findings[0].index)
        XCTAssertEqual(findings[0].sql, "CREATE INDEX CONCURRENTLY ON public.visit (member_id);")
        XCTAssertEqual(findings[0].confidence, .medium)
        XCTAssertTrue(findings[0].reason.contains("visit_member_fkey"), findings[0].reason)
    }

    func testJSONMatchesTheContract() {
        let findings = FindingRules.findings(in: catalog([
            index("experiments_pkey", ["id"], unique: true, primary: true, constraint: .primaryKey),
            index("idx_experiments_pkey", ["id"], size: 1_138_688),
        ]), now: now)
        let text = FindingsReport.json(findings, catalog: catalog([])).serialized()
        XCTAssertTrue(text.contains(#"{"kind":"duplicate","schema":"public","table":"t","index":"idx_experiments_pkey","covered_by":"experiments_pkey","reason":"same key columns as the primary key (experiments_pkey)","sql":"DROP INDEX CONCURRENTLY public.idx_experiments_pkey;","bytes":1138688,"confidence":"high","columns":null,"proof":null,"used_by":null}"#), text)
    }
}
