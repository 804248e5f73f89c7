import IdxScopeCore

/// Maps the aliases of a statement's FROM clauses to real tables (`FROM job AS j`, `JOIN kv k`),
/// so that a plan's `SCAN j` can name `job`. SQLite 3.36+ prints only the alias in EQP details.
/// One alias may stand for several tables (`FROM job t UNION ALL SELECT … FROM queue t`): every
/// one is kept, and the plan loader picks among them with the tables the program opens.
enum AliasMap {
    /// Words that can follow a table name but are never its alias.
    private static let notAliases: Set<String> = [
        "WHERE", "JOIN", "INNER", "LEFT", "RIGHT", "FULL", "OUTER", "CROSS", "NATURAL", "ON", "USING",
        "GROUP", "ORDER", "LIMIT", "UNION", "EXCEPT", "INTERSECT", "WINDOW", "HAVING", "INDEXED", "NOT",
        "SET", "VALUES", "DEFAULT", "SELECT", "RETURNING", "DO", "OFFSET", "FROM", "WITH", "AND", "OR",
    ]
    private static let tablePrecedents: Set<String> = ["FROM", "JOIN", ",", "UPDATE", "INTO"]

    /// `tables` holds the schema's table names; keys of the result are lowercased aliases, values
    /// the tables written with that alias, in the order of the text, each once.
    static func aliases(in sql: String, tables: Set<String>) -> [String: [String]] {
        let lowered = Dictionary(tables.map { ($0.lowercased(), $0) }, uniquingKeysWith: { first, _ in first })
        let tokens = SQLTokenizer.tokens(sql)
        var result: [String: [String]] = [:]
        var index = 0
        while index < tokens.count {
            defer { index += 1 }
            guard tokens[index].isIdentifier, let table = lowered[tokens[index].value.lowercased()] else { continue }
            // Preceded by FROM/JOIN/","/UPDATE/INTO, or by "schema." after one of those.
            var before = index - 1
            if before >= 1, tokens[before].value == ".", tokens[before - 1].isIdentifier { before -= 2 }
            guard before >= 0, tablePrecedents.contains(tokens[before].value.uppercased()), !tokens[before].isQuoted else { continue }
            var next = index + 1
            if next < tokens.count, tokens[next].isIdentifier, !tokens[next].isQuoted, tokens[next].value.uppercased() == "AS" { next += 1 }
            guard next < tokens.count, tokens[next].isIdentifier else { continue }
            let alias = tokens[next]
            if !alias.isQuoted, notAliases.contains(alias.value.uppercased()) { continue }
            let key = alias.value.lowercased()
            if !(result[key]?.contains(table) ?? false) { result[key, default: []].append(table) }
        }
        return result
    }
}

/// SQLLexer's tokens as alias resolution reads them: identifiers (bare or quoted, unquoted
/// here), literals and punctuation; comments and white space dropped.
enum SQLTokenizer {
    struct Token: Equatable {
        var value: String
        var isIdentifier: Bool
        var isQuoted: Bool
    }

    static func tokens(_ sql: String) -> [Token] {
        let chars = Array(sql)
        return SQLLexer.tokens(chars, dialect: .sqlite).compactMap { token in
            let text = SQLLexer.text(chars, token)
            switch token.kind {
            case .space, .lineComment, .blockComment:
                return nil
            case .quotedIdentifier:
                let open = chars[token.start]
                let inner = String(chars[(token.start + 1)..<max(token.start + 1, token.unterminated ? token.end : token.end - 1)])
                let value = open == "[" ? inner : inner.replacingOccurrences(of: String(repeating: open, count: 2), with: String(open))
                return Token(value: value, isIdentifier: true, isQuoted: true)
            case .word:
                return Token(value: text, isIdentifier: true, isQuoted: false)
            case .string, .dollarString, .parameter, .number, .symbol:
                return Token(value: text, isIdentifier: false, isQuoted: false)
            }
        }
    }
}
