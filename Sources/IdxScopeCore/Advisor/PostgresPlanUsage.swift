import Foundation

/// What an `EXPLAIN (VERBOSE, FORMAT JSON)` plan tells the advisor (pure): the total cost, and
/// the keys of each table the plan reads whole (Seq Scan), filters after an index, or sorts —
/// from Filter, Index Cond, Recheck Cond, Join Filter, Hash Cond, Merge Cond and Sort Key.
/// VERBOSE output qualifies every column with its relation's alias (`c.experiment_id`).
public enum PostgresPlanUsage {
    public static func totalCost(explainJSON json: String) -> Double? {
        guard let root = rootPlan(json) else { return nil }
        return number(root["Total Cost"])
    }

    public static func usages(explainJSON json: String) -> [ColumnUsage] {
        guard let root = rootPlan(json) else { return [] }
        var relations: [String: (schema: String, table: String)] = [:]
        var wanted = Set<String>() // aliases whose table an index could serve better
        var conditions: [String] = []
        var joinConditions: [String] = [] // after the filters: a table's own filter keys lead
        var sortKeys: [[String]] = []
        func visit(_ node: [String: Any]) {
            let type = node["Node Type"] as? String ?? ""
            if let table = node["Relation Name"] as? String {
                let alias = node["Alias"] as? String ?? table
                relations[alias] = (node["Schema"] as? String ?? "public", table)
                if type == "Seq Scan" || node["Filter"] != nil { wanted.insert(alias) }
            }
            for key in ["Filter", "Index Cond", "Recheck Cond"] {
                if let text = node[key] as? String { conditions.append(text) }
            }
            for key in ["Join Filter", "Hash Cond", "Merge Cond"] {
                if let text = node[key] as? String { joinConditions.append(text) }
            }
            if type == "Sort" || type == "Incremental Sort", let keys = node["Sort Key"] as? [String] { sortKeys.append(keys) }
            for child in node["Plans"] as? [[String: Any]] ?? [] { visit(child) }
        }
        visit(root)

        var usages: [String: ColumnUsage] = [:]
        var order: [String] = []
        func add(_ reference: ExpressionReader.Reference, to list: WritableKeyPath<ColumnUsage, [CandidateKey]>) {
            guard let relation = relations[reference.alias] else { return }
            if usages[reference.alias] == nil {
                usages[reference.alias] = ColumnUsage(schema: relation.schema, table: relation.table)
                order.append(reference.alias)
            }
            usages[reference.alias]!.add(reference.key, to: list)
        }
        let aliases = Set(relations.keys)
        // A sort an index could deliver makes its table worth a candidate (with its conditions).
        var sorts: [[ExpressionReader.Reference]] = []
        for keys in sortKeys {
            let references = keys.compactMap { ExpressionReader($0, aliases: aliases).sortKey() }
            guard references.count == keys.count, let first = references.first,
                  references.allSatisfy({ $0.alias == first.alias }) else { continue }
            wanted.insert(first.alias)
            sorts.append(references)
        }
        for condition in conditions + joinConditions {
            for comparison in ExpressionReader(condition, aliases: aliases).comparisons() where wanted.contains(comparison.reference.alias) {
                add(comparison.reference, to: comparison.isEquality ? \.equality : \.range)
            }
        }
        for references in sorts { references.forEach { add($0, to: \.sort) } }
        return order.compactMap { usages[$0] }
    }

    /// Real index names the plan reads, and hypothetical ones (`<16406>btree_t_a`) by oid.
    public static func hypotheticalOIDs(in plan: QueryPlan) -> Set<Int64> {
        Set(plan.nodes.compactMap(\.index).compactMap { name -> Int64? in
            guard name.hasPrefix("<"), let close = name.firstIndex(of: ">") else { return nil }
            return Int64(name[name.index(after: name.startIndex)..<close])
        })
    }

    static func rootPlan(_ json: String) -> [String: Any]? {
        guard let data = json.data(using: .utf8),
              let top = try? JSONSerialization.jsonObject(with: data) as? [[String: Any]] else { return nil }
        return top.first?["Plan"] as? [String: Any]
    }

    private static func number(_ value: Any?) -> Double? {
        if let value = value as? Double { return value }
        if let value = value as? NSNumber { return value.doubleValue }
        return nil
    }
}

/// Reads the comparisons of a deparsed PostgreSQL expression: `(c.a = 42)`, `(c.a = e.id)`,
/// `(lower((u.email)::text) = 'x'::text)`, `(c.s = ANY ('{a,b}'::text[]))`, `(c.d > $1)`.
struct ExpressionReader {
    struct Reference: Equatable {
        var alias: String
        var key: CandidateKey
    }

    struct Comparison: Equatable {
        var reference: Reference
        var isEquality: Bool
    }

    private let tokens: [String]
    private let aliases: Set<String>

