import Foundation
import IdxScopeCore

/// What-if planning with hypopg in idxscope's own read-only session: hypothetical indexes live
/// in the backend's memory only (nothing is written, so it works on a standby), are planned
/// with `EXPLAIN (VERBOSE, FORMAT JSON)`, and are all removed by `hypopg_reset()` at the end.
final class PostgresWhatIfPlanner: WhatIfPlanner {
    let engine = Engine.postgresql
    private(set) var plannerCalls = 0
    let unavailableReason: String?
    let notes: [String] = []
    private let connection: PGConnection
    /// Schema of the hypopg functions (quoted), nil when the extension is missing.
    private let hypopg: String?
    /// Hypothetical indexes present now: candidate → oid.
    private var present: [IndexCandidate: Int64] = [:]
    /// Current-schema plans by statement text (usages are read from them).
    private var plansByText: [String: String] = [:]

    init(connection: PGConnection) throws {
        self.connection = connection
        let found = try connection.execute("""
            \(PGConnection.marker) SELECT n.nspname FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace
             WHERE e.extname = 'hypopg'
            """, failure: .database)
        if found.rowCount > 0, let schema = found.string(0, 0) {
            hypopg = SQLIdentifier.quote(schema)
            unavailableReason = nil
        } else {
            hypopg = nil
            unavailableReason = "hypopg is not installed in this database: CREATE EXTENSION hypopg is needed to propose indexes"
        }
    }

    func plan(_ statement: WorkloadStatement, with hypothetical: [IndexCandidate]) throws -> WhatIfPlan {
        try sync(hypothetical)
        plannerCalls += 1
        let json = try PostgresExplain(connection: connection).verboseJSON(statement.text)
        if hypothetical.isEmpty { plansByText[statement.text] = json }
        let plan = try PostgresPlanClassifier.plan(fromExplainJSON: json, query: statement.text, analyzed: false)
        let cost = PostgresPlanUsage.totalCost(explainJSON: json)
        let usedOIDs = PostgresPlanUsage.hypotheticalOIDs(in: plan)
        let used = Set(hypothetical.indices.filter { present[hypothetical[$0]].map(usedOIDs.contains) ?? false })
        var shown: [String: String] = [:]
        for name in plan.nodes.compactMap(\.index) where name.hasPrefix("<") {
            if let oid = PostgresPlanUsage.hypotheticalOIDs(in: QueryPlan(engine: .postgresql, query: "", nodes: [PlanNode(id: 1, parent: 0, detail: "", kind: .other, index: name)])).first,
               let candidate = present.first(where: { $0.value == oid })?.key {
                shown[name] = candidate.indexName
            }
        }
        return WhatIfPlan(cost: cost, score: cost ?? 0, lines: WhatIfPlan.lines(of: plan, renaming: shown),
                          indexesUsed: plan.indexesUsed.filter { !$0.hasPrefix("<") }, candidatesUsed: used)
    }

    func usages(of statement: WorkloadStatement) throws -> [ColumnUsage] {
        guard let json = plansByText[statement.text] else { return [] }
        return PostgresPlanUsage.usages(explainJSON: json)
    }

    func estimatedBytes(of candidate: IndexCandidate) throws -> Int64? {
        guard let hypopg else { return nil }
        let oid: Int64
        var created = false
        if let existing = present[candidate] {
            oid = existing
        } else {
            oid = try create(candidate)
            created = true
        }
        defer { if created { try? drop(oid, candidate) } }
        let result = try connection.execute("\(PGConnection.marker) SELECT \(hypopg).hypopg_relation_size($1::oid)",
                                            parameters: [String(oid)], failure: .database)
        return result.rowCount > 0 ? result.string(0, 0).flatMap { Int64($0) } : nil
    }

    /// The lookup the catalog planned for the key (`ONLY` unless the child is partitioned, as the
    /// RI trigger writes it), else `SELECT 1 FROM ONLY child x WHERE x.c1 = $1 AND …`; planned generically.
    func foreignKeyLookup(_ key: ForeignKey) -> WorkloadStatement {
        if let sql = key.lookupSQL { return WorkloadStatement(text: sql) }
        let table = SQLIdentifier.quote(key.schema) + "." + SQLIdentifier.quote(key.table)
        let conditions = key.columns.enumerated().map { "x.\(SQLIdentifier.quote($1)) = $\($0 + 1)" }
        return WorkloadStatement(text: "SELECT 1 FROM ONLY \(table) x WHERE " + conditions.joined(separator: " AND "))
    }

    /// Hides the real index from the planner (hypopg_hide_index, this session only) and plans.
    func planWithout(index: IndexID, statement: WorkloadStatement) throws -> [String]? {
        guard let hypopg else { return nil }
        let name = SQLIdentifier.quote(index.schema) + "." + SQLIdentifier.quote(index.name)
        let hidden = try connection.execute("\(PGConnection.marker) SELECT \(hypopg).hypopg_hide_index($1::regclass)",
                                            parameters: [name], failure: .database)
        guard hidden.rowCount > 0, hidden.string(0, 0) == "t" else { return nil }
        defer { _ = try? connection.execute("\(PGConnection.marker) SELECT \(hypopg).hypopg_unhide_index($1::regclass)",
                                            parameters: [name], failure: .database) }
        plannerCalls += 1
        let json = try PostgresExplain(connection: connection).verboseJSON(statement.text)
        return WhatIfPlan.lines(of: try PostgresPlanClassifier.plan(fromExplainJSON: json, query: statement.text, analyzed: false))
    }

    func finish() {
        guard let hypopg else { return }
        _ = try? connection.execute("\(PGConnection.marker) SELECT \(hypopg).hypopg_reset()", failure: .database)
        present = [:]
    }

    private func sync(_ wanted: [IndexCandidate]) throws {
        let keep = Set(wanted)
        for (candidate, oid) in present where !keep.contains(candidate) { try drop(oid, candidate) }
        for candidate in wanted where present[candidate] == nil { present[candidate] = try create(candidate) }
    }

    private func create(_ candidate: IndexCandidate) throws -> Int64 {
        guard let hypopg else { throw IdxScopeError(.database, unavailableReason ?? "hypopg missing") }
        let table = SQLIdentifier.quote(candidate.schema) + "." + SQLIdentifier.quote(candidate.table)
        let definition = "CREATE INDEX ON \(table) (\(candidate.keys.map(\.sqlText).joined(separator: ", ")))"
        plannerCalls += 1
        let result: PGResult
        do {
            result = try connection.execute("\(PGConnection.marker) SELECT indexrelid FROM \(hypopg).hypopg_create_index($1)",
                                            parameters: [definition], failure: .statement)
        } catch let error as IdxScopeError {
            throw IdxScopeError(.statement, "cannot plan with \(candidate): \(error.message)", code: error.code)
        }
        guard result.rowCount > 0, let oid = result.string(0, 0).flatMap({ Int64($0) }) else {
            throw IdxScopeError(.statement, "hypopg made no index for \(candidate)")
        }
        return oid
    }

    private func drop(_ oid: Int64, _ candidate: IndexCandidate) throws {
        guard let hypopg else { return }
        _ = try connection.execute("\(PGConnection.marker) SELECT \(hypopg).hypopg_drop_index($1::oid)",
                                   parameters: [String(oid)], failure: .database)
        present[candidate] = nil
    }
}
