import IdxScopeCore

/// Names the real table behind each EQP step, in the order EQP lists them (pure: no database).
///
/// A name in a step (`SCAN t`) may be a table, an alias (written once or several times, in the
/// statement or inside a view), a CTE or a subquery. Its candidates are the real table of that
/// name plus every table aliased so; only the ones the program opens count. SQLite emits both
/// the EQP steps and the cursor opens in program order, so the steps that open a table consume
/// the opens in turn, and each takes the next open among its own candidates.
struct RelationResolver {
    let schema: SchemaNames
    /// Lowercased alias → tables written with it (statement and views).
    let aliases: [String: [String]]
    /// Table b-trees opened by the program, in program order.
    let opened: [String]
    private var cursor = 0
    private var lastTaken: [String: String] = [:]

    init(schema: SchemaNames, aliases: [String: [String]], opened: [String]) {
        self.schema = schema
        self.aliases = aliases
        self.opened = opened
    }

    /// The table read by the step, or nil when no table is (CTE, subquery, ephemeral table).
    mutating func relation(of step: SQLiteEQPStep, detail: String) -> String? {
        if let table = step.table { return schema.table(named: table) ?? table } // pre-3.36: stated
        if let index = step.index, let table = schema.indexTables[index] {
            // An index belongs to exactly one table; a non-covering one also opens that table.
            if !detail.contains(" USING COVERING INDEX ") { take(from: [table]) }
            return table
        }
        guard let name = step.name else { return nil }
        let candidates = candidates(for: name)
        if step.isVirtualTable { // no b-tree to open: any virtual candidate
            return candidates.first { schema.virtualTables.contains($0) }
        }
        if let table = take(from: Set(candidates)) {
            lastTaken[name.lowercased()] = table
            return table
        }
        // Fewer opens than steps (one cursor serving twice): what this name read before, else
        // any candidate opened at all; never a table the program does not open.
        return lastTaken[name.lowercased()] ?? opened.first { candidates.contains($0) }
    }

    func candidates(for name: String) -> [String] {
        var result = schema.table(named: name).map { [$0] } ?? []
        for table in aliases[name.lowercased()] ?? [] where !result.contains(table) { result.append(table) }
        return result
    }

    /// Moves past the next open of one of `tables`; nil when none is left.
    @discardableResult
    private mutating func take(from tables: Set<String>) -> String? {
        guard let position = opened[cursor...].firstIndex(where: tables.contains) else { return nil }
        cursor = position + 1
        return opened[position]
    }
}