    init(_ text: String, aliases: Set<String>) {
        tokens = ExpressionReader.tokenize(text)
        self.aliases = aliases
    }

    func comparisons() -> [Comparison] {
        var result: [Comparison] = []
        var index = 0
        while index < tokens.count {
            guard let (reference, start, end) = reference(at: index) else { index += 1; continue }
            if let kind = comparison(after: end) ?? comparison(before: start) {
                result.append(Comparison(reference: reference, isEquality: kind))
            }
            index = end
        }
        return result
    }

    /// `c.created_at DESC` → the reference, when the sort key is a column or `f(column)`.
    func sortKey() -> Reference? {
        guard let (reference, _, end) = reference(at: 0) else { return nil }
        let rest = tokens[end...].filter { !["DESC", "ASC", "NULLS", "FIRST", "LAST"].contains($0.uppercased()) }
        return rest.isEmpty ? reference : nil
    }

    /// A reference starting at `index`: `alias.column` (maybe in parentheses and cast), or
    /// `f((alias.column)::type)`. Returns it with the first and past-the-end token of its text.
    private func reference(at index: Int) -> (Reference, Int, Int)? {
        if index + 1 < tokens.count, isWord(tokens[index]), tokens[index + 1] == "(" {
            // f ( [ ( ] alias . column [ ) ] [ :: type ] )
            var inner = index + 2
            while inner < tokens.count, tokens[inner] == "(" { inner += 1 }
            guard let (column, _, afterColumn) = plainColumn(at: inner) else { return nil }
            var end = skipCasts(from: afterColumn)
            guard end < tokens.count, tokens[end] == ")" else { return nil }
            end += 1
            let text = "\(tokens[index].lowercased())(\(SQLIdentifier.quote(column.key.text)))"
            return (Reference(alias: column.alias, key: .expression(text)), index, skipCasts(from: end))
        }
        guard let (column, start, end) = plainColumn(at: index) else { return nil }
        return (column, start, skipCasts(from: end))
    }

    private func plainColumn(at index: Int) -> (Reference, Int, Int)? {
        guard index + 2 < tokens.count, aliases.contains(unquoted(tokens[index])), tokens[index + 1] == ".", isWord(tokens[index + 2]) else { return nil }
        if index > 0, tokens[index - 1] == "." { return nil }
        return (Reference(alias: unquoted(tokens[index]), key: .column(unquoted(tokens[index + 2]))), index, index + 3)
    }

    /// Past `)` that close the reference's own parentheses and `::type` casts.
    private func skipCasts(from index: Int) -> Int {
        var end = index
        while end < tokens.count {
            if tokens[end] == "::" {
                end += 1
                while end < tokens.count, isWord(tokens[end]) || tokens[end] == "[" || tokens[end] == "]" { end += 1 }
                continue
            }
            break
        }
        return end
    }

    /// true: equality (`=`, `= ANY`, `IS NULL`); false: range; nil: neither.
    private func comparison(after index: Int) -> Bool? {
        var at = index
        while at < tokens.count, tokens[at] == ")" { at += 1 }
        guard at < tokens.count else { return nil }
        switch tokens[at].uppercased() {
        case "=": return true
        case "<", ">", "<=", ">=": return false
        case "IS": return at + 1 < tokens.count && tokens[at + 1].uppercased() == "NULL" ? true : nil
        default: return nil
        }
    }

    private func comparison(before index: Int) -> Bool? {
        var at = index - 1
        while at >= 0, tokens[at] == "(" { at -= 1 }
        guard at >= 0 else { return nil }
        switch tokens[at] {
        case "=": return true
        case "<", ">", "<=", ">=": return false
        default: return nil
        }
    }

    private func isWord(_ token: String) -> Bool {
        guard let first = token.first else { return false }
        return first.isLetter || first == "_" || first == "\""
    }

    private func unquoted(_ token: String) -> String {
        guard token.hasPrefix("\""), token.hasSuffix("\""), token.count >= 2 else { return token }
        return String(token.dropFirst().dropLast()).replacingOccurrences(of: "\"\"", with: "\"")
    }

    /// Words, quoted identifiers, string literals, numbers, `$n` (SQLLexer's PostgreSQL tokens),
    /// with two-character operators joined.
    static func tokenize(_ text: String) -> [String] {
        let chars = Array(text)
        var tokens: [String] = []
        var previous: SQLToken?
        for token in SQLLexer.tokens(chars, dialect: .postgresql) where token.isCode {
            let value = SQLLexer.text(chars, token)
            if token.kind == .symbol, let last = previous, last.kind == .symbol, last.end == token.start,
               let first = tokens.last, ["::", "<=", ">=", "<>", "!=", "~~"].contains(first + value) {
                tokens[tokens.count - 1] = first + value
                previous = nil
                continue
            }
            tokens.append(value)
            previous = token
        }
        return tokens
    }
}
