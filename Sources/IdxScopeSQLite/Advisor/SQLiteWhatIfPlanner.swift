import IdxScopeCore

/// What-if planning for SQLite: candidate indexes are created in an in-memory copy of the
/// schema and its statistics, and the statement is planned there with `EXPLAIN QUERY PLAN`.
/// The inspected file is only read (to build the copy).
public final class SQLiteWhatIfPlanner: WhatIfPlanner {
    public let engine = Engine.sqlite
    public private(set) var plannerCalls = 0
    let copy: SchemaCopy
    private let tableRows: [String: Int64]
    /// Candidates present in the copy now, by the name they were created under.
    private var present: [IndexCandidate: String] = [:]
    private var createdCount = 0
    /// Plans on the current schema by statement text (usages are read from them).
    private var plansByText: [String: QueryPlan] = [:]

    init(source: Connection) throws {
        copy = try SchemaCopy(of: source)
        tableRows = (try? CatalogQuery.loadTableRows(source)) ?? [:]
    }

    /// Objects of the file the copy could not recreate.
    public var skippedObjects: [String] { copy.skipped }

    public var notes: [String] {
        skippedObjects.map { "the what-if copy of the schema lacks \($0): plans that read it may differ from the file's" }
    }

    public func plan(_ statement: WorkloadStatement, with hypothetical: [IndexCandidate]) throws -> WhatIfPlan {
        try sync(hypothetical)
        plannerCalls += 1
        let plan: QueryPlan
        do {
            plan = try PlanLoader.explain(statement.text, connection: copy.connection)
        } catch let error as SQLiteError {
            throw error.idxScopeError(.statement)
        }
        if hypothetical.isEmpty { plansByText[statement.text] = plan }
        let names = Dictionary(uniqueKeysWithValues: hypothetical.enumerated().compactMap { offset, candidate in
            present[candidate].map { ($0, offset) }
        })
        let used = plan.indexesUsed
        let shown = Dictionary(uniqueKeysWithValues: names.map { name, offset in (name, hypothetical[offset].indexName) })
        return WhatIfPlan(cost: nil, score: WhatIfPlan.sqliteScore(plan), lines: WhatIfPlan.lines(of: plan, renaming: shown),
                          indexesUsed: used.filter { names[$0] == nil },
                          candidatesUsed: Set(used.compactMap { names[$0] }))
    }

    /// Keys of the tables the statement's current plan reads whole (or sorts, or indexes
    /// automatically): only there can an index take a scan or a sort away.
    public func usages(of statement: WorkloadStatement) throws -> [ColumnUsage] {
        guard let plan = plansByText[statement.text] else { return [] }
        let sorts = plan.nodes.contains { $0.kind == .tempBTree }
        let wanted = Set(plan.nodes.filter { node in
            sorts || [.fullScan, .indexFullScan, .automaticIndex].contains(node.kind)
        }.compactMap(\.relation))
        guard !wanted.isEmpty else { return [] }
        let relations = Set(plan.nodes.compactMap(\.relation))
        var columns: [String: Set<String>] = [:]
        for table in relations { columns[table] = try copy.columns(of: table) }
        let schema = try SchemaNames.load(copy.connection)
        let aliases = AliasMap.aliases(in: statement.text, tables: schema.tables)
        return StatementColumns.usages(in: statement.text, tables: columns, aliases: aliases)
            .filter { wanted.contains($0.table) }
    }

    /// Rows × (key bytes + rowid + cell overhead), rows from `sqlite_stat1` (a guess of 8 bytes
    /// per key column); nil when ANALYZE never ran.
    public func estimatedBytes(of candidate: IndexCandidate) throws -> Int64? {
        guard let rows = tableRows[candidate.table] else { return nil }
        let perRow = Int64(candidate.keys.count * 8 + 8 + 4)
        return max(4096, rows * perRow)
    }

    public var unavailableReason: String? { nil }

    public func foreignKeyLookup(_ key: ForeignKey) -> WorkloadStatement {
        WorkloadStatement(text: ForeignKeys.lookupSQL(key))
    }

    /// Drops the index in the copy, plans, and creates it again from its own SQL.
    public func planWithout(index: IndexID, statement: WorkloadStatement) throws -> [String]? {
        guard let sql = try copy.connection.scalar("SELECT sql FROM sqlite_schema WHERE type = 'index' AND name = "
                                                   + "'\(index.name.replacingOccurrences(of: "'", with: "''"))'").string else {
            return nil // an automatic index of a constraint: it goes only with the table
        }
        try copy.connection.execute("DROP INDEX \(SQLIdentifier.quote(index.name))")
        defer { try? copy.connection.execute(sql) }
        plannerCalls += 1
        return WhatIfPlan.lines(of: try PlanLoader.explain(statement.text, connection: copy.connection))
    }

    public func finish() {
        try? sync([])
    }

    /// Creates the wanted candidates in the copy and drops the others.
    private func sync(_ wanted: [IndexCandidate]) throws {
        let keep = Set(wanted)
        for (candidate, name) in present where !keep.contains(candidate) {
            try copy.connection.execute("DROP INDEX \(SQLIdentifier.quote(name))")
            present[candidate] = nil
        }
        for candidate in wanted where present[candidate] == nil {
            createdCount += 1
            let name = "idxscope_whatif_\(createdCount)"
            do {
                try copy.connection.execute(candidate.createSQL(engine: .sqlite, name: name))
            } catch let error as SQLiteError {
                throw IdxScopeError(.statement, "cannot plan with \(candidate): \(error.message)")
            }
            plannerCalls += 1
            present[candidate] = name
        }
    }
}
