import IdxScopeCore

/// What a statement's text compares and sorts, resolved against the columns of the tables its
/// plan reads (`pragma_table_info`), as `.expert` collects them: `col = …`, `col IN (…)`, `col IS …`
/// and join keys are equality; `<`, `>`, `BETWEEN` a range; ORDER BY / GROUP BY the sort.
/// `f(col) = …` gives an expression key. Pure: the caller passes the tables and aliases.
enum StatementColumns {
    typealias Token = SQLTokenizer.Token

    /// `tables`: real table name → its column names (lowercased); `aliases`: lowercased alias →
    /// the tables it stands for.
    static func usages(in sql: String, tables: [String: Set<String>], aliases: [String: [String]]) -> [ColumnUsage] {
        let tokens = SQLTokenizer.tokens(sql)
        var usages: [String: ColumnUsage] = [:]
        var order: [String] = []
        func add(_ reference: Reference, to list: WritableKeyPath<ColumnUsage, [CandidateKey]>) {
            if usages[reference.table] == nil {
                usages[reference.table] = ColumnUsage(schema: "main", table: reference.table)
                order.append(reference.table)
            }
            usages[reference.table]!.add(reference.key, to: list)
        }
        let resolver = Resolver(tables: tables, aliases: aliases)
        var index = 0
        var inSetClause = false
        while index < tokens.count {
            let word = tokens[index].isQuoted ? "" : tokens[index].value.uppercased()
            if word == "SET" { inSetClause = true }
            if word == "WHERE" || word == "FROM" { inSetClause = false }
            if (word == "ORDER" || word == "GROUP"), index + 1 < tokens.count, tokens[index + 1].value.uppercased() == "BY" {
                let (keys, end) = sortList(tokens, from: index + 2, resolver: resolver)
                // A sort an index can deliver reads one table.
                if let first = keys.first, keys.allSatisfy({ $0.table == first.table }) {
                    for key in keys { add(key, to: \.sort) }
                }
                index = max(end, index + 2)
                continue
            }
            guard let (reference, end) = resolver.reference(tokens, at: index) else { index += 1; continue }
            if !inSetClause, let comparison = comparison(after: tokens, at: end) ?? comparison(before: tokens, at: index) {
                add(reference, to: comparison == .equality ? \.equality : \.range)
            }
            index = end
        }
        return order.compactMap { usages[$0] }
    }

    struct Reference {
        var table: String
        var key: CandidateKey
    }

    enum Comparison { case equality, range }

    /// The comparison that follows a reference: `= == IS IN` equality, `< <= > >= BETWEEN` range.
    static func comparison(after tokens: [Token], at index: Int) -> Comparison? {
        guard index < tokens.count else { return nil }
        let first = tokens[index]
        if first.isIdentifier && !first.isQuoted {
            switch first.value.uppercased() {
            case "IN": return .equality
            case "IS":
                // IS NOT … and IS DISTINCT FROM cannot use an index.
                let next = index + 1 < tokens.count ? tokens[index + 1].value.uppercased() : ""
                return next == "NOT" || next == "DISTINCT" ? nil : .equality
            case "BETWEEN": return .range
            default: return nil
            }
        }
        let second = index + 1 < tokens.count ? tokens[index + 1].value : ""
        switch first.value {
        case "=": return .equality
        case "<", ">": return second == ">" ? nil : .range // <> is not a range
        case "!": return nil
        default: return nil
        }
    }

    /// The comparison that precedes a reference (`? = col`, `5 < col`).
    static func comparison(before tokens: [Token], at index: Int) -> Comparison? {
        guard index > 0 else { return nil }
        let previous = tokens[index - 1].value
        let earlier = index > 1 ? tokens[index - 2].value : ""
        switch previous {
        case "=": return earlier == "!" ? nil : .equality
        case "<", ">": return .range
        default: return nil
        }
    }

    /// `a, t.b DESC, c COLLATE NOCASE` up to what ends the list; stops at any other term.
    static func sortList(_ tokens: [Token], from start: Int, resolver: Resolver) -> ([Reference], Int) {
        var keys: [Reference] = []
        var index = start
        while let (reference, end) = resolver.reference(tokens, at: index) {
            keys.append(reference)
            index = end
            while index < tokens.count, !tokens[index].isQuoted,
                  ["ASC", "DESC", "NULLS", "FIRST", "LAST"].contains(tokens[index].value.uppercased()) { index += 1 }
            if index + 1 < tokens.count, tokens[index].value.uppercased() == "COLLATE" { return (keys, index) }
            guard index < tokens.count, tokens[index].value == "," else { return (keys, index) }
            index += 1
        }
        // Something other than a plain column: no index delivers that order.
        return index == start ? ([], index) : (keys, index)
    }

    struct Resolver {
        var tables: [String: Set<String>]
        var aliases: [String: [String]]

        /// A column reference at `index` — `col`, `q.col`, or `f(col)`/`f(q.col)` — and the index
        /// after it. Parameters (`:name`, `@name`, `$name`) and function names are not columns.
        func reference(_ tokens: [Token], at index: Int) -> (Reference, Int)? {
            guard index < tokens.count, tokens[index].isIdentifier else { return nil }
            if index > 0, [":", "@", "$", "."].contains(tokens[index - 1].value) { return nil }
            if index + 1 < tokens.count, tokens[index + 1].value == "(", !tokens[index].isQuoted {
                // f ( column ) → an expression key on the column's table.
                guard index + 3 < tokens.count, let (inner, end) = column(tokens, at: index + 2),
                      end < tokens.count, tokens[end].value == ")" else { return nil }
                let function = tokens[index].value.lowercased()
                let text = "\(function)(\(SQLIdentifier.quote(inner.key.text)))"
                return (Reference(table: inner.table, key: .expression(text)), end + 1)
            }
            return column(tokens, at: index)
        }

        /// `col` or `q.col` resolved to one table that has the column.
        func column(_ tokens: [Token], at index: Int) -> (Reference, Int)? {
            guard index < tokens.count, tokens[index].isIdentifier else { return nil }
            if index + 2 < tokens.count, tokens[index + 1].value == ".", tokens[index + 2].isIdentifier {
                let qualifier = tokens[index].value.lowercased()
                let name = tokens[index + 2].value
                let candidates = (aliases[qualifier] ?? []) + tables.keys.filter { $0.lowercased() == qualifier }
                guard let table = candidates.first(where: { tables[$0]?.contains(name.lowercased()) ?? false }) else { return nil }
                return (Reference(table: table, key: .column(name)), index + 3)
            }
            if index + 1 < tokens.count, tokens[index + 1].value == "(" { return nil }
            let name = tokens[index].value
            let owners = tables.keys.filter { tables[$0]!.contains(name.lowercased()) }
            guard owners.count == 1 else { return nil } // unknown or ambiguous
            return (Reference(table: owners[0], key: .column(name)), index + 1)
        }
    }
}
