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

/// Just enough of SQLite's tokenizer: identifiers (bare or quoted, unquoted here), literals,
/// punctuation; comments and whitespace dropped.
enum SQLTokenizer {
    struct Token: Equatable {
        var value: String
        var isIdentifier: Bool
        var isQuoted: Bool
    }

    static func tokens(_ sql: String) -> [Token] {
        let chars = Array(sql)
        var tokens: [Token] = []
        var index = 0
        while index < chars.count {
            let char = chars[index]
            if char.isWhitespace { index += 1; continue }
            if let end = SQLScanner.skipOpaque(chars, at: index) {
                switch char {
                case "\"", "`", "[":
                    let inner = String(chars[(index + 1)..<max(index + 1, end - 1)])
                    let value = char == "[" ? inner : inner.replacingOccurrences(of: String(repeating: char, count: 2), with: String(char))
                    tokens.append(Token(value: value, isIdentifier: true, isQuoted: true))
                case "'":
                    tokens.append(Token(value: String(chars[index..<end]), isIdentifier: false, isQuoted: false))
                default: break // comment
                }
                index = end
                continue
            }
            if char.isLetter || char == "_" {
                var end = index
                while end < chars.count, chars[end].isLetter || chars[end].isNumber || chars[end] == "_" || chars[end] == "$" { end += 1 }
                tokens.append(Token(value: String(chars[index..<end]), isIdentifier: true, isQuoted: false))
                index = end
                continue
            }
            tokens.append(Token(value: String(char), isIdentifier: false, isQuoted: false))
            index += 1
        }
        return tokens
    }
}
