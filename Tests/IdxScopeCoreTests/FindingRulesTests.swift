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
        XCTAssertEqual(findings.first { $0.index == "idle" }?.confidence, .high, "30 days of counters")
        XCTAssertEqual(findings.first { $0.index == "fk_idx" }?.confidence, .low)
        XCTAssertEqual(findings.first { $0.index == "fk_idx" }?.servesForeignKeys, ["t_owner_fkey"])
        findings = FindingRules.findings(in: catalog([index("idle", ["x"], scans: 0)], replica: true), now: now)
        XCTAssertEqual(findings.first?.confidence, .low)
        // SQLite: no counters, no unused findings.
        XCTAssertTrue(FindingRules.findings(in: catalog([index("idle", ["x"], scans: nil)]), now: now).isEmpty)
    }

    /// QA: counters 12 minutes old gave [medium] and a DROP. The confidence follows the days the
    /// counters cover, and the reason says how old they are.
    func testUnusedConfidenceFollowsTheCountersAge() {
        func unused(age: TimeInterval) -> Finding? {
            FindingRules.findings(in: catalog([index("idle", ["x"], scans: 0)], since: now.addingTimeInterval(-age)), now: now).first
        }
        let young = unused(age: 12 * 60)
        XCTAssertEqual(young?.confidence, .low)
        XCTAssertTrue(young?.reason.contains("counters 12 minutes old") == true, young?.reason ?? "")
        XCTAssertTrue(young?.reason.contains("too young") == true, young?.reason ?? "")
        XCTAssertEqual(unused(age: 3 * 86400)?.confidence, .low, "3 days: a weekly job may not have run")
        XCTAssertEqual(unused(age: 8 * 86400)?.confidence, .medium)
        XCTAssertTrue(unused(age: 8 * 86400)?.reason.contains("counters 8 days old") == true)
        XCTAssertEqual(unused(age: 31 * 86400)?.confidence, .high)
        XCTAssertEqual(Age.describe(59), "59 seconds")
        XCTAssertEqual(Age.describe(3600), "1 hour")
        XCTAssertEqual(Age.describe(2 * 86400 + 5), "2 days")
        // The table report says the age too.
        let report = FindingsReport.table([young!], catalog: catalog([], since: now.addingTimeInterval(-720)), width: 200, now: now)
        XCTAssertTrue(report.contains("(12 minutes old)"), report)
    }

    /// QA: a text_pattern_ops index was called a duplicate of the plain one, `(d)` one of
    /// `(d NULLS FIRST)`, and two expressions equal in their first 63 bytes were duplicates.
    func testSignatureHoldsOperatorClassNullsOrderCollationAndTheWholeExpression() {
        func column(_ name: String, expression: Bool = false, descending: Bool = false, collation: String? = nil,
                    opclass: String? = nil, nullsFirst: Bool? = nil) -> IndexRecord {
            var record = index("i_\(UUID().uuidString.prefix(8))", [name])
            record.info.keyColumns = [IndexInfo.Column(name: name, isExpression: expression, descending: descending,
                                                       collation: collation, opclass: opclass, nullsFirst: nullsFirst)]
            return record
        }
        let long = String(repeating: "a + b + ", count: 10)
        let pairs: [(IndexRecord, IndexRecord, Bool)] = [
            (column("d"), column("d", opclass: "text_pattern_ops"), false),
            (column("d"), column("d", nullsFirst: true), false),
            (column("d", descending: true), column("d", descending: true, nullsFirst: true), true),
            (column("d"), column("d", collation: "C"), false),
            (column(long + "1", expression: true), column(long + "2", expression: true), false),
            (column(long + "1", expression: true), column(long + "1", expression: true), true),
        ]
        for (first, second, duplicate) in pairs {
            let kinds = FindingRules.kinds(in: catalog([first, second]), now: now)
            XCTAssertEqual(kinds.values.contains(.duplicate), duplicate, "\(first.info.keyColumns) vs \(second.info.keyColumns)")
        }
        // Nor is a pattern-ops index a redundant prefix of a plain wider one.
        var wide = index("d_e", ["d", "e"])
        wide.info.keyColumns[0].opclass = nil
        XCTAssertTrue(FindingRules.kinds(in: catalog([column("d", opclass: "text_pattern_ops"), wide]), now: now).isEmpty)
    }

    /// QA: a partitioned index whose partitions all had zero scans was never reported.
    func testPartitionedIndexUnusedOnEveryPartitionIsReportedOnce() {
        var parent = index("p_a", ["a"], table: "p", scans: nil, size: 3 * 8192)
        parent.info.isPartitionedParent = true
        var mid = index("p1_a", ["a"], table: "p1", scans: nil, size: 2 * 8192, parent: "p_a")
        mid.info.isPartitionedParent = true
        let leaves = [index("p11_a", ["a"], table: "p11", scans: 0, parent: "p1_a"),
                      index("p12_a", ["a"], table: "p12", scans: 0, parent: "p1_a"),
                      index("p2_a", ["a"], table: "p2", scans: 0, parent: "p_a")]
        let findings = FindingRules.findings(in: catalog([parent, mid] + leaves), now: now)
        XCTAssertEqual(findings.map(\.index), ["p_a"])
        XCTAssertEqual(findings.first?.kind, .unused)
        XCTAssertEqual(findings.first?.bytes, 3 * 8192, "the partitions' total")
        XCTAssertEqual(findings.first?.sql, "DROP INDEX public.p_a;", "no CONCURRENTLY on a partitioned index")
        XCTAssertEqual(FindingRules.finding(for: IndexID(schema: "public", name: "p_a"), in: catalog([parent, mid] + leaves), now: now),
                       findings.first)
        // One scanned partition: not unused.
        var used = leaves
        used[1].usage.scans = 4
        XCTAssertTrue(FindingRules.findings(in: catalog([parent, mid] + used), now: now).isEmpty)
    }

    /// QA: the twin kept for a duplicate (or the cover kept for a prefix) never got `bloated`.
    func testAKeptTwinOrCoverStillGetsItsBloatFinding() {
        let kinds = FindingRules.kinds(in: catalog([
            index("a", ["a"], size: 10 << 20, bloat: 6 << 20), index("a_copy", ["a"]),
            index("b", ["b"]), index("b_c", ["b", "c"], size: 10 << 20, bloat: 6 << 20),
        ]), now: now)
        XCTAssertEqual(kinds, [IndexID(schema: "public", name: "a_copy"): .duplicate, IndexID(schema: "public", name: "a"): .bloated,
                               IndexID(schema: "public", name: "b"): .redundant, IndexID(schema: "public", name: "b_c"): .bloated])
    }

    func testExtensionOwnedIndexesAreLeftOut() {
        var owned = index("part_config_idx", ["x"], scans: 0)
        owned.info.extensionOwner = "pg_partman"
        let all = catalog([owned, index("mine", ["y"], scans: 0)])
        XCTAssertEqual(FindingRules.findings(in: all, now: now).map(\.index), ["mine"])
        XCTAssertNil(FindingRules.finding(for: owned.id, in: all, now: now))
        XCTAssertTrue(FindingsReport.table([], catalog: catalog([owned]), now: now).contains("1 index owned by extensions (pg_partman) left out"))
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

    /// Only the planner's verdict on a key's lookup decides: a whole-table plan is reported, an
    /// index or table-key search is not, and a key never planned is not guessed at.
    func testUnindexedForeignKeysFollowTheLookupPlan() {
        var all = catalog([index("member_team", ["team_code", "team_org", "name"], table: "member")])
        func key(_ table: String, _ name: String, _ columns: [String], _ lookup: ForeignKeyLookup?) -> ForeignKey {
            ForeignKey(schema: "public", table: table, name: name, columns: columns, referencedTable: "public.team",
                       referencedColumns: columns.map { "ref_" + $0 }, lookup: lookup)
        }
        all.foreignKeys = [
            key("member", "member_team_fkey", ["team_org", "team_code"], .indexes(["member_team"])),
            key("visit", "visit_member_fkey", ["member_id"], .wholeTable("Seq Scan on visit x")),
            key("ext", "ext_id_fkey", ["id"], .tableKey),
            key("odd", "odd_fkey", ["o"], .unrecognized("Result")),
            key("lost", "lost_fkey", ["l"], .failed("lock timeout")),
            key("unplanned", "unplanned_fkey", ["u"], nil),
        ]
        all.tables["public.visit"] = TableSpace(schema: "public", name: "visit", rows: 50_000)
        all.tables["public.odd"] = TableSpace(schema: "public", name: "odd", rows: 50_000)
        let findings = FindingRules.findings(in: all, now: now).filter { $0.kind == .unindexedFK }
        XCTAssertEqual(findings.map(\.table).sorted(), ["odd", "visit"])
        let visit = try? XCTUnwrap(findings.first { $0.table == "visit" })
        XCTAssertNil(visit?.index)
        XCTAssertEqual(visit?.sql, "CREATE INDEX CONCURRENTLY ON public.visit (member_id);")
        XCTAssertEqual(visit?.confidence, .medium)
        XCTAssertEqual(visit?.columns, ["member_id"])
        XCTAssertEqual(visit?.referencedTable, "public.team")
        XCTAssertEqual(visit?.referencedColumns, ["ref_member_id"])
        XCTAssertTrue(visit?.reason.contains("visit_member_fkey") == true && visit?.reason.contains("Seq Scan on visit x") == true,
                      visit?.reason ?? "")
        XCTAssertEqual(findings.first { $0.table == "odd" }?.confidence, .low, "a plan not understood is not taken as served")
    }

    /// The judgment reads the plan: which index a lookup searches (a partition's index is named by
    /// its partitioned index), a table-key search, a whole read, and PostgreSQL's Index Cond on a
    /// non-leading column (a whole-index read).
    func testLookupPlanJudgment() {
        var parent = IndexInfo(schema: "public", table: "p", name: "p_t", keyColumns: [IndexInfo.Column(name: "t_id")], definition: "")
        parent.isPartitionedParent = true
        let leaf = IndexInfo(schema: "public", table: "p1", name: "p1_t_id_idx", keyColumns: [IndexInfo.Column(name: "t_id")],
                             definition: "", parentIndex: "p_t")
        let wide = IndexInfo(schema: "public", table: "c", name: "c_x_t", keyColumns: [IndexInfo.Column(name: "x"), IndexInfo.Column(name: "t_id")],
                             definition: "")
        let names = IndexNames([parent, leaf, wide])
        let key = ForeignKey(schema: "public", table: "p", name: "fk", columns: ["t_id"], referencedTable: "t")
        func plan(_ nodes: [(String, PlanNodeKind, String?)]) -> QueryPlan {
            QueryPlan(engine: .postgresql, query: "", nodes: nodes.enumerated().map { PlanNode(id: $0 + 1, parent: $0, detail: $1.0, kind: $1.1, index: $1.2) })
        }
        XCTAssertEqual(ForeignKeyLookups.judge(plan([("Append", .other, nil), ("Bitmap Index Scan on p1_t_id_idx", .indexSearch, "p1_t_id_idx")]),
                                               for: key, indexes: names, requireLeadingColumn: true), .indexes(["p_t"]))
        XCTAssertEqual(ForeignKeyLookups.judge(plan([("Append", .other, nil), ("Index Scan using p1_t_id_idx on p1", .indexSearch, "p1_t_id_idx"),
                                                     ("Seq Scan on p2", .fullScan, nil)]),
                                               for: key, indexes: names, requireLeadingColumn: true), .wholeTable("Seq Scan on p2"))
        XCTAssertEqual(ForeignKeyLookups.judge(plan([("SEARCH ext USING INTEGER PRIMARY KEY (rowid=?)", .rowidLookup, nil)]),
                                               for: key, indexes: names, requireLeadingColumn: false), .tableKey)
        guard case .wholeTable = ForeignKeyLookups.judge(plan([("Bitmap Index Scan on c_x_t", .indexSearch, "c_x_t")]),
                                                          for: key, indexes: names, requireLeadingColumn: true) else {
            return XCTFail("an Index Cond on a second column reads the whole index")
        }
        guard case .unrecognized = ForeignKeyLookups.judge(plan([("Result", .other, nil)]), for: key, indexes: names, requireLeadingColumn: true) else {
            return XCTFail("a plan with no read of the table is not taken as served")
        }
        // The catalog's indexes learn which keys they serve from the verdicts alone.
        var all = Catalog(engine: .postgresql, database: "db", serverVersion: "15",
                          indexes: [IndexRecord(info: parent), IndexRecord(info: leaf), IndexRecord(info: wide)])
        all.foreignKeys = [ForeignKey(schema: "public", table: "p", name: "fk", columns: ["t_id"], referencedTable: "t", lookup: .indexes(["p_t"]))]
        let annotated = ForeignKeyLookups.annotate(all)
        XCTAssertEqual(annotated.indexes.map(\.info.servesForeignKeys), [["fk"], [], []])
    }

    func testJSONMatchesTheContract() {
        let findings = FindingRules.findings(in: catalog([
            index("experiments_pkey", ["id"], unique: true, primary: true, constraint: .primaryKey),
            index("idx_experiments_pkey", ["id"], size: 1_138_688),
        ]), now: now)
        let text = FindingsReport.json(findings, catalog: catalog([]), now: now).serialized()
        XCTAssertTrue(text.contains(#""stats_age_seconds":2592000"#), text)
        XCTAssertTrue(text.contains(#"{"kind":"duplicate","schema":"public","table":"t","index":"idx_experiments_pkey","covered_by":"experiments_pkey","reason":"same key columns as the primary key (experiments_pkey)","sql":"DROP INDEX CONCURRENTLY public.idx_experiments_pkey;","bytes":1138688,"confidence":"high","columns":["id"],"referenced_table":null,"referenced_columns":null,"serves_foreign_keys":[],"proof":null,"used_by":null}"#), text)
    }
}
